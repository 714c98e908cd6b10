// Finding and reading note files on disk: files, folders or globs, with the limits said out
// loud. Folders are walked without following symlinks into loops and without entering
// `.git`, `node_modules` or other tool folders, nor anything the walked folders' own
// `.gitignore` and `.ignore` files leave out; a file that is too large, not text, or that
// vanishes while being read is reported, never fatal.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
/**
 * The most a note may be, whatever `maxFileSize` says: the index keeps about 16 bytes per
 * byte of a note dense with definitions, and reading one parses it in one go on the thread
 * that answers requests (a 50 MB note held 1.15 GB).
 */
export const MAX_FILE_BYTES_LIMIT = 10 * 1024 * 1024;
export const NOTE_EXTENSIONS = ['.md', '.markdown', '.mdown', '.mkd'];
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', '.hg', '.svn', '.vscode-test', 'dist', 'out', '.obsidian', '.foam', '.trash']);
/** Read in this order, so that `.ignore` (as in ripgrep) can overrule `.gitignore` in the same folder. */
const IGNORE_FILE_NAMES = ['.gitignore', '.ignore'];
/** Ignore files are a few lines; a larger one is not read rather than held in memory. */
const MAX_IGNORE_FILE_BYTES = 1024 * 1024;
/** As Git itself does by default: case matters where the file system says it does. */
const IGNORE_CASE = process.platform === 'win32' || process.platform === 'darwin';

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface NoteFileList {
  files: string[];
  skipped: SkippedFile[];
}

export interface FindOptions {
  /** Folders that relative paths are resolved against (the workspace folders). */
  baseFolders?: string[];
  maxFiles?: number;
}

/** Expands `~` and resolves a notes path against each base folder (or the process's cwd). */
export function resolveNotesPath(entry: string, baseFolders: string[] = []): string[] {
  const expanded = entry === '~' ? os.homedir() : entry.startsWith('~/') ? path.join(os.homedir(), entry.slice(2)) : entry;
  if (path.isAbsolute(expanded)) return [path.normalize(expanded)];
  const bases = baseFolders.length > 0 ? baseFolders : [process.cwd()];
  return bases.map((base) => path.resolve(base, expanded));
}

/** The note files that a list of files, folders and globs names, deduplicated, in a stable order. */
export function findNoteFiles(entries: string[], options: FindOptions = {}): NoteFileList {
  const found: NoteFileList = { files: [], skipped: [] };
  for (const _step of findingSteps(entries, options, found)) {
    // each step reads one folder
  }
  return found;
}

/**
 * The same list, found a folder at a time: `pause` is awaited after each folder, and the walk
 * stops (undefined) when it says false. A language server walking 10,000 notes at once was
 * blocked for 40 ms.
 */
export async function findNoteFilesInSlices(entries: string[], options: FindOptions, pause: () => Promise<boolean>): Promise<NoteFileList | undefined> {
  const found: NoteFileList = { files: [], skipped: [] };
  for (const _step of findingSteps(entries, options, found)) {
    if (!(await pause())) return undefined;
  }
  return found;
}

/** Finds the note files into `found`, yielding after each folder read. */
function* findingSteps(entries: string[], options: FindOptions, found: NoteFileList): Generator<void> {
  const files = new Set<string>();
  const skipped = found.skipped;
  const maxFiles = options.maxFiles ?? 100_000;
  for (const entry of entries) {
    for (const resolved of resolveNotesPath(entry, options.baseFolders)) {
      if (picomatch.scan(resolved).isGlob) {
        const { base, glob } = picomatch.scan(resolved);
        const matches = picomatch(glob, { dot: false });
        yield* walk(base || '/', (file) => {
          if (matches(path.relative(base, file))) files.add(file);
        }, skipped, maxFiles);
        continue;
      }
      let stat: fs.Stats;
      try {
        stat = fs.statSync(resolved);
      } catch (error) {
        skipped.push({ path: resolved, reason: describeError(error) });
        continue;
      }
      if (stat.isDirectory()) {
        yield* walk(resolved, (file) => {
          if (NOTE_EXTENSIONS.includes(path.extname(file).toLowerCase())) files.add(file);
        }, skipped, maxFiles);
      } else {
        files.add(resolved);
      }
    }
  }
  found.files = [...files].sort();
}

interface PendingFolder {
  folder: string;
  /** The ignore rules of this folder's ancestors within the walk, the nearest first. */
  rules: RuleLayer | undefined;
}

function* walk(root: string, visit: (file: string) => void, skipped: SkippedFile[], maxFiles: number): Generator<void> {
  const seen = new Set<string>();
  // Normalised, so that the paths joined below it all start with it (see isIgnoredBy).
  const pending: PendingFolder[] = [{ folder: path.resolve(root), rules: undefined }];
  let count = 0;
  while (pending.length > 0) {
    yield;
    const { folder, rules: outer } = pending.pop()!;
    let real: string;
    let children: fs.Dirent[];
    try {
      real = fs.realpathSync(folder);
      if (seen.has(real)) continue; // a folder reached twice through links
      seen.add(real);
      children = fs.readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      skipped.push({ path: folder, reason: describeError(error) });
      continue;
    }
    const ignoreFiles = children.filter((child) => child.isFile() && IGNORE_FILE_NAMES.includes(child.name));
    const own = ignoreFiles.length > 0 ? readFolderRules(folder, new Set(ignoreFiles.map((child) => child.name)), skipped) : undefined;
    const rules = own ? { prefix: withSeparator(folder), rules: own, outer } : outer;
    for (const child of children.sort((a, b) => (a.name < b.name ? 1 : -1))) {
      const full = path.join(folder, child.name);
      if (child.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(child.name) && !isIgnoredBy(rules, full, true)) pending.push({ folder: full, rules });
      } else if (child.isFile()) {
        if (isIgnoredBy(rules, full, false)) continue;
        if (++count > maxFiles) {
          skipped.push({ path: root, reason: `more than ${maxFiles} files; the rest is not indexed` });
          return;
        }
        visit(full);
      }
      // Symbolic links are not followed: a link into the notes' own tree would loop.
    }
  }
}

// ---- ignore files -----------------------------------------------------------------------

/** The rules of one folder's ignore files, matched by the `ignore` package as Git matches them. */
interface FolderRules {
  /** For folders (tested with a trailing slash). */
  folders: Ignore;
  /**
   * For files: the same rules followed by one that re-includes every folder. The walk has
   * already decided each folder on the way to a file, perhaps re-including one through a
   * nearer ignore file; `ignore` would otherwise let this folder's rules exclude the file
   * because of its parent, which Git does not do once it has entered that parent.
   */
  files: Ignore;
}

/** A folder's rules and those of the folders around it, the nearest first. */
interface RuleLayer {
  /** The folder the rules belong to, ending in a separator: every path below it starts so. */
  prefix: string;
  rules: FolderRules;
  outer: RuleLayer | undefined;
}

/**
 * Git's precedence: the nearest ignore file with a rule that matches decides (its last
 * matching rule, so `!` re-includes); without one, the path is not ignored.
 */
function isIgnoredBy(layers: RuleLayer | undefined, full: string, isFolder: boolean): boolean {
  for (let layer = layers; layer; layer = layer.outer) {
    // Every path the walk builds starts with its layers' folders; slicing spares path.relative
    // its normalising, which costs more than the matching on a large tree.
    const relative = toPosix(full.slice(layer.prefix.length));
    if (isFolder) {
      const verdict = layer.rules.folders.test(relative + '/');
      // When this layer excludes the parent too, a nearer ignore file must have re-included
      // that parent (or the walk would not be here), and `ignore` answers for the parent,
      // not for the folder itself as Git would. The two cannot be told apart, so this layer
      // is passed over; the rare loss: a folder it names by itself, inside such a parent.
      if (verdict.ignored && isParentIgnored(layer.rules.folders, relative)) continue;
      if (verdict.ignored) return true;
      if (verdict.unignored) return false;
    } else {
      const verdict = layer.rules.files.test(relative);
      if (verdict.ignored) return true;
      if (verdict.unignored) return false;
    }
  }
  return false;
}

function withSeparator(folder: string): string {
  return folder.endsWith(path.sep) ? folder : folder + path.sep;
}

function toPosix(relative: string): string {
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}

function isParentIgnored(rules: Ignore, relative: string): boolean {
  const slash = relative.lastIndexOf('/');
  return slash > 0 && rules.test(relative.slice(0, slash + 1)).ignored;
}

/**
 * The rules of a folder's ignore files, or undefined when it has none. `listed` names the
 * files the folder holds, so a walk does not try to open ignore files that are not there;
 * an ignore file that cannot be read is reported in `skipped` (when given) and passed over.
 */
function readFolderRules(folder: string, listed: ReadonlySet<string> | undefined, skipped?: SkippedFile[]): FolderRules | undefined {
  let folders: Ignore | undefined;
  for (const name of IGNORE_FILE_NAMES) {
    if (listed && !listed.has(name)) continue;
    const file = path.join(folder, name);
    const read = readIgnoreFile(file);
    if (!read.ok) {
      if (read.reason !== 'not found') skipped?.push({ path: file, reason: `its ignore rules are not applied: ${read.reason}` });
      continue;
    }
    folders ??= ignore({ ignoreCase: IGNORE_CASE, allowRelativePaths: true });
    addRules(folders, read.text);
  }
  if (!folders) return undefined;
  const everyFolder = '!*/';
  return { folders, files: ignore({ ignoreCase: IGNORE_CASE, allowRelativePaths: true }).add(folders).add(everyFolder) };
}

function addRules(rules: Ignore, text: string): void {
  try {
    rules.add(text);
  } catch {
    // One malformed line should not cost the rest of the file.
    for (const line of text.split(/\r?\n/)) {
      try {
        rules.add(line);
      } catch {
        // Git, too, passes over a pattern it cannot use.
      }
    }
  }
}

/** Reads an ignore file without following a link or blocking on a FIFO, within a size limit. */
function readIgnoreFile(file: string): ReadResult {
  let descriptor: number | undefined;
  try {
    const { O_RDONLY, O_NONBLOCK = 0, O_NOFOLLOW = 0 } = fs.constants;
    descriptor = fs.openSync(file, O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
    const stat = fs.fstatSync(descriptor);
    if (!stat.isFile()) return { ok: false, reason: 'not a file' };
    if (stat.size > MAX_IGNORE_FILE_BYTES) return { ok: false, reason: `larger than ${formatBytes(MAX_IGNORE_FILE_BYTES)}` };
    return { ok: true, text: fs.readFileSync(descriptor, 'utf8') };
  } catch (error) {
    return { ok: false, reason: describeError(error) };
  } finally {
    if (descriptor !== undefined) fs.closeSync(descriptor);
  }
}

/**
 * Answers, for a file that appears after a walk, whether that walk would have left it out:
 * inside a tool folder, or ignored by an ignore file between the notes folder and the file.
 * Each folder's ignore files are read once and kept; make a new instance to read them again.
 */
export class WalkExclusions {
  private readonly rulesByFolder = new Map<string, FolderRules | undefined>();

  excludes(root: string, file: string): boolean {
    const relative = path.relative(root, file);
    if (relative === '' || relative === '..' || relative.startsWith('..' + path.sep) || path.isAbsolute(relative)) return false;
    const names = relative.split(path.sep);
    let layers: RuleLayer | undefined;
    let folder = path.resolve(root);
    for (let i = 0; i < names.length; i++) {
      const own = this.rulesOf(folder);
      if (own) layers = { prefix: withSeparator(folder), rules: own, outer: layers };
      const isFolder = i < names.length - 1;
      if (isFolder && SKIPPED_FOLDERS.has(names[i])) return true;
      folder = path.join(folder, names[i]);
      if (isIgnoredBy(layers, folder, isFolder)) return true;
    }
    return false;
  }

  private rulesOf(folder: string): FolderRules | undefined {
    if (!this.rulesByFolder.has(folder)) this.rulesByFolder.set(folder, readFolderRules(folder, undefined));
    return this.rulesByFolder.get(folder);
  }
}

/** What a file's metadata said when it was read: a file whose metadata still say so has not been written since (see snapshot.ts). */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

/** Reads a note as text, refusing what is too large or not text. */
export function readNoteFile(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): ReadResult {
  return readStampedNoteFile(file, maxBytes).read;
}

/**
 * The same, with the file's stamp from the metadata read before its bytes (so a write in
 * between leaves a stamp older than the text, and the next start reads the file again).
 */
export function readStampedNoteFile(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): { read: ReadResult; stamp?: FileStamp } {
  let bytes: Buffer;
  let stamp: FileStamp;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { read: { ok: false, reason: 'not a file' } };
    if (stat.size > maxBytes) return { read: { ok: false, reason: tooLarge(stat.size, maxBytes) } };
    stamp = { size: stat.size, mtimeMs: stat.mtimeMs };
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { read: { ok: false, reason: describeError(error) } };
  }
  return { read: decodeNoteBytes(bytes, maxBytes), stamp };
}

/** A file's stamp now, or undefined if it cannot be read. */
export function fileStamp(file: string): FileStamp | undefined {
  try {
    const stat = fs.statSync(file);
    return { size: stat.size, mtimeMs: stat.mtimeMs };
  } catch {
    return undefined;
  }
}

/** Reads a note file again later, as the index does for a note's details: its text, or undefined if it cannot be read now. */
export function noteReader(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): () => string | undefined {
  return () => {
    const read = readNoteFile(file, maxBytes);
    return read.ok ? read.text : undefined;
  };
}

/** Bytes → text: UTF-8 (with or without BOM) or UTF-16 with a BOM; anything with NUL bytes otherwise is not text. */
export function decodeNoteBytes(bytes: Uint8Array, maxBytes = DEFAULT_MAX_FILE_BYTES): ReadResult {
  if (bytes.length > maxBytes) return { ok: false, reason: tooLarge(bytes.length, maxBytes) };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return { ok: true, text: buffer.subarray(2).toString('utf16le') };
  if (buffer[0] === 0xfe && buffer[1] === 0xff) {
    // swap16 throws on an odd length; a trailing odd byte is no character (as for UTF-16LE).
    const swapped = Buffer.from(buffer.subarray(2, buffer.length - (buffer.length % 2)));
    swapped.swap16();
    return { ok: true, text: swapped.toString('utf16le') };
  }
  const sample = buffer.subarray(0, 8192);
  if (sample.includes(0)) return { ok: false, reason: 'not a text file (it contains NUL bytes)' };
  const start = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  return { ok: true, text: buffer.subarray(start).toString('utf8') };
}

/** Why a file of `size` bytes is not read: over the limit, and which (the setting's, or the most any note may be). */
function tooLarge(size: number, maxBytes: number): string {
  const which = maxBytes >= MAX_FILE_BYTES_LIMIT ? 'the most a note may be, whatever maxFileSize says' : 'maxFileSize';
  return `larger than the limit (${formatBytes(size)} > ${formatBytes(maxBytes)}, ${which})`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return error instanceof Error ? error.message : String(error);
}
