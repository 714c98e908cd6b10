// The index kept on disk between runs, so that a restart answers at once instead of reading
// and parsing every note again. One file per set of notes (named by a hash of the settings
// that choose them), written whole through a temporary file:
//
//   {"format":1,"version":"<code>","key":"<settings>","endian":"LE","sha1":"<of the rest>"}\n
//   <length of the body in bytes>\n
//   <body: JSON, see SnapshotBody>
//   <zero bytes up to a multiple of 4 from the file's start>
//   <32-bit integers: each note's numbers, then the word lists' note numbers>
//
// Nothing in it is trusted: a file of another program version, another set of notes, or whose
// checksum, lengths or cross-references do not add up is ignored (and logged), and the notes
// are read as if there were none. Each note in it carries the size and modification time its
// file had when it was read; a file whose size or time differ now is read again, so the
// snapshot only ever stands for files that are as they were.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DefinitionState, EntryState, IndexState } from './index';
import type { SectionPath } from './model';
import { NUMBERS_PER_DEFINITION } from './storedNote';

export const SNAPSHOT_FORMAT = 1;

/** What a file's metadata said when it was read: a file whose metadata still say so has not been written since. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export interface IndexSnapshot {
  state: IndexState;
  /** Per note of state.notes: its file's stamp when it was read, or null when it was not read from its file (an editor's unsaved text). */
  stamps: (FileStamp | null)[];
}

/** Where a workspace keeps its snapshot. `key` names the set of notes (the settings that choose them). */
export interface SnapshotStore {
  read(key: string): IndexSnapshot | undefined;
  write(key: string, snapshot: IndexSnapshot): void;
}

interface SnapshotBody {
  notes: { uri: string; hash: string; plainText: boolean; length: number; numbers: number; definitions: DefinitionState[]; stamp: FileStamp | null }[];
  sectionPaths: SectionPath[];
  entries: EntryState[];
  words: string[];
  postingCounts: number[];
}

export interface SnapshotFolderOptions {
  /** The program's version: a snapshot written by another is not used. By default a hash of the code (see codeVersion). */
  version?: string;
  log?: (message: string) => void;
}

/** Snapshots kept as files in a folder (VS Code gives each extension one). Never throws. */
export class SnapshotFolder implements SnapshotStore {
  private readonly version: string;

  constructor(readonly folder: string, private readonly options: SnapshotFolderOptions = {}) {
    this.version = options.version ?? codeVersion();
  }

  read(key: string): IndexSnapshot | undefined {
    const file = this.fileFor(key);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      return undefined; // none yet
    }
    const snapshot = decodeSnapshot(bytes, this.version, key);
    if (typeof snapshot === 'string') this.options.log?.(`Index snapshot ${file} not used: ${snapshot}.`);
    return typeof snapshot === 'string' ? undefined : snapshot;
  }

  write(key: string, snapshot: IndexSnapshot): void {
    const file = this.fileFor(key);
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(this.folder, { recursive: true });
      fs.writeFileSync(temporary, encodeSnapshot(snapshot, this.version, key));
      fs.renameSync(temporary, file);
    } catch (error) {
      this.options.log?.(`Index snapshot: cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`);
      try {
        fs.rmSync(temporary, { force: true });
      } catch {
        // nothing was written
      }
    }
  }

  private fileFor(key: string): string {
    return path.join(this.folder, `index-${createHash('sha1').update(key).digest('hex').slice(0, 16)}.bin`);
  }
}

export function encodeSnapshot(snapshot: IndexSnapshot, version: string, key: string): Buffer {
  const { state, stamps } = snapshot;
  const body: SnapshotBody = {
    notes: state.notes.map((note, i) => ({ uri: note.uri, hash: note.hash, plainText: note.plainText, length: note.length, numbers: note.numbers.length, definitions: note.definitions, stamp: stamps[i] })),
    sectionPaths: state.sectionPaths,
    entries: state.entries,
    words: state.words,
    postingCounts: state.postingCounts,
  };
  const bodyBytes = Buffer.from(JSON.stringify(body), 'utf8');
  const integers = state.notes.reduce((sum, note) => sum + note.numbers.length, 0) + state.postings.length;
  // The integers start at a multiple of 4 from the file's start, so they can be read in place.
  const lengthLine = Buffer.from(`${bodyBytes.length}\n`);
  const rest = (prefixLength: number) => {
    const padding = (4 - ((prefixLength + lengthLine.length + bodyBytes.length) % 4)) % 4;
    const data = new Int32Array(integers);
    let at = 0;
    for (const note of state.notes) {
      data.set(note.numbers, at);
      at += note.numbers.length;
    }
    data.set(state.postings, at);
    return Buffer.concat([lengthLine, bodyBytes, Buffer.alloc(padding), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
  };
  // The header's length decides the padding, and the checksum is in the header: the padding
  // is computed for a header whose checksum has its fixed length (40 hex digits).
  const headerFor = (sha1: string) => Buffer.from(JSON.stringify({ format: SNAPSHOT_FORMAT, version, key, endian: os.endianness(), sha1 }) + '\n');
  const headerLength = headerFor('0'.repeat(40)).length;
  const payload = rest(headerLength);
  return Buffer.concat([headerFor(createHash('sha1').update(payload).digest('hex')), payload]);
}

/** The snapshot in `bytes`, or why it cannot be used. */
export function decodeSnapshot(bytes: Buffer, version: string, key: string): IndexSnapshot | string {
  try {
    const headerEnd = bytes.indexOf(0x0a);
    if (headerEnd === -1 || headerEnd > 64 * 1024) return 'no header';
    const header = JSON.parse(bytes.subarray(0, headerEnd).toString('utf8')) as Record<string, unknown>;
    if (header.format !== SNAPSHOT_FORMAT) return 'another format';
    if (header.version !== version) return 'written by another version of the program';
    if (header.key !== key) return 'written for other notes';
    if (header.endian !== os.endianness()) return 'written on a machine of another byte order';
    const payload = bytes.subarray(headerEnd + 1);
    if (createHash('sha1').update(payload).digest('hex') !== header.sha1) return 'damaged (checksum)';
    const lengthEnd = payload.indexOf(0x0a);
    const bodyLength = Number(payload.subarray(0, lengthEnd).toString('latin1'));
    const bodyStart = headerEnd + 1 + lengthEnd + 1;
    if (!Number.isSafeInteger(bodyLength) || bodyStart + bodyLength > bytes.length) return 'damaged (lengths)';
    const body = JSON.parse(bytes.subarray(bodyStart, bodyStart + bodyLength).toString('utf8')) as SnapshotBody;
    const dataStart = Math.ceil((bodyStart + bodyLength) / 4) * 4;
    if ((bytes.length - dataStart) % 4 !== 0) return 'damaged (lengths)';
    // Copied out: the file's bytes need not sit at a multiple of 4 in memory.
    const data = new Int32Array(bytes.buffer.slice(bytes.byteOffset + dataStart, bytes.byteOffset + bytes.length));
    const problem = checkBody(body, data.length);
    if (problem) return `damaged (${problem})`;
    let at = 0;
    const notes = body.notes.map((note) => {
      const numbers = data.slice(at, at + note.numbers);
      at += note.numbers;
      return { uri: note.uri, hash: note.hash, plainText: note.plainText, length: note.length, numbers, definitions: note.definitions };
    });
    const state: IndexState = { notes, sectionPaths: body.sectionPaths, entries: body.entries, words: body.words, postingCounts: body.postingCounts, postings: data.subarray(at) };
    if (!postingsInRange(state)) return 'damaged (word lists)';
    return { state, stamps: body.notes.map((note) => note.stamp) };
  } catch (error) {
    return `damaged (${error instanceof Error ? error.message : String(error)})`;
  }
}

/**
 * What is wrong with a body, if anything: every number that names something must name
 * something there, and every count must add up, so that loading it cannot fail half way or
 * build an index whose parts point nowhere.
 */
function checkBody(body: SnapshotBody, integers: number): string | undefined {
  const isStrings = (value: unknown) => Array.isArray(value) && value.every((s) => typeof s === 'string');
  const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
  if (!Array.isArray(body.notes) || !Array.isArray(body.sectionPaths) || !Array.isArray(body.entries) || !isStrings(body.words) || !Array.isArray(body.postingCounts)) return 'shape';
  if (!body.sectionPaths.every(isStrings)) return 'section paths';
  let numbers = 0;
  const definitionCounts: number[] = [];
  for (const note of body.notes) {
    if (typeof note.uri !== 'string' || typeof note.hash !== 'string' || typeof note.plainText !== 'boolean' || !isCount(note.length) || !isCount(note.numbers) || note.numbers % NUMBERS_PER_DEFINITION !== 0 || !Array.isArray(note.definitions)) return 'notes';
    if (note.stamp !== null && !(typeof note.stamp?.size === 'number' && typeof note.stamp.mtimeMs === 'number')) return 'stamps';
    for (const d of note.definitions) {
      if (!Array.isArray(d) || d.length !== 9 || !isCount(d[0]) || d[0] >= note.numbers / NUMBERS_PER_DEFINITION || typeof d[1] !== 'string' || (d[2] !== null && typeof d[2] !== 'string') || !isStrings(d[3]) || !isStrings(d[4])
        || typeof d[5] !== 'string' || !isCount(d[6]) || d[6] >= body.sectionPaths.length || (d[7] !== null && typeof d[7] !== 'string') || !isCount(d[8]) || d[8] > 7) return 'definitions';
    }
    numbers += note.numbers;
    definitionCounts.push(note.definitions.length);
  }
  for (const entry of body.entries) {
    if (typeof entry.key !== 'string' || typeof entry.term !== 'string' || !isStrings(entry.names) || !isStrings(entry.nameKeys) || !Array.isArray(entry.definitions) || !Array.isArray(entry.owners)) return 'entries';
    if (entry.definitions.length === 0 || entry.definitions.length % 2 !== 0 || entry.owners.length !== entry.nameKeys.length) return 'entries';
    for (let i = 0; i < entry.definitions.length; i += 2) {
      const note = entry.definitions[i];
      if (!isCount(note) || note >= definitionCounts.length || !isCount(entry.definitions[i + 1]) || entry.definitions[i + 1] >= definitionCounts[note]) return 'entries';
    }
    if (!entry.owners.every((owner) => isCount(owner) && owner < entry.definitions.length / 2)) return 'entries';
  }
  if (body.postingCounts.length !== body.words.length || !body.postingCounts.every((count) => isCount(count) && count > 0)) return 'word lists';
  const postings = body.postingCounts.reduce((sum, count) => sum + count, 0);
  if (numbers + postings !== integers) return 'lengths';
  return undefined;
}

/** Note numbers in the word lists must name notes: checked once the integers are read. */
function postingsInRange(state: IndexState): boolean {
  const notes = state.notes.length;
  for (let i = 0; i < state.postings.length; i++) if (state.postings[i] < 0 || state.postings[i] >= notes) return false;
  return true;
}

let cachedCodeVersion: string | undefined;

/**
 * A hash of the file this code was loaded from (the server bundle, in a release): any change
 * to the program drops snapshots written by another, rather than risk reading them by other rules.
 */
export function codeVersion(): string {
  if (cachedCodeVersion) return cachedCodeVersion;
  try {
    cachedCodeVersion = `code-${createHash('sha1').update(fs.readFileSync(__filename)).digest('hex').slice(0, 16)}`;
  } catch {
    cachedCodeVersion = `run-${Date.now()}`; // no way to tell versions apart: use nothing from before
  }
  return cachedCodeVersion;
}
