// What the relevance stage knows of English, from word lists kept by others rather than
// written here:
// - the function words (text/contentWords.ts: topicality's notes are counted by the index,
//   which comes before this stage);
// - how common a word is: its rank in SUBTLEX-US (word frequencies of 51 million words of
//   film subtitles, the everyday spoken English that design docs are also written in). The
//   build keeps only the head of that list (see esbuild.mjs): the rest is rare anyway.

import { frequencyRank } from '../text/commonWords';

export { isFunctionWord } from '../text/contentWords';

/** How many of the most frequent words count as everyday words (the build keeps at least these). */
export const EVERYDAY_WORDS = 12_000;

/** True when the word (in any case) is among the EVERYDAY_WORDS most frequent English words. */
export function isEverydayWord(word: string): boolean {
  return frequencyRank(word) < EVERYDAY_WORDS;
}
