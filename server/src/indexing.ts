// Keeps the index in step with the settings and the files: reads the settings (from
// initializationOptions, pulled with workspace/configuration or pushed with the change),
// indexes again only when what decides the index changed, reports progress, and asks the
// client to watch every folder that holds notes.

import {
  DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType, MessageType, ShowMessageNotification, WatchKind,
  type Connection, type Disposable, type FileEvent, type FileSystemWatcher, type InitializeParams, type TextDocuments, type WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { isYamlName } from './core/formats/contextive/glossary';
import { isNoteFileName, NOTE_EXTENSIONS, resolveNotesPath } from './core/notes/noteFiles';
import { fileToUri, uriToFile, type NotesWorkspace } from './core/workspace/notesWorkspace';
import { parseConceptNotesChoice } from './core/formats/vault/conceptChoice';
import { CLIENT_WARNINGS_OPTION, ClientWarnings, DEFAULT_SETTINGS, SETTINGS_SECTION, type NotesSettings, type StartupTimes } from './protocol';
import { DiskWatcher } from './diskWatcher';
import { readSettings } from './settings';

// Notes, and the Contextive glossaries that a notes folder may hold as well.
const NOTES_PATTERN = `**/*.{${[...NOTE_EXTENSIONS.map((e) => e.slice(1)), 'glossary.yml', 'glossary.yaml'].join(',')}}`;
/**
 * Anything created or deleted in a notes folder, folders included: VS Code reports a folder
 * moved, renamed or deleted as one event on the folder and none on the notes in it, and
 * a pattern of note names never matches a folder's path.
 */
const ANY_PATH_PATTERN = '**';
/** The glossaries found in the workspace folders without any setting (see findGlossaryFilesInSlices). */
const GLOSSARY_PATTERNS = ['**/*.glossary.{yml,yaml}', '.contextive/definitions.{yml,yaml}'];

export class NotesIndexing {
  settings: NotesSettings = DEFAULT_SETTINGS;
  /** The settings last read from the client: what a mistyped value falls back to. */
  private settingsInForce?: NotesSettings;
  /** Settings warnings already shown to the user: clients echo the settings, a warning is shown once. */
  private readonly shownWarnings = new Set<string>();
  /** The notes paths last said not to exist: said again only when that list changes. */
  private shownMissingPaths = '';
  /** Whether the client shows a missing notes path itself (see ClientWarnings). */
  private clientShowsMissingPaths = false;
  private initOptions: unknown;
  private baseFolders: string[] = [];
  private canPullConfiguration = false;
  private canRegisterConfiguration = false;
  private canWatchFiles = false;
  private canWatchRelative = false;
  private canReportProgress = false;
  /** What the client sent with the last change, when it cannot be asked for its configuration. */
  private pushedSettings: unknown;
  private appliedIndexKey: string | undefined;
  private watching: Promise<Disposable | undefined> | undefined;
  /** For a client that watches no files for the server: the server follows the notes folders itself. */
  private readonly diskWatcher = new DiskWatcher((events) => this.filesChanged(events), (message) => this.log(message));
  /** When the server passed each step of its start (see StartupTimes). */
  readonly startup: StartupTimes = { processStarted: Math.round(performance.timeOrigin) };

  constructor(
    private readonly connection: Connection,
    private readonly workspace: NotesWorkspace,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly bundledNotesFolder: string | undefined,
    private readonly log: (message: string) => void,
  ) {}

  initialize(params: InitializeParams): void {
    this.startup.initialize ??= Date.now();
    this.initOptions = params.initializationOptions;
    const clientWarnings = (params.initializationOptions as Record<string, unknown> | null | undefined)?.[CLIENT_WARNINGS_OPTION];
    this.clientShowsMissingPaths = Array.isArray(clientWarnings) && clientWarnings.includes(ClientWarnings.missingNotesPaths);
    this.baseFolders = (params.workspaceFolders ?? []).map((f) => uriToFile(f.uri)).filter((f): f is string => !!f);
    if (this.baseFolders.length === 0 && params.rootUri) {
      const root = uriToFile(params.rootUri);
      if (root) this.baseFolders = [root];
    }
    const capabilities = params.capabilities;
    this.canPullConfiguration = !!capabilities.workspace?.configuration;
    // Registering what the client did not offer makes some clients (eglot, Neovim) warn on every start.
    this.canRegisterConfiguration = this.canPullConfiguration && !!capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
    this.canWatchFiles = !!capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    this.canWatchRelative = !!capabilities.workspace?.didChangeWatchedFiles?.relativePatternSupport;
    this.canReportProgress = !!capabilities.window?.workDoneProgress;
  }

  async initialized(): Promise<void> {
    this.startup.initialized ??= Date.now();
    if (this.canRegisterConfiguration) void this.connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    await this.applySettings();
  }

  settingsChanged(pushed: unknown): void {
    if (!this.canPullConfiguration) this.pushedSettings = pushed;
    void this.applySettings();
  }

  /**
   * A workspace folder added or removed: relative notes paths are looked up under the folders
   * as they are now, and the settings pulled again, since they may name a folder's own notes.
   */
  workspaceFoldersChanged(event: WorkspaceFoldersChangeEvent): void {
    const removed = new Set(event.removed.map((f) => uriToFile(f.uri)));
    const added = event.added.map((f) => uriToFile(f.uri)).filter((f): f is string => !!f);
    this.baseFolders = [...new Set([...this.baseFolders.filter((f) => !removed.has(f)), ...added])];
    void this.applySettings();
  }

  filesChanged(changes: FileEvent[]): void {
    const roots = new Set(this.workspace.watchRoots());
    let rootGone = false;
    for (const change of changes) {
      const file = uriToFile(change.uri);
      if (!file) continue;
      // A notes folder itself renamed or deleted: its terms left without a word. The index is
      // made again, which says the path no longer exists (warnOfMissingPaths), as at start.
      if (change.type === FileChangeType.Deleted && roots.has(file) && !fs.existsSync(file)) rootGone = true;
      // An event on a path that is no note nor glossary may be a folder's (moved, deleted,
      // created): its notes follow it.
      const mayBeFolder = !isNoteFileName(file) && !isYamlName(file);
      if (change.type === FileChangeType.Deleted) {
        if (mayBeFolder) this.workspace.folderDeleted(file);
        else this.workspace.fileDeleted(file);
      } else if (mayBeFolder) {
        if (change.type === FileChangeType.Created && isFolder(file)) this.workspace.folderAdded(file);
      } else if (!this.documents.get(change.uri)) {
        this.workspace.fileChanged(file);
      }
    }
    if (rootGone) {
      this.appliedIndexKey = undefined;
      void this.applySettings();
    }
  }

  private async applySettings(): Promise<void> {
    let pulled: unknown = this.pushedSettings;
    if (this.canPullConfiguration) pulled = await this.connection.workspace.getConfiguration(SETTINGS_SECTION).catch(() => undefined);
    const read = readSettings(this.initOptions, pulled, this.settingsInForce);
    this.startup.settingsRead ??= Date.now();
    for (const warning of read.warnings) {
      this.log(`Settings: ${warning}`);
      // In the log alone nobody sees it: a setting the user just mistyped is worth a message.
      // Once per mistake: the same wrong value read again says "keeping the value before it"
      // where it first said "using the default".
      const mistake = warning.replace(/; (?:keeping the value before it|using the default)\.$/, '');
      if (!this.shownWarnings.has(mistake)) {
        this.shownWarnings.add(mistake);
        // A notification, not window/showMessageRequest: nothing to answer, and no client waits on it.
        void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Architecture Notes settings: ${warning}` });
      }
    }
    const settings = (this.settings = this.settingsInForce = read.settings);
    const entries = [...settings.notesPaths];
    if (settings.includeBundledNotes && this.bundledNotesFolder) entries.unshift(this.bundledNotesFolder);
    const folderEntries = (settings.folderNotesPaths ?? []).filter((f) => f.notesPaths.length > 0).map((f) => ({ folder: f.folder, entries: f.notesPaths }));
    // Clients echo the settings back as soon as the server registers for changes: index again
    // only when something that decides the index did change.
    const indexKey = JSON.stringify([entries, folderEntries, this.baseFolders, settings.ignoreTerms, settings.maxFileSize, settings.conceptNotes, settings.workspaceTrusted]);
    if (indexKey === this.appliedIndexKey) return;
    this.appliedIndexKey = indexKey;
    await this.withProgress(async () => {
      const conceptNotes = parseConceptNotesChoice(settings.conceptNotes);
      const indexing = this.workspace.configure({ entries, folderEntries, baseFolders: this.baseFolders, ignoreTerms: settings.ignoreTerms, maxFileBytes: settings.maxFileSize, conceptNotes: typeof conceptNotes === 'string' ? undefined : conceptNotes, trusted: settings.workspaceTrusted !== false });
      // The folders are followed from the start of the index, not its end: what changes on disk
      // while the notes are read is then applied as it comes (the workspace also compares the
      // disk with what it read once the index is done, for the moments before the watches hold).
      await Promise.all([indexing, this.watchNoteFolders()]);
    });
    if (indexKey === this.appliedIndexKey) this.warnOfMissingPaths(settings.notesPaths, folderEntries);
    this.startup.firstIndexReady ??= Date.now();
    for (const document of this.documents.all()) this.workspace.noteOpened(document.uri, document.getText());
    this.log(`Indexed ${this.workspace.index.size} notes, ${this.workspace.status().terms} terms.`);
  }

  /**
   * A notes path that does not exist is a mistyped setting as much as a value of the wrong
   * type, and in the log alone nobody sees it: one warning message, once for as long as the
   * same paths are missing (a re-index, or another setting changed, says nothing new).
   */
  private warnOfMissingPaths(notesPaths: string[], folderEntries: { folder: string; entries: string[] }[]): void {
    // Where the index looks for each path: the path itself, or a glob's folder.
    const resolved = [
      ...notesPaths.flatMap((entry) => resolveNotesPath(entry, this.baseFolders)),
      ...folderEntries.flatMap(({ folder, entries }) => entries.flatMap((entry) => resolveNotesPath(entry, [folder]))),
    ];
    const named = new Set(resolved.map((resolved) => {
      const scan = picomatch.scan(resolved);
      return scan.isGlob ? scan.base || '/' : resolved;
    }));
    const missing = this.workspace.status().skipped.filter((skipped) => skipped.reason === 'not found' && named.has(skipped.path)).map((skipped) => skipped.path);
    const key = missing.join('\n');
    if (key === this.shownMissingPaths) return;
    this.shownMissingPaths = key;
    if (missing.length === 0 || this.clientShowsMissingPaths) return;
    const message = missing.length === 1
      ? `Architecture Notes: the notes path ${missing[0]} does not exist.`
      : `Architecture Notes: ${missing.length} notes paths do not exist: ${missing.join(', ')}.`;
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
  }

  private async withProgress(work: () => Promise<void>): Promise<void> {
    const progress = this.canReportProgress ? await this.connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    progress?.begin('Indexing notes', 0, undefined, false);
    const ticker = progress ? setInterval(() => {
      const status = this.workspace.status();
      if (status.total) progress.report(Math.round((100 * (status.done ?? 0)) / status.total), `${status.done}/${status.total} notes`);
    }, 250) : undefined;
    try {
      await work();
    } finally {
      if (ticker) clearInterval(ticker);
      progress?.done();
    }
  }

  /** Stops following the disk (at shutdown). */
  stop(): void {
    this.diskWatcher.close();
  }

  /**
   * Watches every folder that holds notes, inside the workspace or not (the bundled notes,
   * `~/notes`): a pattern relative to the workspace would miss the folders outside it; the
   * folders in them and the notes folders themselves, moved or deleted; and the glossaries of
   * the workspace folders.
   */
  private async watchNoteFolders(): Promise<void> {
    // The server follows the disk itself in every editor, beside the watchers it registers:
    // VS Code's own watcher (code-server 4.139) was seen to miss a folder made with its notes
    // in one go, and then to report nothing under it at all, even minutes of writes later. A
    // write told twice is read once (NotesWorkspace.fileChanged compares the file's stamp).
    const following = this.diskWatcher.watch(this.workspace.watchRoots());
    if (!this.canWatchFiles) {
      // Awaited, so that the index is ready only once changes on disk are followed; the
      // watches are set up a few folders at a time, with requests answered in between.
      await following;
      return;
    }
    const previous = this.watching;
    const watcher = (root: string, pattern: string): FileSystemWatcher =>
      this.canWatchRelative ? { globPattern: { baseUri: fileToUri(root), pattern } } : { globPattern: `${root.replace(/\\/g, '/')}/${pattern}` };
    const roots = this.workspace.watchRoots();
    const watchers: FileSystemWatcher[] = [
      // A note's own event tells of its change; its creation and deletion come with any path's below.
      ...roots.map((root) => ({ ...watcher(root, NOTES_PATTERN), kind: WatchKind.Change })),
      ...roots.map((root) => ({ ...watcher(root, ANY_PATH_PATTERN), kind: WatchKind.Create | WatchKind.Delete })),
      // The notes folder itself moved, renamed or deleted (or made again): a watcher never
      // reports its own base, the folder above it does.
      ...roots.filter((root) => path.dirname(root) !== root)
        .map((root) => ({ ...watcher(path.dirname(root), escapeGlob(path.basename(root))), kind: WatchKind.Create | WatchKind.Delete })),
      ...this.baseFolders.flatMap((folder) => GLOSSARY_PATTERNS.map((pattern) => watcher(folder, pattern))),
    ];
    this.watching = this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch(() => undefined);
    (await previous)?.dispose();
  }
}

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** A name as a glob that matches that name alone: each character that opens a wildcard, a class or a choice, in brackets. */
function escapeGlob(name: string): string {
  return name.replace(/[*?[{}]/g, (c) => `[${c}]`);
}
