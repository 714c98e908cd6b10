// The Patterns view's outline (architectureNotes/outline), one level at a time: the first level
// (the notes, or their folders when there are many), then the rows under the one the user
// expands (core/query/outline.ts, outlineLevel).

import * as path from 'node:path';
import { ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { outlineLevel, outlineNote, type OutlineSource, type TreeNode } from '../core/query/outline';
import { fileToUri, uriToFile } from '../core/workspace/notesWorkspace';
import type { OutlineNode, OutlineParams } from '../protocol';
import { isIndexedNote, type FeatureContext } from './context';

/** How long the outline holds the thread before it lets other requests in. */
const SLICE_MS = 8;
/** Note trees kept between requests: the rows under an expanded note come from its tree, asked for again at each level. */
const TREES_KEPT = 64;

interface KeptTree {
  version: number;
  tree: TreeNode;
  tags?: readonly string[];
}

/** What the outline keeps between requests, for one index version: the notes and their folders, and recent trees. */
interface OutlineCache {
  version: number;
  uris: string[];
  /** The folders the notes are looked for in (see OutlineSource.roots). */
  roots: string[];
  /** What the core worked out from the notes (see OutlineSource.memo). */
  memo: Map<string, unknown>;
  trees: Map<string, KeptTree>;
}

const caches = new WeakMap<FeatureContext, OutlineCache>();

export async function outline(context: FeatureContext, params: OutlineParams | null | undefined, isCancelled: () => boolean): Promise<OutlineNode[]> {
  if (params !== null && params !== undefined && (typeof params !== 'object' || (params.parent !== undefined && typeof params.parent !== 'string'))) {
    throw new ResponseError(ErrorCodes.InvalidParams, 'outline takes { parent?: string }');
  }
  const cache = cacheOf(context);
  const { index } = context.workspace;
  const options = { isIndexedNote: (url: string) => isIndexedNote(context, url) };
  let sliceStart = Date.now();
  const source: OutlineSource = {
    uris: cache.uris,
    roots: cache.roots,
    memo: cache.memo,
    noteOf: (uri) => {
      const kept = cache.trees.get(uri);
      if (kept && kept.version === cache.version) {
        // Moved to the end: the Map's order is the order of use.
        cache.trees.delete(uri);
        cache.trees.set(uri, kept);
        return kept;
      }
      // A note read from disk is parsed again for its tree (the index keeps a digest of it).
      const note = index.has(uri) ? index.note(uri) : undefined;
      if (!note) return undefined;
      const made: KeptTree = { version: cache.version, ...outlineNote(note, path.basename(uriToFile(uri) ?? uri), options) };
      cache.trees.set(uri, made);
      if (cache.trees.size > TREES_KEPT) cache.trees.delete(cache.trees.keys().next().value as string);
      return made;
    },
    // Reading notes is done in slices, so that hovers are answered meanwhile, and given up when
    // the client asks again (the Patterns view after an edit).
    pause: async () => {
      if (Date.now() - sliceStart < SLICE_MS) return;
      await new Promise((resolve) => setImmediate(resolve));
      if (isCancelled()) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'outline cancelled');
      sliceStart = Date.now();
    },
  };
  return outlineLevel(source, params?.parent);
}

/** The cache for the index as it is now: a new one whenever the index changed. */
function cacheOf(context: FeatureContext): OutlineCache {
  const { index } = context.workspace;
  const kept = caches.get(context);
  if (kept && kept.version === index.version) return kept;
  const cache: OutlineCache = { version: index.version, uris: [...index.uris()], roots: context.workspace.watchRoots().map(fileToUri), memo: new Map(), trees: kept?.trees ?? new Map() };
  caches.set(context, cache);
  return cache;
}
