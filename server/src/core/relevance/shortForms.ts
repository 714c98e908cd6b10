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
//
// Nor where the notes say the term is a kind of its head: "Dead letter queue: a queue where
// messages that could not be processed are parked". The head is then the genus, a wider
// thing the notes do not define, and the doc's bare "queue" ("scale on queue depth", "the job
// queue") is as often the queue of all the other messages as the dead-letter one. "the
// balancer" after "the load balancer" refers back because the notes' load balancer is no
// balancer of a kind: they define it as what it does ("spreads requests over the endpoints").

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
  // Whether the notes define each term as a kind of its head, asked once per term and head.
  const kindsOf = new Map<TermEntry, Map<string, boolean>>();
  for (const [entry, occurrences] of mentions) {
    for (const occurrence of occurrences) {
      taken.push(occurrence);
      const written = words(occurrence.text);
      if (written.length < 2) continue;
      const head = occurrence.text.slice(written[written.length - 1].start, written[written.length - 1].end);
      if (!isHeadNoun(index, head)) continue;
      let kinds = kindsOf.get(entry);
      if (!kinds) kindsOf.set(entry, (kinds = new Map()));
      const key = headKey(head);
      let kind = kinds.get(key);
      if (kind === undefined) kinds.set(key, (kind = isKindOfItsHead(entry, head)));
      if (kind) continue;
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
 * True when a definition of the term opens by naming the head as what the term is a kind of:
 * "a queue where …", "a partition that …", "server-side proxy in front of backends". The
 * head stands in the definition's first words (after an article and at most three modifiers
 * that are no words of the term itself: "aka protocol buffers" restates the term), and ends
 * its phrase: the next word is a function word, or there is none, or punctuation comes first
 * ("redirect param sends users anywhere" names a param, not a redirect).
 */
function isKindOfItsHead(entry: TermEntry, head: string): boolean {
  const key = headKey(head);
  const modifiers = new Set(entry.names.flatMap((name) => words(name).map((word) => word.text.toLowerCase())).filter((word) => headKey(word) !== key));
  return entry.definitions.some((definition) => opensWithKind(definition.text, key, modifiers));
}

function opensWithKind(text: string, head: string, modifiers: ReadonlySet<string>): boolean {
  const opening = words(text.length > 200 ? text.slice(0, 200) : text).slice(0, MAX_GENUS_MODIFIERS + 3);
  let at = opening.length > 0 && ARTICLES.has(opening[0].text.toLowerCase()) ? 1 : 0;
  // The genus phrase is one run of words joined by spaces or hyphens, from the definition's start
  // (not from inside code: "`proxy.golang.org`").
  if (opening.length === 0 || !/^\s*$/.test(text.slice(0, opening[0].start))) return false;
  for (let modifiersSeen = 0; at < opening.length; at++, modifiersSeen++) {
    const word = opening[at];
    if (at > 0 && !/^[ \t-]+$/.test(text.slice(opening[at - 1].end, word.start))) return false;
    if (headKey(word.text) === head) {
      const next = opening[at + 1];
      const after = text.slice(word.end, next ? next.start : text.length);
      return /^[ \t]+$/.test(after) ? isFunctionWord(next!.text) : PHRASE_END.test(after);
    }
    if (modifiersSeen === MAX_GENUS_MODIFIERS || isFunctionWord(word.text) || modifiers.has(word.text.toLowerCase())) return false;
  }
  return false;
}

const ARTICLES = new Set(['a', 'an', 'the']);
/**
 * What may stand between the genus and the next word for the genus to end its phrase:
 * punctuation and then a space or nothing ("a queue, parked …", "a queue — parked …"), not a
 * dot inside a name ("proxy.golang.org") nor a hyphen ("a queue-based …").
 */
const PHRASE_END = /^\s*(?:[,;:.!?)\u2013\u2014]+(?:\s[^]*)?)?$/u;
/** How many words may stand between the article and the head of a definition's genus: "a server-side proxy". */
const MAX_GENUS_MODIFIERS = 3;

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
