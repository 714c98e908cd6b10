// The one place that chooses how a file's text is read: every caller that turns a note
// file into the model (the workspace, the index workers, the command line, a stored note
// parsed again) goes through readNote, so a new format is added here and nowhere else.
import type { Note } from '../model';
import { isYamlName, readGlossary } from './contextive/glossary';
import { parseNote } from './dialect/parser';

/** The file's text read as a note, in whichever format it is written. */
export function readNote(uri: string, text: string): Note {
  // The only notes written in YAML are Contextive glossaries.
  if (isYamlName(uri)) return readGlossary(uri, text).note;
  return parseNote(uri, text);
}
