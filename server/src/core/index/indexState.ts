// The index as plain data, for the snapshot on disk (workspace/snapshot.ts): a restart takes
// it up without reading the notes again, parsing or sorting.

import type { Definition, Note, SectionPath } from '../model';
import { EncodedTexts, extrasOf, flagsOf, storedForm, StoredDefinition, StoredNote, type DefinitionExtras, type IndexedDefinition, type NoteReader, type ParsedNotes } from './storedNote';
import type { TermEntries } from './termEntries';
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
  /** Per note: its definitions' details (see storedForm). */
  noteDetails: Uint8Array[];
  /** Definitions, entry after entry, each entry's in order. */
  definitionNotes: Int32Array;
  /** Per definition: its place in its note's model. */
  definitionOrdinals: Int32Array;
  definitionPaths: Int32Array;
  definitionFlags: Int32Array;
  definitionTerms: string[];
  /** Per definition: its text, as strings (an index's export) or as bytes decoded when read (a snapshot's). */
  definitionTexts: string[] | EncodedTexts;
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
    definitionTerms: [],
    definitionTexts: [] as string[],
    definitionExtras: [],
    sectionPaths: [],
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
      if (pathNumber === undefined) pathNumbers.set(pathKey, (pathNumber = state.sectionPaths.push(definition.sectionPath) - 1));
      state.definitionNotes[at] = noteNumber.get(definition.uri)!;
      state.definitionOrdinals[at] = definition instanceof StoredDefinition ? definition.ordinal : modelOrdinals.get(definition)!;
      state.definitionPaths[at] = pathNumber;
      state.definitionFlags[at] = definition instanceof StoredDefinition ? definition.flags : flagsOf(definition);
      state.definitionTerms.push(definition.term);
      (state.definitionTexts as string[]).push(definition.text);
      const extras = definition instanceof StoredDefinition ? definition.extras : extrasOf(definition);
      if (extras) state.definitionExtras.push([at, extras]);
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
 * checks the file it comes from); what the notes say is not read here.
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
  const extras = new Map(state.definitionExtras);
  const entryNames = new Map(state.entryNames.map((names) => [names[0], names]));
  let at = 0;
  for (const [entryNumber, key] of state.entryKeys.entries()) {
    const definitions: IndexedDefinition[] = [];
    for (const end = at + state.entrySizes[entryNumber]; at < end; at++) {
      const note = notes[state.definitionNotes[at]];
      const definition = new StoredDefinition(note, state.definitionOrdinals[at], state.definitionTerms[at], encoded ? at : (texts as string[])[at], state.sectionPaths[state.definitionPaths[at]], state.definitionFlags[at], extras.get(at));
      note.definitions.push(definition);
      definitions.push(definition);
    }
    const named = entryNames.get(entryNumber);
    entries.load(key, definitions, named ? named[1] : [definitions[0].term], named ? named[2] : [key]);
  }
  wordLists.loadColumns(state.noteUris, state);
  topicWords.loadColumns(state.noteUris, state, (note) => notes[note].definitions.length > 0);
}
