// The language server: wires LSP to the editor features in features/ and the notes engine in
// core/. Each handler is a line or two that calls a feature. The connection comes in as an
// argument, so tests run the whole server over an in-memory JSON-RPC pair.

import * as path from 'node:path';
import * as v8 from 'node:v8';
import {
  CancellationToken, ErrorCodes, ResponseError, TextDocuments, TextDocumentSyncKind,
  type Connection, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CLAMPED_DOCUMENTS } from './documentSync';
import { expandHome } from './core/notes/homeFolder';
import { NotesWorkspace } from './core/workspace/notesWorkspace';
import type { GlossaryFetcher } from './core/workspace/glossaryImports';
import type { SnapshotStore } from './core/workspace/snapshot';
import { DiagnosticsPublisher } from './diagnosticsPublisher';
import { CODE_ACTION_KINDS, codeActions, resolveCodeAction } from './features/codeActions';
import { completion, resolveCompletion } from './features/completion';
import { preferredFormat, scanInSlices, type FeatureContext } from './features/context';
import { definition } from './features/definition';
import { documentTerms } from './features/documentTerms';
import { highlights } from './features/highlights';
import { hover } from './features/hover';
import { documentLinks, openReferenceTarget } from './features/links';
import { outline } from './features/outline';
import { references } from './features/references';
import { search } from './features/search';
import { documentSymbols, workspaceSymbols } from './features/symbols';
import { PendingEdits } from './core/workspace/pendingEdits';
import { NotesIndexing } from './indexing';
import { CLIENT_COMMANDS_OPTION, ClientCommands, Commands, DocumentTermsRequest, IndexStatusNotification, IndexStatusRequest, MemoryUsageRequest, OutlineRequest, StartupTimesRequest, ReindexRequest, SearchRequest, type IndexStatus, type OutlineParams } from './protocol';

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
  /** A script that runs an index worker: a full index then reads and parses notes in worker threads. */
  indexWorkerScript?: string;
  /** How many worker threads a full index uses; by default as many as suit the machine (see NotesWorkspace). */
  indexWorkers?: number;
  /** Fetches the glossaries that Contextive glossaries import from https URLs (by default, over the network). */
  fetchGlossary?: GlossaryFetcher;
}

export function startServer(connection: Connection, deps: ServerDeps = {}): void {
  const documents = new TextDocuments(CLAMPED_DOCUMENTS);
  // After shutdown the connection is about to close: work still pending must not write to it.
  let shuttingDown = false;
  const log = (message: string) => {
    if (!shuttingDown) connection.console.log(message);
  };
  // The snapshots' folder is known only once the client has initialized the server.
  let snapshots = deps.snapshots;
  const workspace = new NotesWorkspace({
    log,
    workerScript: deps.indexWorkerScript,
    workers: deps.indexWorkers,
    fetchGlossary: deps.fetchGlossary,
    snapshots: { read: (key) => snapshots?.read(key), write: (key, snapshot) => snapshots?.write(key, snapshot) },
    onStatus: (status) => {
      if (!shuttingDown) void connection.sendNotification(IndexStatusNotification, toIndexStatus(status));
    },
    onChange: () => diagnostics.schedule(),
  });
  const indexing = new NotesIndexing(connection, workspace, documents, deps.bundledNotesFolder, log);
  const context: FeatureContext = { workspace, documents, languages: () => indexing.settings.languages };
  const diagnostics = new DiagnosticsPublisher(connection, context, deps.bundledNotesFolder);
  let canShowDocument = false;
  let canResolveCodeActions = false;
  let canIgnoreTerms = false;
  let canShowReferences = false;
  /** Whether the client tells of workspace folders added and removed (workspace/didChangeWorkspaceFolders). */
  let clientSendsFolderChanges = false;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const cacheFolder = (params.initializationOptions as { cacheFolder?: unknown } | null | undefined)?.cacheFolder;
    if (!snapshots && deps.openSnapshots && typeof cacheFolder === 'string' && cacheFolder.trim() !== '') {
      // `~` is the home folder, as in notesPaths. A relative folder would land wherever the
      // editor happened to start the server (a folder named `~` in the user's project, once):
      // it is refused, and the index is then kept in memory only.
      const folder = expandHome(cacheFolder.trim());
      if (path.isAbsolute(folder)) snapshots = deps.openSnapshots(folder, log);
      else log(`cacheFolder must be an absolute path (or start with ~/), not ${JSON.stringify(cacheFolder).slice(0, 200)}: the index is not kept between runs.`);
    }
    indexing.initialize(params);
    canShowDocument = !!params.capabilities.window?.showDocument?.support;
    // Cards in plain text for a client that prefers it (eglot without markdown-mode), else Markdown.
    context.hoverFormat = preferredFormat(params.capabilities.textDocument?.hover?.contentFormat);
    context.documentationFormat = preferredFormat(params.capabilities.textDocument?.completion?.completionItem?.documentationFormat);
    canResolveCodeActions = !!params.capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit');
    canIgnoreTerms = clientRuns(params.initializationOptions, ClientCommands.ignoreTerm);
    canShowReferences = clientRuns(params.initializationOptions, ClientCommands.showReferences);
    clientSendsFolderChanges = !!params.capabilities.workspace?.workspaceFolders;
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
        completionProvider: { resolveProvider: true, triggerCharacters: [] },
        codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS, resolveProvider: true },
        executeCommandProvider: { commands: [Commands.openReference] },
        // Relative notes paths are looked up under the workspace folders, and a folder may name
        // notes of its own: a folder added or removed changes the notes.
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'architecture-notes', version: '0.1.0' },
    };
  });
  connection.onInitialized(() => {
    if (clientSendsFolderChanges) connection.workspace.onDidChangeWorkspaceFolders((event) => indexing.workspaceFoldersChanged(event));
    return indexing.initialized();
  });
  connection.onDidChangeConfiguration(({ settings }) => indexing.settingsChanged(settings));
  connection.onDidChangeWatchedFiles(({ changes }) => indexing.filesChanged(changes));

  // A large note being typed in is indexed when the writer pauses (pendingEdits.ts); a request
  // about a document first indexes its waiting text, one about the whole workspace all of it.
  const edits = new PendingEdits((uri, text) => workspace.noteOpened(uri, text));
  const about = (uri: string): string => {
    if (edits.waiting) edits.flush(uri);
    return uri;
  };
  const aboutEveryNote = (): void => {
    if (edits.waiting) edits.flush();
  };
  documents.onDidOpen(({ document }) => {
    edits.forget(document.uri);
    workspace.noteOpened(document.uri, document.getText());
  });
  documents.onDidChangeContent(({ document }) => {
    if (workspace.isNoteUri(document.uri)) edits.changed(document.uri, document.getText());
  });
  documents.onDidClose(({ document }) => {
    edits.forget(document.uri);
    workspace.noteClosed(document.uri);
    diagnostics.clear(document.uri);
  });

  // ---- editor features ----------------------------------------------------------------------
  connection.onHover(({ textDocument, position }) => hover(context, about(textDocument.uri), position));
  connection.onDefinition(({ textDocument, position }) => definition(context, about(textDocument.uri), position));
  connection.onReferences(({ textDocument, position, context: { includeDeclaration } }) => references(context, about(textDocument.uri), position, includeDeclaration));
  connection.onDocumentHighlight(async ({ textDocument, position }) => {
    await scanInSlices(context, textDocument.uri);
    return highlights(context, about(textDocument.uri), position);
  });
  connection.onCompletion(({ textDocument, position }) => completion(context, about(textDocument.uri), position));
  connection.onCompletionResolve((item) => resolveCompletion(context, item));
  connection.onWorkspaceSymbol(({ query }) => {
    aboutEveryNote();
    return workspaceSymbols(context, query);
  });
  connection.onDocumentSymbol(({ textDocument }) => documentSymbols(context, about(textDocument.uri)));
  connection.onDocumentLinks(({ textDocument }) => documentLinks(context, about(textDocument.uri)));
  connection.onCodeAction(async ({ textDocument, range, context: actionContext }) => {
    await scanInSlices(context, textDocument.uri);
    return codeActions(context, about(textDocument.uri), range, actionContext, { canResolve: canResolveCodeActions, canIgnoreTerms, canShowReferences });
  });
  connection.onCodeActionResolve((action) => resolveCodeAction(context, action));
  connection.onExecuteCommand(async ({ command, arguments: args }) => {
    if (command !== Commands.openReference) throw new ResponseError(ErrorCodes.InvalidParams, `Unknown command: ${command}`);
    const target = openReferenceTarget(context, args);
    if (!canShowDocument) throw new ResponseError(ErrorCodes.InvalidRequest, `The editor cannot open documents; the URL is ${target.uri}`);
    return (await connection.window.showDocument(target)).success;
  });

  // ---- custom requests (protocol.ts) --------------------------------------------------------
  // By its method, so that a request sent without params (as some clients send one that has
  // nothing to say) is answered with the first level rather than refused.
  connection.onRequest(OutlineRequest.method, (...args: unknown[]) => {
    const token = requestToken(args);
    const params = args.length > 1 ? (args[0] as OutlineParams | null) : undefined;
    aboutEveryNote();
    return outline(context, params, () => token.isCancellationRequested);
  });
  connection.onRequest(SearchRequest, (params) => {
    aboutEveryNote();
    return search(context, params);
  });
  connection.onRequest(DocumentTermsRequest, async (params) => {
    aboutEveryNote();
    if (params && typeof params.uri === 'string') await scanInSlices(context, params.uri);
    return documentTerms(context, params);
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

  connection.onRequest(StartupTimesRequest, () => indexing.startup);

  connection.onShutdown(() => {
    edits.flush();
    edits.stop();
    workspace.writeSnapshot();
    shuttingDown = true;
    diagnostics.stop();
    indexing.stop();
  });

  documents.listen(connection);
  indexing.startup.listening = Date.now();
  connection.listen();
}

/**
 * Whether the client runs a client command: it lists it under CLIENT_COMMANDS_OPTION in its
 * initializationOptions. An editor that does not would be offered actions that do nothing.
 */
function clientRuns(initializationOptions: unknown, command: string): boolean {
  const listed = (initializationOptions as Record<string, unknown> | null | undefined)?.[CLIENT_COMMANDS_OPTION];
  return Array.isArray(listed) && listed.includes(command);
}

const toIndexStatus = (status: ReturnType<NotesWorkspace['status']>): IndexStatus => ({ ...status, skipped: status.skipped.map((s) => ({ ...s })) });

/**
 * The cancellation token of a request without parameters. The library passes it as the only
 * argument when the message has no params, but after them when a client sends `params: null`
 * or `{}`: it is the last argument either way.
 */
function requestToken(args: unknown[]): CancellationToken {
  const last = args[args.length - 1];
  return CancellationToken.is(last) ? last : CancellationToken.None;
}
