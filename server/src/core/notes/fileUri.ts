// One spelling per file. Editors spell a file's URI their own way: VS Code writes
// `file:///c%3A/notes/a.md` and `file:///tmp/a%40b/n.md` where Node's pathToFileURL writes
// `file:///C:/notes/a.md` and `file:///tmp/a@b/n.md`. The index keys notes by URI, so a note
// read from disk and the same note opened in the editor would be two notes (two tree roots,
// every term twice) unless both go through this.
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The URI the index uses for a file URI, whatever its spelling; other schemes as they are. */
export function canonicalFileUri(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return pathToFileURL(fileURLToPath(uri)).href;
  } catch {
    return uri;
  }
}
