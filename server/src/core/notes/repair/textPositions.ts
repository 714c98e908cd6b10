// Reading the input by position: the line an offset lies on (found by binary search over the
// line starts) and the code points on either side of an offset.

import { LineIndex } from '../../text/lines';

/**
 * Line boundaries, found once, so that asking for a spot's line costs a binary search. Lines
 * end at `\n`, `\r\n` or a lone `\r`, as editors and markdown-it count them: a file with
 * classic Mac line ends is as many lines as the editor shows, not one line on which a single
 * clean emoji would keep every damaged run from counting as damage.
 */
export class Lines {
  private readonly index: LineIndex;

  constructor(input: string) {
    this.index = new LineIndex(input);
  }

  lineOf(offset: number): number {
    return lastAtOrBefore(this.index.starts, offset);
  }

  start(line: number): number {
    return this.index.starts[line];
  }

  /** Where the line's text ends, before its line break. */
  end(line: number): number {
    return this.index.lineEnd(line);
  }

  text(line: number): string {
    return this.index.lineText(line);
  }
}

/** Index of the last element <= value in an ascending array, or -1. */
export function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] <= value) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** The code point ending just before `offset`, or -1 at the start. */
export function codePointBefore(text: string, offset: number): number {
  if (offset <= 0) return -1;
  const low = text.charCodeAt(offset - 1);
  if (low >= 0xdc00 && low <= 0xdfff && offset >= 2) {
    const high = text.charCodeAt(offset - 2);
    if (high >= 0xd800 && high <= 0xdbff) return (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  }
  return low;
}

/** The code point starting at `offset`, or -1 at the end. */
export function codePointAt(text: string, offset: number): number {
  return offset < text.length ? (text.codePointAt(offset) ?? -1) : -1;
}
