// Finding and reading note files on disk: files, folders or globs, with the limits said out
// loud. Folders and globs are walked without following symlinks into loops and without
// entering `.git`, `node_modules` or other tool folders, nor anything the walked folders' own
// `.gitignore` and `.ignore` files leave out, and both keep only notes (NOTE_EXTENSIONS); a
// file named by its path is read whatever its name. A file that is too large, not text, or
// that vanishes while being read is reported, never fatal.

import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { expandHome } from './homeFolder';

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
/**
 * The most a note may be, whatever `maxFileSize` says: the index keeps about 16 bytes per
 * byte of a note dense with definitions, and reading one parses it in one go on the thread
 * that answers requests (a 50 MB note held 1.15 GB).
 */
export const MAX_FILE_BYTES_LIMIT = 10 * 1024 * 1024;
export const NOTE_EXTENSIONS = ['.md', '.markdown', '.mdown', '.mkd'];
/**
 * A walk (one folder or glob of the settings) indexes at most this many notes; more is
 * rather a whole disk named by mistake than a knowledge base (10,000 notes are 100 MB).
 */
export const DEFAULT_MAX_FILES = 100_000;
/**
 * And looks at most at this many files and folders, notes or not, so that a glob of every
 * file under `/` stops within seconds instead of walking for minutes: such a glob over
 * `/usr` looked at 138,000 entries in 1.6 s, so this bound is some 12 s of walking (in
 * slices, on a server). The notes found until then are indexed.
 */
export const DEFAULT_MAX_ENTRIES = 1_000_000;
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', '.hg', '.svn', '.vscode-test', 'dist', 'out', '.obsidian', '.foam', '.trash']);
/** True for a folder the walk never enters, whatever the ignore files say (`.git`, `node_modules`, tool folders). */
export function isSkippedFolderName(name: string): boolean {
  return SKIPPED_FOLDERS.has(name);
}

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
  /** Notes per walk (DEFAULT_MAX_FILES). */
  maxFiles?: number;
  /** Files and folders looked at per walk, notes or not (DEFAULT_MAX_ENTRIES). */
  maxEntries?: number;
}

/** True for a file whose name says it is a note: what folders and globs keep. */
export function isNoteFileName(file: string): boolean {
  return NOTE_EXTENSIONS.includes(path.extname(file).toLowerCase()) || isGlossaryFileName(file) || isLegacyDefinitionsFile(file);
}

/**
 * True for a Contextive glossary's name, `*.glossary.yml` or `.yaml`: found under the
 * workspace folders without any setting (see findGlossaryFilesInSlices), as Contextive finds them.
 */
export function isGlossaryFileName(file: string): boolean {
  return /\.glossary\.ya?ml$/i.test(file);
}

/** True for Contextive's older single definitions file, `.contextive/definitions.yml`. */
export function isLegacyDefinitionsFile(file: string): boolean {
  return /(?:^|[\\/])\.contextive[\\/]definitions\.ya?ml$/i.test(file);
}

/** Where the older definitions file stands in a workspace folder: Contextive's default `contextive.path`. */
export function legacyDefinitionsFiles(folder: string): string[] {
  return ['definitions.yml', 'definitions.yaml'].map((name) => path.join(folder, '.contextive', name));
}


/** Expands `~` and resolves a notes path against each base folder (or the process's cwd). */
export function resolveNotesPath(entry: string, baseFolders: string[] = []): string[] {
  const expanded = expandHome(entry);
  // path.normalize keeps a trailing separator ("/notes/"), which made the folder a different
  // string from the one every file under it starts with: a folder's own notes then applied
  // everywhere. path.resolve, for relative paths, drops it already.
  if (path.isAbsolute(expanded)) return [withoutTrailingSeparator(path.normalize(expanded))];
  const bases = baseFolders.length > 0 ? baseFolders : [process.cwd()];
  return bases.map((base) => path.resolve(base, expanded));
}

function withoutTrailingSeparator(folder: string): string {
  const root = path.parse(folder).root;
  let end = folder.length;
  while (end > root.length && (folder[end - 1] === '/' || folder[end - 1] === path.sep)) end--;
  return folder.slice(0, end);
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
  const limits: WalkLimits = { maxFiles: options.maxFiles ?? DEFAULT_MAX_FILES, maxEntries: options.maxEntries ?? DEFAULT_MAX_ENTRIES };
  for (const entry of entries) {
    for (const resolved of resolveNotesPath(entry, options.baseFolders)) {
      if (picomatch.scan(resolved).isGlob) {
        yield* walkGlob(resolved, files, skipped, limits);
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
        yield* walk(resolved, { keeps: isNoteFileName, entersHidden: true }, files, skipped, limits);
      } else {
        files.add(resolved); // named by its path: the user's choice, whatever its extension
      }
    }
  }
  found.files = [...files].sort();
}

/**
 * The Contextive glossaries in the workspace folders, found a folder at a time as
 * findNoteFilesInSlices finds notes: every `*.glossary.yml` / `.yaml` below each folder, but in
 * hidden, tool and ignored folders, and the older `.contextive/definitions.yml` of each folder.
 */
export async function findGlossaryFilesInSlices(folders: string[], options: FindOptions, pause: () => Promise<boolean>): Promise<NoteFileList | undefined> {
  const files = new Set<string>();
  const skipped: SkippedFile[] = [];
  const limits: WalkLimits = { maxFiles: options.maxFiles ?? DEFAULT_MAX_FILES, maxEntries: options.maxEntries ?? DEFAULT_MAX_ENTRIES };
  for (const folder of folders) {
    for (const legacy of legacyDefinitionsFiles(folder)) if (isFile(legacy)) files.add(legacy);
    for (const _step of walk(folder, { keeps: isGlossaryFileName, entersHidden: false }, files, skipped, limits)) {
      if (!(await pause())) return undefined;
    }
  }
  return { files: [...files].sort(), skipped };
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/**
 * A glob keeps the notes it matches, as a folder does: a pattern such as `**` + `/*` or
 * `docs/**` says where to look, not that every file there is a note (binaries, sources
 * and logs would be read as notes). Only a file named by its path is read whatever its
 * name; a glob that matched files but no notes says so, lest it seem to be ignored.
 */
function* walkGlob(pattern: string, files: Set<string>, skipped: SkippedFile[], limits: WalkLimits): Generator<void> {
  const { base, glob } = picomatch.scan(pattern);
  const root = base || '/';
  const matches = picomatch(glob, { dot: false });
  let others = 0;
  const keeps = (file: string) => {
    if (!matches(path.relative(root, file))) return false;
    if (isNoteFileName(file)) return true;
    others++;
    return false;
  };
  const { notes, stopped } = yield* walk(root, { keeps, entersHidden: namesDotted(glob) }, files, skipped, limits);
  if (notes === 0 && others > 0 && !stopped) {
    skipped.push({ path: pattern, reason: `matches ${others} files but no notes: globs keep only ${NOTE_EXTENSIONS.join(', ')} files (name any other file by its path)` });
  }
}

/**
 * Whether a glob spells out a name starting with a dot: without one, it matches nothing
 * inside a hidden folder (picomatch's `dot: false`), which the walk need not enter then.
 */
function namesDotted(glob: string): boolean {
  return /(^|[/{,(|[!@])\./.test(glob);
}

interface PendingFolder {
  folder: string;
  /** The ignore rules of this folder's ancestors within the walk, the nearest first. */
  rules: RuleLayer | undefined;
}

interface WalkLimits {
  maxFiles: number;
  maxEntries: number;
}

interface WalkChoice {
  /** Whether a file is a note to add. */
  keeps: (file: string) => boolean;
  /** Whether folders whose name starts with a dot are entered. */
  entersHidden: boolean;
}

interface WalkOutcome {
  notes: number;
  /** Stopped at a limit (and said so in skipped). */
  stopped: boolean;
}

/** Adds the notes below `root` to `files`, within the limits, yielding before each folder. */
function* walk(root: string, choice: WalkChoice, files: Set<string>, skipped: SkippedFile[], limits: WalkLimits): Generator<void, WalkOutcome> {
  const seen = new Set<string>();
  // Normalised, so that the paths joined below it all start with it (see isIgnoredBy).
  const pending: PendingFolder[] = [{ folder: path.resolve(root), rules: undefined }];
  let notes = 0;
  let entries = 0;
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
      if (++entries > limits.maxEntries) {
        skipped.push({ path: root, reason: `more than ${limits.maxEntries} files and folders to look through (${notes} notes so far); the rest is not indexed: name a narrower folder or glob` });
        return { notes, stopped: true };
      }
      const full = path.join(folder, child.name);
      if (child.isDirectory()) {
        if (SKIPPED_FOLDERS.has(child.name) || (!choice.entersHidden && child.name.startsWith('.'))) continue;
        if (!isIgnoredBy(rules, full, true)) pending.push({ folder: full, rules });
      } else if (child.isFile()) {
        if (!choice.keeps(full) || isIgnoredBy(rules, full, false)) continue;
        if (++notes > limits.maxFiles) {
          skipped.push({ path: root, reason: `more than ${limits.maxFiles} notes; the rest is not indexed` });
          return { notes: limits.maxFiles, stopped: true };
        }
        files.add(full);
      }
      // Symbolic links are not followed: a link into the notes' own tree would loop.
    }
  }
  return { notes, stopped: false };
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

/** What a file's metadata said when it was read: a file whose metadata still say so has not been written since (see workspace/snapshot.ts). */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/** True when two stamps say the file is as it was: same size, same time. */
export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
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
  const which = maxBytes >= MAX_FILE_BYTES_LIMIT ? 'the most a note may be, whatever maxFileSizeMB says' : 'maxFileSizeMB';
  let [over, limit] = [formatBytes(size), formatBytes(maxBytes)];
  // Just over the limit, both round alike ("5.0 MB > 5.0 MB"): then the bytes themselves.
  if (over === limit) [over, limit] = [`${size.toLocaleString('en-US')} bytes`, `${maxBytes.toLocaleString('en-US')} bytes`];
  return `larger than the limit (${over} > ${limit}, ${which})`;
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
