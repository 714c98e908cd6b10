import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { NotesIndex } from '../../server/src/core/index/notesIndex';
import { referencesFor } from '../../server/src/core/query/lookup';
import { NumberList } from '../../server/src/core/index/numberList';
import { noteReader } from '../../server/src/core/notes/noteFiles';
import { parseNote } from '../../server/src/core/formats/dialect/parser';
import { readNote } from '../../server/src/core/formats/readNote';
import { termMarkdown } from '../../server/src/core/query/present';
import { detailsReplacer, detailsWriter, StoredDefinition } from '../../server/src/core/index/storedNote';

const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');

// Notes that share terms, topics, links and words, so that cards, references and mentions
// draw on several notes at once.
const smallNotes: Record<string, string> = {
  'caching.md': [
    '# PATTERNS', '', '## cache aside', '* _cache aside_: read through the cache https://example.com/aside', '',
    '* _circuit breaker_: stops calls to a failing service https://example.com/cb 📙 Nygard [112]',
    '  * trips after repeated failures', '> "fail fast" — Nygard', '',
    '* the circuit breaker protects a service https://example.com/mention', '* plain line about circuit breaker state',
  ].join('\n'),
  'resilience.md': [
    '# PATTERNS', '', '## circuit breaker', '* _bulkhead_: isolates failures https://example.com/bulkhead', '',
    '* _circuit breaker_: see also retries', '* retries and circuit breaker together https://example.com/both', '---',
    '* _circuit breaker_: inbox note https://example.com/inbox',
  ].join('\n'),
};

/** The same files indexed twice: as models kept whole, and stored (parsed again from disk on demand). */
function indexBoth(folder: string): { whole: NotesIndex; stored: NotesIndex; uris: string[] } {
  const whole = new NotesIndex();
  const stored = new NotesIndex();
  const uris: string[] = [];
  for (const name of fs.readdirSync(folder).sort()) {
    const file = path.join(folder, name);
    const text = fs.readFileSync(file, 'utf8');
    const uri = pathToFileURL(file).href;
    uris.push(uri);
    whole.upsert(parseNote(uri, text));
    stored.upsert(parseNote(uri, text), { text, read: noteReader(file) });
  }
  return { whole, stored, uris };
}

describe('stored notes: an index that parses notes again on demand answers as one that keeps them whole', () => {
  let folder: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'stored-notes-'));
    fs.copyFileSync(path.join(fixtures, 'architecture.md'), path.join(folder, 'architecture.md'));
    fs.copyFileSync(path.join(fixtures, 'architecture.raw.md'), path.join(folder, 'damaged.md'));
    for (const [name, text] of Object.entries(smallNotes)) fs.writeFileSync(path.join(folder, name), text);
  });

  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('keeps definitions as StoredDefinition, and the same terms, names and words', () => {
    const { whole, stored } = indexBoth(folder);
    assert.ok([...stored.terms()].every((entry) => entry.definitions.every((d) => d instanceof StoredDefinition)));
    assert.ok([...whole.terms()].every((entry) => entry.definitions.every((d) => !(d instanceof StoredDefinition))));
    assert.deepEqual(stored.snapshot(), whole.snapshot());
  });

  it('gives every note, card, reference list and definition the same', () => {
    const { whole, stored, uris } = indexBoth(folder);
    for (const uri of uris) assert.deepEqual(stored.note(uri), whole.note(uri));
    const wholeEntries = new Map([...whole.terms()].map((entry) => [entry.key, entry]));
    let cards = 0;
    for (const entry of stored.terms()) {
      const other = wholeEntries.get(entry.key)!;
      assert.equal(termMarkdown(entry, referencesFor(stored, entry.term, entry, 5)), termMarkdown(other, referencesFor(whole, other.term, other, 5)), entry.term);
      assert.deepEqual(referencesFor(stored, entry.term, entry), referencesFor(whole, other.term, other));
      assert.deepEqual(JSON.parse(JSON.stringify(entry.definitions)), JSON.parse(JSON.stringify(other.definitions)));
      for (const [i, definition] of entry.definitions.entries()) {
        const wholeDefinition = other.definitions[i];
        for (const field of ['range', 'termRange', 'links', 'citations', 'quotes', 'continuation', 'kind', 'inbox', 'loose', 'uri'] as const) {
          assert.deepEqual(definition[field], wholeDefinition[field], `${entry.term} ${field}`);
        }
      }
      cards++;
    }
    assert.ok(cards > 50, `${cards} terms compared`);
  });

  it("gives back a concept note's details as read: links in its own section and under another heading", () => {
    // The details keep a link's section path as 0 when it is its definition's own (see storedForm).
    const file = path.join(folder, 'cache-aside.md');
    const text = ['---', 'title: Cache aside', 'alias: lazy loading', '---', '', 'Reads go through the cache, filled on a miss: https://example.com/aside', '', '## See also', '', '- the other way round, read-through: https://example.com/through', ''].join('\n');
    fs.writeFileSync(file, text);
    const uri = pathToFileURL(file).href;
    const index = new NotesIndex();
    index.upsert(readNote(uri, text), { text, read: noteReader(file) });
    const [definition] = index.filedDefinitions(uri);
    assert.ok(definition instanceof StoredDefinition);
    const parsed = readNote(uri, text).definitions[0];
    assert.deepEqual(parsed.links.map((link) => link.sectionPath), [[], ['See also']]);
    for (const field of ['links', 'citations', 'quotes', 'continuation'] as const) assert.deepStrictEqual(definition[field], parsed[field], field);
  });

  it('finds the same mentions, with their links', () => {
    const { whole, stored } = indexBoth(folder);
    const phrases = ['circuit breaker', 'cache', 'retries circuit', 'service', 'failures', 'event sourcing', 'café', 'nothing-like-this'];
    for (const entry of whole.terms()) phrases.push(entry.term);
    for (const phrase of phrases) assert.deepEqual(stored.mentions(phrase, 20), whole.mentions(phrase, 20), phrase);
    assert.ok(stored.mentions('circuit breaker', 20).some((m) => m.links.length > 0));
  });

  it('shows the details of the version indexed when the file changed since, and the note as it is now', () => {
    const { stored } = indexBoth(folder);
    const file = path.join(folder, 'caching.md');
    const uri = pathToFileURL(file).href;
    const inCaching = () => stored.lookupExact('circuit breaker')[0].definitions.find((d) => d.uri === uri)!;
    assert.equal(inCaching().links[0].url, 'https://example.com/cb');
    // The watcher's report has not been handled yet: the index still holds the old version, whole.
    fs.writeFileSync(file, '# PATTERNS\n\n* _something else_: entirely https://example.com/new\n');
    assert.equal(inCaching().links[0].url, 'https://example.com/cb');
    assert.deepEqual(inCaching().citations.map((c) => c.book), ['Nygard']);
    assert.equal(stored.note(uri)!.definitions[0].term, 'something else');
    // Lines that mention a phrase are read from the notes: the changed note no longer has them.
    assert.ok(!stored.mentions('circuit breaker', 50).some((m) => m.uri === uri));
    // A file gone: nothing to parse (in an index that has not parsed it since), the details still kept.
    const { stored: again } = indexBoth(folder);
    fs.rmSync(file);
    assert.deepEqual(again.note(uri)!.definitions, []);
    assert.equal(again.lookupExact('something else')[0].definitions[0].links[0].url, 'https://example.com/new');
  });

  it('passes over, without parsing it, a note whose lines never hold every word of a phrase', () => {
    const index = new NotesIndex();
    const reads = new Map<string, number>();
    const add = (name: string, text: string) => {
      const uri = `file:///notes/${name}`;
      index.upsert(parseNote(uri, text), { text, read: () => { reads.set(name, (reads.get(name) ?? 0) + 1); return text; } });
    };
    // Both words in each note; on one line only in the second.
    add('apart.md', '* sharding is one line https://example.com/a\n* replication is another https://example.com/b\n');
    add('together.md', '* sharding with replication https://example.com/c\n');
    const found = index.mentions('sharding replication', 10);
    assert.deepEqual(found.map((m) => m.uri), ['file:///notes/together.md']);
    // Its text is read once to look at its lines; a parse would read it a second time.
    assert.equal(reads.get('apart.md'), 1, 'the note without a line holding both words is not parsed');
    assert.equal(reads.get('together.md'), 2, 'the note with such a line is parsed for its links');
  });

  it('keeps an editor text with a lone surrogate whole (it would not survive a trip through UTF-8)', () => {
    const index = new NotesIndex();
    const text = '* _lone_: half a pair \ud800 here https://example.com/lone\n';
    index.upsert(parseNote('file:///lone.md', text), { text, read: () => text });
    const definition = index.lookupExact('lone')[0].definitions[0];
    assert.ok(!(definition instanceof StoredDefinition));
    assert.equal(definition.links[0].url, 'https://example.com/lone');
  });
});

describe("a definition's details written as JSON", () => {
  const own = ['PATTERNS', 'cache'];
  const range = fc.record({ start: fc.record({ line: fc.nat(), character: fc.nat() }), end: fc.record({ line: fc.nat(), character: fc.nat() }) });
  const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('"quoted" \\ back', 'tab\tand\nline', '\ud800 lone', 'é 😀 \u2028'));
  const path = fc.oneof(fc.constant(own), fc.constant([...own]), fc.array(text, { maxLength: 3 }));
  const citation = fc.record({ book: text, page: fc.option(text, { nil: undefined }), kind: fc.constantFrom('book', 'bracket', 'page-only'), range });
  const link = fc.record({ url: text, description: text, range, sectionPath: path, label: fc.option(text, { nil: undefined }), inbox: fc.boolean() });
  const quote = fc.record({ text, range, source: fc.option(fc.record({ url: fc.option(text, { nil: undefined }), name: fc.option(text, { nil: undefined }), citation: fc.option(citation, { nil: undefined }) }), { nil: undefined }) });
  const details = fc.tuple(fc.array(text, { maxLength: 3 }), fc.array(quote, { maxLength: 3 }), fc.array(citation, { maxLength: 3 }), fc.array(link, { maxLength: 4 }));

  it('are the string JSON.stringify gives with the replacer, however the fields are filled', () => {
    fc.assert(fc.property(details, (value) => assert.equal(detailsWriter(value, own), JSON.stringify(value, detailsReplacer(own)))), { numRuns: 500 });
  });

  it('leave anything that is not plain data to JSON.stringify', () => {
    assert.equal(detailsWriter([[], [], [], [{ url: 'u', when: new Date(0) }]], own), undefined);
    assert.equal(detailsWriter([[], [], [], [{ url: 'u', call: () => 1 }]], own), undefined);
    assert.equal(detailsWriter([[1.5, -0, NaN, Infinity, null, true]], own), JSON.stringify([[1.5, -0, NaN, Infinity, null, true]], detailsReplacer(own)));
  });
});

describe('NumberList', () => {
  const operation = fc.oneof(
    fc.integer({ min: 0, max: 1_000_000 }).map((n) => ({ push: n })),
    fc.integer({ min: 2, max: 5 }).map((d) => ({ dropMultiplesOf: d })),
  );

  /** Applies the operations to the list and to an array, checking their lengths agree after each; the array after them. */
  function applyBoth(list: NumberList, start: number[], operations: ({ push: number } | { dropMultiplesOf: number })[]): number[] {
    let model = [...start];
    for (const op of operations) {
      if ('push' in op) {
        list.push(op.push);
        model.push(op.push);
      } else {
        const renumber = (n: number) => (n % op.dropMultiplesOf === 0 ? -1 : n + 1);
        list.renumber(renumber);
        model = model.map(renumber).filter((n) => n !== -1);
      }
      assert.equal(list.length, model.length);
    }
    assert.deepEqual(Array.from({ length: list.length }, (_, i) => list.at(i)), model);
    return model;
  }

  it('holds what an array would, through pushes and renumberings', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100 }), fc.array(operation, { maxLength: 300 }), (first, operations) => {
      const list = new NumberList(first);
      const model = applyBoth(list, [first], operations);
      assert.equal(list.some((n) => n === 7), model.includes(7));
    }), { numRuns: 300 });
  });

  it('over a run of a column, holds what an array would and never writes outside the run', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 60 }), fc.array(operation, { maxLength: 100 }), (run, operations) => {
      // The run between two guards in one column, as a snapshot's postings lie.
      const column = Int32Array.from([-7, -7, ...run, -9, -9]);
      applyBoth(NumberList.over(column.subarray(2, 2 + run.length)), run, operations);
      assert.deepEqual([column[0], column[1], column.at(-2), column.at(-1)], [-7, -7, -9, -9]);
    }), { numRuns: 300 });
  });
});
