// Short forms: a doc that names a term in full ("the gRPC load balancer") goes on to call it
// by its head noun alone ("the balancer picks an endpoint", 56 times in etcd's client design).
// The head alone then refers back to the term, as a reader takes it: one sense per discourse,
// at the level of a phrase. The yardstick's commonest miss was exactly this.
//
// Only where the reading is safe: the head is a word of its own (four letters or more, no
// function word, no everyday word such as "group" or "change"), no name of the notes by
// itself (`partition` is a term of its own, and keeps its own card), and the head of one term
// only among those the doc writes in full, and a noun: an adjective's ending (`compatible`,
// `durable`) says the term is an adjective phrase. The head is taken as written, singular or
// plural (`balancers`), not by its stem: `compatible` is no short form of "backward compatibility".

import type { NotesIndex, TermEntry } from '../index/notesIndex';
import type { TermMatch } from '../index/matcher';
import { forEachWord, words } from '../text/normalize';
import { insideSkippedMarkup, partOfLongerName } from './markup';
import { isEverydayWord, isFunctionWord } from './vocabulary';

/** A head noun shorter than this is too often a word of its own (`node`, `log`, `key`). */
export const MIN_HEAD_LENGTH = 4;

export interface ShortForm {
  entry: TermEntry;
  start: number;
  end: number;
  text: string;
}

/**
 * The occurrences of the head nouns of the terms the doc writes in full (`mentions`, each
 * entry with its occurrences), outside those occurrences and outside skipped markup.
 */
export function shortForms(index: NotesIndex, text: string, markdown: boolean, mentions: ReadonlyMap<TermEntry, readonly TermMatch[]>): ShortForm[] {
  const headOf = new Map<string, TermEntry | null>();
  // The head refers back: before the doc first names its term in full ("# Scaling plan" above
  // "we chose horizontal scaling"), it is the word alone.
  const firstInFull = new Map<TermEntry, number>();
  const taken: { start: number; end: number }[] = [];
  for (const [entry, occurrences] of mentions) {
    for (const occurrence of occurrences) {
      taken.push(occurrence);
      const written = words(occurrence.text);
      if (written.length < 2) continue;
      const head = occurrence.text.slice(written[written.length - 1].start, written[written.length - 1].end);
      if (!isHeadNoun(index, head)) continue;
      const key = headKey(head);
      const known = headOf.get(key);
      // The head of two terms the doc names ("load balancer", "network balancer") names neither.
      headOf.set(key, known === undefined || known === entry ? entry : null);
      firstInFull.set(entry, Math.min(firstInFull.get(entry) ?? Infinity, occurrence.start));
    }
  }
  if (![...headOf.values()].some(Boolean)) return [];
  taken.sort((a, b) => a.start - b.start);
  const found: ShortForm[] = [];
  let next = 0;
  forEachWord(text, 0, text.length, (start, end) => {
    while (next < taken.length && taken[next].end <= start) next++;
    if (next < taken.length && taken[next].start < end) return;
    const word = text.slice(start, end);
    if (word.length < MIN_HEAD_LENGTH) return;
    const entry = headOf.get(headKey(word));
    if (!entry || start < firstInFull.get(entry)! || insideSkippedMarkup(text, start, markdown) || partOfLongerName(text, start, end)) return;
    found.push({ entry, start, end, text: word });
  });
  return found;
}

/** A word that can stand for its term alone: long enough, no everyday word, and no name of the notes by itself. */
function isHeadNoun(index: NotesIndex, head: string): boolean {
  return mayBeShortForm(head) && index.lookupExact(head).length === 0;
}

/**
 * Whether a word could be a short form at all, asked before anything of the document: a hover
 * on an everyday word ("the", "change") then costs no scan of the doc for its terms.
 */
export function mayBeShortForm(word: string): boolean {
  if (word.length < MIN_HEAD_LENGTH || !/^\p{Ll}+$/u.test(word) || ADJECTIVE_ENDING.test(word) || ABSTRACT_NOUN_ENDING.test(word)) return false;
  const singulars = [word, word.replace(/s$/, ''), word.replace(/es$/, '')];
  return !singulars.some((singular) => isFunctionWord(singular) || isEverydayWord(singular));
}

/**
 * The endings of English adjectives: the last word of "backwards compatible" is no noun to
 * stand for the term, and "compatible with gRPC retry" is not backwards compatible.
 */
const ADJECTIVE_ENDING = /(?:ible|able|ive|ous|ful|less|ic|al)$/;

/**
 * The endings of nouns of a quality, a state or an activity (`latency`, `consistency`,
 * `liveness`, `limiting`). A modifier before such a head names a kind of it ("p99 latency",
 * "strong consistency", "rate limiting"), and the head alone goes on naming the whole
 * quality or activity ("latency grows with load", "by limiting the number of"), where the
 * head of a thing ("the balancer" after "the load balancer") points back at that thing. On
 * the labelled docs (vault config) the short forms these endings made were all wrong hits.
 */
const ABSTRACT_NOUN_ENDING = /(?:ity|ncy|ness|ing)(?:s|es)?$/;

/** A head noun as written, in lower case and singular: `Balancers` → `balancer`. */
function headKey(word: string): string {
  return word.toLowerCase().replace(/['’]s$/u, '').replace(/(?<=[^s])s$/, '');
}
