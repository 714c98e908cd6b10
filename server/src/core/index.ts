// The term index: every note's definitions grouped into terms, looked up by what a writer
// would type. Notes are added, replaced and removed one at a time; each change touches only
// the terms that note defines and the words it contains, so an edit costs in proportion to
// the note, not to the corpus. `snapshot()` gives a canonical form that tests compare with an
// index built from scratch.

import type { Definition, Note, NoteLink, TextLine } from './model';
import { boundedEditDistance, isAcronym, phraseKey, wordKey, words } from './normalize';
import { TermMatcher } from './matcher';

export interface IndexedDefinition extends Definition {
  uri: string;
}

export interface TermEntry {
  /** phraseKey of the term. */
  key: string;
  /** The term as the author first spelled it. */
  term: string;
  definitions: IndexedDefinition[];
  /** Every name that finds this term: the term, expansions, aliases and equivalences. */
  names: string[];
}

export interface Mention {
  uri: string;
  line: TextLine;
  links: NoteLink[];
}

export interface IndexOptions {
  /** Terms that never match on their own (in addition to facets, which the parser drops). */
  ignoreTerms?: string[];
}

/** Words too common to say anything about a line. */
const STOP_WORDS = new Set(['the', 'and', 'for', 'with', 'that', 'this', 'are', 'was', 'from', 'not', 'but', 'you', 'your', 'all', 'can', 'its', 'has', 'have', 'how', 'why', 'what', 'when', 'who']);

export class NotesIndex {
  private readonly notesByUri = new Map<string, Note>();
  private readonly entries = new Map<string, TermEntry>();
  /** name key → keys of the entries that the name finds. */
  private readonly names = new Map<string, Set<string>>();
  /** Name keys contributed by each entry, so that a change can retract them. */
  private readonly entryNames = new Map<string, string[]>();
  /** word key → uris of the notes whose prose contains it. */
  private readonly wordNotes = new Map<string, Set<string>>();
  private ignored: Set<string>;
  private currentVersion = 0;
  private cachedMatcher?: { version: number; matcher: TermMatcher; entries: TermEntry[] };
  private longestName = 1;

  constructor(options: IndexOptions = {}) {
    this.ignored = new Set((options.ignoreTerms ?? []).map(phraseKey));
  }

  get version(): number {
    return this.currentVersion;
  }

  get size(): number {
    return this.notesByUri.size;
  }

  setIgnoredTerms(terms: string[]): void {
    this.ignored = new Set(terms.map(phraseKey));
    this.currentVersion++;
  }

  isIgnored(phrase: string): boolean {
    return this.ignored.has(phraseKey(phrase));
  }

  note(uri: string): Note | undefined {
    return this.notesByUri.get(uri);
  }

  notes(): IterableIterator<Note> {
    return this.notesByUri.values();
  }

  terms(): IterableIterator<TermEntry> {
    return this.entries.values();
  }

  /** Adds a note, or replaces the note with the same uri. */
  upsert(note: Note): void {
    const previous = this.notesByUri.get(note.uri);
    if (previous) this.retract(previous);
    this.notesByUri.set(note.uri, note);
    const touched = new Set<string>();
    for (const definition of note.definitions) {
      const key = phraseKey(definition.term);
      if (!key) continue;
      let entry = this.entries.get(key);
      if (!entry) {
        entry = { key, term: definition.term, definitions: [], names: [] };
        this.entries.set(key, entry);
      }
      entry.definitions.push({ ...definition, uri: note.uri });
      touched.add(key);
    }
    for (const key of touched) this.refreshEntry(key);
    for (const word of noteWords(note)) {
      let uris = this.wordNotes.get(word);
      if (!uris) this.wordNotes.set(word, (uris = new Set()));
      uris.add(note.uri);
    }
    this.currentVersion++;
  }

  remove(uri: string): boolean {
    const previous = this.notesByUri.get(uri);
    if (!previous) return false;
    this.retract(previous);
    this.notesByUri.delete(uri);
    this.currentVersion++;
    return true;
  }

  private retract(note: Note): void {
    const touched = new Set<string>();
    for (const definition of note.definitions) touched.add(phraseKey(definition.term));
    for (const key of touched) {
      const entry = this.entries.get(key);
      if (!entry) continue;
      entry.definitions = entry.definitions.filter((d) => d.uri !== note.uri);
      this.refreshEntry(key);
    }
    for (const word of noteWords(note)) {
      const uris = this.wordNotes.get(word);
      if (!uris) continue;
      uris.delete(note.uri);
      if (uris.size === 0) this.wordNotes.delete(word);
    }
  }

  /** Re-derives an entry's names after its definitions changed; drops it when none is left. */
  private refreshEntry(key: string): void {
    for (const name of this.entryNames.get(key) ?? []) {
      const keys = this.names.get(name);
      keys?.delete(key);
      if (keys && keys.size === 0) this.names.delete(name);
    }
    const entry = this.entries.get(key);
    if (!entry || entry.definitions.length === 0) {
      this.entries.delete(key);
      this.entryNames.delete(key);
      return;
    }
    entry.definitions.sort(compareDefinitions);
    entry.term = entry.definitions[0].term;
    const names = new Map<string, string>();
    for (const definition of entry.definitions) {
      for (const name of [definition.term, definition.expansion, ...definition.aliases, ...definition.equivalences]) {
        if (!name) continue;
        const nameKey = phraseKey(name);
        if (nameKey && !names.has(nameKey)) names.set(nameKey, name);
      }
    }
    entry.names = [...names.values()];
    this.entryNames.set(key, [...names.keys()]);
    for (const nameKey of names.keys()) {
      let keys = this.names.get(nameKey);
      if (!keys) this.names.set(nameKey, (keys = new Set()));
      keys.add(key);
      this.longestName = Math.max(this.longestName, nameKey.split(' ').length);
    }
  }

  /** The longest name, in words: how far a lookup around a cursor needs to look. */
  get longestNameWords(): number {
    return this.longestName;
  }

  /** Entries that a phrase names exactly (after normalisation), best first. */
  lookupExact(phrase: string): TermEntry[] {
    const key = phraseKey(phrase);
    const keys = this.names.get(key);
    if (!keys) return [];
    const found = [...keys].map((k) => this.entries.get(k)!).filter(Boolean);
    // The entry whose own term is the phrase comes before those that only have it as an alias.
    return found.sort((a, b) => Number(b.key === key) - Number(a.key === key) || a.key.localeCompare(b.key));
  }

  /**
   * What a writer means by a phrase: exact names first, then names within a small edit
   * distance (misspellings in the notes, or in the query).
   */
  lookup(phrase: string): TermEntry[] {
    const exact = this.lookupExact(phrase);
    if (exact.length > 0) return exact;
    const key = phraseKey(phrase);
    if (key.length < 4) return [];
    const budget = key.length >= 8 ? 2 : 1;
    let best = budget + 1;
    let found = new Set<string>();
    for (const [name, keys] of this.names) {
      if (Math.abs(name.length - key.length) > budget) continue;
      const distance = boundedEditDistance(name, key, budget);
      if (distance > budget) continue;
      if (distance < best) {
        best = distance;
        found = new Set(keys);
      } else if (distance === best) {
        for (const k of keys) found.add(k);
      }
    }
    return [...found].map((k) => this.entries.get(k)!).filter(Boolean);
  }

  /** True when the entry may match written text: not ignored, and its acronyms in their case. */
  matchable(entry: TermEntry): boolean {
    return !this.ignored.has(entry.key);
  }

  /** The matcher over every matchable name, built once per index version. */
  matcher(): { matcher: TermMatcher; entries: TermEntry[] } {
    if (this.cachedMatcher?.version === this.currentVersion) return this.cachedMatcher;
    const entries: TermEntry[] = [];
    const phrases: { phrase: string; id: number; caseSensitive: boolean }[] = [];
    for (const entry of this.entries.values()) {
      if (!this.matchable(entry)) continue;
      const id = entries.push(entry) - 1;
      for (const name of entry.names) {
        if (this.ignored.has(phraseKey(name))) continue;
        phrases.push({ phrase: name, id, caseSensitive: isAcronym(name) });
      }
    }
    this.cachedMatcher = { version: this.currentVersion, matcher: new TermMatcher(phrases), entries };
    return this.cachedMatcher;
  }

  /**
   * Lines of the notes that mention a phrase, with their links: how a term without a
   * definition (`CQRS`) still leads to references. Lines with links come first.
   */
  mentions(phrase: string, limit = 50): Mention[] {
    const queryWords = words(phrase).map((w) => wordKey(w.text)).filter((k) => k.length > 0);
    if (queryWords.length === 0) return [];
    const significant = queryWords.filter((k) => !STOP_WORDS.has(k));
    const expanded = (significant.length > 0 ? significant : queryWords).map((k) => this.similarWords(k));
    if (expanded.some((set) => set.size === 0)) return [];
    // Notes that hold every word (or a near spelling of it).
    let candidates: Set<string> | undefined;
    for (const alternatives of expanded) {
      const uris = new Set<string>();
      for (const word of alternatives) for (const uri of this.wordNotes.get(word) ?? []) uris.add(uri);
      candidates = candidates ? new Set([...candidates].filter((u) => uris.has(u))) : uris;
    }
    const found: Mention[] = [];
    for (const uri of [...(candidates ?? [])].sort()) {
      const note = this.notesByUri.get(uri)!;
      // The note's links by line, gathered once: filtering every link for each mentioning
      // line was quadratic (50,000 lines with a link each made one search take 12 s).
      let linksByLine: Map<number, NoteLink[]> | undefined;
      for (const line of note.lines) {
        if (!lineMentions(line.text, expanded)) continue;
        linksByLine ??= groupByLine(note.links);
        found.push({ uri, line, links: linksByLine.get(line.line) ?? [] });
      }
    }
    found.sort((a, b) => Number(b.links.length > 0) - Number(a.links.length > 0));
    return found.slice(0, limit);
  }

  /** A word key and the indexed words within one edit of it (for words long enough to misspell). */
  private similarWords(key: string): Set<string> {
    const similar = new Set<string>();
    if (this.wordNotes.has(key)) similar.add(key);
    if (key.length >= 5) {
      for (const word of this.wordNotes.keys()) {
        if (Math.abs(word.length - key.length) <= 1 && word !== key && boundedEditDistance(word, key, 1) <= 1) similar.add(word);
      }
    }
    return similar;
  }

  /** A canonical, order-independent form of the whole index, for equality tests. */
  snapshot(): unknown {
    const entries = [...this.entries.values()]
      .map((e) => ({ key: e.key, term: e.term, names: [...e.names].sort(), definitions: e.definitions.map((d) => `${d.uri}:${d.range.start.line}:${d.term}`) }))
      .sort((a, b) => a.key.localeCompare(b.key));
    const names = [...this.names].map(([k, v]) => [k, [...v].sort()]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const wordNotes = [...this.wordNotes].map(([k, v]) => [k, [...v].sort()]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    return { notes: [...this.notesByUri.keys()].sort(), entries, names, wordNotes };
  }
}

function compareDefinitions(a: IndexedDefinition, b: IndexedDefinition): number {
  // Distilled definitions before inbox material; then by note and line, for a stable order.
  return Number(a.inbox) - Number(b.inbox) || Number(a.kind === 'topic') - Number(b.kind === 'topic')
    || a.uri.localeCompare(b.uri) || a.range.start.line - b.range.start.line;
}

/** The distinct word keys of a note's prose, skipping words too common to index. */
function noteWords(note: Note): Set<string> {
  const keys = new Set<string>();
  for (const line of note.lines) {
    for (const word of words(line.text)) {
      const key = wordKey(word.text);
      if (key.length > 0 && !STOP_WORDS.has(key)) keys.add(key);
    }
  }
  return keys;
}

/** Links grouped by the line they start on, each group in the links' order. */
function groupByLine(links: NoteLink[]): Map<number, NoteLink[]> {
  const groups = new Map<number, NoteLink[]>();
  for (const link of links) {
    const line = link.range.start.line;
    const group = groups.get(line);
    if (group) group.push(link);
    else groups.set(line, [link]);
  }
  return groups;
}

function lineMentions(text: string, expanded: Set<string>[]): boolean {
  const present = new Set(words(text).map((w) => wordKey(w.text)));
  return expanded.every((alternatives) => [...alternatives].some((word) => present.has(word)));
}
