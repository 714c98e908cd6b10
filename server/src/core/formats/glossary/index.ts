// Glossary conventions inside any Markdown note (docs/FORMATS.md, "Glossary pages"): bold
// leads, definition lists, glossary tables and headings under a Glossary heading, each read by
// its own module from one markdown-it parse. Code blocks are never read (markdown-it's fences
// and indented code hold no paragraphs, tables or lists) and front matter is blanked first.

import MarkdownIt from 'markdown-it';
import deflist from 'markdown-it-deflist';
import type { Definition, NoteProblem, SectionPath } from '../../model';
import { boundBlockquoteScans, limitBlockNesting, usePlainBlockTokens } from '../dialect/blocks';
import { boldLeadEntries } from './boldLeads';
import { definitionListEntries } from './definitionLists';
import { definesTerm, toDefinition, type GlossaryPage } from './entries';
import { headingEntries, headingName } from './headings';
import { tableEntries } from './tables';

// The default preset has GFM tables; raw HTML stays text, never a block that hides entries.
const markdown = new MarkdownIt('default', { html: false, linkify: false }).use(deflist);
// Only block structure is needed: the conventions read an inline token's source text
// (entries.ts), so markdown-it's inline pass would be work thrown away.
markdown.core.ruler.disable(['inline', 'text_join']);
usePlainBlockTokens(markdown);
// The 'default' preset's own bound: 50 nested lists.
limitBlockNesting(markdown, 100);
boundBlockquoteScans(markdown);

/** At most this many glossary definitions are read from one note. */
export const MAX_GLOSSARY_ENTRIES = 50_000;

/**
 * The glossary entries of a Markdown note, as definitions of kind 'term' and format 'glossary'.
 * Entries past MAX_GLOSSARY_ENTRIES are left out, and a problem pushed to `problems` says so.
 */
export function readGlossaryEntries(uri: string, text: string, problems?: NoteProblem[]): Definition[] {
  return mayHoldGlossaryEntries(text) ? parseGlossaryEntries(uri, text, problems) : [];
}

/** A line a definition list needs: a `:` or `~` marker first on it, after any quote marks, list markers and indentation. */
const DEFINITION_MARKER = /^(?:[ \t>]|(?:[-*+]|\d{1,9}[.)])[ \t])*[:~]/m;
/**
 * A table's delimiter row with at least two columns (a glossary table has a term and a
 * definition column): only pipes, dashes, colons and blanks after the quote marks, one pipe at least.
 */
const TABLE_DELIMITER = /^[ \t>|:-]*\|[ \t>|:-]*$/m;
/** Every name a glossary heading can have (headings.ts) holds one of these words. */
const GLOSSARY_WORD = /glossary|definitions|terms|terminology|vocabulary/i;

/**
 * Whether a note can hold any glossary entry at all, by a scan of its text: a bold lead needs
 * `**` or `__`, a definition list a line led by `:` or `~`, a table its delimiter row, a
 * heading entry a Glossary-like heading above it. Conservative: when it says no, the full
 * read (parseGlossaryEntries) finds nothing either, and most notes are spared a markdown-it pass.
 */
export function mayHoldGlossaryEntries(text: string): boolean {
  if (text.includes('**') || text.includes('__') || DEFINITION_MARKER.test(text) || TABLE_DELIMITER.test(text)) return true;
  if (GLOSSARY_WORD.test(text)) return true;
  // A heading's name is compared without its emphasis and code marks (`## *Glossary*`, `## Gloss_ary_`).
  return /[*_`]/.test(text) && GLOSSARY_WORD.test(text.replace(/[*_`]/g, ''));
}

/** The glossary entries of a Markdown note, read with markdown-it whatever its text. */
export function parseGlossaryEntries(uri: string, text: string, problems?: NoteProblem[]): Definition[] {
  // The same lines markdown-it and editors count: `\n`, `\r\n` or a lone `\r`.
  const lines = text.split(/\r\n?|\n/);
  blankFrontMatter(lines);
  const tokens = markdown.parse(lines.join('\n'), {});
  const page: GlossaryPage = { uri, lines, tokens, sectionPathAt: sectionPaths(tokens) };
  const lists = definitionListEntries(page);
  const entries = [...lists.entries, ...boldLeadEntries(page, lists.lines), ...tableEntries(page, problems), ...headingEntries(page)];
  entries.sort((a, b) => a.termLine - b.termLine || (a.termFrom ?? 0) - (b.termFrom ?? 0));
  const definitions: Definition[] = [];
  let at = 0;
  for (; at < entries.length && definitions.length < MAX_GLOSSARY_ENTRIES; at++) {
    const definition = toDefinition(page, entries[at]);
    if (definition) definitions.push(definition);
  }
  // The limit is said where the first entry left out stands, with how many are: a note that
  // defines 60,000 terms must not seem to define the first 50,000 alone without a word.
  const leftOut = entries.slice(at).filter(definesTerm);
  if (leftOut.length > 0 && problems) {
    const first = leftOut[0];
    const line = page.lines[first.termLine] ?? '';
    problems.push({
      kind: 'entries-left-out',
      message: `${leftOut.length.toLocaleString('en-US')} more glossary ${leftOut.length === 1 ? 'entry is' : 'entries are'} left out, from this one on: at most ${MAX_GLOSSARY_ENTRIES.toLocaleString('en-US')} are read from one note. Split the note to have them all.`,
      range: { start: { line: first.termLine, character: 0 }, end: { line: first.termLine, character: line.length } },
    });
  }
  return definitions;
}

/** YAML front matter (`---` … `---` or `...` on the first lines) as blank lines: not the page's Markdown. */
function blankFrontMatter(lines: string[]): void {
  if (lines[0]?.trimEnd() !== '---') return;
  for (let line = 1; line < lines.length; line++) {
    if (/^(?:---|\.\.\.)\s*$/.test(lines[line])) {
      lines.fill('', 0, line + 1);
      return;
    }
  }
}

/** For any line, the names of the headings above it, outermost first. */
function sectionPaths(tokens: MarkdownIt.Token[]): (line: number) => SectionPath {
  const starts: number[] = [];
  const paths: SectionPath[] = [];
  const open: { level: number; name: string }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type !== 'heading_open' || !token.map) continue;
    const level = Number(token.tag.slice(1));
    while (open.length > 0 && open[open.length - 1].level >= level) open.pop();
    open.push({ level, name: headingName(tokens[i + 1]?.content ?? '') });
    starts.push(token.map[0]);
    paths.push(open.map((heading) => heading.name));
  }
  return (line) => {
    let low = 0;
    let high = starts.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (starts[mid] <= line) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found < 0 ? [] : paths[found];
  };
}
