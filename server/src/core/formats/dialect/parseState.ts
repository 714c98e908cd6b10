// What the reader of one note carries from line to line: the note being built, where each
// offset of the repaired text lies in the file on disk, and what the lines read so far have
// opened (area, topic, label, the definition that continues, a group). Every construct's
// reader (sections.ts, definitions.ts, …) works on this one state, as the lines come.

import type {
  Citation, CrossReference, Definition, Label, Note, NoteLink, Position, Range, Reminder,
  Section, SectionPath,
} from '../../model';
import type { RepairResult } from '../../notes/encodingRepair';
import { LineIndex } from '../../text/lines';

/** A group of items that a line holding only its marker (`🗄`, `📚`, `🧠`) starts. */
export type Group = 'cross-references' | 'books' | 'ai-chat';

/** A URL or Markdown link found on a line, with the words before it that describe it. */
export interface FoundLink {
  url: string;
  description: string;
  start: number;
  end: number;
  /** A Markdown link's label, as written: the words a reader reads where the link stands. */
  label?: string;
  /** A URL's: how many characters before it lead in to it ("See "), cut out of the prose with it (see leadInLength in links.ts). */
  leadIn?: number;
}

/**
 * A line of content (neither code, heading, break nor blank) and what every line yields,
 * whatever it is: its links, prose, citations and cross-references. One per note, refilled
 * for each line (parser.ts), so that reading a line allocates no holder for these.
 */
export class LineContent {
  line = 0;
  /** The line without its list or quote marker and trailing white space. */
  content = '';
  /** Where `content` starts in the line. */
  contentStart = 0;
  item: RegExpExecArray | null = null;
  quote: RegExpExecArray | null = null;
  /** An item indented under another. */
  nested = false;
  /** `content` is ASCII alone: it holds none of the dialect's markers. */
  ascii = true;
  links: FoundLink[] = [];
  /** The links as the note keeps them; a definition made from the line takes this array. */
  lineLinks: NoteLink[] = [];
  /** The line's text with its links cut out (model TextLine). */
  prose = '';
  citations: Citation[] = [];
  crossReferences: CrossReference[] = [];
}

export class ParseState {
  readonly note: Note;
  /** The repaired text, which the reader reads. */
  readonly text: string;
  /** Lines of the repaired text. */
  readonly lines: LineIndex;
  /** Lines of the text on disk, which every range points into. */
  readonly onDisk: LineIndex;
  readonly repair: RepairResult;
  private readonly starts: number[];
  /** Keys of the extra facet words of the settings (ParseOptions.facets). */
  readonly extraFacets: string[];
  readonly current = new LineContent();

  area: Section | undefined = undefined;
  section: Section | undefined = undefined;
  label: Label | undefined = undefined;
  /** Below the section's `---`: raw material rather than distilled. */
  inbox = false;
  /** The definition that continuation lines belong to. */
  owner: Definition | undefined = undefined;
  /** The current topic's own definition (a level-2 heading defines its name). */
  topicDefinition: Definition | undefined = undefined;
  /**
   * True once a line other than a cross-reference to another note has been read in the
   * current section above its `---`: the section has distilled something of its own.
   */
  distilledSomething = false;
  group: Group | undefined = undefined;
  /** Books cited so far, lower-case → as written: a label may name one of them. */
  readonly knownBooks = new Map<string, string>();
  /** `[6]` citations whose book only the label above them can tell, settled at the end. */
  readonly pendingPageOnly: { citation: Citation; line: number }[] = [];
  /** The definitions of the current section by key, to report a term defined twice. */
  readonly sectionKeys = new Map<string, Definition>();

  constructor(note: Note, original: string, repair: RepairResult, lines: LineIndex, extraFacets: string[]) {
    this.note = note;
    this.text = repair.text;
    this.repair = repair;
    this.lines = lines;
    this.onDisk = repair.changed ? new LineIndex(original) : lines;
    this.starts = lines.starts;
    this.extraFacets = extraFacets;
  }

  /** The position on disk of an offset in the repaired text, which the reader met on `line`. */
  positionOnLine(offset: number, line: number): Position {
    // Most notes need no repair, and nearly every offset lies on the line being read: its
    // position is then that line and the distance from the line's start. Ranges are made for
    // every link, citation and definition, and a binary search over all the line starts for
    // each end of each of them was a good part of parsing.
    const starts = this.starts;
    const lineStart = starts[line];
    const nextStart = line + 1 < starts.length ? starts[line + 1] : this.text.length + 1;
    if (!this.repair.changed && offset >= lineStart && offset < nextStart) return { line, character: offset - lineStart };
    return this.onDisk.positionAt(this.repair.changed ? this.repair.toOriginalOffset(offset) : offset);
  }

  /** The range on disk of `line`, or of its characters `from` to `to`. */
  lineRange(line: number, from = 0, to?: number): Range {
    const start = this.starts[line];
    return {
      start: this.positionOnLine(start + from, line),
      end: this.positionOnLine(to === undefined ? this.lines.lineEnd(line) : start + to, line),
    };
  }

  /** The path of the section being read: topic or other heading, else area, else none. */
  path(): SectionPath {
    return this.section ? this.section.path : this.area ? this.area.path : [];
  }

  remind(kind: Reminder['kind'], text: string, line: number): void {
    this.note.reminders.push({ kind, text, range: this.lineRange(line), sectionPath: this.path() });
  }

  /** Ends the open label's scope on the line before `line`. */
  closeLabel(line: number): void {
    const label = this.label;
    if (label) label.scope = { start: label.scope.start, end: this.lineRange(Math.max(line - 1, 0)).end };
    this.label = undefined;
  }

  /** A topic runs to the next heading; an area runs over its topics, to the next level-1 heading. */
  closeSection(line: number, closesArea = false): void {
    this.closeLabel(line);
    const end = this.lineRange(Math.max(line - 1, 0)).end;
    if (this.section) this.section.range = { start: this.section.range.start, end };
    if (closesArea && this.area) this.area.range = { start: this.area.range.start, end };
  }
}

/**
 * Appends `items` to `list`. `list.push(...items)` passes every item as an argument and
 * throws a RangeError past about 100,000 of them, which one line of links or citations can hold.
 */
export function append<T>(list: T[], items: readonly T[]): void {
  for (const item of items) list.push(item);
}
