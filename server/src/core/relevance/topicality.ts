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

interface NoteVectors {
  version: number;
  /** word key → the notes whose definitions use it, each with the word's weight there. */
  postings: Map<string, { uri: string; weight: number }[]>;
  /** word key → its inverse document frequency over the notes. */
  idf: Map<string, number>;
}

const vectorsByIndex = new WeakMap<NotesIndex, NoteVectors>();
// A hover asks again and again about the same document: its similarities are kept for the last text.
let lastDocument: { index: NotesIndex; version: number; text: string; similarity: Map<string, number>; best: number } | undefined;

/**
 * True when some note that defines the entry is one of the doc's subjects (see the head of
 * this file). Also true when only one note defines terms, or the doc shares no word with any
 * note: there is then nothing to tell subjects apart by.
 */
export function isTopical(index: NotesIndex, text: string, entry: TermEntry): boolean {
  const { similarity, best } = documentSimilarity(index, text);
  if (best === 0 || similarity.size < 2) return true;
  return entry.definitions.some((definition) => (similarity.get(definition.uri) ?? 0) >= TOPICAL_SHARE * best);
}

function documentSimilarity(index: NotesIndex, text: string): { similarity: Map<string, number>; best: number } {
  if (lastDocument && lastDocument.index === index && lastDocument.version === index.version && lastDocument.text === text) return lastDocument;
  const vectors = noteVectors(index);
  const counts = new Map<string, number>();
  forEachContentKey(text, (key) => {
    if (vectors.idf.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  const docWeights = weighted(counts, vectors.idf);
  const similarity = new Map<string, number>();
  for (const [key, docWeight] of docWeights) {
    for (const { uri, weight } of vectors.postings.get(key)!) similarity.set(uri, (similarity.get(uri) ?? 0) + docWeight * weight);
  }
  let best = 0;
  for (const value of similarity.values()) if (value > best) best = value;
  lastDocument = { index, version: index.version, text, similarity, best };
  return lastDocument;
}

/** Each note's words as a unit tf-idf vector, filed by word: worked out once per index version. */
function noteVectors(index: NotesIndex): NoteVectors {
  const cached = vectorsByIndex.get(index);
  if (cached && cached.version === index.version) return cached;
  const countsByNote = new Map<string, Map<string, number>>();
  for (const entry of index.terms()) {
    for (const definition of entry.definitions) {
      let counts = countsByNote.get(definition.uri);
      if (!counts) countsByNote.set(definition.uri, (counts = new Map()));
      const said = `${definition.term} ${definition.text} ${definition.sectionPath.join(' ')}`;
      forEachContentKey(said, (key) => counts!.set(key, (counts!.get(key) ?? 0) + 1));
    }
  }
  const notes = countsByNote.size;
  const documentFrequency = new Map<string, number>();
  for (const counts of countsByNote.values()) for (const key of counts.keys()) documentFrequency.set(key, (documentFrequency.get(key) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const [key, frequency] of documentFrequency) idf.set(key, Math.log((notes + 1) / (frequency + 0.5)));
  const postings = new Map<string, { uri: string; weight: number }[]>();
  for (const [uri, counts] of countsByNote) {
    for (const [key, weight] of weighted(counts, idf)) {
      let list = postings.get(key);
      if (!list) postings.set(key, (list = []));
      list.push({ uri, weight });
    }
  }
  const vectors = { version: index.version, postings, idf };
  vectorsByIndex.set(index, vectors);
  return vectors;
}

/** Counts to a unit vector of (1 + log count) × idf weights. */
function weighted(counts: Map<string, number>, idf: Map<string, number>): Map<string, number> {
  const weights = new Map<string, number>();
  let norm = 0;
  for (const [key, count] of counts) {
    const weight = (1 + Math.log(count)) * (idf.get(key) ?? 0);
    if (weight <= 0) continue;
    weights.set(key, weight);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [key, weight] of weights) weights.set(key, weight / norm);
  return weights;
}

/** The key of every word of text that can carry a subject: no function word, number or short word. */
function forEachContentKey(text: string, onKey: (key: string) => void): void {
  forEachWord(text, 0, text.length, (start, end) => {
    if (end - start < 3) return;
    const word = text.slice(start, end);
    if (isFunctionWord(word) || /^\d+$/.test(word)) return;
    onKey(wordKey(word));
  });
}
