// The commonness prior: a term that is an everyday English word (`change`, `list`, `new`,
// `service`) is in prose far more often the everyday word than the sense one note gives
// it; a rare word (`idempotency`, `CQRS`, `quorum`) is nearly always the term. So only the
// occurrences of everyday words need the context to speak for the note's sense.

import { forEachWord, isAcronym, spellingWordKey, wordKey, words } from '../text/normalize';
import type { IndexedDefinition, NotesIndex, TermEntry } from '../index/notesIndex';
import { detailCount, linkCount } from '../index/storedNote';
import { isEverydayWord, isFunctionWord } from './vocabulary';
import { capitalisedInSentence, partOfLongerName } from './markup';
import { frequencyRank } from '../text/commonWords';

/**
 * True when an occurrence, as written, is an everyday word: one word (a name of several
 * words is rarely ambiguous: "circuit breaker", "etcd member"), not written as an acronym,
 * that is itself among the most frequent English words, or is a form of its term and the term
 * is. Another name of the term written (an alias: "outage" for a vault's `Incident`) is judged
 * by itself: a rare word has its one sense whatever its term is called.
 */
export function isCommonOccurrence(written: string, entry: TermEntry): boolean {
  if (!isOneWord(written) || isAcronym(written)) return false;
  if (isEverydayWord(bareWord(written))) return true;
  return !entry.term.includes(' ') && isEverydayWord(entry.term) && wordKey(written) === wordKey(entry.term);
}

/**
 * True when an occurrence is a name of several words, each an everyday word ("pull request",
 * "feature flags", "weekly review", "action items"). Such a name is rarer than its words, but
 * it is still everyday English, and different trades give it different things: NATS's pull
 * requests ask a server for messages, not to merge a branch, and a vault's "Weekly review"
 * note is one person's habit, not what a design doc's "weekly review" is.
 */
export function isEverydayPhrase(written: string): boolean {
  const parts = words(written);
  return parts.length >= 2 && parts.every((part) => !isAcronym(part.text) && isEverydayWord(bareWord(part.text)));
}

/**
 * True for two capitals that stand for a longer name of the term (`ES` of Event Sourcing):
 * they name a dozen things ("ES modules", "ES2020", "the ES team"), so only the words around
 * them can say which (relevance.ts).
 */
export function isTwoLetterAlias(written: string, entry: TermEntry): boolean {
  return /^\p{Lu}{2}s?$/u.test(written) && isAcronym(written) && spellingWordKey(written) !== spellingWordKey(entry.term);
}

/**
 * True when the notes write a term only as a proper name (`Send`, `Connection`, `Result`,
 * `Go`: a trait, a header, a type, a language), the word is an everyday one, and the doc
 * writes it in lower case: "send", "connection", "go" are then the everyday words, never the
 * name. Notes that also spell the term in lower case somewhere mean the common noun too, and
 * so does a glossary page or a Note Definitions file: they set every entry in sentence case
 * (`**Settlement**: …`, `# Quorum read`), so a capital there says nothing of a name.
 */
export function isProperNameWrittenLower(written: string, entry: TermEntry): boolean {
  if (!/^\p{Ll}/u.test(written) || written.includes(' ')) return false;
  if (!isEverydayWord(bareWord(written))) return false;
  return entry.definitions.every((definition) => !SENTENCE_CASE_FORMATS.has(definition.format ?? 'dialect') && [definition.term, ...definition.aliases].every(isCapitalisedName));
}

const SENTENCE_CASE_FORMATS = new Set<string>(['glossary', 'note-definitions']);

/**
 * Below this rank a word is too common to be taken for a name by its spelling alone: "Home",
 * "Review", "Release", "Go" written Capitalised in a sentence may be a screen, a status, a
 * heading's word or a verb, and "go", "send", "connection" in lower case stay everyday words
 * in a doc that also writes "Go". `raft` (rank 7,148 in film subtitles), `git` (11,933) and
 * `python` (13,788) are past it.
 */
export const NAME_RANK = 5_000;

/**
 * True when a vault title is written as a name: Capitalised inside a sentence ("a public Git
 * repository", "written in Python"), and no word so common that a capital proves nothing
 * (NAME_RANK).
 */
export function isWrittenAsName(text: string, start: number, end: number): boolean {
  const word = bareWord(text.slice(start, end));
  return frequencyRank(word) >= NAME_RANK && frequencyRank(singular(word)) >= NAME_RANK && capitalisedInSentence(text, start, end);
}

/**
 * True when the doc writes the lower-case occurrence's word as a name elsewhere (see
 * isWrittenAsName), not as part of a longer name: "the git index" in a doc that speaks of
 * "an ahead-of-time Git clone". One sense per discourse, for a name.
 */
export function writesAsNameElsewhere(text: string, written: string): boolean {
  const word = written.toLowerCase();
  if (frequencyRank(word) < NAME_RANK) return false;
  if (namedWords.text !== text) namedWords = { text, named: new Map() };
  let named = namedWords.named.get(word);
  if (named === undefined) {
    named = false;
    const capitalised = word[0].toUpperCase() + word.slice(1);
    for (let at = text.indexOf(capitalised); at !== -1 && !named; at = text.indexOf(capitalised, at + 1)) {
      const end = at + capitalised.length;
      // The whole word, not the start of another ("GitHub").
      if (LETTER.test(text[at - 1] ?? '') || LETTER.test(text[end] ?? '')) continue;
      named = isWrittenAsName(text, at, end) && !partOfLongerName(text, at, end);
    }
    namedWords.named.set(word, named);
  }
  return named;
}

const LETTER = /\p{L}/u;
// A scan asks for each occurrence: the answers are kept per word for the last text.
let namedWords: { text: string; named: Map<string, boolean> } = { text: '', named: new Map() };

/**
 * True when a one-word occurrence meets the entry only through the stems, in a form no name
 * of the entry is written in (`versions` for a note's `versioning`, `connected` for HTTP's
 * `Connect`, `settings` for `set`, `available` for `availability`), and that form, or the term,
 * is an everyday word. One sense per discourse holds for a word, not for its other forms: a
 * doc that speaks of versioning throughout still means a thing by "versions", so such an
 * occurrence needs the note's sense in its own window (relevance.ts). Plurals are the same
 * form (`versions` of a name `versions`); a rare form (`replicated`, `retrying`) keeps the
 * doc-wide support that recall needs.
 */
export function isOtherFormOfEverydayName(written: string, entry: TermEntry): boolean {
  if (!isOtherForm(written, entry)) return false;
  return isEverydayWord(bareWord(written)) || isEverydayWord(spellingWordKey(written)) || isEverydayWord(entry.term);
}

/**
 * True when a one-word occurrence meets the entry only through the stems, in a form no one-word
 * name of the entry is written in, up to its plural: "mitigate" for a note's `mitigation`,
 * "invalid" for `invalidation`, "readable" for `readability`, "replicated" for `replication`.
 * Such a form is another word, with senses of its own, however rare it is: the rarity of
 * `mitigation` says nothing of "mitigate", so it is no mention on its rarity alone
 * (relevance.ts). A name written joined or apart (`leafnode` for `leaf node`) is no other form.
 */
export function isOtherForm(written: string, entry: TermEntry): boolean {
  if (!isOneWord(written)) return false;
  const forms = oneWordForms(entry);
  return !forms.spellings.has(spellingWordKey(written)) && forms.keys.has(wordKey(written));
}

/** The spelling keys and word keys of an entry's one-word names, by entry: a scan asks for every occurrence. */
const formsByEntry = new WeakMap<TermEntry, { spellings: Set<string>; keys: Set<string> }>();

function oneWordForms(entry: TermEntry): { spellings: Set<string>; keys: Set<string> } {
  let forms = formsByEntry.get(entry);
  if (!forms) {
    forms = { spellings: new Set(), keys: new Set() };
    for (const name of entry.names) {
      if (!isOneWord(name)) continue;
      forms.spellings.add(spellingWordKey(name));
      forms.keys.add(wordKey(name));
    }
    formsByEntry.set(entry, forms);
  }
  return forms;
}

/** `Send`, `Connection`, `Go` (not `gRPC`, not an all-capitals acronym, not `send`). */
function isCapitalisedName(name: string): boolean {
  return /^\p{Lu}/u.test(name) && !isAcronym(name);
}

/** One word as written: no space, and one word to the tokenizer (not `back-off`, `I/O`). */
function isOneWord(written: string): boolean {
  return !written.includes(' ') && words(written).length === 1;
}

/** The word without a plural's final s: "Homes" is as common a word as "Home". */
function singular(word: string): string {
  return word.length > 3 && /[^s]s$/u.test(word) ? word.slice(0, -1) : word;
}

/** The word without a possessive: `node's` → `node`. */
function bareWord(written: string): string {
  return written.replace(/['’]s$/u, '');
}

/**
 * True when an occurrence is one capitalised word that only vault notes' titles name (a
 * concept note called `Python`, `Docker`, `Kubernetes`): vaults keep hub notes on broad
 * subjects, named like the tools and languages a design doc names in passing, and a note's
 * title is weaker evidence than a written definition. Such an occurrence is judged as an
 * everyday word is: its context and the doc's subject must speak for the note, unless the doc
 * writes it as a name (isWrittenAsName: "written in Python", not "Testing starts"). A title in
 * lower case in the doc (`bulkhead`, `idempotency`), names of several words, acronyms, the
 * note's aliases and definitions written as such (the dialect, glossaries, Note Definitions)
 * are not concerned.
 */
export function isVaultTitleWord(written: string, entry: TermEntry): boolean {
  if (!/^\p{Lu}/u.test(written) || !isOneWord(written) || isAcronym(written)) return false;
  if (entry.definitions.length === 0 || !entry.definitions.every((definition) => definition.format === 'concept')) return false;
  // An alias the frontmatter lists (`SemVer` of Semantic versioning) is a name the writer gave
  // on purpose, as a written definition is: only the title itself is judged so.
  const spelled = spellingWordKey(written);
  return entry.definitions.some((definition) => spellingWordKey(definition.term) === spelled);
}

/**
 * True when a one-word occurrence names only definitions that say nothing of their own: topics
 * without a quote, a citation, another name (`= X`) or an item of their own, which
 * only group the terms under them (`## internals`, `## runtime`, `## tooling` in a notes
 * collection's Go or SQL area). A heading is a word the writer filed things under, weaker
 * evidence than a definition, as a vault's title is (isVaultTitleWord): judged as an
 * everyday word is, its context and the doc's subject must speak for it. A heading that
 * holds its own names (`## microservices`, `= distributed monolith`), quotes or citations is a
 * concept; links alone it may hold from the items under it that define nothing.
 * So is judged a term whose definitions are only function words ("_implementation_: how it
 * does it"): a rare word, but defined as nothing more than itself.
 */
export function saysNothingOfItself(index: NotesIndex, written: string, entry: TermEntry): boolean {
  if (!isOneWord(written)) return false;
  // A scan asks for every occurrence, and a term may have thousands of definitions: the
  // answer is kept per entry for the version of the index it was worked out on.
  const kept = saidNothing.get(entry);
  if (kept && kept.index === index && kept.version === index.version) return kept.bare;
  const bare = entry.definitions.length > 0 && entry.definitions.every(definitionSaysNothing);
  saidNothing.set(entry, { index, version: index.version, bare });
  return bare;
}

const saidNothing = new WeakMap<TermEntry, { index: NotesIndex; version: number; bare: boolean }>();

function definitionSaysNothing(definition: IndexedDefinition): boolean {
  // Counted, not read: a stored definition's details are not decoded for this.
  if (definition.equivalences.length > 0) return false;
  // Links alone do not make a heading a concept: the items under `## design` that define no
  // term (a linter, a style guide) give it theirs, and it still only groups its terms.
  if (definition.kind === 'topic') return detailCount(definition) === linkCount(definition);
  if (detailCount(definition) > 0) return false;
  // A definition made only of function words ("how it does it" for `implementation`) says no
  // more than a bare heading: the word keeps its everyday sense in the reader's mind.
  return isOnlyFunctionWords(definition.text);
}

function isOnlyFunctionWords(text: string): boolean {
  const parts = words(text);
  return parts.length > 0 && parts.every((part) => isFunctionWord(part.text));
}

/**
 * True when the doc writes a one-word name of the entry elsewhere in a spelling that is no
 * everyday word (`brokers` beside `broker`, `sharding` beside a list item's `Sharding`): such
 * an occurrence is a mention on its own (isCommonOccurrence), and a doc that means the note's
 * concept by one spelling of a name means it by the others (one sense per discourse). The
 * occurrence itself does not count.
 */
export function writesNameRarelyElsewhere(text: string, start: number, end: number, entry: TermEntry): boolean {
  const written = text.slice(start, end);
  if (!isOneWord(written)) return false;
  const counts = rareSpellingsOf(text);
  const self = isEverydayForm(written) ? '' : spellingWordKey(written);
  for (const spelling of oneWordForms(entry).spellings) {
    const count = counts.get(spelling) ?? 0;
    if (count > (spelling === self ? 1 : 0)) return true;
  }
  return false;
}

// A scan asks for each occurrence: the counts are kept for the last text.
let rareSpellings: { text: string; counts: Map<string, number> } = { text: '', counts: new Map() };

/** How often the text writes each spelling key in a word that is no everyday word. */
function rareSpellingsOf(text: string): Map<string, number> {
  if (rareSpellings.text === text) return rareSpellings.counts;
  const counts = new Map<string, number>();
  const judged = new Map<string, string>();
  forEachWord(text, 0, text.length, (start, end) => {
    const word = text.slice(start, end);
    let spelling = judged.get(word);
    if (spelling === undefined) {
      spelling = word.length < 3 || /\d/.test(word) || isFunctionWord(word) ? '' : spellingWordKey(word);
      // A plural is as common as its singular: `releases` of an everyday `release` tells nothing.
      if (spelling && isEverydayForm(word)) spelling = '';
      judged.set(word, spelling);
    }
    // A part of a path, an identifier or a longer name ("golang.org/grpc") is not the doc naming the term.
    if (spelling && !partOfLongerName(text, start, end)) counts.set(spelling, (counts.get(spelling) ?? 0) + 1);
  });
  rareSpellings = { text, counts };
  return counts;
}

/** True when the word, or the singular of its plural (`releases`, `processes`, `policies`), is an everyday word. */
function isEverydayForm(word: string): boolean {
  const bare = bareWord(word).toLowerCase();
  if (isEverydayWord(bare)) return true;
  const single = singular(bare);
  if (single === bare) return false;
  return isEverydayWord(single) || (bare.endsWith('es') && isEverydayWord(bare.slice(0, -2))) || (bare.endsWith('ies') && isEverydayWord(`${bare.slice(0, -3)}y`));
}
