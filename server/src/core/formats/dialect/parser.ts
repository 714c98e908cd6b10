// The notes-dialect parser: note text → typed note model (model.ts).
//
// markdown-it decides the block structure that Markdown itself defines: fenced and indented
// code, HTML blocks, headings and thematic breaks. The dialect, though, is line-oriented and
// lives inside what Markdown calls one paragraph (a `📚` line directly under a list item is a
// lazy continuation to Markdown, but a new group to the author), so every other line is read
// on its own, in order, with a little state: the current section, label and definition.

import MarkdownIt from 'markdown-it';
import type { Token as MarkdownToken } from 'markdown-it';
import { createHash } from 'node:crypto';
import type {
  Citation, CrossReference, Definition, Label, Note, NoteLink, Position, Quote, Range,
  Reminder, Section, SectionPath,
} from '../../model';
import { repairEncoding } from '../../notes/encodingRepair';
import { detach, LineIndex } from '../../text/lines';
import { boundedEditDistance, initials, isAcronym, phraseKey } from '../../text/normalize';

/** Generic words that describe their section's topic rather than name a term of their own. */
export const FACET_WORDS = [
  'benefits', 'drawbacks', 'sink', 'communication', 'advantages', 'disadvantages', 'pros', 'cons',
  'tradeoffs', 'trade-offs', 'examples', 'types', 'costs', 'notes', 'links', 'misc', 'resources',
  'alternatives', 'tooling', 'tools', 'overview', 'summary', 'references', 'todo',
];
const FACET_KEYS = FACET_WORDS.map(phraseKey);

const facetAnswers = new Map<string, boolean>();

/** A facet by its key, tolerating one slip in longer words (`communcation`). */
export function isFacet(term: string): boolean {
  // Every definition asks, and the same terms come back note after note: answers are kept.
  let facet = facetAnswers.get(term);
  if (facet === undefined) {
    const key = phraseKey(term);
    facet = FACET_KEYS.some((facetKey) => facetKey === key || (key.length >= 8 && mayBeOneSlipFrom(facetKey, key) && boundedEditDistance(facetKey, key, 1) <= 1));
    if (facetAnswers.size >= 50_000) facetAnswers.clear();
    facetAnswers.set(detach(term), facet); // a copy: a cut of the note would keep its whole text alive
  }
  return facet;
}

/**
 * False when `key` is surely more than one edit from the ASCII `facetKey`: its length alone
 * says so, where boundedEditDistance first copies both words into code points. A new term is
 * met at every definition of a cold index, and is checked against every facet word. (Edits
 * count code points: a key of fewer code units has no more code points, and an ASCII key's
 * code units are its code points.)
 */
function mayBeOneSlipFrom(facetKey: string, key: string): boolean {
  if (key.length < facetKey.length - 1) return false;
  return key.length <= facetKey.length + 1 || NON_ASCII.test(key);
}

// Section headings in the author's other language that have a fixed meaning.
const REFERENCE_HEADINGS = new Set(['参考', 'references', 'refs', 'see also']);
const INBOX_HEADINGS = new Set(['进步', '进来', 'inbox', 'progress', 'reading list']);

const URL_PATTERN = /\b(?:https?|file):\/\/[^\s<>()`"]+[^\s<>()`".,;:!?'’”)\]]|\b(?:https?|file):\/\/[^\s<>()`"]+/gu;
// URL_PATTERN reads text without surrogates (characters beyond the BMP) exactly as it reads it
// without the `u` flag, and that copy runs about three times as fast: under `u`, each negated
// class must take a surrogate pair as one character. Most lines hold no such character.
const URL_PATTERN_WITHOUT_SURROGATES = new RegExp(URL_PATTERN.source, 'g');
const SURROGATE = /[\uD800-\uDFFF]/;
// A link's text stops at the next bracket either way: were `[` allowed inside it, every `[`
// of a line full of them would scan to the end of the line, and parsing would be quadratic.
const MARKDOWN_LINK = /\[([^[\]\n]*)\]\(\s*<?([^()\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
// The section name is read word by word: a lazy run that may hold spaces would retry the
// lookahead's `\s*` from every space of a long run, which is quadratic.
const CROSS_REFERENCE = /`([^`\n]+\.md)`(?:\s+['"‘“]?([^\s'"’”`📙📍🗄]+(?:\s+[^\s'"’”`📙📍🗄]+)*?)['"’”]?)?(?=\s*(?:$|https?:|📙|\[|🗄))/gu;
const BOOK_CITATION = /📙\s*((?:[A-Z][\p{L}'’.-]*)(?:\s+[A-Z][\p{L}'’.-]*)*)(?:\s*\[([\d.,:\s–-]+)\]|\s+(\d[\d.,:–-]*))?/gu;
const BRACKET_CITATION = /\[([A-Z][\p{L}'’.-]*(?:\s+[A-Z][\p{L}'’.-]*)*)\s+(\d[\d.,:–-]*)\](?!\()/gu;
const PAGE_ONLY = /\[(\d[\d.,–-]*)\](?!\()/g;
const LABEL_LINE = /^([A-Z][A-Z0-9&'’\/+-]*(?:\s+[A-Z0-9&'’\/+-]+)*)(?=\s*$|\s+(?:https?:|🗄|`|📙))/u;
const DEFINITION_ITEM = /^_([^_\n]+?)_(?:\s*:\s*|\s+(?=https?:)|\s*$)/u;
const LOOSE_DEFINITION = /^([\p{L}\p{N}][\p{L}\p{N} '’\/&+-]{1,40}?):\s+(?=\S)/u;
const LIST_ITEM = /^(\s*)(?:[*+-]|\d+[.)])(?:\s+|$)/;
const QUOTE_LINE = /^\s{0,3}>\s?/;
const EMOJI_ONLY = /^[\p{Extended_Pictographic}\p{Emoji_Component}\uFE0F\u200D\s]+$/u;
const NON_ASCII = /[^\x00-\x7f]/;
const VISIBLE = /\S/;
const DECORATION = /^([^\p{L}\p{N}\s]+)\s*/u;

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

type LineKind = 'text' | 'blank' | 'code' | 'heading' | 'break' | 'html';

interface BlockLines {
  kinds: LineKind[];
  headingLevel: Map<number, number>;
}

/** Classifies each line with markdown-it's block parser. */
function classifyLines(text: string, lineCount: number): BlockLines {
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

export interface ParseOptions {
  /** Extra facet words besides FACET_WORDS. */
  facets?: string[];
}

/** Parses one note. Never throws: malformed input yields what could be read. */
export function parseNote(uri: string, original: string, options: ParseOptions = {}): Note {
  const repair = repairEncoding(original);
  const text = repair.text;
  const repaired = new LineIndex(text);
  const onDisk = repair.changed ? new LineIndex(original) : repaired;
  const extraFacets = (options.facets ?? []).map(phraseKey);

  const starts = repaired.starts;
  /** The position on disk of an offset in the repaired text, which the reader met on `line`. */
  const positionOnLine = (offset: number, line: number): Position => {
    // Most notes need no repair, and nearly every offset lies on the line being read: its
    // position is then that line and the distance from the line's start. Ranges are made for
    // every link, citation and definition, and a binary search over all the line starts for
    // each end of each of them was a good part of parsing.
    const lineStart = starts[line];
    const nextStart = line + 1 < starts.length ? starts[line + 1] : text.length + 1;
    if (!repair.changed && offset >= lineStart && offset < nextStart) return { line, character: offset - lineStart };
    return onDisk.positionAt(repair.changed ? repair.toOriginalOffset(offset) : offset);
  };
  const lineRange = (line: number, from = 0, to?: number): Range => {
    const start = starts[line];
    return {
      start: positionOnLine(start + from, line),
      end: positionOnLine(to === undefined ? repaired.lineEnd(line) : start + to, line),
    };
  };

  const note: Note = {
    uri,
    hash: hashText(original),
    sections: [],
    definitions: [],
    facets: [],
    links: [],
    citations: [],
    quotes: [],
    crossReferences: [],
    reminders: [],
    problems: [],
    lines: [],
    lineCount: repaired.lineCount,
  };
  for (const edit of repair.repairs) {
    note.problems.push({
      kind: 'encoding-damage',
      message: `Encoding damage: this text was UTF-8 read as Windows-1252; it reads "${edit.replacement}".`,
      range: { start: onDisk.positionAt(edit.originalStart), end: onDisk.positionAt(edit.originalEnd) },
      candidates: [edit.replacement],
    });
  }
  for (const spot of repair.ambiguities) {
    note.problems.push({
      kind: 'encoding-ambiguous',
      message: `Encoding damage: a byte was lost here; it was one of ${spot.candidates.map((c) => `"${c}"`).join(', ')}.`,
      range: { start: onDisk.positionAt(spot.originalStart), end: onDisk.positionAt(spot.originalEnd) },
      candidates: spot.candidates,
    });
  }

  const { kinds, headingLevel } = classifyLines(text, repaired.lineCount);

  // Reading state.
  let area: Section | undefined;
  let section: Section | undefined;
  let label: Label | undefined;
  let inbox = false;
  let owner: Definition | undefined; // the definition that continuation lines belong to
  let topicDefinition: Definition | undefined;
  let group: 'cross-references' | 'books' | 'ai-chat' | undefined;
  const knownBooks = new Map<string, string>(); // lower-case → as written
  const pendingPageOnly: { citation: Citation; line: number }[] = [];
  const sectionKeys = new Map<string, Definition>(); // duplicate detection within a section

  const path = (): SectionPath => (section ? section.path : area ? area.path : []);
  const remind = (kind: Reminder['kind'], text: string, line: number) =>
    note.reminders.push({ kind, text, range: lineRange(line), sectionPath: path() });
  const closeLabel = (line: number) => {
    if (label) label.scope = { start: label.scope.start, end: lineRange(Math.max(line - 1, 0)).end };
    label = undefined;
  };
  // A topic runs to the next heading; an area runs over its topics, to the next level-1 heading.
  const closeSection = (line: number, closesArea = false) => {
    closeLabel(line);
    const end = lineRange(Math.max(line - 1, 0)).end;
    if (section) section.range = { start: section.range.start, end };
    if (closesArea && area) area.range = { start: area.range.start, end };
  };

  for (let line = 0; line < repaired.lineCount; line++) {
    const kind = kinds[line];
    if (kind === 'code' || kind === 'html') continue;
    const lineText = repaired.lineText(line);
    // Where the line's text begins; -1 on a blank line. (`\s` is the white space `trim` strips.)
    const firstVisible = lineText.search(VISIBLE);
    if (firstVisible === -1) {
      // A blank line ends a definition's continuation and a cross-reference group.
      owner = undefined;
      group = undefined;
      continue;
    }

    if (kind === 'heading') {
      const level = headingLevel.get(line);
      if (level === undefined) continue; // setext underline
      closeSection(line, level === 1);
      owner = undefined;
      group = undefined;
      inbox = false;
      sectionKeys.clear();
      // The lookbehind keeps the closing-sequence match from starting inside a run of spaces,
      // where it would rescan the run from every space (quadratic on a long run).
      const raw = lineText.replace(/^\s*#+\s*/, '').replace(/(?<!\s)\s+#+\s*$/, '').trim();
      if (level === 1 && EMOJI_ONLY.test(raw)) {
        note.icon = raw;
        area = undefined;
        section = undefined;
        topicDefinition = undefined;
        continue;
      }
      const decoration = DECORATION.exec(raw);
      const name = (decoration ? raw.slice(decoration[0].length) : raw).trim() || raw;
      const lower = name.toLowerCase();
      const sectionKind: Section['kind'] = REFERENCE_HEADINGS.has(lower) ? 'references'
        : INBOX_HEADINGS.has(lower) ? 'inbox'
        : level === 1 ? 'area' : level === 2 ? 'topic' : 'heading';
      const parentPath = level === 1 ? [] : area ? area.path : [];
      const created: Section = {
        kind: sectionKind,
        name,
        decoration: decoration ? decoration[1] : undefined,
        level,
        path: [...parentPath, name],
        range: lineRange(line),
        headingRange: lineRange(line),
        labels: [],
      };
      note.sections.push(created);
      if (level === 1) {
        area = created;
        section = undefined;
      } else {
        section = created;
      }
      topicDefinition = undefined;
      if (sectionKind === 'topic') {
        const nameStart = lineText.indexOf(name);
        topicDefinition = {
          term: name,
          aliases: [],
          equivalences: [],
          text: '',
          range: lineRange(line),
          termRange: lineRange(line, nameStart, nameStart + name.length),
          sectionPath: created.path,
          continuation: [],
          links: [],
          citations: [],
          quotes: [],
          loose: false,
          inbox: false,
          kind: 'topic',
        };
        note.definitions.push(topicDefinition);
      }
      continue;
    }

    if (kind === 'break') {
      closeLabel(line);
      owner = undefined;
      group = undefined;
      inbox = true;
      const current = section ?? area;
      if (current && current.inboxLine === undefined) current.inboxLine = line;
      continue;
    }

    const item = LIST_ITEM.exec(lineText);
    const quote = item ? null : QUOTE_LINE.exec(lineText);
    const contentStart = item ? item[0].length : quote ? quote[0].length : firstVisible;
    const content = lineText.slice(contentStart).trimEnd();
    const nested = item ? item[1].length > 0 : false;
    // Every marker (📙, 🗄, 📍, …) lies outside ASCII: a line of ASCII alone, as most are, is
    // not searched for each of them.
    const ascii = !NON_ASCII.test(content);

    // Links, citations and cross-references are found on every line, whatever it is.
    const links = extractLinks(content, contentStart, ascii);
    const lineLinks: NoteLink[] = links.map((found) => ({
      url: found.url,
      description: found.description,
      range: lineRange(line, found.start, found.end),
      sectionPath: path(),
      label: label?.name,
      inbox,
    }));
    append(note.links, lineLinks);
    const prose = plainText(content, links, contentStart);
    if (prose) note.lines.push({ line, text: prose, kind: item ? 'item' : quote ? 'quote' : 'text' });

    const citations: Citation[] = [];
    let lineBook: string | undefined;
    // Each pattern below needs a character that most lines lack: a line without it is not
    // searched.
    const hasBracket = content.includes('[');
    if (!ascii && content.includes('📙')) for (const match of allMatches(BOOK_CITATION, content)) {
      const book = match[1].trim();
      lineBook = book;
      knownBooks.set(book.toLowerCase(), book);
      const start = contentStart + match.index!;
      citations.push({ book, page: (match[2] ?? match[3])?.replace(/\s+/g, ''), kind: 'book', range: lineRange(line, start, start + match[0].length) });
    }
    if (hasBracket) for (const match of allMatches(BRACKET_CITATION, content)) {
      const book = match[1].trim();
      lineBook ??= book;
      knownBooks.set(book.toLowerCase(), book);
      const start = contentStart + match.index!;
      citations.push({ book, page: match[2], kind: 'bracket', range: lineRange(line, start, start + match[0].length) });
    }
    // Book and bracket citations by start. Page-only matches come in order, so one pointer walks
    // these once; checking every citation again for each match was quadratic on a line of `[1]`s.
    const named = hasBracket ? citations.map((c) => [c.range.start.character, c.range.end.character]).sort((a, b) => a[0] - b[0]) : [];
    let nextNamed = 0;
    if (hasBracket) for (const match of allMatches(PAGE_ONLY, content)) {
      const start = contentStart + match.index!;
      const { start: from, end: to } = lineRange(line, start, start + match[0].length);
      // `[1:12:30]` is a timestamp, and `[x]` right after a citation's own page is that citation.
      while (nextNamed < named.length && named[nextNamed][1] <= from.character) nextNamed++;
      if (nextNamed < named.length && named[nextNamed][0] < to.character) continue;
      const citation: Citation = { book: lineBook ?? '', page: match[1], kind: 'page-only', range: lineRange(line, start, start + match[0].length) };
      citations.push(citation);
      if (!lineBook) pendingPageOnly.push({ citation, line });
    }
    if (citations.length > 1) citations.sort((a, b) => a.range.start.character - b.range.start.character);
    append(note.citations, citations);

    const crossReferences: CrossReference[] = [];
    if (content.includes('`')) for (const match of allMatches(CROSS_REFERENCE, content)) {
      const start = contentStart + match.index!;
      const fileStart = start + 1;
      crossReferences.push({
        file: match[1].trim(),
        section: match[2]?.trim() || undefined,
        range: lineRange(line, start, start + match[0].length),
        fileRange: lineRange(line, fileStart, fileStart + match[1].length),
        sectionPath: path(),
      });
    }
    append(note.crossReferences, crossReferences);

    // A line that is only a group marker starts a group of items.
    const startsGroup = item || quote || ascii ? undefined : groupStartedBy(content);
    if (startsGroup) {
      group = startsGroup;
      owner = undefined;
      continue;
    }

    if (!ascii && content.includes('📍')) remind('pin', content.replace(/^.*?📍\s*/u, ''), line);
    if (!ascii && content.includes('📝')) remind('todo', content.replace(/^.*?📝\s*/u, ''), line);
    if (!ascii && content.includes('📻')) remind('podcast', content.replace(/^.*?📻\s*/u, ''), line);

    if (quote) {
      if (content.startsWith('❓')) {
        remind('question', content.replace(/^❓\uFE0F?\s*/u, ''), line);
        continue;
      }
      const sourceAt = trailingSource(content);
      const parsedQuote: Quote = { text: quoteText(content, sourceAt), range: lineRange(line), source: quoteSource(content, sourceAt, links, citations) };
      note.quotes.push(parsedQuote);
      (owner ?? topicDefinition)?.quotes.push(parsedQuote);
      if (owner) {
        owner.continuation.push(parsedQuote.text);
        owner.range = { start: owner.range.start, end: lineRange(line).end };
      }
      continue;
    }

    if (!item) {
      // A label starts with a capital: other lines are not searched.
      const labelMatch = isCapital(content.charCodeAt(0)) ? LABEL_LINE.exec(content) : null;
      if (labelMatch && /[A-Z]{2}/.test(labelMatch[1]) && !/[a-z]/.test(labelMatch[1])) {
        closeLabel(line);
        const labelStart = contentStart;
        label = {
          name: labelMatch[1],
          range: lineRange(line, labelStart, labelStart + labelMatch[1].length),
          scope: lineRange(line),
          url: lineLinks[0]?.url,
        };
        for (const link of lineLinks) link.label = label.name;
        (section ?? area)?.labels.push(label);
        owner = undefined;
        group = undefined;
        continue;
      }
      // A plain paragraph line: its links belong to the topic; it ends a definition's run.
      if (group === 'ai-chat') remind('ai-chat', content, line);
      if (!group) owner = undefined;
      if (topicDefinition) append(topicDefinition.links, lineLinks);
      continue;
    }

    if (group === 'books' && !nested) {
      remind('books', content, line);
      continue;
    }
    if (group === 'ai-chat') {
      remind('ai-chat', content, line);
      continue;
    }
    if (group === 'cross-references' && crossReferences.length > 0) continue;

    const definition = content.startsWith('_') ? DEFINITION_ITEM.exec(content) : null;
    if (definition) {
      const rawTerm = definition[1].trim();
      const rest = content.slice(definition[0].length);
      const restStart = contentStart + definition[0].length;
      const termStart = contentStart + 1 + definition[1].indexOf(rawTerm);
      if (isFacet(rawTerm) || (extraFacets.length > 0 && extraFacets.includes(phraseKey(rawTerm)))) {
        note.facets.push({ word: rawTerm, range: lineRange(line, termStart, termStart + rawTerm.length), sectionPath: path() });
        if (topicDefinition) {
          append(topicDefinition.links, lineLinks);
          append(topicDefinition.citations, citations);
        }
        owner = undefined;
        continue;
      }
      // `(.*\S)` rather than a lazy `(.+?)\s*`: the lazy form retried `\s*` from every space
      // of a run, which is quadratic on a term with a long run of spaces.
      const expansionMatch = /^(.*\S)\s*\(([^()]+)\)$/.exec(rawTerm);
      const term = expansionMatch ? expansionMatch[1].trim() : rawTerm;
      const definitionText = withoutCitations(plainText(rest, links, restStart));
      const created: Definition = {
        term,
        expansion: expansionMatch ? expansionMatch[2].trim() : undefined,
        aliases: aliasesIn(definitionText),
        equivalences: [],
        text: definitionText,
        range: lineRange(line),
        termRange: lineRange(line, termStart, termStart + term.length),
        sectionPath: path(),
        label: label?.name,
        continuation: [],
        links: lineLinks,
        citations,
        quotes: [],
        loose: false,
        inbox,
        kind: 'term',
      };
      if (!created.expansion && isAcronym(term)) {
        const spelled = definitionText.replace(/[^\p{L}\p{N}\s-]/gu, ' ').trim();
        if (spelled && initials(spelled) === term.toLowerCase()) created.expansion = spelled;
      }
      for (const link of lineLinks) link.description ||= term;
      addDefinition(created, line);
      continue;
    }

    // `= X`: the topic is also called X.
    if (content.startsWith('= ') && topicDefinition) {
      const names = plainText(content.slice(2), links, contentStart + 2);
      append(topicDefinition.equivalences, names.split(/\s*,\s*/).map((n) => n.trim()).filter(Boolean));
      append(topicDefinition.links, lineLinks);
      continue;
    }

    // Continuation: items that follow a definition and define nothing belong to it.
    const loose = owner && nested ? null : looseDefinition(content);
    if (owner && (nested || !loose)) {
      // The line's prose is the text it adds to the definition.
      const continuationText = prose;
      if (continuationText) owner.continuation.push(continuationText);
      const alias = /^aka\s/i.test(continuationText) ? aliasesIn(continuationText) : [];
      append(owner.aliases, alias);
      append(owner.links, lineLinks);
      append(owner.citations, citations);
      owner.range = { start: owner.range.start, end: lineRange(line).end };
      continue;
    }

    if (loose && !/https?:/.test(loose[1]) && !/^(?:aka|e\.g|i\.e|re|rf|ex)\b/i.test(loose[1]) && loose[1].trim().split(/\s+/).length <= 4) {
      const term = loose[1].trim();
      const termStart = contentStart;
      if (isFacet(term) || (extraFacets.length > 0 && extraFacets.includes(phraseKey(term)))) {
        note.facets.push({ word: term, range: lineRange(line, termStart, termStart + term.length), sectionPath: path() });
        if (topicDefinition) append(topicDefinition.links, lineLinks);
        owner = undefined;
        continue;
      }
      const rest = content.slice(loose[0].length);
      const restStart = contentStart + loose[0].length;
      const definitionText = withoutCitations(plainText(rest, links, restStart));
      for (const link of lineLinks) link.description ||= term;
      addDefinition({
        term,
        aliases: aliasesIn(definitionText),
        equivalences: [],
        text: definitionText,
        range: lineRange(line),
        termRange: lineRange(line, termStart, termStart + term.length),
        sectionPath: path(),
        label: label?.name,
        continuation: [],
        links: lineLinks,
        citations,
        quotes: [],
        loose: true,
        inbox,
        kind: 'term',
      }, line);
      continue;
    }

    // Any other item: its links belong to the topic.
    owner = undefined;
    if (topicDefinition) {
      append(topicDefinition.links, lineLinks);
      append(topicDefinition.citations, citations);
    }
  }
  closeSection(repaired.lineCount, true);

  // `[6]` under the label KLEPPMANN cites the book that the label names.
  const labels = note.sections.flatMap((s) => s.labels);
  for (const { citation, line } of pendingPageOnly) {
    const governing = labelGoverning(labels, line);
    const book = governing ? knownBooks.get(governing.name.toLowerCase()) : undefined;
    citation.book = book ?? '';
  }
  note.citations = note.citations.filter((c) => c.book !== '');
  for (const definition of note.definitions) definition.citations = definition.citations.filter((c) => c.book !== '');
  for (const topic of note.definitions) if (topic.kind === 'topic' && !topic.text) topic.text = firstWords(topic);
  return note;

  function addDefinition(created: Definition, line: number) {
    const key = created.sectionPath.join('\u0000') + '\u0000' + (created.label ?? '') + '\u0000' + phraseKey(created.term);
    const earlier = sectionKeys.get(key);
    if (earlier) {
      note.problems.push({
        kind: 'duplicate-definition',
        message: `"${created.term}" is defined twice in ${created.sectionPath.join(' › ') || 'this note'} (first on line ${earlier.range.start.line + 1}).`,
        range: created.termRange,
      });
    } else {
      sectionKeys.set(key, created);
    }
    if (!created.text && created.links.length === 0) {
      note.problems.push({ kind: 'empty-definition', message: `"${created.term}" has no definition yet.`, range: created.termRange });
    }
    note.definitions.push(created);
    owner = created;
    void line;
  }
}

/** `term: text` at the start of an item: LOOSE_DEFINITION's match, if any. */
function looseDefinition(content: string): RegExpExecArray | null {
  // The term holds no colon, so the colon that ends it is the line's first; a term is 2 to 41
  // characters long. Most items have no colon there, and are not searched.
  // A URL's colon, the commonest, is followed by `//` where the term's is followed by a space.
  const colon = content.indexOf(':');
  return colon >= 2 && colon <= 41 && !content.startsWith('//', colon + 1) ? LOOSE_DEFINITION.exec(content) : null;
}

/** The group that a line holding only a group marker starts (`🗄`, `📚`, `🧠`), if it is one. */
function groupStartedBy(content: string): 'cross-references' | 'books' | 'ai-chat' | undefined {
  // Only a line that holds a marker can be one: the others are not copied.
  if (!content.includes('🗄') && !content.includes('📚') && !content.includes('🧠')) return undefined;
  const marker = content.replace(/\uFE0F/g, '').trim();
  return marker === '🗄' ? 'cross-references' : marker === '📚' ? 'books' : marker === '🧠' ? 'ai-chat' : undefined;
}

function isCapital(code: number): boolean {
  return code >= 0x41 && code <= 0x5a;
}

/**
 * The label whose scope holds `line`. Labels are in document order and their scopes do not
 * overlap, so a binary search finds it: a linear search for each of 100,000 citations under
 * as many labels was quadratic.
 */
function labelGoverning(labels: Label[], line: number): Label | undefined {
  let low = 0;
  let high = labels.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (labels[middle].scope.start.line <= line) low = middle;
    else high = middle - 1;
  }
  const label = labels[low];
  return label && label.scope.start.line <= line && line <= label.scope.end.line ? label : undefined;
}

interface FoundLink { url: string; description: string; start: number; end: number }

/** URLs and Markdown links on a line, each with the words before it that describe it; `ascii` when the line is ASCII alone. */
function extractLinks(content: string, offset: number, ascii: boolean): FoundLink[] {
  const found: FoundLink[] = [];
  const taken: [number, number][] = [];
  // Neither pattern can match without these.
  if (content.includes('](')) for (const match of allMatches(MARKDOWN_LINK, content)) {
    const start = match.index!;
    found.push({ url: match[2], description: cleanDescription(match[1]), start: offset + start, end: offset + start + match[0].length });
    taken.push([start, start + match[0].length]);
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
      const before = content.slice(previousEnd, start);
      found.push({ url: match[0], description: cleanDescription(before), start: offset + start, end: offset + end });
      previousEnd = end;
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

// What cleanDescription removes: a definition's `_term_:`, citations, markers, code ticks, and
// the punctuation that leads in or trails off.
const DESCRIBED_TERM = /^_([^_]+)_\s*:?/;
const DESCRIBED_CITATION = /📙[^[\]📙]*\[[^[\]]*\]|\[[^[\]]*\]/gu;
const DESCRIBED_MARKER = /[🗄📙📍📝📻🧠❓\uFE0F]/gu;
const DESCRIBED_CODE = /`([^`]*)`/g;
const DESCRIPTION_LEAD = /^[\s\-–—:>*=]+/;
const DESCRIPTION_TAIL = /[\s\-–—:,;(]/;

/**
 * `text` without the trailing characters that `strip` matches. A loop, because `[…]+$` tries
 * every position of every run and so is quadratic on a long run that does not end the text.
 */
function trimEndWhere(text: string, strip: RegExp): string {
  let end = text.length;
  while (end > 0 && strip.test(text[end - 1])) end--;
  return text.slice(0, end);
}

/**
 * A definition's text without its citations, which are shown apart, as a reader writes them.
 * `text` is folded already (plainText's), so only text that lost a citation is folded again.
 */
function withoutCitations(text: string): string {
  // Most definitions cite nothing: each pattern runs only when its marker is there.
  let cleaned = text;
  if (cleaned.includes('📙')) cleaned = cleaned.replace(BOOK_CITATION, ' ');
  if (cleaned.includes('[')) cleaned = cleaned.replace(BRACKET_CITATION, ' ').replace(PAGE_ONLY, ' ');
  return cleaned === text ? text : foldSpaces(cleaned);
}

/** Text with its links cut out and white space folded; `offset` is where `text` stands in the line. */
function plainText(text: string, links: readonly FoundLink[], offset: number): string {
  if (links.length === 0) return foldSpaces(text);
  // The text around the links, each piece folded on its own and the pieces joined by one space:
  // the same as cutting each link out for a space and folding the whole, without folding again
  // the double spaces each cut leaves (a piece that folds to nothing leaves no space).
  let result = '';
  let at = 0;
  for (const link of links) {
    const start = link.start - offset;
    if (start < at || start < 0) continue;
    result = joinFolded(result, foldSpaces(text.slice(at, start)));
    at = link.end - offset;
  }
  return joinFolded(result, foldSpaces(text.slice(at)));
}

function joinFolded(before: string, after: string): string {
  return before === '' ? after : after === '' ? before : before + ' ' + after;
}

// White space other than single spaces: trimmed text without any is already folded.
const UNFOLDED_SPACE = /[^\S ]| {2}/;

/**
 * `text.replace(/\s+/g, ' ').trim()`. Most text is already folded but for its ends, and
 * testing for that copies nothing, where the replacement builds a new string of every line.
 */
function foldSpaces(text: string): string {
  const trimmed = text.trim();
  return UNFOLDED_SPACE.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
}

const ALIAS = /\baka\s+([^,;()[\]📙📍🗄]+?)(?=\s*(?:$|[,;()[\]📙📍🗄]|\s-\s|\bhttps?:))/giu;
// With the same flags as ALIAS, so that it finds every `aka` that ALIAS can.
const AKA = /aka/iu;

/** `aka yak shaving https://…` → ["yak shaving"]; several names may be joined by "or" or commas. */
function aliasesIn(text: string): string[] {
  const aliases: string[] = [];
  // Most definitions name no alias: only a text with `aka` in it is searched for one.
  if (!AKA.test(text)) return aliases;
  for (const match of allMatches(ALIAS, text)) {
    for (const name of match[1].split(/\s+or\s+/)) if (name.trim()) aliases.push(name.trim());
  }
  return aliases;
}

// A URL with the white space before it. The lookbehind lets only the first space of a run
// start a match; without it, each space of a long run would be scanned to the run's end.
const URL_AND_SPACE_BEFORE = /(?<!\s)\s*https?:\/\/\S+/g;

/** A quote line without its trailing source (`- Name`, a URL), which starts at `sourceAt`. */
function quoteText(content: string, sourceAt: number | undefined): string {
  const text = sourceAt === undefined ? content : content.slice(0, sourceAt);
  return foldSpaces(withoutUrls(text, ' '));
}

/** `text` with each URL and the white space before it replaced. */
function withoutUrls(text: string, replacement: string): string {
  // Only a line that holds `http` can hold a URL: the others are not searched.
  return text.includes('http') ? text.replace(URL_AND_SPACE_BEFORE, replacement) : text;
}

/** Where a quote's ` - Source` begins (the last ` - ` followed by a name or URL), if anywhere. */
function trailingSource(content: string): number | undefined {
  const dash = content.lastIndexOf(' - ');
  if (dash === -1) return undefined;
  const after = content.slice(dash + 3).trim();
  return SOURCE_START.test(after) ? dash : undefined;
}
const SOURCE_START = /^(?:https?:|[A-Z])/;

function quoteSource(content: string, sourceAt: number | undefined, links: FoundLink[], citations: Citation[]): Quote['source'] {
  const url = links.length > 0 ? links[links.length - 1].url : undefined;
  const name = sourceAt === undefined ? undefined : withoutUrls(content.slice(sourceAt + 3), '').trim() || undefined;
  const citation = citations[citations.length - 1];
  if (!url && !name && !citation) return undefined;
  return { url, name, citation };
}

function firstWords(topic: Definition): string {
  const quote = topic.quotes[0]?.text;
  if (!quote) return '';
  return quote.length > 200 ? quote.slice(0, 197).replace(/\s+\S*$/, '') + '…' : quote;
}

/**
 * The matches of a global pattern in `text`, in order. `String.matchAll` copies the pattern on
 * each call and steps through an iterator, which cost more than the search itself on the lines
 * of a note; this runs the pattern itself from the start. None of our patterns matches the empty
 * string, so each search moves on.
 */
function allMatches(pattern: RegExp, text: string): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) found.push(match);
  return found;
}

/**
 * Appends `items` to `list`. `list.push(...items)` passes every item as an argument and
 * throws a RangeError past about 100,000 of them, which one line of links or citations can hold.
 */
function append<T>(list: T[], items: readonly T[]): void {
  for (const item of items) list.push(item);
}

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
