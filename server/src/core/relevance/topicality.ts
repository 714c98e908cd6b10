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
//
// Which words count, and under which key, is one rule for the doc and the notes
// (text/contentWords.ts); the notes' words are counted when they are indexed and kept in the
// snapshot (index/topicWords.ts), so that the vectors are arithmetic on those counts.

import type { NotesIndex, TermEntry } from '../index/notesIndex';
import type { TopicWords } from '../index/topicWords';
import { contentKeyOf, forEachContentKey } from '../text/contentWords';
import { finished, inSlices } from '../steps';

/** How close to the doc's most similar note a note must come to be one of its subjects. */
export const TOPICAL_SHARE = 0.4;

/**
 * The notes' tf-idf vectors, filed by word in flat arrays: the postings of word `k` (its id
 * in the index's topic words) are the positions offsets[k] to offsets[k + 1] of `notes` (a
 * note's number in `uris`) and `weights`. With 5,000 notes there are about a million (word,
 * note) pairs: an object per pair kept 48 MB where these arrays keep 12.
 */
interface NoteVectors {
  version: number;
  uris: string[];
  noteIds: Map<string, number>;
  /** Whose ids the key ids are: the index's, unchanged as long as its version is. */
  words: TopicWords;
  /** Each word's inverse document frequency over the notes, by key id. */
  idf: Float64Array;
  offsets: Uint32Array;
  notes: Uint32Array;
  weights: Float64Array;
}

export interface DocumentSimilarity {
  /** By note number: the cosine between the doc's vector and the note's. */
  similarity: Float64Array;
  /** How many notes share at least one word with the doc. */
  sharing: number;
  best: number;
  /** A note's number in `similarity`, by URI. */
  noteIds: Map<string, number>;
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
  const { similarity, sharing, best, noteIds } = documentSimilarity(index, text);
  if (best === 0 || sharing < 2) return true;
  return entry.definitions.some((definition) => {
    const note = noteIds.get(definition.uri);
    return note !== undefined && similarity[note] >= TOPICAL_SHARE * best;
  });
}

/**
 * How many distinct content words a doc holds before its subject can speak against a note (see
 * relevance.ts, a name made of everyday words): the first lines of a new doc say too little of
 * what it is about. The labelled docs of test/relevance hold 173 and more.
 */
export const DISCOURSE_WORDS = 100;

/** True when the doc holds DISCOURSE_WORDS distinct content words or more. */
export function hasDiscourse(text: string): boolean {
  if (lastDiscourse?.text === text) return lastDiscourse.enough;
  const seen = new Set<string>();
  forEachContentKey(text, (key) => void seen.add(key));
  lastDiscourse = { text, enough: seen.size >= DISCOURSE_WORDS };
  return lastDiscourse.enough;
}

let lastDiscourse: { text: string; enough: boolean } | undefined;

/**
 * The definitions in the order of their notes' similarity to the doc, the nearest first; ties
 * keep their order. How a term defined in many notes picks the senses worth weighing one by
 * one (sense.ts orderedByFit).
 */
export function byTopicality<T extends { uri: string }>(index: NotesIndex, text: string, definitions: readonly T[]): T[] {
  const { similarity, noteIds } = documentSimilarity(index, text);
  const near = (definition: T) => {
    const note = noteIds.get(definition.uri);
    return note === undefined ? 0 : similarity[note];
  };
  return definitions
    .map((definition, order) => ({ definition, order, near: near(definition) }))
    .sort((a, b) => b.near - a.near || a.order - b.order)
    .map((ranked) => ranked.definition);
}

/**
 * The doc's similarity to every note: through the notes' vectors, built once per version of
 * the index. While the idle pass that builds them is under way (the first hover after a start
 * or an index), in one pass over the notes' counts that weighs only the doc's words: the same
 * numbers, without holding the hover until millions of pairs are filed.
 */
function documentSimilarity(index: NotesIndex, text: string): DocumentSimilarity {
  if (lastDocument && lastDocument.index === index && lastDocument.version === index.version && lastDocument.text === text) return lastDocument;
  const vectors = vectorsByIndex.get(index);
  const ready = vectors?.version === index.version;
  const found = !ready && pendingByIndex.get(index)?.version === index.version ? similarityByCounts(index, text) : similarityByVectors(noteVectors(index), text);
  lastDocument = { index, version: index.version, text, ...found };
  return lastDocument;
}

/** The doc's similarity to each note, by the notes' vectors or by their counts: for tests, which hold the two to the same numbers. */
export function documentSimilarityBy(index: NotesIndex, text: string, by: 'vectors' | 'counts'): DocumentSimilarity {
  return by === 'vectors' ? similarityByVectors(noteVectors(index), text) : similarityByCounts(index, text);
}

/** The doc's unit tf-idf vector: by key id, in the order the doc's words first appear. */
function documentWeights(words: TopicWords, idf: Float64Array, text: string): Map<number, number> {
  // A doc repeats its words: each is keyed once.
  const keysOfWords = new Map<string, string>();
  const keyOf = (word: string) => {
    let key = keysOfWords.get(word);
    if (key === undefined) keysOfWords.set(word, (key = contentKeyOf(word)));
    return key;
  };
  const counts = new Map<number, number>();
  forEachContentKey(text, (key) => {
    const id = words.idOf(key);
    if (id !== undefined && id < idf.length) counts.set(id, (counts.get(id) ?? 0) + 1);
  }, keyOf);
  return weighted(counts, idf);
}

function similarityByVectors(vectors: NoteVectors, text: string): DocumentSimilarity {
  const docWeights = documentWeights(vectors.words, vectors.idf, text);
  const similarity = new Float64Array(vectors.uris.length);
  for (const [id, docWeight] of docWeights) {
    for (let at = vectors.offsets[id]; at < vectors.offsets[id + 1]; at++) similarity[vectors.notes[at]] += docWeight * vectors.weights[at];
  }
  return summarised(similarity, vectors.noteIds);
}

/**
 * The same similarities as similarityByVectors, note by note from the counts: each note's
 * weights are worked out as buildVectors does, and the products with the doc's weights are
 * added in the order of the doc's words, as the pass by word adds them, so that every sum is
 * the same number to the last bit.
 */
function similarityByCounts(index: NotesIndex, text: string): DocumentSimilarity {
  const words = index.topicWords;
  const noteIds = new Map<string, number>();
  const pairsOf: Int32Array[] = [];
  for (const [uri, notePairs] of words.notes()) {
    noteIds.set(uri, pairsOf.length);
    pairsOf.push(notePairs);
  }
  const idf = inverseFrequencies(words, pairsOf.length);
  const docWeights = documentWeights(words, idf, text);
  // Each doc word's place in the doc's order, by key id (-1: not the doc's), and its weight by place.
  const rank = new Int32Array(idf.length).fill(-1);
  const docWeightAt = new Float64Array(docWeights.size);
  let place = 0;
  for (const [id, docWeight] of docWeights) {
    rank[id] = place;
    docWeightAt[place++] = docWeight;
  }
  const similarity = new Float64Array(pairsOf.length);
  // The doc's words a note shares, as places and products, sorted by place before adding.
  const sharedPlaces: number[] = [];
  const products = new Float64Array(docWeights.size);
  for (let note = 0; note < pairsOf.length; note++) {
    const notePairs = pairsOf[note];
    let norm = 0;
    let shares = false;
    for (let i = 0; i < notePairs.length; i += 2) {
      const weight = countWeight(notePairs[i + 1]) * idf[notePairs[i]];
      const kept = weight > 0 ? weight : 0;
      norm += kept * kept;
      if (kept > 0 && rank[notePairs[i]] !== -1) shares = true;
    }
    if (!shares) continue;
    norm = Math.sqrt(norm);
    sharedPlaces.length = 0;
    for (let i = 0; i < notePairs.length; i += 2) {
      const at = rank[notePairs[i]];
      if (at === -1) continue;
      const weight = countWeight(notePairs[i + 1]) * idf[notePairs[i]];
      let unit = weight > 0 ? weight : 0;
      if (norm > 0) unit /= norm;
      if (unit <= 0) continue;
      sharedPlaces.push(at);
      products[at] = docWeightAt[at] * unit;
    }
    if (sharedPlaces.length > 1) sharedPlaces.sort((a, b) => a - b);
    let sum = 0;
    for (const at of sharedPlaces) sum += products[at];
    similarity[note] = sum;
  }
  return summarised(similarity, noteIds);
}

function summarised(similarity: Float64Array, noteIds: Map<string, number>): DocumentSimilarity {
  // Every weight on both sides is positive: a note shares a word with the doc exactly when its similarity is.
  let best = 0;
  let sharing = 0;
  for (const value of similarity) {
    if (value > 0) sharing++;
    if (value > best) best = value;
  }
  return { similarity, sharing, best, noteIds };
}

/** Each word's inverse document frequency over `noteCount` notes, by key id. */
function inverseFrequencies(words: TopicWords, noteCount: number): Float64Array {
  const keyCount = words.idLimit;
  const idf = new Float64Array(keyCount);
  for (let k = 0; k < keyCount; k++) {
    const frequency = words.documentFrequency(k);
    if (frequency > 0) idf[k] = Math.log((noteCount + 1) / (frequency + 0.5));
  }
  return idf;
}

/**
 * Each note's words as a unit tf-idf vector, filed by word: worked out once per index version,
 * so again after every change to the notes, from the counts the index keeps (see the head of
 * this file): with thousands of notes that is millions of pairs, so the pass is over typed
 * arrays, and the postings are filed by a counting sort.
 */
function noteVectors(index: NotesIndex): NoteVectors {
  const cached = vectorsByIndex.get(index);
  if (cached && cached.version === index.version) return cached;
  // A pass begun in idle slices for this version (prepareTopicality) is finished, not begun again.
  const pending = pendingByIndex.get(index);
  const builder = pending?.version === index.version ? pending.builder : buildVectors(index);
  pendingByIndex.delete(index);
  const vectors = finished(builder);
  vectorsByIndex.set(index, vectors);
  return vectors;
}

/** A pass over the notes begun in idle slices, for one version of the index. */
const pendingByIndex = new WeakMap<NotesIndex, { version: number; builder: Generator<void, NoteVectors> }>();

/** How many notes the pass reads between two chances to pause. */
const NOTES_PER_STEP = 256;

/**
 * Works the notes' vectors out in slices of about `sliceMs`, pausing between them, so that the
 * first hover after an index finds them ready without holding
 * the server meanwhile (at 20,000 notes they take a few hundred ms). A change to the index drops the pass: the next
 * question works them out for the new version. A hover asked meanwhile finishes the pass itself.
 */
export async function prepareTopicality(index: NotesIndex, pause: () => Promise<void>, sliceMs = 8): Promise<void> {
  const version = index.version;
  if (vectorsByIndex.get(index)?.version === version) return;
  const builder = buildVectors(index);
  pendingByIndex.set(index, { version, builder });
  // Not wanted once finished by a question, replaced, or the index changed.
  const built = await inSlices(builder, pause, sliceMs, () => pendingByIndex.get(index)?.builder === builder && index.version === version);
  if (pendingByIndex.get(index)?.builder === builder) pendingByIndex.delete(index);
  if (built) vectorsByIndex.set(index, built.value);
}

/** The pass itself, pausing (yielding) every NOTES_PER_STEP notes and between its stages. */
function* buildVectors(index: NotesIndex): Generator<void, NoteVectors> {
  const words = index.topicWords;
  const uris: string[] = [];
  const noteIds = new Map<string, number>();
  const pairsOf: Int32Array[] = [];
  let pairs = 0;
  for (const [uri, notePairs] of words.notes()) {
    noteIds.set(uri, uris.push(uri) - 1);
    pairsOf.push(notePairs);
    pairs += notePairs.length / 2;
  }
  const keyCount = words.idLimit;
  const idf = inverseFrequencies(words, uris.length);
  yield;

  // Counts to unit vectors of (1 + log count) × idf weights, note by note, each note's words
  // in the order the note has them.
  const noteStart = new Uint32Array(uris.length + 1);
  const pairWeight = new Float64Array(pairs);
  const offsets = new Uint32Array(keyCount + 1);
  for (let note = 0, at = 0; note < uris.length; note++) {
    const notePairs = pairsOf[note];
    noteStart[note] = at;
    let norm = 0;
    for (let i = 0; i < notePairs.length; i += 2, at++) {
      const weight = countWeight(notePairs[i + 1]) * idf[notePairs[i]];
      pairWeight[at] = weight > 0 ? weight : 0;
      norm += pairWeight[at] * pairWeight[at];
    }
    norm = Math.sqrt(norm);
    for (let i = 0, p = noteStart[note]; i < notePairs.length; i += 2, p++) {
      if (norm > 0) pairWeight[p] /= norm;
      if (pairWeight[p] > 0) offsets[notePairs[i] + 1]++;
    }
    noteStart[note + 1] = at;
    if (note % NOTES_PER_STEP === 0) yield;
  }
  yield;
  // Filed by key, in the notes' order (the order the similarity sums them in).
  for (let k = 0; k < keyCount; k++) offsets[k + 1] += offsets[k];
  const filled = offsets.slice(0, keyCount);
  const notes = new Uint32Array(offsets[keyCount]);
  const weights = new Float64Array(offsets[keyCount]);
  for (let note = 0; note < uris.length; note++) {
    const notePairs = pairsOf[note];
    for (let i = 0, p = noteStart[note]; i < notePairs.length; i += 2, p++) {
      if (pairWeight[p] <= 0) continue;
      const to = filled[notePairs[i]]++;
      notes[to] = note;
      weights[to] = pairWeight[p];
    }
    if (note % NOTES_PER_STEP === 0) yield;
  }
  return { version: index.version, uris, noteIds, words, idf, offsets, notes, weights };
}

/**
 * 1 + log(count), the weight of a word's count in a vector: from a table for the small counts
 * nearly every (word, note) pair has. A first hover after a start weighs every pair of every
 * note (similarityByCounts): at 10,000 notes 1.3 million logarithms. The table holds the very
 * numbers Math.log gives, so both ways to the similarities stay equal to the last bit.
 */
function countWeight(count: number): number {
  return count < COUNT_WEIGHTS.length ? COUNT_WEIGHTS[count] : 1 + Math.log(count);
}

const COUNT_WEIGHTS = Float64Array.from({ length: 1024 }, (_, count) => 1 + Math.log(count));

/** Counts by key id to a unit vector of (1 + log count) × idf weights. */
function weighted(counts: Map<number, number>, idf: Float64Array): Map<number, number> {
  const weights = new Map<number, number>();
  let norm = 0;
  for (const [key, count] of counts) {
    const weight = countWeight(count) * idf[key];
    if (weight <= 0) continue;
    weights.set(key, weight);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [key, weight] of weights) weights.set(key, weight / norm);
  return weights;
}
