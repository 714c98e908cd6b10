// Each workspace folder's own `architectureNotes.notesPaths` (its `.vscode/settings.json` in a
// multi-root workspace), as the server takes them (NotesSettings.folderNotesPaths): a relative
// entry resolved against its own folder, since the server would look it up under every
// folder; `~` and absolute entries as written. A folder's settings are the workspace's words:
// in Restricted Mode they are held to the workspace's folders exactly as its settings are.
// Pure path logic, so that it is tested without VS Code.
import * as os from 'node:os';
import * as path from 'node:path';
import type { FolderNotesPaths } from '../../server/src/protocol';
import { restrictNotesPaths } from './restrictedPaths';

/** One workspace folder and the value its own settings give `notesPaths` (anything, unchecked). */
export interface FolderSetting {
  folder: string;
  value: unknown;
}

export interface RestrictedFolderPaths {
  /** The folders' paths the server may read; folders that name none are left out. */
  allowed: FolderNotesPaths[];
  /** Paths from folders' settings that point outside the workspace folders (Restricted Mode), resolved. */
  refused: string[];
}

export function folderNotesPaths(settings: readonly FolderSetting[], trusted: boolean, workspaceFolders: string[], home = os.homedir()): RestrictedFolderPaths {
  const allowed: FolderNotesPaths[] = [];
  const refused: string[] = [];
  for (const { folder, value } of settings) {
    const entries = (Array.isArray(value) ? value : typeof value === 'string' ? [value] : [])
      .filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '')
      .map((entry) => resolvedAgainst(folder, entry.trim()));
    const restricted = trusted ? { allowed: entries, refused: [] } : restrictNotesPaths([], entries, workspaceFolders, home);
    refused.push(...restricted.refused);
    if (restricted.allowed.length > 0) allowed.push({ folder, notesPaths: restricted.allowed });
  }
  return { allowed, refused };
}

/** A relative entry (a glob too) joined to the folder; `~`, `~/…` and absolute entries as they are. */
function resolvedAgainst(folder: string, entry: string): string {
  if (entry === '~' || entry.startsWith('~/') || entry.startsWith('~\\') || path.isAbsolute(entry)) return entry;
  return path.join(folder, entry);
}
