// The language server: wires LSP to the notes engine in core/. Each handler is a few lines
// that ask the core and translate its answer. The connection comes in as an argument, so
// tests run the whole server over an in-memory JSON-RPC pair.

import * as path from 'node:path';
import * as v8 from 'node:v8';
import {
  CancellationToken, CodeAction, CodeActionKind, CompletionItemKind, DiagnosticSeverity, DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification, DocumentHighlightKind, FileChangeType, MarkupKind, ResponseError, ErrorCodes, LSPErrorCodes,
  SymbolKind, TextDocuments, type Disposable, type FileSystemWatcher, TextDocumentSyncKind, type CompletionItem, type Connection, type Diagnostic,
  type DocumentSymbol, type Hover, type InitializeParams, type InitializeResult, type Location, type TextEdit,
  type WorkspaceEdit, type WorkspaceSymbol,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { matchingEntry, referencesFor, termAt, termsInDocument } from './core/lookup';
import type { Note, Range } from './core/model';
import { noteTree, type TreeNode } from './core/outline';
import { isSafeUrl, hostOf, sectionLabel, termMarkdown, REFERENCES_SHOWN, escapeMarkdown } from './core/present';
import { repairEncoding } from './core/repair';
import { fileToUri, NotesWorkspace, uriToFile } from './core/workspace';
import type { SnapshotStore } from './core/snapshot';
import type { TermEntry } from './core/index';
import { DocumentTermsRequest, IndexStatusNotification, IndexStatusRequest, MemoryUsageRequest, OutlineRequest, ReindexRequest, SearchRequest, SETTINGS_SECTION, DEFAULT_SETTINGS, Commands, type NotesSettings, type OutlineNode, type IndexStatus } from './protocol';
import { readSettings } from './settings';

export interface ServerDeps {
  /** The folder of the notes shipped with the extension (`notes-data/`). */
  bundledNotesFolder?: string;
  /** Keeps the index across restarts. */
  snapshots?: SnapshotStore;
  /**
   * Opens a snapshot store in the folder that the client names as `cacheFolder` in its
   * initializationOptions (VS Code passes the extension's storage folder), when `snapshots` is not given.
   */
  openSnapshots?: (folder: string, log: (message: string) => void) => SnapshotStore;
  /** A script that runs an index worker (dist/indexWorker.js): a full index then reads and parses notes in worker threads. */
  indexWorkerScript?: string;
  /** How many worker threads a full index uses; by default as many as suit the machine (see NotesWorkspace). */
  indexWorkers?: number;
}

export function startServer(connection: Connection, deps: ServerDeps = {}): void {
  const documents = new TextDocuments(TextDocument);
  // After shutdown the connection is about to close: work still pending must not write to it.
  let shuttingDown = false;
  const log = (message: string) => {
    if (!shuttingDown) connection.console.log(message);
  };
  let settings: NotesSettings = DEFAULT_SETTINGS;
  let initOptions: unknown;
  let baseFolders: string[] = [];
  let canPullConfiguration = false;
  let canRegisterConfiguration = false;
  let canWatchFiles = false;
  let canWatchRelative = false;
  let canShowDocument = false;
  let canReportProgress = false;
  let canResolveCodeActions = false;

  // The snapshots' folder is known only once the client has initialized the server.
  let snapshots = deps.snapshots;
  const workspace = new NotesWorkspace({
    log,
    workerScript: deps.indexWorkerScript,
    workers: deps.indexWorkers,
    snapshots: {
      read: (key) => snapshots?.read(key),
      write: (key, snapshot) => snapshots?.write(key, snapshot),
    },
    onStatus: (status) => {
      if (!shuttingDown) void connection.sendNotification(IndexStatusNotification, toIndexStatus(status));
    },
    onChange: () => publishNoteDiagnostics(),
  });

  const toIndexStatus = (status: ReturnType<NotesWorkspace['status']>): IndexStatus => ({ ...status, skipped: status.skipped.map((s) => ({ ...s })) });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    initOptions = params.initializationOptions;
    const cacheFolder = (initOptions as { cacheFolder?: unknown } | null | undefined)?.cacheFolder;
    if (!snapshots && deps.openSnapshots && typeof cacheFolder === 'string' && cacheFolder.trim() !== '') snapshots = deps.openSnapshots(cacheFolder, log);
    baseFolders = (params.workspaceFolders ?? []).map((f) => uriToFile(f.uri)).filter((f): f is string => !!f);
    if (baseFolders.length === 0 && params.rootUri) {
      const root = uriToFile(params.rootUri);
      if (root) baseFolders = [root];
    }
    const capabilities = params.capabilities;
    canPullConfiguration = !!capabilities.workspace?.configuration;
    // Registering what the client did not offer makes some clients (eglot, Neovim) warn on every start.
    canRegisterConfiguration = canPullConfiguration && !!capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
    canWatchFiles = !!capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canWatchRelative = !!capabilities.workspace?.didChangeWatchedFiles?.relativePatternSupport;
    canShowDocument = !!capabilities.window?.showDocument?.support;
    canReportProgress = !!capabilities.window?.workDoneProgress;
    canResolveCodeActions = !!capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit');
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        documentLinkProvider: { resolveProvider: false },
        completionProvider: { resolveProvider: false, triggerCharacters: [] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor, CodeActionKind.Source, 'source.addReferences'], resolveProvider: true },
        executeCommandProvider: { commands: [Commands.openReference] },
      },
      serverInfo: { name: 'architecture-notes', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (canRegisterConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    await applySettings();
  });

  let appliedIndexKey: string | undefined;
  async function applySettings(): Promise<void> {
    let pulled: unknown = pushedSettings;
    if (canPullConfiguration) {
      try {
        pulled = await connection.workspace.getConfiguration(SETTINGS_SECTION);
      } catch {
        pulled = undefined;
      }
    }
    const read = readSettings(initOptions, pulled);
    for (const warning of read.warnings) log(`Settings: ${warning}`);
    settings = read.settings;
    const entries = [...settings.notesPaths];
    if (settings.includeBundledNotes && deps.bundledNotesFolder) entries.unshift(deps.bundledNotesFolder);
    // Clients echo the settings back as soon as the server registers for changes: index again
    // only when something that decides the index did change.
    const indexKey = JSON.stringify([entries, baseFolders, settings.ignoreTerms, settings.maxFileSize]);
    if (indexKey === appliedIndexKey) return;
    appliedIndexKey = indexKey;
    const progress = canReportProgress ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    progress?.begin('Indexing notes', 0, undefined, false);
    const ticker = progress ? setInterval(() => {
      const status = workspace.status();
      if (status.total) progress.report(Math.round((100 * (status.done ?? 0)) / status.total), `${status.done}/${status.total} notes`);
    }, 250) : undefined;
    try {
      await workspace.configure({ entries, baseFolders, ignoreTerms: settings.ignoreTerms, maxFileBytes: settings.maxFileSize });
      await watchNoteFolders();
    } finally {
      if (ticker) clearInterval(ticker);
      progress?.done();
    }
    for (const document of documents.all()) workspace.noteOpened(document.uri, document.getText());
    log(`Indexed ${workspace.index.size} notes, ${workspace.status().terms} terms.`);
  }

  // A client that cannot be asked for its configuration sends the settings with the change.
  let pushedSettings: unknown;
  /**
   * Watches every folder that holds notes, inside the workspace or not (the bundled notes,
   * `~/notes`): a pattern relative to the workspace would miss the folders outside it.
   */
  let watching: Promise<Disposable | undefined> | undefined;
  async function watchNoteFolders(): Promise<void> {
    if (!canWatchFiles) return;
    const previous = watching;
    const pattern = '**/*.{md,markdown,mdown,mkd}';
    const watchers: FileSystemWatcher[] = workspace.watchRoots().map((root) =>
      canWatchRelative ? { globPattern: { baseUri: fileToUri(root), pattern } } : { globPattern: `${root.replace(/\\/g, '/')}/${pattern}` });
    watching = connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch(() => undefined);
    (await previous)?.dispose();
  }

  connection.onDidChangeConfiguration(({ settings: pushed }) => {
    if (!canPullConfiguration) pushedSettings = pushed;
    void applySettings();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) {
      const file = uriToFile(change.uri);
      if (!file) continue;
      if (change.type === FileChangeType.Deleted) workspace.fileDeleted(file);
      else if (!documents.get(change.uri)) workspace.fileChanged(file);
    }
  });

  documents.onDidOpen(({ document }) => workspace.noteOpened(document.uri, document.getText()));
  documents.onDidChangeContent(({ document }) => {
    if (workspace.isNoteUri(document.uri)) workspace.noteOpened(document.uri, document.getText());
  });
  documents.onDidClose(({ document }) => {
    workspace.noteClosed(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  // ---- helpers ------------------------------------------------------------------------------

  const isTermDocument = (document: TextDocument) => settings.languages.includes(document.languageId) || workspace.isNoteUri(document.uri);
  const isMarkdown = (document: TextDocument) => document.languageId === 'markdown' || /\.(md|markdown)$/i.test(document.uri);

  /** The term under a position in an open document, if that document gets term features. */
  function termUnder(uri: string, position: { line: number; character: number }) {
    const document = documents.get(uri);
    if (!document || !isTermDocument(document)) return undefined;
    if (position.line < 0 || position.line >= document.lineCount) return undefined;
    const text = document.getText();
    const offset = document.offsetAt(position);
    const found = termAt(workspace.index, text, offset);
    if (!found) return undefined;
    return { document, ...found, range: { start: document.positionAt(found.start), end: document.positionAt(found.end) } };
  }

  const definitionLink = (definition: { uri: string; termRange: Range }) =>
    `${definition.uri}#L${definition.termRange.start.line + 1},${definition.termRange.start.character + 1}`;

  function hoverFor(entry: TermEntry, phrase: string): string {
    // Only the references a card shows are looked for.
    return termMarkdown(entry, referencesFor(workspace.index, phrase, entry, REFERENCES_SHOWN), { definitionLink });
  }

  // ---- design-doc features ------------------------------------------------------------------

  connection.onHover(({ textDocument, position }): Hover | null => {
    const document = documents.get(textDocument.uri);
    if (!document) return null;
    if (workspace.isNoteUri(textDocument.uri)) {
      const reference = crossReferenceAt(textDocument.uri, position);
      if (reference) return reference;
    }
    const found = termUnder(textDocument.uri, position);
    if (!found) return null;
    return { contents: { kind: MarkupKind.Markdown, value: hoverFor(found.entry, found.text) }, range: found.range };
  });

  connection.onDefinition(({ textDocument, position }): Location[] => {
    const found = termUnder(textDocument.uri, position);
    if (!found) return [];
    return found.entry.definitions.map((d) => ({ uri: d.uri, range: d.termRange }));
  });

  connection.onReferences(({ textDocument, position, context }): Location[] => {
    const found = termUnder(textDocument.uri, position);
    if (!found) return [];
    const isDeclaration = (uri: string, range: Range) =>
      found.entry.definitions.some((d) => d.uri === uri && d.termRange.start.line === range.start.line && d.termRange.start.character === range.start.character);
    const locations: Location[] = [];
    const scanned = new Set<string>();
    const scan = (document: TextDocument) => {
      scanned.add(document.uri);
      for (const { entry, occurrences } of termsInDocument(workspace.index, document.getText(), isMarkdown(document))) {
        if (entry !== found.entry) continue;
        for (const o of occurrences) {
          const range = { start: document.positionAt(o.start), end: document.positionAt(o.end) };
          if (context.includeDeclaration || !isDeclaration(document.uri, range)) locations.push({ uri: document.uri, range });
        }
      }
    };
    for (const document of documents.all()) if (isTermDocument(document)) scan(document);
    // Notes that are not open are read again to find each use where it stands; the ones worth
    // reading define the term or have lines that mention it.
    const noteUris = new Set([...found.entry.definitions.map((d) => d.uri), ...workspace.index.mentions(found.text, 100).map((m) => m.uri)]);
    for (const uri of noteUris) {
      const text = scanned.has(uri) ? undefined : workspace.noteText(uri);
      if (text !== undefined) scan(TextDocument.create(uri, 'markdown', 0, text));
    }
    if (context.includeDeclaration) for (const d of found.entry.definitions) locations.push({ uri: d.uri, range: d.termRange });
    return dedupeLocations(locations);
  });

  connection.onDocumentHighlight(({ textDocument, position }) => {
    const found = termUnder(textDocument.uri, position);
    if (!found) return [];
    const document = found.document;
    return termsInDocument(workspace.index, document.getText(), isMarkdown(document))
      .filter((t) => t.entry === found.entry)
      .flatMap((t) => t.occurrences.map((o) => ({ range: { start: document.positionAt(o.start), end: document.positionAt(o.end) }, kind: DocumentHighlightKind.Text })));
  });

  connection.onCompletion(({ textDocument, position }): { isIncomplete: boolean; items: CompletionItem[] } => {
    const document = documents.get(textDocument.uri);
    if (!document || !isTermDocument(document)) return { isIncomplete: false, items: [] };
    const lineText = document.getText({ start: { line: position.line, character: 0 }, end: position });
    const typed = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*$/u.exec(lineText)?.[0] ?? '';
    if (typed.length < 2) return { isIncomplete: true, items: [] };
    const prefix = typed.toLowerCase().replace(/[-_]/g, ' ');
    const matches: { name: string; entry: TermEntry }[] = [];
    for (const entry of workspace.index.terms()) {
      if (!workspace.index.matchable(entry)) continue;
      for (const name of entry.names) if (name.toLowerCase().replace(/[-_]/g, ' ').startsWith(prefix)) matches.push({ name, entry });
    }
    // The index lists its terms in the order edits left them: sorted, the first 100 are the
    // same after any history of edits, and the same as after a fresh index.
    matches.sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.entry.key, b.entry.key));
    const items = matches.slice(0, 100).map(({ name, entry }): CompletionItem => {
      const definition = entry.definitions[0];
      return {
        label: name,
        kind: definition.kind === 'topic' ? CompletionItemKind.Module : CompletionItemKind.Text,
        detail: sectionLabel(definition.sectionPath),
        documentation: { kind: MarkupKind.Markdown, value: hoverFor(entry, name) },
        textEdit: { range: { start: { line: position.line, character: position.character - typed.length }, end: position }, newText: name },
      };
    });
    return { isIncomplete: matches.length >= 100, items };
  });

  connection.onWorkspaceSymbol(({ query }): WorkspaceSymbol[] => {
    const results = query.trim()
      ? workspace.search.search(query, { kinds: ['term', 'topic'], limit: 200 })
      : [...workspace.index.terms()].sort((a, b) => compareStrings(a.key, b.key)).slice(0, 200).map((e) => ({ kind: e.definitions[0].kind, label: e.term, uri: e.definitions[0].uri, range: e.definitions[0].termRange, sectionPath: e.definitions[0].sectionPath }));
    return results.map((r) => ({
      name: r.label,
      kind: r.kind === 'topic' ? SymbolKind.Namespace : SymbolKind.Constant,
      containerName: sectionLabel(r.sectionPath),
      location: { uri: r.uri, range: r.range },
    }));
  });

  connection.onCodeAction(({ textDocument, range, context }): CodeAction[] => {
    const document = documents.get(textDocument.uri);
    if (!document) return [];
    const actions: CodeAction[] = [];
    if (workspace.isNoteUri(document.uri)) actions.push(...encodingFixes(document, context.diagnostics));
    if (!isTermDocument(document)) return actions;
    const only = context.only;
    const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + '.'));

    const found = termUnder(document.uri, range.start) ?? selectionTerm(document, range);
    if (found && (wants(CodeActionKind.QuickFix) || wants(CodeActionKind.Refactor))) {
      const references = referencesFor(workspace.index, found.text, found.entry);
      for (const link of references.slice(0, 3)) {
        actions.push({
          title: `Open reference: ${link.description || hostOf(link.url)} (${hostOf(link.url)})`,
          kind: CodeActionKind.QuickFix,
          command: { title: 'Open reference', command: Commands.openReference, arguments: [link.url] },
        });
      }
      if (isMarkdown(document) && references[0] && !insideMarkdownLink(document, found.range)) {
        const edit: WorkspaceEdit = { changes: { [document.uri]: [{ range: found.range, newText: `[${found.text}](${references[0].url})` }] } };
        actions.push({ title: `Link "${found.text}" to ${hostOf(references[0].url)}`, kind: CodeActionKind.Refactor, edit });
      }
    }
    if (!found && (wants(CodeActionKind.QuickFix))) {
      // A phrase with no definition but with mentions in the notes (CQRS) still leads to references.
      const phrase = selectedOrWordAt(document, range);
      if (phrase) {
        for (const link of referencesFor(workspace.index, phrase).slice(0, 3)) {
          actions.push({
            title: `Open reference: ${link.description || hostOf(link.url)} (${hostOf(link.url)})`,
            kind: CodeActionKind.QuickFix,
            command: { title: 'Open reference', command: Commands.openReference, arguments: [link.url] },
          });
        }
      }
    }
    if (isMarkdown(document) && wants(CodeActionKind.Source)) {
      const title = 'Add references for the terms in this document';
      if (canResolveCodeActions) {
        // Finding every term's best reference takes hundreds of milliseconds on a long note, and
        // editors ask for code actions on each cursor move: the edit waits until the action is picked.
        if (termsInDocument(workspace.index, document.getText(), true).length > 0) actions.push({ title, kind: ADD_REFERENCES, data: { uri: document.uri } });
      } else {
        const edit = referencesSectionEdit(document);
        if (edit) actions.push({ title, kind: ADD_REFERENCES, edit });
      }
    }
    return actions;
  });

  function selectionTerm(document: TextDocument, range: Range) {
    const selected = document.getText(range).trim();
    if (!selected) return undefined;
    const entry = matchingEntry(workspace.index, selected);
    return entry ? { document, entry, text: selected, range } : undefined;
  }

  function selectedOrWordAt(document: TextDocument, range: Range): string | undefined {
    const selected = document.getText(range).trim();
    if (selected) return selected.length <= 100 ? selected : undefined;
    const line = document.getText({ start: { line: range.start.line, character: 0 }, end: { line: range.start.line + 1, character: 0 } });
    for (const match of line.matchAll(/[\p{L}\p{N}][\p{L}\p{N}-]*/gu)) {
      if (match.index! <= range.start.character && range.start.character <= match.index! + match[0].length) return match[0];
    }
    return undefined;
  }

  function insideMarkdownLink(document: TextDocument, range: Range): boolean {
    const line = document.getText({ start: { line: range.start.line, character: 0 }, end: { line: range.start.line + 1, character: 0 } });
    for (const match of line.matchAll(/\[[^\]]*\]\([^)]*\)/g)) {
      if (match.index! <= range.start.character && range.end.character <= match.index! + match[0].length) return true;
    }
    return false;
  }

  /** Appends a references section listing each term used, once, with its best link. */
  function referencesSectionEdit(document: TextDocument): WorkspaceEdit | undefined {
    const text = document.getText();
    const lines: string[] = [];
    for (const { entry, occurrences } of termsInDocument(workspace.index, text, true)) {
      const best = referencesFor(workspace.index, occurrences[0].text, entry)[0];
      if (!best || text.includes(best.url)) continue;
      lines.push(`- ${entry.term}: [${best.description || hostOf(best.url)}](${best.url})`);
    }
    if (lines.length === 0) return undefined;
    const end = document.positionAt(text.length);
    const heading = /\n## References\s*\n/.test(text) ? '' : `${text.endsWith('\n') ? '' : '\n'}\n## References\n\n`;
    const edit: TextEdit = { range: { start: end, end }, newText: `${heading}${lines.join('\n')}\n` };
    return { changes: { [document.uri]: [edit] } };
  }

  connection.onCodeActionResolve((action) => {
    const uri = (action.data as { uri?: unknown } | undefined)?.uri;
    const document = typeof uri === 'string' ? documents.get(uri) : undefined;
    if (action.kind === ADD_REFERENCES && document) action.edit = referencesSectionEdit(document) ?? { changes: {} };
    return action;
  });

  connection.onExecuteCommand(async ({ command, arguments: args }) => {
    if (command !== Commands.openReference) throw new ResponseError(ErrorCodes.InvalidParams, `Unknown command: ${command}`);
    const url = Array.isArray(args) ? args[0] : undefined;
    if (typeof url !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'openReference takes one URL');
    if (!referenceAllowed(url)) throw new ResponseError(ErrorCodes.InvalidParams, `Refusing to open ${url.slice(0, 200)}: only http, https and indexed notes are opened.`);
    const external = !url.startsWith('file:');
    if (!canShowDocument) throw new ResponseError(ErrorCodes.InvalidRequest, `The editor cannot open documents; the URL is ${url}`);
    const result = await connection.window.showDocument({ uri: url, external, takeFocus: true });
    return result.success;
  });

  /** Only http(s) URLs, and file URLs inside the indexed notes, are ever opened. */
  function referenceAllowed(url: string): boolean {
    if (!isSafeUrl(url)) return false;
    if (!url.startsWith('file:')) return true;
    const file = uriToFile(url.replace(/#.*$/, ''));
    return !!file && workspace.index.has(fileToUri(file));
  }

  // ---- features in the notes themselves -----------------------------------------------------

  connection.onDocumentSymbol(({ textDocument }): DocumentSymbol[] => {
    const note = workspace.index.note(textDocument.uri);
    if (!note) return [];
    const extents = symbolExtents(note);
    const toSymbol = (node: TreeNode): DocumentSymbol => {
      const kind = node.kind === 'area' ? SymbolKind.Namespace : node.kind === 'topic' ? SymbolKind.Class : node.kind === 'label' ? SymbolKind.Key : SymbolKind.Constant;
      // A symbol spans all it stands for, so that breadcrumbs and the outline can tell where
      // the cursor is; its name is what gets selected.
      const range = extents.get(extentKey(node.kind, node.range)) ?? node.range;
      return { name: node.label || '(untitled)', detail: node.detail?.slice(0, 80), kind, range, selectionRange: node.range, children: node.children.filter((c) => c.kind !== 'reference').map(toSymbol) };
    };
    return noteTree(note, path.basename(uriToFile(note.uri) ?? note.uri), { references: false }).children.map(toSymbol);
  });

  const extentKey = (kind: string, range: Range) => `${kind}:${range.start.line}:${range.start.character}`;

  /** What each outline node covers: a whole section, the lines a label governs, a definition with its continuation. */
  function symbolExtents(note: Note): Map<string, Range> {
    const extents = new Map<string, Range>();
    for (const section of note.sections) {
      extents.set(extentKey(section.level === 1 ? 'area' : 'topic', section.headingRange), section.range);
      for (const label of section.labels) extents.set(extentKey('label', label.range), label.scope);
    }
    for (const definition of note.definitions) if (definition.kind === 'term') extents.set(extentKey('term', definition.termRange), definition.range);
    return extents;
  }

  const knownNote = (file: string) => {
    const base = path.basename(file).toLowerCase();
    for (const uri of workspace.index.uris()) {
      const noteFile = uriToFile(uri);
      if (noteFile && path.basename(noteFile).toLowerCase() === base) return uri;
    }
    return undefined;
  };

  function crossReferenceAt(uri: string, position: { line: number; character: number }): Hover | null {
    const note = workspace.index.note(uri);
    const reference = note?.crossReferences.find((r) => r.fileRange.start.line === position.line && r.fileRange.start.character <= position.character && position.character <= r.fileRange.end.character);
    if (!reference) return null;
    const target = knownNote(reference.file);
    const value = target
      ? `**${escapeMarkdown(reference.file)}**${reference.section ? ` › ${escapeMarkdown(reference.section)}` : ''}\n\n${escapeMarkdown(uriToFile(target) ?? target)}`
      : `**${escapeMarkdown(reference.file)}** is not among the indexed notes. Add its folder to \`architectureNotes.notesPaths\`.`;
    return { contents: { kind: MarkupKind.Markdown, value }, range: reference.fileRange };
  }

  connection.onDocumentLinks(({ textDocument }) => {
    const note = workspace.index.note(textDocument.uri);
    if (!note) return [];
    return note.crossReferences.flatMap((reference) => {
      const target = knownNote(reference.file);
      return target ? [{ range: reference.fileRange, target, tooltip: `Open ${reference.file}` }] : [];
    });
  });

  function noteDiagnostics(note: Note): Diagnostic[] {
    const diagnostics: Diagnostic[] = note.problems.map((problem) => ({
      range: problem.range,
      severity: problem.kind.startsWith('encoding') ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
      source: 'architecture-notes',
      code: problem.kind,
      message: problem.message,
      data: problem.candidates ? { candidates: problem.candidates } : undefined,
    }));
    for (const reference of note.crossReferences) {
      if (knownNote(reference.file)) continue;
      diagnostics.push({ range: reference.fileRange, severity: DiagnosticSeverity.Information, source: 'architecture-notes', code: 'missing-note', message: `\`${reference.file}\` is not among the indexed notes.` });
    }
    return diagnostics;
  }

  let diagnosticsTimer: NodeJS.Timeout | undefined;
  function publishNoteDiagnostics(): void {
    if (diagnosticsTimer || shuttingDown) return;
    diagnosticsTimer = setTimeout(() => {
      diagnosticsTimer = undefined;
      for (const document of documents.all()) {
        const note = workspace.index.note(document.uri);
        if (note) void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: noteDiagnostics(note) });
      }
      publishSkippedFiles();
    }, 50);
  }

  /** A note that was skipped (too large, not text, unreadable) says so where the user looks: on the file. */
  let skippedUris = new Set<string>();
  function publishSkippedFiles(): void {
    const now = new Set<string>();
    for (const skipped of workspace.status().skipped) {
      if (!workspace.isNoteFile(skipped.path)) continue;
      const uri = fileToUri(skipped.path);
      now.add(uri);
      const start = { line: 0, character: 0 };
      void connection.sendDiagnostics({
        uri,
        diagnostics: [{ range: { start, end: start }, severity: DiagnosticSeverity.Warning, source: 'architecture-notes', code: 'not-indexed', message: `Not indexed: ${skipped.reason}.` }],
      });
    }
    for (const uri of skippedUris) if (!now.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    skippedUris = now;
  }

  /** Quick fixes for encoding damage: all certain repairs at once; one choice per candidate at an ambiguous spot. */
  function encodingFixes(document: TextDocument, diagnostics: Diagnostic[]): CodeAction[] {
    const actions: CodeAction[] = [];
    const damaged = diagnostics.filter((d) => d.source === 'architecture-notes' && (d.code === 'encoding-damage' || d.code === 'encoding-ambiguous'));
    if (damaged.length === 0) return actions;
    const text = document.getText();
    const repair = repairEncoding(text);
    if (repair.repairs.length > 0) {
      const edits: TextEdit[] = repair.repairs.map((r) => ({ range: { start: document.positionAt(r.originalStart), end: document.positionAt(r.originalEnd) }, newText: r.replacement }));
      actions.push({ title: `Repair encoding damage (${repair.repairs.length} certain ${repair.repairs.length === 1 ? 'repair' : 'repairs'})`, kind: CodeActionKind.QuickFix, diagnostics: damaged, isPreferred: true, edit: { changes: { [document.uri]: edits } } });
    }
    for (const diagnostic of damaged.filter((d) => d.code === 'encoding-ambiguous')) {
      const start = document.offsetAt(diagnostic.range.start);
      const spot = repair.ambiguities.find((a) => a.originalStart === start);
      if (!spot) continue;
      for (const candidate of spot.candidates) {
        actions.push({ title: `Replace with "${candidate}"`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [document.uri]: [{ range: diagnostic.range, newText: candidate }] } } });
      }
    }
    return actions;
  }

  // ---- custom requests ----------------------------------------------------------------------

  connection.onRequest(OutlineRequest, async (...args: unknown[]): Promise<OutlineNode[]> => {
    const token = requestToken(args);
    // A note read from disk is parsed again for its tree (the index keeps a digest of it): with
    // thousands of notes that is seconds of work, done in slices so that hovers are answered
    // meanwhile, and given up when the client asks again (the Patterns view after an edit).
    const uris = [...workspace.index.uris()].sort((a, b) => a.localeCompare(b));
    const trees: OutlineNode[] = [];
    let sliceStart = Date.now();
    for (const uri of uris) {
      if (Date.now() - sliceStart >= 8) {
        await new Promise((resolve) => setImmediate(resolve));
        if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'outline cancelled');
        sliceStart = Date.now();
      }
      const note = workspace.index.note(uri);
      if (note) trees.push(noteTree(note, path.basename(uriToFile(uri) ?? uri)));
    }
    return trees;
  });

  connection.onRequest(SearchRequest, (params) => {
    if (!params || typeof params.query !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'search takes { query: string }');
    const limit = typeof params.limit === 'number' && params.limit > 0 ? Math.min(params.limit, 500) : 50;
    const kinds = Array.isArray(params.kinds) ? params.kinds.filter((k) => ['term', 'topic', 'quote', 'link'].includes(k)) : undefined;
    return workspace.search.search(params.query.slice(0, 500), { kinds, limit }).map((r) => ({
      kind: r.kind, label: r.label, detail: r.detail, section: sectionLabel(r.sectionPath), uri: r.uri, range: r.range, url: r.url && isSafeUrl(r.url) ? r.url : undefined,
    }));
  });

  connection.onRequest(DocumentTermsRequest, (params) => {
    const document = params && typeof params.uri === 'string' ? documents.get(params.uri) : undefined;
    if (!document || !isTermDocument(document)) return [];
    return termsInDocument(workspace.index, document.getText(), isMarkdown(document)).map(({ entry, occurrences }) => ({
      term: entry.term,
      definition: entry.definitions[0]?.text ?? '',
      section: sectionLabel(entry.definitions[0]?.sectionPath ?? []),
      count: occurrences.length,
      ranges: occurrences.map((o) => ({ start: document.positionAt(o.start), end: document.positionAt(o.end) })),
    }));
  });

  connection.onRequest(IndexStatusRequest, () => toIndexStatus(workspace.status()));
  connection.onRequest(ReindexRequest, async () => {
    await workspace.reindex();
    return toIndexStatus(workspace.status());
  });
  connection.onRequest(MemoryUsageRequest, () => {
    // What the index keeps only to answer faster is let go first: the figures are of what it
    // must keep (a test of leaks compares them before and after thousands of requests).
    workspace.index.dropCaches();
    // Only there when node runs with --expose-gc; without it the figures include garbage.
    const collectGarbage = (globalThis as { gc?: () => void }).gc;
    collectGarbage?.();
    const codeSpaceUsed = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'code_space')?.space_used_size ?? 0;
    return { ...process.memoryUsage(), codeSpaceUsed, collected: collectGarbage !== undefined };
  });

  connection.onShutdown(() => {
    workspace.writeSnapshot();
    shuttingDown = true;
    clearTimeout(diagnosticsTimer);
    diagnosticsTimer = undefined;
  });

  documents.listen(connection);
  connection.listen();
}

const ADD_REFERENCES = `${CodeActionKind.Source}.addReferences`;

/**
 * The cancellation token of a request without parameters. The library passes it as the only
 * argument when the message has no params, but after them when a client sends `params: null`
 * or `{}`: it is the last argument either way.
 */
function requestToken(args: unknown[]): CancellationToken {
  const last = args[args.length - 1];
  return CancellationToken.is(last) ? last : CancellationToken.None;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dedupeLocations(locations: Location[]): Location[] {
  const seen = new Set<string>();
  return locations.filter((l) => {
    const key = `${l.uri}:${l.range.start.line}:${l.range.start.character}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
