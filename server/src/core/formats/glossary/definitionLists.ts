// Definition lists (PHP Markdown Extra, Pandoc, Python-Markdown, MkDocs):
//
//     Term A
//     Term B        several terms share the definitions below
//     :   def 1
//     :   def 2     several definitions per term
//
// markdown-it-deflist reads a one-line term over its `:` lines. It leaves several term lines to
// the paragraph rule, which takes the `:` lines in as lazy continuation: such a paragraph is
// read here line by line.

import type { Token } from 'markdown-it';
import type { GlossaryEntry, GlossaryPage } from './entries';

/** A `:` line of the page, whatever it holds (`s`: a U+2028 inside is no line end, see boldLeads.ts). */
const DEFINITION_LINE = /^ {0,3}:(?:\s+(.*))?$/s;

export function definitionListEntries(page: GlossaryPage): { entries: GlossaryEntry[]; lines: Set<number> } {
  const entries: GlossaryEntry[] = [];
  const lines = new Set<number>();
  const { tokens } = page;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type === 'dl_open') i = readList(page, tokens, i, entries, lines);
    else if (token.type === 'paragraph_open' && token.map) readTermLinesParagraph(page, token.map, entries, lines);
  }
  return { entries, lines };
}

/** One `dl`: runs of `dt` followed by runs of `dd`. Returns the index of its `dl_close`. */
function readList(page: GlossaryPage, tokens: Token[], open: number, entries: GlossaryEntry[], lines: Set<number>): number {
  let terms: { text: string; line: number }[] = [];
  let definitions: string[] = [];
  let endLine = 0;
  let depth = 0;
  const flush = () => {
    if (terms.length > 0) {
      const [first, ...others] = terms;
      entries.push({ term: first.text, aliases: others.map((t) => t.text), text: definitions[0] ?? '', more: definitions.slice(1), termLine: first.line, startLine: first.line, endLine: Math.max(endLine, first.line) });
      for (let line = first.line; line <= endLine; line++) lines.add(line);
    }
    terms = [];
    definitions = [];
  };
  let i = open;
  for (; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type === 'dl_open') depth++;
    else if (token.type === 'dl_close' && --depth === 0) break;
    if (depth !== 1) continue;
    if (token.type === 'dt_open' && token.map) {
      if (definitions.length > 0) flush();
      const inline = tokens[i + 1];
      terms.push({ text: inline?.type === 'inline' ? inline.content : '', line: token.map[0] });
    } else if (token.type === 'dd_open' && token.map) {
      // The definition's own paragraphs, in order; a nested list inside it is kept as text.
      const parts: string[] = [];
      let inner = 0;
      for (let j = i + 1; j < tokens.length; j++) {
        if (tokens[j].type === 'dd_open') inner++;
        if (tokens[j].type === 'dd_close' && inner-- === 0) break;
        if (tokens[j].type === 'inline') parts.push(tokens[j].content);
      }
      definitions.push(parts.join('\n'));
      endLine = Math.max(endLine, token.map[1] - 1);
    }
  }
  flush();
  return i;
}

/** A paragraph of term lines then `:` lines: what markdown-it-deflist leaves as a paragraph. */
function readTermLinesParagraph(page: GlossaryPage, [from, to]: [number, number], entries: GlossaryEntry[], lines: Set<number>): void {
  let terms: { text: string; line: number }[] = [];
  let definitions: string[] = [];
  let start = from;
  const flush = (endLine: number) => {
    if (terms.length > 0 && definitions.length > 0) {
      const [first, ...others] = terms;
      entries.push({ term: first.text, aliases: others.map((t) => t.text), text: definitions[0], more: definitions.slice(1), termLine: first.line, startLine: start, endLine });
      for (let line = start; line <= endLine; line++) lines.add(line);
    }
    terms = [];
    definitions = [];
  };
  for (let line = from; line < to; line++) {
    const text = page.lines[line] ?? '';
    const definition = DEFINITION_LINE.exec(text);
    if (definition) {
      if (terms.length === 0) return;
      definitions.push(definition[1] ?? '');
    } else if (definitions.length > 0 && /^\s{2,}\S/.test(text)) {
      definitions[definitions.length - 1] += '\n' + text.trim();
    } else {
      if (definitions.length > 0) flush(line - 1);
      if (terms.length === 0) start = line;
      terms.push({ text: text.trim(), line });
    }
  }
  flush(to - 1);
}
