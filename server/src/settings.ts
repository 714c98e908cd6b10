// Reading settings from whatever the client sends: VS Code's `architectureNotes` section or a
// standalone client's `initializationOptions` with the same keys. A value of the wrong type is
// named in a warning and passed over, never trusted and never fatal: the next source's value
// counts, else the value in force before it, else the default. One mistyped setting must not
// empty the index (a `notesPaths: 42` once replaced every notes folder by none).

import * as path from 'node:path';
import { parseConceptNotesChoice } from './core/formats/vault/conceptChoice';
import { expandHome } from './core/notes/homeFolder';
import { formatBytes, MAX_FILE_BYTES_LIMIT } from './core/notes/noteFiles';
import { BYTES_PER_MB, DEFAULT_SETTINGS, type FolderNotesPaths, type NotesSettings } from './protocol';

export interface ReadSettings {
  settings: NotesSettings;
  warnings: string[];
}

/**
 * Pulled configuration wins over initialization options, key by key. `previous`, the settings in
 * force, stand in for a value of the wrong type before the default does.
 */
export function readSettings(initializationOptions: unknown, pulled: unknown, previous?: NotesSettings): ReadSettings {
  const warnings: string[] = [];
  const sources = [asRecord(pulled), asRecord(initializationOptions)].filter((s): s is Record<string, unknown> => !!s);
  const pick = (key: keyof NotesSettings): unknown => {
    for (const source of sources) if (source[key] !== undefined && source[key] !== null) return source[key];
    return undefined;
  };
  const fallback = previous ? 'keeping the value before it' : 'using the default';
  const strings = (key: 'notesPaths' | 'languages' | 'ignoreTerms'): string[] => {
    for (const source of sources) {
      const value = source[key];
      if (value === undefined || value === null) continue;
      if (typeof value === 'string') return [value];
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.filter((v) => v.trim() !== '');
      warnings.push(`${key} must be a list of strings, not ${JSON.stringify(value).slice(0, 60)}; ${fallback}.`);
      return previous ? previous[key] : DEFAULT_SETTINGS[key];
    }
    return DEFAULT_SETTINGS[key];
  };
  const folderNotesPaths = readFolderNotesPaths(pick('folderNotesPaths'), warnings, previous?.folderNotesPaths);
  const includeBundled = pick('includeBundledNotes');
  if (includeBundled !== undefined && typeof includeBundled !== 'boolean') warnings.push(`includeBundledNotes must be true or false; ${previous ? fallback : 'using true'}.`);
  const maxFileSize = readMaxFileSize(pick('maxFileSizeMB'), pick('maxFileSize'), warnings, previous?.maxFileSize);
  const trusted = pick('workspaceTrusted');
  if (trusted !== undefined && typeof trusted !== 'boolean') warnings.push('workspaceTrusted must be true or false; using false: glossary imports stay inside the workspace.');
  const conceptNotes = pick('conceptNotes');
  const conceptChoice = parseConceptNotesChoice(conceptNotes);
  if (typeof conceptChoice === 'string') warnings.push(`${conceptChoice}; using "all".`);
  return {
    settings: {
      notesPaths: strings('notesPaths'),
      folderNotesPaths,
      includeBundledNotes: typeof includeBundled === 'boolean' ? includeBundled : includeBundled !== undefined && previous ? previous.includeBundledNotes : DEFAULT_SETTINGS.includeBundledNotes,
      languages: strings('languages'),
      ignoreTerms: strings('ignoreTerms'),
      maxFileSizeMB: maxFileSize / BYTES_PER_MB,
      maxFileSize,
      conceptNotes: typeof conceptChoice === 'string' || conceptNotes === undefined ? DEFAULT_SETTINGS.conceptNotes : (conceptNotes as string | string[]),
      // A value that is not `true` or absent is read as untrusted: the cautious side.
      workspaceTrusted: trusted === undefined || trusted === true,
    },
    warnings,
  };
}

/**
 * Each workspace folder's own notes paths: a list of `{ folder, notesPaths }`, the folder an
 * absolute path (`~` expanded: a relative one would depend on where the editor started the
 * server, and a URI is not a path), the paths a list of strings as in `notesPaths`. Anything
 * else is named in a warning, and the whole list passed over, as for `notesPaths`.
 */
function readFolderNotesPaths(value: unknown, warnings: string[], previous: FolderNotesPaths[] | undefined): FolderNotesPaths[] {
  if (value === undefined) return [];
  const read: FolderNotesPaths[] = [];
  let wrong = !Array.isArray(value);
  for (const item of Array.isArray(value) ? value : []) {
    const record = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : undefined;
    const folder = typeof record?.folder === 'string' ? expandHome(record.folder.trim()) : undefined;
    const paths = typeof record?.notesPaths === 'string' ? [record.notesPaths] : record?.notesPaths;
    if (!folder || !path.isAbsolute(folder) || !Array.isArray(paths) || !paths.every((p) => typeof p === 'string')) {
      wrong = true;
      break;
    }
    read.push({ folder: path.normalize(folder), notesPaths: paths.filter((p) => p.trim() !== '') });
  }
  if (!wrong) return read;
  warnings.push(`folderNotesPaths must be a list of { "folder": an absolute path (not a URI), "notesPaths": a list of strings }, not ${JSON.stringify(value).slice(0, 80)}; ${previous ? 'keeping the value before it' : 'using the default'}.`);
  return previous ?? [];
}

/**
 * The largest note, in bytes. `maxFileSizeMB` is what people set; the deprecated byte setting
 * still counts where `maxFileSizeMB` is absent or left at its default (VS Code sends every
 * setting, set or not, so a default MB value says nothing).
 */
function readMaxFileSize(megabytes: unknown, bytes: unknown, warnings: string[], previous: number | undefined): number {
  const positive = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;
  const fallback = previous !== undefined ? 'keeping the value before it' : 'using the default';
  if (megabytes !== undefined && !positive(megabytes)) warnings.push(`maxFileSizeMB must be a positive number of megabytes; ${fallback}.`);
  if (bytes !== undefined && !positive(bytes)) warnings.push(`maxFileSize (deprecated: use maxFileSizeMB) must be a positive number of bytes; ${fallback}.`);
  const chosenMB = positive(megabytes) && megabytes !== DEFAULT_SETTINGS.maxFileSizeMB;
  const wrong = (megabytes !== undefined && !positive(megabytes)) || (bytes !== undefined && !positive(bytes));
  const size = chosenMB ? megabytes * BYTES_PER_MB : positive(bytes) ? bytes : wrong && previous !== undefined ? previous : DEFAULT_SETTINGS.maxFileSize;
  if (size < MIN_FILE_BYTES) {
    warnings.push(`${chosenMB ? 'maxFileSizeMB' : 'maxFileSize'} is at least ${formatBytes(MIN_FILE_BYTES)}: below that hardly a note fits; using ${formatBytes(MIN_FILE_BYTES)}.`);
    return MIN_FILE_BYTES;
  }
  if (size <= MAX_FILE_BYTES_LIMIT) return Math.round(size);
  const key = chosenMB ? 'maxFileSizeMB' : 'maxFileSize';
  warnings.push(`${key} is at most ${formatBytes(MAX_FILE_BYTES_LIMIT)}: larger notes cost the server far more than their size; using ${formatBytes(MAX_FILE_BYTES_LIMIT)}.`);
  return MAX_FILE_BYTES_LIMIT;
}

/** The smallest note size limit taken: a smaller one (`maxFileSizeMB: 1e-9`) skipped every note. */
const MIN_FILE_BYTES = 1024;

function asRecord(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  // VS Code may hand over the whole configuration with our section inside.
  if (typeof record.architectureNotes === 'object' && record.architectureNotes !== null) return record.architectureNotes as Record<string, unknown>;
  return record;
}
