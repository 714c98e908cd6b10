// One sense per discourse, at the level of whole notes: a design doc about etcd's learners is
// about what the consensus and distributed-systems notes are about, not what the Kubernetes
// or JavaScript notes are about. So an everyday word that one of those far notes defines
// (`status` as a Kubernetes object's observed state, `new` as a JavaScript operator) is not
// that note's term in this doc, however many words its window happens to share with the
// note's long sections.
//
// The measure is the classic one of information retrieval: the cosine between the doc's words
// and each note's words (what its definitions, sections and terms say), both weighted by
// tf-idf over the notes, so that the words every note uses ("server", "data") weigh little
// and the words of one subject ("raft", "quorum", "prototype") much. A note is topical for a
// doc when its similarity is at least TOPICAL_SHARE of the most similar note's: relative, so
// that a short doc and a long one, a small collection and a large one, are judged alike.

import type { NotesIndex, TermEntry } from '../index/notesIndex';
import { forEachWord, wordKey } from '../text/normalize';
import { isFunctionWord } from './vocabulary';

/** How close to the doc's most similar note a note must come to be one of its subjects. */
export const TOPICAL_SHARE = 0.4;

/**
 * The notes' tf-idf vectors, filed by word in flat arrays: the postings of word `k` (its id
 * in `keyIds`) are the positions offsets[k] to offsets[k + 1] of `notes` (a note's number in
 * `uris`) and `weights`. With 5,000 notes there are about a million (word, note) pairs: an
 * object per pair kept 48 MB where these arrays keep 12.
 */
interface NoteVectors {
  version: number;
  uris: string[];
  noteIds: Map<string, number>;
  keyIds: Map<string, number>;
  /** Each word's inverse document frequency over the notes, by key id. */
  idf: Float64Array;
  offsets: Uint32Array;
  notes: Uint32Array;
  weights: Float64Array;
}

interface DocumentSimilarity {
  /** By note number: the cosine between the doc's vector and the note's. */
  similarity: Float64Array;
  /** How many notes share at least one word with the doc. */
  sharing: number;
  best: number;
}

const vectorsByIndex = new WeakMap<NotesIndex, NoteVectors>();
// A hover asks again and again about the same document: its similarities are kept for the last text.
let lastDocument: (DocumentSimilarity & { index: NotesIndex; version: number; text: string }) | undefined;

/**
 * True when some note that defines the entry is one of the doc's subjects (see the head of
 * this file). Also true when only one note defines terms, or the doc shares no word with any
 * note: there is then nothing to tell subjects apart by.
 */
export function isTopical(index: NotesIndex, text: string, entry: TermEntry): boolean {
  const vectors = noteVectors(index);
  const { similarity, sharing, best } = documentSimilarity(index, vectors, text);
  if (best === 0 || sharing < 2) return true;
  return entry.definitions.some((definition) => {
    const note = vectors.noteIds.get(definition.uri);
    return note !== undefined && similarity[note] >= TOPICAL_SHARE * best;
  });
}

function documentSimilarity(index: NotesIndex, vectors: NoteVectors, text: string): DocumentSimilarity {
  if (lastDocument && lastDocument.index === index && lastDocument.version === index.version && lastDocument.text === text) return lastDocument;
  const counts = new Map<string, number>();
  forEachContentKey(text, (key) => {
    if (vectors.keyIds.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  const docWeights = weighted(counts, (key) => vectors.idf[vectors.keyIds.get(key)!]);
  const similarity = new Float64Array(vectors.uris.length);
  for (const [key, docWeight] of docWeights) {
    const id = vectors.keyIds.get(key)!;
    for (let at = vectors.offsets[id]; at < vectors.offsets[id + 1]; at++) similarity[vectors.notes[at]] += docWeight * vectors.weights[at];
  }
  // Every weight on both sides is positive: a note shares a word with the doc exactly when its similarity is.
  let best = 0;
  let sharing = 0;
  for (const value of similarity) {
    if (value > 0) sharing++;
    if (value > best) best = value;
  }
  lastDocument = { index, version: index.version, text, similarity, sharing, best };
  return lastDocument;
}

/**
 * Each note's words as a unit tf-idf vector, filed by word: worked out once per index version,
 * so again after every change to the notes. With thousands of notes that is a million words,
 * so the pass works on numbers: each word is keyed once, each note's keys are counted by
 * sorting their numbers, and the postings are filed by a counting sort.
 */
function noteVectors(index: NotesIndex): NoteVectors {
  const cached = vectorsByIndex.get(index);
  if (cached && cached.version === index.version) return cached;
  // A pass begun in idle slices for this version (prepareTopicality) is finished, not begun again.
  const pending = pendingByIndex.get(index);
  const builder = pending?.version === index.version ? pending.builder : buildVectors(index);
  pendingByIndex.delete(index);
  let step = builder.next();
  while (!step.done) step = builder.next();
  vectorsByIndex.set(index, step.value);
  return step.value;
}

/** A pass over the notes begun in idle slices, for one version of the index. */
const pendingByIndex = new WeakMap<NotesIndex, { version: number; builder: Generator<void, NoteVectors> }>();

/** How many definitions (or notes, in the later stages) the pass reads between two chances to pause. */
const DEFINITIONS_PER_STEP = 64;

/**
 * Works the notes' vectors out in slices of about `sliceMs`, pausing between them, so that the
 * first hover after an index finds them ready (at 20,000 notes they take 5 s)
 * without holding the server meanwhile. A change to the index drops the pass: the next
 * question works them out for the new version. A hover asked meanwhile finishes the pass itself.
 */
export async function prepareTopicality(index: NotesIndex, pause: () => Promise<void>, sliceMs = 8): Promise<void> {
  const version = index.version;
  if (vectorsByIndex.get(index)?.version === version) return;
  const builder = buildVectors(index);
  pendingByIndex.set(index, { version, builder });
  let sliceStart = Date.now();
  for (;;) {
    if (pendingByIndex.get(index)?.builder !== builder) return; // finished by a question, or replaced
    if (index.version !== version) {
      pendingByIndex.delete(index);
      return;
    }
    const step = builder.next();
    if (step.done) {
      pendingByIndex.delete(index);
      vectorsByIndex.set(index, step.value);
      return;
    }
    if (Date.now() - sliceStart < sliceMs) continue;
    await pause();
    sliceStart = Date.now();
  }
}

/** The pass itself, pausing (yielding) every DEFINITIONS_PER_STEP definitions and between its stages. */
function* buildVectors(index: NotesIndex): Generator<void, NoteVectors> {
  const keyIds = new Map<string, number>();
  const keyOfWord = new Map<string, number>();
  const uris: string[] = [];
  const noteIds = new Map<string, number>();
  const keysByNote: number[][] = [];
  let read = 0;
  const addWords = (phrase: string, keys: number[]) =>
    forEachWord(phrase, 0, phrase.length, (start, end) => {
      if (end - start < 3) return;
      const word = phrase.slice(start, end);
      let id = keyOfWord.get(word);
      if (id === undefined) {
        const key = contentKeyOf(word);
        id = key ? keyIds.get(key) : -1;
        if (id === undefined) keyIds.set(key, (id = keyIds.size));
        keyOfWord.set(word, id);
      }
      if (id >= 0) keys.push(id);
    });
  for (const entry of index.terms()) {
    for (const definition of entry.definitions) {
      let note = noteIds.get(definition.uri);
      if (note === undefined) {
        noteIds.set(definition.uri, (note = uris.length));
        uris.push(definition.uri);
        keysByNote.push([]);
      }
      const keys = keysByNote[note];
      addWords(definition.term, keys);
      addWords(definition.text, keys);
      for (const section of definition.sectionPath) addWords(section, keys);
      if (++read % DEFINITIONS_PER_STEP === 0) yield;
    }
  }
  yield;

  // Each note's distinct keys with their counts, as runs of its sorted key numbers.
  const noteStart = new Uint32Array(uris.length + 1);
  const sortedKeys: Uint32Array[] = [];
  for (const keys of keysByNote) {
    sortedKeys.push(Uint32Array.from(keys).sort());
    if (sortedKeys.length % DEFINITIONS_PER_STEP === 0) yield;
  }
  let pairs = 0;
  for (let note = 0; note < uris.length; note++) {
    const keys = sortedKeys[note];
    for (let i = 0; i < keys.length; i++) if (i === 0 || keys[i] !== keys[i - 1]) pairs++;
    noteStart[note + 1] = pairs;
  }
  const pairKey = new Uint32Array(pairs);
  const pairWeight = new Float64Array(pairs);
  const documentFrequency = new Uint32Array(keyIds.size);
  for (let note = 0, at = 0; note < uris.length; note++) {
    const keys = sortedKeys[note];
    for (let i = 0; i < keys.length; i++) {
      if (i > 0 && keys[i] === keys[i - 1]) {
        pairWeight[at - 1]++;
        continue;
      }
      pairKey[at] = keys[i];
      pairWeight[at++] = 1;
      documentFrequency[keys[i]]++;
    }
    if (note % DEFINITIONS_PER_STEP === 0) yield;
  }
  const idf = new Float64Array(keyIds.size);
  for (let k = 0; k < idf.length; k++) idf[k] = Math.log((uris.length + 1) / (documentFrequency[k] + 0.5));

  yield;
  // Counts to unit vectors of (1 + log count) × idf weights, note by note.
  const offsets = new Uint32Array(keyIds.size + 1);
  for (let note = 0; note < uris.length; note++) {
    let norm = 0;
    for (let at = noteStart[note]; at < noteStart[note + 1]; at++) {
      const weight = (1 + Math.log(pairWeight[at])) * idf[pairKey[at]];
      pairWeight[at] = weight > 0 ? weight : 0;
      norm += pairWeight[at] * pairWeight[at];
    }
    norm = Math.sqrt(norm);
    for (let at = noteStart[note]; at < noteStart[note + 1]; at++) {
      if (norm > 0) pairWeight[at] /= norm;
      if (pairWeight[at] > 0) offsets[pairKey[at] + 1]++;
    }
    if (note % DEFINITIONS_PER_STEP === 0) yield;
  }
  yield;
  // Filed by key, in the notes' order (the order the similarity sums them in).
  for (let k = 0; k < keyIds.size; k++) offsets[k + 1] += offsets[k];
  const filled = offsets.slice(0, keyIds.size);
  const notes = new Uint32Array(offsets[keyIds.size]);
  const weights = new Float64Array(offsets[keyIds.size]);
  for (let note = 0; note < uris.length; note++) {
    for (let at = noteStart[note]; at < noteStart[note + 1]; at++) {
      if (pairWeight[at] <= 0) continue;
      const to = filled[pairKey[at]]++;
      notes[to] = note;
      weights[to] = pairWeight[at];
    }
    if (note % DEFINITIONS_PER_STEP === 0) yield;
  }
  return { version: index.version, uris, noteIds, keyIds, idf, offsets, notes, weights };
}

/** Counts to a unit vector of (1 + log count) × idf weights. */
function weighted(counts: Map<string, number>, idfOf: (key: string) => number): Map<string, number> {
  const weights = new Map<string, number>();
  let norm = 0;
  for (const [key, count] of counts) {
    const weight = (1 + Math.log(count)) * (idfOf(key) ?? 0);
    if (weight <= 0) continue;
    weights.set(key, weight);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [key, weight] of weights) weights.set(key, weight / norm);
  return weights;
}

/**
 * The key of every word of text that can carry a subject: no function word, number or short
 * word. A doc repeats its words: each is keyed once.
 */
function forEachContentKey(text: string, onKey: (key: string) => void): void {
  const keysOfWords = new Map<string, string>();
  forEachWord(text, 0, text.length, (start, end) => {
    if (end - start < 3) return;
    const word = text.slice(start, end);
    let key = keysOfWords.get(word);
    if (key === undefined) keysOfWords.set(word, (key = contentKeyOf(word)));
    if (key) onKey(key);
  });
}

/**
 * The key a word of three letters or more counts under, for the doc and the notes alike: ''
 * for a function word or a number.
 */
function contentKeyOf(word: string): string {
  return isFunctionWord(word) || /^\d+$/.test(word) ? '' : wordKey(word);
}
