// The Patterns view's outline (architectureNotes/outline): every note's tree of areas, topics,
// labels, terms and references.

import * as path from 'node:path';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { noteTree } from '../core/query/outline';
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
  let sliceStart = Date.now();
  for (const uri of uris) {
    if (Date.now() - sliceStart >= SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      if (isCancelled()) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'outline cancelled');
      sliceStart = Date.now();
    }
    const note = index.note(uri);
    if (note) trees.push(noteTree(note, path.basename(uriToFile(uri) ?? uri), { isIndexedNote: (url) => isIndexedNote(context, url) }));
  }
  return trees;
}
