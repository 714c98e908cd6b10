// What the code actions write into a design doc, as plain text and offsets: a link's place
// shown in a title (host and path), titles short enough for a menu, the places where a
// mention may become a link (not in code, a heading, a link or a URL), and the glossary
// section, found again and rebuilt so that running it twice changes nothing.

import { classifyLines } from '../formats/dialect/blocks';
import { parseLink } from './urlPolicy';
import { stripInvisible } from './present';
import { codeSpans, outsideCodeSpans } from '../text/codeSpans';
import { readInline } from '../text/inlineText';

/** The longest title a code action menu shows whole. */
export const MAX_TITLE = 80;

export const GLOSSARY_HEADING = '## Glossary';

/** Where a link goes, as people read it: `martinfowler.com/bliki/CircuitBreaker.html`; a note by its file name. */
export function linkTarget(raw: string, max = 50): string {
  const parsed = parseLink(raw);
  if (parsed.scheme === 'none') return '';
  if (parsed.scheme === 'file') return decodeSafely(parsed.url.pathname.split('/').pop() ?? '');
  const host = parsed.url.hostname.replace(/^www\./, '');
  const path = decodeSafely(parsed.url.pathname).replace(/\/+$/, '');
  const full = host + path;
  if (full.length <= max) return full;
  // The host and the last part of the path say the most: the middle goes first.
  const last = path.split('/').pop() ?? '';
  const shortened = `${host}/…/${last}`;
  return shortened.length <= max ? shortened : shorten(shortened, max);
}

/** A title of at most MAX_TITLE characters: the middle part gives way, the fixed start and end stay. */
export function fitTitle(start: string, middle: string, end = '', max = MAX_TITLE): string {
  // What comes from a note is shown as the editor shows a title: a bidi override there made
  // `example.com/‮moc.elgoog` read `example.com/google.com`.
  const flat = (s: string) => stripInvisible(s).replace(/\s+/g, ' ');
  const room = max - flat(start).length - flat(end).length;
  if (room >= flat(middle).length) return flat(start + middle + end);
  if (room >= 2) return flat(start) + shorten(flat(middle), room) + flat(end);
  return shorten(flat(start + middle + end), max);
}

export function shorten(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, Math.max(0, max - 1)).trimEnd() + '…';
}

/**
 * A link to insert between two characters of a doc, with the spaces that keep it a word of its
 * own: `see[x](u)` and `[x](u)and` read as glued. `before` and `after` are the characters next
 * to the insertion point ('' at a line's start or end). For the client's Insert Link too.
 */
export function spacedInsertion(link: string, before: string, after: string): string {
  const needsSpaceBefore = before !== '' && !/[\s([{"'“‘/-]/u.test(before);
  const needsSpaceAfter = after !== '' && /[\p{L}\p{N}([{]/u.test(after);
  return `${needsSpaceBefore ? ' ' : ''}${link}${needsSpaceAfter ? ' ' : ''}`;
}

export interface Span {
  start: number;
  end: number;
}

/**
 * The parts of a Markdown text where a mention must not become a link: fenced and indented
 * code, inline code, headings (a link would change the heading's anchor), links, wikilinks and
 * images already there, autolinks, bare URLs, reference definitions, HTML comments, and HTML
 * blocks (`<details>` to the blank line after it: Markdown written there is shown as written).
 */
export function unlinkableSpans(text: string): readonly Span[] {
  // Asked twice per code action request, and again on each cursor move over the same text: a
  // 5 MB doc's lines classified by markdown-it took about 100 ms each time.
  if (lastUnlinkable?.text === text) return lastUnlinkable.spans;
  const spans = mergedInOrder(findUnlinkableSpans(text));
  lastUnlinkable = { text, spans };
  return spans;
}

let lastUnlinkable: { text: string; spans: readonly Span[] } | undefined;

/** The spans in order of their starts, those that overlap or touch made one (see overlapsSorted). */
export function mergedInOrder(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ start: span.start, end: span.end });
  }
  return merged;
}

/**
 * overlapsAny for spans in order and apart, as unlinkableSpans gives them: a binary search,
 * since "link every mention" asks it of each of a long doc's thousands of mentions.
 */
export function overlapsSorted(spans: readonly Span[], start: number, end: number): boolean {
  let low = 0;
  let high = spans.length - 1;
  // The last span that starts before `end` is the only one that can reach past `start`.
  let candidate = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (spans[middle].start < end) {
      candidate = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return candidate >= 0 && spans[candidate].end > start;
}

function findUnlinkableSpans(text: string): Span[] {
  const spans: Span[] = [];
  let offset = 0;
  let fence: string | undefined;
  const lines = text.split('\n');
  // Where an HTML block starts and ends is CommonMark's to say (seven kinds of start, three of
  // end): markdown-it's block pass, as the dialect's parser uses it.
  const kinds = classifyLines(text, lines.length).kinds;
  for (const [number, line] of lines.entries()) {
    const lineSpan = { start: offset, end: offset + line.length };
    if (kinds[number] === 'html') spans.push(lineSpan);
    const fenceMark = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      spans.push(lineSpan);
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = undefined;
    } else if (fenceMark) {
      fence = fenceMark;
      spans.push(lineSpan);
    } else if (/^\s{0,3}#{1,6}(\s|$)/.test(line) || /^ {4,}\S/.test(line) || /^\t/.test(line) || /^\s{0,3}\[[^\]]+\]:\s/.test(line) || /^\s{0,3}(=+|-+)\s*$/.test(line)) {
      spans.push(lineSpan);
    }
    offset += line.length + 1;
  }
  const patterns = [
    /`+[^`\n]*`+/g, // inline code
    /!?\[[^\]\n]*\]\([^)\n]*\)/g, // links and images
    /\[\[[^\[\]\n]*\]\]/g, // wikilinks
    /!?\[[^\]\n]*\]\[[^\]\n]*\]/g, // reference links
    /<[a-z][a-z0-9+.-]*:[^>\s]*>/gi, // autolinks
    /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>()]+/gi, // bare URLs
    /<!--[\s\S]*?-->/g, // comments
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) spans.push({ start: match.index!, end: match.index! + match[0].length });
  return spans;
}

export function overlapsAny(spans: readonly Span[], start: number, end: number): boolean {
  return spans.some((s) => s.start < end && start < s.end);
}

/**
 * The glossary a previous run wrote: its heading, then the items glossaryText writes and the
 * blank lines around them, up to the first line of anything else, the next heading of level 1
 * or 2, or the end. The glossary goes at the end of a doc, where its writer goes on writing:
 * what follows its items under the same heading is the writer's own, no part of the glossary,
 * and stays where it is when the glossary is rebuilt. A heading inside a code block or an HTML
 * comment is no section, and a `## Glossary` that opens with anything but those items (the
 * writer's own prose, list or subsection) is theirs: `handWritten` says so, and nothing
 * replaces it.
 */
export function findGlossary(text: string): (Span & { handWritten: boolean }) | undefined {
  // Asked on each code action request: most docs have no glossary to look for.
  if (!text.includes(GLOSSARY_HEADING)) return undefined;
  const hidden = codeAndCommentSpans(text);
  const heading = [...text.matchAll(new RegExp(`^${GLOSSARY_HEADING}[ \\t]*\\r?$`, 'gm'))].find((match) => !overlapsAny(hidden, match.index!, match.index! + 1));
  if (!heading) return undefined;
  const start = heading.index!;
  const after = start + heading[0].length;
  const next = [...text.slice(after).matchAll(/^#{1,2}\s/gm)].find((match) => !overlapsAny(hidden, after + match.index!, after + match.index! + 1));
  const sectionEnd = next ? after + next.index! : text.length;
  let end = sectionEnd;
  let items = 0;
  // `after` stands at the heading line's end: the first of these lines is its empty rest.
  let offset = after;
  for (const [number, line] of text.slice(after, sectionEnd).split('\n').entries()) {
    if (number > 0 && line.trim() !== '') {
      if (!GLOSSARY_ITEM.test(line) || overlapsAny(hidden, offset, offset + line.length)) {
        end = offset;
        break;
      }
      items++;
    }
    offset += line.length + 1;
  }
  const handWritten = items === 0 && end < sectionEnd;
  return { start, end: handWritten ? sectionEnd : end, handWritten };
}

/** An item as glossaryText writes it: `- **term**`, then what it means and its reference. */
const GLOSSARY_ITEM = /^- \*\*[^*\n]+\*\*(?::|\r?$)/;

/** Fenced code blocks (to their end, or the text's when left open) and HTML comments. */
function codeAndCommentSpans(text: string): Span[] {
  const spans: Span[] = [];
  let offset = 0;
  let fence: { mark: string; start: number } | undefined;
  for (const line of text.split('\n')) {
    const mark = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence && mark && mark[0] === fence.mark[0] && mark.length >= fence.mark.length) {
      spans.push({ start: fence.start, end: offset + line.length });
      fence = undefined;
    } else if (!fence && mark) fence = { mark, start: offset };
    offset += line.length + 1;
  }
  if (fence) spans.push({ start: fence.start, end: text.length });
  for (const match of text.matchAll(/<!--[\s\S]*?(?:-->|$(?![\s\S]))/g)) spans.push({ start: match.index!, end: match.index! + match[0].length });
  return spans;
}

export interface GlossaryLine {
  term: string;
  definition: string;
  link?: { label: string; url: string };
}

/** The glossary's text, terms A to Z: the same terms give the same text, whatever their order of use. */
export function glossaryText(lines: GlossaryLine[]): string {
  const sorted = [...lines].sort((a, b) => compare(a.term.toLowerCase(), b.term.toLowerCase()) || compare(a.term, b.term));
  const items = sorted.map(({ term, definition, link }) => {
    const meaning = shortenMarkdown(plainDefinition(definition), 160);
    const reference = link ? `[${escapeLabel(link.label)}](${link.url})` : '';
    return `- **${term}**${meaning ? `: ${meaning}` : ''}${reference ? `${meaning ? ' ' : ': '}${reference}` : ''}`;
  });
  return `${GLOSSARY_HEADING}\n\n${items.join('\n')}\n`;
}

/**
 * The one text edit that puts the glossary in place: replaces the earlier one (its heading and
 * items; the writer's words after them stay, a blank line below the new items), or goes at the
 * end. Undefined when the document already holds exactly this glossary, or a Glossary section
 * of the writer's own (see findGlossary), which no action overwrites.
 */
export function glossaryEdit(text: string, glossary: string): { start: number; end: number; newText: string } | undefined {
  const earlier = findGlossary(text);
  if (earlier?.handWritten) return undefined;
  // The doc's own line ends: a glossary in LF lines left a CRLF doc with both.
  const crlf = usesCrlf(text);
  const withEnds = (lines: string) => (crlf ? lines.replace(/\r?\n/g, '\r\n') : lines);
  if (earlier) {
    const newText = withEnds(earlier.end < text.length ? `${glossary}\n` : glossary);
    return text.slice(earlier.start, earlier.end) === newText ? undefined : { start: earlier.start, end: earlier.end, newText };
  }
  const plain = crlf ? text.replace(/\r\n/g, '\n') : text;
  const separator = plain.length === 0 ? '' : plain.endsWith('\n\n') ? '' : plain.endsWith('\n') ? '\n' : '\n\n';
  return { start: text.length, end: text.length, newText: withEnds(separator + glossary) };
}

/** True when most of the text's line ends are CRLF. */
function usesCrlf(text: string): boolean {
  const crlf = text.split('\r\n').length - 1;
  return crlf > 0 && crlf * 2 >= text.split('\n').length - 1;
}

/** The text without the glossary an earlier run wrote: the terms a doc uses are those of its own words, the ones written after the glossary among them. */
export function withoutGlossary(text: string): string {
  const earlier = findGlossary(text);
  return earlier && !earlier.handWritten ? text.slice(0, earlier.start) + text.slice(earlier.end) : text;
}

/**
 * A definition as plain words for the glossary: the notes are untrusted, and only the one
 * reference the policy allowed may become a link in the doc. Links and images are their label,
 * URLs, autolinks and HTML go (text/inlineText.ts); so do whatever else stands in angle
 * brackets, words with a scheme, and the brackets that would make a link of what is left. Emphasis and code spans stay as written, and what a
 * code span holds is code: `Vec<T>` and `` `std::mem` `` are written whole.
 */
function plainDefinition(definition: string): string {
  const read = readInline(definition, { links: 'label', images: 'label', urls: 'out' });
  return outsideCodeSpans(read, (prose) => prose.replace(/<[^<>]*>/g, '').replace(/\b[a-z][a-z0-9+.-]*:\S+/gi, '').replace(/[[\]]/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

/** shorten for Markdown: never inside a code span, whose closing backticks would be cut off and what it holds read as Markdown. */
function shortenMarkdown(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  for (const [start, spanEnd] of codeSpans(text)) if (start < end && spanEnd > end) end = start;
  return text.slice(0, end).trimEnd() + '…';
}

/**
 * A relative path as one Markdown link destination: each segment percent-encoded, parentheses
 * and the other characters encodeURIComponent leaves included, so that a file called
 * `y)[b](x(.md` cannot end the destination early and leave the rest as text in the doc.
 */
export function linkDestination(segments: string[]): string {
  return segments.map((segment) => encodeURIComponent(segment).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');
}

/** True when a note name (or `name#heading`) can stand in a wikilink: none of the characters that end or split one. */
export function fitsWikilink(target: string): boolean {
  return !/[[\]|\n\r]/.test(target) && target.trim() === target && target.length > 0;
}

/** A link's text as written in the doc, with the brackets and backslashes that would end it escaped. */
export function linkLabel(label: string): string {
  return escapeLabel(label);
}

function escapeLabel(label: string): string {
  return label.replace(/[[\]\\]/g, '\\$&').replace(/\s+/g, ' ');
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
