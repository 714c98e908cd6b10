// Restricted Mode: a workspace that is not trusted may name notes inside itself, but not
// elsewhere on the machine (`~/.ssh`, `/etc`): its settings are someone else's words. Pure
// path logic, so that it is tested without VS Code.
import * as os from 'node:os';
import * as path from 'node:path';

export interface RestrictedPaths {
  /** The paths the server may read. */
  allowed: string[];
  /** Paths from the workspace's settings that point outside its folders. */
  refused: string[];
}

/**
 * Keeps the user's own paths and the workspace's paths that stay inside a workspace folder.
 * A glob is judged by the folder before its first wildcard.
 */
export function restrictNotesPaths(userPaths: string[], workspacePaths: string[], workspaceFolders: string[], home = os.homedir()): RestrictedPaths {
  const allowed = [...userPaths];
  const refused: string[] = [];
  for (const entry of workspacePaths) {
    if (insideSomeFolder(entry, workspaceFolders, home)) allowed.push(entry);
    else refused.push(entry);
  }
  return { allowed, refused };
}

function insideSomeFolder(entry: string, folders: string[], home: string): boolean {
  const wildcard = entry.search(/[*?[{]/);
  const fixed = wildcard === -1 ? entry : entry.slice(0, wildcard);
  const expanded = fixed === '~' || fixed.startsWith('~/') ? path.join(home, fixed.slice(1)) : fixed;
  return folders.some((folder) => isInsideFolder(folder, path.resolve(folder, expanded)));
}

/** True when `candidate` is `folder` itself or lies under it (a path, not a string prefix: `billing-old` is not in `billing`). */
export function isInsideFolder(folder: string, candidate: string): boolean {
  const relative = path.relative(folder, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
