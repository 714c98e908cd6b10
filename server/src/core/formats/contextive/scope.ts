// Where a Contextive glossary's terms apply. A glossary applies to the documents in its folder
// and below (for `.contextive/definitions.yml`: the folder that holds `.contextive`), and
// wherever a glossary that imports it applies (the workspace works that out, see
// workspace/glossaryImports.ts). A context's `paths` narrow that: each is a glob matched
// against the document's path relative to the folder where the glossary applies; a glob that
// matches a folder covers everything below it, so `shipping` and `shipping/**` say the same.

import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import picomatch from 'picomatch';
import { isLegacyDefinitionsFile } from './glossary';

/** As Git and the file system do: case matters where the file system says it does. */
const IGNORE_CASE = process.platform === 'win32' || process.platform === 'darwin';

/** The folder a glossary file applies to by itself. */
export function glossaryFolder(file: string): string {
  const folder = path.dirname(file);
  return isLegacyDefinitionsFile(file) ? path.dirname(folder) : folder;
}

/** A file URI's path, or undefined for any other URI (an https import, an unsaved document). */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * True when a definition with these `paths` (none: no narrowing), from a glossary that
 * applies at `folders`, applies to the document at `documentFile`.
 */
export function appliesTo(folders: readonly string[], paths: readonly string[] | undefined, documentFile: string): boolean {
  for (const folder of folders) {
    const relative = path.relative(folder, documentFile);
    if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
    if (!paths || paths.length === 0) return true;
    const posix = relative.split(path.sep).join('/');
    if (paths.some((glob) => coversPath(glob, posix))) return true;
  }
  return false;
}

const matchers = new Map<string, (candidate: string) => boolean>();

/** True when the glob matches the path or one of the folders on the way to it. */
function coversPath(glob: string, relative: string): boolean {
  let matches = matchers.get(glob);
  if (!matches) {
    // `./shipping` and `/shipping` name the same folder as `shipping`.
    const pattern = glob.replace(/\\/g, '/').replace(/^\.?\/+/, '').replace(/\/+$/, '');
    matches = picomatch(pattern || '**', { dot: true, nocase: IGNORE_CASE });
    if (matchers.size > 1000) matchers.clear();
    matchers.set(glob, matches);
  }
  const parts = relative.split('/');
  for (let length = parts.length; length >= 1; length--) if (matches(parts.slice(0, length).join('/'))) return true;
  return false;
}
