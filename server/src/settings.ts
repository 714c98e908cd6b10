// Reading settings from whatever the client sends: VS Code's `architectureNotes` section or a
// standalone client's `initializationOptions` with the same keys. Values of the wrong type
// are replaced by the default and named in a warning, never trusted and never fatal.

import { parseConceptNotesChoice } from './core/formats/vault/conceptChoice';
import { formatBytes, MAX_FILE_BYTES_LIMIT } from './core/notes/noteFiles';
import { BYTES_PER_MB, DEFAULT_SETTINGS, type NotesSettings } from './protocol';

export interface ReadSettings {
  settings: NotesSettings;
  warnings: string[];
}

/** Pulled configuration wins over initialization options, key by key. */
export function readSettings(initializationOptions: unknown, pulled: unknown): ReadSettings {
  const warnings: string[] = [];
  const sources = [asRecord(pulled), asRecord(initializationOptions)].filter((s): s is Record<string, unknown> => !!s);
  const pick = (key: keyof NotesSettings): unknown => {
    for (const source of sources) if (source[key] !== undefined && source[key] !== null) return source[key];
    return undefined;
  };
  const strings = (key: 'notesPaths' | 'languages' | 'ignoreTerms'): string[] => {
    const value = pick(key);
    if (value === undefined) return DEFAULT_SETTINGS[key];
    if (typeof value === 'string') return [value];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.filter((v) => v.trim() !== '');
    warnings.push(`${key} must be a list of strings; using the default.`);
    return DEFAULT_SETTINGS[key];
  };
  const includeBundled = pick('includeBundledNotes');
  if (includeBundled !== undefined && typeof includeBundled !== 'boolean') warnings.push('includeBundledNotes must be true or false; using true.');
  const maxFileSize = readMaxFileSize(pick('maxFileSizeMB'), pick('maxFileSize'), warnings);
  const conceptNotes = pick('conceptNotes');
  const conceptChoice = parseConceptNotesChoice(conceptNotes);
  if (typeof conceptChoice === 'string') warnings.push(`${conceptChoice}; using "all".`);
  return {
    settings: {
      notesPaths: strings('notesPaths'),
      includeBundledNotes: typeof includeBundled === 'boolean' ? includeBundled : DEFAULT_SETTINGS.includeBundledNotes,
      languages: strings('languages'),
      ignoreTerms: strings('ignoreTerms'),
      maxFileSizeMB: maxFileSize / BYTES_PER_MB,
      maxFileSize,
      conceptNotes: typeof conceptChoice === 'string' || conceptNotes === undefined ? DEFAULT_SETTINGS.conceptNotes : (conceptNotes as string | string[]),
    },
    warnings,
  };
}

/**
 * The largest note, in bytes. `maxFileSizeMB` is what people set; the deprecated byte setting
 * still counts where `maxFileSizeMB` is absent or left at its default (VS Code sends every
 * setting, set or not, so a default MB value says nothing).
 */
function readMaxFileSize(megabytes: unknown, bytes: unknown, warnings: string[]): number {
  const positive = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;
  if (megabytes !== undefined && !positive(megabytes)) warnings.push('maxFileSizeMB must be a positive number of megabytes; using the default.');
  if (bytes !== undefined && !positive(bytes)) warnings.push('maxFileSize (deprecated: use maxFileSizeMB) must be a positive number of bytes; using the default.');
  const chosenMB = positive(megabytes) && megabytes !== DEFAULT_SETTINGS.maxFileSizeMB;
  const size = chosenMB ? megabytes * BYTES_PER_MB : positive(bytes) ? bytes : DEFAULT_SETTINGS.maxFileSize;
  if (size <= MAX_FILE_BYTES_LIMIT) return Math.max(1, Math.round(size));
  const key = chosenMB ? 'maxFileSizeMB' : 'maxFileSize';
  warnings.push(`${key} is at most ${formatBytes(MAX_FILE_BYTES_LIMIT)}: larger notes cost the server far more than their size; using ${formatBytes(MAX_FILE_BYTES_LIMIT)}.`);
  return MAX_FILE_BYTES_LIMIT;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  // VS Code may hand over the whole configuration with our section inside.
  if (typeof record.architectureNotes === 'object' && record.architectureNotes !== null) return record.architectureNotes as Record<string, unknown>;
  return record;
}
