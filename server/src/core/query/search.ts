// Ranked search over the notes, for the command palette and `architecture-notes search`:
// terms and topics by fuzzy name (fuzzysort), quotes and links by the words they contain.
// Results come in kind order, terms, topics, quotes, links, then by score: a term named by
// the query ("horizontal scaling" for "scaling") is what people look for, a quote that says
// the word is context. An empty query lists the terms, A to Z.

import fuzzysort = require('fuzzysort');
import type { NotesIndex, TermEntry } from '../index/notesIndex';
import type { NoteLink, Range } from '../model';
import { FuzzyTable } from './fuzzyTable';
import { finished, inSlices, sortedInSteps } from '../steps';
import { readerWords, sectionLabel } from './present';
import { hostOf, openableHref, type IndexedNoteTest } from './urlPolicy';

export type SearchKind = 'term' | 'topic' | 'quote' | 'link';

/**
 * What matched the query: the whole name (`exact`), its start (`prefix`), whole words of it
 * (`words`), letters of it in order (`fuzzy`), the words of a quote or a link's line (`text`),
 * or nothing, for the listing an empty query gets (`all`).
 */
export type SearchMatch = 'exact' | 'prefix' | 'words' | 'fuzzy' | 'text' | 'all';

const KIND_ORDER: readonly SearchKind[] = ['term', 'topic', 'quote', 'link'];

export interface SearchResult {
  kind: SearchKind;
  /** What the result is called: the term, the topic, the quote's first words, the link's description. */
  label: string;
  /** The definition or the line's text. */
  detail: string;
  sectionPath: string[];
  uri: string;
  range: Range;
  url?: string;
  match: SearchMatch;
  /** The name that matched, when it is another name of the term than its label. */
  matchedName?: string;
  score: number;
  /**
   * How many other places hold the same item (the same notes indexed twice): the term with
   * the same definition, the same quote, a link to the same URL. The result is the first.
   */
  alsoIn?: number;
  /** The first few of those places (at most OTHERS_LISTED), to reach them from the result. */
  others?: Place[];
}

/** Where an item stands in the notes. */
export interface Place {
  uri: string;
  range: Range;
}

/** Other places a result lists (see SearchResult.others); past these, it counts them. */
export const OTHERS_LISTED = 5;

/** A term's definitions compared with the one a result shows, for the places that say the same: a term may be defined in thousands of notes. */
const DEFINITIONS_COMPARED = 1000;

export interface SearchOptions {
  kinds?: SearchKind[];
  limit?: number;
  /** Which file links are indexed notes: only those, and web links, become an item's URL (see urlPolicy). */
  isIndexedNote?: IndexedNoteTest;
}

/** A term or topic a query names: its entry, the definition shown for it, how and how well it matched. */
export interface TermHit {
  entry: TermEntry;
  definition: TermEntry['definitions'][number];
  kind: SearchKind;
  match: SearchMatch;
  /** The name that matched, when it is another name of the term than its label. */
  matchedName?: string;
  score: number;
}

/** Terms, topics, quotes, links; within a kind, the best first (a stable sort: equal scores as found). */
function byKindAndScore(a: { kind: SearchKind; score: number }, b: { kind: SearchKind; score: number }): number {
  return KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || b.score - a.score;
}

interface Target {
  entry: TermEntry;
  name: string;
  prepared: Fuzzysort.Prepared;
}

/** Search over one index; the fuzzy targets are prepared once per index version. */
export class NotesSearch {
  private prepared?: { version: number; table: FuzzyTable<Target> };

  constructor(private readonly index: NotesIndex) {}

  search(query: string, options: SearchOptions = {}): SearchResult[] {
    const kinds = new Set<SearchKind>(options.kinds ?? KIND_ORDER);
    const limit = options.limit ?? 50;
    const trimmed = query.trim();
    if (!trimmed) return this.allTerms(kinds, limit, options.isIndexedNote);
    const results: SearchResult[] = [];
    for (const hit of this.namedEntries(trimmed, kinds, limit)) {
      results.push({ ...this.definitionResult(hit.entry, hit.definition, options.isIndexedNote), match: hit.match, matchedName: hit.matchedName, score: hit.score });
    }
    // Terms and topics come before quotes and links: once they fill the list, no quote or link
    // can make it, and the notes are not read again for them (the mention search parses the
    // notes it reads: at 20,000 notes, a two-letter query took most of a second).
    if ((kinds.has('quote') || kinds.has('link')) && results.length < limit) {
      // The same quote, or a link to the same URL, in another place (a copy of a note) is one
      // result, the first found, that lists the others.
      const seen = new Map<string, SearchResult>();
      const add = (key: string, result: SearchResult) => {
        const first = seen.get(key);
        if (first) addPlace(first, result);
        else {
          seen.set(key, result);
          results.push(result);
        }
      };
      for (const mention of this.index.quotedOrLinkedMentions(trimmed, limit * 2)) {
        const lineRange: Range = { start: { line: mention.line.line, character: 0 }, end: { line: mention.line.line, character: 0 } };
        const sectionPath = mention.sectionPath;
        if (mention.line.kind === 'quote' && kinds.has('quote')) {
          add(`quote\u0000${readerWords(mention.line.text)}`, { kind: 'quote', label: shorten(mention.line.text, 80), detail: mention.line.text, sectionPath, uri: mention.uri, range: lineRange, url: openableUrlOf(mention.links, options.isIndexedNote), match: 'text', score: 0.5 });
        } else if (kinds.has('link')) {
          for (const link of mention.links) {
            const url = openableHref(link.url, options.isIndexedNote);
            if (!url) continue;
            add(`link\u0000${url}`, { kind: 'link', label: link.description || hostOf(url), detail: `${hostOf(url)} · ${sectionLabel(sectionPath)}`, sectionPath, uri: mention.uri, range: link.range, url, match: 'text', score: link.inbox ? 0.3 : 0.4 });
          }
        }
      }
    }
    return results.sort(byKindAndScore).slice(0, limit);
  }

  /**
   * The terms and topics a query names, in the order `search` lists them, at most `limit`:
   * without the text and the link of each, which workspace symbols do not show (a definition's
   * links are inflated from its note's stored form: at 10,000 notes, half of the first workspace
   * symbols of a session went to that).
   */
  termHits(query: string, options: Pick<SearchOptions, 'kinds' | 'limit'> = {}): TermHit[] {
    const kinds = new Set<SearchKind>(options.kinds ?? KIND_ORDER);
    const limit = options.limit ?? 50;
    const trimmed = query.trim();
    if (!trimmed) return [];
    return this.namedEntries(trimmed, kinds, limit).sort(byKindAndScore).slice(0, limit);
  }

  /** The entries a query names, each once, as found: by the exact name first, then fuzzy, best first. */
  private namedEntries(trimmed: string, kinds: Set<SearchKind>, limit: number): TermHit[] {
    const hits: TermHit[] = [];
    if (!kinds.has('term') && !kinds.has('topic')) return hits;
    const seenEntries = new Set<TermEntry>();
    // Each entry once. A name can be a topic and a term at once (`## monolith`,
    // `* _monolith_: …`): the result is the first definition of a kind that was asked for.
    const addEntry = (entry: TermEntry, found: Pick<TermHit, 'match' | 'matchedName' | 'score'>) => {
      if (seenEntries.has(entry)) return;
      seenEntries.add(entry);
      const definition = entry.definitions.find((d) => kinds.has(d.kind));
      if (definition) hits.push({ entry, definition, kind: definition.kind, ...found });
    };
    // A name written in another form of the same words ("idempotent" for Idempotency, an alias
    // the entry files under the term's key) is the term, though no letters line up for fuzzy.
    for (const entry of this.index.lookupExact(trimmed)) {
      addEntry(entry, { match: 'exact', matchedName: trimmed.toLowerCase() !== entry.term.toLowerCase() ? trimmed : undefined, score: MATCH_BONUS.exact + 1 });
    }
    const fuzzy = this.table().top(trimmed, limit * 2, 0.3);
    // fuzzysort keeps every query it was given, prepared, for good: over a long session of
    // searches (each keystroke in the search box is one) that grows without end.
    fuzzysort.cleanup();
    for (const hit of fuzzy) {
      const match = nameMatch(hit.item.name, trimmed);
      addEntry(hit.item.entry, {
        match,
        matchedName: hit.item.name !== hit.item.entry.term ? hit.item.name : undefined,
        // Within a kind: the whole name, then its start, then whole words, then letters in order.
        score: hit.score + MATCH_BONUS[match],
      });
    }
    return hits;
  }

  /** What an empty query gets: the terms (and topics, if asked for), A to Z, rather than nothing. */
  private allTerms(kinds: Set<SearchKind>, limit: number, isIndexedNote: IndexedNoteTest | undefined): SearchResult[] {
    const results: SearchResult[] = [];
    const entries = [...this.index.terms()].sort((a, b) => compareStrings(a.term.toLowerCase(), b.term.toLowerCase()) || compareStrings(a.term, b.term));
    for (const kind of KIND_ORDER) {
      if (!kinds.has(kind) || (kind !== 'term' && kind !== 'topic')) continue;
      for (const entry of entries) {
        if (results.length >= limit) return results;
        const definition = entry.definitions.find((d) => d.kind === kind);
        // A name that is both is listed once, under the first kind it has.
        if (!definition || (kind === 'topic' && kinds.has('term') && entry.definitions.some((d) => d.kind === 'term'))) continue;
        results.push({ ...this.definitionResult(entry, definition, isIndexedNote), match: 'all', score: 0 });
      }
    }
    return results;
  }

  private definitionResult(entry: TermEntry, definition: TermEntry['definitions'][number], isIndexedNote: IndexedNoteTest | undefined) {
    const result: Omit<SearchResult, 'match' | 'score'> = {
      kind: definition.kind as SearchKind,
      label: entry.term,
      detail: definition.text,
      sectionPath: definition.sectionPath,
      uri: definition.uri,
      range: definition.termRange,
      url: openableUrlOf(definition.links.filter((l) => !l.inbox), isIndexedNote) ?? openableUrlOf(definition.links, isIndexedNote),
    };
    // The same definition in other places: the same words, as a reader sees them (see readerWords).
    const words = readerWords(definition.text);
    for (const other of entry.definitions.slice(0, DEFINITIONS_COMPARED)) {
      if (other !== definition && other.kind === definition.kind && readerWords(other.text) === words) addPlace(result, { uri: other.uri, range: other.termRange });
    }
    return result;
  }

  private table(): FuzzyTable<Target> {
    if (this.prepared?.version === this.index.version) return this.prepared.table;
    this.prepared = { version: this.index.version, table: finished(this.tableSteps()) };
    return this.prepared.table;
  }

  /**
   * Prepares the fuzzy targets ahead of the first search (at 10,000 notes that search spent most
   * of its time here), a slice of names at a time with `pause` between slices so that requests
   * are answered meanwhile. Gives up when the index changes before it is done: the next search
   * prepares them for the index as it then is.
   */
  async prepareInSlices(pause: () => Promise<void>, sliceMs = 8): Promise<void> {
    const version = this.index.version;
    if (this.prepared?.version === version) return;
    const built = await inSlices(this.tableSteps(), pause, sliceMs, () => this.index.version === version && this.prepared?.version !== version);
    if (built) this.prepared = { version, table: built.value };
  }

  /**
   * The fuzzy table of every name, with a chance to pause after each term. The index holds its terms in the
   * order edits left them; the table ranks equal scores in the order it is given. Sorted (by
   * entry, then name), equal scores rank the same after any edits as after a fresh index. The
   * sort too pauses: at 10,000 notes, sorting the 117,000 names at once held the server 240 ms.
   */
  private *tableSteps(): Generator<void, FuzzyTable<Target>> {
    const targets: Target[] = [];
    for (const entry of [...this.index.terms()]) {
      for (const name of entry.names) targets.push({ entry, name, prepared: fuzzysort.prepare(name) });
      yield;
    }
    const sorted = yield* sortedInSteps(targets, (a, b) => compareStrings(a.entry.key, b.entry.key) || compareStrings(a.name, b.name));
    return new FuzzyTable(sorted, (target) => target.prepared);
  }
}


/** Counts another place of a result's item, and lists it while the result lists fewer than OTHERS_LISTED. */
function addPlace(result: Pick<SearchResult, 'alsoIn' | 'others'>, place: Place): void {
  result.alsoIn = (result.alsoIn ?? 0) + 1;
  if ((result.others ??= []).length < OTHERS_LISTED) result.others.push({ uri: place.uri, range: place.range });
}

/**
 * The normalised URL of the first link a search item may carry: http, https or an indexed
 * note. Notes can hold `command:`, `javascript:`, `data:` or local file links, which no item may carry.
 */
function openableUrlOf(links: NoteLink[], isIndexedNote: IndexedNoteTest | undefined): string | undefined {
  for (const link of links) {
    const href = openableHref(link.url, isIndexedNote);
    if (href) return href;
  }
  return undefined;
}

const MATCH_BONUS: Record<SearchMatch, number> = { exact: 3, prefix: 2, words: 1, fuzzy: 0, text: 0, all: 0 };

function nameMatch(name: string, query: string): SearchMatch {
  const lowerName = name.toLowerCase();
  const lowerQuery = query.toLowerCase().replace(/\s+/g, ' ');
  if (lowerName === lowerQuery) return 'exact';
  if (lowerName.startsWith(lowerQuery)) return 'prefix';
  const nameWords = lowerName.split(/[^\p{L}\p{N}]+/u);
  const queryWords = lowerQuery.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (queryWords.length > 0 && queryWords.every((w) => nameWords.includes(w))) return 'words';
  return 'fuzzy';
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1).replace(/\s+\S*$/, '') + '…';
}
