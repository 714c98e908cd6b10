// The one place that chooses how a file's text is read: every caller that turns a note
// file into the model (the workspace, the index workers, the command line, a stored note
// parsed again) goes through readNote, so a new format is added here and nowhere else.
//
// A note in the dialect shows its marks (docs/DIALECT.md); anything else is an ordinary
// Markdown note of a vault, read as a concept note or a Note Definitions file
// (docs/FORMATS.md).
import type { Note } from '../model';
import { parseNote } from './dialect/parser';
import { readVaultNote, type VaultReadOptions } from './vault/readVaultNote';

export type ReadOptions = VaultReadOptions;

/** The file's text read as a note, in whichever format it is written. */
export function readNote(uri: string, text: string, options: ReadOptions = {}): Note {
  if (isDialect(text)) return parseNote(uri, text);
  const note = readVaultNote(uri, text, options);
  // Glossary entries in the body (docs/FORMATS.md): note.definitions.push(...readGlossaryEntries(uri, text));
  return note;
}

/** A `* _term_:` definition item, or a `* = …` equivalence item. */
const DIALECT_ITEM = /^\s*[*+-]\s+(?:_[^_\n]+_\s*:|=\s)/m;
/** A level-1 heading that starts with an emoji: the note's icon (`# ⛩️`) or an area (`# 💡 HEURISTICS`). */
const ICON_HEADING = /^#\s+\p{Extended_Pictographic}/mu;
/** A cross-reference (🗄) or a book citation (📙). */
const DIALECT_MARK = /\u{1F5C4}|\u{1F4D9}/u;
/** An area: a level-1 or level-2 heading in capitals (`# PATTERNS`, `# SQL`). */
const CAPITAL_HEADING = /^#{1,2}\s+[^\p{Ll}\n]*\p{Lu}{2,}[^\p{Ll}\n]*$/gmu;
/** A level-2 heading: a topic under an area. */
const SUBHEADING = /^##\s+\S/m;
/** Damaged encoding of the dialect's emoji (`ðŸ“™`, `â›©`): the repair reads those notes as the dialect. */
const DAMAGED_MARK = /ðŸ|â›/;

/** Whether a note is written in the dialect: it shows at least one of the dialect's marks. */
export function isDialect(text: string): boolean {
  const frontmatter = /^\uFEFF?---[ \t]*\r?\n/.test(text);
  // Only the first 64 KB: the marks show early in a dialect note, and a scan of a huge note stays cheap.
  const head = text.length > 65536 ? text.slice(0, 65536) : text;
  return DIALECT_ITEM.test(head) || ICON_HEADING.test(head) || DIALECT_MARK.test(head) || DAMAGED_MARK.test(head) || (!frontmatter && hasAreas(head));
}

/**
 * Areas in capitals with topics under them. One heading in capitals over a paragraph is a
 * vault note named by an acronym (`# CQRS`), not an area: it takes a second heading (a topic,
 * or another area) to make the dialect's structure.
 */
function hasAreas(text: string): boolean {
  const capitals = text.match(CAPITAL_HEADING);
  if (!capitals) return false;
  return capitals.length > 1 || SUBHEADING.test(text.replace(/^##\s+[^\p{Ll}\n]*\p{Lu}{2,}[^\p{Ll}\n]*$/mu, ''));
}
