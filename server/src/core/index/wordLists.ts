// The word lists: which notes' prose holds which word, and the near spellings of a word. A
// mention search (mentions.ts) reads only the notes that hold every word of the phrase, or a
// word within one edit of it (a misspelling in the notes or in the query).

import type { Note } from '../model';
import { boundedEditDistance, foundWord, nextWord, wordKey } from '../text/normalize';
import { detach } from '../text/lines';
import { doubled, NumberList } from './numberList';
import { WrittenWordTable } from './matching/writtenWordTable';
import { forgetRememberedKeys, forgottenWithKeys } from '../text/rememberedKeys';
import { finished, inSlices } from '../steps';

/** Words too common to say anything about a line: not indexed, and not required of a mention. */
export const STOP_WORDS: ReadonlySet<string> = new Set(['the', 'and', 'for', 'with', 'that', 'this', 'are', 'was', 'from', 'not', 'but', 'you', 'your', 'all', 'can', 'its', 'has', 'have', 'how', 'why', 'what', 'when', 'who']);

/**
 * The records of an index pass's words: per record, a key ('' for a word too common to index)
 * and the last note that filed it. Every written form of a key shares one record, so that a
 * note files the key once however it spells it. Numbers in arrays rather than an object per
 * record, found from the text by WrittenWordTable: the words are read where they stand.
 */
const recordKeys: string[] = [];
let recordNotes = new Int32Array(1024);
/** Key → its record, so that `Caches` and `cache` share one. */
const keyRecords = new Map<string, number>();
const WORD_RECORDS_KEPT = 200_000;
/** Written word → its record, for the words of an index pass (let go of with the remembered keys). */
const writtenRecords = new WrittenWordTable(recordOf, WORD_RECORDS_KEPT);
let notesWorded = 0;
forgottenWithKeys(forgetRecords);

function forgetRecords(): void {
  recordKeys.length = 0;
  keyRecords.clear();
  writtenRecords.clear();
}

/**
 * The distinct word keys of a note's prose, in the order they first appear, skipping words
 * too common to index. A note's prose is some 800 words of which half are repeats, and most
 * were met in earlier notes: one lookup of the written word, read where it stands in the
 * line (no cut of it made), finds its key, whether it is indexed, and whether this note has
 * filed it yet.
 */
export function noteWords(note: Note): string[] {
  const keys: string[] = [];
  // Let go of between notes, never within one: a record made again would file its key twice.
  if (recordKeys.length >= WORD_RECORDS_KEPT) forgetRecords();
  const stamp = ++notesWorded;
  for (const line of note.lines) {
    const text = line.text;
    const to = text.length;
    for (let end = nextWord(text, 0, to); end !== -1; end = nextWord(text, end, to)) {
      const record = writtenRecords.lookup(text, foundWord[0], end, foundWord[1]);
      if (recordNotes[record] !== stamp) {
        recordNotes[record] = stamp;
        const key = recordKeys[record];
        if (key !== '') keys.push(key);
      }
    }
  }
  return keys;
}

/** The record of a written word met for the first time in this pass (WrittenWordTable's resolve). */
function recordOf(written: string): number {
  // A copy: a cut of a note's text kept here would keep the whole text alive (see detach).
  const key = detach(wordKey(written));
  const indexed = key.length > 0 && !STOP_WORDS.has(key) ? key : '';
  let record = keyRecords.get(indexed);
  if (record === undefined) {
    record = recordKeys.push(indexed) - 1;
    keyRecords.set(indexed, record);
    if (record >= recordNotes.length) recordNotes = doubled(recordNotes);
    recordNotes[record] = 0;
  }
  return record;
}

/** Retired note numbers that never trigger a compaction of the word lists, however few the notes. */
const RETIRED_NUMBERS_BEFORE_COMPACTION = 1000;

/** The word lists in columns, as the index state keeps them (see indexState.ts). */
export interface WordColumns {
  words: string[];
  /** Per word: how many note numbers it has in `postings`, word after word. */
  postingCounts: Int32Array;
  postings: Int32Array;
}

export class WordLists {
  /**
   * word key → numbers of the notes whose prose contains it. Each version of a note gets a
   * new number (see `numberUris`), so replacing or removing a note only retires its number:
   * nothing needs to find the note's words again, and an edit costs as much as the new
   * version's words. Retired numbers are dropped from a list when it next grows, and from
   * every list once they outnumber the current notes (see `compact`).
   */
  private readonly wordNotes = new Map<string, NumberList>();
  /** Note number → uri, for the current version of each note; undefined once retired. */
  private readonly numberUris: (string | undefined)[] = [];
  private readonly noteNumbers = new Map<string, number>();
  private retiredNumbers = 0;
  /** Indexed words by length and first or last character, for near spellings (see fileForSpelling). */
  private readonly spellings = new Map<string, string[]>();
  /** Indexed words with characters outside the Basic Multilingual Plane: always candidates. */
  private readonly oddSpellings: string[] = [];
  /**
   * Columns of a snapshot not filed yet (see loadColumns): filed in idle slices (prepare), or
   * at once by the first call that reads or changes the lists.
   */
  private pending: Generator<void, void> | undefined;

  /** Files the words of a note's current version, under a new number. */
  addNote(uri: string, words: Iterable<string>): void {
    this.takeUp();
    const number = this.numberUris.push(uri) - 1;
    this.noteNumbers.set(uri, number);
    for (const word of words) this.fileWord(word, number);
  }

  /**
   * Files words for several notes at once (see DigestBatch): word after word, `counts` says
   * how many of `uris` hold it and `members` which (places in `uris`). The notes must have
   * been added just before, with no words of their own.
   */
  addWords(uris: (string | undefined)[], words: string[], counts: Int32Array, members: Int32Array): void {
    this.takeUp();
    const numbers = uris.map((uri) => (uri === undefined ? undefined : this.noteNumbers.get(uri)));
    let at = 0;
    for (const [i, word] of words.entries()) {
      for (const end = at + counts[i]; at < end; at++) {
        const number = numbers[members[at]];
        if (number !== undefined) this.fileWord(word, number);
      }
    }
  }

  /** Retires the number of a note's current version, its words with it. */
  retire(uri: string): void {
    this.takeUp();
    const number = this.noteNumbers.get(uri);
    if (number === undefined) return;
    this.numberUris[number] = undefined;
    this.noteNumbers.delete(uri);
    this.retiredNumbers++;
    if (this.retiredNumbers > Math.max(RETIRED_NUMBERS_BEFORE_COMPACTION, this.noteNumbers.size)) this.compact();
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

  /**
   * Drops retired numbers from every word's list, and the words that no current note
   * contains, then numbers the current notes from 0 again. Without it every word ever typed
   * into a note stayed listed, and memory grew with the length of an editing session. It
   * runs once retired numbers outnumber the current notes, so its cost, spread over the
   * edits that retired them, is about that of the edits themselves.
   */
  private compact(): void {
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
    forgetRememberedKeys();
    // So do the lists of spellings: filed again from the words that are left.
    this.spellings.clear();
    this.oddSpellings.length = 0;
    for (const word of this.wordNotes.keys()) this.fileForSpelling(word);
  }

  /** Every word listed, including words that only retired versions of notes held. */
  listedWords(): IterableIterator<string> {
    this.takeUp();
    return this.wordNotes.keys();
  }

  /** Uris of the current notes whose prose contains a word key. */
  notesWithWord(word: string): string[] {
    this.takeUp();
    const uris: string[] = [];
    const numbers = this.wordNotes.get(word);
    for (let i = 0; i < (numbers?.length ?? 0); i++) {
      const uri = this.numberUris[numbers!.at(i)];
      if (uri !== undefined) uris.push(uri);
    }
    return uris;
  }

  /** True when some indexed note holds the word key. */
  hasWord(word: string): boolean {
    this.takeUp();
    const numbers = this.wordNotes.get(word);
    return numbers !== undefined && numbers.some((n) => this.numberUris[n] !== undefined);
  }

  /**
   * A word key and the indexed words within one edit of it (for words long enough to misspell)
   * that begin with the same character: a slip seldom hits a word's first letter, and one edit
   * there makes another word more often than a misspelling (`shard` → `hard`, `scale` → `stale`).
   */
  similarWords(key: string): Set<string> {
    this.takeUp();
    const similar = new Set<string>();
    if (this.hasWord(key)) similar.add(key);
    if (key.length >= 5) {
      for (const word of this.spellingCandidates(key)) {
        if (word[0] === key[0] && Math.abs(word.length - key.length) <= 1 && word !== key && boundedEditDistance(word, key, 1) <= 1 && this.hasWord(word)) similar.add(word);
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

  /** The lists of the current notes, each note by its place in `noteNumber`. */
  exportColumns(noteNumber: ReadonlyMap<string, number>): WordColumns {
    this.takeUp();
    const words: string[] = [];
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
      words.push(word);
      counts.push(count);
    }
    return { words, postingCounts: Int32Array.from(counts), postings: Int32Array.from(postings) };
  }

  /**
   * Replaces the lists by those of exportColumns, the notes numbered by their place in
   * `noteUris`. They are filed when first needed or in idle slices (see prepare): only a
   * search for mentions reads them, and filing the 54,000 words of 20,000 notes at once held
   * a start for a tenth of a second before its first answer.
   */
  loadColumns(noteUris: string[], columns: WordColumns): void {
    this.clear();
    this.pending = this.filing(noteUris, columns);
  }

  /** Files the columns a snapshot gave (see loadColumns) in idle slices of about `sliceMs`. */
  async prepare(pause: () => Promise<void>, sliceMs = 8): Promise<void> {
    const pending = this.pending;
    if (pending) await inSlices(pending, pause, sliceMs, () => this.pending === pending);
    if (this.pending === pending) this.pending = undefined;
  }

  /** Whether columns taken up are still waiting to be filed (for tests). */
  get deferred(): boolean {
    return this.pending !== undefined;
  }

  /** Finishes filing the columns taken up, if that is under way: before anything reads or changes the lists. */
  private takeUp(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    finished(pending);
  }

  private *filing(noteUris: string[], columns: WordColumns): Generator<void, void> {
    for (const [number, uri] of noteUris.entries()) {
      this.numberUris.push(uri);
      this.noteNumbers.set(uri, number);
    }
    yield;
    let from = 0;
    for (const [i, word] of columns.words.entries()) {
      const count = columns.postingCounts[i];
      this.wordNotes.set(word, NumberList.over(columns.postings.subarray(from, from + count)));
      this.fileForSpelling(word);
      from += count;
      if (i % WORDS_PER_STEP === WORDS_PER_STEP - 1) yield;
    }
  }

  clear(): void {
    this.pending = undefined;
    this.wordNotes.clear();
    this.numberUris.length = 0;
    this.noteNumbers.clear();
    this.retiredNumbers = 0;
    this.spellings.clear();
    this.oddSpellings.length = 0;
  }
}

/** Words a step of filing taken-up columns files before it may pause. */
const WORDS_PER_STEP = 1024;

function hasSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) return true;
  }
  return false;
}
