// How the index keeps a note it read from disk: how to read the file again and, for each
// definition, the fields that lookups, sorting and matching read. The rest of the note model
// (prose lines, links, quotes, sections...) is parsed again from the file when a request
// needs it, and the most recently used parses are kept.
//
// Why: the parsed model takes about ten times the note's text in heap. Kept for every note, a
// 100 MB knowledge base held a 1.2 GB heap, and marking that heap blocked the server for over
// 100 ms at a time. The file is on disk already (and in the system's file cache once read); a
// parse costs under a millisecond for a note of usual size, and is needed only for what a
// request shows: the cards of a hover, the lines that mention a phrase.
//
// A file that changed since it was indexed (the watcher's report not handled yet) gives its
// definitions no details rather than another version's; the report indexes it again soon.

import type { Citation, Definition, Note, NoteLink, Quote, Range, SectionPath } from './model';
import { parseNote } from './parser';
import { detach as detachText } from './text';

/** A definition as the index lists it: the model's definition and the note it is in. */
export interface IndexedDefinition extends Definition {
  uri: string;
}

/** Reads a note's text from where it was indexed; undefined when it can no longer be read. */
export type NoteReader = () => string | undefined;

/** Full parses of stored notes as their files are now, the most recently used kept within a budget of text. */
export class ParsedNotes {
  private readonly recent = new Map<StoredNote, Note | undefined>();
  private characters = 0;

  constructor(private readonly maxNotes = 128, private readonly maxCharacters = 8 * 1024 * 1024) {}

  get(stored: StoredNote): Note | undefined {
    if (this.recent.has(stored)) {
      const kept = this.recent.get(stored);
      // Moved to the end: the Map's order is the order of use.
      this.recent.delete(stored);
      this.recent.set(stored, kept);
      return kept;
    }
    const text = stored.read();
    const note = text === undefined ? undefined : parseNote(stored.uri, text);
    this.recent.set(stored, note);
    this.characters += stored.length;
    while (this.recent.size > 1 && (this.recent.size > this.maxNotes || this.characters > this.maxCharacters)) {
      this.forget(this.recent.keys().next().value as StoredNote);
    }
    return note;
  }

  forget(stored: StoredNote): void {
    if (this.recent.delete(stored)) this.characters -= stored.length;
  }
}

/** Numbers kept per definition of a stored note: its range, its term's range, and the length of each list. */
export const NUMBERS_PER_DEFINITION = 12;

/** A note kept as the place of its file and its definitions' fields; its model is parsed again on demand. */
export class StoredNote {
  /** The note's definitions as the index lists them (filled by the index). */
  readonly definitions: StoredDefinition[] = [];
  /** Per definition of the model, by its place in the note: see NUMBERS_PER_DEFINITION. */
  readonly numbers: Int32Array;
  /** The length of the text it was parsed from. */
  readonly length: number;
  /**
   * True when a line of the note's text holds every word that its prose line holds, written
   * the same: the text needed no encoding repair and has no letters outside ASCII. Then a
   * search for lines that mention some words may first test the raw text (see mentions).
   */
  readonly plainText: boolean;

  constructor(readonly uri: string, readonly hash: string, readonly read: NoteReader, private readonly parses: ParsedNotes, numbers: Int32Array, plainText: boolean, length: number) {
    this.numbers = numbers;
    this.plainText = plainText;
    this.length = length;
  }

  /** The note's whole model as its file is now (parsed again unless recently used); undefined when it cannot be read. */
  full(): Note | undefined {
    return this.parses.get(this);
  }

  /** The model of the very text that was indexed, if the file still holds it. */
  indexed(): Note | undefined {
    const note = this.full();
    return note?.hash === this.hash ? note : undefined;
  }
}

/** See StoredNote.plainText. */
export function isPlainText(note: Note, text: string): boolean {
  return !note.problems.some((p) => p.kind === 'encoding-damage' || p.kind === 'encoding-ambiguous') && !NON_ASCII_LETTER.test(text);
}

/** The numbers a StoredNote keeps for each definition of a note (see NUMBERS_PER_DEFINITION). */
export function definitionNumbers(note: Note): Int32Array {
  const numbers = new Int32Array(note.definitions.length * NUMBERS_PER_DEFINITION);
  for (const [ordinal, definition] of note.definitions.entries()) {
    const { range, termRange } = definition;
    numbers.set([
      range.start.line, range.start.character, range.end.line, range.end.character,
      termRange.start.line, termRange.start.character, termRange.end.line, termRange.end.character,
      definition.links.length, definition.citations.length, definition.quotes.length, definition.continuation.length,
    ], ordinal * NUMBERS_PER_DEFINITION);
  }
  return numbers;
}

/**
 * True when a note's text can be parsed again to the very same model. Text with a lone
 * surrogate cannot come from a file (decoding never makes one); an editor's buffer may hold one.
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
 * without a parse when the definition has none). Ranges and counts are read from the note's
 * numbers.
 */
export class StoredDefinition implements IndexedDefinition {
  constructor(
    private readonly note: StoredNote,
    readonly ordinal: number,
    readonly term: string,
    readonly text: string,
    readonly sectionPath: SectionPath,
    /** loose, inbox and topic as bits (see DEFINITION_FLAGS): one field instead of three. */
    readonly flags: number,
    /** What few definitions have: kept apart, so that the others do without the fields. */
    readonly extras?: DefinitionExtras,
  ) {}

  get expansion(): string | undefined {
    return this.extras?.expansion;
  }

  get aliases(): string[] {
    return this.extras?.aliases ?? NO_STRINGS;
  }

  get equivalences(): string[] {
    return this.extras?.equivalences ?? NO_STRINGS;
  }

  get label(): string | undefined {
    return this.extras?.label;
  }

  get uri(): string {
    return this.note.uri;
  }

  get loose(): boolean {
    return (this.flags & DEFINITION_FLAGS.loose) !== 0;
  }

  get inbox(): boolean {
    return (this.flags & DEFINITION_FLAGS.inbox) !== 0;
  }

  get kind(): 'term' | 'topic' {
    return this.flags & DEFINITION_FLAGS.topic ? 'topic' : 'term';
  }

  get startLine(): number {
    return this.number(0);
  }

  get range(): Range {
    return this.rangeAt(0);
  }

  get termRange(): Range {
    return this.rangeAt(4);
  }

  get links(): NoteLink[] {
    return this.number(8) === 0 ? NO_LINKS : this.details().links;
  }

  get citations(): Citation[] {
    return this.number(9) === 0 ? NO_CITATIONS : this.details().citations;
  }

  get quotes(): Quote[] {
    return this.number(10) === 0 ? NO_QUOTES : this.details().quotes;
  }

  get continuation(): string[] {
    return this.number(11) === 0 ? NO_STRINGS : this.details().continuation;
  }

  /** How many links the definition has, without a parse. */
  get linksLength(): number {
    return this.number(8);
  }

  /** The definition with every field, as JSON output shows it. */
  toJSON(): IndexedDefinition {
    const { term, expansion, aliases, equivalences, text, range, termRange, sectionPath, label, continuation, links, citations, quotes, loose, inbox, kind, uri } = this;
    return { term, expansion, aliases, equivalences, text, range, termRange, sectionPath, label, continuation, links, citations, quotes, loose, inbox, kind, uri };
  }

  private number(at: number): number {
    return this.note.numbers[this.ordinal * NUMBERS_PER_DEFINITION + at];
  }

  private rangeAt(at: number): Range {
    return { start: { line: this.number(at), character: this.number(at + 1) }, end: { line: this.number(at + 2), character: this.number(at + 3) } };
  }

  /** The definition in the note's model, or one without details if the file no longer holds the text indexed. */
  private details(): Pick<Definition, 'links' | 'citations' | 'quotes' | 'continuation'> {
    return this.note.indexed()?.definitions[this.ordinal] ?? NO_DETAILS;
  }
}

/** A definition's expansion, aliases, equivalences and label, copied (see detach); undefined when it has none. */
export function extrasOf(definition: Definition): DefinitionExtras | undefined {
  if (definition.expansion === undefined && definition.label === undefined && definition.aliases.length === 0 && definition.equivalences.length === 0) return undefined;
  return {
    expansion: definition.expansion && detachText(definition.expansion),
    aliases: definition.aliases.map(detachText),
    equivalences: definition.equivalences.map(detachText),
    label: definition.label && detachText(definition.label),
  };
}

/** The bits of StoredDefinition.flags. */
export const DEFINITION_FLAGS = { loose: 1, inbox: 2, topic: 4 } as const;

/** A definition's loose, inbox and topic as bits. */
export function flagsOf(definition: Pick<Definition, 'loose' | 'inbox' | 'kind'>): number {
  return (definition.loose ? DEFINITION_FLAGS.loose : 0) | (definition.inbox ? DEFINITION_FLAGS.inbox : 0) | (definition.kind === 'topic' ? DEFINITION_FLAGS.topic : 0);
}

const NO_DETAILS = { links: NO_LINKS, citations: NO_CITATIONS, quotes: NO_QUOTES, continuation: NO_STRINGS };

/** The names and label that few definitions have. */
export interface DefinitionExtras {
  expansion?: string;
  aliases: string[];
  equivalences: string[];
  label?: string;
}

/** How many links a definition has, without parsing a stored note again. */
export function linkCount(definition: IndexedDefinition): number {
  return definition instanceof StoredDefinition ? definition.linksLength : definition.links.length;
}

/** A letter, mark or digit outside ASCII, or an apostrophe that words may hold (the `v` flag: tsc checks literals for its target). */
const NON_ASCII_LETTER = new RegExp('[[\\p{L}\\p{M}\\p{N}\\u2019\\u02bc]--[\\x00-\\x7f]]', 'v');
