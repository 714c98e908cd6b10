// Which of a term's definitions apply to a document. Most apply everywhere; a Contextive
// glossary's apply only below the folders where the glossary applies, narrowed by its
// contexts' `paths` (see formats/contextive/scope.ts). lookup.ts asks this of every term it
// finds in a document, before the relevance stage, so that a term defined only out of scope
// is no term there, and a term defined in two bounded contexts shows the one that applies.

import type { IndexedDefinition, NotesIndex, TermEntry } from '../index/notesIndex';
import { appliesTo, filePathOf, glossaryFolder } from '../formats/contextive/scope';

/**
 * The entry as it stands for the document at `documentUri`: itself when every definition
 * applies there, a copy with those that do, undefined when none does. Without a document
 * (the command line scans text of no place), every definition applies.
 */
export function entryInScope(index: NotesIndex, entry: TermEntry, documentUri: string | undefined): TermEntry | undefined {
  // Only glossary definitions have a scope, and only entries with one have code names.
  if (!entry.codeNames || documentUri === undefined) return entry;
  const documentFile = filePathOf(documentUri);
  const applies = (definition: IndexedDefinition) => definition.format !== 'contextive' || (documentFile !== undefined && appliesTo(foldersOf(index, definition.uri), definition.paths, documentFile));
  const kept = entry.definitions.filter(applies);
  if (kept.length === entry.definitions.length) return entry;
  return kept.length > 0 ? { ...entry, definitions: kept } : undefined;
}

/** Where a glossary applies: as the workspace worked it out, else its own folder. */
function foldersOf(index: NotesIndex, uri: string): readonly string[] {
  const set = index.glossaryFoldersOf(uri);
  if (set) return set;
  const file = filePathOf(uri);
  return file === undefined ? [] : [glossaryFolder(file)];
}
