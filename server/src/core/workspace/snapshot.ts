// The index kept on disk between runs, so that a restart answers at once instead of reading
// and parsing every note again. One file per set of notes (named by a hash of the settings
// that choose them), written whole through a temporary file:
//
//   {"format":1,"version":"<code>","key":"<settings>","endian":"LE","checksum":"crc32","details":<their bytes>,"digest":"<of the rest up to the details>"}\n
//   <length of the body in bytes>\n
//   <body: JSON, see SnapshotBody>
//   <zero bytes up to a multiple of 4 from the file's start>
//   <32-bit integers: the integer columns (see INTEGER_COLUMNS)>
//   <bytes: each definition's text in UTF-8, one after the other>
//   <bytes: the extras of the definitions that have them, each as JSON in UTF-8, one after the other>
//   <bytes: each definition's term in UTF-8, one after the other>
//   <bytes: each section path as JSON in UTF-8, one after the other>
//   <bytes: each note's compressed details, one after the other>
//
// A start reads the file in two parts (the JSON; the integers and texts), each into memory of
// its own: the integers are used where they land, the texts are decoded one by one when first
// read (see EncodedTexts), the extras and section paths parsed one by one (EncodedExtras,
// EncodedPaths), and no part of the file is copied or kept twice. The notes' details are not
// read at the start: each note's are read from the file when a card needs them (the file is
// kept open for it), checked against a checksum of their own, since the header's covers
// everything before them.
//
// Nothing in it is trusted: a file of another program version, another set of notes, or whose
// checksum, lengths or cross-references do not add up is ignored (and logged), and the notes
// are read as if there were none. Each note in it carries the size and modification time its
// file had when it was read; a file whose size or time differ now is read again, so the
// snapshot only ever stands for files that are as they were.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import * as os from 'node:os';
import * as path from 'node:path';
import type { IndexState, MatcherState } from '../index/indexState';
import { MAX_TERM_WORDS, type TrieState } from '../index/matching/termTrie';
import type { FileStamp } from '../notes/noteFiles';
import { DEFINITION_FLAGS, EncodedExtras, EncodedPaths, EncodedTexts, NUMBERS_PER_DEFINITION, type DefinitionExtras, type DetailsOnDisk, type NoteDetails } from '../index/storedNote';
import type { SectionPath } from '../model';

// 3: definition flags carry the definition's format. 4: extras carry Contextive fields (examples, meta, context, paths).
// 5: the content words of each note's definitions, counted (topicKeys, noteTopics: see index/topicWords.ts).
// 6: the definitions' texts as UTF-8 bytes after the integers, rather than strings in the JSON.
// 7: a topic that has distilled nothing above its `---` is marked inbox (the bits are those of
//    6; the notes read under 6 would keep such topics hoverable until they changed).
// 8: the matcher of the admitted names, when one was built (matcher, and the matcher columns).
// 9: the definitions' extras as JSON bytes after the texts, parsed when read, rather than in the JSON.
// 10: the header names its checksum (CRC-32 where Node has it, else SHA-1) rather than always SHA-1.
// 11: the definitions' terms and the section paths as bytes after the extras, decoded when read, rather than in the JSON.
// 12: each note's details have a checksum of their own (noteDetailChecks), outside the header's, and are read when needed.
// 13: each definition's details written with ranges as four numbers and a link's own section path as 0 (see storedForm).
// 14: contractions (`don't`, `we'll`) are function words, so the notes' counted content words (5) leave them out.
export const SNAPSHOT_FORMAT = 14;

/** A running checksum of the snapshot's bytes after its header. */
interface Checksum {
  update(bytes: Uint8Array): void;
  digest(): string;
}

/**
 * The checksum a snapshot is written with: CRC-32 where Node has it (zlib.crc32, Node 20.15 and
 * later), about twice as fast as SHA-1 over the 120 MB of 10,000 notes (33 against 64 ms),
 * else SHA-1 (the Node of an older VS Code). It finds damage (a write cut short, a disk's
 * error), which is all it is for: whoever can write the cache folder can write any snapshot.
 */
export function preferredChecksum(): string {
  return zlibCrc32 ? 'crc32' : 'sha1';
}

/** zlib's CRC-32 where this Node has it (20.15 and later). */
const zlibCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** A checksum of that kind, or undefined for a kind this Node cannot compute. */
export function newChecksum(kind: unknown): Checksum | undefined {
  if (kind === 'sha1') {
    const hash = createHash('sha1');
    return { update: (bytes) => void hash.update(bytes), digest: () => hash.digest('hex') };
  }
  const crc32 = zlibCrc32;
  if (kind === 'crc32' && crc32) {
    let value = 0;
    return { update: (bytes) => void (value = crc32(bytes, value)), digest: () => value.toString(16).padStart(8, '0') };
  }
  return undefined;
}

/**
 * The checksum of one note's details, as a 32-bit integer, of the file's kind: CRC-32, or the
 * first four bytes of SHA-1. Undefined for a kind this Node cannot compute.
 */
function detailsCheck(kind: unknown): ((bytes: Uint8Array) => number) | undefined {
  const crc32 = zlibCrc32;
  if (kind === 'crc32' && crc32) return (bytes) => crc32(bytes) | 0;
  if (kind === 'sha1') return (bytes) => createHash('sha1').update(bytes).digest().readInt32LE(0);
  return undefined;
}

/** The details of a state's note as bytes (a snapshot taken up and written again reads them here; lost ones are written as none). */
function detailsBytes(details: NoteDetails): Uint8Array {
  return details instanceof Uint8Array ? details : details.read() ?? new Uint8Array(0);
}

export interface IndexSnapshot {
  state: IndexState;
  /** Per note of state.notes: its file's stamp when it was read, or null when it was not read from its file (an editor's unsaved text). */
  stamps: (FileStamp | null)[];
}

/** Where a workspace keeps its snapshot. `key` names the set of notes (the settings that choose them). */
export interface SnapshotStore {
  read(key: string): IndexSnapshot | undefined;
  /**
   * Writes the snapshot; gives, per note of its state, where the file just written holds the
   * note's details (so that memory need not), or undefined when it was not written.
   */
  write(key: string, snapshot: IndexSnapshot): DetailsOnDisk[] | undefined;
}

/** What the JSON part holds: the columns of strings, the sparse ones, and the lengths of the integer columns that follow it. */
interface SnapshotBody {
  noteUris: string[];
  noteHashes: string[];
  /** Per note: its file's size and time when read, or -1 when it was not read from its file. */
  stampSizes: number[];
  stampTimes: number[];
  entryKeys: string[];
  entryNames: IndexState['entryNames'];
  words: string[];
  topicKeys: string[];
  /** The matcher's strings and sizes (its numbers are the matcher columns), when the state has one. */
  matcher?: Pick<TrieState, 'size' | 'longestTerm' | 'keys' | 'surfaces' | 'strictGaps'> & { ignored: string[] };
  /** The lengths of the integer columns, in the order of INTEGER_COLUMNS. */
  integers: number[];
}

/** The matcher's integer columns (empty when the state has no matcher). */
const MATCHER_COLUMNS = ['matcherEntries', 'matcherRootChildren', 'matcherEdges', 'matcherNodeEnds', 'matcherNodeOnlyId', 'matcherEndSizes', 'matcherEndIds'] as const;

/** One more than every definition flag together: a flags value at or above it is damage. */
const FLAGS_LIMIT = Object.values(DEFINITION_FLAGS).reduce((all, bit) => all | bit, 0) + 1;

/** The integer columns of a state, in the order they are written; noteNumbers goes first as its lengths, then its contents. */
const INTEGER_COLUMNS = ['noteTextForms', 'noteLengths', 'noteDetailLengths', 'noteDetailChecks', 'noteNumberCounts', 'noteNumbers', 'definitionNotes', 'definitionOrdinals', 'definitionPaths', 'definitionFlags', 'definitionTextEnds', 'extrasNumbers', 'extrasEnds', 'definitionTermEnds', 'sectionPathEnds', 'entrySizes', 'postingCounts', 'postings', 'noteTopicCounts', 'noteTopics', ...MATCHER_COLUMNS] as const;

export interface SnapshotFolderOptions {
  /**
   * Whether a snapshot's file stays open for the notes' details read later (see keptParts): by
   * default everywhere but Windows.
   */
  keepFilesOpen?: boolean;
  /** The program's version: a snapshot written by another is not used. By default a hash of the code (see codeVersion). */
  version?: string;
  log?: (message: string) => void;
}

/** The name of a snapshot's temporary (see fileFor and write): it carries the writer's pid. */
const TEMPORARY_NAME = /^index-[0-9a-f]{16}\.bin\.(\d+)\.tmp$/;
/**
 * A write takes a second or two and touches its temporary throughout: one untouched for this
 * long is left by a writer that died, even if its pid now names another live process.
 */
const STALE_TEMPORARY_MS = 10 * 60 * 1000;

/** Snapshots kept as files in a folder (VS Code gives each extension one). Never throws. */
export class SnapshotFolder implements SnapshotStore {
  private readonly version: string;
  private readonly keepFilesOpen: boolean;

  constructor(readonly folder: string, private readonly options: SnapshotFolderOptions = {}) {
    this.version = options.version ?? codeVersion();
    this.keepFilesOpen = options.keepFilesOpen ?? process.platform !== 'win32';
    this.sweepTemporaries();
  }

  read(key: string): IndexSnapshot | undefined {
    const file = this.fileFor(key);
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return undefined; // none yet
    }
    let snapshot: IndexSnapshot | string;
    let kept: ReturnType<typeof keptParts> | undefined;
    try {
      kept = keptParts(fd, file, this.keepFilesOpen);
      snapshot = decodeParts(kept.parts, this.version, key);
    } catch (error) {
      snapshot = `unreadable (${error instanceof Error ? error.message : String(error)})`;
    }
    if (typeof snapshot !== 'string') kept!.keep();
    else kept?.close();
    if (typeof snapshot === 'string') this.options.log?.(`Index snapshot ${file} not used: ${snapshot}.`);
    return typeof snapshot === 'string' ? undefined : snapshot;
  }

  write(key: string, snapshot: IndexSnapshot): DetailsOnDisk[] | undefined {
    const file = this.fileFor(key);
    const temporary = `${file}.${process.pid}.tmp`;
    let fd: number | undefined;
    try {
      fs.mkdirSync(this.folder, { recursive: true });
      const encoded = encodeSnapshotFile(snapshot, this.version, key);
      writeParts(temporary, encoded.parts);
      // Opened before the rename: the file this process wrote, whatever another writer of the
      // same notes (a second window) renames over the name later.
      fd = this.keepFilesOpen ? fs.openSync(temporary, 'r') : undefined;
      fs.renameSync(temporary, file);
      const { parts, keep } = keptParts(fd, file, this.keepFilesOpen);
      fd = undefined;
      keep();
      return detailsOnDisk(parts, parts.size - encoded.detailsTotal, encoded.detailLengths, encoded.detailChecks, detailsCheck(encoded.kind)!);
    } catch (error) {
      if (fd !== undefined) fs.closeSync(fd);
      this.options.log?.(`Index snapshot: cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`);
      try {
        fs.rmSync(temporary, { force: true });
      } catch {
        // nothing was written
      }
    }
  }

  /**
   * Removes the temporaries of writes that never finished (a process killed while writing
   * leaves one; nothing else would ever remove it): those whose writer's pid is not alive, or
   * that nobody has touched for STALE_TEMPORARY_MS. Only names this store gives its
   * temporaries are looked at; a write under way (live pid, recent) is left alone.
   */
  private sweepTemporaries(): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.folder);
    } catch {
      return; // no folder yet
    }
    const now = Date.now();
    for (const name of names) {
      const pid = Number(TEMPORARY_NAME.exec(name)?.[1]);
      if (!Number.isSafeInteger(pid)) continue;
      const file = path.join(this.folder, name);
      try {
        if (isAlive(pid) && now - fs.lstatSync(file).mtimeMs < STALE_TEMPORARY_MS) continue;
        fs.rmSync(file, { force: true });
        this.options.log?.(`Index snapshot: removed ${name}, left by a write that did not finish.`);
      } catch {
        // gone already, or not ours to remove: the next start tries again
      }
    }
  }

  private fileFor(key: string): string {
    return path.join(this.folder, `index-${createHash('sha1').update(key).digest('hex').slice(0, 16)}.bin`);
  }
}

/** Whether a process with this pid runs (one of another user's, too). */
function isAlive(pid: number): boolean {
  if (pid <= 0) return false; // 0 and negative numbers name process groups, not a writer
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The snapshot as one buffer (tests decode it with decodeSnapshot; the store writes its parts). */
export function encodeSnapshot(snapshot: IndexSnapshot, version: string, key: string, checksumKind = preferredChecksum()): Buffer {
  return Buffer.concat(encodeSnapshotFile(snapshot, version, key, checksumKind).parts);
}

/**
 * The snapshot's bytes as the parts that follow one another in the file, the header first.
 * Each part is a view of what the state already holds where it can be (every note's details,
 * every integer column): joined into one buffer, then sealed with the header in another, they
 * made a write of the 10,000-note snapshot (122 MB) hold about 390 MB more outside the heap, which
 * stayed counted in the server's memory until the collector's sweep of array buffers caught up.
 */
function encodeSnapshotFile(snapshot: IndexSnapshot, version: string, key: string, checksumKind = preferredChecksum()): EncodedSnapshot {
  const { state, stamps } = snapshot;
  const texts = EncodedTexts.encode(textsOf(state.definitionTexts));
  const extras = extrasList(state.definitionExtras);
  // Empty lists left out: most definitions' extras are a label alone, and two empty arrays
  // each were a third of the extras' objects for a start to make and collect.
  const extrasTexts = EncodedTexts.encode(extras.map(([, each]) => JSON.stringify({ ...each, aliases: nonEmpty(each.aliases), equivalences: nonEmpty(each.equivalences) })));
  const terms = EncodedTexts.encode(textsOf(state.definitionTerms));
  const paths = EncodedPaths.encode(pathsOf(state.sectionPaths));
  const details = state.noteDetails.map(detailsBytes);
  const detailLengths = Int32Array.from(details, (bytes) => bytes.length);
  const detailChecks = Int32Array.from(details, detailsCheck(checksumKind)!);
  const columns = integerColumns(state, detailLengths, detailChecks, texts.ends, Int32Array.from(extras, ([at]) => at), extrasTexts.ends, terms.ends, paths.ends);
  const body: SnapshotBody = {
    noteUris: state.noteUris,
    noteHashes: state.noteHashes,
    stampSizes: stamps.map((stamp) => stamp?.size ?? -1),
    stampTimes: stamps.map((stamp) => stamp?.mtimeMs ?? -1),
    entryKeys: state.entryKeys,
    entryNames: state.entryNames,
    words: state.words,
    topicKeys: state.topicKeys,
    matcher: state.matcher && { ignored: state.matcher.ignored, size: state.matcher.trie.size, longestTerm: state.matcher.trie.longestTerm, keys: state.matcher.trie.keys, surfaces: state.matcher.trie.surfaces, strictGaps: state.matcher.trie.strictGaps },
    integers: columns.map((column) => column.length),
  };
  const bodyBytes = Buffer.from(JSON.stringify(body), 'utf8');
  const lengthLine = Buffer.from(`${bodyBytes.length}\n`);
  // The checksum is in the header and the header's length decides the padding before the
  // integers (they start at a multiple of 4): the padding is worked out for a header whose
  // digest has its kind's fixed length.
  const kind = checksumKind;
  const checksum = newChecksum(kind)!;
  const detailsTotal = details.reduce((sum, bytes) => sum + bytes.byteLength, 0);
  const headerFor = (digest: string) => Buffer.from(JSON.stringify({ format: SNAPSHOT_FORMAT, version, key, endian: os.endianness(), checksum: kind, details: detailsTotal, digest }) + '\n');
  const prefix = headerFor(newChecksum(kind)!.digest()).length + lengthLine.length + bodyBytes.length;
  const padding = Buffer.alloc((4 - (prefix % 4)) % 4);
  const integers = columns.map((column) => new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
  const payload = [lengthLine, bodyBytes, padding, ...integers, texts.bytes, extrasTexts.bytes, terms.bytes, paths.bytes].filter((part) => part.byteLength > 0);
  for (const part of payload) checksum.update(part);
  // The details after the header's checksum: each note's has its own (noteDetailChecks).
  return { parts: [headerFor(checksum.digest()), ...payload, ...details.filter((part) => part.byteLength > 0)], kind, detailsTotal, detailLengths, detailChecks };
}

/** A snapshot's bytes as parts (see encodeSnapshotFile), and where its notes' details are in them. */
interface EncodedSnapshot {
  parts: Uint8Array[];
  /** The checksum's kind, which the details' checks are of too. */
  kind: string;
  /** The details' bytes, which end the file. */
  detailsTotal: number;
  detailLengths: Int32Array;
  detailChecks: Int32Array;
}

/** Writes the parts one after another into a new file, a bounded number of them per call. */
function writeParts(file: string, parts: readonly Uint8Array[]): void {
  const fd = fs.openSync(file, 'w');
  try {
    for (let first = 0; first < parts.length; first += PARTS_PER_WRITE) {
      const batch = parts.slice(first, first + PARTS_PER_WRITE);
      let skip = fs.writevSync(fd, batch);
      // writev may write less than asked (a signal, a nearly full disk): what it left is written on.
      for (const part of batch) {
        if (skip >= part.byteLength) {
          skip -= part.byteLength;
          continue;
        }
        for (let at = skip; at < part.byteLength; ) at += fs.writeSync(fd, part, at);
        skip = 0;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Below the system's limit on one writev's buffers (1,024 on Linux). */
const PARTS_PER_WRITE = 512;

/** A list as written in the snapshot: undefined when empty. */
function nonEmpty(list: string[]): string[] | undefined {
  return list.length > 0 ? list : undefined;
}

/** One empty list for every definition whose extras have none (nothing changes extras once made). */
const NO_NAMES: string[] = [];

/**
 * Extras as the snapshot has them (see nonEmpty), with their lists again (the same empty one
 * where they had none), or undefined for a value that is not extras.
 */
function checkedExtras(value: unknown): DefinitionExtras | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const extras = value as DefinitionExtras;
  const valid = (extras.aliases === undefined || isStrings(extras.aliases)) && (extras.equivalences === undefined || isStrings(extras.equivalences))
    && ['string', 'undefined'].includes(typeof extras.expansion) && ['string', 'undefined'].includes(typeof extras.label) && otherFormatExtrasValid(extras);
  if (!valid) return undefined;
  extras.aliases ??= NO_NAMES;
  extras.equivalences ??= NO_NAMES;
  return extras;
}

/** A state's extras as [definition, extras] pairs (a snapshot taken up and written again parses them here). */
function extrasList(extras: IndexState['definitionExtras']): [number, DefinitionExtras][] {
  if (!(extras instanceof EncodedExtras)) return extras;
  const list: [number, DefinitionExtras][] = [];
  for (let i = 0; i < extras.length; i++) {
    const each = extras.extras(i);
    if (each) list.push([extras.numbers[i], each]);
  }
  return list;
}

/** A state's texts or terms as strings (a snapshot taken up and written again decodes them here). */
function textsOf(texts: string[] | EncodedTexts): readonly string[] {
  return texts instanceof EncodedTexts ? Array.from({ length: texts.length }, (_, at) => texts.text(at)) : texts;
}

/** A state's section paths as arrays (a snapshot taken up and written again parses them here). */
function pathsOf(paths: IndexState['sectionPaths']): readonly SectionPath[] {
  return paths instanceof EncodedPaths ? Array.from({ length: paths.length }, (_, at) => paths.path(at)) : paths;
}

function integerColumns(state: IndexState, noteDetailLengths: Int32Array, noteDetailChecks: Int32Array, definitionTextEnds: Int32Array, extrasNumbers: Int32Array, extrasEnds: Int32Array, definitionTermEnds: Int32Array, sectionPathEnds: Int32Array): Int32Array[] {
  const [noteNumberCounts, noteNumbers] = joined(state.noteNumbers);
  const [noteTopicCounts, noteTopics] = joined(state.noteTopics);
  const trie = state.matcher?.trie;
  const none = new Int32Array(0);
  const matcher = {
    matcherEntries: state.matcher?.entries ?? none,
    matcherRootChildren: trie?.rootChildren ?? none,
    matcherEdges: trie?.edges ?? none,
    matcherNodeEnds: trie?.nodeEnds ?? none,
    matcherNodeOnlyId: trie?.nodeOnlyId ?? none,
    matcherEndSizes: trie?.endSizes ?? none,
    matcherEndIds: trie?.endIds ?? none,
  };
  const byName = { ...state, noteNumberCounts, noteNumbers, noteTopicCounts, noteTopics, noteDetailLengths, noteDetailChecks, definitionTextEnds, extrasNumbers, extrasEnds, definitionTermEnds, sectionPathEnds, ...matcher };
  return INTEGER_COLUMNS.map((name) => byName[name]);
}

/** One array per note as their lengths and their contents one after the other. */
function joined(arrays: Int32Array[]): [Int32Array, Int32Array] {
  const lengths = Int32Array.from(arrays, (array) => array.length);
  const all = new Int32Array(lengths.reduce((sum, n) => sum + n, 0));
  let at = 0;
  for (const array of arrays) {
    all.set(array, at);
    at += array.length;
  }
  return [lengths, all];
}

/**
 * The arrays that `joined` joined, as views of `all`: one block for every note rather than an
 * allocation each (10,000 allocations of memory outside the heap made the collector run hard
 * on a start). A note replaced later leaves its part of the block unused until the next start.
 */
function split<T extends Int32Array | Uint8Array>(lengths: Int32Array, all: T): T[] {
  const arrays: T[] = [];
  let at = 0;
  for (const length of lengths) {
    arrays.push(all.subarray(at, at + length) as T);
    at += length;
  }
  return arrays;
}

/**
 * Parts of a snapshot's bytes: `read(start, end)` gives bytes [start, end) in memory of their
 * own, at offset 0 of their ArrayBuffer (so that 32-bit integers read at a multiple of 4 in
 * the file sit at a multiple of 4 there too).
 */
interface SnapshotParts {
  size: number;
  read(start: number, end: number): Buffer;
}

/** Closes a snapshot's file once nothing reads from it any more. */
const openSnapshots = new FinalizationRegistry<number>((fd) => {
  try {
    fs.closeSync(fd);
  } catch {
    // closed already
  }
});

/**
 * The parts of a snapshot file as the notes taken up from it read their details later. Where
 * a file can be replaced while open, the file itself, kept open until nothing reads from it:
 * a snapshot written later replaces the name, not this file. On Windows, where an open file
 * may keep another from taking its name, the file is opened by its name for each read (a
 * later snapshot's bytes there fail the details' checks, and the notes are read again).
 */
function keptParts(fd: number | undefined, file: string, keepOpen: boolean): { parts: SnapshotParts; keep(): void; close(): void } {
  if (fd === undefined || !keepOpen) {
    if (fd !== undefined) fs.closeSync(fd);
    const parts: SnapshotParts = {
      size: fs.statSync(file).size,
      read(start, end) {
        const each = fs.openSync(file, 'r');
        try {
          return fileParts(each).read(start, end);
        } finally {
          fs.closeSync(each);
        }
      },
    };
    return { parts, keep: () => undefined, close: () => undefined };
  }
  let parts: SnapshotParts;
  try {
    parts = fileParts(fd);
  } catch (error) {
    fs.closeSync(fd); // the file stays closed whatever fails
    throw error;
  }
  return { parts, keep: () => openSnapshots.register(parts, fd), close: () => fs.closeSync(fd) };
}

/** The parts of an open snapshot file, read as they are asked for. */
function fileParts(fd: number): SnapshotParts {
  return {
    size: fs.fstatSync(fd).size,
    read(start, end) {
      const part = Buffer.allocUnsafeSlow(Math.max(0, end - start));
      for (let done = 0; done < part.length; ) {
        const read = fs.readSync(fd, part, done, part.length - done, start + done);
        if (read === 0) throw new Error('the file ended early');
        done += read;
      }
      return part;
    },
  };
}

/** The snapshot in `bytes`, or why it cannot be used. */
export function decodeSnapshot(bytes: Buffer, version: string, key: string): IndexSnapshot | string {
  return decodeParts({ size: bytes.length, read: (start, end) => Buffer.from(Uint8Array.prototype.slice.call(bytes, start, end).buffer) }, version, key);
}

/**
 * The snapshot whose bytes `parts` gives, or why it cannot be used. The header is judged
 * first, from the file's first bytes; nothing after it is trusted before the checksum of all
 * of it is right, though the JSON is parsed on the way (to know where the parts begin).
 */
function decodeParts(parts: SnapshotParts, version: string, key: string): IndexSnapshot | string {
  try {
    const head = parts.read(0, Math.min(parts.size, 64 * 1024 + 64));
    const headerEnd = head.indexOf(0x0a);
    if (headerEnd === -1 || headerEnd > 64 * 1024) return 'no header';
    const header = JSON.parse(head.subarray(0, headerEnd).toString('utf8')) as Record<string, unknown>;
    if (header.format !== SNAPSHOT_FORMAT) return 'another format';
    if (header.version !== version) return 'written by another version of the program';
    if (header.key !== key) return 'written for other notes';
    if (header.endian !== os.endianness()) return 'written on a machine of another byte order';
    // Where each part begins, as the file says: trusted only once the checksum is right.
    const checksum = newChecksum(header.checksum);
    const check = detailsCheck(header.checksum);
    if (!checksum || !check) return 'damaged (a checksum this program cannot compute)';
    // The notes' details end the file, outside the checksum: the rest ends where they begin.
    const detailsTotal = header.details;
    if (typeof detailsTotal !== 'number' || !Number.isSafeInteger(detailsTotal) || detailsTotal < 0 || detailsTotal > parts.size) return 'damaged (lengths)';
    const restEnd = parts.size - detailsTotal;
    const lengthEnd = head.indexOf(0x0a, headerEnd + 1);
    const bodyLength = lengthEnd === -1 ? NaN : Number(head.subarray(headerEnd + 1, lengthEnd).toString('latin1'));
    const bodyStart = lengthEnd + 1;
    const bodyEnd = bodyStart + bodyLength;
    if (lengthEnd === -1 || !Number.isSafeInteger(bodyLength) || bodyLength < 0 || bodyEnd > restEnd) {
      // No body to find: the checksum of the rest tells damage from a file of another kind.
      checksum.update(head.subarray(headerEnd + 1, Math.max(headerEnd + 1, restEnd)));
      if (head.length < restEnd) checksum.update(parts.read(head.length, restEnd));
      return checksum.digest() !== header.digest ? 'damaged (checksum)' : 'damaged (lengths)';
    }
    checksum.update(head.subarray(headerEnd + 1, bodyStart));
    const bodyBytes = parts.read(bodyStart, bodyEnd);
    checksum.update(bodyBytes);
    let body: SnapshotBody | undefined;
    let bodyProblem = '';
    try {
      body = JSON.parse(bodyBytes.toString('utf8')) as SnapshotBody;
    } catch (error) {
      bodyProblem = error instanceof Error ? error.message : String(error);
    }
    // The rest in one read, from the multiple of 4 at or before the body's end: the integers
    // are used where they land, and the texts and details are views of the same memory.
    const alignedEnd = bodyEnd - (bodyEnd % 4);
    const rest = parts.read(alignedEnd, restEnd);
    checksum.update(rest.subarray(bodyEnd - alignedEnd));
    if (checksum.digest() !== header.digest) return 'damaged (checksum)';
    if (!body) return `damaged (${bodyProblem})`;
    const lengths = body.integers;
    if (!Array.isArray(lengths) || lengths.length !== INTEGER_COLUMNS.length || !lengths.every((n) => Number.isSafeInteger(n) && n >= 0)) return 'damaged (lengths)';
    const dataStart = Math.ceil(bodyEnd / 4) * 4 - alignedEnd;
    const integersEnd = dataStart + lengths.reduce((sum, n) => sum + n, 0) * 4;
    if (integersEnd > rest.length) return 'damaged (lengths)';
    const column: Record<string, Int32Array> = {};
    let at = dataStart;
    for (const [i, name] of INTEGER_COLUMNS.entries()) {
      column[name] = new Int32Array(rest.buffer, rest.byteOffset + at, lengths[i]);
      at += lengths[i] * 4;
    }
    const textEnds = column.definitionTextEnds;
    const extrasStart = integersEnd + (textEnds.length === 0 ? 0 : textEnds[textEnds.length - 1]);
    const lastEnd = (ends: Int32Array) => (ends.length === 0 ? 0 : ends[ends.length - 1]);
    const termsStart = extrasStart + lastEnd(column.extrasEnds);
    const pathsStart = termsStart + lastEnd(column.definitionTermEnds);
    const detailsStart = pathsStart + lastEnd(column.sectionPathEnds);
    if (extrasStart < integersEnd || termsStart < extrasStart || pathsStart < termsStart || detailsStart < pathsStart || detailsStart > rest.length) return 'damaged (lengths)';
    const textBytes = rest.subarray(integersEnd, extrasStart);
    const extrasBytes = rest.subarray(extrasStart, termsStart);
    const termBytes = rest.subarray(termsStart, pathsStart);
    const pathBytes = rest.subarray(pathsStart, detailsStart);
    const problem = checkBody(body, column, { texts: textBytes.length, extras: extrasBytes.length, terms: termBytes.length, paths: pathBytes.length });
    if (problem) return `damaged (${problem})`;
    if (detailsStart !== rest.length || column.noteDetailLengths.reduce((sum, n) => sum + n, 0) !== detailsTotal) return 'damaged (lengths)';
    const noteNumbers = split(column.noteNumberCounts, column.noteNumbers);
    const noteDetails = detailsOnDisk(parts, restEnd, column.noteDetailLengths, column.noteDetailChecks, check);
    const state: IndexState = {
      noteUris: body.noteUris,
      noteHashes: body.noteHashes,
      noteTextForms: column.noteTextForms,
      noteLengths: column.noteLengths,
      noteNumbers,
      noteDetails,
      definitionNotes: column.definitionNotes,
      definitionOrdinals: column.definitionOrdinals,
      definitionPaths: column.definitionPaths,
      definitionFlags: column.definitionFlags,
      definitionTerms: new EncodedTexts(termBytes, column.definitionTermEnds),
      definitionTexts: new EncodedTexts(textBytes, column.definitionTextEnds),
      definitionExtras: new EncodedExtras(column.extrasNumbers, new EncodedTexts(extrasBytes, column.extrasEnds), checkedExtras),
      sectionPaths: new EncodedPaths(new EncodedTexts(pathBytes, column.sectionPathEnds)),
      entryKeys: body.entryKeys,
      entrySizes: column.entrySizes,
      entryNames: body.entryNames,
      words: body.words,
      postingCounts: column.postingCounts,
      postings: column.postings,
      topicKeys: body.topicKeys,
      noteTopics: split(column.noteTopicCounts, column.noteTopics),
      matcher: matcherOf(body, column),
    };
    const stamps = body.noteUris.map((_, i) => (body.stampSizes[i] < 0 ? null : { size: body.stampSizes[i], mtimeMs: body.stampTimes[i] }));
    return { state, stamps };
  } catch (error) {
    return `damaged (${error instanceof Error ? error.message : String(error)})`;
  }
}

/**
 * Each note's details where `parts` has them, from `start` on, one after another: read when
 * asked for, and given only when their checksum is the one written with them.
 */
function detailsOnDisk(parts: SnapshotParts, start: number, lengths: Int32Array, checks: Int32Array, check: (bytes: Uint8Array) => number): DetailsOnDisk[] {
  const all: DetailsOnDisk[] = [];
  let at = start;
  for (let i = 0; i < lengths.length; i++) {
    const from = at;
    const to = (at += lengths[i]);
    const expected = checks[i];
    all.push({
      read() {
        try {
          const bytes = parts.read(from, to);
          return check(bytes) === expected ? bytes : undefined;
        } catch {
          return undefined; // the file gone or cut short: the note's file is read instead
        }
      },
    });
  }
  return all;
}

/** The matcher the body and columns hold, or undefined for none (checkBody has checked it). */
function matcherOf(body: SnapshotBody, column: Record<string, Int32Array>): MatcherState | undefined {
  const stored = body.matcher;
  if (!stored) return undefined;
  const { size, longestTerm, keys, surfaces, strictGaps } = stored;
  const trie: TrieState = { size, longestTerm, keys, surfaces, strictGaps, rootChildren: column.matcherRootChildren, edges: column.matcherEdges, nodeEnds: column.matcherNodeEnds, nodeOnlyId: column.matcherNodeOnlyId, endSizes: column.matcherEndSizes, endIds: column.matcherEndIds };
  return { entries: column.matcherEntries, ignored: stored.ignored, trie };
}

/**
 * What is wrong with a body and its integer columns, if anything: every column has the
 * length its table says, and every number that names something names something there, so
 * that taking it up cannot fail half way or build an index whose parts point nowhere.
 */
function checkBody(body: SnapshotBody, column: Record<string, Int32Array>, bytes: { texts: number; extras: number; terms: number; paths: number }): string | undefined {
  const isNumbers = (value: unknown, length: number) => Array.isArray(value) && value.length === length && value.every((n) => typeof n === 'number');
  // A loop rather than every(): the postings of 20,000 notes are millions of numbers, and a
  // callback per number took 80 ms of a warm start.
  const within = (values: Int32Array, low: number, high: number) => {
    for (let i = 0; i < values.length; i++) if (values[i] < low || values[i] >= high) return false;
    return true;
  };
  const notes = Array.isArray(body.noteUris) ? body.noteUris.length : -1;
  if (!isStrings(body.noteUris) || !isStrings(body.noteHashes, notes) || !isNumbers(body.stampSizes, notes) || !isNumbers(body.stampTimes, notes)) return 'notes';
  if (column.noteTextForms.length !== notes || !within(column.noteTextForms, 0, 4) || column.noteLengths.length !== notes || column.noteNumberCounts.length !== notes || column.noteDetailLengths.length !== notes || !within(column.noteDetailLengths, 0, 2 ** 31) || column.noteDetailChecks.length !== notes) return 'notes';
  if (!column.noteNumberCounts.every((n) => n >= 0 && n % NUMBERS_PER_DEFINITION === 0) || column.noteNumberCounts.reduce((sum, n) => sum + n, 0) !== column.noteNumbers.length) return 'notes';
  // Each text, term or path ends where the next begins or later, the last at the end of their bytes.
  const endsHold = (ends: Int32Array, total: number) => {
    for (let i = 0, previous = 0; i < ends.length; previous = ends[i++]) if (ends[i] < previous) return false;
    return (ends.length === 0 ? 0 : ends[ends.length - 1]) === total;
  };
  const paths = column.sectionPathEnds.length;
  if (!endsHold(column.sectionPathEnds, bytes.paths)) return 'section paths';
  const definitions = column.definitionTermEnds.length;
  for (const name of ['definitionNotes', 'definitionOrdinals', 'definitionPaths', 'definitionFlags', 'definitionTextEnds']) if (column[name].length !== definitions) return 'definitions';
  if (!endsHold(column.definitionTextEnds, bytes.texts) || !endsHold(column.definitionTermEnds, bytes.terms)) return 'definitions';
  if (!within(column.definitionNotes, 0, notes) || !within(column.definitionPaths, 0, paths) || !within(column.definitionFlags, 0, FLAGS_LIMIT)) return 'definitions';
  // The loops over columns of millions of numbers read them from locals: they run once, mostly
  // before the compiler has optimised them, where each column looked up by name again cost.
  const { definitionOrdinals, definitionNotes, noteNumberCounts } = column;
  for (let i = 0; i < definitions; i++) {
    const ordinal = definitionOrdinals[i];
    if (ordinal < 0 || ordinal >= noteNumberCounts[definitionNotes[i]] / NUMBERS_PER_DEFINITION) return 'definitions';
  }
  // The extras: each of a definition after the one before (a binary search finds them), each
  // text's end after the one before, the last at the end of their bytes. What each holds is
  // judged when it is parsed (see checkedExtras).
  const extrasNumbers = column.extrasNumbers;
  const extrasEnds = column.extrasEnds;
  if (extrasEnds.length !== extrasNumbers.length || (extrasEnds.length === 0 ? 0 : extrasEnds[extrasEnds.length - 1]) !== bytes.extras) return 'extras';
  for (let i = 0; i < extrasNumbers.length; i++) {
    if (extrasNumbers[i] < 0 || extrasNumbers[i] >= definitions || (i > 0 && (extrasNumbers[i] <= extrasNumbers[i - 1] || extrasEnds[i] < extrasEnds[i - 1])) || extrasEnds[i] < 0) return 'extras';
  }
  const entries = Array.isArray(body.entryKeys) ? body.entryKeys.length : -1;
  if (!isStrings(body.entryKeys) || column.entrySizes.length !== entries || !within(column.entrySizes, 1, definitions + 1) || column.entrySizes.reduce((sum, n) => sum + n, 0) !== definitions) return 'entries';
  if (!Array.isArray(body.entryNames) || !body.entryNames.every(([entry, names, nameKeys]) => Number.isInteger(entry) && entry >= 0 && entry < entries && isStrings(names) && isStrings(nameKeys) && nameKeys.length > 0)) return 'entries';
  const words = Array.isArray(body.words) ? body.words.length : -1;
  if (!isStrings(body.words) || column.postingCounts.length !== words || !within(column.postingCounts, 1, notes + 1)) return 'word lists';
  if (column.postingCounts.reduce((sum, n) => sum + n, 0) !== column.postings.length || !within(column.postings, 0, notes)) return 'word lists';
  if (!isStrings(body.topicKeys) || column.noteTopicCounts.length !== notes || !column.noteTopicCounts.every((n) => n >= 0 && n % 2 === 0)) return 'topic words';
  if (column.noteTopicCounts.reduce((sum, n) => sum + n, 0) !== column.noteTopics.length) return 'topic words';
  // [key id, count] pairs: every id names a key, every count is one or more.
  const noteTopics = column.noteTopics;
  const topicKeys = body.topicKeys.length;
  for (let at = 0; at < noteTopics.length; at += 2) {
    const id = noteTopics[at];
    if (id < 0 || id >= topicKeys || noteTopics[at + 1] < 1) return 'topic words';
  }
  if (body.matcher !== undefined) {
    if (typeof body.matcher !== 'object' || body.matcher === null || !isStrings(body.matcher.ignored) || !within(column.matcherEntries, 0, entries)) return 'matcher';
    // Every number of the trie that names a node, key, term end or entry names one there, so
    // that a scan over the trie taken up cannot read past an array or walk without end.
    const trie = matcherOf(body, column)!.trie;
    const ids = column.matcherEntries.length;
    const nodes = trie.nodeEnds.length;
    const ends = trie.endSizes.length;
    if (!Number.isSafeInteger(trie.size) || trie.size < 0 || !Number.isInteger(trie.longestTerm) || trie.longestTerm < 1 || trie.longestTerm > MAX_TERM_WORDS) return 'matcher sizes';
    if (!isStrings(trie.keys) || trie.rootChildren.length !== trie.keys.length || !within(trie.rootChildren, -1, nodes)) return 'matcher keys';
    if (trie.nodeOnlyId.length !== nodes || !within(trie.nodeEnds, -1, ends) || !within(trie.nodeOnlyId, -1, ids)) return 'matcher nodes';
    if (trie.edges.length % 3 !== 0) return 'matcher edges';
    const edges = trie.edges;
    const keys = trie.keys.length;
    for (let at = 0; at < edges.length; at += 3) {
      const parent = edges[at];
      const key = edges[at + 1];
      const child = edges[at + 2];
      if (parent < 1 || parent >= nodes || key < 0 || key >= keys || child < 1 || child >= nodes) return 'matcher edges';
    }
    if (!within(trie.endSizes, 1, ids + 1) || trie.endSizes.reduce((sum, n) => sum + n, 0) !== trie.endIds.length || !within(trie.endIds, 0, ids)) return 'matcher ends';
    if (!Array.isArray(trie.surfaces) || !trie.surfaces.every((s) => Array.isArray(s) && Number.isInteger(s[0]) && s[0] >= 0 && s[0] < trie.endIds.length && isStrings(s[1]) && (s[2] === null || isStrings(s[2])) && (s[3] === null || isStrings(s[3])))) return 'matcher surfaces';
    if (!Array.isArray(trie.strictGaps) || !trie.strictGaps.every((g) => Array.isArray(g) && Number.isInteger(g[0]) && g[0] >= 0 && g[0] < nodes && isStrings(g[1]))) return 'matcher gaps';
  }
  return undefined;
}

/** True for an array of strings (of `length` when given). */
function isStrings(value: unknown, length?: number): value is string[] {
  return Array.isArray(value) && (length === undefined || value.length === length) && value.every((s) => typeof s === 'string');
}

/** The fields of formats other than the dialect (see DefinitionExtras), each absent or of its type. */
function otherFormatExtrasValid(extras: DefinitionExtras): boolean {
  const optionalStrings = (value: unknown) => value === undefined || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
  const optionalPairs = (value: unknown) => value === undefined || (Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && typeof pair[1] === 'string'));
  const optionalString = (value: unknown) => value === undefined || typeof value === 'string';
  const context = extras.context as unknown;
  const contextValid = context === undefined || (typeof context === 'object' && context !== null
    && optionalString((context as Record<string, unknown>).name) && optionalString((context as Record<string, unknown>).vision) && optionalPairs((context as Record<string, unknown>).meta));
  return optionalStrings(extras.examples) && optionalStrings(extras.paths) && optionalPairs(extras.meta) && contextValid;
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
