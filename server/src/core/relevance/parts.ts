// The parts of a concept. A vault note on one concept that explains its parts in bold leads
// (the Raft note's `- **Safety**: …`, a circuit breaker's `- **Closed**: …`, `- **Open**: …`,
// `- **Half-open**: …`) gives each lead as a term of its own (formats/readNote.ts keeps the
// note's title as its term, and the leads beside it). But a lead there is a part of the
// note's concept, named in the concept's own terms: "open" is the breaker's state where the
// text speaks of the breaker, and the everyday word anywhere else ("open questions", "the door
// is half-open"). So a part named in everyday words is judged as an everyday word whose sense
// its own window must show (relevance.ts), as another form of an everyday name is:
//
// - The doc's support alone does not do. A doc that speaks of a circuit breaker in one section
//   still asks "Open questions" in another: one sense per discourse holds for a word the doc
//   uses as a term throughout, not for the states of one thing the doc mentions.
// - The names of the concept's everyday parts do not speak for one another. They are everyday
//   words that go together in any text ("closed" beside "half-open", "open" beside "closed"),
//   so they are no evidence that the text speaks of the concept: a name that needs its sense
//   shown cannot show another's. The words of the concept itself (its title, what each part
//   says) still do ("when the breaker is open" after "a circuit breaker").
//
// A glossary page's entries are no parts: the page has no concept of its own (readNote.ts
// drops its title), and its entries stand for themselves, as a dialect's terms do.

import type { IndexedDefinition, NotesIndex, TermEntry } from '../index/notesIndex';
import { isAcronym, words } from '../text/normalize';
import { isCommonOccurrence } from './commonness';
import { isEverydayWord } from './vocabulary';

/**
 * True when the occurrence names only parts of concepts (every definition of the entry is a
 * glossary entry in a note that defines its own concept) and is written in everyday words:
 * one everyday word ("closed", "Safety") or a name of everyday words only ("half-open").
 */
export function isEverydayPart(index: NotesIndex, written: string, entry: TermEntry): boolean {
  if (!isNamedInEverydayWords(written, entry)) return false;
  return partsOf(index, entry).onlyParts;
}

/**
 * The names of the everyday parts of the concepts that the entry is a part of, its own
 * included: what does not count in the window of an everyday part (see the head of this file).
 */
export function everydayPartNames(index: NotesIndex, entry: TermEntry): readonly string[] {
  return partsOf(index, entry).everydayNames;
}

/** One everyday word, as isCommonOccurrence judges one, or several words that are each an everyday word. */
function isNamedInEverydayWords(written: string, entry: TermEntry): boolean {
  if (isAcronym(written)) return false;
  const parts = words(written);
  if (parts.length === 0) return false;
  if (parts.length === 1) return isCommonOccurrence(written, entry);
  return parts.every((part) => !/\d/.test(part.text) && isEverydayWord(part.text.replace(/['’]s$/u, '')));
}

interface Parts {
  index: NotesIndex;
  version: number;
  onlyParts: boolean;
  everydayNames: readonly string[];
}

// A scan asks for every occurrence: the answer is kept per entry for the version of the index it was worked out on.
const partsByEntry = new WeakMap<TermEntry, Parts>();

function partsOf(index: NotesIndex, entry: TermEntry): Parts {
  const kept = partsByEntry.get(entry);
  if (kept && kept.index === index && kept.version === index.version) return kept;
  const onlyParts = entry.definitions.length > 0 && entry.definitions.every((definition) => isPart(index, definition));
  const everydayNames: string[] = [];
  if (onlyParts) {
    for (const uri of new Set(entry.definitions.map((definition) => definition.uri))) {
      for (const part of index.filedDefinitions(uri)) {
        if (part.format !== 'glossary') continue;
        for (const name of [part.term, ...part.aliases]) if (isEverydayName(name)) everydayNames.push(name);
      }
    }
  }
  const parts = { index, version: index.version, onlyParts, everydayNames };
  partsByEntry.set(entry, parts);
  return parts;
}

/** A glossary entry of a note that also defines its own concept (formats/readNote.ts). */
function isPart(index: NotesIndex, definition: IndexedDefinition): boolean {
  return definition.format === 'glossary' && index.filedDefinitions(definition.uri).some((other) => other.format === 'concept');
}

/** A name made of everyday words only (`Closed`, `Half-open`, `Leader election`). */
function isEverydayName(name: string): boolean {
  const parts = words(name);
  return parts.length > 0 && !isAcronym(name) && parts.every((part) => !/\d/.test(part.text) && isEverydayWord(part.text));
}
