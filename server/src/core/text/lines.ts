// Offsets, lines and positions. The parser reads repaired text but every range it
// reports must point at the file as it is on disk, so positions are made in two steps:
// repaired offset → original offset (from the repair) → original line and UTF-16 column.

import type { Position, Range } from '../model';

/**
 * Line starts of a text, for offset ⇄ position conversion by binary search. A line ends at
 * `\n`, `\r\n` or a lone `\r`, as editors (LSP) and markdown-it count lines: counting `\n`
 * alone put every position after a lone CR on the wrong line, and misaligned the parser's
 * lines with markdown-it's block map.
 */
export class LineIndex {
  readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    // Read by character codes, not by a regular expression's matches: an object per line
    // made the line starts of a cold index cost as much as hashing the notes.
    if (!text.includes('\r')) {
      for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code === 10) starts.push(i + 1);
        else if (code === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.starts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    const end = this.lineEnd(position.line);
    return Math.min(start + Math.max(0, position.character), end);
  }

  /** Offset of the end of a line, before its `\r\n`, `\n` or `\r`. */
  lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    return next > this.starts[line] && this.text.charCodeAt(next - 1) === 13 ? next - 1 : next;
  }

  lineText(line: number): string {
    return this.text.slice(this.starts[line], this.lineEnd(line));
  }
}

export function rangeContains(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/**
 * A copy of a string that does not keep the note's text alive. Strings cut from a longer one
 * may share its memory (V8 keeps a cut of 13 characters or more as a view of the whole): a
 * term kept from a note would keep the note's whole text in the heap.
 */
export function detach(text: string): string {
  if (text.length < 13) return text;
  // Through UTF-8 the copy is stored one byte a character when it can be; text with a lone
  // surrogate would not survive that trip, and is copied as it is.
  return text.isWellFormed() ? Buffer.from(text, 'utf8').toString('utf8') : (' ' + text).slice(1);
}
