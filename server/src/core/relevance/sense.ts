// The sense check for everyday words: simplified Lesk. An occurrence of `change` is the
// note's git change when the words around it share words with what the note says of that
// term: its definition, its section's names, the terms of its section and what they say
// ("Gerrit", "commit", "patch set"). Only shared words that are rare in everyday English
// count: "use", "time" or "new" near an occurrence tell nothing of its sense; in the window,
// neither does any form of an everyday word ("clients", "packages", "handled": see
// windowOverlap).
//
// Two contexts are asked, in order: the occurrence's window (its paragraph, at most
// CONTEXT_REACH characters either side), then the whole document (one sense per discourse:
// a doc that speaks of Gerrit and patch sets means git's change throughout). The note's
// words are a set of word keys worked out once per term and index version; the document's
// words once per text. An occurrence then costs a word key and a set lookup per word of its
// window.

import type { Definition } from '../model';
import type { IndexedDefinition, NotesIndex, TermEntry } from '../index/notesIndex';
import { forEachWord, phraseKey, wordKey } from '../text/normalize';
import { rememberedKeys } from '../text/rememberedKeys';
import { byTopicality } from './topicality';
import { isEverydayKey, isEverydayWord, isFunctionWord } from './vocabulary';

/** How far around an occurrence its window reaches, in characters either side. */
export const CONTEXT_REACH = 200;
/** How many rare words of the note the window must hold for the note's sense. */
export const WINDOW_OVERLAP = 1;
/** How many rare words of the note the whole document must hold for the note's sense. */
export const DOCUMENT_OVERLAP = 2;

/** True when the words around text[start, end), or in the whole text, speak for what the notes say of the entry. */
export function contextSupports(index: NotesIndex, text: string, start: number, end: number, entry: TermEntry): boolean {
  const profile = profileOf(index, entry);
  if (profile.isEmpty) return false;
  return windowOverlap(profile, text, start, end) >= WINDOW_OVERLAP || documentOverlap(profile, text) >= DOCUMENT_OVERLAP;
}

/**
 * True when the words around text[start, end) alone, without the rest of the document, speak
 * for the entry. What `leftOut` names (its words and pairs of words) does not count: names
 * that need their own sense shown cannot show the entry's (relevance/parts.ts).
 */
export function windowSupports(index: NotesIndex, text: string, start: number, end: number, entry: TermEntry, leftOut: readonly string[] = []): boolean {
  const profile = profileOf(index, entry);
  if (profile.isEmpty) return false;
  return windowOverlap(profile, text, start, end, leftOut.length === 0 ? undefined : phraseKeys(leftOut)) >= WINDOW_OVERLAP;
}

// The same names are left out for every occurrence of a term (parts.ts keeps the list per entry): their keys are read once per list.
const keysOfPhrases = new WeakMap<readonly string[], Set<string>>();

/** The keys that a window or a profile reads from these phrases: their rare words' and their pairs'. */
function phraseKeys(phrases: readonly string[]): Set<string> {
  const kept = keysOfPhrases.get(phrases);
  if (kept) return kept;
  const keys = new Set<string>();
  keysOfPhrases.set(phrases, keys);
  for (const phrase of phrases) {
    const pairs = new WordPairs(phrase);
    forEachWord(phrase, 0, phrase.length, (start, end) => {
      const pair = pairs.next(start, end);
      if (pair) keys.add(pair);
      const key = contentKey(phrase.slice(start, end));
      if (key) keys.add(key);
    });
  }
  return keys;
}

const BLANK_LINE = /\n[ \t\r]*\n/;
const BLANK_LINES = new RegExp(BLANK_LINE.source, 'g');

/**
 * How many distinct rare words of `profile` the window around text[start, end) holds. A word
 * counts only when its key is no everyday word's key: `clients`, `packages`, `handled` are
 * rare as written (or their stems are: `clien`, `packag`) but are everyday words, and within
 * 200 characters one of a note's hundreds of such words turns up by chance. Counted so, the
 * window check stopped 27 wrong hovers on the labelled docs and 8 of the held-out set's, and
 * lost 16 right ones of 2,248 (test/relevance). The document check keeps them: over a whole
 * doc, sharing a note's everyday words is a sign of sharing its subject, and without them it
 * lost 17 of the bundled notes' 172 mentions. Keys in `ignored` do not count (windowSupports).
 */
export function windowOverlap(profile: SenseProfile, text: string, start: number, end: number, ignored?: ReadonlySet<string>): number {
  const window = windowKeys(text, start, end);
  let shared = 0;
  for (const key of window.keys) if (profile.has(key) && !ignored?.has(key)) shared++;
  for (const pair of window.pairs) if (profile.has(pair) && !ignored?.has(pair)) shared++;
  return shared;
}

/** The distinct keys of a window that can tell a sense: its rare words' keys and its pairs of everyday words (see WordPairs). */
interface WindowKeys {
  keys: readonly string[];
  pairs: readonly string[];
}

// One hover asks about the same window for each of a term's definitions (orderedByFit) and
// again for the sense check: the window's keys are read once, then looked up in each profile.
let lastWindow: { text: string; start: number; end: number; window: WindowKeys } | undefined;

function windowKeys(text: string, start: number, end: number): WindowKeys {
  if (lastWindow && lastWindow.text === text && lastWindow.start === start && lastWindow.end === end) return lastWindow.window;
  // The window stays inside the occurrence's paragraph: the next one may be on another subject.
  const reach = Math.max(0, start - CONTEXT_REACH);
  let from = reach;
  for (const blank of text.slice(reach, start).matchAll(BLANK_LINES)) from = reach + blank.index + blank[0].length;
  let to = Math.min(text.length, end + CONTEXT_REACH);
  const blankAfter = BLANK_LINE.exec(text.slice(end, to));
  if (blankAfter) to = end + blankAfter.index;
  const keys = new Set<string>();
  const pairKeys = new Set<string>();
  const pairs = new WordPairs(text);
  forEachWord(text, from, to, (wordStart, wordEnd) => {
    if (wordStart >= start && wordEnd <= end) return pairs.reset();
    // A word cut by the window's edge is not the word the text has there.
    if ((wordStart === from && from > 0 && isWordCode(text.charCodeAt(from - 1))) || (wordEnd === to && to < text.length && isWordCode(text.charCodeAt(to)))) return;
    const key = contentKey(text.slice(wordStart, wordEnd));
    if (key && !isEverydayKey(key)) keys.add(key);
    const pair = pairs.next(wordStart, wordEnd);
    if (pair) pairKeys.add(pair);
  });
  const window = { keys: [...keys], pairs: [...pairKeys] };
  lastWindow = { text, start, end, window };
  return window;
}

/** How many distinct rare words of `profile` the whole text holds. */
function documentOverlap(profile: SenseProfile, text: string): number {
  const keys = documentKeys(text);
  let shared = 0;
  profile.forEachKey((key) => {
    if (keys.has(key)) shared++;
  });
  return shared;
}

// A hover asks again and again about the same document: its words are kept for the last text.
let lastDocument: { text: string; keys: Set<string> } | undefined;

function documentKeys(text: string): Set<string> {
  if (lastDocument?.text === text) return lastDocument.keys;
  const keys = new Set<string>();
  const seen = new Set<string>();
  const pairs = new WordPairs(text);
  forEachWord(text, 0, text.length, (start, end) => {
    const word = text.slice(start, end);
    const pair = pairs.next(start, end);
    if (pair) keys.add(pair);
    if (seen.has(word)) return;
    seen.add(word);
    const key = contentKey(word);
    if (key) keys.add(key);
  });
  lastDocument = { text, keys };
  return keys;
}

function isWordCode(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code > 0x7f;
}

/**
 * Two words in a row, as one key: "leader election", "lease-based", "clock skew". A phrase the
 * note and the doc share tells the sense even when each of its words is an everyday one that
 * tells nothing alone (extended Lesk counts such overlaps of phrases): a vault's `Lease` links
 * to "Leader election", and a KEP about node leases speaks of leader election too. Only words
 * joined by one space or a hyphen, so that no pair spans a sentence, a line or a list; function
 * words, numbers and short words make no pair ("of the", "in 2021").
 */
class WordPairs {
  private previous = '';
  private previousEnd = -1;

  constructor(private readonly text: string) {}

  /** The pair the word text[start, end) closes with the one before it, or ''. */
  next(start: number, end: number): string {
    const word = pairWord(this.text.slice(start, end));
    const gap = this.previousEnd < 0 ? '' : this.text.slice(this.previousEnd, start);
    const pair = word && this.previous && (gap === ' ' || gap === '-') ? `${this.previous} ${word}` : '';
    this.previous = word;
    this.previousEnd = end;
    return pair;
  }

  /** Forgets the word before: the next one starts no pair with it. */
  reset(): void {
    this.previous = '';
    this.previousEnd = -1;
  }
}

// A pair is made of words whose stem is itself an everyday word (`keep`, `open`), not of
// every everyday word's forms (`alive`, stemmed `aliv`): pairs of those too matched by chance
// in a vault's long notes (20 wrong hovers more on the labelled docs, 6 right ones).
function pairWord(word: string): string {
  const keys = senseKeys(word);
  return keys.charCodeAt(0) === PAIR_WORD ? keys.slice(1) : '';
}

/** The key of a word that can tell a sense (not a function word, number or everyday word), or ''. */
function contentKey(word: string): string {
  const keys = senseKeys(word);
  return keys.charCodeAt(0) === CONTENT_WORD ? keys.slice(1) : '';
}

const CONTENT_WORD = 0x63; // 'c'
const PAIR_WORD = 0x70; // 'p'

/**
 * What a word is to the sense check, from one stem: `c` and its key for a word that can tell
 * a sense, `p` and its key for an everyday word that can make a pair, '' for neither. The two
 * ask the same stem of every word of a profile's sections and of a window, and stemming was
 * most of a term's first hover (a profile per definition, at 10,000 notes): remembered for
 * recent words (bounded: a corpus's vocabulary has no bound), as the index remembers its keys.
 */
const senseKeys = rememberedKeys(20_000, (word: string): string => {
  if (word.length < 3 || isFunctionWord(word) || /^\d+$/.test(word)) return '';
  const key = wordKey(word);
  if (!isEverydayWord(key)) return `c${key}`;
  // A word with a digit (`v3`, `http2`) is no everyday word of a pair.
  return /\d/.test(word) ? '' : `p${key}`;
});

/**
 * The rare word keys of what the notes say of a term, its own words left out: its names, its
 * definitions, its sections' names, and what the other terms of its sections say. Kept as
 * the sorted numbers of the keys (see KeyNumbers), 4 bytes a key: a term defined in hundreds
 * of notes has a profile of a thousand keys, and the profiles of every term hovered stay
 * until the index changes.
 */
export class SenseProfile {
  constructor(
    private readonly ids: Uint32Array,
    private readonly keys: KeyNumbers,
    /** The notes it was read from: it holds as long as none of them changes (see profilesOf). */
    readonly uris: readonly string[],
  ) {}

  /** True when no key is left: nothing can speak for the term's sense. */
  get isEmpty(): boolean {
    return this.ids.length === 0;
  }

  has(key: string): boolean {
    const id = this.keys.ids.get(key);
    return id !== undefined && includes(this.ids, id);
  }

  /** Calls `onKey` once for each key. */
  forEachKey(onKey: (key: string) => void): void {
    for (const id of this.ids) onKey(this.keys.names[id]);
  }
}

/** Word keys numbered in the order first met, for one version of one index. */
interface KeyNumbers {
  ids: Map<string, number>;
  names: string[];
}

// The profiles of each entry, for one version of one index; worked out when first asked.
interface Profiles {
  version: number;
  byEntry: Map<TermEntry, SenseProfile>;
  byDefinition: Map<IndexedDefinition, SenseProfile>;
  index: NotesIndex;
  /** By note URI, then by section path (see pathKey): the term definitions of that section, grouped when a note is first asked about. */
  sections: Map<string, Map<string, readonly Definition[]>>;
  /** The sorted key numbers of what each section's terms say, by note URI and section path. */
  sectionKeys: Map<string, Map<string, Uint32Array>>;
  /** The sorted key numbers of each concept note's prose, by note URI (see conceptNoteKeys). */
  conceptNotes: Map<string, Uint32Array>;
  /** The key number of each word met in the notes so far (-1 for a word that tells no sense). */
  keysOfWords: Map<string, number>;
  keys: KeyNumbers;
}
const profiles = new WeakMap<NotesIndex, Profiles>();

function profilesOf(index: NotesIndex): Profiles {
  const before = profiles.get(index);
  if (before?.version === index.version) return before;
  const cache: Profiles = { version: index.version, index, byEntry: new Map(), byDefinition: new Map(), sections: new Map(), sectionKeys: new Map(), conceptNotes: new Map(), keysOfWords: new Map(), keys: { ids: new Map(), names: [] } };
  // After an edit of a few notes, what no changed note bears on holds: the profiles of terms
  // none of them defines (not those of single definitions, which hold their term's names from
  // every note), the sections of the other notes, and the words' keys and numbers,
  // which do not depend on the notes at all (up to a bound: a corpus's vocabulary has none).
  // Working every profile out anew after each edit took 0.5 s of the next scan of a design
  // doc at 10,000 notes.
  const changed = before && before.keys.names.length < KEY_NUMBERS_KEPT ? index.notesChangedSince(before.version) : undefined;
  if (before && changed) {
    cache.keysOfWords = before.keysOfWords;
    cache.keys = before.keys;
    const unchanged = (uri: string) => !changed.has(uri);
    for (const [entry, profile] of before.byEntry) {
      if (profile.uris.every(unchanged) && entry.definitions.every((definition) => unchanged(definition.uri))) cache.byEntry.set(entry, profile);
    }
    for (const table of ['sections', 'sectionKeys', 'conceptNotes'] as const) {
      for (const [uri, kept] of before[table]) if (unchanged(uri)) (cache[table] as Map<string, unknown>).set(uri, kept);
    }
  }
  profiles.set(index, cache);
  return cache;
}

/** How many word keys the profiles may number before a new version of the index starts afresh. */
const KEY_NUMBERS_KEPT = 500_000;

/**
 * What the notes say of an entry, as rare word keys (see SenseProfile). A term defined in
 * thousands of notes is read from its first PROFILE_DEFINITIONS definitions: an everyday word
 * defined in 5,000 notes held its first hover 133 ms for a profile of every section, and a
 * few hundred sections already hold more of the words a doc may share than any one note.
 */
export function profileOf(index: NotesIndex, entry: TermEntry): SenseProfile {
  const cache = profilesOf(index);
  let profile = cache.byEntry.get(entry);
  if (!profile) {
    const definitions = entry.definitions.length > PROFILE_DEFINITIONS ? entry.definitions.slice(0, PROFILE_DEFINITIONS) : entry.definitions;
    cache.byEntry.set(entry, (profile = buildProfile(entry, definitions, cache)));
  }
  return profile;
}

/** The most definitions of one term a sense profile reads (query/lookup.ts weighs no more senses than this either). */
export const PROFILE_DEFINITIONS = 200;

function buildProfile(entry: TermEntry, definitions: readonly IndexedDefinition[], cache: Profiles): SenseProfile {
  const ids = new Set<number>();
  const add = addKeys(ids, cache);
  for (const name of entry.names) add(name);
  for (const definition of definitions) {
    add(definition.text);
    for (const section of definition.sectionPath) add(section);
    for (const id of sectionKeys(definition.uri, definition.sectionPath, cache)) ids.add(id);
    if (definition.format === 'concept') for (const id of conceptNoteKeys(definition.uri, cache)) ids.add(id);
  }
  // The term's own words are in every window that holds it: they say nothing of its sense.
  // Nor do the pairs they make: a second "pull request" in the window is the same name again.
  for (const own of [...phraseKey(entry.term).split(' '), ...phraseKeys([entry.term])]) {
    const id = cache.keys.ids.get(own);
    if (id !== undefined) ids.delete(id);
  }
  return new SenseProfile(sorted(ids), cache.keys, [...new Set(definitions.map((definition) => definition.uri))]);
}

/** The key numbers of what the terms of one section say of themselves, worked out once per section. */
function sectionKeys(uri: string, path: readonly string[], cache: Profiles): Uint32Array {
  let byPath = cache.sectionKeys.get(uri);
  if (!byPath) cache.sectionKeys.set(uri, (byPath = new Map()));
  const key = pathKey(path);
  let keys = byPath.get(key);
  if (!keys) {
    const ids = new Set<number>();
    const add = addKeys(ids, cache);
    for (const neighbour of sectionsOf(uri, cache).get(key) ?? []) {
      add(neighbour.term);
      add(neighbour.text);
    }
    byPath.set(key, (keys = sorted(ids)));
  }
  return keys;
}

/**
 * The key numbers of a concept note's prose, worked out once per note. A concept note is about
 * its term from its first line to its last (a vault's `Raft` names etcd, membership changes and
 * snapshots below its first paragraph): its whole text is to its term what a dialect section's
 * other terms are to a term there, the words a mention's surroundings share with the note.
 */
function conceptNoteKeys(uri: string, cache: Profiles): Uint32Array {
  let keys = cache.conceptNotes.get(uri);
  if (!keys) {
    const ids = new Set<number>();
    const add = addKeys(ids, cache);
    for (const line of cache.index.note(uri)?.lines ?? []) add(line.text);
    cache.conceptNotes.set(uri, (keys = sorted(ids)));
  }
  return keys;
}

/** A function that adds the key numbers of a phrase's words that can tell a sense to `ids`. */
function addKeys(ids: Set<number>, cache: Profiles): (phrase: string) => void {
  const { keysOfWords, keys } = cache;
  const idOf = (key: string): number => {
    let id = keys.ids.get(key);
    if (id === undefined) {
      id = keys.names.length;
      keys.ids.set(key, id);
      keys.names.push(key);
    }
    return id;
  };
  return (phrase) => {
    const pairs = new WordPairs(phrase);
    forEachWord(phrase, 0, phrase.length, (start, end) => {
      const word = phrase.slice(start, end);
      const pair = pairs.next(start, end);
      if (pair) ids.add(idOf(pair));
      let id = keysOfWords.get(word);
      if (id === undefined) {
        const key = contentKey(word);
        id = key ? idOf(key) : -1;
        keysOfWords.set(word, id);
      }
      if (id >= 0) ids.add(id);
    });
  };
}

function sorted(ids: Set<number>): Uint32Array {
  return Uint32Array.from(ids).sort();
}

function includes(ids: Uint32Array, id: number): boolean {
  let low = 0;
  let high = ids.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (ids[middle] === id) return true;
    if (ids[middle] < id) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/**
 * The entry with its definitions ordered by how well each fits the occurrence
 * text[start, end) (the same overlap as the sense check, per definition): where two notes
 * define a term (a Redis key, a Kafka record key), the card of the sense the doc means comes
 * first. The window around the occurrence decides first. Where it holds as many of one
 * definition's words as of another's, distilled definitions stay before inbox material, as
 * the notes rank them (docs/DIALECT.md), and only then does the whole document weigh: it
 * favours the larger section, and an inbox's grab bag of jottings shares more words with any
 * doc than a note's few lines on the term (the bundled "circuit breaker: error handling" came
 * before a user's own "stop calling a failing dependency"). Ties keep the notes' order. The
 * entry itself when one note defines it or the order stays. Past SENSES_FITTED definitions,
 * only those whose notes are the doc's nearest subjects are weighed (topicality.ts), and the
 * rest follow in that order.
 */
export function orderedByFit(index: NotesIndex, text: string, start: number, end: number, entry: TermEntry): TermEntry {
  const definitions = entry.definitions;
  if (definitions.length < 2 || definitions.every((d) => d.uri === definitions[0].uri)) return entry;
  const candidates = definitions.length > SENSES_FITTED ? byTopicality(index, text, definitions) : definitions;
  const cache = profilesOf(index);
  const fit = candidates.slice(0, SENSES_FITTED).map((definition, order) => {
    let profile = cache.byDefinition.get(definition);
    if (!profile) cache.byDefinition.set(definition, (profile = buildProfile(entry, [definition], cache)));
    return { definition, order, window: windowOverlap(profile, text, start, end), document: documentOverlap(profile, text) };
  });
  fit.sort((a, b) => b.window - a.window || Number(a.definition.inbox) - Number(b.definition.inbox) || b.document - a.document || a.order - b.order);
  const ordered = [...fit.map((f) => f.definition), ...candidates.slice(SENSES_FITTED)];
  if (ordered.every((definition, n) => definition === definitions[n])) return entry;
  return { ...entry, definitions: ordered };
}

/**
 * The most definitions of one term orderedByFit weighs by the words around the occurrence.
 * Each costs a profile of its section on the term's first hover: at 10,000 generated notes, a
 * term defined in 100 to 200 of them held that hover 40 to 300 ms. No labelled collection
 * defines a term more than four times.
 */
export const SENSES_FITTED = 24;

const pathKey = (path: readonly string[]) => path.join('\u0000');

/**
 * The term definitions of each section of one note (what its neighbours say of themselves),
 * by section path. Per note, when a profile first needs it: grouping every note's sections
 * at once took half a second of the first hover at 20,000 notes. The definitions
 * themselves, not their words: the index keeps them anyway.
 */
function sectionsOf(uri: string, cache: Profiles): Map<string, readonly Definition[]> {
  let note = cache.sections.get(uri);
  if (note) return note;
  const grouped = new Map<string, Definition[]>();
  for (const definition of cache.index.filedDefinitions(uri)) {
    if (definition.kind !== 'term') continue;
    const key = pathKey(definition.sectionPath);
    const list = grouped.get(key);
    if (list) list.push(definition);
    else grouped.set(key, [definition]);
  }
  cache.sections.set(uri, (note = grouped));
  return note;
}
