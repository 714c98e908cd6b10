// Each workspace folder's own `architectureNotes.notesPaths` (its `.vscode/settings.json` in a
// multi-root workspace), as the server takes them (NotesSettings.folderNotesPaths): a relative
// entry resolved against its own folder, since the server would look it up under every
// folder; `~` and absolute entries as written. A folder's settings are the workspace's words:
// in Restricted Mode they are held to the workspace's folders exactly as its settings are.
// Pure path logic, so that it is tested without VS Code.
import * as os from 'node:os';
import * as path from 'node:path';
import type { FolderNotesPaths } from '../../server/src/protocol';
import { isInsideFolder, restrictNotesPaths } from './restrictedPaths';

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

/** Where Add Notes Folder… writes: the user's settings, the workspace's, or one workspace folder's own. */
export type NotesPathTarget = { kind: 'user' } | { kind: 'workspace' } | { kind: 'folder'; folder: string };

/**
 * The targets to offer for folders picked in a window: the user's settings only when no
 * workspace settings count (no folder open, or Restricted Mode); else the workspace's and the
 * user's, and in a multi-root window each workspace folder's own, the one holding the picked
 * folders first (a service's notes are most often for that service alone).
 */
export function notesPathTargets(workspaceFolders: readonly string[], trusted: boolean, picked: readonly string[]): NotesPathTarget[] {
  if (workspaceFolders.length === 0 || !trusted) return [{ kind: 'user' }];
  const targets: NotesPathTarget[] = [{ kind: 'workspace' }, { kind: 'user' }];
  if (workspaceFolders.length < 2) return targets;
  const holds = (folder: string) => picked.some((p) => isInsideFolder(folder, p));
  const byHolding = [...workspaceFolders].sort((a, b) => Number(holds(b)) - Number(holds(a)));
  return [...targets, ...byHolding.map((folder): NotesPathTarget => ({ kind: 'folder', folder }))];
}

/**
 * The entry written for a picked folder: relative to the folder whose settings hold it when it
 * lies inside that folder (it then travels with the repository), else its absolute path. For
 * the workspace's settings, `base` is the workspace folder that holds it, if any; for a
 * folder's own settings, that folder (the server resolves its relative entries against it).
 */
export function notesPathEntry(picked: string, base: string | undefined): string {
  if (base === undefined || !isInsideFolder(base, picked)) return picked;
  const relative = path.relative(base, picked);
  return relative === '' ? '.' : relative.split(path.sep).join('/');
}
