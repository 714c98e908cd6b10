// Showing what the notes say, safely. Anything that comes from a note is untrusted: it is
// escaped for Markdown, stripped of control and bidi characters, and a link becomes clickable
// only when the URL policy (urlPolicy.ts) lets it be opened: http, https, and the indexed
// notes. One function builds the Markdown for hovers, completion documentation and tooltips,
// another the plain text for the terminal.

import MarkdownIt from 'markdown-it';
import type { Citation, NoteLink } from '../model';
import type { IndexedDefinition, Mention, TermEntry } from '../index/notesIndex';
import { detailCount, linkCount } from '../index/storedNote';
import { distinctNames } from '../notes/distinctNames';
import { hostOf, openableHref, parseLink, type IndexedNoteTest } from './urlPolicy';
import { dropInlineHtml } from '../text/inlineHtml';
import { codeSpans, overlaps } from '../text/codeSpans';
import { readInline } from '../text/inlineText';
import { MARKDOWN_LINK_SOURCE } from '../text/markdownLinks';

// C0/C1 controls (but tab), zero-width characters, bidi marks (the Arabic letter mark too),
// embeddings, overrides and isolates, BOM. The zero-width joiner only where it joins no two
// emoji: inside 👩‍🍳 (👩, U+200D, 🍳) it is part of the character a reader sees.
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|(?<!\p{Extended_Pictographic}[\ufe0f\u{1f3fb}-\u{1f3ff}]?)\u200d|\u200d(?!\p{Extended_Pictographic})/gu;

// Half of a surrogate pair without its other half: an edit that split an emoji. It is no
// character; editors show it as a box or drop the text around it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '').replace(LONE_SURROGATE, '\uFFFD');
}

let markdownUtils: { unescapeAll(text: string): string } | undefined;

/**
 * Note text as a Markdown reader reads it: entities (`&lt;`, `&#x41;`) and backslash escapes
 * (`\*`) decoded, as CommonMark decodes them outside code, so that escaping it again shows
 * `<script>` where the note wrote `&lt;script&gt;`, not the entity's letters.
 */
function asRead(markdown: string): string {
  if (!markdown.includes('&') && !markdown.includes('\\')) return markdown;
  markdownUtils ??= new MarkdownIt('zero').utils;
  return markdownUtils.unescapeAll(markdown);
}

/**
 * A note's text as plain text, for places that show no Markdown (In This Document, the
 * Patterns view's tooltips, search items, symbols, completion's detail): the words a reader
 * sees. Links, images, wikilinks, autolinks, bare URLs and HTML are read as every reader of a
 * definition reads them (text/inlineText.ts): a link or an image is its label, a wikilink the
 * name it shows, an autolink or a URL its address, HTML tags and comments dropped but in code.
 * Then emphasis is its words and a code span its code, without the backticks (CommonMark's
 * pairing, text/codeSpans.ts: `Vec<T>` and `[x](y)` stay as written in it); entities and
 * backslash escapes outside code are what they stand for; control and bidi characters are
 * removed and white space folded. Each step is bounded, so a note full of `[` or `<` costs
 * linear time.
 */
export function plainText(text: string): string {
  const read = readInline(stripInvisible(text), { links: 'label', images: 'label', urls: 'address' });
  // Most labels hold no mark left to read.
  if (!/[`*_&\\<]/.test(read)) return read;
  const marked = withoutEmphasis(read);
  let plain = '';
  let at = 0;
  for (const [start, end] of codeSpans(marked)) {
    plain += proseAsRead(marked.slice(at, start)) + codeOf(marked.slice(start, end));
    at = end;
  }
  // Decoded, an entity may stand for a control or bidi character again.
  return stripInvisible(plain + proseAsRead(marked.slice(at))).replace(/\s+/g, ' ').trim();
}

/**
 * The text with each emphasis (EMPHASIS: `**x**`, `__x__`, `*x*`, `_x_`) as its words, one
 * kind after another so that one inside another goes too; marks in a code span are code, and
 * an escaped mark (`\*`) is no mark.
 */
function withoutEmphasis(text: string): string {
  for (const pattern of EMPHASIS) {
    if (!text.includes(pattern.mark)) continue;
    const before = text;
    const spans = codeSpans(before);
    const width = pattern.mark.length;
    text = before.replace(pattern.regex, (whole: string, words: string, offset: number) => {
      const end = offset + whole.length;
      if (before[offset - 1] === '\\' || words.endsWith('\\')) return whole;
      return overlaps(spans, offset, offset + width) || overlaps(spans, end - width, end) ? whole : words;
    });
  }
  return text;
}

/** A code span's code: without its backticks, and without the one space on each side that CommonMark strips. */
function codeOf(span: string): string {
  const fence = /^`+/.exec(span)![0].length;
  const code = span.slice(fence, span.length - fence);
  return code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '' ? code.slice(1, -1) : code;
}

/** Text outside code as a reader reads it: a mail autolink its address, entities and escapes decoded. */
function proseAsRead(prose: string): string {
  return asRead(prose.replace(/<(mailto:[^<>\s]{1,2000})>/gi, '$1'));
}

/** A character that markup needs: most definitions hold none, and are compared as they are. */
const MARKUP = /[`*_[<]/;

/**
 * The words a reader sees in a note's text, to tell whether two texts say the same: texts
 * that differ only in case, spacing, a final stop or their markup do (a glossary's
 * `*idempotent*` or `[table](…)` is the dialect's "idempotent" or "table").
 */
export function readerWords(text: string): string {
  const words = (MARKUP.test(text) ? plainText(text) : text).toLowerCase().replace(/\s+/g, ' ');
  // The final stops and spaces taken off from the end, a character at a time: a pattern anchored
  // at the end is tried from each mark of a long run before it ("x,,,…,y"), quadratic in the run
  // (300,000 commas in a definition held a card for over a minute).
  let end = words.length;
  while (end > 0 && FINAL_MARKS.includes(words[end - 1])) end--;
  return words.slice(0, end).trim();
}

const FINAL_MARKS = '.;,:! ';

/**
 * Text that renders literally in Markdown: no emphasis, links, HTML or entities survive.
 * Only characters that could change the rendering are escaped, because editors that show
 * hovers as plain text (Neovim, Emacs without a Markdown mode) show every backslash.
 */
export function escapeMarkdown(text: string, options: { insideLink?: boolean } = {}): string {
  return stripInvisible(text)
    // Line breaks fold into one space. The lookbehind lets only the first space of a run start
    // a match; otherwise every space of a long run is rescanned (quadratic: 200,000 spaces in a
    // term made its hover take half a minute).
    .replace(/(?<!\s)\s*[\r\n]+\s*/g, ' ')
    .replace(/\S+/g, (word) => (linksByItself(word, options.insideLink) ? codeSpan(word) : escapeWord(word)))
    // At the start, these would make a heading, a list item or a numbered list.
    .replace(/^(\s*)([#+-])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

function escapeWord(word: string): string {
  return word
    .replace(/[\\`*_[\]~|]/g, (c) => '\\' + c)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * True for a word that Markdown renderers make a link of by themselves, to something other
 * than the web: e-mail addresses and `mailto:` (mail links), `ftp://` (GitHub-flavoured
 * Markdown, which VS Code's hovers follow, links these). Escaping cannot stop that, since it
 * happens after escapes are read; inside a code span nothing is linked.
 */
function linksByItself(word: string, insideLink = false): boolean {
  const lower = word.toLowerCase();
  const at = lower.indexOf('@');
  if ((at !== -1 && lower.indexOf('.', at) !== -1) || lower.includes('mailto:') || lower.includes('ftp://')) return true;
  // What looks like a web address is linked too (not inside a link's label, where a code span
  // would break the link), and a renderer rewrites one the URL parser refuses ("http://^"
  // became http://%5E): only a web link the policy reads stays plain text.
  if (insideLink) return false;
  if (lower.includes('://')) return parseLink(word).scheme !== 'web';
  return lower.includes('www.') && parseLink(`http://${word}`).scheme !== 'web';
}

/** A word as a code span: literal, whatever backticks it holds. */
function codeSpan(word: string): string {
  let longest = 0;
  for (const run of word.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const padding = word.startsWith('`') || word.endsWith('`') ? ' ' : '';
  return fence + padding + word + padding + fence;
}

/**
 * An openable URL's `href` (the policy's, so the spaces around it and the tabs in it, which
 * the parser drops, cannot turn the target into a relative link) as a Markdown link target,
 * with every character that could end the link early percent-encoded.
 */
function markdownUrl(href: string): string {
  return href.replace(/[\s()<>[\]\\"'`]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

/** A clickable link for a URL the policy lets open (file links: only to indexed notes); plain escaped text for anything else. */
export function markdownLink(text: string, url: string, isIndexedNote?: IndexedNoteTest): string {
  const href = openableHref(url, isIndexedNote);
  return href ? `[${escapeMarkdown(text || url, { insideLink: true })}](${markdownUrl(href)})` : escapeMarkdown(text || url);
}

/** A citation as a reader would write it: `Kleppmann, p. 112`, `Kleppmann, pp. 17, 22`. */
export function formatCitation(citation: Citation): string {
  const page = citation.page;
  if (!page) return citation.book;
  if (/^\d+$/.test(page)) return `${citation.book}, p. ${page}`;
  if (/^\d+(?:[,–-]\d+)+$/.test(page)) {
    return `${citation.book}, pp. ${page.includes(',') ? page.split(',').join(', ') : page.replace('-', '–')}`;
  }
  if (/^\d+\.\d+$/.test(page)) return `${citation.book}, ${page.replace('.', ', p. ').replace(/^/, 'ch. ')}`;
  return `${citation.book}, ${page}`;
}

/** A section as a reader names it; a definition outside any section (a concept note's) by its note's file name, when `uri` is given. */
export function sectionLabel(path: string[], uri?: string): string {
  return path.length > 0 ? path.join(' › ') : uri !== undefined ? pageName(uri) : '(top)';
}

/**
 * Where a definition comes from, as a card says it: the section for the dialect's notes (whose
 * sections are the author's map), the page and then its section for any other format, where the
 * page is what the reader knows (`glossary.md › Messaging`).
 */
export function sourceLabel(definition: Pick<IndexedDefinition, 'uri' | 'sectionPath' | 'format'>): string {
  if (definition.format === undefined) return sectionLabel(definition.sectionPath);
  const page = pageName(definition.uri);
  return definition.sectionPath.length > 0 ? `${page} › ${sectionLabel(definition.sectionPath)}` : page;
}

/** The file name at the end of a URI, decoded. */
function pageName(uri: string): string {
  const last = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** The references a term offers, most relevant first: its own, its topic's, then mentions. */
/** References a hover card shows. */
export const REFERENCES_SHOWN = 5;

/** Definitions with links whose links a limited list of references reads, per pass (see rankedReferences). */
export const LINKED_DEFINITIONS_READ = 200;

/**
 * A term's references, best first, each URL once. With a limit, the first `limit` of the
 * same list: the work stops there (a term defined in hundreds of notes has thousands). A
 * reference is a link the URL policy opens: a web link, or a file link to one of the indexed
 * notes (`isIndexedNote`; without it, no file link is one).
 */
export function rankedReferences(entry: TermEntry | undefined, mentions: Mention[], topics: IndexedDefinition[] = [], limit = Infinity, isIndexedNote?: IndexedNoteTest): NoteLink[] {
  const seen = new Set<string>();
  const result: NoteLink[] = [];
  const add = (link: NoteLink) => {
    if (result.length >= limit) return;
    // Judged on the parsed URL (a URL longer than browsers accept is none): a file link to
    // anything but a note (`file:///etc/passwd`) was listed as a reference that does nothing.
    if (seen.has(link.url) || !isReference(link.url, isIndexedNote)) return;
    seen.add(link.url);
    result.push(link);
  };
  const definitions = entry?.definitions ?? [];
  // Each pass stops once the list is full: reading a stored definition's links inflates its
  // note's details. With a limit, it stops too after the links of LINKED_DEFINITIONS_READ
  // definitions: the same note copied into thousands of folders holds one link thousands of
  // times, which never fills the list (reading them all held a hover for most of a second).
  const read = limit === Infinity ? Infinity : LINKED_DEFINITIONS_READ;
  for (const inbox of [false, true]) {
    let linked = 0;
    for (const definition of definitions) {
      if (result.length >= limit || linked >= read) break;
      if (linkCount(definition) === 0) continue;
      linked++;
      for (const link of definition.links) if (inbox || !link.inbox) add(link);
    }
  }
  if (result.length >= limit) return result;
  for (const topic of topics) for (const link of topic.links) add(link);
  for (const mention of mentions) for (const link of mention.links) add(link);
  return result;
}

/** Whether a link may be listed among a term's references: one the URL policy opens (urlPolicy.ts). */
function isReference(url: string, isIndexedNote: IndexedNoteTest | undefined): boolean {
  return openableHref(url, isIndexedNote) !== undefined;
}

export interface CardOptions {
  /** Quotes longer than this are not shown in full. */
  maxQuoteLength?: number;
  maxReferences?: number;
  /** Builds the link that opens a definition in its note. */
  definitionLink?: (definition: IndexedDefinition) => string | undefined;
  /** Which file links are indexed notes: only those are clickable; without it, no file link is. */
  isIndexedNote?: IndexedNoteTest;
}

// A hover is read at a glance and is sent on every hover request: however much the notes
// say about a term (50,000 definitions, a definition a megabyte long), it stays a few
// kilobytes, and says what it leaves out.
const MAX_NAMES_SHOWN = 10;
const MAX_DEFINITIONS_SHOWN = 10;
const MAX_CITATIONS_SHOWN = 10;
const MAX_TEXT_SHOWN = 1000;

/** Text cut to `max` characters with an ellipsis, never between the halves of a surrogate pair. */
function clip(text: string, max = MAX_TEXT_SHOWN): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + '…';
}

/**
 * A definition a card shows, and the later definitions of the term that say the same (the same
 * notes indexed twice: a copy of the bundled note in the user's folder).
 */
export interface SameDefinitions {
  definition: IndexedDefinition;
  /** The others that say the same, in the term's order: the card names their places. */
  others: IndexedDefinition[];
}

/**
 * How far a card compares a term's definitions. Texts are compared for the first `texts`
 * (a string each: a thousand cost well under a millisecond); details (continuation, quotes,
 * citations, links) are read for at most `details` pairs whose texts agree, since a stored
 * definition's are inflated from its note's (see storedNote.ts). A definition past the texts
 * compared, or in the same words as another past the details compared, is counted among those
 * left out, never shown as a second copy.
 */
export const SAME_DEFINITIONS_COMPARED = { texts: 1000, details: LINKED_DEFINITIONS_READ };

/**
 * A term's definitions as a card shows them: each once, with the others that say the same
 * word for word (as a reader sees the words: see readerWords) and have the same continuation,
 * quotes, citations and links; at most `shown` of them, in the term's order, and how many
 * other different definitions there are. Definitions that differ in anything a card shows,
 * however little, stay apart.
 */
export function sameDefinitions(definitions: readonly IndexedDefinition[], shown = Infinity, compared = SAME_DEFINITIONS_COMPARED): { groups: SameDefinitions[]; hidden: number } {
  const groups: SameDefinitions[] = [];
  let hidden = 0;
  const byWords = new Map<string, SameDefinitions[]>();
  let detailsRead = 0;
  for (let at = 0; at < definitions.length; at++) {
    if (at >= compared.texts) {
      hidden += definitions.length - at;
      break;
    }
    const definition = definitions[at];
    const key = sameKey(definition);
    let candidates = byWords.get(key);
    const hasDetails = detailCount(definition) > 0;
    if (candidates && hasDetails && detailsRead >= compared.details) {
      // In the same words as an earlier one, past the details compared: counted, never shown as a second copy.
      hidden++;
      continue;
    }
    const same = candidates?.find((group) => {
      if (hasDetails) detailsRead++;
      return sameBeyondText(group.definition, definition, hasDetails);
    });
    if (same) {
      same.others.push(definition);
      continue;
    }
    const group: SameDefinitions = { definition, others: [] };
    if (groups.length < shown) groups.push(group);
    // A group left out still takes its copies: the count says how many different definitions are left out.
    else hidden++;
    if (!candidates) byWords.set(key, (candidates = []));
    candidates.push(group);
  }
  return { groups, hidden };
}

/** What two definitions that say the same share, as one string: kind, inbox, a Contextive context, how many details, the words. */
function sameKey(definition: IndexedDefinition): string {
  const context = definition.format === 'contextive' ? `contextive:${definition.context?.name ?? ''}` : '';
  return `${definition.kind}\u0000${definition.inbox}\u0000${context}\u0000${detailCount(definition)}\u0000${readerWords(definition.text)}`;
}

/** Whether two definitions with the same key (see sameKey) show the same below their text too. */
function sameBeyondText(a: IndexedDefinition, b: IndexedDefinition, hasDetails: boolean): boolean {
  if (a.format === 'contextive' || b.format === 'contextive') {
    if (a.format !== b.format || a.context?.vision !== b.context?.vision || !sameJson(a.context?.meta, b.context?.meta) || !sameJson(a.examples, b.examples) || !sameJson(a.meta, b.meta)) return false;
  }
  if (!hasDetails) return true;
  return sameList(a.continuation, b.continuation, (x, y) => readerWords(x) === readerWords(y))
    && sameList(a.quotes, b.quotes, (x, y) => readerWords(x.text) === readerWords(y.text) && x.source?.name === y.source?.name && x.source?.url === y.source?.url)
    && sameList(a.citations, b.citations, (x, y) => formatCitation(x) === formatCitation(y))
    && sameList(a.links, b.links, (x, y) => x.url === y.url);
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  return a.length === b.length && a.every((x, i) => same(x, b[i]));
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Places a card names for definitions that say the same; past these, it counts them. */
const PLACES_NAMED = 3;

/**
 * Where the definitions of a group stand, as a reader tells them apart: each note by its file
 * name, with as many folders as it takes to tell it from the others named (`notes-data/architecture.md`,
 * `notes/architecture.md`); the line where one note holds two of them; the section where it is
 * not the shown definition's. At most PLACES_NAMED, and how many more.
 */
function placesOf(group: SameDefinitions): { places: { definition: IndexedDefinition; name: string }[]; more: number } {
  const named = [group.definition, ...group.others.slice(0, PLACES_NAMED - 1)];
  const uris = [...new Set(named.map((definition) => definition.uri))];
  const fileNames = new Map(distinctNames(uris.map(uriPath)).map((name, i) => [uris[i], decodedPath(name)]));
  const shownSource = sourceLabel(group.definition);
  const places = named.map((definition) => {
    let name = fileNames.get(definition.uri)!;
    if (named.filter((other) => other.uri === definition.uri).length > 1) name += `:${definition.termRange.start.line + 1}`;
    if (definition.sectionPath.length > 0 && sourceLabel(definition) !== shownSource) name += ` › ${sectionLabel(definition.sectionPath)}`;
    return { definition, name };
  });
  return { places, more: group.others.length + 1 - named.length };
}

/** A URI's path, without its scheme and authority: what distinctNames names. */
function uriPath(uri: string): string {
  const path = uri.replace(/^[a-z][a-z0-9+.-]*:(\/\/[^/]*)?/i, '');
  return path || uri;
}

function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** `a`, `a and b`, `a, b and c`; with more, `a, b, c and 12 more places`. */
function listed(names: string[], more: number): string {
  const all = more > 0 ? [...names, `${thousands(more)} more ${more === 1 ? 'place' : 'places'}`] : names;
  return all.length === 1 ? all[0] : `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
}

/** A card's line for a definition that the notes hold in more than one place: each place named, a link to it where one opens. */
function placesLine(group: SameDefinitions, options: CardOptions): string {
  const { places, more } = placesOf(group);
  const names = places.map(({ definition, name }) => {
    const open = options.definitionLink?.(definition);
    const href = open ? openableHref(open, options.isIndexedNote) : undefined;
    return href ? `[${escapeMarkdown(clip(name, 200), { insideLink: true })}](${markdownUrl(href)})` : `*${escapeMarkdown(clip(name, 200))}*`;
  });
  return `In ${listed(names, more)}`;
}

/** placesLine for the terminal. */
function plainPlacesLine(group: SameDefinitions): string {
  const { places, more } = placesOf(group);
  return `in ${listed(places.map(({ name }) => stripInvisible(name)), more)}`;
}

/** The hover's Markdown for a term: names, each definition with its section, quotes, citations, references. */
export function termMarkdown(entry: TermEntry, references: NoteLink[], options: CardOptions = {}): string {
  const maxQuote = options.maxQuoteLength ?? 280;
  const parts: string[] = [];
  const others = entry.names.filter((n) => n !== entry.term);
  const names = others.slice(0, MAX_NAMES_SHOWN).map((n) => `*${escapeMarkdown(clip(n, 200))}*`);
  if (others.length > MAX_NAMES_SHOWN) names.push(`${others.length - MAX_NAMES_SHOWN} more names`);
  parts.push(`**${escapeMarkdown(clip(entry.term, 200))}**` + (names.length > 0 ? ` · ${names.join(' · ')}` : ''));
  const { groups, hidden } = sameDefinitions(entry.definitions, MAX_DEFINITIONS_SHOWN);
  for (const group of groups) {
    const { definition } = group;
    const lines: string[] = [];
    if (definition.format === 'contextive') lines.push(...glossaryCard(definition, options.isIndexedNote));
    else {
      const where = `*${escapeMarkdown(clip(sourceLabel(definition), 200))}*` + (definition.inbox ? ' (inbox)' : '');
      lines.push(where + (definition.text ? ` — ${inlineMarkdown(clip(definition.text), options.isIndexedNote)}` : definition.kind === 'topic' ? ' (topic)' : withoutText(definition, options.isIndexedNote)));
    }
    for (const more of definition.continuation.slice(0, 4)) if (!definition.quotes.some((q) => q.text === more)) lines.push(`- ${inlineMarkdown(clip(more), options.isIndexedNote)}`);
    for (const quote of definition.quotes.filter((q) => q.text.length <= maxQuote).slice(0, 2)) {
      const source = quote.source?.name ?? (quote.source?.url ? hostOf(quote.source.url) : undefined);
      lines.push(`> ${escapeMarkdown(quote.text)}${source ? ` — ${escapeMarkdown(clip(source, 200))}` : ''}`);
    }
    const citations = unique(definition.citations.map(formatCitation)).slice(0, MAX_CITATIONS_SHOWN);
    if (citations.length > 0) lines.push(`📙 ${citations.map((c) => escapeMarkdown(clip(c, 200))).join('; ')}`);
    if (group.others.length > 0) lines.push(placesLine(group, options));
    else {
      const open = options.definitionLink?.(definition);
      const openHref = open ? openableHref(open, options.isIndexedNote) : undefined;
      if (openHref) lines.push(`[Open in notes](${markdownUrl(openHref)})`);
    }
    parts.push(lines.join('\n\n'));
  }
  if (hidden > 0) parts.push(hiddenDefinitions(hidden));
  // Whoever made the list, the card lists no link it could not open; the first few it can are read, not the whole list.
  const shown: NoteLink[] = [];
  const maxShown = options.maxReferences ?? REFERENCES_SHOWN;
  for (const link of references) {
    if (shown.length >= maxShown) break;
    if (isReference(link.url, options.isIndexedNote)) shown.push(link);
  }
  if (shown.length > 0) {
    const item = (link: NoteLink) => `- ${markdownLink(clip(link.description || hostOf(link.url), 200), link.url, options.isIndexedNote)} (${escapeMarkdown(clip(hostOf(link.url), 200))})`;
    const { own, related } = referencesByOrigin(groups, shown);
    const lists: string[] = [];
    lists.push(own.length > 0 ? '**References**\n\n' + own.map(item).join('\n') : '*No references of its own.*');
    if (related.length > 0) lists.push(`**${RELATED}**\n\n` + related.map(item).join('\n'));
    parts.push(lists.join('\n\n'));
  }
  return parts.join('\n\n---\n\n');
}

/** What a card calls the links the notes hold near a term but not in its definitions: its section's, and those of lines that mention it. */
const RELATED = 'Related in the notes';

/**
 * A card's references split by where they come from (see rankedReferences): the term's own,
 * written in one of the definitions the card shows, and the rest. A term with no link of its
 * own listed its section's links as its references ("fan out" got a thread on memory usage):
 * the card now says which are which.
 */
function referencesByOrigin(groups: SameDefinitions[], references: NoteLink[]): { own: NoteLink[]; related: NoteLink[] } {
  const own: NoteLink[] = [];
  const related: NoteLink[] = [];
  // The definitions a hover card shows, as many as it shows: the others of a group have the
  // same links as the one shown, and come after it in the order references are ranked in.
  const definitions = groups.slice(0, MAX_DEFINITIONS_SHOWN).map((group) => group.definition);
  for (const link of references) (writtenIn(definitions, link) ? own : related).push(link);
  return { own, related };
}

/**
 * The term's own references among `references` (rankedReferences'), in their order: those
 * written in one of its definitions, as a card lists them under References; a link only
 * related to the term (its section's, a line that mentions it) is none of them. What Insert
 * glossary may cite as the term's reference.
 */
export function ownReferences(entry: TermEntry, references: NoteLink[]): NoteLink[] {
  return references.filter((link) => writtenIn(entry.definitions, link));
}

/** Whether the link is one written in one of the definitions: the same URL at the same place. */
function writtenIn(definitions: readonly IndexedDefinition[], link: NoteLink): boolean {
  const sameLink = (mine: NoteLink) => mine.url === link.url && mine.range.start.line === link.range.start.line && mine.range.start.character === link.range.start.character;
  return definitions.some((definition) => definition.links.some(sameLink));
}

/** How many of its links a definition written as links alone shows in their place. */
const LINKS_IN_PLACE_OF_TEXT = 3;

/**
 * What a card says of a definition without text. A definition may be its links alone
 * (`_SOLID_: https://www.youtube.com/…`): the dialect cuts them out of the text, and the card
 * said "(no definition yet)" of a term the notes define by a talk or an article. Each link is
 * labelled by its host when its text only repeats the term.
 */
function withoutText(definition: IndexedDefinition, isIndexedNote: IndexedNoteTest | undefined): string {
  const own = linksInPlaceOfText(definition);
  if (own.length === 0) return ' (no definition yet)';
  const shown = own.slice(0, LINKS_IN_PLACE_OF_TEXT).map((link) => markdownLink(linkLabel(link, definition.term), link.url, isIndexedNote));
  const more = own.length - shown.length;
  return ` — see ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/** withoutText for the terminal: the links' addresses, or that there is no text. */
function plainWithoutText(definition: IndexedDefinition): string {
  const own = linksInPlaceOfText(definition);
  return own.length > 0 ? `see ${own.slice(0, LINKS_IN_PLACE_OF_TEXT).map((link) => link.url).join(' ')}` : '(no definition yet)';
}

/** The links written on a definition's own line (not its continuation's): what it says instead of a text. */
function linksInPlaceOfText(definition: IndexedDefinition): NoteLink[] {
  const line = definition.termRange.start.line;
  return definition.links.filter((link) => link.range.start.line === line);
}

/** A link's text, or its host where the text is only the term again, an address, or missing. */
function linkLabel(link: NoteLink, term: string): string {
  const text = link.description?.trim() ?? '';
  return clip(!text || text.toLowerCase() === term.toLowerCase() || text.includes('://') ? hostOf(link.url) : text, 200);
}

const MAX_EXAMPLES_SHOWN = 5;
const MAX_META_SHOWN = 10;

/**
 * A Contextive term's part of a card, as Contextive shows it: its bounded context (name,
 * vision, facts), the definition, the examples, the term's facts. Glossaries write Markdown;
 * it is shown as inlineMarkdown shows a note's.
 */
function glossaryCard(definition: IndexedDefinition, isIndexedNote: IndexedNoteTest | undefined): string[] {
  const lines: string[] = [];
  const { context } = definition;
  const header = [context?.name ? `*${escapeMarkdown(clip(context.name, 200))}*` : '', context?.vision ? inlineMarkdown(clip(context.vision), isIndexedNote) : ''].filter(Boolean);
  if (header.length > 0) lines.push(header.join(' — '));
  const facts = (meta: [string, string][] | undefined) => (meta ?? []).slice(0, MAX_META_SHOWN).map(([key, value]) => `${inlineMarkdown(clip(key, 200), isIndexedNote)} ${inlineMarkdown(clip(value, 400), isIndexedNote)}`);
  if (context?.meta) lines.push(facts(context.meta).join('  \n'));
  lines.push(definition.text ? inlineMarkdown(clip(definition.text), isIndexedNote) : '(no definition yet)');
  const examples = (definition.examples ?? []).slice(0, MAX_EXAMPLES_SHOWN);
  if (examples.length > 0) lines.push(examples.map((example) => `- “${inlineMarkdown(clip(example, 400), isIndexedNote)}”`).join('\n'));
  if (definition.meta) lines.push(facts(definition.meta).join('  \n'));
  return lines;
}

/**
 * The inline Markdown a note's definition may be written in that a card shows as such: a code
 * span, strong and plain emphasis (`**x**`, `__x__`, `*x*`, `_x_`), and `[text](url)` links and
 * `![text](src)` images, read as every reader of notes reads them (text/markdownLinks.ts: a
 * destination may hold balanced parentheses, `javascript:alert(1)` as well).
 */
const EMPHASIS_SOURCES = [
  '\\*\\*([^*\\s](?:[^*\\n]{0,498}[^*\\s])?)\\*\\*',
  '(?<![\\p{L}\\p{N}_])__([^_\\s](?:[^_\\n]{0,498}[^_\\s])?)__(?![\\p{L}\\p{N}_])',
  '(?<![\\p{L}\\p{N}*])\\*([^*\\s](?:[^*\\n]{0,498}[^*\\s])?)\\*(?![\\p{L}\\p{N}*])',
  '(?<![\\p{L}\\p{N}_])_([^_\\s](?:[^_\\n]{0,498}[^_\\s])?)_(?![\\p{L}\\p{N}_])',
];
const INLINE_SPANS = new RegExp(['`([^`\\n]{1,500})`', ...EMPHASIS_SOURCES, `(!?)${MARKDOWN_LINK_SOURCE}`].join('|'), 'gu');

/** The same emphasis, each kind alone with its mark, as plainText takes it out. */
const EMPHASIS = EMPHASIS_SOURCES.map((source, i) => ({ mark: ['**', '__', '*', '_'][i], regex: new RegExp(source, 'gu') }));

/**
 * Markdown a note wrote, shown with its code spans, emphasis and links (see INLINE_SPANS), and
 * escaped everywhere else. HTML tags and comments are dropped first (but in code spans): a card
 * shows neither them nor their markup. Each span is written anew around its own text, escaped,
 * so nothing else survives: no image (its text stands for it) or autolink, no nested markup; a
 * link is a link only where the URL policy opens it, judged on the destination as a Markdown
 * reader reads it (entities decoded) and the URL parser parses it, else its label as text (see
 * inlineLink). A span counts only between
 * spaces (or the text's ends; closing punctuation may come before the space): glued to a neighbour, a
 * renderer may read its marks into the neighbour's URL ("https://e.com/`<img …>`") and what they
 * enclose as Markdown, so it is then escaped with the words around it.
 */
export function inlineMarkdown(written: string, isIndexedNote?: IndexedNoteTest): string {
  // Invisible characters out first: `<\u200Bimg …>` is a tag once they are gone.
  const markdown = dropInlineHtml(stripInvisible(written));
  let shown = '';
  let plainFrom = 0;
  for (const span of markdown.matchAll(INLINE_SPANS)) {
    const end = span.index + span[0].length;
    if (!(span.index === 0 || /\s/.test(markdown[span.index - 1])) || !SPAN_FOLLOWER.test(markdown.slice(end, end + 8))) continue;
    const [, code, strong, strongUnderscores, emphasis, emphasisUnderscore, image, label, angled, bare] = span;
    shown += escapeMarkdown(asRead(markdown.slice(plainFrom, span.index)));
    if (code !== undefined) shown += codeSpan(stripInvisible(code).replace(/\s+/g, ' '));
    else if (strong !== undefined || strongUnderscores !== undefined) shown += `**${escapeMarkdown(asRead(strong ?? strongUnderscores))}**`;
    else if (emphasis !== undefined || emphasisUnderscore !== undefined) shown += `*${escapeMarkdown(asRead(emphasis ?? emphasisUnderscore))}*`;
    else if (image) shown += escapeMarkdown(asRead(label));
    else shown += inlineLink(asRead(label), asRead(angled ?? bare ?? ''), isIndexedNote);
    plainFrom = end;
  }
  return shown + escapeMarkdown(asRead(markdown.slice(plainFrom)));
}

/** A link in a definition: a link where the URL policy opens it, else its label alone, as text. */
function inlineLink(label: string, url: string, isIndexedNote: IndexedNoteTest | undefined): string {
  return openableHref(url, isIndexedNote) ? markdownLink(label, url, isIndexedNote) : escapeMarkdown(label);
}

/** What may follow a span: the end or a space, after at most a few marks that close a clause or a bracket. */
const SPAN_FOLLOWER = /^[.,;:!?)\]'"’”]{0,3}(?:\s|$)/;

/**
 * What a card says of the definitions it leaves out: their number, and where the full list
 * is (plain text: a hover link may not run a command).
 */
export function hiddenDefinitions(hidden: number): string {
  return `*and ${thousands(hidden)} more ${hidden === 1 ? 'definition' : 'definitions'}: Find All References lists every one*`;
}

/** 4990 as `4,990`: toLocaleString's first call loads the locale data, 20 ms on a hover. */
function thousands(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** Plain text for the terminal. */
export function termText(entry: TermEntry, references: NoteLink[], maxReferences = REFERENCES_SHOWN): string {
  const lines: string[] = [];
  const others = entry.names.filter((n) => n !== entry.term);
  lines.push(stripInvisible(entry.term) + (others.length > 0 ? `  (${others.map(stripInvisible).join(', ')})` : ''));
  // The terminal prints every definition: all are compared.
  const { groups } = sameDefinitions(entry.definitions, Infinity, { texts: Infinity, details: Infinity });
  for (const group of groups) {
    const { definition } = group;
    lines.push('');
    // Section names and book titles come from the note as well: no control or bidi character may reach a terminal.
    lines.push(`  ${stripInvisible(sourceLabel(definition))}${definition.inbox ? ' (inbox)' : ''}`);
    if (definition.context?.vision) lines.push(`    (${terminalText(definition.context.vision)})`);
    lines.push(`    ${definition.text ? terminalText(definition.text) : stripInvisible(definition.kind === 'topic' ? '(topic)' : plainWithoutText(definition))}`);
    for (const example of definition.examples ?? []) lines.push(`    e.g. ${terminalText(example)}`);
    for (const more of definition.continuation.slice(0, 4)) lines.push(`    - ${terminalText(more)}`);
    const citations = unique(definition.citations.map(formatCitation));
    if (citations.length > 0) lines.push(`    cited: ${stripInvisible(citations.join('; '))}`);
    if (group.others.length > 0) lines.push(`    ${plainPlacesLine(group)}`);
  }
  const shown = references.slice(0, maxReferences);
  if (shown.length > 0) {
    const { own, related } = referencesByOrigin(groups, shown);
    lines.push('');
    if (own.length === 0) lines.push('  no references of its own');
    for (const [heading, links] of [['references', own], [RELATED.toLowerCase(), related]] as const) {
      if (links.length === 0) continue;
      lines.push(`  ${heading}:`);
      for (const link of links) lines.push(`    ${stripInvisible(link.description || hostOf(link.url))}  ${stripInvisible(link.url)}`);
    }
  }
  return lines.join('\n');
}

/**
 * A note's Markdown as the terminal and a plain-text card print it: emphasis and code spans as
 * written, which read well as they are, but a link is its label (its URL is among the
 * references, if the policy lets it be one), an image its text, a wikilink the words it shows,
 * and HTML is dropped: nothing a Markdown reader would not show as text (text/inlineText.ts).
 */
function terminalText(markdown: string): string {
  return readInline(stripInvisible(markdown), { links: 'label', images: 'label', urls: 'address' });
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
