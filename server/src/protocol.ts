// The custom messages between the Architecture Notes client and server, typed once and
// imported by both sides. Standard LSP covers everything else.

import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';

/** The settings, as `architectureNotes.*` in VS Code and as `initializationOptions` keys elsewhere. */
export interface NotesSettings {
  /** Files, folders or globs; relative to the workspace folders; `~` expanded. */
  notesPaths: string[];
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
}

export const BYTES_PER_MB = 1024 * 1024;

export const DEFAULT_SETTINGS: NotesSettings = {
  notesPaths: [],
  includeBundledNotes: true,
  languages: ['markdown', 'plaintext'],
  ignoreTerms: [],
  maxFileSizeMB: 5,
  maxFileSize: 5 * 1024 * 1024,
  conceptNotes: 'all',
};

export const SETTINGS_SECTION = 'architectureNotes';

// ---- Patterns tree --------------------------------------------------------------------------

/** `folder` and `tag` group a vault's notes (docs/FORMATS.md). */
export type OutlineKind = 'note' | 'area' | 'topic' | 'label' | 'term' | 'reference' | 'folder' | 'tag';

export interface OutlineNode {
  kind: OutlineKind;
  label: string;
  /** The definition, for a term; the URL, for a reference. */
  detail?: string;
  uri: string;
  /** Zero-based line and UTF-16 columns of the node in its note. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  url?: string;
  children?: OutlineNode[];
  /** Number of terms below, for areas and topics. */
  termCount?: number;
}

export const OutlineRequest = new RequestType0<OutlineNode[], void>('architectureNotes/outline');

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
}

export const SearchRequest = new RequestType<SearchParams, SearchItem[], void>('architectureNotes/search');

// ---- Terms used in a document ---------------------------------------------------------------

export interface DocumentTermsParams {
  uri: string;
}

export interface DocumentTermItem {
  term: string;
  definition: string;
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
  terms: number;
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
} as const;

/** Where an ignored term is written: the workspace's settings, or the user's (every workspace). */
export type IgnoreScope = 'workspace' | 'user';

/** The initializationOptions key under which a client lists the ClientCommands it runs. */
export const CLIENT_COMMANDS_OPTION = 'clientCommands';
