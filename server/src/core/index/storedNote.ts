// How the index keeps a note it read from disk: for each definition, the fields that lookups,
// sorting and matching read, and the details a hover card shows (continuation, quotes,
// citations, links), compressed; and how to read the file again. The rest of the note model
// (prose lines, sections, labels...) is parsed again from the file when a request needs it,
// and the most recently used parses are kept.
//
// Why: the parsed model takes about ten times the note's text in heap. Kept for every note, a
// 100 MB knowledge base held a 1.2 GB heap, and marking that heap blocked the server for over
// 100 ms at a time. The file is on disk already (and in the system's file cache once read).
//
// A file that changed since it was indexed (the watcher's report not handled yet): its
// definitions still show the details of the version indexed, what is parsed again (its
// outline) comes from the file as it is now, and its lines are not searched for mentions
// until the watcher's report has it indexed again.

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { DEFINITION_FORMATS, type Citation, type Definition, type DefinitionFormat, type HoverMark, type Note, type NoteLink, type Quote, type Range, type SectionPath, type TermContext } from '../model';
import { readNote, type ReadOptions } from '../formats/readNote';
import { detach as detachText } from '../text/lines';
import { arenaBytes } from './byteArena';

/** A definition as the index lists it: the model's definition and the note it is in. */
export interface IndexedDefinition extends Definition {
  uri: string;
}

/** Reads a note's text from where it was indexed; undefined when it can no longer be read. */
export type NoteReader = () => string | undefined;

/**
 * Full parses of stored notes as their files are now, the most recently used kept within a
 * budget of text; and the decoded details of the definitions shown last, with the chunks of
 * details they came from (see storedForm).
 */
export class ParsedNotes {
  private readonly recent = new Map<StoredNote, Note | undefined>();
  /** Inflated chunks of details, by note uri, hash and chunk number: the same text has the same details. */
  private readonly recentChunks = new Map<string, string>();
  private readonly recentDetails = new Map<StoredDefinition, DefinitionDetails>();
  private characters = 0;
  /** How many notes were parsed again, and how many characters of details inflated: what a request cost (see the hardening tests). */
  readonly work = { parses: 0, inflatedCharacters: 0 };
  /** How notes are read again: as the index read them (the conceptNotes setting). */
  readOptions: ReadOptions = {};

  // A parsed model takes some ten times its text: few are kept, and none larger than the
  // budget (a 7 MB note's model held 150 MB). Details are small: more are.
  constructor(private readonly maxNotes = 32, private readonly maxCharacters = 4 * 1024 * 1024, private readonly maxDetailChunks = 256, private readonly maxDetails = 2048) {}

  get(stored: StoredNote): Note | undefined {
    if (this.recent.has(stored)) {
      const kept = this.recent.get(stored);
      // Moved to the end: the Map's order is the order of use.
      this.recent.delete(stored);
      this.recent.set(stored, kept);
      return kept;
    }
    const text = stored.read();
    this.work.parses++;
    const note = text === undefined ? undefined : readNote(stored.uri, text, this.readOptions);
    if (stored.length > this.maxCharacters) return note;
    this.recent.set(stored, note);
    this.characters += stored.length;
    while (this.recent.size > 1 && (this.recent.size > this.maxNotes || this.characters > this.maxCharacters)) {
      this.forget(this.recent.keys().next().value as StoredNote);
    }
    return note;
  }

  /** Lets go of every kept parse and detail. */
  clear(): void {
    this.recent.clear();
    this.recentChunks.clear();
    this.recentDetails.clear();
    this.characters = 0;
  }

  forget(stored: StoredNote): void {
    if (this.recent.delete(stored)) this.characters -= stored.length;
  }

  /** A definition's details: the one chunk of its note's details that holds them inflated (kept for the chunks used last), and only its own part parsed. */
  details(definition: StoredDefinition, stored: StoredNote, start: number, end: number): DefinitionDetails {
    let details = this.recentDetails.get(definition);
    if (details) {
      this.recentDetails.delete(definition);
    } else {
      const bytes = stored.details;
      if (bytes.length === 0) return NO_DEFINITION_DETAILS;
      const chunk = chunkAt(bytes, start);
      const key = `${stored.uri}\u0000${stored.hash}\u0000${chunk.number}`;
      let text = this.recentChunks.get(key);
      if (text !== undefined) {
        this.recentChunks.delete(key);
      } else {
        text = inflateRawSync(chunk.bytes).toString('utf8');
        this.work.inflatedCharacters += text.length;
      }
      this.recentChunks.set(key, text);
      if (this.recentChunks.size > this.maxDetailChunks) this.recentChunks.delete(this.recentChunks.keys().next().value as string);
      details = decodeDefinitionDetails(text.slice(start - chunk.textStart, end - chunk.textStart), definition.sectionPath);
    }
    this.recentDetails.set(definition, details);
    if (this.recentDetails.size > this.maxDetails) this.recentDetails.delete(this.recentDetails.keys().next().value as StoredDefinition);
    return details;
  }
}

/**
 * A note's details kept outside memory until asked for: a part of the snapshot's file a start
 * took the note up from (workspace/snapshot.ts). At 20,000 notes they are 114 MB of the
 * snapshot's 250, and a start's first hovers read a few notes' worth.
 */
export interface DetailsOnDisk {
  /** The bytes, or undefined when they cannot be read or are not the bytes that were written. */
  read(): Uint8Array | undefined;
}

/** A note's details: in memory, or where to read them. */
export type NoteDetails = Uint8Array | DetailsOnDisk;

/** The details of a note that has none to show (its details on disk lost, its file changed since). */
const NO_DETAILS = new Uint8Array(0);
const NO_DEFINITION_DETAILS: DefinitionDetails = { continuation: [], quotes: [], citations: [], links: [] };

/** What a hover card shows of a definition beyond its text: kept per note, compressed (see storedForm). */
export type DefinitionDetails = Pick<Definition, 'continuation' | 'quotes' | 'citations' | 'links'>;

/**
 * What a StoredNote keeps of a parsed note: its definitions' numbers (see
 * NUMBERS_PER_DEFINITION) and their details. The details of each definition are written as
 * JSON, one after the other, and compressed in chunks of about DETAILS_CHUNK characters that
 * end where a definition's JSON ends; a definition's numbers say where its JSON starts and
 * ends in the whole. A card shows the details of up to ten definitions, often from ten notes:
 * parsing each note again cost about 0.3 ms, inflating a chunk and parsing one definition's
 * details costs a tenth of that, whatever the note's size (inflating all of a 7 MB note's
 * details on a hover took 15 MB and 50 ms). They take about 0.45 bytes per byte of notes
 * (links make up most of it).
 *
 * The bytes: a header of little-endian 32-bit numbers (how many chunks; then per chunk, where
 * its text starts in the whole and where its compressed bytes end after the header), then
 * the chunks one after the other.
 */
export function storedForm(note: Note): { numbers: Int32Array; details: Uint8Array } {
  const numbers = new Int32Array(note.definitions.length * NUMBERS_PER_DEFINITION);
  const chunks: { textStart: number; parts: string[] }[] = [];
  let chunkLength = Infinity;
  let at = 0;
  for (const [ordinal, definition] of note.definitions.entries()) {
    const { range, termRange } = definition;
    const json = detailsJson(definition);
    if (chunkLength >= DETAILS_CHUNK) {
      chunks.push({ textStart: at, parts: [] });
      chunkLength = 0;
    }
    chunks[chunks.length - 1].parts.push(json);
    chunkLength += json.length;
    // In the order of AT (below).
    numbers.set([
      range.start.line, range.start.character, range.end.line, range.end.character,
      termRange.start.line, termRange.start.character, termRange.end.line, termRange.end.character,
      definition.links.length, definition.citations.length, definition.quotes.length, definition.continuation.length,
      at, at + json.length,
    ], ordinal * NUMBERS_PER_DEFINITION);
    at += json.length;
  }
  const compressed = chunks.map((chunk) => deflateRawSync(chunk.parts.join(''), { level: 1 }));
  const headerBytes = 4 * (1 + 2 * chunks.length);
  // Out of a shared block (byteArena.ts): the details of a full index are let go together.
  const details = arenaBytes(headerBytes + compressed.reduce((sum, bytes) => sum + bytes.length, 0));
  const header = new DataView(details.buffer, details.byteOffset, details.byteLength);
  header.setInt32(0, chunks.length, true);
  let end = 0;
  for (const [i, bytes] of compressed.entries()) {
    // Copied in: zlib's buffer is a slice of a larger one, which it would keep alive.
    details.set(bytes, headerBytes + end);
    end += bytes.length;
    header.setInt32(4 + 8 * i, chunks[i].textStart, true);
    header.setInt32(8 + 8 * i, end, true);
  }
  return { numbers, details };
}

/**
 * A definition's details as JSON. The model has no nulls: an undefined field is written as
 * null so that it comes back as a key holding undefined, as the parser leaves it. A range is
 * written as its four numbers, and a link's section path as 0 when it is the definition's
 * own: written out in full they made the details 2.3 times the notes' text, and writing and
 * compressing them a sixth of a cold index (see restoreDetails).
 *
 * Written by detailsWriter, which gives the very string JSON.stringify gives with
 * detailsReplacer, without calling back for every value (a replacer function costs
 * JSON.stringify its fast path, and made the JSON a tenth of a cold index); anything that is
 * not plain data (a toJSON method, a function) goes to JSON.stringify itself.
 */
function detailsJson(definition: Definition): string {
  const ownPath = definition.sectionPath;
  const details = [definition.continuation, definition.quotes, definition.citations, definition.links];
  const written = detailsWriter(details, ownPath);
  return written ?? JSON.stringify(details, detailsReplacer(ownPath));
}

/** What detailsJson writes, as a replacer of JSON.stringify: the reference the writer below keeps to. */
export function detailsReplacer(ownPath: SectionPath): (key: string, value: unknown) => unknown {
  return (key, value) => {
    if (value === undefined) return null;
    if (key === 'range') {
      const { start, end } = value as Range;
      return [start.line, start.character, end.line, end.character];
    }
    if (key === 'sectionPath' && samePath(value as SectionPath, ownPath)) return 0;
    return value;
  };
}

/** Thrown by the writer below at a value it leaves to JSON.stringify. */
const NOT_PLAIN = new Error('not plain data');

/** JSON.stringify(value, detailsReplacer(ownPath)) for plain data, written by hand; undefined for anything else. */
export function detailsWriter(value: unknown, ownPath: SectionPath): string | undefined {
  try {
    return writeJson(value, ownPath);
  } catch (error) {
    if (error === NOT_PLAIN) return undefined;
    throw error;
  }
}

/** A key as JSON writes it before its value, `"key":`: the details have a dozen keys, written over and over. */
const quotedKeys = new Map<string, string>();
function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key) + ':';
    if (quotedKeys.size < 1024) quotedKeys.set(key, quoted);
  }
  return quoted;
}

function writeJson(value: unknown, ownPath: SectionPath): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'null';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let json = '[';
        for (let i = 0; i < value.length; i++) json += (i === 0 ? '' : ',') + writeJson(value[i], ownPath);
        return json + ']';
      }
      const object = value as Record<string, unknown>;
      if (typeof object.toJSON === 'function') throw NOT_PLAIN;
      let json = '{';
      let first = true;
      // for…in with an own-property test walks the keys as Object.keys lists them (these are
      // plain objects: nothing enumerable is inherited) without making the array.
      for (const key in object) {
        if (!Object.hasOwn(object, key)) continue;
        const field = object[key];
        let written: string;
        if (field === undefined) written = 'null';
        else if (key === 'range') {
          const { start, end } = field as Range;
          written = `[${writeJson(start.line, ownPath)},${writeJson(start.character, ownPath)},${writeJson(end.line, ownPath)},${writeJson(end.character, ownPath)}]`;
        } else if (key === 'sectionPath' && samePath(field as SectionPath, ownPath)) written = '0';
        else written = writeJson(field, ownPath);
        json += (first ? '' : ',') + quotedKey(key) + written;
        first = false;
      }
      return json + '}';
    }
    default:
      // A function, a symbol or a bigint: JSON.stringify's own rules.
      throw NOT_PLAIN;
  }
}

function samePath(path: SectionPath, other: SectionPath): boolean {
  if (path === other) return true;
  if (path.length !== other.length) return false;
  for (let i = 0; i < path.length; i++) if (path[i] !== other[i]) return false;
  return true;
}

/**
 * Characters of details JSON per compressed chunk (see storedForm): a few dozen definitions,
 * most often. (16 K when ranges were written out in full: the same definitions take about
 * 0.7 of the characters since, and a hover inflates one chunk.)
 */
const DETAILS_CHUNK = 11 * 1024;

/** The chunk of a note's details (see storedForm) that holds the text at `offset`: found by binary search in the header. */
function chunkAt(details: Uint8Array, offset: number): { number: number; textStart: number; bytes: Uint8Array } {
  const header = new DataView(details.buffer, details.byteOffset, details.byteLength);
  const count = header.getInt32(0, true);
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (header.getInt32(4 + 8 * mid, true) <= offset) low = mid;
    else high = mid - 1;
  }
  const headerBytes = 4 * (1 + 2 * count);
  const start = low === 0 ? 0 : header.getInt32(8 + 8 * (low - 1), true);
  const end = header.getInt32(8 + 8 * low, true);
  return { number: low, textStart: header.getInt32(4 + 8 * low, true), bytes: details.subarray(headerBytes + start, headerBytes + end) };
}

function decodeDefinitionDetails(json: string, ownPath: SectionPath): DefinitionDetails {
  const [continuation, quotes, citations, links] = restoreDetails(JSON.parse(json), ownPath) as [string[], Quote[], Citation[], NoteLink[]];
  return { continuation, quotes, citations, links };
}

/** The details as the parser made them, from what detailsJson wrote: undefined fields, ranges and section paths. */
function restoreDetails(value: unknown, ownPath: SectionPath): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = restoreDetails(value[i], ownPath);
  } else if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      const field = object[key];
      if (field === null) object[key] = undefined;
      else if (key === 'range' && Array.isArray(field)) object[key] = { start: { line: field[0], character: field[1] }, end: { line: field[2], character: field[3] } };
      else if (key === 'sectionPath' && field === 0) object[key] = ownPath;
      else object[key] = restoreDetails(field, ownPath);
    }
  }
  return value;
}

/**
 * Where each number kept for a definition of a stored note stands among its
 * NUMBERS_PER_DEFINITION: its range and its term's range (four numbers each: start line and
 * character, end line and character), the length of each list, and where its details start
 * and end in the note's details once inflated.
 */
const AT = { range: 0, termRange: 4, links: 8, citations: 9, quotes: 10, continuation: 11, detailsStart: 12, detailsEnd: 13 } as const;
export const NUMBERS_PER_DEFINITION = 14;

/** A note kept as the place of its file and its definitions' fields; its model is parsed again on demand. */
/**
 * Definitions' texts by number, as a snapshot keeps them: UTF-8 bytes one after the other,
 * each decoded when first read. A start decodes none: of 365,000 texts at 20,000 notes, a
 * first hover reads a few dozen, and decoding them all (then collecting them) cost the start
 * a few hundred ms.
 */
export class EncodedTexts {
  private readonly bytes: Buffer;

  /** `ends[i]`: where text i ends in `bytes` (it starts where text i - 1 ends). */
  constructor(bytes: Uint8Array, private readonly ends: Int32Array) {
    this.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.ends.length;
  }

  text(at: number): string {
    return this.bytes.toString('utf8', at === 0 ? 0 : this.ends[at - 1], this.ends[at]);
  }

  /**
   * The texts as bytes and their ends, for a snapshot. A lone surrogate would not survive
   * UTF-8; only an editor's unsaved text can hold one, and a start takes up only notes read
   * from their files (see restoreSnapshot), whose texts came from UTF-8.
   */
  static encode(texts: readonly string[]): { bytes: Buffer; ends: Int32Array } {
    const ends = new Int32Array(texts.length);
    let length = 0;
    for (const [at, text] of texts.entries()) ends[at] = length += Buffer.byteLength(text, 'utf8');
    const bytes = Buffer.allocUnsafe(length);
    for (const [at, text] of texts.entries()) bytes.write(text, at === 0 ? 0 : ends[at - 1], 'utf8');
    return { bytes, ends };
  }
}

/**
 * The extras of a snapshot's definitions (see DefinitionExtras), each as its JSON in UTF-8,
 * parsed when its definition is first made. Parsed all at once, 163,000 of them held a start
 * at 20,000 notes for 130 ms and left 10 MB more for the collector; a hover reads a few.
 */
export class EncodedExtras {
  /**
   * `numbers[i]`: the definition the i-th extras belong to (ascending); `check` gives the
   * extras a parsed value stands for, or undefined for a value that is not extras.
   */
  constructor(
    readonly numbers: Int32Array,
    private readonly texts: EncodedTexts,
    private readonly check: (value: unknown) => DefinitionExtras | undefined,
  ) {}

  get length(): number {
    return this.numbers.length;
  }

  /** The i-th extras, or undefined when its bytes are not extras (the snapshot's checksum vouched for them: never seen but by a crafted file). */
  extras(i: number): DefinitionExtras | undefined {
    try {
      return this.check(JSON.parse(this.texts.text(i)));
    } catch {
      return undefined;
    }
  }
}

/**
 * The section paths of a snapshot's definitions, each as its JSON in UTF-8, parsed when a
 * definition under it is first made: one array per path, shared by the definitions under it.
 * Parsed all at once with the rest of the snapshot's JSON, the 150,000 strings and arrays of
 * 20,000 notes were made, checked and collected before the first answer, for a hover that
 * reads a few.
 */
export class EncodedPaths {
  private readonly parsed: (SectionPath | undefined)[] = [];

  constructor(private readonly texts: EncodedTexts) {}

  get length(): number {
    return this.texts.length;
  }

  /** The path numbered `at`: no headings when its bytes are not a path (the snapshot's checksum vouched for them: never seen but by a crafted file). */
  path(at: number): SectionPath {
    let path = this.parsed[at];
    if (path === undefined) {
      try {
        const value: unknown = JSON.parse(this.texts.text(at));
        path = Array.isArray(value) && value.every((heading) => typeof heading === 'string') ? (value as SectionPath) : NO_HEADINGS;
      } catch {
        path = NO_HEADINGS;
      }
      this.parsed[at] = path;
    }
    return path;
  }

  /** The paths as bytes and their ends, for a snapshot. */
  static encode(paths: readonly SectionPath[]): { bytes: Buffer; ends: Int32Array } {
    return EncodedTexts.encode(paths.map((path) => JSON.stringify(path)));
  }
}

const NO_HEADINGS: SectionPath = [];

/** Makes the definitions of a note taken up from a snapshot when first asked for (see StoredNote.deferDefinitions). */
export interface DeferredDefinitions {
  ofNote(note: number): StoredDefinition[];
}

export class StoredNote {
  /** The note's definitions as the index lists them (filled by the index), or undefined until those deferred are made. */
  private made: StoredDefinition[] | undefined = [];
  private deferred: DeferredDefinitions | undefined;
  private deferredNumber = -1;
  /** Where definitions taken up from a snapshot find their texts (see StoredDefinition.text). */
  encodedTexts: EncodedTexts | undefined;
  /** Per definition of the model, by its place in the note: see NUMBERS_PER_DEFINITION. */
  readonly numbers: Int32Array;
  /** The length of the text it was parsed from. */
  readonly length: number;
  /** What the note's text is like, as TEXT_FORM bits: whether a search may read its raw lines for words (see mentions). */
  readonly textForm: number;

  constructor(
    readonly uri: string,
    readonly hash: string,
    readonly read: NoteReader,
    private readonly parses: ParsedNotes,
    numbers: Int32Array,
    textForm: number,
    length: number,
    /** Its definitions' details (see storedForm), or where to read them. */
    private keptDetails: NoteDetails,
  ) {
    this.numbers = numbers;
    this.textForm = textForm;
    this.length = length;
  }

  /** Reads its details from there from now on (a snapshot just written holds the same bytes). */
  keepDetailsIn(onDisk: DetailsOnDisk): void {
    this.keptDetails = onDisk;
  }

  /**
   * Its definitions' details (see storedForm). Kept on disk, they are read each time a chunk of
   * them is not among the parses' recent ones; bytes that cannot be read or are not those
   * written are made again from the note's file when it still holds the text indexed (and
   * kept in memory from then on), else there are none.
   */
  get details(): Uint8Array {
    const kept = this.keptDetails;
    if (kept instanceof Uint8Array) return kept;
    const bytes = kept.read();
    if (bytes) return bytes;
    const note = this.indexed();
    if (!note) return NO_DETAILS;
    // Made again once, and kept: the file's bytes will not check out the next time either.
    this.keptDetails = storedForm(note).details;
    return this.keptDetails;
  }

  /** The note's definitions as the index lists them. */
  get definitions(): StoredDefinition[] {
    if (this.made === undefined) {
      this.made = this.deferred!.ofNote(this.deferredNumber);
      this.deferred = undefined;
    }
    return this.made;
  }

  /**
   * Leaves the note's definitions to be made when first read, as note `number` of `deferred`:
   * a start takes up hundreds of thousands from a snapshot, and a first hover reads a few dozen.
   */
  deferDefinitions(deferred: DeferredDefinitions, number: number): void {
    this.made = undefined;
    this.deferred = deferred;
    this.deferredNumber = number;
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

  /** A definition's details, from what was kept when the note was indexed (see storedForm). */
  definitionDetails(definition: StoredDefinition, ordinal: number): DefinitionDetails {
    const at = ordinal * NUMBERS_PER_DEFINITION;
    return this.parses.details(definition, this, this.numbers[at + AT.detailsStart], this.numbers[at + AT.detailsEnd]);
  }
}

/**
 * What a note's text is like. `unrepaired`: it needed no encoding repair, so a line of the
 * text holds every word that its prose line holds, written the same (and more: URLs, markup).
 * `asciiWords`: it has no letters beyond ASCII either, so a line's words can be looked for by
 * their ASCII stems (see wordProbe in mentions.ts) without reading the line word by word.
 */
export const TEXT_FORM = { unrepaired: 1, asciiWords: 2 } as const;

export function textFormOf(note: Note, text: string): number {
  if (note.problems.some((p) => p.kind === 'encoding-damage' || p.kind === 'encoding-ambiguous')) return 0;
  return TEXT_FORM.unrepaired | (NON_ASCII_LETTER.test(text) ? 0 : TEXT_FORM.asciiWords);
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
  /** The text, or its number in the note's encodedTexts until it is first read. */
  private textOrNumber: string | number;

  constructor(
    private readonly note: StoredNote,
    readonly ordinal: number,
    readonly term: string,
    text: string | number,
    readonly sectionPath: SectionPath,
    /** loose, inbox, topic and the hover marker as bits (see DEFINITION_FLAGS): one field instead of four. */
    readonly flags: number,
    /** What few definitions have: kept apart, so that the others do without the fields. */
    readonly extras?: DefinitionExtras,
  ) {
    this.textOrNumber = text;
  }

  get text(): string {
    const kept = this.textOrNumber;
    if (typeof kept === 'string') return kept;
    return (this.textOrNumber = this.note.encodedTexts!.text(kept));
  }

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

  get examples(): string[] | undefined {
    return this.extras?.examples;
  }

  get meta(): [string, string][] | undefined {
    return this.extras?.meta;
  }

  get context(): TermContext | undefined {
    return this.extras?.context;
  }

  get paths(): string[] | undefined {
    return this.extras?.paths;
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

  get hover(): HoverMark | undefined {
    return this.flags & DEFINITION_FLAGS.hoverOff ? 'off' : this.flags & DEFINITION_FLAGS.hoverOn ? 'on' : undefined;
  }

  get format(): DefinitionFormat | undefined {
    const code = (this.flags & FORMAT_MASK) / FORMAT_UNIT;
    return code === 0 ? undefined : DEFINITION_FORMATS[code];
  }

  get startLine(): number {
    return this.number(AT.range);
  }

  get range(): Range {
    return this.rangeAt(AT.range);
  }

  get termRange(): Range {
    return this.rangeAt(AT.termRange);
  }

  get links(): NoteLink[] {
    return this.number(AT.links) === 0 ? NO_LINKS : this.details().links;
  }

  get citations(): Citation[] {
    return this.number(AT.citations) === 0 ? NO_CITATIONS : this.details().citations;
  }

  get quotes(): Quote[] {
    return this.number(AT.quotes) === 0 ? NO_QUOTES : this.details().quotes;
  }

  get continuation(): string[] {
    return this.number(AT.continuation) === 0 ? NO_STRINGS : this.details().continuation;
  }

  /** How many links the definition has, without a parse. */
  get linksLength(): number {
    return this.number(AT.links);
  }

  /** How many links, citations, quotes and continuation items the definition has, without a parse. */
  get detailsLength(): number {
    return this.number(AT.links) + this.number(AT.citations) + this.number(AT.quotes) + this.number(AT.continuation);
  }

  /** The definition with every field, as JSON output shows it. */
  toJSON(): IndexedDefinition {
    const { term, expansion, aliases, equivalences, text, range, termRange, sectionPath, label, continuation, links, citations, quotes, loose, inbox, kind, hover, format, uri } = this;
    const { examples, meta, context, paths } = this;
    return { term, expansion, aliases, equivalences, text, range, termRange, sectionPath, label, continuation, links, citations, quotes, loose, inbox, kind, hover, format, uri, examples, meta, context, paths };
  }

  private number(at: number): number {
    return this.note.numbers[this.ordinal * NUMBERS_PER_DEFINITION + at];
  }

  private rangeAt(at: number): Range {
    return { start: { line: this.number(at), character: this.number(at + 1) }, end: { line: this.number(at + 2), character: this.number(at + 3) } };
  }

  private details(): DefinitionDetails {
    return this.note.definitionDetails(this, this.ordinal);
  }
}

/** A definition's expansion, aliases, equivalences, label and the fields of Contextive terms, copied (see detach); undefined when it has none. */
export function extrasOf(definition: Definition): DefinitionExtras | undefined {
  const { examples, meta, context, paths } = definition;
  const otherFormat = examples !== undefined || meta !== undefined || context !== undefined || paths !== undefined;
  if (definition.expansion === undefined && definition.label === undefined && definition.aliases.length === 0 && definition.equivalences.length === 0 && !otherFormat) return undefined;
  const extras: DefinitionExtras = {
    expansion: definition.expansion && detachText(definition.expansion),
    aliases: definition.aliases.map(detachText),
    equivalences: definition.equivalences.map(detachText),
    label: definition.label && detachText(definition.label),
  };
  // Set only when present, so that a dialect definition's extras keep their four fields. (The
  // format is in the flags.)
  if (examples !== undefined) extras.examples = examples.map(detachText);
  if (meta !== undefined) extras.meta = meta.map(([key, value]) => [detachText(key), detachText(value)]);
  // One context is shared by the terms it holds, and stays shared (see detachContext).
  if (context !== undefined) extras.context = detachContext(context);
  if (paths !== undefined) extras.paths = paths.map(detachText);
  return extras;
}

const detachedContexts = new WeakMap<TermContext, TermContext>();

/** A context copied once for all the definitions that share it. */
function detachContext(context: TermContext): TermContext {
  let copy = detachedContexts.get(context);
  if (!copy) {
    copy = {
      name: context.name && detachText(context.name),
      vision: context.vision && detachText(context.vision),
      meta: context.meta?.map(([key, value]) => [detachText(key), detachText(value)]),
    };
    detachedContexts.set(context, copy);
  }
  return copy;
}

/**
 * The bits of StoredDefinition.flags. The three format bits hold the definition's format as
 * its place in DEFINITION_FORMATS (0, the dialect, when absent).
 */
export const DEFINITION_FLAGS = { loose: 1, inbox: 2, topic: 4, hoverOn: 8, hoverOff: 16, format1: 32, format2: 64, format4: 128 } as const;
const FORMAT_UNIT = DEFINITION_FLAGS.format1;
const FORMAT_MASK = DEFINITION_FLAGS.format1 | DEFINITION_FLAGS.format2 | DEFINITION_FLAGS.format4;
/** The bits of a definition's flags that hold its format. */
export const DEFINITION_FORMAT_MASK = FORMAT_MASK;

/** A format's bits in a definition's flags (see flagsOf). */
export function formatFlags(format: DefinitionFormat): number {
  return Math.max(0, DEFINITION_FORMATS.indexOf(format)) * FORMAT_UNIT;
}

/** A definition's loose, inbox, topic, hover marker and format as bits. */
export function flagsOf(definition: Pick<Definition, 'loose' | 'inbox' | 'kind' | 'hover' | 'format'>): number {
  const format = definition.format ? Math.max(0, DEFINITION_FORMATS.indexOf(definition.format)) : 0;
  return (definition.loose ? DEFINITION_FLAGS.loose : 0) | (definition.inbox ? DEFINITION_FLAGS.inbox : 0) | (definition.kind === 'topic' ? DEFINITION_FLAGS.topic : 0)
    | (definition.hover === 'on' ? DEFINITION_FLAGS.hoverOn : 0) | (definition.hover === 'off' ? DEFINITION_FLAGS.hoverOff : 0) | format * FORMAT_UNIT;
}


/** The names and label that few definitions have, and the fields of formats other than the dialect. */
export interface DefinitionExtras {
  expansion?: string;
  aliases: string[];
  equivalences: string[];
  label?: string;
  examples?: string[];
  meta?: [string, string][];
  context?: TermContext;
  paths?: string[];
}

/** How many links, citations, quotes and continuation items a definition has, without parsing a stored note again. */
export function detailCount(definition: IndexedDefinition): number {
  if (definition instanceof StoredDefinition) return definition.detailsLength;
  return definition.links.length + definition.citations.length + definition.quotes.length + definition.continuation.length;
}

/** How many links a definition has, without parsing a stored note again. */
export function linkCount(definition: IndexedDefinition): number {
  return definition instanceof StoredDefinition ? definition.linksLength : definition.links.length;
}

/** A letter, mark or digit outside ASCII, or an apostrophe that words may hold (the `v` flag: tsc checks literals for its target). */
const NON_ASCII_LETTER = new RegExp('[[\\p{L}\\p{M}\\p{N}\\u2019\\u02bc]--[\\x00-\\x7f]]', 'v');
