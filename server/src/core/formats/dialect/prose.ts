// A line's prose: its text with links cut out and white space folded, as mentions search it
// (model TextLine) and as a definition's text reads.

import type { FoundLink } from './parseState';

/** Text with its links cut out and white space folded; `offset` is where `text` stands in the line. */
export function plainText(text: string, links: readonly FoundLink[], offset: number): string {
  if (links.length === 0) return foldSpaces(text);
  // The text around the links, each piece folded on its own and the pieces joined by one space:
  // the same as cutting each link out for a space and folding the whole, without folding again
  // the double spaces each cut leaves (a piece that folds to nothing leaves no space).
  let result = '';
  let at = 0;
  for (const link of links) {
    const start = link.start - offset;
    if (start < at || start < 0) continue;
    result = joinFolded(result, foldSpaces(text.slice(at, start)));
    at = link.end - offset;
  }
  return joinFolded(result, foldSpaces(text.slice(at)));
}

function joinFolded(before: string, after: string): string {
  return before === '' ? after : after === '' ? before : before + ' ' + after;
}

// White space other than single spaces: trimmed text without any is already folded.
const UNFOLDED_SPACE = /[^\S ]| {2}/;

/**
 * `text.replace(/\s+/g, ' ').trim()`. Most text is already folded but for its ends, and
 * testing for that copies nothing, where the replacement builds a new string of every line.
 */
export function foldSpaces(text: string): string {
  const trimmed = text.trim();
  return UNFOLDED_SPACE.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
}
