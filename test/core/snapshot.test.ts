import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NotesIndex, type TermEntry } from '../../server/src/core/index/notesIndex';
import type { DefinitionExtras } from '../../server/src/core/index/storedNote';
import { referencesFor, termsInDocument } from '../../server/src/core/query/lookup';
import { admittedMatcher, isAdmittedName, prepareAdmittedMatcher } from '../../server/src/core/relevance/relevance';
import { trieState } from '../../server/src/core/index/matching/termTrie';
import { noteReader } from '../../server/src/core/notes/noteFiles';
import { parseNote } from '../../server/src/core/formats/dialect/parser';
import { termMarkdown } from '../../server/src/core/query/present';
import { decodeSnapshot, encodeSnapshot, newChecksum, preferredChecksum, SnapshotFolder, type IndexSnapshot, type SnapshotStore } from '../../server/src/core/workspace/snapshot';
import { NotesWorkspace } from '../../server/src/core/workspace/notesWorkspace';
import { scratchFolder } from '../support/scratch';

const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');

/** Every card and reference list of an index, by term, plus its canonical form: what two indexes must agree on. */
function answers(index: NotesIndex): unknown {
  const cards = [...index.terms()].map((entry) => [entry.key, termMarkdown(entry, referencesFor(index, entry.term, entry, 5))]).sort();
  const mentions = ['circuit breaker', 'service', 'event sourcing', 'cache'].map((phrase) => index.mentions(phrase, 20));
  return { snapshot: index.snapshot(), cards, mentions };
}

describe('index snapshot on disk', () => {
  let scratch: string;
  let notesFolder: string;
  let snapshotFolder: string;
  const settings = () => ({ entries: [notesFolder], baseFolders: [], ignoreTerms: [], maxFileBytes: 5 * 1024 * 1024 });

  beforeEach(() => {
    scratch = scratchFolder('an-snapshot-');
    notesFolder = path.join(scratch, 'notes');
    snapshotFolder = path.join(scratch, 'snapshots');
    fs.mkdirSync(notesFolder, { recursive: true });
    fs.copyFileSync(path.join(fixtures, 'architecture.md'), path.join(notesFolder, 'architecture.md'));
    fs.copyFileSync(path.join(fixtures, 'architecture.raw.md'), path.join(notesFolder, 'damaged.md'));
    for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(notesFolder, `n${i}.md`), `# AREA\n## topic ${i}\n* _term ${i}_: text about the circuit breaker https://example.com/${i}\n* _circuit breaker_: again ${i}\n`);
  });

  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  /** A store that counts what it is asked, around a real folder. */
  function countingStore(version = 'v1') {
    const folder = new SnapshotFolder(snapshotFolder, { version });
    const counts = { reads: 0, found: 0, writes: 0 };
    const written: { last?: IndexSnapshot } = {};
    const store: SnapshotStore = {
      read: (key) => {
        counts.reads++;
        const snapshot = folder.read(key);
        if (snapshot) counts.found++;
        return snapshot;
      },
      write: (key, snapshot) => {
        counts.writes++;
        written.last = snapshot;
        return folder.write(key, snapshot);
      },
    };
    return { store, counts, written };
  }

  /** The notes folder indexed as a full index reads it: every note kept as a stored note of its file. */
  function indexOfNotesFolder(): NotesIndex {
    const index = new NotesIndex();
    for (const name of fs.readdirSync(notesFolder)) {
      const file = path.join(notesFolder, name);
      const text = fs.readFileSync(file, 'utf8');
      index.upsert(parseNote(pathToFileURL(file).href, text), { text, read: noteReader(file) });
    }
    return index;
  }

  /** An index taken up from a snapshot of `state`, as a restart does, its notes read from the notes folder. */
  function restoredFrom(state: ReturnType<NotesIndex['exportState']>): NotesIndex {
    const decoded = decodeSnapshot(encodeSnapshot({ state, stamps: state.noteUris.map(() => null) }, 'v1', 'k'), 'v1', 'k');
    assert.ok(typeof decoded !== 'string', String(decoded));
    const restored = new NotesIndex();
    restored.loadState(decoded.state, (uri) => noteReader(new URL(uri).pathname));
    return restored;
  }

  it('restores an index that answers as the one it was taken from, and that changes as it would', () => {
    const original = indexOfNotesFolder();
    // An open note, kept whole, is written as a stored note too.
    const openUri = pathToFileURL(path.join(notesFolder, 'n0.md')).href;
    original.upsert(parseNote(openUri, fs.readFileSync(path.join(notesFolder, 'n0.md'), 'utf8')));
    const restored = restoredFrom(original.exportState());
    assert.deepEqual(answers(restored), answers(original));
    assert.equal(restored.termCount, original.termCount);
    assert.equal(restored.longestNameWords, original.longestNameWords);
    // The same edits on both leave them equal: names, owners and word lists were restored whole.
    for (const index of [original, restored]) {
      index.upsert(parseNote(openUri, '# AREA\n* _circuit breaker_: replaced https://example.com/r\n* _term 0_: moved\n'));
      index.remove(pathToFileURL(path.join(notesFolder, 'n3.md')).href);
      index.upsert(parseNote('file:///elsewhere/new.md', '* _bulkhead_: new https://example.com/b\n* _term 1_: another\n'));
    }
    assert.deepEqual(answers(restored), answers(original));
  });


  it('changes as the index it was taken from does when edited before any definition is read, and lists each definition once', () => {
    const original = indexOfNotesFolder();
    const state = original.exportState();
    // Definitions are made when first read: edits that come first, each touching entries
    // whose definitions were never read, must leave the index as they leave the original.
    const restored = restoredFrom(state);
    const n1 = pathToFileURL(path.join(notesFolder, 'n1.md')).href;
    for (const index of [original, restored]) {
      index.upsert(parseNote(n1, '# AREA\n* _circuit breaker_: replaced\n* _bulkhead_: new\n'));
      index.remove(pathToFileURL(path.join(notesFolder, 'n2.md')).href);
    }
    assert.deepEqual(answers(restored), answers(original));
    // A definition is one object, whether reached through its entry or its note, read in either order.
    for (const entryFirst of [true, false]) {
      const index = restoredFrom(state);
      const entry = index.lookupExact('circuit breaker')[0];
      const uris = [...index.uris()];
      const byNote = () => uris.flatMap((uri) => index.filedDefinitions(uri).filter((d) => d.term.toLowerCase() === 'circuit breaker'));
      let fromEntry: readonly object[];
      let fromNotes: readonly object[];
      if (entryFirst) {
        fromEntry = [...entry.definitions];
        fromNotes = byNote();
      } else {
        fromNotes = byNote();
        fromEntry = [...entry.definitions];
      }
      assert.equal(fromEntry.length, fromNotes.length);
      assert.ok(fromEntry.length > 5);
      for (const definition of fromEntry) assert.ok(fromNotes.includes(definition), 'a definition made twice');
    }
  });
  it('files its word lists when first searched, in idle slices, or before an edit, the same lists each way', async () => {
    const original = indexOfNotesFolder();
    const state = original.exportState();
    const phrases = ['circuit breaker', 'service', 'event sourcing', 'cache', 'circuit breakre'];
    const mentions = (index: NotesIndex) => phrases.map((phrase) => index.mentions(phrase, 20));
    // Filed by the first search.
    const searched = restoredFrom(state);
    assert.ok(searched.wordListsDeferred);
    assert.deepEqual(mentions(searched), mentions(original));
    assert.ok(!searched.wordListsDeferred);
    // Filed in idle slices.
    const idle = restoredFrom(state);
    await idle.prepareWordLists(() => Promise.resolve(), 0);
    assert.ok(!idle.wordListsDeferred);
    assert.deepEqual(mentions(idle), mentions(original));
    // A pass that pauses after its first slice and is never resumed: an edit files the rest first.
    const edited = restoredFrom(state);
    void edited.prepareWordLists(() => new Promise<void>(() => undefined), 0);
    await Promise.resolve();
    assert.ok(edited.wordListsDeferred);
    const n1 = pathToFileURL(path.join(notesFolder, 'n1.md')).href;
    for (const index of [original, edited]) {
      index.upsert(parseNote(n1, '# AREA\n* _circuit breaker_: replaced, the cache too\n'));
      index.remove(pathToFileURL(path.join(notesFolder, 'n2.md')).href);
    }
    assert.ok(!edited.wordListsDeferred);
    assert.deepEqual(mentions(edited), mentions(original));
    assert.deepEqual(edited.exportState().words, original.exportState().words);
  });

  it('lets a workspace restart from it: unchanged files are not read, changed, new and deleted ones are', async () => {
    const cold = countingStore();
    const first = new NotesWorkspace({ snapshots: cold.store });
    await first.configure(settings());
    assert.deepEqual(cold.counts, { reads: 1, found: 0, writes: 0 }, 'not written while the first requests may come');
    first.writeSnapshot(); // as the server does when it shuts down
    assert.deepEqual(cold.counts, { reads: 1, found: 0, writes: 1 });

    const warm = countingStore();
    const messages: string[] = [];
    const second = new NotesWorkspace({ snapshots: warm.store, log: (m) => messages.push(m) });
    await second.configure(settings());
    second.writeSnapshot();
    assert.deepEqual(warm.counts, { reads: 1, found: 1, writes: 0 }, 'nothing changed: nothing to write');
    assert.ok(messages.includes('Index snapshot: 7 of 7 notes taken up unchanged.'), messages.join('\n'));
    assert.deepEqual(answers(second.index), answers(first.index));
    // The status counts the same terms and topics from the snapshot as from the files.
    const counts = (workspace: NotesWorkspace) => [workspace.status().terms, workspace.status().topics];
    assert.deepEqual(counts(second), counts(first));
    assert.ok(first.status().topics >= 5, `the notes' topics: ${first.status().topics}`);

    // While no server ran: one note edited, one deleted, one added.
    fs.writeFileSync(path.join(notesFolder, 'n1.md'), '# AREA\n* _circuit breaker_: edited https://example.com/edited\n');
    fs.rmSync(path.join(notesFolder, 'n2.md'));
    fs.writeFileSync(path.join(notesFolder, 'n9.md'), '* _saga_: new https://example.com/saga\n');
    const later = countingStore();
    const laterMessages: string[] = [];
    const third = new NotesWorkspace({ snapshots: later.store, log: (m) => laterMessages.push(m) });
    await third.configure(settings());
    third.writeSnapshot();
    assert.ok(laterMessages.includes('Index snapshot: 5 of 7 notes taken up unchanged.'), laterMessages.join('\n'));
    assert.equal(later.counts.writes, 1);
    const fresh = new NotesWorkspace();
    await fresh.configure(settings());
    assert.deepEqual(answers(third.index), answers(fresh.index));
    assert.deepEqual(counts(third), counts(fresh));
    assert.match(termMarkdown(third.index.lookupExact('circuit breaker')[0], []), /edited/);
  });

  /** Indexes the notes and writes their snapshot, then deletes one note and edits another. */
  async function snapshotThenChangeNotes(): Promise<void> {
    const first = new NotesWorkspace({ snapshots: countingStore().store });
    await first.configure(settings());
    first.writeSnapshot();
    fs.rmSync(path.join(notesFolder, 'n2.md'));
    fs.writeFileSync(path.join(notesFolder, 'n1.md'), '# AREA\n* _circuit breaker_: edited https://example.com/edited\n');
  }

  it('answers from the snapshot while the folders are walked, then drops what changed since', async () => {
    await snapshotThenChangeNotes();
    const seen: { state: string; notes: number; deletedTermFound: boolean }[] = [];
    const warm: NotesWorkspace = new NotesWorkspace({
      snapshots: countingStore().store,
      onStatus: (status) => seen.push({ state: status.state, notes: status.notes, deletedTermFound: warm.index.lookupExact('term 2').length > 0 }),
    });
    await warm.configure(settings());
    // The first report, before any file is looked at: the seven notes as they were.
    assert.deepEqual(seen[0], { state: 'indexing', notes: 7, deletedTermFound: true });
    assert.deepEqual(seen.at(-1), { state: 'ready', notes: 6, deletedTermFound: false });
    const fresh = new NotesWorkspace();
    await fresh.configure(settings());
    assert.deepEqual(answers(warm.index), answers(fresh.index));
  });

  it('ends as a fresh index when new settings take over while the snapshot is checked', async () => {
    await snapshotThenChangeNotes();
    const fresh = new NotesWorkspace();
    await fresh.configure(settings());
    // Every slice yields (sliceMs 0): the second run takes over at the first step of the first.
    for (const takeOverAfter of [0, 1, 3, 10]) {
      const warm = new NotesWorkspace({ snapshots: countingStore().store, sliceMs: 0 });
      const firstRun = warm.configure(settings());
      for (let i = 0; i < takeOverAfter; i++) await new Promise((resolve) => setImmediate(resolve));
      await Promise.all([firstRun, warm.configure(settings())]);
      assert.deepEqual(answers(warm.index), answers(fresh.index), `taken over after ${takeOverAfter} turns`);
    }
  });

  it('is written after a full index and after a quiet period of edits, not only at shutdown', async () => {
    const quietMs = 200;
    const { store, counts, written } = countingStore();
    const workspace = new NotesWorkspace({ snapshots: store, snapshotQuietMs: quietMs });
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await workspace.configure(settings());
    assert.equal(counts.writes, 0, 'not at once: the first requests after an index come first');
    await wait(quietMs * 4);
    assert.equal(counts.writes, 1, 'once the index stayed quiet after the full index');
    assert.ok(written.last?.state.matcher, 'with the matcher, finished if its idle pass had not');
    const warm = new NotesWorkspace({ snapshots: countingStore().store });
    await warm.configure(settings());
    assert.deepEqual(answers(warm.index), answers(workspace.index), 'the snapshot written stands for the whole index');
    assert.ok(warm.index.exportState(isAdmittedName).matcher, 'a start takes the matcher up');

    // Edits in a row: one write, after the last of them.
    const file = path.join(notesFolder, 'n1.md');
    for (let i = 0; i < 4; i++) {
      fs.writeFileSync(file, `# AREA\n* _circuit breaker_: edit ${i} https://example.com/e${i}\n`);
      workspace.fileChanged(file);
      await wait(quietMs / 4);
    }
    assert.equal(counts.writes, 1, 'not while the edits keep coming');
    await wait(quietMs * 4);
    assert.equal(counts.writes, 2);
    const after = new NotesWorkspace({ snapshots: countingStore().store });
    await after.configure(settings());
    assert.match(termMarkdown(after.index.lookupExact('circuit breaker')[0], []), /edit 3/);

    // Nothing changed since: the quiet period and shutdown write nothing more.
    await wait(quietMs * 2);
    workspace.writeSnapshot();
    assert.equal(counts.writes, 2);
    // A change, then shutdown before the quiet period ends: written once, at shutdown.
    workspace.fileDeleted(path.join(notesFolder, 'n3.md'));
    workspace.writeSnapshot();
    await wait(quietMs * 2);
    assert.equal(counts.writes, 3);
  });

  it("keeps every definition's text, in any script, and reads it back the same after a second trip", () => {
    const index = new NotesIndex();
    const texts = ['plain ASCII', 'café à la crème', '日本語の説明', 'emoji 🚀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '', 'Ελληνικά'];
    const text = ['# AREA', '## topic', ...texts.map((t, n) => `* _term ${n}_: ${t}`)].join('\n');
    index.upsert(parseNote('file:///notes/scripts.md', text), { text, read: () => text });
    const state = index.exportState();
    const decoded = decodeSnapshot(encodeSnapshot({ state, stamps: [null] }, 'v1', 'k'), 'v1', 'k');
    assert.ok(typeof decoded !== 'string', String(decoded));
    const restored = new NotesIndex();
    restored.loadState(decoded.state, () => () => text);
    const textsOf = (of: NotesIndex) => [...of.terms()].flatMap((entry) => entry.definitions.map((d) => `${d.term}: ${d.text}`)).sort();
    assert.deepEqual(textsOf(restored), textsOf(index));
    assert.ok(textsOf(restored).includes('term 3: emoji 🚀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢'));
    // Written again from the restored index (some texts read, others not yet): the same again.
    restored.lookupExact('term 1')[0].definitions[0].text;
    const again = decodeSnapshot(encodeSnapshot({ state: restored.exportState(), stamps: [null] }, 'v1', 'k'), 'v1', 'k');
    assert.ok(typeof again !== 'string', String(again));
    const twice = new NotesIndex();
    twice.loadState(again.state, () => () => text);
    assert.deepEqual(textsOf(twice), textsOf(index));
  });

  it("keeps each definition's aliases, equivalences, label and expansion, empty lists included", () => {
    const text = fs.readFileSync(path.join(fixtures, 'architecture.md'), 'utf8');
    const index = new NotesIndex();
    index.upsert(parseNote('file:///notes/architecture.md', text), { text, read: () => text });
    const state = index.exportState();
    assert.ok(Array.isArray(state.definitionExtras), 'an index exports its extras as a list');
    assert.ok(state.definitionExtras.some(([, extras]) => extras.aliases.length > 0) && state.definitionExtras.some(([, extras]) => extras.aliases.length === 0), 'both kinds are written');
    const decoded = decodeSnapshot(encodeSnapshot({ state, stamps: [null] }, 'v1', 'k'), 'v1', 'k');
    assert.ok(typeof decoded !== 'string', String(decoded));
    const restored = new NotesIndex();
    restored.loadState(decoded.state, () => () => text);
    const extrasOf = (of: NotesIndex) => [...of.terms()].flatMap((entry) => entry.definitions.map((d) => [d.term, d.aliases, d.equivalences, d.label, d.expansion]));
    assert.deepEqual(extrasOf(restored), extrasOf(index));
  });

  it("refuses a snapshot whose texts', terms' or section paths' ends do not add up, even with a right checksum", () => {
    const index = new NotesIndex();
    const text = '# AREA\n## topic\n* _one_: first text\n* _two_: second text\n';
    index.upsert(parseNote('file:///notes/two.md', text), { text, read: () => text });
    const good = encodeSnapshot({ state: index.exportState(), stamps: [null] }, 'v1', 'k');
    assert.ok(typeof decodeSnapshot(good, 'v1', 'k') !== 'string');
    // The ends of the texts, found as a reader finds them, changed, and the checksum made right again.
    const resealed = (change: (ends: Int32Array) => void, column = 10) => {
      const bytes = Buffer.from(good);
      const headerEnd = bytes.indexOf(0x0a);
      const lengthEnd = bytes.indexOf(0x0a, headerEnd + 1);
      const bodyLength = Number(bytes.subarray(headerEnd + 1, lengthEnd).toString('latin1'));
      const body = JSON.parse(bytes.subarray(lengthEnd + 1, lengthEnd + 1 + bodyLength).toString('utf8')) as { integers: number[] };
      // definitionTextEnds is the eleventh integer column, definitionTermEnds the fourteenth and
      // sectionPathEnds the fifteenth (see INTEGER_COLUMNS in snapshot.ts).
      const before = body.integers.slice(0, column).reduce((sum, n) => sum + n, 0);
      const start = Math.ceil((lengthEnd + 1 + bodyLength) / 4) * 4 + before * 4;
      const ends = new Int32Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + start + body.integers[column] * 4));
      change(ends);
      Buffer.from(ends.buffer).copy(bytes, start);
      const header = JSON.parse(bytes.subarray(0, headerEnd).toString('utf8')) as { checksum: string; details: number; digest: string };
      const checksum = newChecksum(header.checksum)!;
      // The header's checksum stops where the notes' details begin.
      checksum.update(bytes.subarray(headerEnd + 1, bytes.length - header.details));
      header.digest = checksum.digest();
      return Buffer.concat([Buffer.from(JSON.stringify(header)), bytes.subarray(headerEnd)]);
    };
    assert.ok(typeof decodeSnapshot(resealed(() => undefined), 'v1', 'k') !== 'string', 'the helper changes nothing by itself');
    assert.match(decodeSnapshot(resealed((ends) => ([ends[0], ends[1]] = [ends[1], ends[0]])), 'v1', 'k') as string, /damaged/);
    assert.match(decodeSnapshot(resealed((ends) => void (ends[2] -= 1)), 'v1', 'k') as string, /damaged/);
    assert.match(decodeSnapshot(resealed((ends) => void (ends[0] = -5)), 'v1', 'k') as string, /damaged/);
    for (const column of [13, 14]) {
      assert.ok(typeof decodeSnapshot(resealed(() => undefined, column), 'v1', 'k') !== 'string', 'resealed as it was, it decodes');
      if (column === 13) assert.match(decodeSnapshot(resealed((ends) => ([ends[0], ends[1]] = [ends[1], ends[0]]), column), 'v1', 'k') as string, /damaged/);
      assert.match(decodeSnapshot(resealed((ends) => void (ends[ends.length - 1] -= 1), column), 'v1', 'k') as string, /damaged/);
      assert.match(decodeSnapshot(resealed((ends) => void (ends[0] = -5), column), 'v1', 'k') as string, /damaged/);
    }
  });

  it('decodes each term and parses each section path when its definition is first made; a path that is not one has no headings', () => {
    const text = '# ÁREA Ω\n## тема 主题\n* _кэш_: kept answers\n* _队列_: waiting work\n## other\n* _queue_: a line\n';
    const index = new NotesIndex();
    index.upsert(parseNote('file:///notes/q.md', text), { text, read: () => text });
    const state = index.exportState();
    const decoded = decodeSnapshot(encodeSnapshot({ state, stamps: [null] }, 'v1', 'k'), 'v1', 'k');
    assert.ok(typeof decoded !== 'string', String(decoded));
    assert.ok(!Array.isArray(decoded.state.definitionTerms) && !Array.isArray(decoded.state.sectionPaths), 'kept as bytes until read');
    const restored = new NotesIndex();
    restored.loadState(decoded.state, () => () => text);
    for (const term of ['кэш', '队列', 'queue']) {
      const [was, now] = [index, restored].map((each) => each.lookupExact(term)[0]);
      assert.deepEqual([now.term, now.definitions.map((d) => [d.term, d.sectionPath])], [was.term, was.definitions.map((d) => [d.term, d.sectionPath])]);
    }
    // Definitions under one path share its array, as in the index the snapshot was taken from.
    assert.equal(restored.lookupExact('кэш')[0].definitions[0].sectionPath, restored.lookupExact('队列')[0].definitions[0].sectionPath);
    // A file whose checksum is right but whose first path is not a list of headings.
    const damaged = index.exportState();
    (damaged.sectionPaths as unknown[])[0] = { not: 'a path' };
    const decodedDamaged = decodeSnapshot(encodeSnapshot({ state: damaged, stamps: [null] }, 'v1', 'k'), 'v1', 'k');
    assert.ok(typeof decodedDamaged !== 'string', String(decodedDamaged));
    const restoredDamaged = new NotesIndex();
    restoredDamaged.loadState(decodedDamaged.state, () => () => text);
    const paths = ['кэш', 'queue'].map((term) => restoredDamaged.lookupExact(term)[0].definitions[0].sectionPath);
    assert.equal(paths.filter((p) => p.length === 0).length, 1, 'the damaged path alone has no headings');
  });

  it('ignores a snapshot of another version, other notes, or damaged in any way', () => {
    const index = new NotesIndex();
    const text = fs.readFileSync(path.join(notesFolder, 'architecture.md'), 'utf8');
    index.upsert(parseNote('file:///notes/architecture.md', text));
    const state = index.exportState();
    const snapshot: IndexSnapshot = { state, stamps: [{ size: 1, mtimeMs: 2 }] };
    const good = encodeSnapshot(snapshot, 'v1', 'key');
    assert.ok(typeof decodeSnapshot(good, 'v1', 'key') !== 'string');
    assert.match(decodeSnapshot(good, 'v2', 'key') as string, /another version/);
    assert.match(decodeSnapshot(good, 'v1', 'other') as string, /other notes/);
    assert.match(decodeSnapshot(good.subarray(0, good.length - 10), 'v1', 'key') as string, /damaged/);
    assert.match(decodeSnapshot(Buffer.from([0xff, 0x00, 0x13, 0x37]), 'v1', 'key') as string, /no header|damaged/);
    // One byte changed anywhere between the header and the notes' details: the checksum tells.
    const headerEnd = good.indexOf(0x0a);
    const checkedEnd = good.length - (JSON.parse(good.subarray(0, headerEnd).toString('utf8')) as { details: number }).details;
    assert.ok(checkedEnd < good.length, 'the fixture has details');
    for (const at of [headerEnd + 3, Math.floor(checkedEnd / 2), checkedEnd - 1]) {
      const flipped = Buffer.from(good);
      flipped[at] ^= 0x01;
      assert.match(decodeSnapshot(flipped, 'v1', 'key') as string, /checksum/);
    }
    // One changed in a note's details: their own checksum tells, when they are read.
    for (const at of [checkedEnd, good.length - 1]) {
      const flipped = Buffer.from(good);
      flipped[at] ^= 0x01;
      const taken = decodeSnapshot(flipped, 'v1', 'key');
      assert.ok(typeof taken !== 'string', String(taken));
      const details = taken.state.noteDetails[0];
      assert.ok(!(details instanceof Uint8Array) && details.read() === undefined);
    }
    // A body whose checksum is right but whose numbers point nowhere is refused too.
    const pointingNowhere = structuredClone(state);
    pointingNowhere.definitionNotes[0] = 99;
    assert.match(decodeSnapshot(encodeSnapshot({ state: pointingNowhere, stamps: [null] }, 'v1', 'key'), 'v1', 'key') as string, /damaged \(definitions\)/);
    const sizesOff = structuredClone(state);
    sizesOff.entrySizes[0] += 1;
    assert.match(decodeSnapshot(encodeSnapshot({ state: sizesOff, stamps: [null] }, 'v1', 'key'), 'v1', 'key') as string, /damaged \(entries\)/);
    const badPosting = structuredClone(state);
    badPosting.postings[0] = 5;
    assert.match(decodeSnapshot(encodeSnapshot({ state: badPosting, stamps: [null] }, 'v1', 'key'), 'v1', 'key') as string, /damaged \(word lists\)/);
    // Extras out of order (a binary search finds them) or of a definition that is not there.
    const extrasOf = (changed: IndexSnapshot['state']) => changed.definitionExtras as [number, DefinitionExtras][];
    assert.ok(extrasOf(state).length >= 2, 'the fixture has extras to reorder');
    const extrasSwapped = structuredClone(state);
    extrasOf(extrasSwapped).reverse();
    assert.match(decodeSnapshot(encodeSnapshot({ state: extrasSwapped, stamps: [null] }, 'v1', 'key'), 'v1', 'key') as string, /damaged \(extras\)/);
    const extrasNowhere = structuredClone(state);
    extrasOf(extrasNowhere).at(-1)![0] = state.definitionNotes.length;
    assert.match(decodeSnapshot(encodeSnapshot({ state: extrasNowhere, stamps: [null] }, 'v1', 'key'), 'v1', 'key') as string, /damaged \(extras\)/);
  });

  it("reads a note's details from the file when a card needs them, and makes them again from the note when they are damaged", () => {
    const text = '# AREA\n## topic\n* _cache_: kept answers, see [the paper](https://example.com/cache) and [[Memo]]\n  > "Two hard things"\n';
    const index = new NotesIndex();
    index.upsert(parseNote('file:///notes/c.md', text), { text, read: () => text });
    const links = (of: NotesIndex) => of.lookupExact('cache')[0].definitions[0].links.map((link) => link.url);
    assert.deepEqual(links(index), ['https://example.com/cache']);
    // Through a snapshot folder: read from the file kept open, even once another snapshot has
    // taken the file's name; where files are not kept open (Windows), the note is read again.
    const other = new NotesIndex();
    other.upsert(parseNote('file:///notes/o.md', '# AREA\n## t\n* _queue_: waiting work\n'));
    for (const keepFilesOpen of [true, false]) {
      const folder = new SnapshotFolder(path.join(snapshotFolder, String(keepFilesOpen)), { version: 'v1', keepFilesOpen });
      folder.write('k', { state: index.exportState(), stamps: [null] });
      const taken = folder.read('k');
      assert.ok(taken && !(taken.state.noteDetails[0] instanceof Uint8Array), 'the details are left in the file');
      const fromFile = new NotesIndex();
      fromFile.loadState(taken.state, () => () => undefined);
      assert.deepEqual(links(fromFile), ['https://example.com/cache'], 'read from the snapshot');
      folder.write('k', { state: other.exportState(), stamps: [null] });
      const afterAnother = new NotesIndex();
      afterAnother.loadState(taken.state, () => () => (keepFilesOpen ? undefined : text));
      assert.deepEqual(links(afterAnother), ['https://example.com/cache'], keepFilesOpen ? 'read from the file kept open' : 'the note read again');
    }
    // Its details damaged: the note as its file holds it is read again.
    const bytes = encodeSnapshot({ state: index.exportState(), stamps: [null] }, 'v1', 'k');
    const damaged = Buffer.from(bytes);
    damaged[damaged.length - 1] ^= 0x01;
    const takenDamaged = decodeSnapshot(damaged, 'v1', 'k');
    assert.ok(typeof takenDamaged !== 'string', String(takenDamaged));
    let reads = 0;
    const remade = new NotesIndex();
    remade.loadState(takenDamaged.state, () => () => (reads++, text));
    assert.deepEqual(links(remade), ['https://example.com/cache'], 'made again from the note');
    assert.ok(reads > 0, 'the note was read again');
    // The note's file changed since: no details rather than another text's.
    const changed = new NotesIndex();
    changed.loadState((decodeSnapshot(damaged, 'v1', 'k') as IndexSnapshot).state, () => () => text + '* _other_: added since\n');
    assert.deepEqual(links(changed), []);
    assert.match(changed.lookupExact('cache')[0].definitions[0].text, /kept answers/);
  });

  it("lets go of the notes' details in memory once a snapshot written holds them, and reads them from its file", () => {
    const text = '# AREA\n## topic\n* _cache_: kept answers, see [the paper](https://example.com/cache)\n';
    const index = new NotesIndex();
    index.upsert(parseNote('file:///notes/c.md', text), { text, read: () => text });
    const links = () => index.lookupExact('cache')[0].definitions[0].links.map((link) => link.url);
    const state = index.exportState();
    const written = new SnapshotFolder(snapshotFolder, { version: 'v1' }).write('k', { state, stamps: [null] });
    assert.ok(written && written.length === 1);
    let reads = 0;
    index.keepDetailsOnDisk(state.noteUris, [{ read: () => (reads++, written[0].read()) }]);
    index.dropCaches();
    assert.deepEqual(links(), ['https://example.com/cache']);
    assert.equal(reads, 1, 'read from the file written');
    // The file's name taken by another snapshot, or removed: the file read is the one written.
    fs.rmSync(snapshotFolder, { recursive: true });
    index.dropCaches();
    assert.deepEqual(links(), ['https://example.com/cache']);
    assert.equal(reads, 2);
  });

  it('reads a snapshot sealed with either checksum, and refuses one it cannot check', () => {
    const index = new NotesIndex();
    index.upsert(parseNote('file:///notes/architecture.md', fs.readFileSync(path.join(notesFolder, 'architecture.md'), 'utf8')));
    const good = encodeSnapshot({ state: index.exportState(), stamps: [null] }, 'v1', 'key');
    const headerEnd = good.indexOf(0x0a);
    const header = JSON.parse(good.subarray(0, headerEnd).toString('utf8')) as { checksum: string; details: number; digest: string };
    assert.equal(header.checksum, preferredChecksum());
    // The same bytes under another header, its digest made right (or wrong) for them.
    const sealedWith = (kind: string, digest?: string) => {
      const checksum = newChecksum(kind);
      if (checksum) checksum.update(good.subarray(headerEnd + 1, good.length - header.details));
      const digestText = digest ?? checksum!.digest();
      return Buffer.concat([Buffer.from(JSON.stringify({ ...header, checksum: kind, digest: digestText })), good.subarray(headerEnd)]);
    };
    const sameKind = sealedWith(header.checksum);
    assert.ok(typeof decodeSnapshot(sameKind, 'v1', 'key') !== 'string');
    assert.match(decodeSnapshot(sealedWith(header.checksum, header.digest.replace(/^./, (c) => (c === '0' ? '1' : '0'))), 'v1', 'key') as string, /damaged \(checksum\)/);
    assert.match(decodeSnapshot(sealedWith('md5', 'x'), 'v1', 'key') as string, /cannot compute/);
    // A snapshot written where Node has no CRC-32 (by an older VS Code's Node) is read here.
    const bySha1 = encodeSnapshot({ state: index.exportState(), stamps: [null] }, 'v1', 'key', 'sha1');
    assert.match(bySha1.subarray(0, bySha1.indexOf(0x0a)).toString('utf8'), /"checksum":"sha1","details":\d+,"digest":"[0-9a-f]{40}"/);
    const restored = decodeSnapshot(bySha1, 'v1', 'key');
    assert.ok(typeof restored !== 'string', String(restored));
    assert.deepEqual(restored.state.noteUris, index.exportState().noteUris);
  });

  it('parses each extras when its definition is first made, and leaves out extras that are not extras', () => {
    const text = '# AREA\n## topic\n* _cache_: aka memo, kept answers\n* _queue_: aka line, waiting work\n';
    const index = new NotesIndex();
    index.upsert(parseNote('file:///notes/q.md', text), { text, read: () => text });
    const state = index.exportState();
    const pairs = state.definitionExtras as [number, DefinitionExtras][];
    assert.equal(pairs.length, 2);
    // A file whose checksum is right but whose second extras has aliases that are not strings.
    (pairs[1][1] as unknown as { aliases: unknown }).aliases = [7];
    const decoded = decodeSnapshot(encodeSnapshot({ state, stamps: [null] }, 'v1', 'k'), 'v1', 'k');
    assert.ok(typeof decoded !== 'string', String(decoded));
    assert.ok(!Array.isArray(decoded.state.definitionExtras), 'kept as bytes until read');
    const restored = new NotesIndex();
    restored.loadState(decoded.state, () => () => text);
    assert.deepEqual(restored.lookupExact('memo')[0].definitions[0].aliases, index.lookupExact('memo')[0].definitions[0].aliases);
    assert.ok(restored.lookupExact('memo')[0].definitions[0].aliases.includes('memo'));
    const queue = restored.lookupExact('queue')[0].definitions[0];
    assert.deepEqual([queue.term, queue.aliases], ['queue', []]);
    assert.match(queue.text, /waiting work/);
  });

  describe("the matcher of the admitted names", () => {
    // Acronyms (matched in their case), a name with a strict gap (`sql.js`) and names shared by two entries.
    const extra = '# AREA\n## data\n* _SQL_: structured query language\n* _sql.js_: SQLite compiled to WebAssembly\n* _CQRS_: command query responsibility segregation\n* _outbox_ (alias: transactional outbox): events written with the data\n* _inbox_ (alias: transactional outbox): the other end\n';
    const doc = '# Design\n\nThe order service uses CQRS and a transactional outbox; the cqrs read side runs sql.js in the browser, and SQL on the server.\nA circuit breaker guards the payment service, with retries and backoff.\n';

    function indexed(ignoreTerms: string[] = []): NotesIndex {
      const index = new NotesIndex({ ignoreTerms });
      for (const [uri, text] of [['file:///notes/architecture.md', fs.readFileSync(path.join(notesFolder, 'architecture.md'), 'utf8')], ['file:///notes/data.md', extra]]) {
        index.upsert(parseNote(uri, text), { text, read: () => text });
      }
      return index;
    }

    function restart(state: ReturnType<NotesIndex['exportState']>, ignoreTerms: string[] = []): NotesIndex {
      const decoded = decodeSnapshot(encodeSnapshot({ state, stamps: state.noteUris.map(() => null) }, 'v1', 'k'), 'v1', 'k');
      assert.ok(typeof decoded !== 'string', String(decoded));
      const texts = new Map(state.noteUris.map((uri) => [uri, uri.endsWith('data.md') ? extra : fs.readFileSync(path.join(notesFolder, 'architecture.md'), 'utf8')]));
      const restored = new NotesIndex({ ignoreTerms });
      restored.loadState(decoded.state, (uri) => () => texts.get(uri), isAdmittedName);
      return restored;
    }

    const found = (index: NotesIndex) => termsInDocument(index, doc, true).map(({ entry, occurrences }) => [entry.key, occurrences.map((o) => o.start)]);

    it('is built after a start without one from the snapshot\'s flags, no definition made for it', () => {
      // A loose one-word term and a topic that has distilled nothing: weak, so not matched alone.
      const weak = '# AREA\n## throttling\n---\n* https://example.com/throttling\n## queues\n* backlog: work waiting in a queue\n* _load shedding_: dropping work under load\n';
      const original = new NotesIndex();
      original.upsert(parseNote('file:///notes/weak.md', weak), { text: weak, read: () => weak });
      for (const [key, matchable] of [['throttling', false], ['backlog', false], ['load shedding', true]] as const) {
        assert.equal(original.matchable(original.lookupExact(key)[0]), matchable, key);
      }
      const decoded = decodeSnapshot(encodeSnapshot({ state: original.exportState(isAdmittedName), stamps: [null] }, 'v1', 'k'), 'v1', 'k');
      assert.ok(typeof decoded !== 'string', String(decoded));
      assert.equal(decoded.state.matcher, undefined);
      const restored = new NotesIndex();
      restored.loadState(decoded.state, () => () => weak, isAdmittedName);
      const deferred = (entry: TermEntry) => (entry as { onlyWeakWhileDeferred?: () => boolean | undefined }).onlyWeakWhileDeferred?.() !== undefined;
      assert.deepEqual(admittedMatcher(restored).entries.map((entry) => entry.key), admittedMatcher(original).entries.map((entry) => entry.key));
      assert.ok([...restored.terms()].every(deferred), 'the matcher was chosen without making a definition');
      // Once made, the definitions answer: here as in the index the snapshot was taken from.
      for (const key of ['throttling', 'backlog', 'load shedding']) {
        const entry = restored.lookupExact(key)[0];
        assert.ok(entry.definitions.length > 0 && !deferred(entry));
        assert.equal(restored.matchable(entry), original.matchable(original.lookupExact(key)[0]), key);
      }
    });

    it('is written with the index once built, and a start takes it up: the same trie, the same terms found', () => {
      const original = indexed();
      assert.equal(original.exportState(isAdmittedName).matcher, undefined, 'none is built just to be written');
      const built = admittedMatcher(original);
      const state = original.exportState(isAdmittedName);
      assert.ok(state.matcher && state.matcher.entries.length === built.entries.length);
      const restored = restart(state);
      // Taken up, not built: the restored index has it before any scan asks for it.
      assert.ok(restored.exportState(isAdmittedName).matcher, 'the matcher came with the state');
      const takenUp = admittedMatcher(restored);
      assert.deepEqual(takenUp.entries.map((entry) => entry.key), built.entries.map((entry) => entry.key));
      // A matcher built afresh over the restored index is the one taken up.
      const rebuilt = restart({ ...state, matcher: undefined });
      assert.deepEqual(trieState(takenUp.matcher.trie), trieState(admittedMatcher(rebuilt).matcher.trie));
      assert.deepEqual(found(restored), found(original));
      assert.ok(found(restored).some(([key]) => key === 'cqrs') && found(restored).some(([key]) => key === 'sql js'), JSON.stringify(found(restored)));
    });

    it('is finished for the snapshot when its idle pass is still under way', async () => {
      const index = indexed();
      // A pass that pauses after its first slice and is never resumed.
      void prepareAdmittedMatcher(index, () => new Promise<void>(() => undefined), 0);
      await Promise.resolve();
      assert.equal(index.exportState(isAdmittedName).matcher, undefined, 'under way, not finished');
      index.finishPreparedMatcher(isAdmittedName);
      const state = index.exportState(isAdmittedName);
      assert.ok(state.matcher);
      assert.deepEqual(found(restart(state)), found(indexed()));
    });

    it('is not taken up under other ignored terms, and holds after an edit that changes no name but not after one that does', () => {
      const original = indexed();
      admittedMatcher(original);
      const state = original.exportState(isAdmittedName);
      const ignoring = restart(state, ['circuit breaker']);
      assert.equal(ignoring.exportState(isAdmittedName).matcher, undefined);
      assert.ok(!found(ignoring).some(([key]) => key === 'circuit breaker'));
      assert.ok(found(restart(state)).some(([key]) => key === 'circuit breaker'));
      const restored = restart(state);
      const takenUp = admittedMatcher(restored).matcher;
      const edited = extra.replace('the other end', 'the receiving end');
      restored.upsert(parseNote('file:///notes/data.md', edited), { text: edited, read: () => edited });
      assert.equal(admittedMatcher(restored).matcher, takenUp, 'the same names: the same matcher');
      const named = `${edited}* _saga_: a sequence of local transactions\n`;
      restored.upsert(parseNote('file:///notes/data.md', named), { text: named, read: () => named });
      assert.notEqual(admittedMatcher(restored).matcher, takenUp);
      assert.ok(termsInDocument(restored, 'A saga coordinates the order service.', true).some(({ entry }) => entry.key === 'saga'));
    });

    it('is taken up before a change that comes before any scan, and kept or replaced as the change says', () => {
      const original = indexed();
      admittedMatcher(original);
      const state = original.exportState(isAdmittedName);
      const edited = extra.replace('the other end', 'the receiving end');
      const sameNames = restart(state);
      sameNames.upsert(parseNote('file:///notes/data.md', edited), { text: edited, read: () => edited });
      // A trie taken up keeps the plain form it came from; one built afresh has none.
      assert.ok(admittedMatcher(sameNames).matcher.trie.state, 'the names did not change: the matcher taken up holds');
      assert.deepEqual(found(sameNames), found(original));
      const named = `${edited}* _saga_: a sequence of local transactions\n`;
      const newName = restart(state);
      newName.upsert(parseNote('file:///notes/data.md', named), { text: named, read: () => named });
      assert.equal(admittedMatcher(newName).matcher.trie.state, undefined, 'a new name: built again');
      assert.ok(termsInDocument(newName, 'A saga coordinates the order service.', true).some(({ entry }) => entry.key === 'saga'));
    });

    it('is taken up in idle slices after a start, and a change meanwhile finishes it first', async () => {
      const original = indexed();
      admittedMatcher(original);
      const state = original.exportState(isAdmittedName);
      const restored = restart(state);
      // A pass that pauses after its first slice and is never resumed.
      void prepareAdmittedMatcher(restored, () => new Promise<void>(() => undefined), 0);
      await Promise.resolve();
      const edited = extra.replace('the other end', 'the receiving end');
      restored.upsert(parseNote('file:///notes/data.md', edited), { text: edited, read: () => edited });
      assert.ok(admittedMatcher(restored).matcher.trie.state, 'taken up, then kept: the names did not change');
      assert.deepEqual(found(restored), found(original));
    });

    it('is refused, with the snapshot, when its numbers point nowhere', () => {
      const index = indexed();
      admittedMatcher(index);
      const state = index.exportState(isAdmittedName);
      const damaged = (change: (matcher: NonNullable<typeof state.matcher>) => void) => {
        const copy = structuredClone(state);
        change(copy.matcher!);
        return decodeSnapshot(encodeSnapshot({ state: copy, stamps: copy.noteUris.map(() => null) }, 'v1', 'k'), 'v1', 'k');
      };
      assert.ok(typeof damaged(() => undefined) !== 'string', 'the copy itself is sound');
      assert.match(damaged((m) => void (m.trie.edges[2] = m.trie.nodeEnds.length)) as string, /damaged \(matcher edges\)/);
      assert.match(damaged((m) => void (m.trie.endIds[0] = m.entries.length)) as string, /damaged \(matcher ends\)/);
      assert.match(damaged((m) => void (m.trie.rootChildren[0] = -2)) as string, /damaged \(matcher keys\)/);
      assert.match(damaged((m) => void (m.entries[0] = state.entryKeys.length)) as string, /damaged \(matcher\)/);
      assert.match(damaged((m) => void (m.trie.longestTerm = 1000)) as string, /damaged \(matcher sizes\)/);
    });
  });

  it('is written part by part as the bytes encodeSnapshot gives, past the parts one system call takes', () => {
    // Every note's details are a part of their own: 1,200 notes are three batches of writes.
    const index = new NotesIndex();
    for (let i = 0; i < 1200; i++) {
      const uri = pathToFileURL(path.join(notesFolder, `many-${i}.md`)).href;
      const text = `# AREA\n## topic ${i % 7}\n* _term ${i}_: text ${'é'.repeat(i % 5)} about the circuit breaker https://example.com/${i}\n`;
      index.upsert(parseNote(uri, text), { text, read: () => text });
    }
    const state = index.exportState();
    const snapshot: IndexSnapshot = { state, stamps: state.noteUris.map((_, i) => ({ size: i, mtimeMs: i * 2 })) };
    const store = new SnapshotFolder(snapshotFolder, { version: 'v1' });
    store.write('k', snapshot);
    const [file] = fs.readdirSync(snapshotFolder);
    assert.ok(fs.readFileSync(path.join(snapshotFolder, file)).equals(encodeSnapshot(snapshot, 'v1', 'k')));
    const read = store.read('k');
    assert.ok(read, 'taken up');
    const restored = new NotesIndex();
    restored.loadState(read.state, () => () => undefined);
    assert.deepEqual(restored.snapshot(), index.snapshot());
    assert.deepEqual(read.stamps[1199], { size: 1199, mtimeMs: 2398 });
  });

  it('logs and goes on when its folder cannot be written or read', async () => {
    const blocked = path.join(scratch, 'a-file');
    fs.writeFileSync(blocked, 'not a folder');
    const messages: string[] = [];
    const store = new SnapshotFolder(path.join(blocked, 'snapshots'), { version: 'v1', log: (m) => messages.push(m) });
    const workspace = new NotesWorkspace({ snapshots: store });
    await workspace.configure(settings());
    workspace.writeSnapshot();
    assert.equal(workspace.index.size, 7);
    assert.ok(messages.some((m) => m.startsWith('Index snapshot: cannot write')), messages.join('\n'));
    // A snapshot file that is garbage: logged, not used, and replaced by the next write.
    const folder = new SnapshotFolder(snapshotFolder, { version: 'v1', log: (m) => messages.push(m) });
    const first = new NotesWorkspace({ snapshots: folder });
    await first.configure(settings());
    first.writeSnapshot();
    const [file] = fs.readdirSync(snapshotFolder);
    fs.writeFileSync(path.join(snapshotFolder, file), 'garbage\n');
    const second = new NotesWorkspace({ snapshots: folder });
    await second.configure(settings());
    second.writeSnapshot();
    assert.ok(messages.some((m) => /not used: .*(damaged|format)/.test(m)), messages.join('\n'));
    assert.equal(second.index.size, 7);
    assert.ok(fs.readFileSync(path.join(snapshotFolder, file)).length > 1000, 'written again');
  });
  it('sweeps, when opened, the temporaries of its own writes whose writer is gone, and nothing else', () => {
    fs.mkdirSync(snapshotFolder, { recursive: true });
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const named = (pid: number) => `index-0123456789abcdef.bin.${pid}.tmp`;
    const files = {
      dead: named(gone),
      live: named(process.pid),
      // A live pid, but untouched for an hour: a writer that died and whose pid was given again.
      old: named(process.ppid),
      snapshot: 'index-0123456789abcdef.bin',
      unrelated: `notes.${gone}.tmp`,
      other: `index-xyz.bin.${gone}.tmp`,
    };
    for (const name of Object.values(files)) fs.writeFileSync(path.join(snapshotFolder, name), 'x');
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    fs.utimesSync(path.join(snapshotFolder, files.old), hourAgo, hourAgo);
    new SnapshotFolder(snapshotFolder, { version: 'v1' });
    const left = fs.readdirSync(snapshotFolder).sort();
    assert.deepEqual(left, [files.live, files.snapshot, files.other, files.unrelated].sort());
  });
});
