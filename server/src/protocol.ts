// The custom messages between the Architecture Notes client and server, typed once and
// imported by both sides. Standard LSP covers everything else.

import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';

/** The settings, as `architectureNotes.*` in VS Code and as `initializationOptions` keys elsewhere. */
export interface NotesSettings {
  /** Files, folders or globs; relative to the workspace folders; `~` expanded. Their notes apply everywhere. */
  notesPaths: string[];
  /**
   * The notes paths each workspace folder's own settings name, in a multi-root workspace: their
   * notes apply to the documents in that folder only (a notes path that `notesPaths` names too
   * applies everywhere). The VS Code client sends each folder's own value of
   * `architectureNotes.notesPaths` here; other editors may pass it in `initializationOptions`.
   */
  folderNotesPaths?: FolderNotesPaths[];
  includeBundledNotes: boolean;
  /** Document languages that get term features. */
  languages: string[];
  ignoreTerms: string[];
  /** Notes larger than this many megabytes (MiB) are skipped, with a message. */
  maxFileSizeMB: number;
  /**
   * Deprecated: the same limit in bytes. Still honoured when `maxFileSizeMB` is left at its
   * default; the server fills it in with the limit it uses, in bytes.
   */
  maxFileSize: number;
  /**
   * Which notes of a vault contribute terms: "all", "tagged:<tag>[,<tag>…]",
   * "folders:<folder>[,<folder>…]", or a list of folders (docs/FORMATS.md).
   */
  conceptNotes?: string | string[];
  /**
   * False in an editor's restricted mode (a workspace the user has not trusted): the imports of
   * the workspace's Contextive glossaries then reach only files inside the workspace folders,
   * and no URL is fetched. True when absent.
   */
  workspaceTrusted?: boolean;
}

/** One workspace folder's own notes paths (see NotesSettings.folderNotesPaths). */
export interface FolderNotesPaths {
  /** The folder as an absolute file system path (`~` expanded), not a URI. */
  folder: string;
  /** Files, folders or globs; relative ones from `folder`; `~` expanded. */
  notesPaths: string[];
}

export const BYTES_PER_MB = 1024 * 1024;

export const DEFAULT_SETTINGS: NotesSettings = {
  notesPaths: [],
  folderNotesPaths: [],
  includeBundledNotes: true,
  languages: ['markdown', 'plaintext'],
  ignoreTerms: [],
  maxFileSizeMB: 5,
  maxFileSize: 5 * 1024 * 1024,
  conceptNotes: 'all',
};

export const SETTINGS_SECTION = 'architectureNotes';

// ---- Patterns tree --------------------------------------------------------------------------

/**
 * `folder` and `tag` group notes (docs/FORMATS.md); `more` stands for the rows of a parent
 * that did not fit in one answer, and expands to the next of them.
 */
export type OutlineKind = 'note' | 'area' | 'topic' | 'label' | 'term' | 'reference' | 'folder' | 'tag' | 'more';

export interface OutlineNode {
  /**
   * Where the row sits, stable across re-indexing while the names above it stay: the `parent`
   * to ask for its children with, and the view's id for the row.
   */
  id: string;
  kind: OutlineKind;
  /** At most 160 characters. */
  label: string;
  /** The definition as plain text (no Markdown or HTML), for a term or topic; the URL, for a reference; how many notes, for a folder or tag. At most 1,000 characters. */
  detail?: string;
  uri: string;
  /** Zero-based line and UTF-16 columns of the node in its note. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  url?: string;
  /** A term's or topic's first reference, if any. */
  link?: string;
  /** Whether the row has children: given inline in `children`, or to ask for with its id. */
  hasChildren?: boolean;
  /** The children, when the server sends them with the row (a small subtree inside a note). */
  children?: OutlineNode[];
  /** Number of terms below, for notes, groups, areas, topics and labels. */
  termCount?: number;
}

/**
 * The rows under `parent` (an OutlineNode's id), or the first level without it: the notes
 * while they are few (a vault's by folder and by tag), else their folders. An answer holds at
 * most 200 rows and about half a megabyte, the rest under a `more` row; an id that leads
 * nowhere any more (the note or heading is gone) gets an empty answer.
 */
export interface OutlineParams {
  parent?: string;
}

export const OutlineRequest = new RequestType<OutlineParams | null, OutlineNode[], void>('architectureNotes/outline');

// ---- Search ---------------------------------------------------------------------------------

export type SearchKind = 'term' | 'topic' | 'quote' | 'link';

/**
 * What matched the query: the whole name (`exact`), its start (`prefix`), whole words of it
 * (`words`), its letters in order (`fuzzy`), the words of a quote or of a link's line (`text`);
 * `all` for the items an empty query lists.
 */
export type SearchMatch = 'exact' | 'prefix' | 'words' | 'fuzzy' | 'text' | 'all';

/**
 * Items come terms first, then topics, quotes and links; by how well they match within each
 * kind. An empty (or blank) query lists every term, A to Z, up to `limit`, each with match
 * `all`; an empty answer to it means that no notes are indexed.
 */
export interface SearchParams {
  query: string;
  kinds?: SearchKind[];
  limit?: number;
}

export interface SearchItem {
  kind: SearchKind;
  label: string;
  detail: string;
  section: string;
  uri: string;
  range: OutlineNode['range'];
  url?: string;
  match: SearchMatch;
  /** The other name of the term that matched, when it was not the label. */
  matchedName?: string;
  /**
   * How many other places hold the same item (the same notes indexed twice): the term with the
   * same definition, the same quote, a link to the same URL. The item is the first of them.
   */
  alsoIn?: number;
  /** The first few of those places. */
  others?: { uri: string; range: OutlineNode['range'] }[];
}

export const SearchRequest = new RequestType<SearchParams, SearchItem[], void>('architectureNotes/search');

// ---- Terms used in a document ---------------------------------------------------------------

export interface DocumentTermsParams {
  uri: string;
}

export interface DocumentTermItem {
  term: string;
  /** The term's first definition as plain text: the words a reader sees, no Markdown or HTML. */
  definition: string;
  /** Where that definition is, as plain text. */
  section: string;
  count: number;
  /** Every occurrence, in document order. */
  ranges: OutlineNode['range'][];
}

export const DocumentTermsRequest = new RequestType<DocumentTermsParams, DocumentTermItem[], void>('architectureNotes/documentTerms');

// ---- Index status ---------------------------------------------------------------------------

export interface IndexStatus {
  state: 'indexing' | 'ready';
  notes: number;
  /** Names defined as a term at least once. */
  terms: number;
  /** Names that are only topics (headings): an empty Search Notes lists them after the terms. */
  topics: number;
  /** While indexing: files done out of files found. */
  done?: number;
  total?: number;
  /** Files skipped, with the reason, since the last full index. */
  skipped: { path: string; reason: string }[];
  /** Increases with every change to the index. */
  version: number;
}

export const IndexStatusNotification = new NotificationType<IndexStatus>('architectureNotes/indexStatus');
export const IndexStatusRequest = new RequestType0<IndexStatus, void>('architectureNotes/indexStatus');

/** Asks the server to read every note again (the Re-index Notes command). */
export const ReindexRequest = new RequestType0<IndexStatus, void>('architectureNotes/reindex');

// ---- Diagnostics ----------------------------------------------------------------------------

/** The server process's memory, as `process.memoryUsage()` reports it, in bytes. */
export interface MemoryUsage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /**
   * The part of `heapUsed` that is compiled machine code (V8's code space). It grows as the
   * process warms up, not with the data it holds: a comparison of data leaves it out.
   */
  codeSpaceUsed: number;
  /** True when a full garbage collection ran first (the server was started with `node --expose-gc`). */
  collected: boolean;
}

/**
 * A diagnostics request for soak tests and bug reports, used by no client feature: lets go of
 * the index's caches and collects garbage when the process allows it, so that figures taken
 * at different times compare the data the server must keep rather than caches or garbage.
 */
export const MemoryUsageRequest = new RequestType0<MemoryUsage, void>('architectureNotes/debug/memory');

/**
 * When the server passed each step of its start, as wall-clock times (Date.now(), in ms), for
 * measuring how long an editor waits for its first hover: the process started, its code was
 * loaded and it began to read messages (`listening`: an `initialize` that comes later is the
 * client's wait, not the server's), `initialize` and `initialized` came, the settings were read
 * (pulled from the client where it can be asked), and the first full index was ready. A step
 * not reached yet is absent.
 */
export interface StartupTimes {
  processStarted: number;
  listening?: number;
  initialize?: number;
  initialized?: number;
  settingsRead?: number;
  firstIndexReady?: number;
}

export const StartupTimesRequest = new RequestType0<StartupTimes, void>('architectureNotes/debug/startup');

// ---- Commands executed on the server (workspace/executeCommand) -----------------------------

export const Commands = {
  /** Arguments: [url: string]. Opens an http(s) URL in the browser, or a file inside the indexed notes. */
  openReference: 'architectureNotes.openReference',
} as const;

// ---- Commands executed on the client --------------------------------------------------------

/**
 * Commands that only the client can run (they change the editor's settings). The server offers
 * an action that runs one only to a client that lists it under `clientCommands` in its
 * initializationOptions: the VS Code client does; another editor may, if it runs the command.
 */
export const ClientCommands = {
  /** Arguments: [term: string, scope: IgnoreScope]. Adds the term to `architectureNotes.ignoreTerms` of that scope. */
  ignoreTerm: 'architectureNotes.ignoreTerm',
  /**
   * Arguments: [term: string, references: ReferenceChoice[]]. Lists every reference of a term to
   * open one: the code actions list the first REFERENCES_IN_MENU, then one action that runs this.
   */
  showReferences: 'architectureNotes.showReferences',
} as const;

/** A reference as the showReferences command lists it; `related`: only related to the term (its section's, a line that mentions it). */
export interface ReferenceChoice {
  url: string;
  description?: string;
  related?: boolean;
}

/** Where an ignored term is written: the workspace's settings, or the user's (every workspace). */
export type IgnoreScope = 'workspace' | 'user';

/** The initializationOptions key under which a client lists the ClientCommands it runs. */
export const CLIENT_COMMANDS_OPTION = 'clientCommands';

/**
 * Warnings a client shows the user itself, in its own way: the server sends no
 * window/showMessage for those it lists under `clientWarnings` in its initializationOptions.
 * The VS Code client shows a notes path that does not exist with a button to its setting.
 */
export const ClientWarnings = {
  /** A notes path that does not exist. */
  missingNotesPaths: 'missingNotesPaths',
} as const;

/** The initializationOptions key under which a client lists the ClientWarnings it shows itself. */
export const CLIENT_WARNINGS_OPTION = 'clientWarnings';
