// How the index keeps a note it read from disk: the note's text as UTF-8 bytes and, for each
// definition, the few fields that lookups, sorting and matching read. Everything else of the
// note model (prose lines, links, quotes, sections...) is parsed again from those bytes when
// something asks for it, and the most recently used parses are kept.
//
// Why: the parsed model takes about ten times the note's text in heap. Kept for every note, a
// 100 MB knowledge base held a 1.2 GB heap, and marking that heap blocked the server for over
// 100 ms at a time. The bytes take the text's size, outside the heap; a parse costs well under
// a millisecond for a note of usual size, and is needed only for what a request shows.

import type { Citation, Definition, Note, NoteLink, Quote, Range, SectionPath } from './model';
import { parseNote } from './parser';

/** A definition as the index lists it: the model's definition and the note it is in. */
export interface IndexedDefinition extends Definition {
  uri: string;
}

/** Full parses of stored notes, the most recently used kept within a budget of source bytes. */
export class ParsedNotes {
  private readonly recent = new Map<StoredNote, Note>();
  private bytes = 0;

  constructor(private readonly maxNotes = 128, private readonly maxBytes = 8 * 1024 * 1024) {}

  get(stored: StoredNote): Note {
    const kept = this.recent.get(stored);
    if (kept) {
      // Moved to the end: the Map's order is the order of use.
      this.recent.delete(stored);
      this.recent.set(stored, kept);
      return kept;
    }
    const note = parseNote(stored.uri, stored.text());
    this.recent.set(stored, note);
    this.bytes += stored.byteLength;
    while (this.recent.size > 1 && (this.recent.size > this.maxNotes || this.bytes > this.maxBytes)) {
      const oldest = this.recent.keys().next().value as StoredNote;
      this.forget(oldest);
    }
    return note;
  }

  forget(stored: StoredNote): void {
    if (this.recent.delete(stored)) this.bytes -= stored.byteLength;
  }

  clear(): void {
    this.recent.clear();
    this.bytes = 0;
  }
}

/** A note kept as its text's bytes; its model is parsed again on demand. */
export class StoredNote {
  /** The note's definitions as the index lists them (filled by the index). */
  readonly definitions: StoredDefinition[] = [];
  private readonly source: Buffer;
  /**
   * True when a line of the note's text holds every word that its prose line holds, written
   * the same: the text needed no encoding repair and has no letters outside ASCII. Then a
   * search for lines that mention some words may first test the raw text (see mentions).
   */
  readonly plainText: boolean;

  constructor(readonly uri: string, readonly hash: string, text: string, private readonly parses: ParsedNotes, note: Note) {
    this.source = Buffer.from(text, 'utf8');
    this.plainText = !note.problems.some((p) => p.kind === 'encoding-damage' || p.kind === 'encoding-ambiguous') && !NON_ASCII_LETTER.test(text);
  }

  get byteLength(): number {
    return this.source.byteLength;
  }

  text(): string {
    return this.source.toString('utf8');
  }

  /** The note's whole model (parsed again unless recently used). */
  full(): Note {
    return this.parses.get(this);
  }
}

/**
 * True when a note can be stored as bytes and parsed again to the very same model: text with
 * a lone surrogate would not come back from UTF-8 unchanged. (Text read from disk never has
 * one; an editor's buffer may.)
 */
export function storable(text: string): boolean {
  return text.isWellFormed();
}

const NO_LINKS: NoteLink[] = [];
const NO_CITATIONS: Citation[] = [];
const NO_QUOTES: Quote[] = [];
const NO_STRINGS: string[] = [];

/**
 * A definition of a stored note. What every lookup reads is a field; links, citations, quotes
 * and continuation come from the note's model when asked for (and are known to be empty
 * without a parse when the definition has none). Ranges are kept as numbers and built when
 * read.
 */
export class StoredDefinition implements IndexedDefinition {
  readonly uri: string;
  readonly term: string;
  readonly expansion?: string;
  readonly aliases: string[];
  readonly equivalences: string[];
  readonly text: string;
  readonly sectionPath: SectionPath;
  readonly label?: string;
  readonly loose: boolean;
  readonly inbox: boolean;
  readonly kind: 'term' | 'topic';
  /** range and termRange as start line, start character, end line, end character. */
  private readonly at: Int32Array;
  private readonly linkCount: number;
  private readonly citationCount: number;
  private readonly quoteCount: number;
  private readonly continuationCount: number;

  constructor(private readonly note: StoredNote, private readonly ordinal: number, definition: Definition, sectionPath: SectionPath) {
    this.uri = note.uri;
    this.term = detach(definition.term);
    if (definition.expansion !== undefined) this.expansion = detach(definition.expansion);
    this.aliases = definition.aliases.length === 0 ? NO_STRINGS : definition.aliases.map(detach);
    this.equivalences = definition.equivalences.length === 0 ? NO_STRINGS : definition.equivalences.map(detach);
    this.text = detach(definition.text);
    this.sectionPath = sectionPath;
    if (definition.label !== undefined) this.label = detach(definition.label);
    this.loose = definition.loose;
    this.inbox = definition.inbox;
    this.kind = definition.kind;
    const { range, termRange } = definition;
    this.at = Int32Array.of(range.start.line, range.start.character, range.end.line, range.end.character, termRange.start.line, termRange.start.character, termRange.end.line, termRange.end.character);
    this.linkCount = definition.links.length;
    this.citationCount = definition.citations.length;
    this.quoteCount = definition.quotes.length;
    this.continuationCount = definition.continuation.length;
  }

  get startLine(): number {
    return this.at[0];
  }

  get range(): Range {
    return rangeAt(this.at, 0);
  }

  get termRange(): Range {
    return rangeAt(this.at, 4);
  }

  get links(): NoteLink[] {
    return this.linkCount === 0 ? NO_LINKS : this.details().links;
  }

  get citations(): Citation[] {
    return this.citationCount === 0 ? NO_CITATIONS : this.details().citations;
  }

  get quotes(): Quote[] {
    return this.quoteCount === 0 ? NO_QUOTES : this.details().quotes;
  }

  get continuation(): string[] {
    return this.continuationCount === 0 ? NO_STRINGS : this.details().continuation;
  }

  /** How many links the definition has, without a parse. */
  get linksLength(): number {
    return this.linkCount;
  }

  /** The definition with every field, as JSON output shows it. */
  toJSON(): IndexedDefinition {
    return { ...this.details(), uri: this.uri };
  }

  private details(): Definition {
    return this.note.full().definitions[this.ordinal];
  }
}

/** How many links a definition has, without parsing a stored note again. */
export function linkCount(definition: IndexedDefinition): number {
  return definition instanceof StoredDefinition ? definition.linksLength : definition.links.length;
}

function rangeAt(at: Int32Array, from: number): Range {
  return { start: { line: at[from], character: at[from + 1] }, end: { line: at[from + 2], character: at[from + 3] } };
}

/**
 * A copy of a string that does not keep the note's text alive. Strings cut from a longer one
 * may share its memory (V8 keeps a cut of 13 characters or more as a view of the whole): a
 * term kept from a note would keep the note's whole text in the heap.
 */
export function detach(text: string): string {
  if (text.length < 13) return text;
  // Through UTF-8 the copy is stored one byte a character when it can be; text with a lone
  // surrogate would not survive that trip, and is copied as it is.
  return text.isWellFormed() ? Buffer.from(text, 'utf8').toString('utf8') : (' ' + text).slice(1);
}

/** A letter, mark or digit outside ASCII, or an apostrophe that words may hold (the `v` flag: tsc checks literals for its target). */
const NON_ASCII_LETTER = new RegExp('[[\\p{L}\\p{M}\\p{N}\\u2019\\u02bc]--[\\x00-\\x7f]]', 'v');
