// The index as plain data, for the snapshot on disk (workspace/snapshot.ts): a restart takes
// it up without reading the notes again, parsing or sorting.

import type { Definition, Note, SectionPath } from '../model';
import { DEFINITION_FLAGS, DEFINITION_FORMAT_MASK, EncodedExtras, EncodedPaths, EncodedTexts, extrasOf, flagsOf, formatFlags, storedForm, StoredDefinition, StoredNote, type DeferredDefinitions, type DefinitionExtras, type IndexedDefinition, type NoteDetails, type NoteReader, type ParsedNotes } from './storedNote';

const FORMAT_MASK = DEFINITION_FORMAT_MASK;
const CONTEXTIVE_FORMAT = formatFlags('contextive');
import type { DeferredEntries, DefinitionTally, TermEntries } from './termEntries';
import type { TopicWords } from './topicWords';
import type { WordLists } from './wordLists';
import type { TrieState } from './matching/termTrie';

/**
 * The whole index as plain data (see exportIndexState), in columns: a restart takes it up
 * without reading the notes again, and columns of numbers and strings are quick to write and
 * read back, where an object per definition was not. Notes, definitions and entries are
 * numbered by their place in their columns.
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
  /** Per note: its definitions' details (see storedForm), or where a snapshot's file has them. */
  noteDetails: NoteDetails[];
  /** Definitions, entry after entry, each entry's in order. */
  definitionNotes: Int32Array;
  /** Per definition: its place in its note's model. */
  definitionOrdinals: Int32Array;
  definitionPaths: Int32Array;
  definitionFlags: Int32Array;
  /** Per definition: its term, as strings (an index's export) or as bytes decoded when read (a snapshot's). */
  definitionTerms: string[] | EncodedTexts;
  /** Per definition: its text, as strings (an index's export) or as bytes decoded when read (a snapshot's). */
  definitionTexts: string[] | EncodedTexts;
  /**
   * The few definitions with an expansion, aliases, equivalences, a label or another format's
   * fields: [definition, extras] in the order of the definitions (an index's export), or
   * encoded, parsed when read (a snapshot's).
   */
  definitionExtras: [number, DefinitionExtras][] | EncodedExtras;
  /** The section paths definitionPaths numbers, as arrays (an index's export) or as bytes parsed when read (a snapshot's). */
  sectionPaths: SectionPath[] | EncodedPaths;
  entryKeys: string[];
  /** Per entry: how many definitions it has (they follow each other in the definition columns). */
  entrySizes: Int32Array;
  /** Entries whose names are not simply their first definition's term under their own key: [entry, names, name keys]. */
  entryNames: [number, string[], string[]][];
  words: string[];
  /** Per word: how many note numbers it has in `postings`, word after word. */
  postingCounts: Int32Array;
  postings: Int32Array;
  /** The keys that noteTopics' ids name (see topicWords.ts). */
  topicKeys: string[];
  /** Per note: its definitions' content words as [key id, count] pairs (none for a note without definitions). */
  noteTopics: Int32Array[];
  /** The matcher of the names the relevance stage admits, when one was built for this very index (see MatcherState). */
  matcher?: MatcherState;
}

/**
 * A matcher as plain data: the matchable entries in the matcher's order, as their numbers in
 * `entryKeys`, the ignored terms it left out, and its trie. A start takes it up rather than
 * build it again: at 10,000 notes the build held the first scan of a design doc for 2 s.
 */
export interface MatcherState {
  entries: Int32Array;
  /** The keys of the ignored terms when it was built: under other settings it does not hold. */
  ignored: string[];
  trie: TrieState;
}

/** What an index is made of, as exportIndexState reads it and loadIndexState fills it. */
export interface IndexParts {
  /** Each note as given, or (when its text came with it) as a StoredNote. */
  notesByUri: Map<string, Note | StoredNote>;
  parses: ParsedNotes;
  entries: TermEntries;
  wordLists: WordLists;
  topicWords: TopicWords;
}

/** The place of a definition in its note, for the definitions of notes kept whole (stored ones know theirs). */
const modelOrdinals = new WeakMap<IndexedDefinition, number>();

/** A definition of a note kept whole, as the index files it: with its note's uri, and its place in the note for the state. */
export function indexedDefinition(definition: Definition, uri: string, ordinal: number): IndexedDefinition {
  const indexed: IndexedDefinition = { ...definition, uri };
  modelOrdinals.set(indexed, ordinal);
  return indexed;
}

/**
 * The index as plain data: its notes, its terms with their names and definitions in order,
 * and its word lists. `loadIndexState` builds the same index from it without parsing or sorting.
 */
export function exportIndexState({ notesByUri, entries, wordLists, topicWords }: IndexParts): IndexState {
  const noteUris = [...notesByUri.keys()];
  const noteNumber = new Map(noteUris.map((uri, number) => [uri, number]));
  const kept = noteUris.map((uri) => notesByUri.get(uri)!);
  // An open note's model is kept whole: it is written as a stored note of the text it was
  // parsed from, which a restart takes up only if the file holds that very text.
  const stored = (note: Note | StoredNote) => (note instanceof StoredNote ? note : undefined);
  let definitionCount = 0;
  for (const entry of entries.values()) definitionCount += entry.definitions.length;
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
    definitionTerms: [] as string[],
    definitionTexts: [] as string[],
    definitionExtras: [],
    sectionPaths: [] as SectionPath[],
    entryKeys: [],
    entrySizes: new Int32Array(entries.size),
    entryNames: [],
    ...wordLists.exportColumns(noteNumber),
    ...topicWords.exportColumns(noteUris),
  };
  exportEntries(state, entries, noteNumber);
  return state;
}

/** Fills the definition and entry columns of a state, entry after entry. */
function exportEntries(state: IndexState, entries: TermEntries, noteNumber: ReadonlyMap<string, number>): void {
  const pathNumbers = new Map<string, number>();
  let at = 0;
  for (const entry of entries.values()) {
    const entryNumber = state.entryKeys.push(entry.key) - 1;
    state.entrySizes[entryNumber] = entry.definitions.length;
    for (const definition of entry.definitions) {
      const pathKey = definition.sectionPath.join('\u0000');
      let pathNumber = pathNumbers.get(pathKey);
      if (pathNumber === undefined) pathNumbers.set(pathKey, (pathNumber = (state.sectionPaths as SectionPath[]).push(definition.sectionPath) - 1));
      state.definitionNotes[at] = noteNumber.get(definition.uri)!;
      state.definitionOrdinals[at] = definition instanceof StoredDefinition ? definition.ordinal : modelOrdinals.get(definition)!;
      state.definitionPaths[at] = pathNumber;
      state.definitionFlags[at] = definition instanceof StoredDefinition ? definition.flags : flagsOf(definition);
      (state.definitionTerms as string[]).push(definition.term);
      (state.definitionTexts as string[]).push(definition.text);
      const extras = definition instanceof StoredDefinition ? definition.extras : extrasOf(definition);
      if (extras) (state.definitionExtras as [number, DefinitionExtras][]).push([at, extras]);
      at++;
    }
    const nameKeys = entries.nameKeysOf(entry.key)!;
    const simple = nameKeys.length === 1 && nameKeys[0] === entry.key && entry.names.length === 1 && entry.names[0] === entry.definitions[0].term;
    if (!simple) state.entryNames.push([entryNumber, entry.names, nameKeys]);
  }
}

/**
 * Fills an empty index with what `exportIndexState` gave, every note a stored note read
 * again through `readerFor`. The caller vouches that the state is whole (workspace/snapshot.ts
 * checks the file it comes from); what the notes say is not read here. The definitions are
 * made when first read (see StateDefinitions): a note's all at once, for its entries too.
 */
export function loadIndexState(state: IndexState, readerFor: (uri: string) => NoteReader, { notesByUri, parses, entries, wordLists, topicWords }: IndexParts): void {
  const notes: StoredNote[] = [];
  const texts = state.definitionTexts;
  const encoded = texts instanceof EncodedTexts ? texts : undefined;
  for (const [number, uri] of state.noteUris.entries()) {
    const stored = new StoredNote(uri, state.noteHashes[number], readerFor(uri), parses, state.noteNumbers[number], state.noteTextForms[number], state.noteLengths[number], state.noteDetails[number]);
    stored.encodedTexts = encoded;
    notes.push(stored);
    notesByUri.set(uri, stored);
  }
  const definitions = new StateDefinitions(state, notes);
  const entryNames = new Map(state.entryNames.map((names) => [names[0], names]));
  const flags = state.definitionFlags;
  // One tally for all: loadDeferred reads it, and keeps nothing of it.
  const tally: DefinitionTally = { terms: 0, hoverOn: 0, hoverOff: 0, contextive: false, weak: 0 };
  let at = 0;
  for (const [entryNumber, key] of state.entryKeys.entries()) {
    const from = at;
    tally.terms = tally.hoverOn = tally.hoverOff = tally.weak = 0;
    tally.contextive = false;
    for (const end = at + state.entrySizes[entryNumber]; at < end; at++) {
      const bits = flags[at];
      if ((bits & DEFINITION_FLAGS.topic) === 0) tally.terms++;
      if (bits & DEFINITION_FLAGS.hoverOn) tally.hoverOn++;
      if (bits & DEFINITION_FLAGS.hoverOff) tally.hoverOff++;
      if ((bits & FORMAT_MASK) === CONTEXTIVE_FORMAT) tally.contextive = true;
      if (bits & DEFINITION_FLAGS.loose || (bits & DEFINITION_FLAGS.topic && bits & DEFINITION_FLAGS.inbox)) tally.weak++;
    }
    const named = entryNames.get(entryNumber);
    const term = termOf(state, from);
    entries.loadDeferred(key, term, named ? named[1] : [term], named ? named[2] : [key], tally, definitions, from, at);
  }
  wordLists.loadColumns(state.noteUris, state);
  topicWords.loadColumns(state.noteUris, state, (note) => definitions.countOf(note) > 0);
}

/** The term of definition `at` of a state. */
function termOf(state: IndexState, at: number): string {
  const terms = state.definitionTerms;
  return terms instanceof EncodedTexts ? terms.text(at) : terms[at];
}

/** The section path numbered `at` of a state. */
function sectionPathOf(state: IndexState, at: number): SectionPath {
  const paths = state.sectionPaths;
  return paths instanceof EncodedPaths ? paths.path(at) : paths[at];
}

/**
 * The definitions of a state, made when first read: a note's all together, on the first read
 * of its definitions or of an entry's that holds one of them, so that a definition is one
 * object wherever the index lists it. A start makes none: 184,000 objects at 10,000 notes
 * cost it a tenth of a second and their collection more.
 */
class StateDefinitions implements DeferredDefinitions, DeferredEntries {
  /** Per note: where its definitions' numbers begin in `byNote` (and the next note's begin). */
  private readonly starts: Int32Array;
  /** The definitions' numbers, note after note, each note's in the state's order. */
  private readonly byNote: Int32Array;
  /** Per definition: its place among its note's. */
  private readonly places: Int32Array;
  /** The extras' definition numbers, in order, for a binary search (see IndexState.definitionExtras). */
  private readonly extrasAt: Int32Array;

  constructor(
    private readonly state: IndexState,
    private readonly notes: StoredNote[],
  ) {
    const owners = state.definitionNotes;
    const starts = new Int32Array(notes.length + 1);
    for (let at = 0; at < owners.length; at++) starts[owners[at] + 1]++;
    for (let note = 0; note < notes.length; note++) starts[note + 1] += starts[note];
    const next = starts.slice(0, notes.length);
    this.byNote = new Int32Array(owners.length);
    this.places = new Int32Array(owners.length);
    for (let at = 0; at < owners.length; at++) {
      const note = owners[at];
      this.places[at] = next[note] - starts[note];
      this.byNote[next[note]++] = at;
    }
    this.starts = starts;
    const extras = state.definitionExtras;
    this.extrasAt = extras instanceof EncodedExtras ? extras.numbers : Int32Array.from(extras, ([at]) => at);
    for (const [number, note] of notes.entries()) if (this.countOf(number) > 0) note.deferDefinitions(this, number);
  }

  /** How many definitions note `note` files. */
  countOf(note: number): number {
    return this.starts[note + 1] - this.starts[note];
  }

  ofNote(note: number): StoredDefinition[] {
    const { state, notes } = this;
    const texts = state.definitionTexts;
    const encoded = texts instanceof EncodedTexts;
    const made: StoredDefinition[] = [];
    for (let place = this.starts[note]; place < this.starts[note + 1]; place++) {
      const at = this.byNote[place];
      made.push(new StoredDefinition(notes[note], state.definitionOrdinals[at], termOf(state, at), encoded ? at : (texts as string[])[at], sectionPathOf(state, state.definitionPaths[at]), state.definitionFlags[at], this.extrasOf(at)));
    }
    return made;
  }

  /** The definitions numbered from to to (an entry's), made with their notes' if not yet. */
  ofEntry(from: number, to: number): IndexedDefinition[] {
    const made: IndexedDefinition[] = [];
    for (let at = from; at < to; at++) made.push(this.notes[this.state.definitionNotes[at]].definitions[this.places[at]]);
    return made;
  }

  private extrasOf(at: number): DefinitionExtras | undefined {
    const numbers = this.extrasAt;
    let low = 0;
    let high = numbers.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (numbers[middle] < at) low = middle + 1;
      else if (numbers[middle] > at) high = middle - 1;
      else {
        const extras = this.state.definitionExtras;
        return extras instanceof EncodedExtras ? extras.extras(middle) : extras[middle][1];
      }
    }
    return undefined;
  }
}
