// What each note's definitions say, as counts of their content words (text/contentWords.ts):
// the raw material of topicality's tf-idf vectors (relevance/topicality.ts). The counts are
// worked out when a note is digested (in a worker thread, during a full index) and kept here
// and in the snapshot, so that the vectors are a pass over numbers: reading every
// definition's words again took 4.9 s at 20,000 notes, after every index and every start.
//
// A note's counts are filed as numbers: each key gets an id in one vocabulary, and a note
// keeps [id, count] pairs in the order its words first appear (so that sums over a note's
// words come out the same, to the last bit, whatever ids a run happened to give). The
// vocabulary also counts how many notes hold each key: topicality's document frequency.

import type { SectionPath } from '../model';
import { contentKeyOf, MIN_CONTENT_WORD } from '../text/contentWords';
import { detach } from '../text/lines';
import { foundWord, nextWord } from '../text/normalize';
import { forgottenWithKeys } from '../text/rememberedKeys';
import { WrittenWordTable } from './matching/writtenWordTable';
import { doubled } from './numberList';

/** A note's content words: each key once, in the order it first appears, and how often it appears. */
export interface TopicCounts {
  keys: string[];
  counts: Int32Array;
}

/** What of a definition topicality reads: its term, its text and the headings above it. */
export interface TopicSource {
  term: string;
  text: string;
  sectionPath: SectionPath;
}

/**
 * The content keys of an index pass's words, by number: a written word is found where it
 * stands (WrittenWordTable, as the word lists find theirs) and gives its key's number, or
 * NO_CONTENT_KEY for a function word or a number. Let go of with the remembered keys.
 */
const contentKeys: string[] = [];
const contentKeyNumbers = new Map<string, number>();
const CONTENT_KEYS_KEPT = 200_000;
const NO_CONTENT_KEY = -1;
const writtenContentKeys = new WrittenWordTable(contentKeyNumberOf, CONTENT_KEYS_KEPT);
/** Per key number: where it stands in the counts of the note being counted, and which count (stamp) put it there. */
let keyPlaces = new Int32Array(1024);
let keyStamps = new Int32Array(1024);
let countsMade = 0;
forgottenWithKeys(forgetContentKeys);

function forgetContentKeys(): void {
  contentKeys.length = 0;
  contentKeyNumbers.clear();
  writtenContentKeys.clear();
}

/** The number of a written word's content key (see contentKeyOf), for a word met the first time in this pass. */
function contentKeyNumberOf(written: string): number {
  const key = contentKeyOf(written);
  if (key === '') return NO_CONTENT_KEY;
  let number = contentKeyNumbers.get(key);
  if (number === undefined) {
    // A key may be a cut of the note's text: copied, so as not to keep the text alive.
    number = contentKeys.push(detach(key)) - 1;
    contentKeyNumbers.set(contentKeys[number], number);
    if (number >= keyStamps.length) {
      keyPlaces = doubled(keyPlaces);
      keyStamps = doubled(keyStamps);
    }
    keyStamps[number] = 0;
  }
  return number;
}

/**
 * The content words of a note's definitions (those the index files: the ones with a key),
 * counted: each word's key as forEachContentKey gives it, found by its number (see
 * contentKeyNumberOf) rather than by a cut of the word looked up in a Map.
 */
export function countTopicWords(definitions: Iterable<TopicSource>): TopicCounts {
  // Let go of between notes, never within one: a key numbered again would be counted apart.
  if (contentKeys.length >= CONTENT_KEYS_KEPT) forgetContentKeys();
  const stamp = ++countsMade;
  const keys: string[] = [];
  const counts: number[] = [];
  const count = (number: number) => {
    if (keyStamps[number] !== stamp) {
      keyStamps[number] = stamp;
      keyPlaces[number] = counts.push(1) - 1;
      keys.push(contentKeys[number]);
    } else counts[keyPlaces[number]]++;
  };
  // A section's definitions share its path (the parser gives them one array): its headings'
  // keys are found once and counted for each definition, as if read again.
  const pathKeys = new Map<SectionPath, number[]>();
  for (const definition of definitions) {
    forEachContentKeyNumber(definition.term, count);
    forEachContentKeyNumber(definition.text, count);
    let numbers = pathKeys.get(definition.sectionPath);
    if (numbers === undefined) {
      const found: number[] = [];
      for (const section of definition.sectionPath) forEachContentKeyNumber(section, (number) => found.push(number));
      pathKeys.set(definition.sectionPath, (numbers = found));
    }
    for (const number of numbers) count(number);
  }
  return { keys, counts: Int32Array.from(counts) };
}

/** forEachContentKey (text/contentWords.ts), giving each key's number. */
function forEachContentKeyNumber(text: string, onKey: (number: number) => void): void {
  const to = text.length;
  for (let end = nextWord(text, 0, to); end !== -1; end = nextWord(text, end, to)) {
    const start = foundWord[0];
    if (end - start < MIN_CONTENT_WORD) continue;
    const number = writtenContentKeys.lookup(text, start, end, foundWord[1]);
    if (number !== NO_CONTENT_KEY) onKey(number);
  }
}

/** The topic words of an index in columns, as its state keeps them (see indexState.ts). */
export interface TopicColumns {
  /** The keys that the pairs' ids name. */
  topicKeys: string[];
  /** Per note of the state: its [id, count] pairs (none for a note without definitions). */
  noteTopics: Int32Array[];
}

/** Ids of keys no note holds any longer that never trigger a compaction, however few the keys in use. */
const DEAD_KEYS_BEFORE_COMPACTION = 10_000;

/**
 * The notes' topic words: per note that files at least one definition, its [id, count]
 * pairs (a note whose definitions hold no content word has none, and still counts among the
 * notes), and per key id how many of those notes hold it.
 */
export class TopicWords {
  private readonly ids = new Map<string, number>();
  private readonly keys: string[] = [];
  private frequency = new Int32Array(1024);
  /** Ids whose key no note holds: dropped once they outnumber the others (see compact). */
  private deadKeys = 0;
  private readonly pairsByNote = new Map<string, Int32Array>();

  /** How many notes file definitions: the N of the idf. */
  get noteCount(): number {
    return this.pairsByNote.size;
  }

  /** One more than the largest id given: the length of an array by id. */
  get idLimit(): number {
    return this.keys.length;
  }

  /** The id of a key that some note holds. */
  idOf(key: string): number | undefined {
    const id = this.ids.get(key);
    return id !== undefined && this.frequency[id] > 0 ? id : undefined;
  }

  /** How many notes hold the key of this id. */
  documentFrequency(id: number): number {
    return this.frequency[id];
  }

  /** Each note that files definitions, with its pairs (see the head of this file), in the order they came. */
  notes(): IterableIterator<[string, Int32Array]> {
    return this.pairsByNote.entries();
  }

  /** Files a note's counts (replacing what it had): its keys get ids. */
  addNote(uri: string, { keys, counts }: TopicCounts): void {
    const pairs = new Int32Array(2 * keys.length);
    for (let i = 0; i < keys.length; i++) {
      let id = this.ids.get(keys[i]);
      if (id === undefined) {
        // A key may be a cut of the note's text: copied, so as not to keep the text alive.
        id = this.keys.push(detach(keys[i])) - 1;
        this.ids.set(this.keys[id], id);
        if (id >= this.frequency.length) this.frequency = doubled(this.frequency);
        this.deadKeys++; // until a note holds it, just below
      }
      pairs[2 * i] = id;
      pairs[2 * i + 1] = counts[i];
    }
    this.setPairs(uri, pairs);
  }

  /** Lets go of a note's counts. */
  retire(uri: string): void {
    this.drop(uri);
    this.compactIfDead();
  }

  clear(): void {
    this.ids.clear();
    this.keys.length = 0;
    this.frequency = new Int32Array(1024);
    this.deadKeys = 0;
    this.pairsByNote.clear();
  }

  /** The columns of a state whose notes are `noteUris` (see indexState.ts): only the keys in use, numbered again from 0. */
  exportColumns(noteUris: readonly string[]): TopicColumns {
    const renumbered = new Int32Array(this.keys.length).fill(-1);
    const topicKeys: string[] = [];
    const noteTopics = noteUris.map((uri) => {
      const pairs = this.pairsByNote.get(uri);
      if (!pairs) return NO_PAIRS;
      const copy = pairs.slice();
      for (let at = 0; at < copy.length; at += 2) {
        const id = copy[at];
        if (renumbered[id] < 0) renumbered[id] = topicKeys.push(this.keys[id]) - 1;
        copy[at] = renumbered[id];
      }
      return copy;
    });
    return { topicKeys, noteTopics };
  }

  /**
   * Fills the empty table from a state's columns: the notes that file definitions (`files`
   * says which) keep their pairs as given, views of the state's arrays. The caller vouches
   * that every id names one of topicKeys and every count is positive (snapshot.ts checks).
   */
  loadColumns(noteUris: readonly string[], { topicKeys, noteTopics }: TopicColumns, files: (note: number) => boolean): void {
    for (const key of topicKeys) this.ids.set(key, this.keys.push(key) - 1);
    this.frequency = new Int32Array(Math.max(1024, this.keys.length));
    for (const [note, uri] of noteUris.entries()) {
      if (!files(note)) continue;
      const pairs = noteTopics[note];
      this.pairsByNote.set(uri, pairs);
      for (let at = 0; at < pairs.length; at += 2) this.frequency[pairs[at]]++;
    }
    for (let id = 0; id < this.keys.length; id++) if (this.frequency[id] === 0) this.deadKeys++;
    this.compactIfDead();
  }

  private setPairs(uri: string, pairs: Int32Array): void {
    this.drop(uri);
    this.pairsByNote.set(uri, pairs);
    for (let at = 0; at < pairs.length; at += 2) if (this.frequency[pairs[at]]++ === 0) this.deadKeys--;
    this.compactIfDead();
  }

  private drop(uri: string): void {
    const pairs = this.pairsByNote.get(uri);
    if (!pairs) return;
    this.pairsByNote.delete(uri);
    for (let at = 0; at < pairs.length; at += 2) if (--this.frequency[pairs[at]] === 0) this.deadKeys++;
  }

  private compactIfDead(): void {
    if (this.deadKeys > Math.max(DEAD_KEYS_BEFORE_COMPACTION, this.keys.length - this.deadKeys)) this.compact();
  }

  /**
   * Drops the keys that no note holds and numbers the others from 0 again. Without it every
   * word ever typed into an open note kept its id, and memory grew with the length of an
   * editing session. It runs once dead keys outnumber the live ones, so its cost, spread over
   * the edits that left them, is about that of the edits themselves.
   */
  private compact(): void {
    const renumbered = new Int32Array(this.keys.length).fill(-1);
    const keys: string[] = [];
    const frequency = new Int32Array(Math.max(1024, this.keys.length - this.deadKeys));
    for (const [id, key] of this.keys.entries()) {
      if (this.frequency[id] === 0) {
        this.ids.delete(key);
        continue;
      }
      renumbered[id] = keys.push(key) - 1;
      frequency[renumbered[id]] = this.frequency[id];
      this.ids.set(key, renumbered[id]);
    }
    for (const [uri, pairs] of this.pairsByNote) {
      // A copy: the pairs of a note taken up from a snapshot are a view of a block shared with others.
      const copy = pairs.slice();
      for (let at = 0; at < copy.length; at += 2) copy[at] = renumbered[copy[at]];
      this.pairsByNote.set(uri, copy);
    }
    this.keys.length = 0;
    for (const key of keys) this.keys.push(key);
    this.frequency = frequency;
    this.deadKeys = 0;
  }
}

const NO_PAIRS = new Int32Array(0);
