// The same notes indexed twice: a copy of the bundled note inside the user's own notes folder.
// A card shows each definition once and names both notes; search lists each item once and
// keeps the other place; definitions that differ, however little, stay apart.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readNote } from '../../server/src/core/formats/readNote';
import { NotesIndex, type TermEntry } from '../../server/src/core/index/notesIndex';
import { rankedReferences, readerWords, termMarkdown, termText } from '../../server/src/core/query/present';
import { NotesSearch } from '../../server/src/core/query/search';
import { NotesWorkspace } from '../../server/src/core/workspace/notesWorkspace';
import type { FeatureContext } from '../../server/src/features/context';
import { definition } from '../../server/src/features/definition';
import { noteDiagnostics } from '../../server/src/features/diagnostics';
import { hover } from '../../server/src/features/hover';
import { search as searchNotes } from '../../server/src/features/search';
import { workspaceSymbols } from '../../server/src/features/symbols';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const BUNDLED = fs.readFileSync(path.join(__dirname, '../../../notes-data/architecture.md'), 'utf8');
const BUNDLED_URI = 'file:///opt/extension/notes-data/architecture.md';
const COPY_URI = 'file:///home/me/notes/architecture.md';

/** An index of notes read as the server reads them from disk (kept as stored notes, their details compressed). */
function indexOf(notes: Record<string, string>): NotesIndex {
  const index = new NotesIndex();
  for (const [uri, text] of Object.entries(notes)) index.upsert(readNote(uri, text), { text, read: () => text });
  return index;
}

function entryOf(index: NotesIndex, term: string): TermEntry {
  const [entry] = index.lookupExact(term);
  assert.ok(entry, `no entry for ${term}`);
  return entry;
}

/** How many times a text occurs in another. */
function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

const openLink = (definition: { uri: string; termRange: { start: { line: number } } }) => `${definition.uri}#L${definition.termRange.start.line + 1}`;
const allNotes = () => true;

describe('the same notes indexed twice: cards', () => {
  const once = indexOf({ [BUNDLED_URI]: BUNDLED });
  const twice = indexOf({ [BUNDLED_URI]: BUNDLED, [COPY_URI]: BUNDLED });

  it('shows a definition once, and names both notes, each opening its own place', () => {
    const entry = entryOf(twice, 'circuit breaker');
    assert.equal(entry.definitions.length, 2, 'both definitions are indexed: go to definition offers both');
    const card = termMarkdown(entry, rankedReferences(entry, []), { definitionLink: openLink, isIndexedNote: allNotes });
    const alone = termMarkdown(entryOf(once, 'circuit breaker'), rankedReferences(entryOf(once, 'circuit breaker'), []));
    assert.equal(count(card, 'error handling'), count(alone, 'error handling'), card);
    assert.equal(count(card, 'avoid fault in one part of a system'), 1, card);
    assert.match(card, /\[notes-data\/architecture\.md\]\(file:\/\/\/opt\/extension\/notes-data\/architecture\.md#L\d+\)/);
    assert.match(card, /\[notes\/architecture\.md\]\(file:\/\/\/home\/me\/notes\/architecture\.md#L\d+\)/);
  });

  it('shows as many definitions for every term as the note alone does', () => {
    const blocks = (index: NotesIndex, entry: TermEntry) => termMarkdown(entry, []).split('\n\n---\n\n').length;
    for (const entry of once.terms()) {
      assert.equal(blocks(twice, entryOf(twice, entry.term)), blocks(once, entry), entry.term);
    }
  });

  it('prints a definition once in the terminal, naming both notes', () => {
    const text = termText(entryOf(twice, 'circuit breaker'), []);
    assert.equal(count(text, 'error handling'), 1, text);
    assert.match(text, /notes-data\/architecture\.md/);
    assert.match(text, /notes\/architecture\.md/);
    for (const entry of once.terms()) {
      assert.equal(count(termText(entryOf(twice, entry.term), []), '\n\n'), count(termText(entry, []), '\n\n'), entry.term);
    }
  });
});

describe('the same notes indexed twice: definitions that differ stay apart', () => {
  const index = indexOf({
    'file:///a/notes.md': ['# ZA', '## caching', '* _cache_: a store near its reader', '* _queue_: a buffer of messages', '* drained by workers', '* _lock_: a mutex 📙 Kleppmann [12]', '* _log_: an append-only file https://a.example/log', ''].join('\n'),
    'file:///b/notes.md': ['# ZA', '## caching', '* _cache_: a store far from its reader', '* _queue_: a buffer of messages', '* drained by a cron job', '* _lock_: a mutex 📙 Kleppmann [13]', '* _log_: an append-only file https://b.example/log', ''].join('\n'),
    'file:///c/notes.md': ['# ZA', '## caching', '* _cache_: A store near its reader.', ''].join('\n'),
  });

  it('keeps two texts apart, and one that differs only in case and a final stop together', () => {
    const card = termMarkdown(entryOf(index, 'cache'), []);
    assert.equal(count(card, '— a store near its reader'), 1, card);
    assert.equal(count(card, '— a store far from its reader'), 1, card);
    assert.doesNotMatch(card, /A store near its reader\./);
  });

  it('keeps the same text apart where what follows it differs: continuation, citations, links', () => {
    for (const term of ['queue', 'lock', 'log']) {
      // The names, then each definition.
      assert.equal(termMarkdown(entryOf(index, term), []).split('\n\n---\n\n').length, 3, term);
      assert.equal(count(termText(entryOf(index, term), []), '\n\n'), 2, term);
    }
  });
});

describe('readerWords: the words a reader sees', () => {
  it('leaves out case, spacing, the final stops and the markup', () => {
    assert.equal(readerWords('  A store\n near its   reader.;  '), 'a store near its reader');
    assert.equal(readerWords('a *table* of [messages](https://example.com/m).'), 'a table of messages');
    assert.equal(readerWords('x,,, y'), 'x,,, y');
    assert.equal(readerWords('...'), '');
  });

  it('takes linear time on a long run of marks before the end', () => {
    const started = performance.now();
    assert.equal(readerWords(`x${','.repeat(300_000)}y, see`), `x${','.repeat(300_000)}y, see`);
    assert.ok(performance.now() - started < 5_000);
  });
});

describe('the same notes indexed twice: search', () => {
  const twice = indexOf({ [BUNDLED_URI]: BUNDLED, [COPY_URI]: BUNDLED });
  const search = new NotesSearch(twice);

  it('lists a link and a quote once, with the other place kept', () => {
    const results = search.search('circuit');
    const links = results.filter((r) => r.kind === 'link');
    assert.ok(links.length > 0);
    assert.equal(new Set(links.map((r) => r.url)).size, links.length, links.map((r) => r.url).join('\n'));
    const quotes = results.filter((r) => r.kind === 'quote');
    assert.equal(new Set(quotes.map((r) => r.detail)).size, quotes.length, quotes.map((r) => r.detail).join('\n'));
    for (const result of [...links, ...quotes]) {
      assert.deepEqual(result.others?.map((other) => other.uri), [result.uri === BUNDLED_URI ? COPY_URI : BUNDLED_URI], result.label);
    }
  });

  it('lists a term once, with the other place of the same definition kept', () => {
    const terms = search.search('circuit breaker').filter((r) => r.kind === 'term');
    assert.deepEqual(terms.map((r) => r.label), ['circuit breaker']);
    assert.deepEqual([terms[0].uri, ...(terms[0].others ?? []).map((other) => other.uri)].sort(), [BUNDLED_URI, COPY_URI].sort());
    assert.equal(terms[0].alsoIn, 1);
    const all = search.search('', { limit: 500 });
    assert.equal(new Set(all.map((r) => `${r.kind}:${r.label}`)).size, all.length);
  });

  it('keeps apart the same words in two notes that define them differently', () => {
    const index = indexOf({
      'file:///a/notes.md': ['# ZA', '## caching', '* _cache_: a store near its reader', ''].join('\n'),
      'file:///b/notes.md': ['# ZA', '## caching', '* _cache_: a store far from its reader', ''].join('\n'),
    });
    const [cache] = new NotesSearch(index).search('cache').filter((r) => r.kind === 'term');
    assert.equal(cache.others, undefined);
  });
});

describe('the same notes indexed twice: the editor features', () => {
  // Two notes folders that do not exist: the notes are open documents, indexed from their text.
  const root = path.join(path.parse(process.cwd()).root, 'in-memory-twice');
  const bundledFolder = path.join(root, 'extension', 'notes-data');
  const ownFolder = path.join(root, 'me', 'notes');
  const uriIn = (folder: string, name: string) => pathToFileURL(path.join(folder, name)).href;
  const docUri = 'untitled:design.md';
  const DOC = 'Each call goes through a circuit breaker.\n';
  const GLOSSARY = '# Glossary\n\n**Outbox**: a *table* of messages, written with the change.\n\n**Saga**: a sequence of local transactions.\n';
  let context: FeatureContext;

  before(async () => {
    const workspace = new NotesWorkspace();
    await workspace.configure({ entries: [bundledFolder, ownFolder], baseFolders: [], ignoreTerms: [], maxFileBytes: 5_000_000 });
    const docs = new Map<string, TextDocument>();
    const open = (uri: string, text: string) => {
      docs.set(uri, TextDocument.create(uri, 'markdown', 1, text));
      if (uri !== docUri) workspace.noteOpened(uri, text);
    };
    for (const folder of [bundledFolder, ownFolder]) {
      open(uriIn(folder, 'architecture.md'), BUNDLED);
      open(uriIn(folder, 'glossary.md'), GLOSSARY);
    }
    open(docUri, DOC);
    context = { workspace, documents: { get: (uri) => docs.get(uri), all: () => [...docs.values()] }, languages: () => ['markdown'] };
  });

  const onBreaker = { line: 0, character: DOC.indexOf('breaker') };

  it('hover shows the definition once and names both notes; go to definition offers both', () => {
    const card = hover(context, docUri, onBreaker);
    assert.ok(card && typeof card.contents === 'object' && 'value' in card.contents);
    const value = card.contents.value;
    assert.equal(count(value, '— error handling'), 1, value);
    assert.match(value, /In \[notes-data\/architecture\.md\]\([^)]+\) and \[notes\/architecture\.md\]\([^)]+\)|In \[notes\/architecture\.md\]\([^)]+\) and \[notes-data\/architecture\.md\]\([^)]+\)/);
    assert.deepEqual(definition(context, docUri, onBreaker).map((location) => location.uri).sort(), [uriIn(bundledFolder, 'architecture.md'), uriIn(ownFolder, 'architecture.md')].sort());
  });

  it('Search Notes and workspace symbols list each item once', () => {
    const items = searchNotes(context, { query: 'circuit breaker', limit: 200 });
    const keys = items.map((item) => `${item.kind}:${item.label}:${item.kind === 'link' ? item.url : item.detail}`);
    assert.deepEqual(keys, [...new Set(keys)]);
    const term = items.find((item) => item.kind === 'term' && item.label === 'circuit breaker');
    assert.equal(term?.alsoIn, 1);
    assert.equal(term?.others?.length, 1);
    const symbols = workspaceSymbols(context, 'circuit');
    assert.equal(symbols.filter((symbol) => symbol.name === 'circuit breaker').length, 1);
    const all = searchNotes(context, { query: '', limit: 500 });
    assert.equal(new Set(all.map((item) => `${item.kind}:${item.label}`)).size, all.length);
  });

  it('flags no copy of a glossary as defining its terms differently', () => {
    for (const folder of [bundledFolder, ownFolder]) {
      const note = context.workspace.index.note(uriIn(folder, 'glossary.md'))!;
      assert.deepEqual(noteDiagnostics(context, note).filter((d) => d.code === 'different-definition'), []);
    }
  });
});
