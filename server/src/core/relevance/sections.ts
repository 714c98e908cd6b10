// A doc's own headings say what each of its sections is about. Under "### Test Plan", the
// "tests", "e2e test" and "tested" of a KEP are software testing, though the doc as a whole is
// about probes or watches and their windows hold only everyday words ("unit", "integration"):
// the writer filed them under the subject a vault's `Testing` note is about.

import type { TermEntry } from '../index/notesIndex';
import { phraseKey } from '../text/normalize';
import { insideSkippedMarkup } from './markup';
import { isFunctionWord } from './vocabulary';

/** One ATX heading of a doc: where its line starts, its level, and its words' keys. */
interface Heading {
  start: number;
  level: number;
  keys: ReadonlySet<string>;
}

/** An ATX heading's opening hashes; the rest of its line is its text (closing hashes make no words). */
const ATX_HEADING = /^ {0,3}(#{1,6})(?=[ \t]|$)/;

/** The doc's ATX headings in order, those in code blocks and other skipped markup left out; kept for the last text asked about. */
function headingsOf(text: string): readonly Heading[] {
  if (lastHeadings?.text === text) return lastHeadings.headings;
  const headings: Heading[] = [];
  for (let lineStart = 0; lineStart <= text.length; ) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const heading = ATX_HEADING.exec(line);
    if (heading && !insideSkippedMarkup(text, lineStart + heading[0].length - 1, true)) {
      headings.push({ start: lineStart, level: heading[1].length, keys: contentKeys(line.slice(heading[0].length)) });
    }
    lineStart = lineEnd + 1;
  }
  lastHeadings = { text, headings };
  return headings;
}

let lastHeadings: { text: string; headings: readonly Heading[] } | undefined;

function contentKeys(phrase: string): Set<string> {
  return new Set(phraseKey(phrase).split(' ').filter((key) => key !== '' && !isFunctionWord(key)));
}

/**
 * True when the occurrence at `start` stands in a section of the doc (its heading's line
 * included) whose heading, or a heading above it short of the doc's title (`#`), holds every word of the title of the vault
 * note the entry names: "Test Plan" for `Testing`, "Health checks" for `Health check`. Only a
 * concept note's title: a note on that subject as a whole, not one sense a notes collection
 * gives an everyday word ("## Project layout" is no section on project management).
 */
export function inSectionNamingTitle(text: string, start: number, entry: TermEntry): boolean {
  const titles = conceptTitleKeys(entry);
  if (titles.length === 0) return false;
  const headings = headingsOf(text);
  let low = 0;
  let high = headings.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (headings[middle].start <= start) low = middle + 1;
    else high = middle;
  }
  // From the section's own heading up through the headings above it, each of a lower level,
  // short of the doc's title: "# Checkout service design" names what kind of doc it is, not a
  // subject its every "design" is about.
  let level = 7;
  for (let at = low - 1; at >= 0 && level > 2; at--) {
    const heading = headings[at];
    if (heading.level >= level) continue;
    level = heading.level;
    if (level > 1 && titles.some((title) => title.every((key) => heading.keys.has(key)))) return true;
  }
  return false;
}

/**
 * The content word keys of each concept-note title the entry holds (none for other formats).
 * Kept per entry: a scan asks for every occurrence, and a term may have 150,000 definitions.
 */
function conceptTitleKeys(entry: TermEntry): readonly string[][] {
  let titles = titlesByEntry.get(entry);
  if (!titles) {
    const found: string[][] = [];
    const seen = new Set<string>();
    for (const definition of entry.definitions) {
      if (definition.format !== 'concept' || seen.has(definition.term)) continue;
      seen.add(definition.term);
      const keys = [...contentKeys(definition.term)];
      if (keys.length > 0) found.push(keys);
    }
    titlesByEntry.set(entry, (titles = found));
  }
  return titles;
}

const titlesByEntry = new WeakMap<TermEntry, readonly string[][]>();
