// Building an index from files on disk in one go (the CLI, tests and benchmarks). The
// language server loads incrementally instead, one slice at a time.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { NotesIndex, type IndexOptions } from '../index/notesIndex';
import { findNoteFiles, noteReader, readNoteFile, type SkippedFile, DEFAULT_MAX_FILE_BYTES } from '../notes/noteFiles';
import { readNote, type ReadOptions } from '../formats/readNote';
import { pathToFileURL } from 'node:url';

export interface LoadOptions extends IndexOptions {
  maxFileBytes?: number;
  baseFolders?: string[];
  /** How notes are read (which vault notes are concepts), as the server's settings say. */
  readOptions?: ReadOptions;
}

export interface LoadedNotes {
  index: NotesIndex;
  files: string[];
  skipped: SkippedFile[];
}

export function loadNotes(entries: string[], options: LoadOptions = {}): LoadedNotes {
  const index = new NotesIndex(options);
  const readOptions = options.readOptions ?? {};
  index.setReadOptions(readOptions);
  const found = findNoteFiles(entries, { baseFolders: options.baseFolders });
  const skipped = [...found.skipped];
  const files: string[] = [];
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  for (const file of found.files) {
    const read = readNoteFile(file, maxFileBytes);
    if (!read.ok) {
      skipped.push({ path: file, reason: read.reason });
      continue;
    }
    index.upsert(readNote(pathToFileURL(file).toString(), read.text, readOptions), { text: read.text, read: noteReader(file, maxFileBytes) });
    files.push(file);
  }
  return { index, files, skipped };
}

/** The notes shipped with the extension: `notes-data/` next to the bundle (or above, in the source tree). */
export function bundledNotesFolder(from: string = __dirname): string | undefined {
  for (let dir = from, i = 0; i < 8; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'notes-data');
    if (fs.existsSync(path.join(candidate, 'architecture.md'))) return candidate;
  }
  return undefined;
}
