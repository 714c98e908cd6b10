// The vault formats read on in-memory text: which reader a note gets, a concept note's title,
// names, definition and tags, Note Definitions files, wikilinks, the conceptNotes choice,
// frontmatter that is malformed or hostile, and the format kept through the index.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Note } from '../../server/src/core/model';
import { isDialect, readNote } from '../../server/src/core/formats/readNote';
import { isChosenConcept, parseConceptNotesChoice } from '../../server/src/core/formats/vault/conceptChoice';
import { MAX_FRONTMATTER_CHARACTERS, readFrontmatter } from '../../server/src/core/formats/vault/frontmatter';
import { nameFromFile } from '../../server/src/core/formats/vault/conceptNote';
import { phraseKey } from '../../server/src/core/text/normalize';
import { readWikilinks } from '../../server/src/core/formats/vault/wikilinks';
import { NotesIndex } from '../../server/src/core/index/notesIndex';
import { termsInDocument } from '../../server/src/core/query/lookup';
import { resolveWikilink } from '../../server/src/core/query/wikilinks';
import { decodeSnapshot, encodeSnapshot } from '../../server/src/core/workspace/snapshot';

const vaultFolder = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'vault');
const uriOf = (relative: string) => pathToFileURL(path.join(vaultFolder, relative)).href;
const readVault = (relative: string): Note => readNote(uriOf(relative), fs.readFileSync(path.join(vaultFolder, relative), 'utf8'));
const only = (note: Note) => {
  assert.equal(note.definitions.length, 1, `one term in ${note.uri}, got ${note.definitions.map((d) => d.term).join(', ')}`);
  return note.definitions[0];
};

function vaultFiles(folder = vaultFolder): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => entry.isDirectory() ? vaultFiles(path.join(folder, entry.name)) : entry.name.endsWith('.md') ? [path.relative(vaultFolder, path.join(folder, entry.name))] : []);
}

describe('vault formats: which reader a note gets', () => {
  it('reads a title or a phrase with a U+2028 inside as the line it is on, not as the file name', () => {
    const concept = readNote('file:///v/quorum-note.md', '# Quorum\u2028read\n\nA majority of replicas.\n');
    assert.deepEqual(concept.definitions.map((d) => [d.term, d.text]), [['Quorum\u2028read', 'A majority of replicas.']]);
    assert.equal(phraseKey(concept.definitions[0].term), 'quorum read', 'found as "Quorum read" in a doc');
    const consolidated = readNote('file:///v/defs.md', '---\ndef-type: consolidated\n---\n# Lease\u2028time\n\nA lock that expires.\n\n---\n# Fencing token\n\nA number.\n');
    assert.deepEqual(consolidated.definitions.map((d) => d.term), ['Lease\u2028time', 'Fencing token']);
  });

  it('reads a note with the dialect\'s marks as the dialect, and anything else as a vault note', () => {
    for (const dialect of ['# SQL\n## operators\n* _IN_: membership\n', '# ⛩️\n# 💡 HEURISTICS\n', '## microservices\n* = distributed monolith\n', 'see 🗄️ `sql.md` joins\n', '📙 Kleppmann [112]\n', '# PATTERNS\n## monolith\none deployable\n']) {
      assert.ok(isDialect(dialect), JSON.stringify(dialect));
      assert.equal(readNote('file:///n/a.md', dialect).vault, undefined);
    }
    for (const vault of ['---\ntitle: X\n---\n# CQRS\n', '# CQRS\n\nSeparate models for reads and writes.\n', 'A plain paragraph.\n\n## Action items\n- do it\n', '# Event Sourcing\n\nStoring events.\n']) {
      assert.ok(!isDialect(vault), JSON.stringify(vault));
      assert.ok(readNote('file:///n/a.md', vault).vault);
    }
  });

  it('reads every note of the test vault as a vault note, none of them as the dialect', () => {
    const files = vaultFiles();
    assert.ok(files.length >= 30, `${files.length} notes`);
    for (const file of files) assert.ok(readVault(file).vault, file);
  });
});

describe('vault formats: concept notes', () => {
  it('names the term by frontmatter title, else the leading heading, else the file name (Dendron: its last segment)', () => {
    assert.equal(only(readVault('concepts/Transactional Outbox.md')).term, 'Transactional Outbox');
    assert.equal(only(readVault('zk/202611031200.md')).term, 'Backfill');
    assert.equal(only(readVault('concepts/Consistent Hashing.md')).term, 'Consistent Hashing');
    assert.equal(only(readVault('concepts/Bulkhead.md')).term, 'Bulkhead');
    assert.equal(only(readVault('dendron/arch.messaging.dead-letter-queue.md')).term, 'Dead Letter Queue');
    assert.equal(only(readVault('dendron/arch.storage.lsm-tree.md')).term, 'lsm-tree');
    assert.equal(nameFromFile('file:///v/Event%20Sourcing.md'), 'Event Sourcing');
    // An anchor pinned in the heading is no part of the name a doc writes.
    assert.equal(only(readNote('file:///v/hedging.md', '# <a id="hedging"></a>Request hedging\n\nSend the request again.\n')).term, 'Request hedging');
    assert.equal(only(readNote('file:///v/html.md', '# <img src=x onerror=alert(1)> Html Term <!-- x -->\n\nA term.\n')).term, 'Html Term');
    assert.equal(only(readNote('file:///v/cmp.md', '# a < b\n\nCompared.\n')).term, 'a < b');
    assert.equal(nameFromFile('file:///v/release-v1.2.md'), 'release-v1.2');
  });

  it('reads a title "Name (ACRONYM)" as the name with its acronym, as a glossary entry, and keeps the note\'s title whole', () => {
    const note = readNote('file:///v/CQRS.md', '---\ntitle: Command Query Responsibility Segregation (CQRS)\naliases: [CQRS, command/query split]\n---\n\nSeparate models for reads and writes.\n');
    assert.deepEqual([only(note).term, only(note).aliases], ['Command Query Responsibility Segregation', ['CQRS', 'command/query split']]);
    assert.equal(note.vault?.title, 'Command Query Responsibility Segregation (CQRS)');
    // A qualifier in brackets is no acronym: the title stays the term.
    assert.equal(only(readNote('file:///v/Leader.md', '# Leader (Raft)\n\nThe node that orders the log.\n')).term, 'Leader (Raft)');
    const index = vaultWith(['CQRS', '---\ntitle: Command Query Responsibility Segregation (CQRS)\n---\n\nSeparate models for reads and writes.\n']);
    assert.deepEqual(hits(index, 'We apply command query responsibility segregation; CQRS keeps reads apart.'), ['command query responsibility segregation→Command Query Responsibility Segregation', 'CQRS→Command Query Responsibility Segregation']);
  });

  it('points the term at its title\'s line: the frontmatter value, or the heading', () => {
    const outbox = only(readVault('concepts/Transactional Outbox.md'));
    assert.deepEqual(outbox.termRange.start, { line: 1, character: 7 });
    const hashing = only(readVault('concepts/Consistent Hashing.md'));
    assert.deepEqual(hashing.termRange, { start: { line: 3, character: 2 }, end: { line: 3, character: 20 } });
  });

  it('takes aliases from a flow list, a block list, a comma-separated string and the singular alias', () => {
    assert.deepEqual(only(readVault('concepts/Idempotency.md')).aliases, ['idempotent', 'idempotence']);
    assert.deepEqual(only(readVault('concepts/Event Sourcing.md')).aliases, ['event store', 'event-sourced']);
    assert.deepEqual(only(readVault('concepts/CQRS.md')).aliases, ['Command Query Responsibility Segregation', 'command-query separation']);
    assert.deepEqual(only(readVault('concepts/Circuit Breaker.md')).aliases, ['breaker']);
  });

  it('defines the term by description, desc or summary, else by the first paragraph past tags, images and callouts', () => {
    assert.match(only(readVault('concepts/Event Sourcing.md')).text, /^Storing every change/);
    assert.match(only(readVault('concepts/CQRS.md')).text, /^Separate models for writes/);
    assert.match(only(readVault('concepts/Circuit Breaker.md')).text, /^A proxy that stops calling/);
    assert.match(only(readVault('concepts/Backpressure.md')).text, /^A consumer that cannot keep up/);
    const sharding = only(readVault('concepts/Sharding.md'));
    assert.match(sharding.text, /^Splitting one dataset/);
    assert.doesNotMatch(sharding.text, /#concept|partition"/);
    assert.match(only(readVault('concepts/Service Mesh.md')).text, /^A layer of sidecar proxies/);
    // Wikilinks read as the words they show.
    assert.match(only(readVault('concepts/Retry with Backoff.md')).text, /Only safe for idempotent operations\.$/);
  });

  it('files tags from tags, keywords and inline #tags', () => {
    assert.deepEqual(readVault('concepts/Idempotency.md').vault?.tags, ['concept', 'distributed-systems']);
    assert.deepEqual(readVault('concepts/Circuit Breaker.md').vault?.tags, ['concept', 'resilience']);
    assert.deepEqual(readVault('concepts/Transactional Outbox.md').vault?.tags, ['concept', 'messaging', 'reliability']);
    assert.deepEqual(readVault('concepts/Backpressure.md').vault?.tags, ['concept', 'flow-control']);
    assert.deepEqual(readVault('concepts/Sharding.md').vault?.tags, ['concept', 'storage']);
  });

  it('keeps a note\'s links as the term\'s references, and its headings as structure, not terms', () => {
    assert.deepEqual(only(readVault('concepts/Idempotency.md')).links.map((l) => l.url), ['https://stripe.com/blog/idempotency']);
    const meeting = readVault('meetings/2026-11-03 Architecture sync.md');
    assert.deepEqual(meeting.definitions.map((d) => d.term), ['Architecture sync, 3 November']);
    assert.ok(meeting.sections.some((s) => s.name === 'Action items' && s.kind === 'heading'));
    assert.ok(!meeting.definitions.some((d) => d.kind === 'topic'));
  });

  it('takes a template, its title still a placeholder, for no concept; a placeholder in the body is prose', () => {
    const templates = [
      '---\ntags: [meeting]\ndate: {{date}}\n---\n# {{title}}\n\n## Agenda\n',
      '---\ntitle: "{{date:YYYY-MM-DD}} standup"\n---\nWhat I did yesterday.\n',
      '# <% tp.file.title %>\n\nCreated <% tp.date.now() %>.\n',
    ];
    for (const template of templates) {
      const note = readNote('file:///v/templates/Meeting%20template.md', template);
      assert.deepEqual(note.definitions, [], template);
      assert.equal(note.vault?.chosen, false, template);
    }
    assert.equal(only(readNote('file:///v/Mustache.md', '# Mustache\n\nLogic-less templates: `{{name}}` is replaced by a value.\n')).term, 'Mustache');
  });

  it('keeps the title of a concept note that explains its parts in bold leads; a page of entries loses it', () => {
    const terms = (uri: string, text: string) => readNote(uri, text).definitions.map((d) => d.term).sort();
    const raft = '# Raft\n\nA consensus algorithm built around a strong leader.\n\n- **Leader election**: a majority elects.\n- **Safety**: an up-to-date log wins.\n';
    assert.deepEqual(terms('file:///v/Raft.md', raft), ['Leader election', 'Raft', 'Safety']);
    // Opening on its first entry, or named a glossary by its title or tags: a page, not a concept.
    assert.deepEqual(terms('file:///v/Messaging.md', '# Messaging\n\n**Saga**: local steps.\n\n**Outbox**: a table.\n'), ['Outbox', 'Saga']);
    assert.deepEqual(terms('file:///v/Storage%20glossary.md', '# Storage glossary\n\nWords of the storage team.\n\n**WAL**: a log.\n\n**LSM**: a tree.\n'), ['LSM', 'WAL']);
    assert.deepEqual(terms('file:///v/Storage.md', '---\ntags: [glossary]\n---\n# Storage\n\nWords of the storage team.\n\n**WAL**: a log.\n\n**LSM**: a tree.\n'), ['LSM', 'WAL']);
    assert.deepEqual(terms('file:///v/Words.md', '# Words\n\n| Term | Definition |\n|---|---|\n| WAL | a log |\n| LSM | a tree |\n'), ['LSM', 'WAL']);
  });

  it('marks every definition with its format', () => {
    assert.equal(only(readVault('concepts/Idempotency.md')).format, 'concept');
    assert.equal(readVault('definitions/architecture-terms.md').definitions[0].format, 'note-definitions');
    assert.equal(readNote('file:///n/a.md', '# SQL\n## operators\n* _IN_: membership\n').definitions.find((d) => d.term === 'IN')?.format, undefined);
  });
});

describe('vault formats: frontmatter that is malformed or hostile', () => {
  it('reads the last of a key given twice, points at it, and says so at the other', () => {
    for (const second of ['title: Bulkhead pattern', 'Title: Bulkhead pattern', 'title: "Bulkhead pattern"']) {
      const note = readNote('file:///v/Bulkhead.md', `---\ntitle: Bulkhead\naliases: [bulkheads]\n${second}\n---\n\nIsolating resources.\n`);
      assert.equal(only(note).term, 'Bulkhead pattern', second);
      assert.equal(only(note).termRange.start.line, 3, second);
      const problem = note.problems.find((p) => p.kind === 'frontmatter');
      assert.match(problem?.message ?? '', /given twice/, second);
      assert.equal(problem?.range.start.line, 3, second);
    }
  });

  it('reports malformed frontmatter at its line and still reads the rest of the note', () => {
    const note = readVault('broken/Malformed Frontmatter.md');
    const problem = note.problems.find((p) => p.kind === 'frontmatter');
    assert.ok(problem, 'a frontmatter problem');
    assert.equal(problem.range.start.line, 2);
    assert.equal(only(note).term, 'Hedged Requests');
    // Each error on the line that holds it, in the note's own lines: the header starts after `---`.
    const nested = readNote('file:///v/Nested.md', '---\ntitle: N\nfoo: bar: baz\n---\nText.\n').problems;
    assert.deepEqual(nested.map((p) => [p.kind, p.range.start.line, p.range.start.character]), [['frontmatter', 2, 5]]);
    // A misindented list item: once, on its own line (the parser gives three errors there).
    const misindented = readNote('file:///v/Misindented.md', '---\ntitle: X\naliases:\n  - a\n - b\n---\n# X\n').problems;
    assert.deepEqual(misindented.map((p) => [p.kind, p.range.start.line, p.range.start.character]), [['frontmatter', 4, 0]]);
    // And it says what the note lost: its fields, and the name it goes by instead.
    assert.match(problem.message, /None of its fields .* is read until it is fixed; the note goes by "Hedged Requests", its heading\./);
    assert.match(nested[0].message, /the note goes by "Nested", its file name\./);
    const lines = ['---', 'title: X', 'tags: [a]', 'aliases: [a, b', '---', 'Text.'];
    const open = readNote('file:///v/Open.md', lines.join('\n')).problems;
    assert.equal(open.length, 1);
    assert.equal(open[0].range.start.line, 3);
    assert.ok(open[0].range.end.line === 3 && open[0].range.end.character <= lines[3].length, JSON.stringify(open[0].range));
    assert.match(only(note).text, /^Sending the same request/);
  });

  it('refuses an alias bomb and a huge header with a message, never a throw', () => {
    const bomb = ['---', 'a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]', 'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]', '---', 'Body text defines it.', ''].join('\n');
    const note = readNote('file:///v/Bomb.md', bomb);
    assert.ok(note.problems.some((p) => p.kind === 'frontmatter' && /not read/.test(p.message)), JSON.stringify(note.problems));
    assert.equal(only(note).text, 'Body text defines it.');
    const huge = `---\n${'k: v\n'.repeat(MAX_FRONTMATTER_CHARACTERS / 4)}---\nStill read.\n`;
    const read = readFrontmatter(huge.split('\n'));
    assert.match(read?.problems[0]?.message ?? '', /not read/);
    assert.equal(only(readNote('file:///v/Huge.md', huge)).text, 'Still read.');
  });

  it('reads a template\'s `date: {{date}}` (a map as a key) without a warning to the process', () => {
    const warnings: unknown[] = [];
    const emitWarning = process.emitWarning;
    process.emitWarning = ((warning: unknown) => void warnings.push(warning)) as typeof process.emitWarning;
    try {
      const read = readFrontmatter(['---', 'date: {{date}}', 'tags: [meeting, 1-1]', '---', '']);
      assert.deepEqual(read?.data.tags, ['meeting', '1-1']);
      assert.deepEqual(read?.problems, []);
    } finally {
      process.emitWarning = emitWarning;
    }
    assert.deepEqual(warnings, []);
  });

  it('takes a leading --- with no end for a thematic break, not a header', () => {
    assert.equal(readFrontmatter(['---', 'text']), undefined);
    assert.equal(only(readNote('file:///v/Rule.md', '---\nJust text after a rule.\n')).text, 'Just text after a rule.');
  });

  it('takes a leading --- followed by `key: value` lines and no end for a header left open: a problem at it, its lines out of the text', () => {
    const note = readNote('file:///v/concepts/Broken.md', '---\naliases: [broken note, [unclosed\ntitle: "Broken\ntags: concept\n\nBody of a note whose frontmatter is never closed.\n');
    assert.equal(only(note).term, 'Broken');
    assert.equal(only(note).text, 'Body of a note whose frontmatter is never closed.', 'the header\'s YAML read as the definition');
    const problem = note.problems.find((p) => p.kind === 'frontmatter');
    assert.match(problem?.message ?? '', /never closed: add a `---` line/);
    assert.deepEqual(problem?.range.start, { line: 0, character: 0 });
    assert.equal(problem?.range.end.line, 3);
  });
});

describe('vault formats: Note Definitions files', () => {
  it('reads a consolidated file block by block: phrase, aliases line, definition up to ---', () => {
    const note = readVault('definitions/architecture-terms.md');
    assert.deepEqual(note.definitions.map((d) => [d.term, d.aliases, d.termRange.start.line]), [
      ['Quorum read', ['quorum reads', 'majority read'], 3],
      ['Fencing token', [], 9],
      ['Split brain', ['split-brain'], 14],
    ]);
    assert.match(note.definitions[1].text, /^A number that increases with every lease/);
    assert.doesNotMatch(note.definitions[0].text, /---|Fencing/);
  });

  it('reads an atomic file as its file name, its aliases and its body', () => {
    const quorum = only(readVault('definitions/Quorum.md'));
    assert.equal(quorum.term, 'Quorum');
    assert.deepEqual(quorum.aliases, ['quorums', 'majority quorum']);
    assert.match(quorum.text, /^The smallest number of nodes/);
  });
});

describe('vault formats: wikilinks', () => {
  it('reads [[Note]], [[Note|shown]] and [[Note#Heading]], not embeds of files nor links in code', () => {
    const lines = ['See [[Sharding]], [[Idempotency|idempotent]] and [[Sharding#Rebalancing|moving shards]].', '![[diagram.png]] ![[Embedded Note]] `[[not a link]]`', '```', '[[in code]]', '```'];
    const found = readWikilinks(lines);
    assert.deepEqual(found.map((r) => [r.file, r.section, r.fileRange.start.character]), [['Sharding', undefined, 6], ['Idempotency', undefined, 20], ['Sharding', 'Rebalancing', 51], ['Embedded Note', undefined, 20]]);
    assert.deepEqual(found[0].range, { start: { line: 0, character: 4 }, end: { line: 0, character: 16 } });
    assert.ok(found.every((r) => r.wikilink));
  });

  it('resolves a wikilink by file name, path end, title or alias; a name nobody has resolves to nothing', () => {
    const index = new NotesIndex();
    for (const file of vaultFiles()) index.upsert(readVault(file));
    assert.equal(resolveWikilink(index, 'sharding')?.uri, uriOf('concepts/Sharding.md'));
    assert.equal(resolveWikilink(index, 'zk/202611031200')?.uri, uriOf('zk/202611031200.md'));
    assert.equal(resolveWikilink(index, 'Dead Letter Queue')?.uri, uriOf('dendron/arch.messaging.dead-letter-queue.md'));
    assert.equal(resolveWikilink(index, 'outbox pattern')?.uri, uriOf('concepts/Transactional Outbox.md'));
    assert.equal(resolveWikilink(index, 'Idempotency')?.entry?.term, 'Idempotency');
    assert.equal(resolveWikilink(index, 'Rendezvous Hashing Notes'), undefined);
  });
});

describe('vault formats: which notes are concepts (conceptNotes)', () => {
  it('parses all, tagged:, folders: and a list of folders, and says what is wrong with anything else', () => {
    assert.deepEqual(parseConceptNotesChoice(undefined), { kind: 'all' });
    assert.deepEqual(parseConceptNotesChoice('all'), { kind: 'all' });
    assert.deepEqual(parseConceptNotesChoice('tagged: #Concept, glossary'), { kind: 'tagged', tags: ['concept', 'glossary'] });
    assert.deepEqual(parseConceptNotesChoice('folders:concepts/, ./zk'), { kind: 'folders', folders: ['concepts', 'zk'] });
    assert.deepEqual(parseConceptNotesChoice(['concepts', 'definitions']), { kind: 'folders', folders: ['concepts', 'definitions'] });
    assert.equal(typeof parseConceptNotesChoice('some'), 'string');
    assert.equal(typeof parseConceptNotesChoice('tagged:'), 'string');
    assert.equal(typeof parseConceptNotesChoice(42), 'string');
    assert.ok(isChosenConcept({ kind: 'tagged', tags: ['concept'] }, 'file:///v/a.md', ['concept/db']));
  });

  it('lets only the chosen notes define terms; the others are still read (links, tags)', () => {
    const tagged = { conceptNotes: { kind: 'tagged' as const, tags: ['concept'] } };
    const meeting = readNote(uriOf('meetings/2026-11-03 Architecture sync.md'), fs.readFileSync(path.join(vaultFolder, 'meetings/2026-11-03 Architecture sync.md'), 'utf8'), tagged);
    assert.equal(meeting.definitions.length, 0);
    assert.equal(meeting.vault?.chosen, false);
    assert.equal(meeting.crossReferences.length, 2);
    assert.equal(readNote(uriOf('concepts/Bulkhead.md'), fs.readFileSync(path.join(vaultFolder, 'concepts/Bulkhead.md'), 'utf8'), tagged).definitions.length, 1);
    const inFolders = { conceptNotes: { kind: 'folders' as const, folders: ['zk'] } };
    assert.equal(readNote(uriOf('zk/202611031200.md'), fs.readFileSync(path.join(vaultFolder, 'zk/202611031200.md'), 'utf8'), inFolders).definitions.length, 1);
    assert.equal(readNote(uriOf('concepts/Bulkhead.md'), fs.readFileSync(path.join(vaultFolder, 'concepts/Bulkhead.md'), 'utf8'), inFolders).definitions.length, 0);
  });
});

describe('vault formats: the index keeps a definition\'s format', () => {
  it('through a stored note and a snapshot written and read back', () => {
    const index = new NotesIndex();
    for (const file of ['concepts/Idempotency.md', 'definitions/architecture-terms.md']) {
      const text = fs.readFileSync(path.join(vaultFolder, file), 'utf8');
      index.upsert(readNote(uriOf(file), text), { text, read: () => text });
    }
    index.upsert(readNote('file:///n/sql.md', '# SQL\n## operators\n* _IN_: membership\n'));
    const formatOf = (i: NotesIndex, term: string) => i.lookupExact(term)[0]?.definitions[0]?.format;
    assert.equal(formatOf(index, 'idempotent'), 'concept');
    assert.equal(formatOf(index, 'Fencing token'), 'note-definitions');
    assert.equal(formatOf(index, 'IN'), undefined);
    const state = index.exportState();
    const decoded = decodeSnapshot(encodeSnapshot({ state, stamps: state.noteUris.map(() => null) }, 'v', 'k'), 'v', 'k');
    if (typeof decoded === 'string') assert.fail(decoded);
    const again = new NotesIndex();
    again.loadState(decoded.state, () => () => undefined);
    assert.equal(formatOf(again, 'idempotent'), 'concept');
    assert.equal(formatOf(again, 'quorum reads'), 'note-definitions');
    assert.equal(JSON.parse(JSON.stringify(again.lookupExact('Fencing token')[0].definitions[0])).format, 'note-definitions');
  });
});

/** Every hit of a scan as `text→term`. */
function hits(index: NotesIndex, text: string): string[] {
  return termsInDocument(index, text, true).flatMap(({ entry, occurrences }) => occurrences.map((o) => `${o.text}→${entry.term}`));
}

/** An index of vault notes, each given by its file name and text. */
function vaultWith(...notes: [name: string, text: string][]): NotesIndex {
  const index = new NotesIndex();
  for (const [name, text] of notes) index.upsert(readNote(`file:///vault/${name}.md`, text));
  return index;
}

describe('vault formats: ordinary words as titles', () => {
  it('does not hover a vault\'s Testing, Design and Notes notes all over an unrelated design doc, but the tools it names', () => {
    const index = new NotesIndex();
    for (const file of vaultFiles()) index.upsert(readVault(file));
    // A design doc on another subject that starts sentences with everyday words the vault has notes on, and names its tools.
    const design = [
      '# Checkout service design',
      '',
      'Design goals: the checkout must survive an outage of the payment provider. Notes from the review are at the end.',
      'It is written in Python; we considered Docker but the team runs it on plain VMs.',
      '',
      '## Rollout',
      'Testing starts with three friendly merchants in one country.',
      '',
      'Payments go through a circuit breaker, and every payment request carries an idempotency key so that a retry is safe.',
      'Order events leave through the transactional outbox, in the same transaction as the order.',
    ].join('\n');
    const hovered = termsInDocument(index, design, true).map((t) => t.entry.term);
    for (const vague of ['Testing', 'Design', 'Notes']) assert.ok(!hovered.includes(vague), `${vague} hovered in: ${hovered.join(', ')}`);
    // Written as names inside a sentence, the tools are what those notes are about.
    for (const named of ['Python', 'Docker']) assert.ok(hovered.includes(named), `${named} not hovered in: ${hovered.join(', ')}`);
    for (const concept of ['Circuit Breaker', 'Idempotency', 'Transactional Outbox']) assert.ok(hovered.includes(concept), `${concept} not hovered in: ${hovered.join(', ')}`);
    // Where the doc speaks of what the note is about, the title is its term.
    const about = 'The build produces a Docker image whose layers are cached; the compose files start it locally.';
    assert.ok(termsInDocument(index, about, true).some((t) => t.entry.term === 'Docker'));
  });

  it('hovers a title where its own paragraph speaks of the note, in a doc on another subject', () => {
    const index = vaultWith(
      ['Raft', '# Raft\n\nA consensus algorithm: the leader replicates its log to the followers, and a quorum of them commits each entry.\n'],
      ['Checkout', '# Checkout\n\nThe payment flow: cart, payment provider, refunds, receipts, order confirmation and invoices.\n'],
      ['Invoices', '# Invoices\n\nAn invoice lists the order lines, taxes and refunds; receipts follow each payment.\n'],
    );
    const design = [
      'The checkout takes payments through the payment provider, issues receipts and invoices, and handles refunds. Each invoice lists the order lines and taxes; receipts follow each payment, and refunds reuse the invoice lines.',
      '',
      'Like Raft, the store waits for a quorum of replicas before it acknowledges a write.',
      '',
      'Refunds and receipts need no consensus among the services.',
      '',
      'Raft we read about once, but chose otherwise.',
    ].join('\n');
    const raft = termsInDocument(index, design, true).find((t) => t.entry.term === 'Raft');
    const lines = raft?.occurrences.map((o) => design.slice(0, o.start).split('\n').length) ?? [];
    // Line 3 names a quorum, the note's own word; line 7 names Raft in passing, at a sentence's
    // start, in a doc about payments: the doc holds the note's words (quorum, consensus), but
    // not its subject.
    assert.deepEqual(lines, [3]);
  });

  it('hovers an everyday title in the sections the doc heads with it, and there only', () => {
    const index = vaultWith(
      ['Testing', '---\naliases: [tests]\n---\n# Testing\n\nFast unit tests for logic, a few integration tests against real dependencies, end-to-end tests for the critical paths.\n'],
      ['Raft', '# Raft\n\nA consensus algorithm: the leader replicates its log to the followers, and a quorum of them commits each entry.\n'],
    );
    const body = 'The probe runs the check again after a while, and the tests cover both paths.';
    const doc = [
      '# Probe timeouts',
      '',
      'Raft leaders lease their term; the probe of each follower times out after a second. ' + body,
      '',
      '## Test Plan',
      '',
      '### Unit',
      '',
      body,
      '',
      '```',
      '# tests',
      '```',
      '',
      '## Rollout',
      '',
      body,
    ].join('\n');
    const lines = (termsInDocument(index, doc, true).find((t) => t.entry.term === 'Testing')?.occurrences ?? []).map((o) => doc.slice(0, o.start).split('\n').length);
    // The heading itself and the section under it (through its subsection), not the same words above it or after it.
    assert.deepEqual(lines, [5, 9]);
    // A notes collection's `_test_` in the dialect is one sense of an everyday word, not a subject a heading can name.
    const dialect = new NotesIndex();
    dialect.upsert(readNote('file:///notes/qa.md', '# QA\n## practice\n* _test_: a check of one behaviour, run by CI\n'));
    assert.ok(!hits(dialect, '## Test Plan\n\nThe probe runs the check again after a while, and the tests cover both paths.').some((hit) => hit.endsWith('→test')));
  });

  it('hovers a title the doc writes as a name, and its lower-case form in the same doc, unless the word is a common one', () => {
    const index = vaultWith(
      ['Git', '# Git\n\n- `git rebase -i` before review.\n- `git bisect run` finds the commit that broke a test.\n'],
      ['Go', '# Go\n\n- Errors are values; `context.Context` first.\n'],
      ['Home', '# Home\n\nWhere this vault starts: [[Git]], [[Go]].\n'],
    );
    const doc = [
      'The registry changes transport from an ahead-of-time Git clone to HTTP fetches.',
      '',
      'Clients keep the git index for offline use; we go further and drop it.',
      '',
      'The client is written in Go, and the Home screen lists the crates.',
    ].join('\n');
    const found = hits(index, doc);
    assert.ok(found.includes('Git→Git') && found.includes('git→Git'), found.join(', '));
    // "Go" and "Home" are too common for a capital to prove a name; "go" stays the verb.
    for (const common of ['Go→Go', 'go→Go', 'Home→Home']) assert.ok(!found.includes(common), found.join(', '));
    // A doc that never writes Git as a name: its lower-case word is left alone.
    assert.ok(!hits(index, 'Clients keep the git index for offline use.').includes('git→Git'));
  });

  it('hovers a title opening a list item where the doc writes it in lower case elsewhere, and not a common word so', () => {
    const index = vaultWith(
      ['Sharding', '# Sharding\n\nSplitting data across nodes by key so that each holds a part.\n'],
      ['Release', '# Release\n\nGetting a build to users: a changelog and a signed tag.\n'],
      ['Checkout', '# Checkout\n\nThe payment flow: cart, payment provider, order confirmation, receipts.\n'],
    );
    const listItem = '* Sharding browsing metrics from the object storage.';
    // Alone, a capital at a list item's start proves nothing, and nothing around it is the note's.
    assert.ok(!hits(index, listItem).includes('Sharding→Sharding'), hits(index, listItem).join(', '));
    // The same doc writes "sharding" in lower case, a rare word and so a mention on its own: one sense per discourse.
    const doc = `Our goal is sharding of the store gateways.\n\n${listItem}`;
    const found = hits(index, doc);
    assert.equal(found.filter((hit) => hit === 'Sharding→Sharding').length, 1, found.join(', '));
    assert.ok(found.includes('sharding→Sharding'), found.join(', '));
    // A path is not the doc naming the term.
    const path = `See https://example.com/sharding/intro for background.\n\n${listItem}`;
    assert.ok(!hits(index, path).includes('Sharding→Sharding'), hits(index, path).join(', '));
    // "releases" is the plural of an everyday word, as common as "Release": it speaks for nothing.
    const releases = 'The releases of the checkout are cut weekly.\n\n* Release candidates first.';
    assert.ok(!hits(index, releases).some((hit) => hit.endsWith('→Release')), hits(index, releases).join(', '));
  });

  it('reads a concept note\'s whole text for the sense of its title, not only its first paragraph', () => {
    const index = vaultWith(
      ['Release', '# Release\n\nGetting a build to users.\n\nEach one gets a changelog and a signed tag; hotfixes are cherry-picked onto the branch.\n'],
      ['Docker', '# Docker\n\nContainer images built from a Dockerfile, their layers cached, started with compose.\n'],
    );
    const doc = 'Every Release ships with a changelog.';
    assert.ok(termsInDocument(index, doc, true).some((t) => t.entry.term === 'Release'), 'the changelog of the second paragraph speaks for the title');
    assert.ok(!termsInDocument(index, 'Every Release of the film was delayed.', true).some((t) => t.entry.term === 'Release'));
  });

  it('judges so only a title, not an alias the frontmatter lists (SemVer of Semantic versioning)', () => {
    const index = vaultWith(
      ['Semantic versioning', '---\naliases: [SemVer]\n---\n# Semantic versioning\n\nVersion numbers MAJOR.MINOR.PATCH: a breaking change bumps the major number.\n'],
      ['Docker', '# Docker\n\nContainer images built from a Dockerfile, their layers cached, started with compose.\n'],
      ['Checkout', '# Checkout\n\nThe payment flow: cart, payment provider, order confirmation, receipts.\n'],
    );
    const doc = 'The checkout takes payments through the payment provider and confirms each order.\nIts client library follows SemVer. Docker was considered and set aside.';
    const hovered = termsInDocument(index, doc, true).map((t) => t.entry.term);
    assert.ok(hovered.includes('Semantic versioning'), `SemVer not hovered in: ${hovered.join(', ')}`);
    assert.ok(!hovered.includes('Docker'), `Docker hovered in: ${hovered.join(', ')}`);
  });
});
