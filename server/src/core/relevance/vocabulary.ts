// What the relevance stage knows of English, from word lists kept by others rather than
// written here:
// - the function words: wink-nlp-utils' stop words (pronouns, determiners, prepositions,
//   conjunctions and auxiliaries, a closed class that names no concept);
// - how common a word is: its rank in SUBTLEX-US (word frequencies of 51 million words of
//   film subtitles, the everyday spoken English that design docs are also written in). The
//   build keeps only the head of that list (see esbuild.mjs): the rest is rare anyway.

import { frequencyRank } from '../text/commonWords';
import stopWords from 'wink-nlp-utils/src/dictionaries/stop_words.json';

// The list leaves out the negations on purpose (its users score sentiment, where "not"
// matters); to a term matcher they are function words like the rest.
const NEGATIONS = ['not', 'no', 'nor'];
const FUNCTION_WORDS: ReadonlySet<string> = new Set([...(stopWords as string[]), ...NEGATIONS]);

/** True when the word (in any case) is an English function word: `in`, `is`, `and`, `which`. */
export function isFunctionWord(word: string): boolean {
  return FUNCTION_WORDS.has(word.toLowerCase());
}

/** How many of the most frequent words count as everyday words (the build keeps at least these). */
export const EVERYDAY_WORDS = 12_000;

/** True when the word (in any case) is among the EVERYDAY_WORDS most frequent English words. */
export function isEverydayWord(word: string): boolean {
  return frequencyRank(word) < EVERYDAY_WORDS;
}
