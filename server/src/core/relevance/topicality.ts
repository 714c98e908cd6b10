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
  forEachContentKey(text, new Map(), (key) => {
    if (vectors.keyIds.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  const docWeights = weighted(counts, (key) => vectors.idf[vectors.keyIds.get(key)!]);
  const similarity = new Float64Array(vectors.uris.length);
  const shares = new Uint8Array(vectors.uris.length);
  let sharing = 0;
  for (const [key, docWeight] of docWeights) {
    const id = vectors.keyIds.get(key)!;
    for (let at = vectors.offsets[id]; at < vectors.offsets[id + 1]; at++) {
      const note = vectors.notes[at];
      similarity[note] += docWeight * vectors.weights[at];
      if (shares[note] === 0) {
        shares[note] = 1;
        sharing++;
      }
    }
  }
  let best = 0;
  for (const value of similarity) if (value > best) best = value;
  lastDocument = { index, version: index.version, text, similarity, sharing, best };
  return lastDocument;
}

/** Each note's words as a unit tf-idf vector, filed by word: worked out once per index version. */
function noteVectors(index: NotesIndex): NoteVectors {
  const cached = vectorsByIndex.get(index);
  if (cached && cached.version === index.version) return cached;
  // The same words come back in note after note: each is keyed once per pass.
  const keysOfWords = new Map<string, string>();
  const countsByNote = new Map<string, Map<string, number>>();
  for (const entry of index.terms()) {
    for (const definition of entry.definitions) {
      let counts = countsByNote.get(definition.uri);
      if (!counts) countsByNote.set(definition.uri, (counts = new Map()));
      const said = `${definition.term} ${definition.text} ${definition.sectionPath.join(' ')}`;
      forEachContentKey(said, keysOfWords, (key) => counts!.set(key, (counts!.get(key) ?? 0) + 1));
    }
  }
  const noteCount = countsByNote.size;
  const documentFrequency = new Map<string, number>();
  for (const counts of countsByNote.values()) for (const key of counts.keys()) documentFrequency.set(key, (documentFrequency.get(key) ?? 0) + 1);
  const keyIds = new Map<string, number>();
  const idf = new Float64Array(documentFrequency.size);
  for (const [key, frequency] of documentFrequency) {
    idf[keyIds.size] = Math.log((noteCount + 1) / (frequency + 0.5));
    keyIds.set(key, keyIds.size);
  }
  // Two passes over the notes' weights: the first counts each word's postings, the second
  // files them, in the notes' order (the order the similarity sums them in).
  const uris = [...countsByNote.keys()];
  const noteWeights = uris.map((uri) => weighted(countsByNote.get(uri)!, (key) => idf[keyIds.get(key)!]));
  const offsets = new Uint32Array(keyIds.size + 1);
  for (const weights of noteWeights) for (const key of weights.keys()) offsets[keyIds.get(key)! + 1]++;
  for (let k = 0; k < keyIds.size; k++) offsets[k + 1] += offsets[k];
  const filled = offsets.slice(0, keyIds.size);
  const notes = new Uint32Array(offsets[keyIds.size]);
  const weights = new Float64Array(offsets[keyIds.size]);
  noteWeights.forEach((noteWeight, note) => {
    for (const [key, weight] of noteWeight) {
      const at = filled[keyIds.get(key)!]++;
      notes[at] = note;
      weights[at] = weight;
    }
  });
  const vectors: NoteVectors = { version: index.version, uris, noteIds: new Map(uris.map((uri, note) => [uri, note])), keyIds, idf, offsets, notes, weights };
  vectorsByIndex.set(index, vectors);
  return vectors;
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
 * word. `keysOfWords` remembers the keys of the words met so far.
 */
function forEachContentKey(text: string, keysOfWords: Map<string, string>, onKey: (key: string) => void): void {
  forEachWord(text, 0, text.length, (start, end) => {
    if (end - start < 3) return;
    const word = text.slice(start, end);
    let key = keysOfWords.get(word);
    if (key === undefined) {
      key = isFunctionWord(word) || /^\d+$/.test(word) ? '' : wordKey(word);
      keysOfWords.set(word, key);
    }
    if (key) onKey(key);
  });
}
