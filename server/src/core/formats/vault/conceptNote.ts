// A concept note (Obsidian, Foam, Dendron, zk, a plain folder of Markdown): the note is one
// term. Its name is the frontmatter `title`, else a leading `# ` heading, else the file name
// (Dendron's `a.b.c.md`: the last segment); other names from `aliases` or `alias`; its
// definition is `description`, `desc` or `summary`, else the body's first paragraph. The
// body is read as any Markdown note (links, prose lines for mentions), but its headings are
// structure, not terms: a meeting note's "Action items" defines nothing.

import type { Definition, Note, NoteProblem, Range } from '../../model';
import { hashText, parseNote } from '../dialect/parser';
import { isChosenConcept, normalizeTag, type ConceptNotesChoice, ALL_CONCEPT_NOTES } from './conceptChoice';
import { readFrontmatter, nameList, stringValue, type Frontmatter } from './frontmatter';
import { readWikilinks, wikilinksAsText } from './wikilinks';
import { splitName } from '../glossary/entries';
import { withoutInlineHtml } from '../../text/inlineHtml';

export interface VaultReadOptions {
  conceptNotes?: ConceptNotesChoice;
}

// `s`: a U+2028 inside a line is the line's text (only CR and LF end a line, as for editors);
// without it `.` stops there, and a title holding one fell back to the file's name.
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/s;
const TAG_LINE = /^\s*(?:#[\p{L}\p{N}_\/-]+\s*)+$/u;
const IMAGE_LINE = /^\s*!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])?\s*$|^\s*!\[\[[^\]]*\]\]\s*$/;
const CALLOUT_HEADER = /^\s*>\s*\[![\w-]+\][+-]?/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const THEMATIC_BREAK = /^\s{0,3}([-*_])(?:\s*\1){2,}\s*$/;
const HTML_LINE = /^\s*<[^>]+>\s*$/;
/** An inline `#tag`: after a space or the line's start, at least one letter (not `#1`, not a heading). */
const INLINE_TAG = /(?<=^|\s)#([\p{L}\p{N}_\/-]*\p{L}[\p{L}\p{N}_\/-]*)/gu;
/**
 * A placeholder that a template plugin fills in when it makes a note: Obsidian's Templates
 * (`{{title}}`, `{{date:YYYY-MM-DD}}`) and Templater (`<% tp.file.title %>`).
 */
const TEMPLATE_PLACEHOLDER = /\{\{[^{}\n]*\}\}|<%[^\n]*?%>/;
/** A definition longer than this is cut at a word: a hover card shows a summary, the note has the rest. */
const MAX_DEFINITION = 600;

/** A vault note read as one concept. */
export function readConceptNote(uri: string, text: string, options: VaultReadOptions = {}, frontmatter?: Frontmatter, lines: readonly string[] = noteLines(text)): Note {
  frontmatter ??= readFrontmatter(lines);
  const { note, bodyStart } = readBody(uri, text, lines, frontmatter);
  const data = frontmatter?.data ?? {};
  const tags = tagsOf(data, lines, bodyStart);
  const heading = leadingHeading(lines, bodyStart);
  const fmTitle = stringValue(data.title);
  const title = fmTitle ?? heading?.name ?? nameFromFile(uri);
  // A header that could not be read costs the note its aliases, tags and description as well
  // as its title: the problem says so, and by which name the note now goes.
  const unread = frontmatter?.problems.find((problem) => problem.kind === 'frontmatter');
  if (unread && Object.keys(data).length === 0) unread.message += `${/[.!?]$/.test(unread.message) ? '' : '.'} None of its fields (title, aliases, tags, description) is read until it is fixed; the note goes by "${title}", its ${heading ? 'heading' : 'file name'}.`;
  const termRange: Range = fmTitle && frontmatter?.ranges.get('title') ? frontmatter.ranges.get('title')! : heading ? heading.range : pointAt(0);
  const description = stringValue(data.description) ?? stringValue(data.desc) ?? stringValue(data.summary);
  const paragraph = description === undefined ? firstParagraph(lines, heading ? heading.range.start.line + 1 : bodyStart) : undefined;
  // A template (`# {{title}}` in the templates folder) is the shape of notes still to come: its
  // title is no one's name, and `{{title}}` would be a term of every vault that keeps one.
  const chosen = !TEMPLATE_PLACEHOLDER.test(title) && isChosenConcept(options.conceptNotes ?? ALL_CONCEPT_NOTES, uri, tags);
  note.vault = { format: 'concept', title, tags, chosen };
  if (chosen) {
    // `Command Query Responsibility Segregation (CQRS)`: the name and its acronym, as a glossary
    // entry so written gives them; the note keeps its title for its wikilinks.
    const named = splitName(title);
    const [term, acronyms] = named.aliases.length > 0 && !named.expansion ? [named.term, named.aliases] : [title, []];
    const aliases = [...acronyms, ...nameList(data.aliases), ...nameList(data.alias)].filter((alias, i, all) => all.indexOf(alias) === i && alias.toLowerCase() !== term.toLowerCase());
    note.definitions.push(conceptDefinition(term, aliases, cut(wikilinksAsText(description ?? paragraph?.text ?? '')), termRange, wholeNote(lines), note));
  }
  return note;
}

/** The note's lines without their `\r`s (read once per note and shared by its readers). */
export function noteLines(text: string): string[] {
  const lines = text.split('\n');
  return text.includes('\r') ? lines.map((line) => line.replace(/\r$/, '')) : lines;
}

/** A definition of a vault note: the shape every vault format shares. */
export function conceptDefinition(term: string, aliases: string[], text: string, termRange: Range, range: Range, note: Note, format: 'concept' | 'note-definitions' = 'concept'): Definition {
  return {
    term, aliases, equivalences: [], text, range, termRange, sectionPath: [], continuation: [],
    // A concept's references are the links written in its note.
    links: note.links.filter((link) => link.range.start.line >= range.start.line && link.range.end.line <= range.end.line),
    citations: [], quotes: [], loose: false, inbox: false, kind: 'term', format,
  };
}

/**
 * The note's body read as Markdown, the frontmatter blanked out so that every position stays
 * the file's: its links, prose lines and headings (as plain headings), its wikilinks, and the
 * frontmatter's problems. None of the dialect's definitions: this is not a dialect note.
 */
export function readBody(uri: string, text: string, lines: readonly string[], frontmatter: Frontmatter | undefined): { note: Note; bodyStart: number } {
  const bodyStart = frontmatter ? frontmatter.endLine + 1 : 0;
  const blanked = frontmatter ? blankLines(text, bodyStart) : text;
  const note = parseNote(uri, blanked);
  note.hash = hashText(text);
  note.definitions = [];
  note.facets = [];
  note.reminders = note.reminders.filter((reminder) => reminder.kind === 'question' || reminder.kind === 'todo');
  note.problems = note.problems.filter((problem: NoteProblem) => problem.kind === 'encoding-damage' || problem.kind === 'encoding-ambiguous' || problem.kind === 'not-utf8');
  if (frontmatter) note.problems.unshift(...frontmatter.problems);
  for (const section of note.sections) {
    section.kind = 'heading';
    section.labels = [];
  }
  note.crossReferences.push(...readWikilinks(lines, bodyStart));
  return { note, bodyStart };
}

/** The text with its first `count` lines emptied (a `\r` kept where a line ended with one): positions below stay the file's. */
export function blankLines(text: string, count: number): string {
  // Where line `count` starts: after the `count`-th `\n` (the whole text when it has fewer lines).
  let bodyFrom = 0;
  for (let line = 0; line < count; line++) {
    const newline = text.indexOf('\n', bodyFrom);
    if (newline === -1) {
      bodyFrom = text.length;
      break;
    }
    bodyFrom = newline + 1;
  }
  const head = text.slice(0, bodyFrom).split('\n').map((line) => (line.endsWith('\r') ? '\r' : '')).join('\n');
  return head + text.slice(bodyFrom);
}

/** Tags from `tags`/`keywords` (a list, or a string of names separated by commas or spaces) and inline `#tag`s. */
function tagsOf(data: Record<string, unknown>, lines: readonly string[], bodyStart: number): string[] {
  const tags = [...nameList(data.tags, /[,\s]+/), ...nameList(data.keywords, /[,\s]+/), ...nameList(data.tag, /[,\s]+/)].map(normalizeTag);
  let fence = false;
  for (let line = bodyStart; line < lines.length; line++) {
    const text = lines[line];
    if (FENCE.test(text)) fence = !fence;
    if (fence || HEADING.test(text) || !text.includes('#')) continue;
    for (const match of text.replace(/`[^`]*`/g, '').matchAll(INLINE_TAG)) tags.push(normalizeTag(match[1]));
  }
  return tags.filter((tag, i) => tag !== '' && tags.indexOf(tag) === i);
}

/** The `# ` heading that opens the body (before any other text), if there is one. */
function leadingHeading(lines: readonly string[], bodyStart: number): { name: string; range: Range } | undefined {
  for (let line = bodyStart; line < lines.length; line++) {
    const text = lines[line];
    if (text.trim() === '' || TAG_LINE.test(text)) continue;
    const heading = HEADING.exec(text);
    if (!heading || heading[1].length !== 1) return undefined;
    const name = withoutInlineHtml(wikilinksAsText(heading[2])).trim();
    if (!name) return undefined;
    const start = text.indexOf(heading[2]);
    return { name, range: { start: { line, character: start }, end: { line, character: start + heading[2].length } } };
  }
  return undefined;
}

/** The first paragraph of prose from `from` on: not a heading, tag line, image, callout header, code or HTML. */
export function firstParagraph(lines: readonly string[], from: number, until = lines.length): { text: string; line: number } | undefined {
  let fence = false;
  const parts: string[] = [];
  let firstLine = -1;
  for (let line = from; line < until; line++) {
    const text = lines[line];
    if (FENCE.test(text)) {
      fence = !fence;
      if (parts.length > 0) break;
      continue;
    }
    if (fence) continue;
    // A callout (`> [!note] Title` and its `>` lines) is an aside, not the note's definition.
    if (CALLOUT_HEADER.test(text)) {
      if (parts.length > 0) break;
      while (line + 1 < until && /^\s*>/.test(lines[line + 1])) line++;
      continue;
    }
    const skipped = text.trim() === '' || HEADING.test(text) || TAG_LINE.test(text) || IMAGE_LINE.test(text) || CALLOUT_HEADER.test(text) || THEMATIC_BREAK.test(text) || HTML_LINE.test(text);
    if (skipped) {
      if (parts.length > 0) break;
      continue;
    }
    if (firstLine === -1) firstLine = line;
    parts.push(text.replace(/^\s*>\s?/, '').replace(/^\s*(?:[*+-]|\d+[.)])\s+/, '').trim());
  }
  // Tags written at the end of the paragraph file the note; they are not part of its definition.
  return parts.length > 0 ? { text: parts.join(' ').replace(/(?:\s+#[\p{L}\p{N}_\/-]+)+\s*$/u, ''), line: firstLine } : undefined;
}

/** The note's name from its file: `Idempotency.md` → Idempotency; Dendron's `db.sql.joins.md` → joins. */
export function nameFromFile(uri: string): string {
  let base = uri.replace(/[?#].*$/, '').split(/[\\/]/).pop() ?? uri;
  try {
    base = decodeURIComponent(base);
  } catch {
    // Left as written.
  }
  base = base.replace(/\.(md|markdown)$/i, '');
  // Dendron: dots make a hierarchy; the last segment names the note. A name that is a version or
  // an abbreviation (`v1.2`, `e.g.`) has no such segment of letters and is kept whole.
  const segments = base.split('.');
  const last = segments[segments.length - 1];
  return segments.length > 1 && /\p{L}{2,}/u.test(last) ? last : base;
}

function cut(text: string): string {
  if (text.length <= MAX_DEFINITION) return text;
  const at = text.lastIndexOf(' ', MAX_DEFINITION);
  return `${text.slice(0, at > MAX_DEFINITION / 2 ? at : MAX_DEFINITION)}…`;
}

function pointAt(line: number): Range {
  return { start: { line, character: 0 }, end: { line, character: 0 } };
}

function wholeNote(lines: readonly string[]): Range {
  const last = Math.max(0, lines.length - 1);
  return { start: { line: 0, character: 0 }, end: { line: last, character: lines[last]?.length ?? 0 } };
}
