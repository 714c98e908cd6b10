// The typed note model: what the parser extracts from one note in the notes dialect
// (see docs/DIALECT.md). Everything here is plain data so that it can be cached on disk
// as JSON and compared structurally in tests. Nothing in core/ imports from the LSP or VS
// Code; positions follow the LSP convention only because every editor speaks it.

/** Zero-based line and UTF-16 column, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

/** A half-open range in the file as it is on disk (before any encoding repair). */
export interface Range {
  start: Position;
  end: Position;
}

/** A heading's path from the area down, e.g. ["PATTERNS", "monolith"]. */
export type SectionPath = string[];

export type SectionKind = 'area' | 'topic' | 'references' | 'inbox' | 'heading';

export interface Section {
  kind: SectionKind;
  /** The heading without its decoration (`# 💡 HEURISTICS` → `HEURISTICS`). */
  name: string;
  /** The decoration in front of the name, if any (`💡`). */
  decoration?: string;
  level: number;
  path: SectionPath;
  range: Range;
  /** The heading line alone. */
  headingRange: Range;
  /** Zero-based line where the `---` distilled/inbox split stands inside this section, if any. */
  inboxLine?: number;
  labels: Label[];
}

/** A line in capitals that starts a group inside a section (`KLEPPMANN`, `COMPATIBILITY https://…`). */
export interface Label {
  name: string;
  range: Range;
  /** The lines the label governs: up to the next label, `---` or heading. */
  scope: Range;
  url?: string;
}

/** A link written in a note, with the words that describe it. */
export interface NoteLink {
  url: string;
  /** The words before the URL on its line (or the term it belongs to); may be empty. */
  description: string;
  range: Range;
  sectionPath: SectionPath;
  label?: string;
  /** Below a `---` split: raw material, ranked lower. */
  inbox: boolean;
}

/** A book and page or chapter: `📙 Kleppmann [112]`, `[Kleppmann 4.128]`, `[6]` under `KLEPPMANN`. */
export interface Citation {
  book: string;
  /** Page, pages or chapter as written (`112`, `17,22`, `4.128`, `1.18`); absent when only the book is named. */
  page?: string;
  kind: 'book' | 'bracket' | 'page-only';
  range: Range;
}

export interface Quote {
  text: string;
  range: Range;
  source?: { url?: string; name?: string; citation?: Citation };
}

/** A reference to another note file, optionally a section in it: `` 🗄️ `sql.md` migrations ``. */
export interface CrossReference {
  file: string;
  section?: string;
  range: Range;
  /** The file name alone (inside the backticks); for a wikilink, the target's name. */
  fileRange: Range;
  sectionPath: SectionPath;
  /** A `[[Note]]` link of a vault: `file` is the note's name (no extension), resolved by name, title or alias. */
  wikilink?: boolean;
}

export type ReminderKind = 'question' | 'pin' | 'todo' | 'podcast' | 'ai-chat' | 'books';

export interface Reminder {
  kind: ReminderKind;
  text: string;
  range: Range;
  sectionPath: SectionPath;
}

export interface Definition {
  /** The term as the author spelled it. */
  term: string;
  /** `SOA (service oriented)` → `service oriented`; for an acronym, the text when it spells it out. */
  expansion?: string;
  /** `aka X` names. */
  aliases: string[];
  /** `= X` names under a topic (for the topic's own definition). */
  equivalences: string[];
  /** The definition's text after the colon, without its links. */
  text: string;
  /** The whole item, continuation included. */
  range: Range;
  termRange: Range;
  sectionPath: SectionPath;
  label?: string;
  /** Continuation items and quotes that follow the definition and define nothing. */
  continuation: string[];
  links: NoteLink[];
  citations: Citation[];
  quotes: Quote[];
  /** `* separation of concerns: …` rather than `* _term_: …`. */
  loose: boolean;
  /**
   * Below a `---` split. A topic's own definition is marked so when nothing but pointers to
   * other notes stands above its section's split: all it holds is raw material.
   */
  inbox: boolean;
  /** A topic heading is indexed as a definition of its own, with kind 'topic'. */
  kind: 'term' | 'topic';
  /**
   * The author's say over matching, from a `<!-- hover: off -->` or `<!-- hover: on -->`
   * marker on the definition's line: 'off' never matches the term in a design doc, 'on'
   * always does (whatever the relevance rules think of the word). Absent when unmarked.
   */
  hover?: HoverMark;
  /** The format the definition was read from; absent for the dialect (docs/FORMATS.md). */
  format?: DefinitionFormat;
  /** Sentences that show the term in use (a Contextive term's `examples`). */
  examples?: string[];
  /** Facts as key and value, shown "key value" (a Contextive term's `meta`). */
  meta?: [string, string][];
  /** The bounded context that defines the term (Contextive), shown at the head of its card. */
  context?: TermContext;
  /**
   * Globs that narrow the documents the definition applies to (a Contextive context's
   * `paths`), relative to the folder where its glossary applies (see formats/contextive/scope.ts).
   */
  paths?: string[];
}

/** A bounded context of a Contextive glossary: its name, vision and facts. */
export interface TermContext {
  name?: string;
  /** The `domainVisionStatement`. */
  vision?: string;
  meta?: [string, string][];
}

export type HoverMark = 'on' | 'off';

/** Every format a definition may come from, in the order their codes are stored (storedNote.ts). */
export const DEFINITION_FORMATS = ['dialect', 'concept', 'note-definitions', 'glossary', 'contextive'] as const;
export type DefinitionFormat = (typeof DEFINITION_FORMATS)[number];

/** Something in a note that deserves the author's attention (shown as diagnostics). */
export interface NoteProblem {
  kind: 'empty-definition' | 'duplicate-definition' | 'encoding-damage' | 'encoding-ambiguous' | 'missing-note' | 'frontmatter' | 'different-definition' | 'syntax-error' | 'unreachable-import' | 'not-utf8' | 'entries-left-out';
  message: string;
  range: Range;
  /** For encoding problems: the candidate replacements, best first. */
  candidates?: string[];
}

export interface Note {
  uri: string;
  /** A vault note's title and tags (concept notes, Note Definitions files); absent for the dialect. */
  vault?: VaultNote;
  /** Content hash of the text the note was parsed from (the cache key). */
  hash: string;
  icon?: string;
  sections: Section[];
  definitions: Definition[];
  /** Facet words met in this note (`benefits`, `drawbacks`, `sink`) with where they stand. */
  facets: { word: string; range: Range; sectionPath: SectionPath }[];
  links: NoteLink[];
  citations: Citation[];
  quotes: Quote[];
  crossReferences: CrossReference[];
  reminders: Reminder[];
  problems: NoteProblem[];
  /** Every line of prose (not code, not headings), repaired, URLs cut out: what mentions search. */
  lines: TextLine[];
  lineCount: number;
}

export interface VaultNote {
  format: 'concept' | 'note-definitions';
  /** The note's name: its title, leading heading or file name. */
  title: string;
  /** Tags from frontmatter `tags`/`keywords` and inline `#tag`, lower-cased, without `#`. */
  tags: string[];
  /** False when the conceptNotes setting leaves the note out: it is read, but defines nothing. */
  chosen: boolean;
}

export interface TextLine {
  line: number;
  text: string;
  kind: 'item' | 'quote' | 'text';
}
