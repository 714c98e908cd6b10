// A vault note, in whichever vault format its frontmatter says: a Note Definitions file
// (`def-type`), else a concept note.

import type { Note } from '../../model';
import { noteLines, readConceptNote, type VaultReadOptions } from './conceptNote';
import { readFrontmatter } from './frontmatter';
import { noteDefinitionsType, readNoteDefinitions } from './noteDefinitions';

export type { VaultReadOptions } from './conceptNote';
export type { ConceptNotesChoice } from './conceptChoice';
export { parseConceptNotesChoice, ALL_CONCEPT_NOTES } from './conceptChoice';

export function readVaultNote(uri: string, text: string, options: VaultReadOptions = {}): Note {
  const lines = noteLines(text);
  const frontmatter = readFrontmatter(lines);
  const type = noteDefinitionsType(frontmatter);
  if (frontmatter && type) return readNoteDefinitions(uri, text, frontmatter, type);
  return readConceptNote(uri, text, options, frontmatter, lines);
}
