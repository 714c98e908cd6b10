// The relevance stage: between the matcher and every feature that shows a term (hover, In
// This Document, highlights, scan, references, code actions), it decides which occurrences
// of the notes' names are mentions of what the notes define. core/query/lookup.ts applies
// it in its two ways in (the term under a cursor, the terms of a document), so that every
// feature gives the same answer for the same occurrence.

import type { TermMatcher } from '../index/matcher';
import type { NotesIndex, TermEntry } from '../index/notesIndex';
import { isAdmittedName } from './admission';
import { capitalisedInSentence, insideSkippedMarkup, isWholeIdentifier, partOfLongerName, signsDisagree } from './markup';
import { isCommonOccurrence, isOtherFormOfEverydayName, isProperNameWrittenLower, isVaultTitleWord, saysNothingOfItself, isWrittenAsName, writesAsNameElsewhere, writesNameRarelyElsewhere, isTwoLetterAlias, isEverydayPhrase, isOtherForm } from './commonness';
import { contextSupports, windowSupports } from './sense';
import { hasDiscourse, isTopical } from './topicality';
import { givesOnlyToolSenses, namesNoFieldOf } from './fields';
import { everydayPartNames, isEverydayPart } from './parts';
import { reversedWithoutAdverb } from '../text/variants';
import { inSectionNamingTitle } from './sections';

export { isAdmittedName } from './admission';
export { insideSkippedMarkup } from './markup';
export { orderedByFit } from './sense';

/** The matcher over the names that may match on their own (see admission.ts). */
export function admittedMatcher(index: NotesIndex): { matcher: TermMatcher; entries: TermEntry[] } {
  return index.matcher(isAdmittedName);
}

/** Builds admittedMatcher's matcher in idle slices (see NotesIndex.prepareMatcher). */
export function prepareAdmittedMatcher(index: NotesIndex, pause: () => Promise<void>, sliceMs?: number): Promise<void> {
  return index.prepareMatcher(isAdmittedName, pause, sliceMs);
}

/**
 * The relevance steps in the order they judge an occurrence. `verdict` names the first step
 * that refuses it; `scan --explain` prints it, and the yardstick's `--steps` report adds the
 * steps one by one to show what each buys.
 */
export const RELEVANCE_STEPS = ['admission', 'markup', 'written', 'sense', 'topicality'] as const;
export type RelevanceStep = (typeof RELEVANCE_STEPS)[number];
export type Verdict = 'mention' | RelevanceStep;

/**
 * True when the occurrence text[start, end) of the entry is a mention of what the notes
 * define. Asked of every occurrence the scan finds and of the term under a cursor alike.
 */
export function isMention(index: NotesIndex, text: string, start: number, end: number, entry: TermEntry): boolean {
  return verdict(index, text, start, end, entry) === 'mention';
}

/** 'mention', or the first step (after admission, which the matcher applies) that refuses the occurrence. */
export function verdict(index: NotesIndex, text: string, start: number, end: number, entry: TermEntry): Verdict {
  const written = text.slice(start, end);
  // A glossary term written as an identifier in code (`order.legMagnitudePolicy()`,
  // `LEG_MAGNITUDE_POLICY=`) is the term, as Contextive users expect: only a part of a longer
  // identifier (`LEG` in `LEG_MAGNITUDE_POLICY`) is not (see TermEntry.codeNames).
  if (partOfLongerName(text, start, end) && !(entry.codeNames && isWholeIdentifier(text, start, end))) return 'markup';
  if (signsDisagree(written, entry.names) || reversedWithoutAdverb(written, entry.names)) return 'written';
  // A note that marks the term `<!-- hover: on -->` has said it is no everyday word for this
  // reader; so has a Contextive glossary that applies to the document (lookup.ts has left out
  // those that do not): its terms are the team's own language there, everyday words included
  // (`Cargo`, `Leg`, `Policy`), as Contextive shows them.
  if (entry.hover === 'on' || entry.codeNames) return 'mention';
  // A name the notes write only Capitalised (`Git`, `Send`) written in lower case is the
  // everyday word ("go further"), unless the doc itself writes it as a name elsewhere and it
  // is no common word: "the git index" in a doc that speaks of "an ahead-of-time Git clone".
  if (isProperNameWrittenLower(written, entry)) return writesAsNameElsewhere(text, written) ? 'mention' : 'written';
  // A section the doc heads with a vault note's title ("### Test Plan" for `Testing`) is about
  // what the note is about: its "tests" and "tested" are the note's, whatever the rest of the
  // doc is about and though their windows hold only everyday words (sections.ts).
  if (inSectionNamingTitle(text, start, entry)) return 'mention';
  // "_feature_: (ML) input variable" is the word's sense in machine learning: not the one
  // meant in a doc that never names that field, unless the words around it are the note's.
  if (namesNoFieldOf(text, entry) && !windowSupports(index, text, start, end, entry)) return 'sense';
  // "_time_: package; `time.Time` carries…", "_change_: Gerrit's unit of review": an everyday
  // word that the notes define only in a tool's sense (its code, its product) is that tool's
  // name where its own window speaks of the tool, not in "over time" or "this change", though
  // the doc is about Go or about reviews (test/relevance/README.md, "A tool's sense").
  // Not a name the notes write Capitalised (`Go`: the tool itself, see isProperNameWrittenLower),
  // nor one the doc writes as a name inside a sentence.
  if (isCommonOccurrence(written, entry) && !/^\p{Lu}/u.test(entry.term) && givesOnlyToolSenses(entry) && !capitalisedInSentence(text, start, end) && !windowSupports(index, text, start, end, entry)) return 'sense';
  if (isOtherFormOfEverydayName(written, entry) && !windowSupports(index, text, start, end, entry)) return 'sense';
  if (isTwoLetterAlias(written, entry) && !windowSupports(index, text, start, end, entry)) return 'sense';
  // A part of a concept note named in everyday words (`- **Open**: …` in a note on circuit
  // breakers) means that part only where its own window speaks of the concept, not by the
  // names of the concept's other parts, and only in a doc about the concept's subject (parts.ts).
  if (isEverydayPart(index, written, entry)) {
    if (!windowSupports(index, text, start, end, entry, everydayPartNames(index, entry))) return 'sense';
    return isTopical(index, text, entry) ? 'mention' : 'topicality';
  }
  // A name made of everyday words only is the note's where anything speaks for it: its
  // window, the doc's words or the doc's subject. (Asking the words and the subject both lost
  // 7 right hovers of the vault's, test/relevance/README.md.) A doc of a few lines says too
  // little of its subject to speak against the note: "circuit breaker" in a new doc's first
  // sentence is the term.
  if (isEverydayPhrase(written) && hasDiscourse(text) && !contextSupports(index, text, start, end, entry) && !isTopical(index, text, entry)) return 'sense';
  const titleWord = isVaultTitleWord(written, entry);
  // A rare word is the term wherever it stands. A form of it that no name is written in
  // ("mitigate" of `mitigation`, "invalid" of `invalidation`) is another word, rare or not: it
  // is judged as an everyday word is, by its context and the doc's subject.
  if (!isCommonOccurrence(written, entry) && !titleWord && !saysNothingOfItself(index, written, entry) && !isOtherForm(written, entry)) return 'mention';
  // A vault's note is about its title: a rare word of that note beside the title in the doc
  // ("Raft" beside "leader" and "log") names the note's subject there, whatever the rest of
  // the doc is about. Doc-wide support alone is weaker: the doc must also share the note's
  // subject. (An everyday word's note is a section of a longer note, whose rare words turn up
  // near the word by chance: measured, the same shortcut lost precision there.)
  // So does a title the doc writes as a name ("a public Git repository", "written in Python"):
  // it spells the name of what the note is about.
  if (titleWord && (windowSupports(index, text, start, end, entry) || isWrittenAsName(text, start, end))) return 'mention';
  // A doc that writes the name elsewhere in a rare spelling, a mention on its own ("sharding"
  // in lower case), means the note's concept by its other spellings too ("Sharding" opening a
  // list item): one sense per discourse.
  if (writesNameRarelyElsewhere(text, start, end, entry) && !saysNothingOfItself(index, written, entry)) return 'mention';
  // A term that says nothing of itself (a bare heading, a definition of function words only)
  // has no sense of its own for the doc as a whole to support: the words of its section say
  // what the section is about, not what this word means there. Only its own window can speak
  // for it ("## internals" of a Go note beside "goroutine" and "scheduler").
  if (saysNothingOfItself(index, written, entry) && !windowSupports(index, text, start, end, entry)) return 'sense';
  if (!contextSupports(index, text, start, end, entry)) return 'sense';
  return isTopical(index, text, entry) ? 'mention' : 'topicality';
}
