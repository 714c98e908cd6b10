// What the relevance stage knows of English, from word lists kept by others rather than
// written here: the function words (wink-nlp-utils' stop words: pronouns, determiners,
// prepositions, conjunctions and auxiliaries, a closed class that names no concept).

import stopWords from 'wink-nlp-utils/src/dictionaries/stop_words.json';

// The list leaves out the negations on purpose (its users score sentiment, where "not"
// matters); to a term matcher they are function words like the rest.
const NEGATIONS = ['not', 'no', 'nor'];
const FUNCTION_WORDS: ReadonlySet<string> = new Set([...(stopWords as string[]), ...NEGATIONS]);

/** True when the word (in any case) is an English function word: `in`, `is`, `and`, `which`. */
export function isFunctionWord(word: string): boolean {
  return FUNCTION_WORDS.has(word.toLowerCase());
}
