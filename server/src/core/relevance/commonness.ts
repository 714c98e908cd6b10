// The commonness prior: a term that is an everyday English word (`change`, `list`, `new`,
// `service`) is in prose far more often the everyday word than the sense one note gives
// it; a rare word (`idempotency`, `CQRS`, `quorum`) is nearly always the term. So only the
// occurrences of everyday words need the context to speak for the note's sense.

import { isAcronym, words } from '../text/normalize';
import type { TermEntry } from '../index/notesIndex';
import { isEverydayWord } from './vocabulary';

/**
 * True when an occurrence, as written, is an everyday word: one word (a name of several
 * words is rarely ambiguous: "circuit breaker", "etcd member"), not written as an acronym,
 * that is itself, or whose term is, among the most frequent English words.
 */
export function isCommonOccurrence(written: string, entry: TermEntry): boolean {
  if (written.includes(' ') || words(written).length !== 1 || isAcronym(written)) return false;
  return isEverydayWord(bareWord(written)) || (!entry.term.includes(' ') && isEverydayWord(entry.term));
}

/**
 * True when the notes write a term only as a proper name (`Send`, `Connection`, `Result`,
 * `Go`: a trait, a header, a type, a language), the word is an everyday one, and the doc
 * writes it in lower case: "send", "connection", "go" are then the everyday words, never the
 * name. Notes that also spell the term in lower case somewhere mean the common noun too.
 */
export function isProperNameWrittenLower(written: string, entry: TermEntry): boolean {
  if (!/^\p{Ll}/u.test(written) || written.includes(' ')) return false;
  if (!isEverydayWord(bareWord(written))) return false;
  return entry.definitions.every((definition) => [definition.term, ...definition.aliases].every(isCapitalisedName));
}

/** `Send`, `Connection`, `Go` (not `gRPC`, not an all-capitals acronym, not `send`). */
function isCapitalisedName(name: string): boolean {
  return /^\p{Lu}/u.test(name) && !isAcronym(name);
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
 * everyday word is: its context and the doc's subject must speak for the note. A title in
 * lower case in the doc (`bulkhead`, `idempotency`), names of several words, acronyms and
 * definitions written as such (the dialect, glossaries, Note Definitions) are not concerned.
 */
export function isVaultTitleWord(written: string, entry: TermEntry): boolean {
  if (!/^\p{Lu}/u.test(written) || written.includes(' ') || words(written).length !== 1 || isAcronym(written)) return false;
  return entry.definitions.length > 0 && entry.definitions.every((definition) => definition.format === 'concept');
}
