// The term index: every note's definitions grouped into terms, looked up by what a writer
// would type. Notes are added, replaced and removed one at a time; each change touches only
// the terms that note defines and the words it contains, so an edit costs in proportion to
// the note, not to the corpus. `snapshot()` gives a canonical form that tests compare with an
// index built from scratch.

import type { Definition, Note, NoteLink, SectionPath, TextLine } from '../model';
import { boundedEditDistance, forEachWord, isAcronym, phraseKey, wordKey, words } from '../text/normalize';
import { TermMatcher } from './matcher';
import { NumberList } from './numberList';
import { extrasOf, storedForm, flagsOf, textFormOf, TEXT_FORM, ParsedNotes, storable, StoredDefinition, StoredNote, type DefinitionExtras, type IndexedDefinition, type NoteReader } from './storedNote';
import { detach } from '../text/lines';

export type { IndexedDefinition, NoteReader } from './storedNote';

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

/**
 * The whole index as plain data (see exportState), in columns: a restart takes it up without
 * reading the notes again, and columns of numbers and strings are quick to write and read
 * back, where an object per definition was not. Notes, definitions and entries are numbered
 * by their place in their columns.
 */
export interface IndexState {
  noteUris: string[];
  noteHashes: string[];
  /** Per note: what its text is like (see TEXT_FORM). */
  noteTextForms: Int32Array;
  /** Per note: the length of the text it was parsed from. */
  noteLengths: Int32Array;
  /** Per note: its numbers (see StoredNote.numbers). */
  noteNumbers: Int32Array[];
  /** Per note: its definitions' details (see storedForm). */
  noteDetails: Uint8Array[];
  /** Definitions, entry after entry, each entry's in order. */
  definitionNotes: Int32Array;
  /** Per definition: its place in its note's model. */
  definitionOrdinals: Int32Array;
  definitionPaths: Int32Array;
  definitionFlags: Int32Array;
  definitionTerms: string[];
  definitionTexts: string[];
  /** The few definitions with an expansion, aliases, equivalences or a label: [definition, extras]. */
  definitionExtras: [number, DefinitionExtras][];
  sectionPaths: SectionPath[];
  entryKeys: string[];
  /** Per entry: how many definitions it has (they follow each other in the definition columns). */
  entrySizes: Int32Array;
  /** Entries whose names are not simply their first definition's term under their own key: [entry, names, name keys]. */
  entryNames: [number, string[], string[]][];
  words: string[];
  /** Per word: how many note numbers it has in `postings`, word after word. */
  postingCounts: Int32Array;
  postings: Int32Array;
}

/**
 * What the index keeps of a note read from a file, made from the parsed note (digestNote):
 * plain data, so that a worker thread that parsed the note can send it. Definitions without
 * a key (no words) are left out; `ordinals` says where each one stands in the note's model.
 */
export interface NoteDigest {
  uri: string;
  hash: string;
  length: number;
  /** See TEXT_FORM. */
  textForm: number;
  numbers: Int32Array;
  /** The details of the note's definitions (see storedForm). */
  details: Uint8Array;
  keys: string[];
  ordinals: number[];
  terms: string[];
  texts: string[];
  /** Per definition: its place in sectionPaths. */
  paths: number[];
  sectionPaths: SectionPath[];
  flags: number[];
  extras: (DefinitionExtras | null)[];
  /** The word keys of the note's prose (see noteWords). */
  words: string[];
}

/** A note's digest, from the note and the text it was parsed from (which must be storable). */
export function digestNote(note: Note, text: string): NoteDigest {
  const digest: NoteDigest = {
    uri: note.uri, hash: note.hash, length: text.length, textForm: textFormOf(note, text), ...storedForm(note),
    keys: [], ordinals: [], terms: [], texts: [], paths: [], sectionPaths: [], flags: [], extras: [], words: [...noteWords(note)],
  };
  // The parser shares one path among a section's definitions; the copies are shared the same way.
  const pathNumbers = new Map<SectionPath, number>();
  for (const [ordinal, definition] of note.definitions.entries()) {
    const key = cachedPhraseKey(definition.term);
    if (!key) continue;
    let pathNumber = pathNumbers.get(definition.sectionPath);
    if (pathNumber === undefined) pathNumbers.set(definition.sectionPath, (pathNumber = digest.sectionPaths.push(definition.sectionPath.map(detach)) - 1));
    digest.keys.push(key);
    digest.ordinals.push(ordinal);
    digest.terms.push(detach(definition.term));
    digest.texts.push(detach(definition.text));
    digest.paths.push(pathNumber);
    digest.flags.push(flagsOf(definition));
    digest.extras.push(extrasOf(definition) ?? null);
  }
  return digest;
}

/**
 * The longest note read from disk whose lines are searched for mentions of a phrase (see
 * NotesIndex.mentions). A request reads and parses such a note again: this bounds what one
 * request costs, whatever the size of the notes.
 */
export const MENTION_SEARCH_MAX_CHARACTERS = 1024 * 1024;

/** Words too common to say anything about a line: not indexed, and not required of a mention. */
export const STOP_WORDS: ReadonlySet<string> = new Set(['the', 'and', 'for', 'with', 'that', 'this', 'are', 'was', 'from', 'not', 'but', 'you', 'your', 'all', 'can', 'its', 'has', 'have', 'how', 'why', 'what', 'when', 'who']);

export class NotesIndex {
  /** Each note as given, or (when its text came with it) as a StoredNote, parsed again on demand. */
  private readonly notesByUri = new Map<string, Note | StoredNote>();
  private readonly parses = new ParsedNotes();
  private readonly entries = new Map<string, TermEntry>();
  /** name key → keys of the entries that the name finds. */
  // An entry's key alone for the many names that find one entry; a set where several share it.
  private readonly names = new Map<string, string | Set<string>>();
  /** Name keys contributed by each entry, so that a change can retract them. */
  private readonly entryNames = new Map<string, string[]>();
  /** Per entry: name key → the first definition (in order) that gives the entry that name. */
  private readonly nameOwners = new Map<string, Map<string, IndexedDefinition>>();
  /**
   * word key → numbers of the notes whose prose contains it. Each version of a note gets a
   * new number (see `numberUris`), so replacing or removing a note only retires its number:
   * nothing needs to find the note's words again, and an edit costs as much as the new
   * version's words. Retired numbers are dropped from a list when it next grows, and from
   * every list once they outnumber the current notes (see `compactWords`).
   */
  private readonly wordNotes = new Map<string, NumberList>();
  /** Note number → uri, for the current version of each note; undefined once retired. */
  private readonly numberUris: (string | undefined)[] = [];
  private readonly noteNumbers = new Map<string, number>();
  private retiredNumbers = 0;
  /** Indexed words by length and first or last character, for near spellings (see fileForSpelling). */
  private readonly spellings = new Map<string, string[]>();
  /** Per entry: how many of its definitions are terms rather than topics (see termCount). */
  private readonly termDefinitions = new Map<string, number>();
  private entriesWithTerms = 0;
  /** Indexed words with characters outside the Basic Multilingual Plane: always candidates. */
  private readonly oddSpellings: string[] = [];
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

  /** Entries defined as a term at least once (not only as a topic): kept as notes change, so a status costs nothing. */
  get termCount(): number {
    return this.entriesWithTerms;
  }

  private countTermDefinitions(key: string, change: number): void {
    const before = this.termDefinitions.get(key) ?? 0;
    const after = before + change;
    if (after === 0) this.termDefinitions.delete(key);
    else this.termDefinitions.set(key, after);
    if (before === 0 && after > 0) this.entriesWithTerms++;
    else if (before > 0 && after === 0) this.entriesWithTerms--;
  }

  setIgnoredTerms(terms: string[]): void {
    this.ignored = new Set(terms.map(phraseKey));
    this.currentVersion++;
  }

  isIgnored(phrase: string): boolean {
    return this.ignored.has(phraseKey(phrase));
  }

  /** A note's whole model: parsed again if the index stored the note as text (see StoredNote). */
  note(uri: string): Note | undefined {
    const kept = this.notesByUri.get(uri);
    return kept instanceof StoredNote ? kept.full() ?? emptyNote(kept) : kept;
  }

  has(uri: string): boolean {
    return this.notesByUri.has(uri);
  }

  uris(): IterableIterator<string> {
    return this.notesByUri.keys();
  }

  /** Every note's whole model. Stored notes are parsed again, one at a time: this is for whole-corpus reports, not for requests. */
  *notes(): IterableIterator<Note> {
    for (const kept of this.notesByUri.values()) yield kept instanceof StoredNote ? kept.full() ?? emptyNote(kept) : kept;
  }

  terms(): IterableIterator<TermEntry> {
    return this.entries.values();
  }

  /**
   * Adds a note, or replaces the note with the same uri. With a `source` (the text the note
   * was parsed from, and how to read it again), the index keeps a few fields per definition
   * rather than the model, and parses the note again when asked for the rest (see
   * StoredNote): how notes read from disk are kept. Without it (an editor's open note, a
   * test's note) the model is kept.
   */
  upsert(note: Note, source?: { text: string; read: NoteReader }): void {
    if (source && storable(source.text)) {
      this.add(digestNote(note, source.text), source.read);
      return;
    }
    this.replacing(note.uri);
    this.notesByUri.set(note.uri, note);
    const touched = new Set<string>();
    for (const [ordinal, definition] of note.definitions.entries()) {
      const key = cachedPhraseKey(definition.term);
      if (!key) continue;
      const indexed: IndexedDefinition = { ...definition, uri: note.uri };
      ordinals.set(indexed, ordinal);
      if (this.file(key, indexed)) touched.add(key);
    }
    this.finish(note.uri, touched, noteWords(note));
  }

  /**
   * Adds or replaces a note read from a file, from its digest (see digestNote): what a worker
   * that parsed the note sends, or what upsert makes of a note it is given with its text.
   */
  add(digest: NoteDigest, read: NoteReader): void {
    this.replacing(digest.uri);
    const stored = new StoredNote(digest.uri, digest.hash, read, this.parses, digest.numbers, digest.textForm, digest.length, digest.details);
    this.notesByUri.set(digest.uri, stored);
    const touched = new Set<string>();
    const paths = digest.sectionPaths;
    for (let i = 0; i < digest.keys.length; i++) {
      const definition = new StoredDefinition(stored, digest.ordinals[i], digest.terms[i], digest.texts[i], paths[digest.paths[i]], digest.flags[i], digest.extras[i] ?? undefined);
      stored.definitions.push(definition);
      if (this.file(digest.keys[i], definition)) touched.add(digest.keys[i]);
    }
    this.finish(digest.uri, touched, digest.words);
  }

  /**
   * Files words for several notes at once (see DigestBatch): word after word, `counts` says
   * how many of `uris` hold it and `members` which (places in `uris`). The notes must have
   * been added just before, with no words of their own.
   */
  addWords(uris: (string | undefined)[], words: string[], counts: Int32Array, members: Int32Array): void {
    const numbers = uris.map((uri) => (uri === undefined ? undefined : this.noteNumbers.get(uri)));
    let at = 0;
    for (const [i, word] of words.entries()) {
      for (const end = at + counts[i]; at < end; at++) {
        const number = numbers[members[at]];
        if (number !== undefined) this.fileWord(word, number);
      }
    }
    this.currentVersion++;
  }

  private fileWord(word: string, number: number): void {
    const numbers = this.wordNotes.get(word);
    if (!numbers) {
      // A new word's key may be a cut of the note's text: copied, so as not to keep the text alive.
      const kept = detach(word);
      this.wordNotes.set(kept, new NumberList(number));
      this.fileForSpelling(kept);
    } else {
      this.addNumber(numbers, number);
    }
  }

  private replacing(uri: string): void {
    const previous = this.notesByUri.get(uri);
    if (previous) this.retract(previous);
  }

  /** Files an entry under a name key. */
  private name(nameKey: string, entryKey: string): void {
    const keys = this.names.get(nameKey);
    if (keys === undefined) this.names.set(nameKey, entryKey);
    else if (typeof keys === 'string') {
      if (keys !== entryKey) this.names.set(nameKey, new Set([keys, entryKey]));
    } else keys.add(entryKey);
  }

  private unname(nameKey: string, entryKey: string): void {
    const keys = this.names.get(nameKey);
    if (keys === entryKey) this.names.delete(nameKey);
    else if (keys instanceof Set) {
      keys.delete(entryKey);
      if (keys.size === 1) this.names.set(nameKey, keys.values().next().value as string);
      else if (keys.size === 0) this.names.delete(nameKey);
    }
  }

  /**
   * Per name key, the first definition of an entry (in order) that gives the entry the name.
   * Kept once worked out; an index taken up from a snapshot works it out for an entry when a
   * note first changes the entry (most never change), rather than for all of them at start.
   */
  private ownersOf(key: string): Map<string, IndexedDefinition> {
    let owners = this.nameOwners.get(key);
    if (!owners) {
      owners = new Map();
      for (const definition of this.entries.get(key)?.definitions ?? []) {
        for (const [nameKey] of namesOf(definition, key)) if (!owners.has(nameKey)) owners.set(nameKey, definition);
      }
      this.nameOwners.set(key, owners);
    }
    return owners;
  }

  /**
   * Files a definition under its entry's key. True when the entry's names or term may have
   * changed (see refreshEntry): a new entry, a new first definition, or a name that the new
   * definition gives first. Otherwise (a term defined in hundreds of notes gets one more
   * definition) nothing about the entry's names needs working out again.
   */
  private file(key: string, indexed: IndexedDefinition): boolean {
    let entry = this.entries.get(key);
    let changed = false;
    if (!entry) {
      entry = { key, term: indexed.term, definitions: [], names: [] };
      this.entries.set(key, entry);
      changed = true;
    }
    // Before the definition goes in: the owners as they were.
    const owners = this.ownersOf(key);
    // Kept in order as they arrive (an upper-bound insert is what a stable sort would give),
    // so that a term defined in hundreds of notes is not sorted again for each of them.
    if (insertSorted(entry.definitions, indexed) === 0) changed = true;
    if (indexed.kind === 'term') this.countTermDefinitions(key, 1);
    for (const [nameKey] of namesOf(indexed, key)) {
      const owner = owners.get(nameKey);
      if (!owner || compareDefinitions(indexed, owner) < 0) {
        owners.set(nameKey, indexed);
        changed = true;
      }
    }
    return changed;
  }

  /** After a note's definitions are filed: its entries' names, and its words under a new number. */
  private finish(uri: string, touched: Set<string>, noteWordKeys: Iterable<string>): void {
    for (const key of touched) this.refreshEntry(key);
    const number = this.numberUris.push(uri) - 1;
    this.noteNumbers.set(uri, number);
    for (const word of noteWordKeys) this.fileWord(word, number);
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

  private retract(note: Note | StoredNote): void {
    if (note instanceof StoredNote) this.parses.forget(note);
    const touched = new Map<string, Definition[]>();
    for (const definition of note.definitions) {
      const key = cachedPhraseKey(definition.term);
      const list = touched.get(key);
      if (list) list.push(definition);
      else touched.set(key, [definition]);
    }
    for (const [key, definitions] of touched) {
      const entry = this.entries.get(key);
      if (!entry) continue;
      const first = entry.definitions[0];
      // Before the definitions go: the owners as they were.
      const owners = this.ownersOf(key);
      const removed = removeNoteDefinitions(entry.definitions, note.uri, definitions);
      const removedTerms = removed.filter((d) => d.kind === 'term').length;
      if (removedTerms > 0) this.countTermDefinitions(key, -removedTerms);
      // As in file: the names are worked out again only if an owner or the first definition went.
      let changed = entry.definitions.length === 0 || entry.definitions[0] !== first;
      for (const definition of removed) {
        for (const [nameKey] of namesOf(definition, key)) {
          if (owners.get(nameKey) !== definition) continue;
          changed = true;
          // The first remaining definition with the name owns it now, if any has it.
          const next = entry.definitions.find((d) => namesOf(d, key).some(([k]) => k === nameKey));
          if (next) owners.set(nameKey, next);
          else owners.delete(nameKey);
        }
      }
      if (changed) this.refreshEntry(key);
    }
    const number = this.noteNumbers.get(note.uri);
    if (number !== undefined) {
      this.numberUris[number] = undefined;
      this.noteNumbers.delete(note.uri);
      this.retiredNumbers++;
      if (this.retiredNumbers > Math.max(RETIRED_NUMBERS_BEFORE_COMPACTION, this.noteNumbers.size)) this.compactWords();
    }
  }

  /**
   * Drops retired numbers from every word's list, and the words that no current note
   * contains, then numbers the current notes from 0 again. Without it every word ever typed
   * into a note stayed listed, and memory grew with the length of an editing session. It
   * runs once retired numbers outnumber the current notes, so its cost, spread over the
   * edits that retired them, is about that of the edits themselves.
   */
  private compactWords(): void {
    const renumbered = new Int32Array(this.numberUris.length).fill(-1);
    const current: string[] = [];
    for (let number = 0; number < this.numberUris.length; number++) {
      const uri = this.numberUris[number];
      if (uri === undefined) continue;
      renumbered[number] = current.push(uri) - 1;
      this.noteNumbers.set(uri, renumbered[number]);
    }
    for (const [word, numbers] of this.wordNotes) {
      numbers.renumber((number) => renumbered[number]);
      if (numbers.length === 0) this.wordNotes.delete(word);
    }
    this.numberUris.length = 0;
    for (const uri of current) this.numberUris.push(uri);
    this.retiredNumbers = 0;
    // The key caches fill with the words of every version of every note; they start again
    // from the words still in use, as they are next read.
    cachedPhraseKey.clear();
    cachedWordKey.clear();
    // So do the lists of spellings: filed again from the words that are left.
    this.spellings.clear();
    this.oddSpellings.length = 0;
    for (const word of this.wordNotes.keys()) this.fileForSpelling(word);
  }

  /**
   * Lets go of the keys remembered for the words and names of notes read so far: they speed
   * up a full index, where words recur note after note, and are only memory once it is done.
   */
  forgetKeys(): void {
    cachedPhraseKey.clear();
    cachedWordKey.clear();
  }

  /** Appends a note number to a word's list, first dropping retired numbers when the list is about to grow. */
  private addNumber(numbers: NumberList, number: number): void {
    const length = numbers.length;
    // Cleaning at power-of-two lengths keeps each list within twice its live size, at an
    // amortised constant cost per append.
    if (this.retiredNumbers > 0 && length >= 8 && (length & (length - 1)) === 0) {
      numbers.renumber((n) => (this.numberUris[n] !== undefined ? n : -1));
    }
    numbers.push(number);
  }

  /** Uris of the current notes whose prose contains a word key. */
  private notesWithWord(word: string): string[] {
    const uris: string[] = [];
    const numbers = this.wordNotes.get(word);
    for (let i = 0; i < (numbers?.length ?? 0); i++) {
      const uri = this.numberUris[numbers!.at(i)];
      if (uri !== undefined) uris.push(uri);
    }
    return uris;
  }

  private hasWord(word: string): boolean {
    const numbers = this.wordNotes.get(word);
    return numbers !== undefined && numbers.some((n) => this.numberUris[n] !== undefined);
  }

  /**
   * Re-derives an entry's names after its definitions changed; drops it when none is left.
   * An entry's names are its definitions' names, each spelled as the first definition (in
   * order) that has it, and listed in the order they first appear: `nameOwners` keeps that
   * first definition per name, so a change costs in proportion to the names, not to the
   * definitions (a term may be defined in thousands of notes).
   */
  private refreshEntry(key: string): void {
    for (const name of this.entryNames.get(key) ?? []) this.unname(name, key);
    const entry = this.entries.get(key);
    if (!entry || entry.definitions.length === 0) {
      this.entries.delete(key);
      this.entryNames.delete(key);
      this.nameOwners.delete(key);
      return;
    }
    entry.term = entry.definitions[0].term;
    const ordered: { nameKey: string; name: string; at: number; within: number }[] = [];
    for (const [nameKey, owner] of this.ownersOf(key)) {
      const names = namesOf(owner, key);
      const within = names.findIndex(([k]) => k === nameKey);
      ordered.push({ nameKey, name: names[within][1], at: indexOfDefinition(entry.definitions, owner), within });
    }
    ordered.sort((a, b) => a.at - b.at || a.within - b.within);
    entry.names = ordered.map((n) => n.name);
    this.entryNames.set(key, ordered.map((n) => n.nameKey));
    for (const { nameKey } of ordered) {
      this.name(nameKey, key);
      this.longestName = Math.max(this.longestName, nameKey.split(' ').length);
    }
  }

  /**
   * An entry's definitions of one kind from one note, in the entry's order: the same as
   * filtering `entry.definitions`, found by binary search (a topic may be defined in
   * thousands of notes, and a hover asks this for each note that defines the term).
   */
  definitionsIn(entry: TermEntry, uri: string, kind: Definition['kind']): IndexedDefinition[] {
    const found: IndexedDefinition[] = [];
    const definitions = entry.definitions;
    for (const inbox of [false, true]) {
      const probe = { inbox, kind, uri, range: { start: { line: -Infinity } } } as unknown as IndexedDefinition;
      let at = lowerBound(definitions, probe);
      for (; at < definitions.length && definitions[at].uri === uri && definitions[at].inbox === inbox && definitions[at].kind === kind; at++) found.push(definitions[at]);
    }
    return found;
  }

  /** The longest name, in words: how far a lookup around a cursor needs to look. */
  get longestNameWords(): number {
    return this.longestName;
  }

  /** Entries that a phrase names exactly (after normalisation), best first. */
  lookupExact(phrase: string): TermEntry[] {
    const key = phraseKey(phrase);
    const keys = this.names.get(key);
    if (keys === undefined) return [];
    const found = entryKeysOf(keys).map((k) => this.entries.get(k)!).filter(Boolean);
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
        found = new Set(entryKeysOf(keys));
      } else if (distance === best) {
        for (const k of entryKeysOf(keys)) found.add(k);
      }
    }
    return [...found].map((k) => this.entries.get(k)!).filter(Boolean);
  }

  /**
   * True when the entry may match written text: not ignored, and not a single everyday word
   * that only a loose definition names (`* start: warm … cold …` makes "start" a term of the
   * notes, but not one to light up in every sentence). `define` and search still find it.
   */
  matchable(entry: TermEntry): boolean {
    if (this.ignored.has(entry.key)) return false;
    const onlyLoose = entry.definitions.every((d) => d.loose);
    return !(onlyLoose && !entry.key.includes(' ') && !isAcronym(entry.term));
  }

  /** The matcher over every matchable name, built once per index version. */
  matcher(): { matcher: TermMatcher; entries: TermEntry[] } {
    if (this.cachedMatcher?.version === this.currentVersion) return this.cachedMatcher;
    // Where entries share a name, the matcher gives an occurrence to the one listed first. The
    // order is that of lookupExact, which hovers use: the entry whose own term the name is,
    // then by key. In the map's order (the order edits left), a document's terms would
    // depend on the history of the notes rather than on what they say.
    const entries = [...this.entries.values()].filter((entry) => this.matchable(entry)).sort((a, b) => collator.compare(a.key, b.key));
    const ownNames: { phrase: string; id: number; caseSensitive: boolean }[] = [];
    const otherNames: { phrase: string; id: number; caseSensitive: boolean }[] = [];
    for (const [id, entry] of entries.entries()) {
      for (const name of entry.names) {
        const nameKey = cachedPhraseKey(name);
        if (this.ignored.has(nameKey)) continue;
        (nameKey === entry.key ? ownNames : otherNames).push({ phrase: name, id, caseSensitive: isAcronym(name) });
      }
    }
    this.cachedMatcher = { version: this.currentVersion, matcher: new TermMatcher([...ownNames, ...otherNames]), entries };
    return this.cachedMatcher;
  }

  /**
   * Lines of the notes that mention a phrase, with their links: how a term without a
   * definition (`CQRS`) still leads to references. Lines with links come first.
   */
  mentions(phrase: string, limit = 50): Mention[] {
    // Lines with links come first, then the others, each in note and line order. Once
    // `limit` lines with links are found no later line can make the cut, so the scan stops
    // there: a hover on a word used across the notes reads a few notes, not all of them.
    const withLinks: Mention[] = [];
    const withoutLinks: Mention[] = [];
    const enough = limit > 0 ? limit : Infinity;
    for (const mention of this.mentionLines(phrase)) {
      if (mention.links.length > 0) {
        withLinks.push(mention);
        if (withLinks.length >= enough) break;
      } else if (withoutLinks.length < enough) {
        withoutLinks.push(mention);
      }
    }
    return [...withLinks, ...withoutLinks].slice(0, limit);
  }

  /** The lines that mention a phrase and hold links, in note and line order, found as they are asked for. */
  *linkedMentions(phrase: string): Generator<Mention> {
    for (const mention of this.mentionLines(phrase, true)) if (mention.links.length > 0) yield mention;
  }

  /** Every line that mentions a phrase (with links only: every such line with links), in note and line order, found as they are asked for. */
  private *mentionLines(phrase: string, withLinksOnly = false): Generator<Mention> {
    const queryWords = words(phrase).map((w) => wordKey(w.text)).filter((k) => k.length > 0);
    if (queryWords.length === 0) return;
    const significant = queryWords.filter((k) => !STOP_WORDS.has(k));
    const expanded = (significant.length > 0 ? significant : queryWords).map((k) => this.similarWords(k));
    if (expanded.some((set) => set.size === 0)) return;
    // Notes that hold every word (or a near spelling of it).
    let candidates: Set<string> | undefined;
    for (const alternatives of expanded) {
      const uris = new Set<string>();
      for (const word of alternatives) for (const uri of this.notesWithWord(word)) uris.add(uri);
      candidates = candidates ? new Set([...candidates].filter((u) => uris.has(u))) : uris;
    }
    const probes = expanded.map(wordProbe);
    // Lines of a note's text that hold every word's stem where a word starts (see wordProbe).
    const linesWithAll = probes.every((probe) => probe !== undefined) ? new RegExp('^' + (probes as RegExp[]).map((p) => `(?=[^\\n]*(?:${p.source}))`).join('') + '[^\\n]*', 'gim') : undefined;
    for (const uri of [...(candidates ?? [])].sort()) {
      const kept = this.notesByUri.get(uri)!;
      if (kept instanceof StoredNote) {
        // A note too long to read and parse again within a request is not searched (its
        // definitions still are): a hover on a word of a 7 MB note took 5 s and kept its 150 MB model.
        if (kept.length > MENTION_SEARCH_MAX_CHARACTERS) continue;
        // A line of an unrepaired text holds every word its prose line holds (see TEXT_FORM): a
        // note none of whose lines holds every word (and a URL, when only lines with links are
        // wanted) has no such prose line, and is passed over without a parse.
        if (kept.textForm & TEXT_FORM.unrepaired && !someLineMentions(kept.read() ?? '', kept.textForm & TEXT_FORM.asciiWords ? linesWithAll : undefined, probes, expanded, withLinksOnly)) continue;
      }
      const note = kept instanceof StoredNote ? kept.indexed() : kept;
      if (!note) continue; // changed on disk since: the watcher's report indexes it again
      // The note's links by line, gathered once: filtering every link for each mentioning
      // line was quadratic (50,000 lines with a link each made one search take 12 s).
      let linksByLine: Map<number, NoteLink[]> | undefined;
      for (const line of note.lines) {
        if (cannotMention(line.text, probes) || !lineMentions(line.text, expanded)) continue;
        linksByLine ??= groupByLine(note.links);
        yield { uri, line, links: linksByLine.get(line.line) ?? [] };
      }
    }
  }

  /** A word key and the indexed words within one edit of it (for words long enough to misspell). */
  private similarWords(key: string): Set<string> {
    const similar = new Set<string>();
    if (this.hasWord(key)) similar.add(key);
    if (key.length >= 5) {
      for (const word of this.spellingCandidates(key)) {
        if (Math.abs(word.length - key.length) <= 1 && word !== key && boundedEditDistance(word, key, 1) <= 1 && this.hasWord(word)) similar.add(word);
      }
    }
    return similar;
  }

  /**
   * Files an indexed word for the search of near spellings. One edit to a word of five or
   * more characters leaves its first two or its last two characters as they were, so a word
   * within one edit of such a key is filed under the key's length ±1 with the key's first two
   * or last two characters: the search reads those few lists rather than the whole vocabulary.
   * Words with characters outside the Basic Multilingual Plane (two UTF-16 units each) are
   * kept apart and always compared.
   */
  private fileForSpelling(word: string): void {
    if (word.length < 4) return; // keys searched are 5 long or more, so their neighbours 4 or more
    if (hasSurrogate(word)) {
      this.oddSpellings.push(word);
      return;
    }
    for (const bucket of [`${word.length}<${word.slice(0, 2)}`, `${word.length}>${word.slice(-2)}`]) {
      const words = this.spellings.get(bucket);
      if (words) words.push(word);
      else this.spellings.set(bucket, [word]);
    }
  }

  /** The indexed words that may be within one edit of a key (5 characters or more, see fileForSpelling). */
  private spellingCandidates(key: string): Iterable<string> {
    if (hasSurrogate(key)) return this.wordNotes.keys();
    const candidates = new Set<string>(this.oddSpellings);
    const first = key.slice(0, 2);
    const last = key.slice(-2);
    for (let length = key.length - 1; length <= key.length + 1; length++) {
      for (const word of this.spellings.get(`${length}<${first}`) ?? []) candidates.add(word);
      for (const word of this.spellings.get(`${length}>${last}`) ?? []) candidates.add(word);
    }
    return candidates;
  }

  /**
   * The index as plain data: its notes, its terms with their names and definitions in order,
   * and its word lists. `loadState` builds the same index from it without parsing or sorting.
   */
  exportState(): IndexState {
    const noteUris = [...this.notesByUri.keys()];
    const noteNumber = new Map(noteUris.map((uri, number) => [uri, number]));
    const kept = noteUris.map((uri) => this.notesByUri.get(uri)!);
    // An open note's model is kept whole: it is written as a stored note of the text it was
    // parsed from, which a restart takes up only if the file holds that very text.
    const stored = (note: Note | StoredNote) => (note instanceof StoredNote ? note : undefined);
    const definitionCount = [...this.entries.values()].reduce((sum, entry) => sum + entry.definitions.length, 0);
    const state: IndexState = {
      noteUris,
      noteHashes: kept.map((note) => note.hash),
      noteTextForms: Int32Array.from(kept, (note) => stored(note)?.textForm ?? 0),
      noteLengths: Int32Array.from(kept, (note) => stored(note)?.length ?? 0),
      noteNumbers: kept.map((note) => (note instanceof StoredNote ? note.numbers : storedForm(note).numbers)),
      noteDetails: kept.map((note) => (note instanceof StoredNote ? note.details : storedForm(note).details)),
      definitionNotes: new Int32Array(definitionCount),
      definitionOrdinals: new Int32Array(definitionCount),
      definitionPaths: new Int32Array(definitionCount),
      definitionFlags: new Int32Array(definitionCount),
      definitionTerms: [],
      definitionTexts: [],
      definitionExtras: [],
      sectionPaths: [],
      entryKeys: [],
      entrySizes: new Int32Array(this.entries.size),
      entryNames: [],
      words: [],
      postingCounts: new Int32Array(0),
      postings: new Int32Array(0),
    };
    const pathNumbers = new Map<string, number>();
    let at = 0;
    for (const entry of this.entries.values()) {
      const entryNumber = state.entryKeys.push(entry.key) - 1;
      state.entrySizes[entryNumber] = entry.definitions.length;
      for (const definition of entry.definitions) {
        const pathKey = definition.sectionPath.join('\u0000');
        let pathNumber = pathNumbers.get(pathKey);
        if (pathNumber === undefined) pathNumbers.set(pathKey, (pathNumber = state.sectionPaths.push(definition.sectionPath) - 1));
        state.definitionNotes[at] = noteNumber.get(definition.uri)!;
        state.definitionOrdinals[at] = definition instanceof StoredDefinition ? definition.ordinal : ordinals.get(definition)!;
        state.definitionPaths[at] = pathNumber;
        state.definitionFlags[at] = definition instanceof StoredDefinition ? definition.flags : flagsOf(definition);
        state.definitionTerms.push(definition.term);
        state.definitionTexts.push(definition.text);
        if (definition.expansion !== undefined || definition.label !== undefined || definition.aliases.length > 0 || definition.equivalences.length > 0) {
          state.definitionExtras.push([at, { expansion: definition.expansion, aliases: definition.aliases, equivalences: definition.equivalences, label: definition.label }]);
        }
        at++;
      }
      const nameKeys = this.entryNames.get(entry.key)!;
      const simple = nameKeys.length === 1 && nameKeys[0] === entry.key && entry.names.length === 1 && entry.names[0] === entry.definitions[0].term;
      if (!simple) state.entryNames.push([entryNumber, entry.names, nameKeys]);
    }
    const counts: number[] = [];
    const postings: number[] = [];
    for (const [word, numbers] of this.wordNotes) {
      let count = 0;
      for (let i = 0; i < numbers.length; i++) {
        const uri = this.numberUris[numbers.at(i)];
        if (uri === undefined) continue; // a retired version of a note
        postings.push(noteNumber.get(uri)!);
        count++;
      }
      if (count === 0) continue;
      state.words.push(word);
      counts.push(count);
    }
    state.postingCounts = Int32Array.from(counts);
    state.postings = Int32Array.from(postings);
    return state;
  }

  /**
   * Replaces everything in the index by what `exportState` gave, every note a stored note read
   * again through `readerFor`. The caller vouches that the state is whole (workspace/snapshot.ts checks
   * the file it comes from); what the notes say is not read here.
   */
  loadState(state: IndexState, readerFor: (uri: string) => NoteReader): void {
    this.clear();
    const notes: StoredNote[] = [];
    for (const [number, uri] of state.noteUris.entries()) {
      const stored = new StoredNote(uri, state.noteHashes[number], readerFor(uri), this.parses, state.noteNumbers[number], state.noteTextForms[number], state.noteLengths[number], state.noteDetails[number]);
      notes.push(stored);
      this.notesByUri.set(uri, stored);
      this.numberUris.push(uri);
      this.noteNumbers.set(uri, number);
    }
    const extras = new Map(state.definitionExtras);
    const entryNames = new Map(state.entryNames.map((names) => [names[0], names]));
    let at = 0;
    for (const [entryNumber, key] of state.entryKeys.entries()) {
      const definitions: IndexedDefinition[] = [];
      let terms = 0;
      for (const end = at + state.entrySizes[entryNumber]; at < end; at++) {
        const note = notes[state.definitionNotes[at]];
        const definition = new StoredDefinition(note, state.definitionOrdinals[at], state.definitionTerms[at], state.definitionTexts[at], state.sectionPaths[state.definitionPaths[at]], state.definitionFlags[at], extras.get(at));
        note.definitions.push(definition);
        definitions.push(definition);
        if (definition.kind === 'term') terms++;
      }
      const named = entryNames.get(entryNumber);
      const names = named ? named[1] : [definitions[0].term];
      const nameKeys = named ? named[2] : [key];
      this.entries.set(key, { key, term: definitions[0].term, definitions, names });
      this.entryNames.set(key, nameKeys);
      // Owners are worked out when the entry first changes (see ownersOf).
      for (const nameKey of nameKeys) {
        this.name(nameKey, key);
        const words = nameKey.split(' ').length;
        if (words > this.longestName) this.longestName = words;
      }
      if (terms > 0) this.countTermDefinitions(key, terms);
    }
    let from = 0;
    for (const [i, word] of state.words.entries()) {
      const count = state.postingCounts[i];
      this.wordNotes.set(word, NumberList.from(state.postings.subarray(from, from + count)));
      this.fileForSpelling(word);
      from += count;
    }
    this.currentVersion++;
  }

  /** Lets go of what is kept only to answer faster: parsed notes, decoded details, lists of references (see query/lookup.ts). */
  dropCaches(): void {
    this.parses.clear();
    this.cachedMatcher = undefined;
    this.forgetKeys();
    for (const forget of this.onDropCaches) forget();
  }

  /** Caches kept elsewhere for this index, to be let go with its own. */
  readonly onDropCaches: (() => void)[] = [];

  /** Empties the index (its ignored terms stay). */
  private clear(): void {
    for (const kept of this.notesByUri.values()) if (kept instanceof StoredNote) this.parses.forget(kept);
    this.notesByUri.clear();
    this.entries.clear();
    this.names.clear();
    this.entryNames.clear();
    this.nameOwners.clear();
    this.wordNotes.clear();
    this.numberUris.length = 0;
    this.noteNumbers.clear();
    this.retiredNumbers = 0;
    this.spellings.clear();
    this.termDefinitions.clear();
    this.entriesWithTerms = 0;
    this.oddSpellings.length = 0;
    this.longestName = 1;
    this.currentVersion++;
  }

  /** A canonical, order-independent form of the whole index, for equality tests. */
  snapshot(): unknown {
    const entries = [...this.entries.values()]
      .map((e) => ({ key: e.key, term: e.term, names: [...e.names].sort(), definitions: e.definitions.map((d) => `${d.uri}:${d.range.start.line}:${d.term}`) }))
      .sort((a, b) => a.key.localeCompare(b.key));
    const names = [...this.names].map(([k, v]) => [k, entryKeysOf(v).sort()]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const wordNotes = [...this.wordNotes.keys()]
      .map((word) => [word, this.notesWithWord(word).sort()] as const)
      .filter(([, uris]) => uris.length > 0)
      .sort((a, b) => a[0].localeCompare(b[0]));
    return { notes: [...this.notesByUri.keys()].sort(), entries, names, wordNotes };
  }
}

/** The place of a definition in its note, for the definitions of notes kept whole (stored ones know theirs). */
const ordinals = new WeakMap<IndexedDefinition, number>();

/** The keys of the entries a name finds (see NotesIndex.names). */
function entryKeysOf(keys: string | Set<string>): string[] {
  return typeof keys === 'string' ? [keys] : [...keys];
}

/** What a note that can no longer be read holds until the watcher's report takes it out. */
function emptyNote(stored: StoredNote): Note {
  return { uri: stored.uri, hash: stored.hash, sections: [], definitions: [], facets: [], links: [], citations: [], quotes: [], crossReferences: [], reminders: [], problems: [], lines: [], lineCount: 0 };
}

// The same order as String.prototype.localeCompare, without building a collator per call.
const collator = new Intl.Collator();

/** Retired note numbers that never trigger a compaction of the word lists, however few the notes. */
const RETIRED_NUMBERS_BEFORE_COMPACTION = 1000;

function compareDefinitions(a: IndexedDefinition, b: IndexedDefinition): number {
  // Distilled definitions before inbox material; then by note and line, for a stable order.
  return Number(a.inbox) - Number(b.inbox) || Number(a.kind === 'topic') - Number(b.kind === 'topic')
    || (a.uri === b.uri ? 0 : collator.compare(a.uri, b.uri)) || startLine(a) - startLine(b);
}

/** Where a definition starts, without building the Range of a stored one. */
function startLine(definition: IndexedDefinition): number {
  return definition instanceof StoredDefinition ? definition.startLine : definition.range.start.line;
}

/** Inserts after every definition that sorts before or equal to it (the place a stable sort would give it), and says where. */
function insertSorted(definitions: IndexedDefinition[], definition: IndexedDefinition): number {
  // Definitions mostly arrive in order (a note's lines, one after the other).
  const last = definitions.length - 1;
  if (last < 0 || compareDefinitions(definitions[last], definition) <= 0) {
    definitions.push(definition);
    return definitions.length - 1;
  }
  let low = 0;
  let high = definitions.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (compareDefinitions(definitions[mid], definition) <= 0) low = mid + 1;
    else high = mid;
  }
  if (low === definitions.length) definitions.push(definition);
  else definitions.splice(low, 0, definition);
  return low;
}

function hasSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) return true;
  }
  return false;
}

/** The first place in a sorted list whose definition does not sort before `probe`. */
function lowerBound(definitions: IndexedDefinition[], probe: IndexedDefinition): number {
  let low = 0;
  let high = definitions.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (compareDefinitions(definitions[mid], probe) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Where a definition stands in a sorted list (it must be there). */
function indexOfDefinition(definitions: IndexedDefinition[], definition: IndexedDefinition): number {
  let at = lowerBound(definitions, definition);
  while (at < definitions.length && definitions[at] !== definition) at++;
  return at;
}

/**
 * Takes a note's definitions out of a sorted list, and returns them. They stand in one run
 * per (inbox, topic) group, since the order is by those, then by note: each run is found by
 * binary search rather than by a pass over every definition of the term.
 */
function removeNoteDefinitions(definitions: IndexedDefinition[], uri: string, noteDefinitions: Definition[]): IndexedDefinition[] {
  const removed: IndexedDefinition[] = [];
  const groups = new Set(noteDefinitions.map((d) => `${d.inbox}:${d.kind === 'topic'}`));
  for (const group of groups) {
    const [inbox, topic] = group.split(':').map((flag) => flag === 'true');
    const probe = { inbox, kind: topic ? 'topic' : 'term', uri, range: { start: { line: -Infinity } } } as unknown as IndexedDefinition;
    const start = lowerBound(definitions, probe);
    let end = start;
    while (end < definitions.length && definitions[end].uri === uri && definitions[end].inbox === inbox && (definitions[end].kind === 'topic') === topic) end++;
    // Spliced in place, then copied one by one: a spread of a long run would overflow the stack.
    for (const definition of definitions.splice(start, end - start)) removed.push(definition);
  }
  return removed;
}

/**
 * A definition's names with their keys, in order (term, expansion, aliases, equivalences),
 * each key once. `termKey`, when known, is the key of its term (the key of its entry).
 */
function namesOf(definition: Definition, termKey = cachedPhraseKey(definition.term)): [string, string][] {
  // Most definitions have only their term.
  if (!definition.expansion && definition.aliases.length === 0 && definition.equivalences.length === 0) return termKey ? [[termKey, definition.term]] : [];
  const names: [string, string][] = [];
  for (const name of [definition.term, definition.expansion, ...definition.aliases, ...definition.equivalences]) {
    if (!name) continue;
    const nameKey = cachedPhraseKey(name);
    if (nameKey && !names.some(([k]) => k === nameKey)) names.push([nameKey, name]);
  }
  return names;
}

/** A key function whose answers for recent texts are remembered, up to `limit` of them. */
function rememberedKeys(limit: number, keyOf: (text: string) => string): ((text: string) => string) & { clear(): void } {
  const known = new Map<string, string>();
  const remembered = (text: string): string => {
    let key = known.get(text);
    if (key === undefined) {
      if (known.size >= limit) known.clear();
      key = detach(keyOf(text));
      // Copies: a cut of a note's text kept here would keep the whole text alive (see detach).
      known.set(detach(text), key);
    }
    return key;
  };
  return Object.assign(remembered, { clear: () => known.clear() });
}

// Terms and names repeat across notes (the same term defined in many of them), and a key
// costs a tokenisation: keys of recent names are remembered.
const cachedPhraseKey = rememberedKeys(100_000, phraseKey);

/** The distinct word keys of a note's prose, skipping words too common to index. */
function noteWords(note: Note): Set<string> {
  const keys = new Set<string>();
  const add = (key: string) => {
    if (key.length > 0 && !STOP_WORDS.has(key)) keys.add(key);
  };
  for (const line of note.lines) {
    const text = line.text;
    forEachWord(text, 0, text.length, (start, end) => add(cachedWordKey(text.slice(start, end))));
  }
  return keys;
}

// A note's prose is mostly words met before: their keys are remembered.
const cachedWordKey = rememberedKeys(200_000, wordKey);

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

/**
 * A test that every line holding a word with one of these keys passes, when the words are
 * ASCII: the key of an ASCII word is its lower case less a suffix (`'s`, a plural ending), or
 * with `y` for `ies`/`ie`, so the word holds the key up to a last `y`. A search is then a
 * RegExp test per line instead of a tokenisation, for the many lines that do not qualify.
 */
function wordProbe(keys: Set<string>): RegExp | undefined {
  const stems: string[] = [];
  for (const key of keys) {
    const stem = key.endsWith('y') ? key.slice(0, -1) : key;
    if (stem === '' || !/^[\x00-\x7f]+$/.test(stem)) return undefined;
    stems.push(stem.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  }
  // A word starts where no ASCII letter or digit stands before it (forEachWord): the stem is
  // looked for there only, so that `soa` is not found inside `soap` or in the middle of a word.
  return new RegExp(`(?<![a-z0-9])(?:${stems.join('|')})`, 'i');
}

const NON_ASCII = /[^\x00-\x7f]/g;
/** A character that may stand in a word whose key is not its ASCII lower case (`é`, `’`, fullwidth letters). */
const WORD_CHARACTER = /^[\p{L}\p{M}\p{N}\u2019\u02bc]/u;

function hasNonAsciiWordCharacter(text: string): boolean {
  // Most lines are ASCII, or hold only emoji and punctuation beyond it: one scan, few tests.
  NON_ASCII.lastIndex = 0;
  for (let found = NON_ASCII.exec(text); found; found = NON_ASCII.exec(text)) {
    if (WORD_CHARACTER.test(String.fromCodePoint(text.codePointAt(found.index)!))) return true;
  }
  return false;
}

/** True when the probes prove that a line lacks one of the words (see wordProbe); false when unsure. */
function cannotMention(text: string, probes: (RegExp | undefined)[]): boolean {
  return probes.some((probe) => probe !== undefined && !probe.test(text)) && !hasNonAsciiWordCharacter(text);
}

/**
 * True when a line of a text holds every word (and, if asked, a URL). With `linesWithAll`
 * (the text's words are ASCII) one search of the whole text finds the lines worth reading;
 * otherwise each line is tested with the probes, or read word by word where it has letters
 * beyond ASCII.
 */
function someLineMentions(text: string, linesWithAll: RegExp | undefined, probes: (RegExp | undefined)[], expanded: Set<string>[], withLinksOnly: boolean): boolean {
  // Every link of a note is a URL written on its line (formats/dialect/parser.ts, URL_PATTERN).
  const qualifies = (line: string) => (!withLinksOnly || line.includes('://')) && lineMentions(line, expanded);
  if (linesWithAll) {
    linesWithAll.lastIndex = 0;
    for (let found = linesWithAll.exec(text); found; found = linesWithAll.exec(text)) {
      if (found[0].length === 0) linesWithAll.lastIndex++;
      if (qualifies(found[0])) return true;
    }
    return false;
  }
  for (const line of text.split('\n')) if (!cannotMention(line, probes) && qualifies(line)) return true;
  return false;
}

function lineMentions(text: string, expanded: Set<string>[]): boolean {
  const present = new Set<string>();
  forEachWord(text, 0, text.length, (start, end) => present.add(cachedWordKey(text.slice(start, end))));
  return expanded.every((alternatives) => [...alternatives].some((word) => present.has(word)));
}
