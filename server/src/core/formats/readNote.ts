// The one place that chooses how a file's text is read: every caller that turns a note
// file into the model (the workspace, the index workers, the command line, a stored note
// parsed again) goes through readNote, so a new format is added here and nowhere else.
//
// A note in the dialect shows its marks (docs/DIALECT.md); anything else is an ordinary
// Markdown note of a vault, read as a concept note or a Note Definitions file
// (docs/FORMATS.md).
import type { Definition, Note } from '../model';
import { isYamlName, readGlossary } from './contextive/glossary';
import { parseNote } from './dialect/parser';
import { readGlossaryEntries } from './glossary';
import { isGlossaryHeading } from './glossary/headings';
import { readVaultNote, type VaultReadOptions } from './vault/readVaultNote';

export type ReadOptions = VaultReadOptions;

/** The file's text read as a note, in whichever format it is written. */
export function readNote(uri: string, text: string, options: ReadOptions = {}): Note {
  // The only notes written in YAML are Contextive glossaries.
  if (isYamlName(uri)) return readGlossary(uri, text).note;
  if (isDialect(text)) return withGlossaryEntries(parseNote(uri, text), text);
  const note = readVaultNote(uri, text, options);
  const glossary = readGlossaryEntries(uri, text, note.problems);
  if (glossary.length === 0) return note;
  // A page of glossary entries ("Messaging glossary", "Terms") is named by its title, which is
  // no concept, unless its frontmatter gives that title aliases; and an entry that repeats the
  // note's own title (`**Saga**: …` in the note Saga) is that concept, not a second definition.
  // A concept note that explains its parts in bold leads (Raft: a paragraph on Raft, then
  // `- **Leader election**: …`, `- **Safety**: …`) is no page: its title stays its term.
  const isPage = glossary.length >= 2 && (namesGlossary(note) || !opensWithProse(note, glossary));
  const concepts = note.definitions.filter((d) => !(d.format === 'concept' && (isGlossaryHeading(d.term) || (isPage && d.aliases.length === 0))));
  const titles = new Set(concepts.map((d) => d.term.toLowerCase()));
  note.definitions = [...concepts, ...glossary.filter((d) => !titles.has(d.term.toLowerCase()))];
  return note;
}

/** Words that name a page of terms in its title (`Storage glossary`, `Acronyms`) or its tags. */
const GLOSSARY_WORD = /\b(?:glossary|glossaries|terms|terminology|definitions|vocabulary|acronyms|abbreviations|lexicon|dictionary|jargon)\b/i;

function namesGlossary(note: Note): boolean {
  const vault = note.vault;
  return vault !== undefined && (GLOSSARY_WORD.test(vault.title) || vault.tags.some((tag) => GLOSSARY_WORD.test(tag)));
}

/**
 * True when the note's own definition (its description or first paragraph, see
 * vault/conceptNote.ts) is prose of its own: the note says what its title is before it lists
 * anything. A page that opens on its first entry, its table or its definition list does not.
 */
function opensWithProse(note: Note, glossary: readonly Definition[]): boolean {
  const own = note.definitions.find((definition) => definition.format === 'concept');
  const opening = (own?.text ?? '').replace(/^[\s*_>`-]+/, '').toLowerCase();
  if (opening === '' || opening.startsWith('|')) return false;
  return !glossary.some((entry) => opening.startsWith(entry.term.toLowerCase()));
}

/**
 * Glossary conventions (formats/glossary) in a dialect note without the dialect's own
 * definitions. A heading read as a glossary term replaces the dialect's topic of that heading.
 */
function withGlossaryEntries(note: Note, text: string): Note {
  if (note.definitions.some((definition) => definition.kind === 'term')) return note;
  const glossary = readGlossaryEntries(note.uri, text, note.problems);
  const termLines = new Set(glossary.map((definition) => definition.termRange.start.line));
  if (glossary.length > 0) note.definitions = [...note.definitions.filter((definition) => !termLines.has(definition.termRange.start.line)), ...glossary];
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
