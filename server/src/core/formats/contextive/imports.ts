// What a glossary's `imports` entry names: a local file (a path relative to the importing
// glossary, an absolute path, or a `file:` URL) or an https URL. The scheme is decided on the
// parsed URL, never on the text: `HTTPS://…`, `https:/x` and ` https://…` are what the URL
// parser makes of them. A glossary fetched from the web may import other https URLs (relative
// ones resolve against its own URL) but never a local file: a remote file must not make the
// server read the disk.

import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { filePathOf } from './scope';

export type ImportTarget =
  | { kind: 'file'; uri: string; file: string }
  | { kind: 'https'; uri: string }
  | { kind: 'refused'; reason: string };

const WINDOWS_DRIVE = /^[a-z]:[\\/]/i;
/** A scheme as URLs start with one: letters first, then letters, digits, `+`, `-`, `.`. */
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** The target of an import written `spec` in the glossary at `importerUri` (a file URI or an https URL). */
export function resolveImport(spec: string, importerUri: string): ImportTarget {
  const written = spec.trim();
  if (written === '') return { kind: 'refused', reason: 'the import is empty' };
  const importerFile = filePathOf(importerUri);
  if (SCHEME.test(written) && !WINDOWS_DRIVE.test(written)) {
    let url: URL;
    try {
      url = new URL(written);
    } catch {
      return { kind: 'refused', reason: 'not a valid URL' };
    }
    if (url.protocol === 'https:') return { kind: 'https', uri: url.href };
    if (url.protocol === 'file:' && importerFile !== undefined) return fileTarget(fileURLToPath(url));
    if (url.protocol === 'file:') return { kind: 'refused', reason: 'a glossary from the web may not import a local file' };
    return { kind: 'refused', reason: `only https URLs and local paths are imported, not ${url.protocol.slice(0, -1)}:` };
  }
  if (importerFile !== undefined) {
    return fileTarget(path.isAbsolute(written) || WINDOWS_DRIVE.test(written) ? path.resolve(written) : path.resolve(path.dirname(importerFile), written));
  }
  // A path in a glossary fetched from the web: relative to its URL, so still on the web.
  let importer: URL;
  try {
    importer = new URL(importerUri);
  } catch {
    return { kind: 'refused', reason: 'the importing glossary has no place to resolve a path against' };
  }
  let url: URL;
  try {
    url = new URL(written, importer);
  } catch {
    return { kind: 'refused', reason: 'not a valid path or URL' };
  }
  return url.protocol === 'https:' ? { kind: 'https', uri: url.href } : { kind: 'refused', reason: 'a glossary from the web may import only https URLs' };
}

function fileTarget(file: string): ImportTarget {
  return { kind: 'file', uri: pathToFileURL(file).href, file };
}
