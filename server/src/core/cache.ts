// Parsed notes kept on disk between runs, so that a restart does not parse again what did not
// change. An entry is found by the note's file and the hash of its text, and belongs to one
// version of the parser: a note whose text changed, a cache written by another parser, a file
// cut short or garbled by a crash is simply not found, and the note is parsed as if there were
// no cache. Nothing read from the cache is trusted beyond "this is JSON in the note model's
// shape for exactly this text".
//
// Layout: one NDJSON shard per folder of notes (named by a hash of the folder's path), so
// that a change rewrites only the shard of its folder:
//
//   {"format":1,"parser":"<version>","folder":"/abs/notes/sub"}     header
//   <sha1 of the text>\t<file name as a JSON string>\t<note as compact JSON>
//
// The compact JSON is [shapes, value]. Objects are written as arrays, [shape, ...values],
// where shape numbers a list of keys in `shapes` (the keys of a link, of a range...), so the
// keys are written once per note rather than once per object; other arrays are [-1, ...items];
// a Range is [-2, startLine, startCharacter, endLine, endCharacter]; an object or array met a
// second time (a link listed in the note and in its definition, a section path) is [-3, n],
// n counting objects and arrays in the order they were first written. A field the model
// leaves undefined is written as null (the model has no nulls), so a cached note has the
// very same keys as a freshly parsed one.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Note, Range } from './model';
import type { NoteCache } from './workspace';

/** Bump when the layout or the note encoding changes. */
export const CACHE_FORMAT = 1;

export interface NoteCacheOptions {
  /**
   * The parser's version: notes cached by another version are not used. By default, a hash of
   * the code that holds this module (the whole server, once bundled), so that any change to
   * the program drops the cache rather than risk serving notes parsed by older rules.
   */
  parserVersion?: string;
  log?: (message: string) => void;
  /** Write what changed this long after the last change (a full index flushes at once). */
  flushDelayMs?: number;
}

interface Shard {
  folder: string;
  /**
   * Entries read from disk and not yet asked for: file name → [hash, note JSON]. Read when
   * first needed, and let go after each flush (the notes they hold are in the index by then).
   */
  stored?: Map<string, [string, string]>;
  /** Notes to write at the next flush: file name → [hash, note JSON]. */
  pending: Map<string, [string, string]>;
  /** Entries found valid or written this session, to keep when the shard is written again: name → hash. */
  kept: Map<string, string>;
  dirty: boolean;
}

export class NoteCacheFolder implements NoteCache {
  private readonly shards = new Map<string, Shard>();
  private readonly parserVersion: string;
  private timer?: NodeJS.Timeout;
  private broken = false;

  constructor(readonly folder: string, private readonly options: NoteCacheOptions = {}) {
    this.parserVersion = options.parserVersion ?? codeVersion();
  }

  get(file: string, text: string): Note | undefined {
    if (this.broken) return undefined;
    const shard = this.shard(file);
    const name = path.basename(file);
    shard.stored ??= this.readShard(this.shardFile(shard.folder), shard.folder);
    const stored = shard.stored.get(name);
    if (!stored) return undefined;
    const hash = hashText(text);
    if (stored[0] !== hash) {
      shard.dirty = true; // stale: written again without it
      return undefined;
    }
    // Decoded once: the raw JSON is not kept in memory after that.
    shard.stored.delete(name);
    let note: Note;
    try {
      note = decodeNote(stored[1]);
    } catch {
      shard.dirty = true; // garbled: ignored, and dropped at the next write
      return undefined;
    }
    if (!looksLikeNote(note) || note.hash !== hash) {
      shard.dirty = true;
      return undefined;
    }
    shard.kept.set(name, hash);
    return note;
  }

  set(file: string, text: string, note: Note): void {
    if (this.broken) return;
    const shard = this.shard(file);
    const name = path.basename(file);
    shard.stored?.delete(name);
    shard.kept.delete(name);
    shard.pending.set(name, [note.hash || hashText(text), encodeNote(note)]);
    shard.dirty = true;
    this.scheduleFlush();
  }

  /** Writes every shard that changed. Never throws: a cache that cannot be written is only slower. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.broken) return;
    for (const [shardFile, shard] of this.shards) {
      if (shard.dirty) {
        try {
          this.writeShard(shardFile, shard);
        } catch (error) {
          this.options.log?.(`Note cache: cannot write ${shardFile}: ${error instanceof Error ? error.message : String(error)}`);
          this.broken = true;
          return;
        }
      }
      // What was read and not asked for is of no more use (a note deleted since, most likely);
      // the shard is read again from disk if a note of its folder is asked for later.
      shard.stored = undefined;
    }
  }

  /** Writes a while after the last change: a run of changes (a full index) is written once. */
  private scheduleFlush(): void {
    if (this.timer) {
      this.timer.refresh();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.options.flushDelayMs ?? 2000);
    this.timer.unref?.();
  }

  private shard(file: string): Shard {
    const folder = path.dirname(file);
    const shardFile = this.shardFile(folder);
    let shard = this.shards.get(shardFile);
    if (!shard) {
      shard = { folder, pending: new Map(), kept: new Map(), dirty: false };
      this.shards.set(shardFile, shard);
    }
    return shard;
  }

  private shardFile(folder: string): string {
    return path.join(this.folder, `notes-${createHash('sha1').update(folder).digest('hex').slice(0, 16)}.ndjson`);
  }

  private header(folder: string): string {
    return JSON.stringify({ format: CACHE_FORMAT, parser: this.parserVersion, folder });
  }

  /** The valid entries of a shard on disk; none when it is missing, stale or not ours. */
  private readShard(shardFile: string, folder: string): Map<string, [string, string]> {
    const entries = new Map<string, [string, string]>();
    let content: string;
    try {
      content = fs.readFileSync(shardFile, 'utf8');
    } catch {
      return entries;
    }
    const lines = content.split('\n');
    if (lines[0] !== this.header(folder)) return entries;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      const firstTab = line.indexOf('\t');
      const secondTab = firstTab === -1 ? -1 : line.indexOf('\t', firstTab + 1);
      if (secondTab === -1) continue; // the torn last line of an interrupted write, say
      let name: unknown;
      try {
        name = JSON.parse(line.slice(firstTab + 1, secondTab));
      } catch {
        continue;
      }
      if (typeof name === 'string') entries.set(name, [line.slice(0, firstTab), line.slice(secondTab + 1)]);
    }
    return entries;
  }

  /** Rewrites a shard with the entries still valid and the new ones, through a temporary file. */
  private writeShard(shardFile: string, shard: Shard): void {
    const lines = [this.header(shard.folder)];
    if (shard.kept.size > 0) {
      // Entries found valid this session are copied from the shard as it is on disk.
      for (const [name, [hash, json]] of this.readShard(shardFile, shard.folder)) {
        if (shard.kept.get(name) === hash && !shard.pending.has(name)) lines.push(`${hash}\t${JSON.stringify(name)}\t${json}`);
      }
    }
    for (const [name, [hash, json]] of shard.pending) lines.push(`${hash}\t${JSON.stringify(name)}\t${json}`);
    fs.mkdirSync(this.folder, { recursive: true });
    const temporary = `${shardFile}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, lines.join('\n') + '\n');
    fs.renameSync(temporary, shardFile);
    // Written now, so kept the next time the shard is written.
    for (const [name, [hash]] of shard.pending) shard.kept.set(name, hash);
    shard.pending.clear();
    shard.dirty = false;
  }
}

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

let cachedCodeVersion: string | undefined;

/** A hash of the file this code was loaded from: the server bundle, in a release. */
function codeVersion(): string {
  if (cachedCodeVersion) return cachedCodeVersion;
  try {
    cachedCodeVersion = `code-${createHash('sha1').update(fs.readFileSync(__filename)).digest('hex').slice(0, 16)}`;
  } catch {
    cachedCodeVersion = `run-${Date.now()}`; // no way to tell versions apart: use nothing from before
  }
  return cachedCodeVersion;
}

// ---- the note encoding ----------------------------------------------------------------------

// Tags: the first element of every encoded array says what it holds. A non-negative tag is
// an object of the shape with that number (its keys are listed once per note).
const ARRAY = -1;
const RANGE = -2;
const REF = -3;

/** A note as compact JSON (see the file comment). */
export function encodeNote(note: Note): string {
  const shapes: string[][] = [];
  const shapeIds = new Map<string, number>();
  const seen = new Map<object, number>();
  const encode = (value: unknown): unknown => {
    if (value === undefined) return null;
    if (value === null || typeof value !== 'object') return value;
    if (!Array.isArray(value) && isRange(value)) return [RANGE, value.start.line, value.start.character, value.end.line, value.end.character];
    const known = seen.get(value);
    if (known !== undefined) return [REF, known];
    seen.set(value, seen.size);
    if (Array.isArray(value)) {
      const result: unknown[] = [ARRAY];
      for (const item of value) result.push(encode(item));
      return result;
    }
    const keys = Object.keys(value);
    const signature = keys.join('\u0000');
    let shape = shapeIds.get(signature);
    if (shape === undefined) {
      shape = shapes.push(keys) - 1;
      shapeIds.set(signature, shape);
    }
    const result: unknown[] = [shape];
    for (const key of keys) result.push(encode((value as Record<string, unknown>)[key]));
    return result;
  };
  const body = encode(note);
  return JSON.stringify([shapes, body]);
}

export function decodeNote(json: string): Note {
  const [shapes, body] = JSON.parse(json) as [string[][], unknown];
  if (!Array.isArray(shapes) || !shapes.every((keys) => Array.isArray(keys) && keys.every((k) => typeof k === 'string'))) throw new Error('no shapes');
  const objects: unknown[] = [];
  const decode = (value: unknown): unknown => {
    if (value === null) return undefined;
    if (typeof value !== 'object') return value;
    if (!Array.isArray(value) || typeof value[0] !== 'number') throw new Error('not an encoded value');
    const tag = value[0];
    if (tag === RANGE) {
      if (value.length !== 5) throw new Error('not a range');
      return { start: { line: value[1], character: value[2] }, end: { line: value[3], character: value[4] } } satisfies Range;
    }
    if (tag === REF) {
      if (!(value[1] in objects)) throw new Error('dangling reference');
      return objects[value[1]];
    }
    if (tag === ARRAY) {
      const array: unknown[] = [];
      // Numbered before its items, as the encoder numbered it before encoding them.
      objects.push(array);
      for (let i = 1; i < value.length; i++) array.push(decode(value[i]));
      return array;
    }
    const keys = shapes[tag];
    if (!keys || keys.length !== value.length - 1) throw new Error('unknown shape');
    const object: Record<string, unknown> = {};
    objects.push(object);
    for (let i = 0; i < keys.length; i++) object[keys[i]] = decode(value[i + 1]);
    return object;
  };
  return decode(body) as Note;
}

function isRange(value: object): value is Range {
  const range = value as Partial<Range>;
  return typeof range.start === 'object' && typeof range.end === 'object' && range.start !== null && range.end !== null
    && typeof range.start.line === 'number' && typeof range.end.character === 'number' && Object.keys(value).length === 2;
}

/** Enough of the note model's shape that the rest of the program can rely on it. */
function looksLikeNote(value: unknown): value is Note {
  const note = value as Partial<Note>;
  return typeof note === 'object' && note !== null && typeof note.uri === 'string' && typeof note.hash === 'string'
    && Array.isArray(note.definitions) && Array.isArray(note.sections) && Array.isArray(note.links) && Array.isArray(note.lines)
    && Array.isArray(note.problems) && typeof note.lineCount === 'number';
}
