// The Patterns view's outline a level at a time (core/query/outline.ts, outlineLevel), on notes
// held in memory: 20,000 generated notes in 40 folders, a note of 20,000 topics, a small vault.
// Each answer must stay under 1 MB, ids must lead back to their rows after a re-index, and an
// id that leads nowhere any more gets no rows.

import * as assert from 'node:assert/strict';
import { readNote } from '../../server/src/core/formats/readNote';
import type { Note } from '../../server/src/core/model';
import { noteTree, OUTLINE_LIMITS, outlineLevel, outlineNote, type OutlineRow, type OutlineSource } from '../../server/src/core/query/outline';
import { parseNote } from '../../server/src/core/formats/dialect/parser';

const MB = 1024 * 1024;
const bytes = (rows: OutlineRow[]) => Buffer.byteLength(JSON.stringify(rows));

/**
 * Notes by URI, read and outlined when first asked for (as the server reads them again from
 * disk, and keeps the trees it made last); `reads` counts those reads.
 */
function memorySource(texts: Map<string, string>, roots?: string[]): OutlineSource & { reads: number } {
  const uris = [...texts.keys()].sort();
  const trees = new Map<string, ReturnType<typeof outlineNote>>();
  const source = {
    reads: 0,
    uris,
    roots,
    noteOf(uri: string) {
      const text = texts.get(uri);
      if (text === undefined) return undefined;
      let tree = trees.get(uri);
      if (!tree) {
        source.reads++;
        const note: Note = readNote(uri, text);
        trees.set(uri, (tree = outlineNote(note, uri.slice(uri.lastIndexOf('/') + 1))));
      }
      return tree;
    },
    pause: async () => undefined,
  };
  return source;
}

/** Note i of the generated collection: a dialect note in one of 40 folders, two topics, two terms with references. */
function generatedNote(i: number): [string, string] {
  const uri = `file:///notes/${String(i % 40).padStart(2, '0')}/note-${String(i).padStart(5, '0')}.md`;
  const text = [
    '# PATTERNS',
    `## topic ${i % 97}`,
    `* _term ${i} alpha_: what alpha ${i} means https://example.com/alpha/${i}`,
    `* _term ${i} beta_: what beta ${i} means https://example.com/beta/${i} https://example.org/beta/${i}`,
    `## topic ${(i + 1) % 97}`,
    `* _term ${i} gamma_: plain`,
    '# SQL',
    `## joins ${i % 13}`,
    `* _join ${i}_: a join`,
    '',
  ].join('\n');
  return [uri, text];
}

function generatedCollection(count: number): Map<string, string> {
  return new Map(Array.from({ length: count }, (_, i) => generatedNote(i)));
}

async function childrenOf(source: OutlineSource, row: OutlineRow): Promise<OutlineRow[]> {
  if (row.children) return row.children;
  return row.hasChildren ? outlineLevel(source, row.id) : [];
}

/** Every row under `parent` (the first level without it), following "… more" rows: what a user sees scrolling one level. */
async function wholeLevel(source: OutlineSource, parent?: string): Promise<OutlineRow[]> {
  const rows: OutlineRow[] = [];
  let answer = await outlineLevel(source, parent);
  for (;;) {
    const more = answer.find((row) => row.kind === 'more');
    rows.push(...answer.filter((row) => row.kind !== 'more'));
    if (!more) return rows;
    answer = await outlineLevel(source, more.id);
  }
}

describe('outline, a level at a time: 20,000 generated notes', function () {
  this.timeout(60000);
  const texts = generatedCollection(20_000);
  const source = memorySource(texts);

  it('answers the first level with the 40 folders, under 1 MB, without reading a note', async () => {
    source.reads = 0;
    const first = await outlineLevel(source);
    assert.equal(source.reads, 0, 'the first level of many notes comes from their paths');
    assert.equal(first.length, 40);
    assert.ok(first.every((row) => row.kind === 'folder' && row.hasChildren));
    assert.deepEqual(first.slice(0, 3).map((row) => [row.label, row.detail, row.termCount]), [['00', '500 notes', undefined], ['01', '500 notes', undefined], ['02', '500 notes', undefined]]);
    assert.ok(bytes(first) < MB, `${bytes(first)} bytes`);
  });

  it('expands a folder a page at a time, then a note down to a term\'s references', async () => {
    const [folder] = await outlineLevel(source);
    source.reads = 0;
    const notes = await outlineLevel(source, folder.id);
    assert.ok(source.reads <= OUTLINE_LIMITS.rows, `${source.reads} notes read for one page`);
    assert.ok(bytes(notes) < MB, `${bytes(notes)} bytes`);
    const more = notes[notes.length - 1];
    assert.equal(more.kind, 'more');
    assert.ok(notes.length - 1 <= OUTLINE_LIMITS.rows);
    assert.equal(more.label, `… ${500 - (notes.length - 1)} more`);
    // Following the "… more" rows gives every note of the folder once, in order.
    const all = await wholeLevel(source, folder.id);
    assert.equal(all.length, 500);
    assert.equal(new Set(all.map((row) => row.id)).size, 500);
    assert.deepEqual(all.map((row) => row.label), [...all.map((row) => row.label)].sort());

    const note = all.find((row) => row.label === 'note-00040.md')!;
    assert.equal(note.kind, 'note');
    assert.equal(note.termCount, 4);
    assert.equal(note.children, undefined, 'a note row never carries its children');
    const areas = await childrenOf(source, note);
    assert.deepEqual(areas.map((row) => [row.kind, row.label, row.termCount]), [['area', 'PATTERNS', 3], ['area', 'SQL', 1]]);
    const topics = await childrenOf(source, areas[0]);
    assert.deepEqual(topics.map((row) => row.label), ['topic 40', 'topic 41']);
    const terms = await childrenOf(source, topics[0]);
    assert.deepEqual(terms.map((row) => [row.kind, row.label]), [['term', 'term 40 alpha'], ['term', 'term 40 beta']]);
    assert.equal(terms[1].link, 'https://example.com/beta/40', 'a term knows its first reference');
    const references = await childrenOf(source, terms[1]);
    assert.deepEqual(references.map((row) => [row.kind, row.url]), [['reference', 'https://example.com/beta/40'], ['reference', 'https://example.org/beta/40']]);
    // Asked for by id, the same rows as those that came inline.
    assert.deepEqual(await outlineLevel(source, topics[0].id), terms);
  });

  it('gives an empty answer for an id that leads nowhere any more, or is no id', async () => {
    const [folder] = await outlineLevel(source);
    const [note] = await outlineLevel(source, folder.id);
    const [area] = await outlineLevel(source, note.id);
    const changed = new Map(texts);
    changed.delete(note.uri);
    const after = memorySource(changed);
    assert.deepEqual(await outlineLevel(after, note.id), [], 'a deleted note');
    assert.deepEqual(await outlineLevel(after, area.id), [], 'an area of a deleted note');
    const renamed = new Map(texts);
    renamed.set(note.uri, texts.get(note.uri)!.replace('# PATTERNS', '# HEURISTICS'));
    assert.deepEqual(await outlineLevel(memorySource(renamed), area.id), [], 'a renamed heading');
    for (const junk of ['', 'not json', '{}', '[["note"]]', '[["folder","00"],["more","-3"]]', '[["folder","no such folder"]]', '[["tag","#none"]]']) {
      assert.deepEqual(await outlineLevel(source, junk), [], junk);
    }
  });

  it('keeps ids across a re-index while the names above a row stay', async () => {
    const before = memorySource(texts);
    const [folder] = await outlineLevel(before);
    const [note] = await outlineLevel(before, folder.id);
    const [area] = await outlineLevel(before, note.id);
    // Another note added, this one edited below the area: the area's id still finds its rows.
    const edited = new Map(texts);
    edited.set(note.uri, `${texts.get(note.uri)}\n* _late term_: added later\n`);
    edited.set('file:///notes/00/aaa-new.md', '# PATTERNS\n');
    const after = memorySource(edited);
    const [folderAfter] = await outlineLevel(after);
    assert.equal(folderAfter.id, folder.id);
    const topicsBefore = await outlineLevel(before, area.id);
    const topicsAfter = await outlineLevel(after, area.id);
    assert.deepEqual(topicsAfter.map((row) => row.id), topicsBefore.map((row) => row.id));
  });
});

describe('outline, a level at a time: many notes in one folder', () => {
  it('lists a page of the notes themselves, and a "… more" row that leads to the rest', async () => {
    const texts = new Map(Array.from({ length: 450 }, (_, i) => [`file:///notes/n${String(i).padStart(3, '0')}.md`, `# PATTERNS\n* _term ${i}_: t\n`]));
    const source = memorySource(texts);
    const first = await outlineLevel(source);
    assert.equal(first[first.length - 1].kind, 'more');
    assert.ok(first.slice(0, -1).every((row) => row.kind === 'note'));
    const all = await wholeLevel(source);
    assert.deepEqual(all.map((row) => row.label), [...texts.keys()].map((uri) => uri.slice('file:///notes/'.length)));
  });
});

describe('outline, a level at a time: one note of 20,000 topics', function () {
  this.timeout(60000);
  const lines = ['# PATTERNS'];
  for (let i = 0; i < 20_000; i++) lines.push(`## topic ${i}`, `* _term ${i}_: term ${i} https://example.com/${i}`);
  const uri = 'file:///notes/huge.md';
  const source = memorySource(new Map([[uri, lines.join('\n')]]));

  it('pages the children of its area, each answer under 1 MB, every topic once', async () => {
    const [note] = await outlineLevel(source);
    assert.equal(note.kind, 'note');
    const [area] = await outlineLevel(source, note.id);
    assert.equal(area.termCount, 20_000);
    let answer = await outlineLevel(source, area.id);
    const seen: OutlineRow[] = [];
    let answers = 0;
    for (;;) {
      answers++;
      assert.ok(bytes(answer) < MB, `answer ${answers}: ${bytes(answer)} bytes`);
      assert.ok(answer.length <= OUTLINE_LIMITS.rows + 1);
      const more = answer.find((row) => row.kind === 'more');
      seen.push(...answer.filter((row) => row.kind !== 'more'));
      if (!more) break;
      answer = await outlineLevel(source, more.id);
    }
    assert.equal(seen.length, 20_000);
    assert.equal(new Set(seen.map((row) => row.id)).size, 20_000);
    assert.equal(seen[12_345].label, 'topic 12345');
    // A small topic comes with its term and reference inline.
    assert.deepEqual(seen[7].children?.map((row) => row.label), ['term 7']);
    assert.deepEqual(seen[7].children?.[0].children?.map((row) => row.url), ['https://example.com/7']);
  });
});

describe('outline, a level at a time: labels and details capped', () => {
  it('cuts a huge heading, term and definition to the caps, and the answer stays small', async () => {
    const long = 'x'.repeat(100_000);
    const uri = 'file:///notes/long.md';
    const source = memorySource(new Map([[uri, `# PATTERNS\n## ${long}\n* _${long}_: ${long}\n`]]));
    const [note] = await outlineLevel(source);
    const [area] = await outlineLevel(source, note.id);
    const [topic] = await outlineLevel(source, area.id);
    assert.equal(topic.label.length, OUTLINE_LIMITS.label);
    assert.ok(topic.label.endsWith('…'));
    const terms = await childrenOf(source, topic);
    assert.equal(terms[0].label.length, OUTLINE_LIMITS.label);
    assert.equal(terms[0].detail?.length, OUTLINE_LIMITS.detail);
    assert.ok(bytes([topic]) < 10_000, `${bytes([topic])} bytes`);
    assert.deepEqual(await outlineLevel(source, terms[0].id), []);
  });

  it('gives a term\'s and a topic\'s definition as plain text: the view\'s tooltips show no Markdown', async () => {
    const uri = 'file:///notes/marked.md';
    const source = memorySource(new Map([[uri, [
      '# PATTERNS', '## outbox', '> a <b>table</b> of `events`', '', '* _relay_: reads the **outbox** with ``a`b`` and [the ADR](adr.md) <br/>', '',
    ].join('\n')]]));
    const [note] = await outlineLevel(source);
    const [area] = await outlineLevel(source, note.id);
    const [topic] = await outlineLevel(source, area.id);
    assert.equal(topic.detail, 'a table of events');
    const terms = await childrenOf(source, topic);
    assert.equal(terms.find((row) => row.kind === 'term')?.detail, 'reads the outbox with a`b and the ADR');
  });
});

describe('outline, a level at a time: a few notes', () => {
  const texts = new Map([
    ['file:///ws/notes/architecture.md', '# PATTERNS\n## monolith\n* _horizontal scaling_: more machines https://example.com/scale\n# ZA\n* _misc_: other\n'],
    ['file:///ws/vault/concepts/Bulkhead.md', '---\ntags: [resilience]\n---\n# Bulkhead\n\nIsolates failures so one pool cannot sink the rest.\n'],
    ['file:///ws/vault/concepts/Retry.md', '---\ntags: [resilience, client]\n---\n# Retry\n\nTries a failed call again after a pause.\n'],
    ['file:///ws/vault/meetings/Standup.md', '# Standup\n\n## Action items\n\n- call #client\n'],
  ]);
  const source = memorySource(texts);

  it('lists the dialect notes themselves, then the vault as one row, by folder and by tag inside it', async () => {
    const first = await outlineLevel(source);
    assert.deepEqual(first.map((row) => [row.kind, row.label, row.detail]), [['note', 'architecture.md', undefined], ['folder', 'vault', '3 notes']]);
    assert.ok(first[1].hasChildren && !first[1].children, 'the vault row expands to rows asked for');
    const inVault = await outlineLevel(source, first[1].id);
    assert.deepEqual(inVault.map((row) => [row.kind, row.label]), [['folder', 'concepts'], ['folder', 'meetings'], ['tag', '#client'], ['tag', '#resilience']]);
    const resilience = inVault.find((row) => row.label === '#resilience')!;
    assert.equal(resilience.detail, '2 notes');
    const tagged = await outlineLevel(source, resilience.id);
    assert.deepEqual(tagged.map((row) => row.label), ['Bulkhead', 'Retry']);
    const concepts = await outlineLevel(source, inVault[0].id);
    // The same note under its folder and under its tag: two rows, two ids.
    assert.notEqual(concepts[0].id, tagged[0].id);
    assert.deepEqual((await outlineLevel(source, concepts[0].id)).map((row) => [row.kind, row.label]), [['term', 'Bulkhead']]);
    const meetings = await outlineLevel(source, inVault[1].id);
    assert.equal(meetings[0].label, 'Standup');
    const standup = (await outlineLevel(source, meetings[0].id)).map((row) => row.label);
    assert.ok(!standup.includes('Action items'), `a vault note's headings are no patterns: ${standup.join(', ')}`);
  });

  it('puts PATTERNS first and terms before topics, and brings a small topic\'s rows inline', async () => {
    const [note] = await outlineLevel(source);
    const areas = await outlineLevel(source, note.id);
    assert.deepEqual(areas.map((row) => row.label), ['PATTERNS', 'ZA']);
    assert.equal(areas[0].children?.[0].label, 'monolith', 'a small area comes with its rows');
    const [monolith] = await childrenOf(source, areas[0]);
    assert.deepEqual(monolith.children?.map((row) => row.kind), ['term']);
    assert.equal(monolith.children?.[0].link, 'https://example.com/scale');
  });
});

describe('outline, a level at a time: a folder at the top of a notes path', () => {
  const vaultNote = (title: string) => `# ${title}\n\nWhat ${title} means.\n`;

  it('names a vault\'s top folder by its own name, never "."', async () => {
    const source = memorySource(new Map([
      ['file:///home/me/vault/Index.md', vaultNote('Index')],
      ['file:///home/me/vault/concepts/Bulkhead.md', vaultNote('Bulkhead')],
    ]), ['file:///home/me/vault']);
    const first = await outlineLevel(source);
    assert.deepEqual(first.map((row) => [row.kind, row.label]), [['folder', 'vault']]);
    // Inside it, its folder, then the note at its top by itself.
    const inVault = await outlineLevel(source, first[0].id);
    assert.deepEqual(inVault.map((row) => [row.kind, row.label]), [['folder', 'concepts'], ['note', 'Index']]);
    assert.deepEqual((await outlineLevel(source, inVault[0].id)).map((row) => row.label), ['Bulkhead']);
    // Without the notes paths, named from the folder the notes share: the same.
    const unrooted = memorySource(new Map([...source.uris].map((uri) => [uri, vaultNote(uri)])));
    const unrootedFirst = await outlineLevel(unrooted);
    assert.deepEqual(unrootedFirst.map((row) => row.label), ['vault']);
    assert.deepEqual((await outlineLevel(unrooted, unrootedFirst[0].id)).map((row) => row.label), ['concepts', 'file:///home/me/vault/Index.md']);
  });

  it('shows each vault as one row named as its notes path, its tags inside it, not mixed with another vault\'s', async () => {
    const tagged = (title: string, tag: string) => `---\ntags: [${tag}]\n---\n# ${title}\n\nWhat ${title} means.\n`;
    const source = memorySource(new Map([
      ['file:///home/me/work/vault/Outbox.md', tagged('Outbox', 'concept')],
      ['file:///home/me/work/vault/zk/Saga.md', tagged('Saga', 'pattern')],
      ['file:///home/me/garden/Sharding.md', tagged('Sharding', 'concept')],
      ['file:///opt/extension/notes-data/architecture.md', '# PATTERNS\n* _monolith_: one deployable\n'],
    ]), ['file:///home/me/work/vault', 'file:///home/me/garden', 'file:///opt/extension/notes-data']);
    const first = await outlineLevel(source);
    assert.deepEqual(first.map((row) => [row.kind, row.label, row.detail]), [['note', 'architecture.md', undefined], ['folder', 'garden', '1 note'], ['folder', 'vault', '2 notes']]);
    const garden = await outlineLevel(source, first[1].id);
    assert.deepEqual(garden.map((row) => [row.kind, row.label]), [['tag', '#concept'], ['note', 'Sharding']]);
    const vault = await outlineLevel(source, first[2].id);
    assert.deepEqual(vault.map((row) => [row.kind, row.label]), [['folder', 'zk'], ['tag', '#concept'], ['tag', '#pattern'], ['note', 'Outbox']]);
    // Each vault's #concept holds its own notes.
    assert.deepEqual((await outlineLevel(source, vault[1].id)).map((row) => row.label), ['Outbox']);
    assert.deepEqual((await outlineLevel(source, garden[0].id)).map((row) => row.label), ['Sharding']);
    // An id of the former layout (a vault's folder at the first level) leads nowhere, without an error.
    assert.deepEqual(await outlineLevel(source, JSON.stringify([['folder', 'zk']])), []);
  });

  it('names each notes path by its own name, and by enough of its path where two share one', async () => {
    const texts = new Map<string, string>();
    for (let i = 0; i < 120; i++) {
      texts.set(`file:///home/me/work/notes/n${i}.md`, `# PATTERNS\n* _work ${i}_: w\n`);
      texts.set(`file:///home/me/work/notes/daily/d${i}.md`, `# PATTERNS\n* _day ${i}_: d\n`);
      texts.set(`file:///mnt/shared/notes/s${i}.md`, `# PATTERNS\n* _shared ${i}_: s\n`);
    }
    texts.set('file:///opt/extension/notes-data/architecture.md', '# PATTERNS\n* _monolith_: one deployable\n');
    const roots = ['file:///home/me/work/notes', 'file:///mnt/shared/notes', 'file:///opt/extension/notes-data'];
    const first = await outlineLevel(memorySource(texts, roots));
    assert.deepEqual(first.map((row) => [row.label, row.detail]), [
      ['notes-data', '1 note'], ['shared/notes', '120 notes'], ['work/notes', '120 notes'], ['work/notes/daily', '120 notes'],
    ]);
  });

  it('never labels a folder "." or leaves it empty, whatever the notes\' paths', async () => {
    const cases: [string[], string[] | undefined][] = [
      [['file:///a.md', 'file:///b/c.md'], undefined],
      [['file:///a.md', 'file:///b/c.md'], ['file:///']],
      [['file:///notes/a.md', 'file:///notes/b/c.md'], ['file:///notes']],
    ];
    for (const [uris, roots] of cases) {
      const rows = await outlineLevel(memorySource(new Map(uris.map((uri) => [uri, vaultNote('N')])), roots));
      const folders = rows.filter((row) => row.kind === 'folder');
      assert.ok(folders.length > 0);
      for (const row of folders) assert.ok(row.label !== '.' && row.label.trim() !== '', `${JSON.stringify(uris)}: ${JSON.stringify(row.label)}`);
      assert.equal(new Set(folders.map((row) => row.label)).size, folders.length);
    }
    // As many notes as make folders of the first level, and one at the top of the disk.
    const many = new Map(Array.from({ length: 300 }, (_, i) => [`file:///${i % 2 ? 'sub/' : ''}n${i}.md`, '# PATTERNS\n']));
    const labels = (await outlineLevel(memorySource(many))).map((row) => row.label);
    assert.ok(labels.every((label) => label !== '.' && label !== ''), labels.join(', '));
  });
});

describe('outline: term counts', () => {
  it('counts a term defined in two sections of a note once for the note, as the status bar counts terms', () => {
    const note = parseNote('file:///notes/a.md', ['# PATTERNS', '## monolith', '* _horizontal scaling_: add machines', '* _modulith_: one deployable', '## semantics', '* _horizontal scaling_: aka shared-nothing'].join('\n'));
    const tree = noteTree(note, 'a.md');
    assert.equal(tree.termCount, 2);
    const [area] = tree.children;
    assert.equal(area.termCount, 2);
    assert.deepEqual(area.children.map((topic) => [topic.label, topic.termCount]), [['monolith', 2], ['semantics', 1]]);
  });
});
