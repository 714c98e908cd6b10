// What the relevance stage knows of English, from word lists kept by others rather than
// written here:
// - the function words (text/contentWords.ts: topicality's notes are counted by the index,
//   which comes before this stage);
// - how common a word is: its rank in SUBTLEX-US (word frequencies of 51 million words of
//   film subtitles, the everyday spoken English that design docs are also written in). The
//   build keeps only the head of that list (see esbuild.mjs): the rest is rare anyway.

import { frequencyRank, wordsByRankBelow } from '../text/commonWords';
import { wordKey } from '../text/normalize';

export { isFunctionWord } from '../text/contentWords';

/** How many of the most frequent words count as everyday words (the build keeps at least these). */
export const EVERYDAY_WORDS = 12_000;

/** True when the word (in any case) is among the EVERYDAY_WORDS most frequent English words. */
export function isEverydayWord(word: string): boolean {
  return frequencyRank(word) < EVERYDAY_WORDS;
}

/**
 * True when a word key (text/normalize.ts) is the key of an everyday word: `clien` of
 * `client`, `packag` of `package`, `mani` of `many`. A key is a stem, seldom a word itself, so
 * asking isEverydayWord of it calls nearly every stem rare. The everyday words a key can be
 * the key of begin with it, but for a last letter the stemmer changes (`many` → `mani`): only
 * the words that begin with the key less its last letter are stemmed, once per key asked.
 * Stemming all EVERYDAY_WORDS words up front would cost the first hover about 80 ms.
 */
export function isEverydayKey(key: string): boolean {
  let everyday = everydayKeys.get(key);
  if (everyday === undefined) {
    everyday = isEverydayWord(key) || wordsStartingWith(key.slice(0, -1)).some((word) => wordKey(word) === key);
    if (everydayKeys.size >= KEYS_KEPT) everydayKeys.clear();
    everydayKeys.set(key, everyday);
  }
  return everyday;
}

/** Keys already judged; bounded, as a corpus's vocabulary is not. */
const everydayKeys = new Map<string, boolean>();
const KEYS_KEPT = 20_000;

/** The everyday words that begin with `prefix` (none for an empty one: every word would). */
function wordsStartingWith(prefix: string): readonly string[] {
  if (prefix.length === 0) return [];
  const sorted = wordsByRankBelow(EVERYDAY_WORDS);
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < prefix) low = middle + 1;
    else high = middle;
  }
  let end = low;
  while (end < sorted.length && sorted[end].startsWith(prefix)) end++;
  return sorted.slice(low, end);
}
