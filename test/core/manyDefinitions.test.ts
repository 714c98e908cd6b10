import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_SENSES_WEIGHED, termAt } from '../../server/src/core/query/lookup';
import { StoredNote } from '../../server/src/core/index/storedNote';
import { hiddenDefinitions, LINKED_DEFINITIONS_READ } from '../../server/src/core/query/present';
import { PROFILE_DEFINITIONS, profileOf } from '../../server/src/core/relevance/sense';
import { NotesWorkspace } from '../../server/src/core/workspace/notesWorkspace';
import { completion, resolveCompletion } from '../../server/src/features/completion';
import type { FeatureContext } from '../../server/src/features/context';
import { hover } from '../../server/src/features/hover';
import { NOTES_READ, references } from '../../server/src/features/references';

// A term defined in thousands of notes (a generated folder of them, indexed as the server
// indexes): its hover, completion and references answer with a summary and a cap, and say how
// many definitions they leave out, instead of reading or showing every one.

const DEFINED_IN = 2_500;

describe('a term defined in thousands of notes', function () {
  this.timeout(60_000);
  let scratch: string;
  let context: FeatureContext;
  const docUri = 'untitled:design.md';
  const doc = TextDocument.create(docUri, 'markdown', 1, 'Reads go through the cache first.\nThe ca\n');
  const onCache = { line: 0, character: 23 };

  before(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'an-many-'));
    for (let i = 0; i < DEFINED_IN; i++) {
      fs.writeFileSync(path.join(scratch, `n${i}.md`), `# AREA ${i}\n\n## topic ${i}\n\n* _cache_: a store near its reader, number ${i} https://example.com/${i}\n* the cache of note ${i} is warm\n`);
    }
    const workspace = new NotesWorkspace();
    await workspace.configure({ entries: [scratch], baseFolders: [], ignoreTerms: [], maxFileBytes: 1_000_000 });
    context = { workspace, documents: { get: (uri) => (uri === docUri ? doc : undefined), all: () => [doc] }, languages: () => ['markdown'] };
  });

  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('is indexed with every definition', () => {
    const found = termAt(context.workspace.index, doc.getText(), doc.offsetAt(onCache));
    assert.equal(found?.entry.definitions.length, DEFINED_IN);
    assert.ok(DEFINED_IN > MAX_SENSES_WEIGHED, 'more definitions than a hover weighs sense by sense');
  });

  it('reads its sense from its first PROFILE_DEFINITIONS definitions, not from all of them', () => {
    const entry = termAt(context.workspace.index, doc.getText(), doc.offsetAt(onCache))!.entry;
    const profile = profileOf(context.workspace.index, entry);
    assert.equal(profile.uris.length, PROFILE_DEFINITIONS);
    assert.deepEqual(profile.uris, entry.definitions.slice(0, PROFILE_DEFINITIONS).map((definition) => definition.uri));
  });

  it('hover shows the first ten definitions and the count of the others, as plain text', () => {
    const card = hover(context, docUri, onCache);
    assert.ok(card && typeof card.contents === 'object' && 'value' in card.contents);
    const value = (card.contents as { value: string }).value;
    assert.equal(value.match(/\* — a store near its reader, number \d+/g)?.length, 10, 'ten definitions shown');
    assert.ok(value.includes(hiddenDefinitions(DEFINED_IN - 10)), 'the count of the rest');
    assert.ok(value.includes('and 2,490 more definitions: Find All References lists every one'), value.slice(-300));
    assert.ok(!/command:/i.test(value), 'no command link');
    assert.ok(value.length < 16 * 1024, `the hover is ${value.length} characters`);
  });

  it('completion offers the term once, with the same capped card', () => {
    const list = completion(context, docUri, { line: 1, character: 6 });
    const items = list.items.filter((item) => item.label === 'cache');
    assert.equal(items.length, 1);
    // The card comes with the item's resolve (completionItem/resolve).
    const documentation = resolveCompletion(context, items[0]).documentation as { value: string };
    assert.ok(documentation.value.includes(hiddenDefinitions(DEFINED_IN - 10)));
  });

  it('references list every definition, and read at most NOTES_READ notes again for the uses', () => {
    const read: string[] = [];
    const noteText = context.workspace.noteText.bind(context.workspace);
    context.workspace.noteText = (uri: string) => {
      read.push(uri);
      return noteText(uri);
    };
    try {
      const locations = references(context, docUri, onCache, true);
      const definitionsFound = locations.filter((l) => l.uri !== docUri && l.range.start.line === 4);
      assert.equal(definitionsFound.length, DEFINED_IN, 'every definition is listed');
      assert.ok(read.length <= NOTES_READ, `${read.length} notes read`);
      // The uses in the notes that were read are found where they stand (line 5 of each).
      const uses = locations.filter((l) => l.range.start.line === 5);
      assert.equal(uses.length, read.length);
      assert.ok(locations.some((l) => l.uri === docUri), 'the use in the open document');
      assert.ok(read.every((uri) => uri.startsWith(pathToFileURL(scratch).href)));
    } finally {
      context.workspace.noteText = noteText;
    }
  });
});

// The same definition in thousands of notes (a note copied into every folder of a large
// collection): the card shows it once, names a few of its places and counts the rest, as fast.
describe('a term defined in the same words in thousands of notes', function () {
  this.timeout(60_000);
  let scratch: string;
  let context: FeatureContext;
  const docUri = 'untitled:design.md';
  const doc = TextDocument.create(docUri, 'markdown', 1, 'Reads go through the cache first.\n');
  const onCache = { line: 0, character: 23 };

  before(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'an-many-same-'));
    for (let i = 0; i < DEFINED_IN; i++) {
      const folder = path.join(scratch, `copy${i}`);
      fs.mkdirSync(folder);
      fs.writeFileSync(path.join(folder, 'caching.md'), '# AREA\n\n## caching\n\n* _cache_: a store near its reader https://example.com/cache\n* the cache is warm\n');
    }
    const workspace = new NotesWorkspace();
    await workspace.configure({ entries: [scratch], baseFolders: [], ignoreTerms: [], maxFileBytes: 1_000_000 });
    context = { workspace, documents: { get: (uri) => (uri === docUri ? doc : undefined), all: () => [doc] }, languages: () => ['markdown'] };
  });

  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('hover shows the definition once, names three places and counts the others', () => {
    hover(context, docUri, { line: 0, character: 1 }); // a plain word first: the lookup tables are built
    // The first hover reads the details (links, continuation) of a few hundred definitions at
    // most: reading the one link of every copy held it for most of a second.
    const read = new Set<string>();
    const details = StoredNote.prototype.definitionDetails;
    StoredNote.prototype.definitionDetails = function (this: StoredNote, definition, ordinal) {
      read.add(`${this.uri}#${ordinal}`);
      return details.call(this, definition, ordinal);
    };
    let card: ReturnType<typeof hover>;
    try {
      card = hover(context, docUri, onCache);
    } finally {
      StoredNote.prototype.definitionDetails = details;
    }
    assert.ok(read.size <= LINKED_DEFINITIONS_READ + 1, `the details of ${read.size} definitions read`);
    assert.ok(card && typeof card.contents === 'object' && 'value' in card.contents);
    const value = (card.contents as { value: string }).value;
    assert.equal(value.match(/— a store near its reader/g)?.length, 1, value.slice(0, 2000));
    const places = value.match(/In \[copy\d+\/caching\.md\]\([^)]+\), \[copy\d+\/caching\.md\]\([^)]+\), \[copy\d+\/caching\.md\]\([^)]+\) and ([\d,]+) more places/);
    assert.ok(places, value.slice(0, 2000));
    assert.ok(value.length < 16 * 1024, `the hover is ${value.length} characters`);
  });

  it('hovers again in under 50 ms', () => {
    // The best of three: a hang guard on a machine busy with other work, not a benchmark.
    const times = [0, 1, 2].map(() => {
      const started = performance.now();
      hover(context, docUri, onCache);
      return performance.now() - started;
    });
    assert.ok(Math.min(...times) < 50, times.map((ms) => ms.toFixed(1)).join(', '));
  });
});
