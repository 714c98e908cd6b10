// Finding and reading note files on disk: files, folders or globs, with the limits said out
// loud. Folders are walked without following symlinks into loops and without entering
// `.git`, `node_modules` or other ignored folders; a file that is too large, not text, or
// that vanishes while being read is reported, never fatal.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import picomatch from 'picomatch';

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
export const NOTE_EXTENSIONS = ['.md', '.markdown', '.mdown', '.mkd'];
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', '.hg', '.svn', '.vscode-test', 'dist', 'out', '.obsidian', '.foam', '.trash']);

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
  const files = new Set<string>();
  const skipped: SkippedFile[] = [];
  const maxFiles = options.maxFiles ?? 100_000;
  for (const entry of entries) {
    for (const resolved of resolveNotesPath(entry, options.baseFolders)) {
      if (picomatch.scan(resolved).isGlob) {
        const { base, glob } = picomatch.scan(resolved);
        const matches = picomatch(glob, { dot: false });
        walk(base || '/', (file) => {
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
        walk(resolved, (file) => {
          if (NOTE_EXTENSIONS.includes(path.extname(file).toLowerCase())) files.add(file);
        }, skipped, maxFiles);
      } else {
        files.add(resolved);
      }
    }
  }
  return { files: [...files].sort(), skipped };
}

function walk(root: string, visit: (file: string) => void, skipped: SkippedFile[], maxFiles: number): void {
  const seen = new Set<string>();
  const pending = [root];
  let count = 0;
  while (pending.length > 0) {
    const folder = pending.pop()!;
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
    for (const child of children.sort((a, b) => (a.name < b.name ? 1 : -1))) {
      const full = path.join(folder, child.name);
      if (child.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(child.name)) pending.push(full);
      } else if (child.isFile()) {
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

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

/** Reads a note as text, refusing what is too large or not text. */
export function readNoteFile(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): ReadResult {
  let bytes: Buffer;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { ok: false, reason: 'not a file' };
    if (stat.size > maxBytes) return { ok: false, reason: `larger than the limit (${formatBytes(stat.size)} > ${formatBytes(maxBytes)})` };
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { ok: false, reason: describeError(error) };
  }
  return decodeNoteBytes(bytes, maxBytes);
}

/** Bytes → text: UTF-8 (with or without BOM) or UTF-16 with a BOM; anything with NUL bytes otherwise is not text. */
export function decodeNoteBytes(bytes: Uint8Array, maxBytes = DEFAULT_MAX_FILE_BYTES): ReadResult {
  if (bytes.length > maxBytes) return { ok: false, reason: `larger than the limit (${formatBytes(bytes.length)} > ${formatBytes(maxBytes)})` };
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
