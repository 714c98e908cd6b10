// Citations of books: `📙 Kleppmann [112]`, `[Kleppmann 4.128]`, and `[6]` alone, whose book
// the line or the label above it names (`KLEPPMANN`).

import type { Citation, Label } from '../../model';
import { allMatches } from './matching';
import { append, type LineContent, type ParseState } from './parseState';
import { foldSpaces } from './prose';

const BOOK_CITATION = /📙\s*((?:[A-Z][\p{L}'’.-]*)(?:\s+[A-Z][\p{L}'’.-]*)*)(?:\s*\[([\d.,:\s–-]+)\]|\s+(\d[\d.,:–-]*))?/gu;
const BRACKET_CITATION = /\[([A-Z][\p{L}'’.-]*(?:\s+[A-Z][\p{L}'’.-]*)*)\s+(\d[\d.,:–-]*)\](?!\()/gu;
const PAGE_ONLY = /\[(\d[\d.,–-]*)\](?!\()/g;

/** Finds the line's citations, in the order they stand, and keeps them in the note. */
export function readCitations(state: ParseState, at: LineContent): void {
  const { content, contentStart, line } = at;
  const citations: Citation[] = [];
  let lineBook: string | undefined;
  // Each pattern below needs a character that most lines lack: a line without it is not
  // searched.
  const hasBracket = content.includes('[');
  if (!at.ascii && content.includes('📙')) for (const match of allMatches(BOOK_CITATION, content)) {
    const book = match[1].trim();
    lineBook = book;
    state.knownBooks.set(book.toLowerCase(), book);
    const start = contentStart + match.index!;
    citations.push({ book, page: (match[2] ?? match[3])?.replace(/\s+/g, ''), kind: 'book', range: state.lineRange(line, start, start + match[0].length) });
  }
  if (hasBracket) for (const match of allMatches(BRACKET_CITATION, content)) {
    const book = match[1].trim();
    lineBook ??= book;
    state.knownBooks.set(book.toLowerCase(), book);
    const start = contentStart + match.index!;
    citations.push({ book, page: match[2], kind: 'bracket', range: state.lineRange(line, start, start + match[0].length) });
  }
  // Book and bracket citations by start. Page-only matches come in order, so one pointer walks
  // these once; checking every citation again for each match was quadratic on a line of `[1]`s.
  const named = hasBracket ? citations.map((c) => [c.range.start.character, c.range.end.character]).sort((a, b) => a[0] - b[0]) : [];
  let nextNamed = 0;
  if (hasBracket) for (const match of allMatches(PAGE_ONLY, content)) {
    const start = contentStart + match.index!;
    const { start: from, end: to } = state.lineRange(line, start, start + match[0].length);
    // `[1:12:30]` is a timestamp, and `[x]` right after a citation's own page is that citation.
    while (nextNamed < named.length && named[nextNamed][1] <= from.character) nextNamed++;
    if (nextNamed < named.length && named[nextNamed][0] < to.character) continue;
    const citation: Citation = { book: lineBook ?? '', page: match[1], kind: 'page-only', range: state.lineRange(line, start, start + match[0].length) };
    citations.push(citation);
    if (!lineBook) state.pendingPageOnly.push({ citation, line });
  }
  if (citations.length > 1) citations.sort((a, b) => a.range.start.character - b.range.start.character);
  append(state.note.citations, citations);
  at.citations = citations;
}

/**
 * Settles, once every label is known, the book of each `[6]` that its line did not name:
 * `[6]` under the label KLEPPMANN cites the book that the label names. A page with no book
 * is no citation, and is dropped.
 */
export function settlePageOnlyCitations(state: ParseState): void {
  const note = state.note;
  const labels = note.sections.flatMap((s) => s.labels);
  for (const { citation, line } of state.pendingPageOnly) {
    const governing = labelGoverning(labels, line);
    const book = governing ? state.knownBooks.get(governing.name.toLowerCase()) : undefined;
    citation.book = book ?? '';
  }
  note.citations = note.citations.filter((c) => c.book !== '');
  for (const definition of note.definitions) definition.citations = definition.citations.filter((c) => c.book !== '');
}

/**
 * The label whose scope holds `line`. Labels are in document order and their scopes do not
 * overlap, so a binary search finds it: a linear search for each of 100,000 citations under
 * as many labels was quadratic.
 */
function labelGoverning(labels: Label[], line: number): Label | undefined {
  let low = 0;
  let high = labels.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (labels[middle].scope.start.line <= line) low = middle;
    else high = middle - 1;
  }
  const label = labels[low];
  return label && label.scope.start.line <= line && line <= label.scope.end.line ? label : undefined;
}

/**
 * A definition's text without its citations, which are shown apart, as a reader writes them.
 * `text` is folded already (plainText's), so only text that lost a citation is folded again.
 */
export function withoutCitations(text: string): string {
  // Most definitions cite nothing: each pattern runs only when its marker is there.
  let cleaned = text;
  if (cleaned.includes('📙')) cleaned = cleaned.replace(BOOK_CITATION, ' ');
  if (cleaned.includes('[')) cleaned = cleaned.replace(BRACKET_CITATION, ' ').replace(PAGE_ONLY, ' ');
  return cleaned === text ? text : foldSpaces(cleaned);
}
