// The block structure that Markdown itself defines, from markdown-it: fenced and indented code,
// HTML blocks, headings and thematic breaks. Everything else is the dialect's, read line by
// line (parser.ts): a `📚` line directly under a list item is a lazy continuation to Markdown,
// but a new group to the author.

import MarkdownIt from 'markdown-it';
import type { Token as MarkdownToken } from 'markdown-it';

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

/**
 * Lets a markdown-it instance whose token fields are only read (never rendered) make its block
 * tokens as PlainTokens too: the glossary reader's parse (formats/glossary) shares the saving.
 */
export function usePlainBlockTokens(parser: { block: { State: unknown } }): void {
  parser.block.State = BlockState;
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
