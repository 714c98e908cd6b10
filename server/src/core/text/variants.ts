// Other ways prose writes a name of the notes: joined or split at a prefix (`multi-tenant`,
// `multitenant`; `microservices`, `micro-services`), a noun of a phrasal verb as the verb
// (`backoff`, "back off"), an adjective and a gerund as the verb and its adverb ("scaling
// horizontally"), a numeronym (`k8s`). They are worked out once per name when the
// index files it, so the matcher still walks one trie and finds them like any other name.
// The tables below are data: small, closed lists of English word parts, not a dictionary.

import { forEachWord, wordKey } from './normalize';
import { frequencyRank } from './commonWords';

/** Prefixes written joined, hyphenated or apart (`multi-tenant`, `multitenant`, `multi tenant`). */
// Not `re`: too many words start with it (`request`, `resource`), each split a useless name.
const PREFIXES = ['multi', 'micro', 'macro', 'meta', 'non', 'pre', 'post', 'sub', 'super', 'inter', 'intra', 'hyper'];

/**
 * Particles of the phrasal verbs whose nouns are written joined (`backoff`, `failover`,
 * `rollout`, `shutdown`, `rollback`, `backup`). `in` and `on` are left out: as word endings
 * they are mostly no particle (`domain`, `margin`, `common`).
 */
const PARTICLES = ['off', 'over', 'out', 'up', 'down', 'back'];

/** The shortest part that a split leaves besides a prefix or particle: `cover` is no `c over`. */
const MIN_PART_LENGTH = 4;
const MIN_VERB_LENGTH = 3;
/**
 * Two words of a name this long each are also written joined, as compounds are (`leafnode`,
 * `filesystem`, `roundrobin`); shorter ones joined are too often another word (`any one`,
 * `in to`).
 */
const MIN_JOINED_LENGTH = 4;

/** A name of more words than this gets no split of its joined words: each split is one more name to match. */
const MAX_SPLIT_NAME_WORDS = 4;

/** A joined word written as two: at a prefix (`multi tenant`), a particle (`back off`) or as a compound (`back pressure`). */
function splitsOf(word: string, atPrefixes = true): string[] {
  const splits: string[] = [];
  if (atPrefixes) for (const prefix of PREFIXES) {
    if (word.startsWith(prefix) && word.length - prefix.length >= MIN_PART_LENGTH) splits.push(`${prefix} ${word.slice(prefix.length)}`);
  }
  for (const particle of PARTICLES) {
    if (word.endsWith(particle) && word.length - particle.length >= MIN_VERB_LENGTH) splits.push(`${word.slice(0, -particle.length)} ${particle}`);
  }
  const compound = compoundSplit(word);
  if (compound && !splits.includes(compound)) splits.push(compound);
  return splits;
}

/**
 * A compound written joined, as two words each at least MIN_JOINED_LENGTH long and common
 * in English (`backpressure` → `back pressure`, `mirrormaker` → `mirror maker`): the doc may
 * write it apart or hyphenated, as the reverse of joining a two-word name. Only a word that is
 * not itself a common one, and only where one split point gives two such words: a word that
 * splits two ways is no clear compound.
 */
function compoundSplit(word: string): string | undefined {
  // Each split point looks up both halves, a cost quadratic in the word's length: a term of one
  // 200,000-letter word held the index 20 s. No compound of two common words is this long.
  if (word.length > MAX_COMPOUND_LENGTH) return undefined;
  // A common word is no compound to take apart (`something`, `packages`, `alternative`), nor
  // is a derived one (`maintainability` is no "maintain ability").
  if (frequencyRank(word) !== Infinity || CAPACITY.test(word)) return undefined;
  let found: string | undefined;
  for (let at = MIN_JOINED_LENGTH; at <= word.length - MIN_JOINED_LENGTH; at++) {
    const first = word.slice(0, at);
    const second = word.slice(at);
    if (frequencyRank(first) >= COMPOUND_PART_RANK || frequencyRank(second) >= COMPOUND_PART_RANK) continue;
    if (found) return undefined;
    found = `${first} ${second}`;
  }
  return found;
}

/** The longest word compoundSplit takes apart: two of the longest common words joined. */
const MAX_COMPOUND_LENGTH = 40;

/** How common each part of a joined compound must be (see compoundSplit). */
const COMPOUND_PART_RANK = 10_000;

/**
 * Numeronyms in common use: the first letter, the count of letters between, the last
 * (`k8s` = k-ubernete-s). A table, not a rule: a rule would give every long word one.
 */
const NUMERONYMS: [string, string[]][] = [
  ['k8s', ['kubernetes']],
  ['i18n', ['internationalization', 'internationalisation']],
  ['l10n', ['localization', 'localisation']],
  ['a11y', ['accessibility']],
  ['o11y', ['observability']],
];

const LOWER_WORD = /^[a-z]+$/;
/**
 * An agent noun first in a name of two words (`leader election`, `member list`): its `-ship`
 * (the office or the state of being one) qualifies the same thing ("leadership election",
 * "membership list"). The stems keep `-ship` apart, since `leadership` alone is no `leader`.
 */
const AGENT = /^[a-z]{3,}(?:er|or)$/;
/** Endings of the adjectives that take `-ly` (`horizontal`, `optimistic`, `asynchronous`, `defensive`). */
const ADVERBIAL_ADJECTIVE = /(?:al|ic|ent|ant|ous|ive|ful|ar)$/;
/** A gerund with a stem before its `-ing` (`scaling`, `locking`), not `ring` or `thing`. */
const GERUND = /^[a-z]{3,}ing$/;

/**
 * A capacity (`compatible`, `availability`) with at least three letters before its ending:
 * its negation (`incompatible`, `unavailability`) speaks of the same capacity, absent. Other
 * words take a negative prefix too rarely, or mean something else by it (`disable`).
 */
const CAPACITY = /^[a-z]{3,}[ai]b(?:le|ility)$/;

/** A capacity with the negative prefixes English gives it: `un-`, and `in-` as it is assimilated (`im-`, `ir-`, `il-`). */
function negations(word: string): string[] {
  const first = word[0];
  const latin = first === 'b' || first === 'm' || first === 'p' ? 'im' : first === 'r' ? 'ir' : first === 'l' ? 'il' : 'in';
  return [`un${word}`, `${latin}${word}`];
}

/**
 * An adjective and a gerund (`horizontal scaling`) are also written as the verb and its adverb
 * ("scaling horizontally", "scale horizontally"), and as the capacity (`horizontal
 * scalability`). The stems of the words fold the adverb onto the adjective and the verb's
 * forms onto each other, so the words in the other order are enough for the first.
 */
function actionVariants(adjective: string, gerund: string): string[] {
  return [`${gerund} ${adjective}`, `${adjective} ${gerund.slice(0, -3)}ability`];
}

/**
 * True when `written` meets a name of the action kind (`horizontal scaling`) only as its words
 * in the other order with the adjective not made an adverb: "scaling horizontally" is the
 * action, "version semantics" (of `semantic versioning`) and "scaling horizontal" are other
 * things. The matcher compares stems, which fold the adverb onto the adjective; the written
 * form decides.
 */
export function reversedWithoutAdverb(written: string, names: readonly string[]): boolean {
  const parts: string[] = [];
  forEachWord(written, 0, written.length, (start, end) => parts.push(written.slice(start, end).toLowerCase()));
  if (parts.length !== 2 || /ly$/.test(parts[1])) return false;
  const [first, second] = parts.map(wordKey);
  return names.some((name) => {
    const words = name.toLowerCase().split(/\s+/);
    if (words.length !== 2 || !ADVERBIAL_ADJECTIVE.test(words[0]) || !GERUND.test(words[1])) return false;
    return wordKey(words[1]) === first && wordKey(words[0]) === second && wordKey(words[0]) !== first;
  });
}

/**
 * The other spellings of a name, lower case, without the name itself: its words joined when
 * one is a prefix or a particle (`multi-tenant` → `multitenant`, `back off` → `backoff`) or
 * both are long enough to make a compound (`leaf node` → `leafnode`), a capacity negated
 * (`compatibility` → `incompatibility`, which meets `incompatible` by its stem), an agent's
 * office (`leader election` → `leadership election`), a
 * one-word name split after a prefix or before a particle (`microservices` → `micro
 * services`, `failover` → `fail over`), and the other side of a numeronym. Words are compared
 * as written, in lower case: the keys (and so plurals and stems) are the matcher's affair.
 */
export function nameVariants(name: string): string[] {
  const parts: string[] = [];
  forEachWord(name, 0, name.length, (start, end) => parts.push(name.slice(start, end).toLowerCase()));
  const variants = new Set<string>();
  if (parts.length === 2 && parts.every((part) => LOWER_WORD.test(part))) {
    const [first, second] = parts;
    if (PREFIXES.includes(first) || PARTICLES.includes(second) || (first.length >= MIN_JOINED_LENGTH && second.length >= MIN_JOINED_LENGTH)) variants.add(first + second);
    if (ADVERBIAL_ADJECTIVE.test(first) && GERUND.test(second)) for (const variant of actionVariants(first, second)) variants.add(variant);
    if (AGENT.test(first)) variants.add(`${first}ship ${second}`);
  }
  // The agent noun ending a name of several words gives the name of what it does: a circuit
  // breaker does circuit breaking, a rate limiter rate limiting, a task scheduler task
  // scheduling. The words before keep the sense; alone, `scheduler` is no `schedule`.
  const last = parts[parts.length - 1];
  if (parts.length >= 2 && parts.every((part) => LOWER_WORD.test(part)) && AGENT.test(last)) variants.add([...parts.slice(0, -1), `${last.slice(0, -2)}ing`].join(' '));
  if (parts.length === 1 && LOWER_WORD.test(parts[0])) {
    const [word] = parts;
    for (const split of splitsOf(word)) variants.add(split);
    if (CAPACITY.test(word)) for (const negated of negations(word)) variants.add(negated);
  }
  // A joined word inside a longer name splits as a phrasal verb's noun or a compound does
  // alone: "exponential backoff" is also written "exponential back-off". (Not at a prefix: in
  // longer names that split mostly words that are no compound, `prevent`, `interface`.)
  if (parts.length >= 2 && parts.length <= MAX_SPLIT_NAME_WORDS && parts.every((part) => LOWER_WORD.test(part))) {
    for (const [at, part] of parts.entries()) {
      for (const split of splitsOf(part, false)) variants.add([...parts.slice(0, at), split, ...parts.slice(at + 1)].join(' '));
    }
  }
  const written = parts.join(' ');
  for (const [numeronym, words] of NUMERONYMS) {
    if (written === numeronym) for (const word of words) variants.add(word);
    else if (words.includes(written)) variants.add(numeronym);
  }
  variants.delete(written);
  return [...variants];
}

/**
 * A word written as an identifier split into its words: `legMagnitudePolicy` → leg,
 * Magnitude, Policy; `HTTPServer` → HTTP, Server. A split that would leave a single letter
 * is no split: `gRPC`, `SaaS`, `iPhone` are names, not two words.
 */
function identifierWords(word: string): string[] {
  const parts = word.split(/(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u);
  return parts.length > 1 && parts.every((part) => [...part].length >= 2) ? parts : [word];
}

/**
 * The spellings of a name in code, as Contextive users expect a glossary term to match them
 * (`Leg Magnitude Policy` in `LEG_MAGNITUDE_POLICY`, `legMagnitudePolicy`,
 * `leg-magnitude-policy`, `LegMagnitudePolicy`), lower case, without the name itself: its
 * words apart (what `snake_case` and `kebab-case` are, since the matcher lets underscores and
 * hyphens stand between words) and joined (what camelCase and PascalCase are, once the
 * matcher has folded case). A name written as an identifier gives its words too, so that the
 * glossary's `legMagnitudePolicy` matches "leg magnitude policy" in prose.
 */
export function codeSpellings(name: string): string[] {
  const written: string[] = [];
  const parts: string[] = [];
  forEachWord(name, 0, name.length, (start, end) => {
    const word = name.slice(start, end);
    written.push(word.toLowerCase());
    for (const part of identifierWords(word)) parts.push(part.toLowerCase());
  });
  if (parts.length < 2) return [];
  const own = written.join(' ');
  return [...new Set([parts.join(' '), parts.join('')])].filter((spelling) => spelling !== own);
}
