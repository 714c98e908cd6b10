// The one place that chooses how a file's text is read: every caller that turns a note
// file into the model (the workspace, the index workers, the command line, a stored note
// parsed again) goes through readNote, so a new format is added here and nowhere else.
import type { Note } from '../model';
import { parseNote } from './dialect/parser';
import { readGlossaryEntries } from './glossary';

/** The file's text read as a note, in whichever format it is written. */
export function readNote(uri: string, text: string): Note {
  const note = parseNote(uri, text);
  // Glossary conventions (formats/glossary) for a note without the dialect's definitions. A
  // heading read as a glossary term replaces the dialect's topic of the same heading.
  if (!note.definitions.some((definition) => definition.kind === 'term')) {
    const glossary = readGlossaryEntries(uri, text);
    const termLines = new Set(glossary.map((definition) => definition.termRange.start.line));
    if (glossary.length > 0) note.definitions = [...note.definitions.filter((definition) => !termLines.has(definition.termRange.start.line)), ...glossary];
  }
  return note;
}
