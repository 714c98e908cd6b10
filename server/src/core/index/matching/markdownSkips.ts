// The ranges a Markdown scan skips (see ScanOptions.markdown): YAML front matter, fenced and
// indented code blocks, inline code spans, HTML comments and tags (with their attributes),
// autolinks, link destinations, reference definitions and labels, and URLs. A term written there is code or an address, not a mention. Each
// function appends [start, end) pairs to `out`; markdownSkips returns them sorted and merged.

import { isAsciiWordChar, urlEnd } from './urlSkips';

/** Sorted, merged ranges that a Markdown scan skips (see ScanOptions.markdown). */
export function markdownSkips(text: string): number[] {
  const ranges: number[] = [];
  const matter = frontMatterEnd(text);
  if (matter > 0) ranges.push(0, matter);
  const code = codeBlocks(text, ranges);
  const searches: Searches = { commentEnd: new ForwardSearch(text, '-->'), angleClose: new ForwardSearch(text, '>'), lineEnd: new ForwardSearch(text, '\n') };
  let from = 0;
  for (let index = 0; index < code.length; index += 2) {
    inlineSkips(text, from, code[index], ranges, searches);
    from = code[index + 1];
  }
  inlineSkips(text, from, text.length, ranges, searches);
  return sortAndMerge(ranges);
}

const FRONT_MATTER_OPEN = /^\uFEFF?---[ \t]*\r?\n/;
const FRONT_MATTER_CLOSE = /^(?:---|\.\.\.)[ \t]*\r?$/m;

/**
 * Where a YAML front matter block (`---` on the first line, up to a line of `---` or `...`)
 * ends, or 0 when the text has none. Its fields (`title: Discovery service protocol`) are
 * metadata, not prose. An unclosed block is no front matter: it is a rule and then text.
 */
function frontMatterEnd(text: string): number {
  const open = FRONT_MATTER_OPEN.exec(text);
  if (!open) return 0;
  const body = text.slice(open[0].length);
  const close = FRONT_MATTER_CLOSE.exec(body);
  return close ? open[0].length + close.index + close[0].length : 0;
}

function sortAndMerge(ranges: number[]): number[] {
  const pairs: [number, number][] = [];
  for (let index = 0; index < ranges.length; index += 2) pairs.push([ranges[index], ranges[index + 1]]);
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: number[] = [];
  for (const [start, end] of pairs) {
    const last = merged.length - 1;
    if (last > 0 && start <= merged[last]) merged[last] = Math.max(merged[last], end);
    else merged.push(start, end);
  }
  return merged;
}

const FENCE_CHAR_BACKTICK = 0x60;
const FENCE_CHAR_TILDE = 0x7e;
const LIST_ITEM = /^(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)/;
const REFERENCE_DEFINITION = /\[(?:[^\]\\\n]|\\.)+\]:[ \t]*(?:\r?\n[ \t]*)?(<[^>\n]*>|\S+)/y;

/**
 * Appends the fenced and indented code blocks of a text to `out` (and the destinations of
 * reference definitions, found on the same pass) and returns the code blocks alone. An
 * unclosed fence runs to the end of the text, as in CommonMark. Indented code is
 * recognised only where no list is open, since list items indent their own content.
 */
function codeBlocks(text: string, out: number[]): number[] {
  const blocks: number[] = [];
  let fenceChar = 0;
  let fenceLength = 0;
  let blockStart = -1;
  let indentedEnd = -1;
  let previousBlank = true;
  let inList = false;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    let first = lineStart;
    let columns = 0;
    while (first < lineEnd) {
      const code = text.charCodeAt(first);
      if (code === 0x20) columns++;
      else if (code === 0x09) columns += 4 - (columns % 4);
      else break;
      first++;
    }
    const blank = first === lineEnd || (first === lineEnd - 1 && text.charCodeAt(first) === 0x0d);

    if (fenceChar !== 0) {
      if (closesFence(text, first, lineEnd, fenceChar, fenceLength)) {
        blocks.push(blockStart, lineEnd);
        fenceChar = 0;
      }
    } else if (indentedEnd !== -1 && (blank || columns >= 4)) {
      if (!blank) indentedEnd = lineEnd;
    } else {
      if (indentedEnd !== -1) {
        blocks.push(blockStart, indentedEnd);
        indentedEnd = -1;
      }
      if (!blank) {
        const code = text.charCodeAt(first);
        const run = code === FENCE_CHAR_BACKTICK || code === FENCE_CHAR_TILDE ? runLength(text, first, lineEnd, code) : 0;
        if (run >= 3 && !(code === FENCE_CHAR_BACKTICK && text.slice(first + run, lineEnd).includes('`'))) {
          fenceChar = code;
          fenceLength = run;
          blockStart = lineStart;
        } else if (columns >= 4 && previousBlank && !inList) {
          blockStart = lineStart;
          indentedEnd = lineEnd;
        } else {
          const rest = text.slice(first, Math.min(lineEnd, first + 12));
          if (LIST_ITEM.test(rest)) inList = true;
          else if (columns === 0 && (previousBlank || code === 0x23)) inList = false;
          if (code === 0x5b && columns < 4) {
            REFERENCE_DEFINITION.lastIndex = first;
            const definition = REFERENCE_DEFINITION.exec(text);
            // The label (`[api]:`) is a name for the link, not prose, like the destination.
            if (definition) out.push(definition.index, definition.index + definition[0].length);
          }
        }
      }
    }
    previousBlank = blank;
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  if (fenceChar !== 0) blocks.push(blockStart, text.length);
  if (indentedEnd !== -1) blocks.push(blockStart, indentedEnd);
  for (const offset of blocks) out.push(offset);
  return blocks;
}

function runLength(text: string, from: number, to: number, code: number): number {
  let end = from;
  while (end < to && text.charCodeAt(end) === code) end++;
  return end - from;
}

function closesFence(text: string, first: number, lineEnd: number, fenceChar: number, fenceLength: number): boolean {
  const run = runLength(text, first, lineEnd, fenceChar);
  if (run < fenceLength) return false;
  for (let i = first + run; i < lineEnd; i++) {
    const code = text.charCodeAt(i);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0d) return false;
  }
  return true;
}

const INLINE_START = /`+|<|\]\(|\]\[|https?:\/\/|www\./gi;
// An HTML tag with its attributes, on one line: `<a href="…" title="…">`, `</details>`.
const HTML_TAG = /<\/?[A-Za-z][A-Za-z0-9-]{0,31}(?:[ \t]+[^<>\n]{0,1000})?\/?>/y;
// The label of a full reference link, `[text][label]`: a name for the link, not prose.
const REFERENCE_LABEL = /\[(?:[^\]\\\n]|\\.){0,999}\]/y;
const AUTOLINK = /<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>/y;
// A paragraph ends at a blank line or where a line starts another block: a list item, a
// heading, a quote, a fence or a rule. Code spans and link destinations do not cross it.
const BLOCK_BREAK = /\n[ \t]*(?:\r?\n|$|[*+-][ \t]|\d{1,9}[.)][ \t]|#|>|```|~~~|---)/g;

/** Appends the inline code spans, HTML comments, autolinks, link destinations and URLs of text[from, to). */
function inlineSkips(text: string, from: number, to: number, out: number[], searches: Searches): void {
  if (from >= to) return;
  const paragraphs = new ParagraphEnds(text, to);
  // For each backtick run length, the paragraph end up to which no closing run exists:
  // without it, a paragraph full of unmatched backticks would be searched over and over.
  const noCloserBefore = new Map<number, number>();
  INLINE_START.lastIndex = from;
  for (let found = INLINE_START.exec(text); found && found.index < to; found = INLINE_START.exec(text)) {
    const start = found.index;
    const token = found[0];
    if (token.charCodeAt(0) === 0x60) {
      const limit = paragraphs.endAfter(start);
      if (noCloserBefore.get(token.length) === limit) continue;
      const close = closingBackticks(text, start + token.length, limit, token.length);
      if (close === -1) {
        noCloserBefore.set(token.length, limit);
        continue;
      }
      out.push(start, close + token.length);
      INLINE_START.lastIndex = close + token.length;
    } else if (token === '<') {
      if (text.startsWith('<!--', start)) {
        const close = searches.commentEnd.after(start + 4);
        const end = close === -1 || close + 3 > to ? to : close + 3;
        out.push(start, end);
        INLINE_START.lastIndex = end;
        continue;
      }
      AUTOLINK.lastIndex = start;
      const autolink = AUTOLINK.exec(text);
      if (autolink && start + autolink[0].length <= to) {
        out.push(start, start + autolink[0].length);
        INLINE_START.lastIndex = start + autolink[0].length;
        continue;
      }
      HTML_TAG.lastIndex = start;
      const tag = HTML_TAG.exec(text);
      if (tag && start + tag[0].length <= to) {
        out.push(start, start + tag[0].length);
        INLINE_START.lastIndex = start + tag[0].length;
      }
    } else if (token === '][') {
      REFERENCE_LABEL.lastIndex = start + 1;
      const label = REFERENCE_LABEL.exec(text);
      if (label && start + 1 + label[0].length <= to) {
        out.push(start + 1, start + 1 + label[0].length);
        INLINE_START.lastIndex = start + 1 + label[0].length;
      }
    } else if (token === '](') {
      const end = linkDestinationEnd(text, start + 2, paragraphs.endAfter(start), searches);
      if (end !== -1) {
        out.push(imageStart(text, start) ?? start + 1, end);
        INLINE_START.lastIndex = end;
      }
    } else {
      if (start > 0 && isAsciiWordChar(text.charCodeAt(start - 1))) continue;
      const end = urlEnd(text, start, to);
      if (end > start + token.length) {
        out.push(start, end);
        INLINE_START.lastIndex = end;
      }
    }
  }
}

/**
 * Where the image `![alt](…)` whose `](` stands at `bracket` starts, when its alt text is one
 * token without spaces (`server-learner-figure-01`): a file name, not prose, skipped whole.
 * Alt text written as words ("Diagram of two replicas") is read in the source like any
 * sentence and stays searched. Undefined for a link or such an image.
 */
function imageStart(text: string, bracket: number): number | undefined {
  const open = text.lastIndexOf('[', bracket - 1);
  if (open < 1 || text.charCodeAt(open - 1) !== 0x21 || bracket - open > 256) return undefined;
  return /^[^\s\]]*$/.test(text.slice(open + 1, bracket)) ? open - 1 : undefined;
}

/**
 * Where a string next occurs at or after a position. Positions mostly move forward, so the
 * last answer is kept and reused while it still lies ahead: many openers (`<!--`, `](<`)
 * before one far closer then cost one search, not one each.
 */
class ForwardSearch {
  private from = -1;
  private found = -1;

  constructor(
    private readonly text: string,
    private readonly needle: string,
  ) {}

  after(position: number): number {
    if (position >= this.from && this.from !== -1 && (this.found === -1 || this.found >= position)) return this.found;
    this.from = position;
    this.found = this.text.indexOf(this.needle, position);
    return this.found;
  }
}

interface Searches {
  commentEnd: ForwardSearch;
  angleClose: ForwardSearch;
  lineEnd: ForwardSearch;
}

/** Finds paragraph ends (see BLOCK_BREAK) lazily, for positions that only move forward. */
class ParagraphEnds {
  private end = -1;
  private readonly breaks = new RegExp(BLOCK_BREAK.source, 'g');

  constructor(
    private readonly text: string,
    private readonly limit: number,
  ) {}

  endAfter(position: number): number {
    if (position < this.end) return this.end;
    this.breaks.lastIndex = position;
    const found = this.breaks.exec(this.text);
    this.end = found && found.index < this.limit ? found.index : this.limit;
    return this.end;
  }
}

/** The start of the next run of exactly `length` backticks in text[from, limit), or -1. */
function closingBackticks(text: string, from: number, limit: number, length: number): number {
  let at = text.indexOf('`', from);
  while (at !== -1 && at < limit) {
    const run = runLength(text, at, limit, FENCE_CHAR_BACKTICK);
    if (run === length) return at;
    at = text.indexOf('`', at + run);
  }
  return -1;
}

const LONGEST_LINK_TITLE = 1000;
const LONGEST_LINK_DESTINATION = 4096;
const DEEPEST_LINK_PARENTHESES = 32;

/**
 * The end (after `)`) of an inline link's destination and title that start at `from`
 * (just after `](`), or -1 when what follows is no link destination.
 */
function linkDestinationEnd(text: string, from: number, limit: number, searches: Searches): number {
  let i = skipLinkSpace(text, from, limit);
  if (text.charCodeAt(i) === 0x3c) {
    const close = searches.angleClose.after(i + 1);
    if (close === -1 || close >= limit) return -1;
    const lineEnd = searches.lineEnd.after(i + 1);
    if (lineEnd !== -1 && lineEnd < close) return -1;
    i = close + 1;
  } else {
    // Bounded like CommonMark implementations bound nesting, so that text full of `](`
    // (each one opening a parenthesis for the previous) is not read again by every opener.
    const searchEnd = Math.min(limit, i + LONGEST_LINK_DESTINATION);
    let depth = 0;
    while (i < searchEnd) {
      const code = text.charCodeAt(i);
      if (code === 0x5c) i++;
      else if (code === 0x28) {
        if (++depth > DEEPEST_LINK_PARENTHESES) return -1;
      } else if (code === 0x29) {
        if (depth === 0) break;
        depth--;
      } else if (code <= 0x20) break;
      i++;
    }
  }
  i = skipLinkSpace(text, i, limit);
  const quote = text.charCodeAt(i);
  if (quote === 0x22 || quote === 0x27 || quote === 0x28) {
    // Titles are short: a bounded search keeps many unclosed `](x "` from costing quadratic time.
    const closing = quote === 0x28 ? 0x29 : quote;
    const searchEnd = Math.min(limit, i + 1 + LONGEST_LINK_TITLE);
    let close = i + 1;
    while (close < searchEnd && text.charCodeAt(close) !== closing) close++;
    if (close >= searchEnd) return -1;
    i = skipLinkSpace(text, close + 1, limit);
  }
  return i < limit && text.charCodeAt(i) === 0x29 ? i + 1 : -1;
}

function skipLinkSpace(text: string, from: number, limit: number): number {
  let i = from;
  let lineBreaks = 0;
  while (i < limit) {
    const code = text.charCodeAt(i);
    if (code === 0x0a && ++lineBreaks > 1) break;
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) break;
    i++;
  }
  return i;
}
