// Links: URLs and Markdown links on any line, each with the words before it that describe it,
// and cross-references to other notes (`` `sql.md` migrations ``).

import type { CrossReference, NoteLink } from '../../model';
import { allMatches, NON_ASCII } from './matching';
import { append, type FoundLink, type LineContent, type ParseState } from './parseState';
import { foldSpaces, trimEndWhere } from './prose';
import { codeSpans, NO_SPANS, overlaps } from '../../text/codeSpans';
import { linkDestination, MARKDOWN_LINK_SOURCE } from '../../text/markdownLinks';

// A bracket in a URL only when it is closed in it ("…/wiki/Vacuum_(database)"), as a reader
// sees it; an unmatched one is the prose's ("(see https://…)").
const URL_PATTERN = /\b(?:https?|file):\/\/(?:[^\s<>()`"]|\([^\s<>()`"]*\))+(?:[^\s<>()`".,;:!?'’”)\]]|\([^\s<>()`"]*\))|\b(?:https?|file):\/\/[^\s<>()`"]+/gu;
// URL_PATTERN reads text without surrogates (characters beyond the BMP) exactly as it reads it
// without the `u` flag, and that copy runs about three times as fast: under `u`, each negated
// class must take a surrogate pair as one character. Most lines hold no such character.
const URL_PATTERN_WITHOUT_SURROGATES = new RegExp(URL_PATTERN.source, 'g');
const SURROGATE = /[\uD800-\uDFFF]/;
// Inline links as CommonMark reads them (text/markdownLinks.ts): a Wikipedia destination keeps its `(…)`.
const MARKDOWN_LINK = new RegExp(MARKDOWN_LINK_SOURCE, 'g');
// The section name is read word by word: a lazy run that may hold spaces would retry the
// lookahead's `\s*` from every space of a long run, which is quadratic.
const CROSS_REFERENCE = /`([^`\n]+\.md)`(?:\s+['"‘“]?([^\s'"’”`📙📍🗄]+(?:\s+[^\s'"’”`📙📍🗄]+)*?)['"’”]?)?(?=\s*(?:$|https?:|📙|\[|🗄))/gu;

/** Finds the line's links and keeps them in the note, where they stand and under what. */
export function readLinks(state: ParseState, at: LineContent): void {
  const line = at.line;
  const links = extractLinks(at.content, at.contentStart, at.ascii);
  const lineLinks: NoteLink[] = links.map((found) => ({
    url: found.url,
    description: found.description,
    range: state.lineRange(line, found.start, found.end),
    sectionPath: state.path(),
    label: state.label?.name,
    inbox: state.inbox,
  }));
  append(state.note.links, lineLinks);
  at.links = links;
  at.lineLinks = lineLinks;
}

/** Finds the line's cross-references to other notes and keeps them in the note. */
export function readCrossReferences(state: ParseState, at: LineContent): void {
  const { content, contentStart, line } = at;
  const crossReferences: CrossReference[] = [];
  if (content.includes('`')) for (const match of allMatches(CROSS_REFERENCE, content)) {
    const start = contentStart + match.index!;
    const fileStart = start + 1;
    crossReferences.push({
      file: match[1].trim(),
      section: match[2]?.trim() || undefined,
      range: state.lineRange(line, start, start + match[0].length),
      fileRange: state.lineRange(line, fileStart, fileStart + match[1].length),
      sectionPath: state.path(),
    });
  }
  append(state.note.crossReferences, crossReferences);
  at.crossReferences = crossReferences;
}


/** URLs and Markdown links on a line, each with the words before it that describe it; `ascii` when the line is ASCII alone. */
function extractLinks(content: string, offset: number, ascii: boolean): FoundLink[] {
  const found: FoundLink[] = [];
  const taken: [number, number][] = [];
  // A link written inside a code span is code: Markdown shows it as written, and so must the
  // definition (`` `[x](y)` `` kept whole, not cut into a reference and a hole).
  const code = content.includes('`') ? codeSpans(content) : NO_SPANS;
  // Neither pattern can match without these.
  if (content.includes('](')) for (const match of allMatches(MARKDOWN_LINK, content)) {
    const start = match.index!;
    if (code.length > 0 && overlaps(code, start, start + match[0].length)) continue;
    taken.push([start, start + match[0].length]);
    const url = linkDestination(match);
    if (url) found.push({ url, description: cleanDescription(match[1]), start: offset + start, end: offset + start + match[0].length, label: match[1] });
  }
  let previousEnd = 0;
  // Both kinds of match come in order, so one pointer finds the Markdown link a URL may lie
  // in; searching them all for each URL was quadratic on a line of 100,000 links.
  let nextTaken = 0;
  if (content.includes('://')) {
    const urlPattern = ascii || !SURROGATE.test(content) ? URL_PATTERN_WITHOUT_SURROGATES : URL_PATTERN;
    for (const match of allMatches(urlPattern, content)) {
      const start = match.index!;
      const end = start + match[0].length;
      while (nextTaken < taken.length && taken[nextTaken][1] <= start) nextTaken++;
      if (nextTaken < taken.length && taken[nextTaken][0] <= start) continue;
      if (code.length > 0 && overlaps(code, start, end)) continue;
      // An autolink, `<https://…>`: its brackets are the link's too, not text left around a hole.
      const autolink = content.charCodeAt(start - 1) === 0x3c && content.charCodeAt(end) === 0x3e ? 1 : 0;
      const before = content.slice(previousEnd, start - autolink);
      // "…before they are applied. See https://…": the words before a URL led in by "see" are
      // the definition, not the link's name; the address names it better.
      const leadIn = leadInLength(before);
      const description = leadIn !== undefined ? urlWords(match[0]) : cleanDescription(before);
      found.push({ url: match[0], description, start: offset + start - autolink, end: offset + end + autolink, leadIn });
      previousEnd = end + autolink;
    }
  }
  // Each kind comes in order: only both together need sorting.
  return taken.length > 0 && found.length > taken.length ? found.sort((a, b) => a.start - b.start) : found;
}

/** The words that describe a link: citations, markers and definition syntax removed. */
function cleanDescription(words: string): string {
  // Brackets and book markers end each pattern's scan, so runs of them cost linear time.
  // Most descriptions are a few plain words: each pass runs only when its character is there.
  let cleaned = words.startsWith('_') ? words.replace(DESCRIBED_TERM, ' ') : words;
  if (cleaned.includes('[')) cleaned = cleaned.replace(DESCRIBED_CITATION, ' ');
  if (NON_ASCII.test(cleaned)) cleaned = cleaned.replace(DESCRIBED_MARKER, ' ');
  if (cleaned.includes('`')) cleaned = cleaned.replace(DESCRIBED_CODE, '$1');
  cleaned = cleaned.replace(DESCRIPTION_LEAD, '');
  return foldSpaces(trimEndWhere(cleaned, DESCRIPTION_TAIL));
}

/**
 * How many characters at the end of `before` lead in to a URL written after them: "See",
 * "see also", "cf.", "more at", "details:", with the spaces around them. Only after the text's
 * start, a sentence's end, a comma, a bracket (a citation's too) or a dash, so that "look at" or "as described
 * in" stay the prose they are; undefined for none. The words are looked for in the last few
 * characters and the spaces skipped by loops: a line may hold runs of spaces thousands long,
 * which a pattern anchored at the end would read again from every position (see trimEndWhere).
 */
export function leadInLength(before: string): number | undefined {
  const end = trimEndWhere(before, SPACE).length;
  const words = LEAD_WORDS.exec(before.slice(Math.max(0, end - LEAD_WORDS_REACH), end));
  if (!words) return undefined;
  const start = trimEndWhere(before.slice(0, end - words[0].length), SPACE).length;
  if (start > 0) {
    const previous = before[start - 1];
    const afterDash = '-–—'.includes(previous) && start > 1 && SPACE.test(before[start - 2]);
    // A citation's bracket ("recover 📙 Nygard [95] see https://…") ends what it cites as a stop would.
    if (!'.!?;:,(]'.includes(previous) && !afterDash) return undefined;
  }
  return before.length - start;
}

/** The lead-in words themselves, at the end of the text (spaces after them trimmed), and how far back they may start. */
const LEAD_WORDS = /(?<![\p{L}\p{N}])(?:see(?: also)?|cf\.?|more(?: at| here|:)?|details(?: at|:)|source:|via)\s*[:(]?$/iu;
const LEAD_WORDS_REACH = 24;
const SPACE = /\s/;

/**
 * A name for a URL from its path: the last segment that says something, without its file
 * extension, its separators as spaces ("wal-intro.html" → "wal intro",
 * "Circuit_breaker_design_pattern" → "Circuit breaker design pattern"); empty when none does (a
 * site's home page, "watch?v=…"), and the card names the link by its host.
 */
export function urlWords(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '';
  }
  const segments = parsed.pathname.split('/').filter(Boolean);
  for (let i = segments.length - 1; i >= 0; i--) {
    let segment: string;
    try {
      segment = decodeURIComponent(segments[i]);
    } catch {
      segment = segments[i];
    }
    const words = segment.replace(/\.(?:html?|php|aspx?|md|pdf|txt)$/i, '').replace(/[-_+]+/g, ' ').trim();
    if (/\p{L}{2}/u.test(words) && words.length <= 80 && !MEANINGLESS_SEGMENT.test(words)) return words;
  }
  return '';
}

/** Path segments that name nothing of a page's subject. */
const MEANINGLESS_SEGMENT = /^(?:index|default|main|home|watch|wiki|docs?|blog|posts?|articles?|current|latest|stable|en|en us|view|page|pages|html)$/i;

// What cleanDescription removes: a definition's `_term_:`, citations, markers, code ticks, and
// the punctuation that leads in or trails off.
const DESCRIBED_TERM = /^_([^_]+)_\s*:?/;
const DESCRIBED_CITATION = /📙[^[\]📙]*\[[^[\]]*\]|\[[^[\]]*\]/gu;
const DESCRIBED_MARKER = /[🗄📙📍📝📻🧠❓\uFE0F]/gu;
const DESCRIBED_CODE = /`([^`]*)`/g;
const DESCRIPTION_LEAD = /^[\s\-–—:>*=]+/;
const DESCRIPTION_TAIL = /[\s\-–—:,;(]/;

