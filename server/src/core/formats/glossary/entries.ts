// What every glossary convention shares: the page as markdown-it tokens with its lines and
// sections, and the step from "a term and its Markdown text on these lines" to the model's
// Definition (its inline Markdown, links, ranges).

import type { Token } from 'markdown-it';
import { readInline } from '../../text/inlineText';
import { initials, isAcronym } from '../../text/normalize';
import type { Definition, NoteLink, Range, SectionPath } from '../../model';

export interface GlossaryPage {
  uri: string;
  /** The page's lines, front matter blanked (see index.ts). */
  lines: string[];
  tokens: Token[];
  /** The headings above a line, outermost first. */
  sectionPathAt(line: number): SectionPath;
}

/** One term found by a convention, before it becomes a Definition. */
export interface GlossaryEntry {
  /** The term as written, Markdown included (`**Saga**` is passed as `Saga`). */
  term: string;
  /** Other names written with it (`Term A` / `Term B` sharing a definition, a Synonyms field). */
  aliases?: string[];
  /** The definition's Markdown; further definitions of the same entry go to `more`. */
  text: string;
  more?: string[];
  /** The line the term stands on, and the column to look for it from. */
  termLine: number;
  termFrom?: number;
  /** First and last line of the whole entry (inclusive). */
  startLine: number;
  endLine: number;
  /** Section path to file the entry under, when not the one of its line. */
  sectionPath?: SectionPath;
}

/** The longest name a convention takes for a term: longer is a sentence, not a name. */
const MAX_TERM_LENGTH = 80;
const MAX_TERM_WORDS = 8;

/** A term cell, line or bold text that can be a term name: short, one line, not a sentence. */
export function plausibleTerm(name: string): boolean {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_TERM_LENGTH) return false;
  if (trimmed.split(/\s+/).length > MAX_TERM_WORDS) return false;
  // A sentence ends with a stop; a name may end with `.` only as an abbreviation (`e.g.`, `N.B.`).
  if (/[.!?]$/.test(trimmed) && !/^(?:\p{L}\.)+$/u.test(trimmed)) return false;
  return /[\p{L}\p{N}]/u.test(trimmed);
}

/**
 * Bold leads that label a paragraph rather than define a term (`**Note:** see below`), and the
 * field names of a heading entry (`**Definition**: …`). Compared lower case, without a
 * trailing colon.
 */
export const LABEL_WORDS = new Set([
  'note', 'notes', 'nb', 'n.b.', 'n.b', 'ps', 'p.s.', 'warning', 'caution', 'danger', 'tip', 'tips', 'hint', 'important',
  'todo', 'to do', 'fixme', 'example', 'examples', 'e.g.', 'eg', 'update', 'updated', 'edit', 'edited', 'info', 'summary', 'tl;dr', 'tldr',
  'status', 'date', 'author', 'authors', 'owner', 'owners', 'version', 'deciders', 'question', 'answer', 'q', 'a', 'result',
  'reason', 'source', 'sources', 'see', 'see also', 'related', 'pros', 'cons', 'caveat', 'remember', 'attention', 'aside',
  'definition', 'definitions', 'meaning', 'description', 'synonym', 'synonyms', 'alias', 'aliases', 'aka', 'also known as', 'usage',
  'step', 'goal', 'goals', 'context', 'decision', 'consequences', 'outcome', 'problem', 'solution', 'why', 'how', 'what', 'when', 'where',
]);

export function isLabelWord(name: string): boolean {
  const key = name.trim().replace(/:$/, '').trim().toLowerCase();
  return LABEL_WORDS.has(key) || /^(?:step|phase|part|option|update|edit)\s+\d+$/.test(key);
}

/** The term and its other names from how it is written: `SOA (service oriented)`, `Service Level Objective (SLO)`. */
export function splitName(written: string): { term: string; expansion?: string; aliases: string[] } {
  const name = plainInline(written).text.replace(/:$/, '').trim();
  const parenthesised = /^(.+?)\s*\(([^()]+)\)$/.exec(name);
  if (!parenthesised) return { term: name, aliases: [] };
  const [, outer, inner] = parenthesised;
  // The part in brackets is an acronym of the outer name: both name the term.
  if (/^[\p{Lu}\p{N}][\p{L}\p{N}&-]*\p{Lu}[\p{L}\p{N}]*$/u.test(inner.trim()) && !/\s/.test(inner.trim())) return { term: outer.trim(), aliases: [inner.trim()] };
  return { term: outer.trim(), expansion: inner.trim(), aliases: [] };
}

/**
 * The words an acronym stands for, when its definition opens with them: "| QPS | Queries per
 * second |", "**ADR**: Architecture decision record: a short document…", "OOM: Out of memory;
 * on Linux…". An acronyms table gives the expansion where a term's name would, and a doc
 * writes either ("queries per second"); as the dialect's `_SOA_: service oriented architecture`.
 */
export function spelledOut(term: string, text: string): string | undefined {
  if (!isAcronym(term)) return undefined;
  const lead = /^[^:;,.()\u2013\u2014]*/u.exec(plainInline(text).text)![0].replace(/\s+[-\u2013\u2014]\s.*$/u, '').trim();
  if (!lead) return undefined;
  const acronym = term.toLowerCase().replace(/s$/, '');
  // `Conflict-free replicated data type` spells CRDT with its hyphenated word as one.
  const spelled = [initials(lead), initials(lead.replace(/(\p{L})-(\p{L})/gu, '$1$2'))];
  return spelled.includes(acronym) || spelled.includes(term.toLowerCase()) ? lead : undefined;
}

type FoundLinks = { url: string; description: string }[];

/** An entry's inline Markdown read (text/inlineText.ts) with its links' URLs and plain labels. */
function readEntryInline(markdown: string, links: FoundLinks, keepLinks: boolean): string {
  const found: { url: string; label: string }[] = [];
  const text = readInline(markdown, { links: keepLinks ? 'keep' : 'label', images: 'out', urls: 'out', found });
  for (const { url, label } of found) links.push({ url, description: label && plainInline(label).text });
  return text;
}

/** Markdown inline text as plain text (a term's name, a table's header): links are their labels; no emphasis, code marks or escapes. */
export function plainInline(markdown: string): { text: string; links: FoundLinks } {
  const links: FoundLinks = [];
  const text = readEntryInline(markdown, links, false)
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\p{L}\p{N}*_])[*_]([^*_\s][^*_]*?)[*_](?=[^\p{L}\p{N}*_]|$)/gu, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1')
    .trim();
  return { text, links };
}

/**
 * A definition's Markdown as the model keeps a note's definition, and a concept note's: its
 * emphasis, code spans and inline links as written, for the card to show them (query/present.ts
 * inlineMarkdown); images, autolinks, bare URLs and HTML out (text/inlineText.ts). With the URLs it
 * links to, which become the definition's links.
 */
export function definitionInline(markdown: string): { text: string; links: FoundLinks } {
  const links: FoundLinks = [];
  return { text: readEntryInline(markdown, links, true), links };
}

/** A found entry as the model's Definition, its term and links placed on the page's lines. */
/** Whether an entry makes a definition (toDefinition gives one): its name can be a term's. */
export function definesTerm(entry: GlossaryEntry): boolean {
  return plausibleTerm(splitName(entry.term).term);
}

export function toDefinition(page: GlossaryPage, entry: GlossaryEntry): Definition | undefined {
  const name = splitName(entry.term);
  if (!plausibleTerm(name.term)) return undefined;
  const body = definitionInline(entry.text);
  const more = (entry.more ?? []).map((text) => definitionInline(text));
  const sectionPath = entry.sectionPath ?? page.sectionPathAt(entry.termLine);
  const termRange = placeTerm(page.lines, entry.termLine, entry.termFrom ?? 0, name.term);
  const links: NoteLink[] = [];
  for (const link of [...body.links, ...more.flatMap((m) => m.links)]) {
    links.push({ url: link.url, description: link.description || name.term, range: placeText(page.lines, entry.startLine, entry.endLine, link.url) ?? termRange, sectionPath, inbox: false });
  }
  // The entry ends at its last line of text, not at the blank lines markdown-it gives a block.
  let endLine = entry.endLine;
  while (endLine > entry.startLine && (page.lines[endLine] ?? '').trim() === '') endLine--;
  const lastLine = page.lines[endLine] ?? '';
  return {
    term: name.term,
    expansion: name.expansion ?? spelledOut(name.term, body.text),
    aliases: [...name.aliases, ...(entry.aliases ?? []).map((alias) => splitName(alias).term).filter((alias) => alias && plausibleTerm(alias) && alias !== name.term)],
    equivalences: [],
    text: body.text,
    range: { start: { line: entry.startLine, character: 0 }, end: { line: endLine, character: lastLine.length } },
    termRange,
    sectionPath,
    continuation: more.map((m) => m.text).filter((text) => text.length > 0),
    links,
    citations: [],
    quotes: [],
    loose: false,
    inbox: false,
    kind: 'term',
    format: 'glossary',
  };
}

/** Where the term stands on its line: the name as written, else the whole line's text. */
function placeTerm(lines: string[], line: number, from: number, term: string): Range {
  const text = lines[line] ?? '';
  let at = text.indexOf(term, from);
  if (at < 0) at = text.toLowerCase().indexOf(term.toLowerCase());
  if (at >= 0) return { start: { line, character: at }, end: { line, character: at + term.length } };
  const start = text.length - text.trimStart().length;
  return { start: { line, character: start }, end: { line, character: text.trimEnd().length } };
}

function placeText(lines: string[], first: number, last: number, needle: string): Range | undefined {
  for (let line = first; line <= last && line < lines.length; line++) {
    const at = lines[line].indexOf(needle);
    if (at >= 0) return { start: { line, character: at }, end: { line, character: at + needle.length } };
  }
  return undefined;
}
