// How a writer's phrase becomes a lookup key. The same functions turn the notes' terms and
// the text being read into keys, so what matters most is that they are consistent: two
// spellings that mean the same thing (`Fan-Out`, `fan out`; `caches`, `cache`) must give the
// same key, and unrelated words must not collide. Keys are internal: they are never shown.

// The package ships no types; its declaration is read by every build that compiles this file (tests, bench).
/// <reference path="./wink-porter2-stemmer.d.ts" />
import stem from 'wink-porter2-stemmer';
import { isOrdinaryWord } from './commonWords';

/** A word of a text, with its UTF-16 offsets (`end` exclusive). */
export interface Word {
  start: number;
  end: number;
  text: string;
}

// Character classes for the tokenizer. A class table for the Basic Multilingual Plane is
// filled from Unicode property escapes as the text meets each character (ASCII at once), so
// the tokenizer itself is a plain char-code loop with one array read per character.
const enum CharClass {
  /** Ends a word: spaces, punctuation, symbols, emoji, lone surrogates. */
  Separator = 0,
  /** A letter or digit (outside the CJK scripts). */
  Letter = 1,
  /** A combining mark: continues a word, never starts one (so U+FE0F after an emoji is no word). */
  Mark = 2,
  /** A Han, Hiragana, Katakana or Hangul letter: a word on its own. */
  Cjk = 3,
  /** An apostrophe: part of a word only between two letters (`doesn't`, `SPoF's`). */
  Apostrophe = 4,
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const MARK = /\p{M}/u;
const CJK_SCRIPT = /[\p{Script_Extensions=Han}\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}\p{Script_Extensions=Hangul}]/u;

function classifyCodePoint(codePoint: number): CharClass {
  if (codePoint === 0x27 || codePoint === 0x2019 || codePoint === 0x2bc) return CharClass.Apostrophe;
  const char = String.fromCodePoint(codePoint);
  if (LETTER_OR_DIGIT.test(char)) return CJK_SCRIPT.test(char) ? CharClass.Cjk : CharClass.Letter;
  if (MARK.test(char)) return CharClass.Mark;
  return CharClass.Separator;
}

/**
 * A code point of the table not classified yet. Classifying all 63,000 up front took several
 * milliseconds of the server's start, more than reading the bundled notes; a text meets a few
 * hundred of them.
 */
const UNCLASSIFIED = 0xff;
let bmpClasses: Uint8Array | undefined;
const astralClasses = new Map<number, CharClass>();

function bmpTable(): Uint8Array {
  if (bmpClasses) return bmpClasses;
  const table = new Uint8Array(0x10000).fill(UNCLASSIFIED);
  // Surrogates stay separators: pairs are decoded by the tokenizer, lone halves are no text.
  table.fill(CharClass.Separator, 0xd800, 0xe000);
  // The tokenizer reads ASCII from the table directly (forEachWord); the rest goes through classAt.
  for (let code = 0; code < 0x80; code++) table[code] = classifyCodePoint(code);
  bmpClasses = table;
  return table;
}

function astralClass(codePoint: number): CharClass {
  let cls = astralClasses.get(codePoint);
  if (cls === undefined) {
    cls = classifyCodePoint(codePoint);
    // Emoji and rare letters are few in real text; a text made of random code points must
    // not grow the cache without end.
    if (astralClasses.size >= 4096) astralClasses.clear();
    astralClasses.set(codePoint, cls);
  }
  return cls;
}

const PLUS = 0x2b;
const HASH = 0x23;

/** The class of the character at `i` and its width in code units, packed as `class | width << 3`. */
function classAt(text: string, i: number, to: number, table: Uint8Array): number {
  const code = text.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdbff && i + 1 < to) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return astralClass((code - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000) | (2 << 3);
  }
  let cls = table[code];
  if (cls === UNCLASSIFIED) cls = table[code] = classifyCodePoint(code);
  return cls | (1 << 3);
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * What a tokenizer's fast path may read for itself (the matcher's scan): the class of each
 * code unit of the Basic Multilingual Plane, where WORD_LETTER is a letter or digit that
 * starts or continues a word as one code unit and WORD_SEPARATOR ends one, except a high
 * surrogate (which may begin a letter outside the plane), `+` and `#` (which may end a
 * language's name: `C++`, `C#`). Any other value (an apostrophe, a combining mark, CJK, a
 * character not classified yet) is nextWord's to read. A word read this way hashes as
 * nextWord hashes it: WORD_HASH_OFFSET, then each code unit c as Math.imul(hash ^ c, WORD_HASH_PRIME).
 */
export function wordClassTable(): Uint8Array {
  return bmpTable();
}
export const WORD_LETTER: number = CharClass.Letter;
export const WORD_SEPARATOR: number = CharClass.Separator;
export const WORD_HASH_OFFSET = FNV_OFFSET;
export const WORD_HASH_PRIME = FNV_PRIME;

/** Continues an FNV-1a hash over the UTF-16 code units of text[from, to). */
export function hashCodeUnits(text: string, from: number, to: number, hash = FNV_OFFSET): number {
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash;
}

/**
 * Calls `onWord(start, end, hash)` for every word of `text` between `from` and `to`. Words
 * are runs of letters and digits (any script) with their combining marks; an apostrophe
 * between two letters stays inside the word (`doesn't`, `SPoF's`); every CJK character is a
 * word of its own; everything else separates words. Two endings keep a programming language
 * apart from its letter: `++` (`C++`, `g++`) and `#` after a single letter (`C#`, `F#`).
 *
 * `hash` is hashCodeUnits(text, start, end), computed on the way for callers that cache by
 * written word (the matcher), since reading the word again would cost as much as finding it.
 */
export function forEachWord(text: string, from: number, to: number, onWord: (start: number, end: number, hash: number) => void): void {
  // nextWord's results are read before onWord runs, which may read words of its own.
  for (let end = nextWord(text, from, to); end !== -1; end = nextWord(text, end, to)) onWord(foundWord[0], end, foundWord[1]);
}

/** The start and the hash of the word nextWord found last: numbers, so that no object is made per word. */
export const foundWord = new Int32Array(2);

/**
 * The end of the first word of text[from, to) (as forEachWord reads words), or -1 when there
 * is none; its start and hash are left in foundWord. forEachWord is this in a loop; the
 * matcher calls it straight, since a call through a callback per word, which no compiler
 * inlines where forEachWord serves many callers, cost as much as reading the word.
 * This loop is the hot path of every scan, hence the ASCII shortcuts.
 */
export function nextWord(text: string, from: number, to: number): number {
  const table = bmpTable();
  let i = from;
  while (i < to) {
    const code = text.charCodeAt(i);
    let cls: number;
    let width = 1;
    if (code < 0x80) cls = table[code];
    else {
      const packed = classAt(text, i, to, table);
      cls = packed & 7;
      width = packed >> 3;
    }

    if (cls === CharClass.Letter) {
      const start = i;
      let hash = hashCodeUnits(text, i, i + width);
      i += width;
      while (i < to) {
        const next = text.charCodeAt(i);
        if (next < 0x80) {
          const nextClass = table[next];
          if (nextClass === CharClass.Letter) {
            hash = Math.imul(hash ^ next, FNV_PRIME);
            i++;
            continue;
          }
          if (nextClass !== CharClass.Apostrophe || !letterAt(text, i + 1, to, table)) break;
          hash = Math.imul(hash ^ next, FNV_PRIME);
          i++;
          continue;
        }
        const packed = classAt(text, i, to, table);
        const nextClass = packed & 7;
        const nextWidth = nextClass === CharClass.Letter || nextClass === CharClass.Mark ? packed >> 3 : nextClass === CharClass.Apostrophe && letterAt(text, i + 1, to, table) ? 1 : 0;
        if (nextWidth === 0) break;
        hash = hashCodeUnits(text, i, i + nextWidth, hash);
        i += nextWidth;
      }
      if (i < to) {
        const next = text.charCodeAt(i);
        if (next === PLUS || next === HASH) {
          const end = programmingSuffixEnd(text, start, i, to, table);
          hash = hashCodeUnits(text, i, end, hash);
          i = end;
        }
      }
      foundWord[0] = start;
      foundWord[1] = hash;
      return i;
    } else if (cls === CharClass.Cjk) {
      const start = i;
      i += width;
      for (let packed = 0; i < to && ((packed = classAt(text, i, to, table)) & 7) === CharClass.Mark; ) i += packed >> 3;
      foundWord[0] = start;
      foundWord[1] = hashCodeUnits(text, start, i);
      return i;
    } else {
      i += width;
    }
  }
  return -1;
}

function letterAt(text: string, i: number, to: number, table: Uint8Array): boolean {
  return i < to && (classAt(text, i, to, table) & 7) === CharClass.Letter;
}

/** Where a word ends once `++` or a single letter's `#` is counted in, if they are. */
function programmingSuffixEnd(text: string, start: number, end: number, to: number, table: Uint8Array): number {
  const first = text.charCodeAt(end);
  let suffixEnd: number;
  if (first === PLUS && end + 1 < to && text.charCodeAt(end + 1) === PLUS) suffixEnd = end + 2;
  else if (first === HASH && end - start === 1) suffixEnd = end + 1;
  else return end;
  // `a++b` or `C#x` is not a language name: the suffix counts only when nothing word-like follows.
  if (suffixEnd < to) {
    const after = text.charCodeAt(suffixEnd);
    const afterClass = classAt(text, suffixEnd, to, table) & 7;
    if (afterClass === CharClass.Letter || afterClass === CharClass.Cjk || after === PLUS || after === HASH) return end;
  }
  return suffixEnd;
}

/**
 * Splits text into words (see forEachWord for what a word is). Offsets are UTF-16 code
 * units into `text`, so they can be turned into editor positions directly.
 */
export function words(text: string): Word[] {
  const result: Word[] = [];
  forEachWord(text, 0, text.length, (start, end) => result.push({ start, end, text: text.slice(start, end) }));
  return result;
}

// Combining diacritical marks of the Latin, Greek and Cyrillic alphabets. Only these are
// stripped: the marks of other scripts (Japanese dakuten, Indic vowel signs) change the
// letter itself, so が must stay が.
const DIACRITICS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
const NON_ASCII = /[^\x00-\x7f]/;
const APOSTROPHES = /[\u2019\u02bc]/g;

/**
 * The key of one word: its spelling key (see spellingWordKey), with inflections and
 * derivations folded to a stem (see stemmed), so that `replicated` and `replication`,
 * `scalable` and `scalability` meet.
 */
export function wordKey(word: string): string {
  // Porter2 would strip the S of `NATS` and `HTTPS` as it strips a plural's (see isAcronymEndingInS).
  const acronym = isAcronymEndingInS(word);
  const key = spelledKey(word, acronym);
  return acronym ? key : stemmed(key);
}

/**
 * The key of one word as spelled: NFKC, lower case, Latin/Greek/Cyrillic diacritics stripped,
 * curly apostrophes made straight, a possessive `'s` (or a plural possessive's trailing `'`)
 * removed, and plural folded to singular. What a misspelling is measured on: a slip changes
 * a stem more than it changes a word (`communcation` → `communcat`, `communication` → `communic`).
 */
export function spellingWordKey(word: string): string {
  return spelledKey(word, isAcronymEndingInS(word));
}

/** spellingWordKey, told whether the word is an acronym ending in S (whose S is no plural's). */
function spelledKey(word: string, acronymEndingInS: boolean): string {
  let key = word;
  if (NON_ASCII.test(key)) {
    key = key.normalize('NFKC').toLowerCase().normalize('NFD').replace(DIACRITICS, '').normalize('NFC').replace(APOSTROPHES, "'");
  } else {
    key = key.toLowerCase();
  }
  if (key.endsWith("'s") && key.length > 2) key = key.slice(0, -2);
  else if (key.endsWith("'") && key.length > 1) key = key.slice(0, -1);
  return !acronymEndingInS && isPluralAsWritten(word, key) ? singular(key) : key;
}

/** Two to five capitals or digits ending in S, a capital first: `NATS`, `GCS`, `HTTPS`, `DBMS`, `TLS`. */
const CAPITALS_ENDING_IN_S = /^[A-Z][A-Z0-9]{0,3}S(?:['’]s?)?$/;

/**
 * `NATS`, `GCS`, `HTTPS`: a short word in capitals ending in S whose letters spell no ordinary
 * English word, an acronym whose last letter is an S. Folded as plurals, each met another
 * term of the notes (NATS's card showed network address translation, GCS's garbage
 * collection). A word that does spell one (`LOGS`, `TESTS`, `KEYS`) is that word set in
 * capitals, as a heading shouts it, and its S is a plural's; a shouted plural that is no
 * ordinary word (`APIS`, `NODES`) is taken for an acronym.
 */
function isAcronymEndingInS(word: string): boolean {
  return CAPITALS_ENDING_IN_S.test(word) && !isOrdinaryWord(word.replace(/['’]s?$/u, '').toLowerCase());
}

/** Two capitals and a lower-case s: `PRs`, `CLs`, `IDs`, `VMs`. */
const CAPITALS_AND_PLURAL_S = /^[A-Z]{2}s(?:['’]s?)?$/;

/**
 * False where a final s of a word that is no acronym ending in S is no plural either: a
 * three-letter word in lower case (`dns`, `tls`, `aws` are acronyms typed in lower case, which
 * must meet their names). Of three letters only `PRs`, `CLs`, `IDs`, two capitals and a
 * lower-case s, is taken for a plural.
 */
function isPluralAsWritten(word: string, key: string): boolean {
  return key.length !== 3 || CAPITALS_AND_PLURAL_S.test(word);
}

/** Words shorter than this keep their singular: `its`, `was`, `dry` have no forms worth folding. */
const MIN_STEMMED_LENGTH = 4;
const PLAIN_LOWER_WORD = /^[a-z]+$/;

/**
 * No English word is longer; the stemmer's rules take time quadratic in a word's length, and a
 * 5 MB run of letters in a note (or a document) must not hold the thread for minutes.
 */
const MAX_STEMMED_LENGTH = 64;

/**
 * The Porter2 (Snowball English) stem of a word of plain Latin letters: inflections
 * (`replicated`, `retrying`, `sharded`) and derived forms (`replication`, `concurrent` ↔
 * `concurrency`, `architectural` ↔ `architecture`, `horizontally` ↔ `horizontal`) share one
 * stem. Porter2 rather than the original Porter: it keeps `general` apart from `generate` and
 * `news` from `new`. Short words, words with digits or apostrophes, other scripts, and `-aas`
 * names (`SaaS`, which Porter2 would make `saa`) are left as they are. Some derivations
 * keep a mark of their own (see KEPT_DERIVATIONS).
 */
function stemmed(key: string): string {
  if (key.length < MIN_STEMMED_LENGTH || key.length > MAX_STEMMED_LENGTH || !PLAIN_LOWER_WORD.test(key) || key.endsWith('aas')) return key;
  let found = stems.get(key);
  if (found === undefined) {
    found = derivedStem(key);
    if (stems.size >= STEMS_KEPT) stems.clear();
    stems.set(key, found);
  }
  return found;
}

function derivedStem(key: string): string {
  for (const { suffix, mark } of KEPT_DERIVATIONS) {
    const found = suffix.exec(key);
    if (found) return key.slice(0, found.index) + mark(found[1]);
  }
  return stem(key);
}

/**
 * Stems already found, by key. A stem costs seven regular expressions and Porter2's steps,
 * about 2 µs, and prose repeats its words: a note of 5,700 words has 1,900 different ones.
 * Bounded, since a corpus's vocabulary is not; when full it starts again.
 */
const stems = new Map<string, string>();
const STEMS_KEPT = 200_000;

/**
 * Derivations that name another thing than the word they come from, so that folding them
 * would make a term match ordinary prose. Porter2 strips them (when the word is long
 * enough), and a term's key would then be a plain verb or adjective: `container` met
 * "contains", `follower` "follows", `authorization` "authors", `finalizer` "finally",
 * `maintainability` "maintains", `locality` "local". Each keeps its own stem here, shared
 * by all its forms (`maintainable`/`maintainability`, `schedulers`/`scheduler`,
 * `authorize`/`authorized`/`authorization`). That stem is the word up to the suffix's first
 * letters, so that a key stays the start of every word it is the key of (the search of
 * mentions relies on it, see index/mentions.ts):
 * - a capacity, `-able`/`-ably`/`-ability` (and `-ible`): `scalable` still meets
 *   `scalability`;
 * - a quality, `-ity`, `-ness`: `liveness` is not "live";
 * - `-ize` and its forms: `optimization` is not "optimal";
 * - the act of a verb in `-ver`, `-very` (`discovery`, `recovery`, `delivery`), stemmed with the
 *   verb's own forms, as `-ation` is below: `discover` meets service discovery. Only after a
 *   `v`: `factory` is no factor, nor `directory` a director;
 * - an agent or a thing that does, `-er`/`-or` (with `-ered`, `-ering`, so that a word like
 *   `cluster` keeps one stem): a `scheduler` is then no mention of scheduling, the price of
 *   keeping `consumer` from "consumes";
 * - `-ive`: `positive` is not `position`;
 * - a state, `-ance`/`-ant`/`-ancy` and `-ence`/`-ent`/`-ency` (and an `-ent` verb's `-ented`,
 *   `-enting`), each family one stem: `concurrent` still meets `concurrency`, `tolerant`
 *   `tolerance`, but `requires` is not `requirement`, `perform` not `performance`;
 * - an act, `-ion`, but for `-ation`: `connection` is not "connect", `projection` not
 *   "project", `completion` not "completely". `-ation` still folds onto its `-ate` verb, so
 *   that `replicated` meets replication and `deprecated` deprecation; on the labelled docs of
 *   test/relevance (large config) that fold finds 2 mentions more and adds 34 hits that are
 *   not mentions (`mitigate`, `generate`, `related`), for the sense check to weigh.
 */
const KEPT_DERIVATIONS: { suffix: RegExp; mark: (found: string) => string }[] = [
  { suffix: /(?<=[a-z]{2})([ai])b(?:le|ly|ility)$/, mark: (vowel) => `${vowel}b` },
  { suffix: /(?<=[a-z]{3})(ity|ness)$/, mark: (quality) => quality },
  { suffix: /(?<=[a-z]{3})i([sz])(?:ed|ing|ation|er)?$/, mark: (letter) => `i${letter}` },
  { suffix: /(?<=[a-z]{2}v)(er)y$/, mark: (verb) => verb },
  { suffix: /(?<=[a-z]{3})(er|or)(?:ed|ing)?$/, mark: (agent) => agent },
  { suffix: /(?<=[a-z]{3})(iv)(?:e|ely)$/, mark: (adjective) => adjective },
  { suffix: /(?<=[a-z]{3})([ae]n)(?:ce|t|cy|tly|ted|ting)$/, mark: (state) => state },
  { suffix: /(?<=[a-z]{3})(?<!at)(ion)$/, mark: (act) => act },
];

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);

/**
 * Folds a lower-case English plural to a stem shared with its singular. This is no stemmer:
 * it only needs to be consistent, since notes and text go through the same function. Where
 * the plural ending is ambiguous the singular is folded as well, so both meet in the middle:
 * `cache`/`caches` → `cach` next to `match`/`matches` → `match`; `database`/`databases` →
 * `databas`; `query`/`queries` and `cookie`/`cookies` → `query`, `cooky`.
 *
 * Left alone: `-ss` (process, class, business), `-us` (status, bus, consensus), `-sis` and
 * `-xis` (analysis, axis), `-aas` (SaaS, PaaS), and three-letter words whose middle letter is
 * a vowel (gas, has, yes). Three-letter words such as `dbs`, `ids`, `vms` lose their `s`.
 * Known misses, accepted for the sake of simple rules: `menus`≠`menu`, `aliases`≠`alias`,
 * `analyses`≠`analysis`, irregular plurals (`indices`, `leaves`).
 */
function singular(word: string): string {
  const length = word.length;
  if (length < 3 || !isLowerLatinLetter(word.charCodeAt(length - 1))) return word;
  if (length === 3) {
    return word[2] === 's' && !VOWELS.has(word[1]) && isLowerLatinLetter(word.charCodeAt(1)) ? word.slice(0, 2) : word;
  }
  if (word.endsWith('ss') || word.endsWith('us') || word.endsWith('sis') || word.endsWith('xis') || word.endsWith('aas')) return word;
  if (length >= 5 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (length >= 5 && word.endsWith('ie')) return word.slice(0, -2) + 'y';

  let stem = word;
  if (length >= 5 && word.endsWith('es') && endsWithSibilant(word, length - 2)) stem = word.slice(0, -2);
  else if (word.endsWith('s')) stem = word.slice(0, -1);
  // The singulars that an `-es` plural cannot be told from (`cache`, `database`, `size`)
  // drop their `e`, so that `caches` → `cach` meets `cache` → `cach`.
  if (stem.length >= 4 && stem.endsWith('e') && endsWithSibilant(stem, stem.length - 1)) stem = stem.slice(0, -1);
  return stem;
}

/** True when word[0, end) ends in s, x, z, ch or sh: the sounds after which a plural takes `-es`. */
function endsWithSibilant(word: string, end: number): boolean {
  const last = word[end - 1];
  if (last === 's' || last === 'x' || last === 'z') return true;
  return last === 'h' && (word[end - 2] === 'c' || word[end - 2] === 's');
}

function isLowerLatinLetter(code: number): boolean {
  return code >= 0x61 && code <= 0x7a;
}

/** The key of a phrase: its word keys joined by single spaces (`Fan-Out` → `fan out`). */
export function phraseKey(phrase: string): string {
  return joinedKeys(phrase, wordKey);
}

/** The spelling key of a phrase: its words' spelling keys joined by single spaces, to measure a misspelling on. */
export function spellingKey(phrase: string): string {
  return joinedKeys(phrase, spellingWordKey);
}

function joinedKeys(phrase: string, keyOf: (word: string) => string): string {
  const keys: string[] = [];
  forEachWord(phrase, 0, phrase.length, (start, end) => {
    const key = keyOf(phrase.slice(start, end));
    if (key.length > 0) keys.push(key);
  });
  return keys.join(' ');
}

/**
 * True when the phrase as written is an acronym: a single word of letters and digits with
 * at least two capitals and no more lower-case letters than capitals. So `SOA`, `CQRS`,
 * `SPoF`, `SSoT`, `SaaS`, `eBPF`, `APIs` are acronyms; `Kafka`, `Django`, `JAMstack`,
 * `DevOps`, `GraphQL` are names that prose also writes in lower case, so they are not.
 */
export function isAcronym(phrase: string): boolean {
  const trimmed = phrase.trim();
  const found = words(trimmed);
  if (found.length !== 1 || found[0].start !== 0 || found[0].end !== trimmed.length) return false;
  let upper = 0;
  let lower = 0;
  for (const char of trimmed) {
    if (!/[\p{L}\p{N}]/u.test(char)) return false;
    if (char !== char.toLowerCase()) upper++;
    else if (char !== char.toUpperCase()) lower++;
  }
  return upper >= 2 && lower <= upper;
}

/**
 * The initials of a phrase, lower case: the first character of each word's key
 * (`single point of failure` → `spof`, `service oriented` → `so`), to link an acronym to the
 * words it stands for.
 */
export function initials(phrase: string): string {
  let result = '';
  forEachWord(phrase, 0, phrase.length, (start, end) => {
    const key = wordKey(phrase.slice(start, end));
    const first = key.codePointAt(0);
    if (first !== undefined) result += String.fromCodePoint(first);
  });
  return result;
}

/**
 * Damerau-Levenshtein distance (optimal string alignment: insertions, deletions,
 * substitutions and swaps of two neighbours each cost 1) between `a` and `b`, counted in
 * code points. Work stops as soon as the distance is known to exceed `max`, and `max + 1`
 * is returned then, so a misspelling check costs little on words far apart.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const left = toCodes(a);
  const right = toCodes(b);
  const n = left.length;
  const m = right.length;
  if (max < 0) return max + 1;
  if (Math.abs(n - m) > max) return max + 1;
  if (n === 0) return m;
  if (m === 0) return n;

  const beyond = max + 1;
  // Three rows: the one before last is needed for swaps. Cells outside the diagonal band
  // |i - j| <= max can never be within budget, so they hold `beyond`.
  let previous2 = new Array<number>(m + 1).fill(beyond);
  let previous = new Array<number>(m + 1);
  let current = new Array<number>(m + 1);
  for (let j = 0; j <= m; j++) previous[j] = j <= max ? j : beyond;
  for (let i = 1; i <= n; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(m, i + max);
    current.fill(beyond);
    current[0] = i <= max ? i : beyond;
    let rowMin = current[0];
    for (let j = from; j <= to; j++) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1]) {
        value = Math.min(value, previous2[j - 2] + 1);
      }
      current[j] = value > beyond ? beyond : value;
      if (current[j] < rowMin) rowMin = current[j];
    }
    if (rowMin > max) return beyond;
    [previous2, previous, current] = [previous, current, previous2];
  }
  return previous[m] > max ? beyond : previous[m];
}

function toCodes(text: string): number[] {
  const codes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    codes.push(code);
    if (code > 0xffff) i++;
  }
  return codes;
}
