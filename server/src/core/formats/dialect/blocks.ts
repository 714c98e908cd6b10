// The block structure that Markdown itself defines, from markdown-it: fenced and indented code,
// HTML blocks, headings and thematic breaks. Everything else is the dialect's, read line by
// line (parser.ts): a `📚` line directly under a list item is a lazy continuation to Markdown,
// but a new group to the author.

import MarkdownIt from 'markdown-it';
import type { MarkdownIt as MarkdownParser, StateBlock, Token as MarkdownToken } from 'markdown-it';

const markdown = new MarkdownIt('commonmark');
// Only block structure is needed: inline parsing is the dialect's job, line by line.
markdown.core.ruler.disable(['inline', 'text_join']);

/**
 * A markdown-it token with the fields and methods of its own Token class, made by plain
 * assignment. markdown-it's package sets each field of a Token through a helper call (its class
 * fields, compiled for older engines): eleven calls a token, which were half the cost of its
 * block pass over a note. The block rules only read and write these fields.
 */
class PlainToken {
  map: [number, number] | null = null;
  level = 0;
  children = null;
  content = '';
  markup = '';
  info = '';
  block = false;
  hidden = false;
  attrs = null;
  meta = null;
  constructor(readonly type: string, readonly tag: string, readonly nesting: -1 | 0 | 1) {}
}
// Token's methods (attrGet, attrSet, …) and `instanceof Token`, for any rule that uses them.
Object.setPrototypeOf(PlainToken.prototype, MarkdownIt.Token.prototype);

/** markdown-it's block state, pushing PlainTokens: `push` is the only place block rules make tokens. */
class BlockState extends MarkdownIt.StateBlock {
  override push(type: string, tag: string, nesting: -1 | 0 | 1): MarkdownToken {
    const token = new PlainToken(type, tag, nesting) as unknown as MarkdownToken;
    token.block = true;
    if (nesting < 0) this.level--;
    token.level = this.level;
    if (nesting > 0) this.level++;
    this.tokens.push(token);
    return token;
  }
}
markdown.block.State = BlockState;
// The 'commonmark' preset's own bound (10 nested lists): deeper structure holds nothing more the
// dialect reads, and markdown-it's block quotes cost in proportion to their depth.
limitBlockNesting(markdown, 20);
boundBlockquoteScans(markdown);

/**
 * Lets a markdown-it instance whose token fields are only read (never rendered) make its block
 * tokens as PlainTokens too: the glossary reader's parse (formats/glossary) shares the saving.
 */
export function usePlainBlockTokens(parser: { block: { State: unknown } }): void {
  parser.block.State = BlockState;
}

type BlockRule = (state: StateBlock, startLine: number, endLine: number, silent: boolean) => boolean;

/**
 * Keeps markdown-it's block quotes linear. Its rule first finds how far a quote may reach,
 * taking every following line that no other block would start as a lazy continuation, then
 * parses that much and ends where its content ends. A quoted fence followed by an unquoted line
 * (`> ```` then `x`), repeated, made each quote reach to the end of the note and end two lines
 * later: quadratic, 23 s for a 128 KB note. Here a quote is first offered its own quoted lines
 * and the unquoted ones right after; only when its content runs to that bound (a paragraph
 * continued lazily, then quoted again) is it offered twice as many such runs, and so on. What a
 * quote makes is the same, since it ends where its content ends either way.
 */
export function boundBlockquoteScans(parser: MarkdownParser): void {
  const rules = (parser.block.ruler as unknown as { __rules__: { name: string; fn: BlockRule; alt: string[] }[] }).__rules__;
  const blockquote = rules.find((rule) => rule.name === 'blockquote');
  if (!blockquote) return;
  const original = blockquote.fn;
  parser.block.ruler.at('blockquote', (state, startLine, endLine, silent) => {
    // Asked of every line that starts a block: only a quoted one is worth bounding.
    if (silent || !isQuotedLine(state, startLine)) return original(state, startLine, endLine, silent);
    const tokens = state.tokens.length;
    for (let runs = 1; ; runs *= 2) {
      const { bound, last } = endOfQuotedRuns(state, startLine, endLine, runs);
      if (last) return original(state, startLine, bound, false);
      if (!original(state, startLine, bound, false)) return false;
      if (state.line < bound) return true;
      // The quote's content reached the bound: it may go on past it. Taken back and offered more.
      state.tokens.length = tokens;
      state.line = startLine;
    }
  }, { alt: blockquote.alt });
}

/**
 * Where the quote's scan stands after `runs` runs of quoted lines, each with the unquoted lines
 * after it, or where it stops for good (`last`): at a blank line, at a line another block
 * starts (the rule's own terminators, as it asks them), or at the end. The same stops as the
 * rule's scan, so that bounding it never reads further than it would.
 */
function endOfQuotedRuns(state: StateBlock, startLine: number, endLine: number, runs: number): { bound: number; last: boolean } {
  const terminators = state.md.block.ruler.getRules('blockquote') as unknown as BlockRule[];
  let run = 1;
  let lazy = false;
  for (let line = startLine + 1; line < endLine; line++) {
    if (state.isEmpty(line)) return { bound: line, last: true };
    // A quote goes on at a `>` line that is not outdented, as the rule has it.
    if (state.sCount[line] >= state.blkIndent && startsWithQuoteMark(state, line)) {
      if (lazy) {
        if (run === runs) return { bound: line, last: false };
        run++;
        lazy = false;
      }
      continue;
    }
    if (terminators.some((rule) => rule(state, line, endLine, true))) return { bound: line, last: true };
    lazy = true;
  }
  return { bound: endLine, last: true };
}

/** A line a quote may start on: `>` first, indented less than a code block. */
function isQuotedLine(state: StateBlock, line: number): boolean {
  return state.sCount[line] - state.blkIndent < 4 && startsWithQuoteMark(state, line);
}

function startsWithQuoteMark(state: StateBlock, line: number): boolean {
  return state.src.charCodeAt(state.bMarks[line] + state.tShift[line]) === 0x3e;
}

/** What leads a line inside containers too deep to open: blanks, quote marks, list markers. */
const DEEP_LINE_PREFIX = /^(?:[ \t>]|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))*/;
/** A fence's opening line, as CommonMark has it: a backtick fence's info holds no backtick. */
const FENCE_OPENING = /^(?:(`{3,})(?!.*`)|(~{3,}))/s;
/** A fence's closing line, after the quote marks of containers too deep to open. */
const FENCE_CLOSING = /^[ \t>]*(`{3,}|~{3,})[ \t]*$/;

/**
 * Makes a markdown-it instance read what is nested deeper than `deepestLevel` (in markdown-it's
 * levels: a list and its item are two) line by line, the containers there left unopened. At its
 * own `maxNesting`, markdown-it stops and skips to the end of the enclosing call, which for a
 * list item is the end of the note: a list 10 levels deep (the 'commonmark' preset's 20) made
 * every later fence prose, and 50 levels in a glossary lost every later entry. Here nothing
 * opens past the bound, so `maxNesting` is never met and how deep a block is never changes how
 * the lines after it are read. Past the bound a fence is still code (the dialect never scans
 * one), up to its closing line or the end of the container it stands in, as markdown-it ends
 * it; any other line is a paragraph, with the lazy lines a block quote gives it. The bound also
 * keeps markdown-it's recursion, a few frames a level, far from the stack's end (some thousands).
 * Called after the plugins are added, so that their block rules come after this one.
 */
export function limitBlockNesting(parser: MarkdownParser, deepestLevel: number): void {
  parser.block.ruler.before('table', 'nesting_limit', (state, startLine, endLine, silent) => {
    // No other rule's terminator (no `alt`), so never asked in silent mode: it only takes lines.
    if (silent || state.level < deepestLevel) return false;
    const text = lineText(state, startLine).replace(DEEP_LINE_PREFIX, '');
    const fence = FENCE_OPENING.exec(text);
    if (!fence) {
      // A block quote marks the lines that continue its paragraph lazily with a negative indent.
      let line = startLine + 1;
      while (line < endLine && state.sCount[line] < 0 && !state.isEmpty(line)) line++;
      state.push('paragraph_open', 'p', 1).map = [startLine, line];
      const inline = state.push('inline', '', 0);
      inline.content = text;
      inline.map = [startLine, line];
      inline.children = [];
      state.push('paragraph_close', 'p', -1);
      state.line = line;
      return true;
    }
    const marker = fence[1] ?? fence[2];
    let line = startLine + 1;
    for (; line < endLine; line++) {
      if (state.isEmpty(line)) continue;
      if (state.sCount[line] < state.blkIndent) break;
      const closing = FENCE_CLOSING.exec(lineText(state, line));
      if (closing && closing[1][0] === marker[0] && closing[1].length >= marker.length) {
        line++;
        break;
      }
    }
    const token = state.push('fence', 'code', 0);
    token.markup = marker;
    token.info = text.slice(marker.length).trim();
    token.map = [startLine, line];
    state.line = line;
    return true;
  });
  // A container opened just under the bound puts its content two levels deeper, where this
  // rule takes every line: markdown-it's cut is set past that.
  parser.set({ maxNesting: deepestLevel + 3 });
}

/** A line's text after what the containers around it have taken. */
function lineText(state: StateBlock, line: number): string {
  return state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
}

export type LineKind = 'text' | 'blank' | 'code' | 'heading' | 'break' | 'html';

export interface BlockLines {
  kinds: LineKind[];
  headingLevel: Map<number, number>;
}

/** Classifies each line with markdown-it's block parser. */
export function classifyLines(text: string, lineCount: number): BlockLines {
  const kinds: LineKind[] = new Array(lineCount).fill('text');
  const headingLevel = new Map<number, number>();
  for (const token of markdown.parse(text, {})) {
    if (!token.map) continue;
    const [from, to] = token.map;
    if (token.type === 'fence' || token.type === 'code_block') kinds.fill('code', from, to);
    else if (token.type === 'html_block') kinds.fill('html', from, to);
    else if (token.type === 'hr') kinds[from] = 'break';
    else if (token.type === 'heading_open') {
      kinds[from] = 'heading';
      headingLevel.set(from, Number(token.tag.slice(1)));
      // A setext heading's underline belongs to the heading, not to the dialect's `---` split.
      if (to - from > 1) kinds.fill('heading', from + 1, to);
    }
  }
  return { kinds, headingLevel };
}
