// The Patterns view's outline (architectureNotes/outline): every dialect note's tree of areas,
// topics, labels, terms and references, then the vault notes by folder and by tag.

import * as path from 'node:path';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { noteTree, vaultNoteTree, vaultOutline, type PlacedVaultNote } from '../core/query/outline';
import { uriToFile } from '../core/workspace/notesWorkspace';
import type { OutlineNode } from '../protocol';
import { isIndexedNote, type FeatureContext } from './context';

/** How long the outline holds the thread before it lets other requests in. */
const SLICE_MS = 8;

export async function outline(context: FeatureContext, isCancelled: () => boolean): Promise<OutlineNode[]> {
  // A note read from disk is parsed again for its tree (the index keeps a digest of it): with
  // thousands of notes that is seconds of work, done in slices so that hovers are answered
  // meanwhile, and given up when the client asks again (the Patterns view after an edit).
  const { index } = context.workspace;
  const uris = [...index.uris()].sort((a, b) => a.localeCompare(b));
  const trees: OutlineNode[] = [];
  const vaultNotes: (PlacedVaultNote & { file: string })[] = [];
  let sliceStart = Date.now();
  for (const uri of uris) {
    if (Date.now() - sliceStart >= SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      if (isCancelled()) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'outline cancelled');
      sliceStart = Date.now();
    }
    const note = index.note(uri);
    if (!note) continue;
    const options = { isIndexedNote: (url: string) => isIndexedNote(context, url) };
    const file = uriToFile(uri) ?? uri;
    if (note.vault) vaultNotes.push({ file, folder: '', tags: note.vault.tags, tree: vaultNoteTree(note, note.vault.title, options) });
    else trees.push(noteTree(note, path.basename(file), options));
  }
  // Folders are named from the vault's top: the folder all its notes share.
  const top = commonFolder(vaultNotes.map((placed) => path.dirname(placed.file)));
  for (const placed of vaultNotes) placed.folder = path.relative(top, path.dirname(placed.file)).split(path.sep).join('/');
  return [...trees, ...vaultOutline(vaultNotes)];
}

function commonFolder(folders: string[]): string {
  if (folders.length === 0) return '';
  let common = folders[0];
  for (const folder of folders) {
    while (common && folder !== common && !folder.startsWith(common.endsWith(path.sep) ? common : common + path.sep)) {
      const parent = path.dirname(common);
      if (parent === common) return common;
      common = parent;
    }
  }
  return common;
}
