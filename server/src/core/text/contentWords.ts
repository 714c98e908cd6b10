// Which words of a text can carry a subject, and the key each counts under: what topicality
// (relevance/topicality.ts) weighs a doc and the notes by, one rule for both, so that a note's
// counts worked out when it is indexed (index/topicWords.ts) meet the doc's words key for key.
//
// The function words are wink-nlp-utils' stop words (pronouns, determiners, prepositions,
// conjunctions and auxiliaries, a closed class that names no concept), kept by others rather
// than written here.

import stopWords from 'wink-nlp-utils/src/dictionaries/stop_words.json';
import { forEachWord, wordKey } from './normalize';

// The list leaves out the negations on purpose (its users score sentiment, where "not"
// matters); to a term matcher they are function words like the rest.
const NEGATIONS = ['not', 'no', 'nor'];
const FUNCTION_WORDS: ReadonlySet<string> = new Set([...(stopWords as string[]), ...NEGATIONS]);

/** True when the word (in any case) is an English function word: `in`, `is`, `and`, `which`, `don't`, `we'll`. */
export function isFunctionWord(word: string): boolean {
  const lower = word.toLowerCase();
  if (FUNCTION_WORDS.has(lower)) return true;
  // The list holds few contractions, and the word frequencies (relevance/vocabulary.ts) none,
  // since their corpus splits "don't" into "don" and "t": left so, `don't`, `isn't` or
  // `can't` counted as rare words a note and a doc share, as much a sign of one subject as
  // "quorum" (the gopls design doc shared `don't` with a project-management note).
  if (!lower.includes("'") && !lower.includes('\u2019')) return false;
  const contraction = CONTRACTION.exec(lower);
  return contraction !== null && (contraction[2] === 't' ? contraction[1].endsWith('n') : FUNCTION_WORDS.has(contraction[1]));
}

/** A word and a contracted auxiliary: `don't` (the n of not kept with its verb), `we're`, `they've`, `you'll`, `i'm`, `she'd`. */
const CONTRACTION = /^(\p{L}+)['\u2019](t|re|ve|ll|m|d|s)$/u;

/** Words shorter than this never count: `id`, `db`, `go` say little about a subject. */
export const MIN_CONTENT_WORD = 3;

/**
 * The key a word of MIN_CONTENT_WORD letters or more counts under, for the doc and the notes
 * alike: '' for a function word or a number.
 */
export function contentKeyOf(word: string): string {
  return isFunctionWord(word) || /^\d+$/.test(word) ? '' : wordKey(word);
}

/**
 * The key of every word of text that can carry a subject, in the text's order: no function
 * word, number or short word. `keyOf` turns a word into its key (contentKeyOf, or a
 * remembered form of it).
 */
export function forEachContentKey(text: string, onKey: (key: string) => void, keyOf: (word: string) => string = contentKeyOf): void {
  forEachWord(text, 0, text.length, (start, end) => {
    if (end - start < MIN_CONTENT_WORD) return;
    const key = keyOf(text.slice(start, end));
    if (key) onKey(key);
  });
}
