// Which of a term's definitions apply to a document. Most apply everywhere; a Contextive
// glossary's apply only below the folders where the glossary applies, narrowed by its
// contexts' `paths` (see formats/contextive/scope.ts); a note that only a workspace folder's
// own setting names applies only below that folder (NotesIndex.noteFoldersOf), whatever its
// format. lookup.ts asks this of every term it finds in a document, before the relevance
// stage, so that a term defined only out of scope is no term there, and a term defined in two
// bounded contexts (or two services' notes) shows the one that applies.

import type { IndexedDefinition, NotesIndex, TermEntry } from '../index/notesIndex';
import { appliesTo, filePathOf, glossaryFolder } from '../formats/contextive/scope';

/**
 * The entry as it stands for the document at `documentUri`: itself when every definition
 * applies there, a copy with those that do, undefined when none does. Without a document
 * (the command line scans text of no place), every definition applies.
 */
export function entryInScope(index: NotesIndex, entry: TermEntry, documentUri: string | undefined): TermEntry | undefined {
  // Without notes scoped to folders, only glossary definitions have a scope, and only entries with one have code names.
  if (documentUri === undefined || (!entry.codeNames && !index.hasNoteFolders)) return entry;
  const documentFile = filePathOf(documentUri);
  const applies = (definition: IndexedDefinition) => {
    const noteFolders = index.noteFoldersOf(definition.uri);
    if (noteFolders && (documentFile === undefined || !appliesTo(noteFolders, undefined, documentFile))) return false;
    return definition.format !== 'contextive' || (documentFile !== undefined && appliesTo(foldersOf(index, definition.uri), definition.paths, documentFile));
  };
  const kept: number[] = [];
  for (const [at, definition] of entry.definitions.entries()) if (applies(definition)) kept.push(at);
  if (kept.length === entry.definitions.length) return entry;
  if (kept.length === 0) return undefined;
  // The same copy for the same definitions, while the index stays as it is: the relevance
  // stage keeps what it works out of an entry by the entry.
  let cache = copies.get(index);
  if (!cache || cache.version !== index.version) copies.set(index, (cache = { version: index.version, byEntry: new Map() }));
  let byKept = cache.byEntry.get(entry);
  if (!byKept) cache.byEntry.set(entry, (byKept = new Map()));
  const signature = kept.join(',');
  let copy = byKept.get(signature);
  if (!copy) {
    const definitions = kept.map((at) => entry.definitions[at]);
    byKept.set(signature, (copy = { ...entry, definitions, codeNames: definitions.some((d) => d.format === 'contextive') || undefined }));
  }
  return copy;
}

const copies = new WeakMap<NotesIndex, { version: number; byEntry: Map<TermEntry, Map<string, TermEntry>> }>();

/** Where a glossary applies: as the workspace worked it out, else its own folder. */
function foldersOf(index: NotesIndex, uri: string): readonly string[] {
  const set = index.glossaryFoldersOf(uri);
  if (set) return set;
  const file = filePathOf(uri);
  return file === undefined ? [] : [glossaryFolder(file)];
}
