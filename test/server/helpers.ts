// A real client/server pair for protocol-level tests: the server from server.ts and a bare
// JSON-RPC client, joined by two in-process streams. Everything travels as JSON-RPC
// messages, as it does between an editor and `node dist/server.js --stdio`. The client
// answers the requests the server makes (configuration, registrations, progress, showing a
// document) and records them, so tests can assert what the server asked for. Tests wait on
// the server's own "index ready" notification, never on a timer.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import picomatch from 'picomatch';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import {
  ConfigurationRequest, createProtocolConnection, DidChangeConfigurationNotification, DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification, DidOpenTextDocumentNotification, FileChangeType, InitializedNotification, InitializeRequest, LogMessageNotification, ShowMessageNotification,
  PublishDiagnosticsNotification, RegistrationRequest, ShowDocumentRequest, ShutdownRequest, StreamMessageReader, StreamMessageWriter,
  WatchKind, WorkDoneProgressCreateRequest, type ClientCapabilities, type FileEvent, type FileSystemWatcher, type InitializeResult, type Position,
  type ProtocolConnection, type PublishDiagnosticsParams, type Registration,
  type WorkDoneProgressBegin, type WorkDoneProgressEnd, type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol/node';
import { IndexStatusNotification, type IndexStatus } from '../../server/src/protocol';
import { LifecycleReader } from '../../server/src/lifecycle';
import { startServer, type ServerDeps } from '../../server/src/server';

/** The repository root, seen from out/test/server/. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const bundledNotesFolder = path.join(repoRoot, 'notes-data');
export const seedNoteUri = pathToFileURL(path.join(bundledNotesFolder, 'architecture.md')).href;
export const fixturesFolder = path.join(repoRoot, 'test', 'fixtures');

export interface StartOptions {
  /** Whether the client answers workspace/configuration (VS Code does; many editors don't). */
  configuration?: boolean;
  /** What the client answers for the `architectureNotes` section. */
  pulledSettings?: unknown;
  initializationOptions?: unknown;
  /** The initializationOptions, made once the temporary folder is: for options that name paths in it. */
  initializationOptionsIn?: (folder: string) => unknown;
  /** Files to create in the temporary workspace folder before the server starts: relative path → text. */
  files?: Record<string, string>;
  /** The workspace folders the client names, relative to the temporary folder: that folder alone by default. */
  workspaceFolders?: string[];
  watchFiles?: boolean;
  /** Whether the client takes watchers relative to a folder (VS Code does): else absolute globs. */
  relativePatterns?: boolean;
  showDocument?: boolean;
  workDoneProgress?: boolean;
  /** Whether the client can fill in a code action's edit later (codeAction/resolve), as VS Code can. */
  resolveCodeActions?: boolean;
  /** The formats the client names for hovers and completion documentation, in its order of preference (Markdown first by default, as VS Code and Neovim). */
  hoverFormats?: ('markdown' | 'plaintext')[];
  /** What the server is started with besides the bundled notes (a fetcher of imported glossaries). */
  serverDeps?: ServerDeps;
}

/** A request the server made of the client. */
export interface ServerRequest {
  method: string;
  params: unknown;
}

export interface TestClient {
  connection: ProtocolConnection;
  /** The temporary workspace folder, removed on dispose. */
  folder: string;
  initializeResult: InitializeResult;
  requests: ServerRequest[];
  logs: string[];
  /** What the server asked the editor to show the user (window/showMessage). */
  messages: string[];
  /** Work-done progress the server reported, in order. */
  progress: { token: string | number; value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd }[];
  statuses: IndexStatus[];
  /** The latest diagnostics published for each uri. */
  diagnostics: Map<string, PublishDiagnosticsParams>;
  /** What the next workspace/configuration request is answered with. */
  pulledSettings: unknown;
  /** The file URI of a path inside the workspace folder. */
  uri(relative: string): string;
  /** Writes a file inside the workspace folder and returns its URI. */
  write(relative: string, text: string): string;
  open(uri: string, text: string, languageId?: string): Promise<void>;
  /** Replaces the whole text of an open document (a full-text change). */
  change(uri: string, text: string): Promise<void>;
  /** Resolves when a full index run that starts after this call has finished. */
  nextFullIndex(): Promise<IndexStatus>;
  /** Resolves with the first status notification after this call that satisfies `test`. */
  nextStatus(test: (status: IndexStatus) => boolean): Promise<IndexStatus>;
  /** Resolves with diagnostics for `uri` that satisfy `test` (already published, or the next ones that do). */
  diagnosticsFor(uri: string, test: (params: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
  dispose(): Promise<void>;
}

type Waiter<T> = { test: (value: T) => boolean; resolve: (value: T) => void };

/** Starts a server over an in-process JSON-RPC pair, initializes it and waits until its first index is ready. */
export async function startClient(options: StartOptions = {}): Promise<TestClient> {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'arch-notes-server-')));
  for (const [relative, text] of Object.entries(options.files ?? {})) writeFile(folder, relative, text);

  const { connection, dispose: disconnect } = connectServer(options.serverDeps);

  const requests: ServerRequest[] = [];
  const logs: string[] = [];
  const messages: string[] = [];
  const progress: TestClient['progress'] = [];
  const statuses: IndexStatus[] = [];
  const diagnostics = new Map<string, PublishDiagnosticsParams>();
  const statusWaiters: Waiter<IndexStatus>[] = [];
  const diagnosticWaiters: Waiter<PublishDiagnosticsParams>[] = [];
  const versions = new Map<string, number>();

  const client: TestClient = {
    connection,
    folder,
    initializeResult: undefined as unknown as InitializeResult,
    requests,
    logs,
    messages,
    progress,
    statuses,
    diagnostics,
    pulledSettings: options.pulledSettings,
    uri: (relative) => pathToFileURL(path.join(folder, relative)).href,
    write(relative, text) {
      writeFile(folder, relative, text);
      return client.uri(relative);
    },
    async open(uri, text, languageId = 'markdown') {
      versions.set(uri, 1);
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    },
    async change(uri, text) {
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    nextFullIndex() {
      let started = false;
      return client.nextStatus((status) => {
        if (status.state === 'indexing') started = true;
        return started && status.state === 'ready';
      });
    },
    nextStatus(test) {
      return new Promise((resolve) => statusWaiters.push({ test, resolve }));
    },
    diagnosticsFor(uri, test) {
      const published = diagnostics.get(uri);
      if (published && test(published)) return Promise.resolve(published);
      return new Promise((resolve) => diagnosticWaiters.push({ test: (p) => p.uri === uri && test(p), resolve }));
    },
    async dispose() {
      // As an editor does: ask the server to shut down before the connection goes away.
      await connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
      disconnect();
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };

  const record = (method: string, params: unknown) => {
    requests.push({ method, params });
  };
  connection.onRequest(ConfigurationRequest.type, (params) => {
    record(ConfigurationRequest.method, params);
    return params.items.map((item) => (item.section === 'architectureNotes' ? client.pulledSettings ?? null : null));
  });
  connection.onRequest(RegistrationRequest.type, (params) => record(RegistrationRequest.method, params));
  connection.onRequest(WorkDoneProgressCreateRequest.type, (params) => record(WorkDoneProgressCreateRequest.method, params));
  connection.onRequest(ShowDocumentRequest.type, (params) => {
    record(ShowDocumentRequest.method, params);
    return { success: true };
  });
  connection.onNotification(LogMessageNotification.type, ({ message }) => {
    logs.push(message);
  });
  connection.onNotification(ShowMessageNotification.type, ({ message }) => {
    messages.push(message);
  });
  connection.onNotification(IndexStatusNotification, (status) => {
    statuses.push(status);
    settle(statusWaiters, status);
  });
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    diagnostics.set(params.uri, params);
    settle(diagnosticWaiters, params);
  });
  // Replaces the library's own progress dispatch: this client only records what it is told.
  connection.onNotification('$/progress', (params: TestClient['progress'][number]) => {
    progress.push(params);
  });
  connection.listen();

  const capabilities: ClientCapabilities = {
    workspace: {
      configuration: options.configuration ?? true,
      didChangeConfiguration: { dynamicRegistration: true },
      didChangeWatchedFiles: { dynamicRegistration: options.watchFiles ?? true, relativePatternSupport: options.relativePatterns ?? false },
      workspaceFolders: true,
    },
    window: { showDocument: { support: options.showDocument ?? true }, workDoneProgress: options.workDoneProgress ?? true },
    textDocument: {
      hover: { contentFormat: options.hoverFormats ?? ['markdown', 'plaintext'] },
      completion: { completionItem: { documentationFormat: options.hoverFormats ?? ['markdown', 'plaintext'] } },
      codeAction: options.resolveCodeActions ?? true ? { resolveSupport: { properties: ['edit'] } } : {},
    },
  };
  const firstIndex = client.nextFullIndex();
  client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
    processId: null,
    rootUri: null,
    capabilities,
    initializationOptions: options.initializationOptionsIn ? options.initializationOptionsIn(folder) : options.initializationOptions,
    workspaceFolders: (options.workspaceFolders ?? ['.']).map((relative) => ({ uri: pathToFileURL(path.join(folder, relative)).href, name: relative })),
  });
  await connection.sendNotification(InitializedNotification.type, {});
  await firstIndex;
  return client;
}

/**
 * A server on an in-process JSON-RPC pair, connected as `node dist/server.js` connects it, and
 * a bare client connection to it: not listening yet, and the server not initialized.
 * `dropped` hears of the messages the server drops (the real server writes them to stderr).
 */
export function connectServer(deps: ServerDeps = {}, dropped?: (method: string, error: unknown) => void): { connection: ProtocolConnection; dispose(): void } {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  // Reader and writer objects rather than raw streams: given streams, the library ends the
  // process when the input closes, which would end the test run with it.
  const writer = new StreamMessageWriter(toClient);
  const serverConnection = createConnection(ProposedFeatures.all, new LifecycleReader(new StreamMessageReader(toServer), writer, dropped), writer);
  startServer(serverConnection, { bundledNotesFolder, ...deps });
  const connection = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  return {
    connection,
    dispose() {
      connection.dispose();
      serverConnection.dispose();
      toServer.end();
      toClient.end();
    },
  };
}

/** Tells the server its settings changed, and waits for the full index that follows. */
export async function changeSettings(client: TestClient, pulledSettings: unknown, pushed: unknown = null): Promise<IndexStatus> {
  client.pulledSettings = pulledSettings;
  const indexed = client.nextFullIndex();
  await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: pushed });
  return indexed;
}

/** The file watchers the server has registered last (it drops the earlier ones when it registers again). */
export function registeredWatchers(client: TestClient): FileSystemWatcher[] {
  const registrations = client.requests.filter((r) => r.method === RegistrationRequest.method)
    .flatMap((r) => (r.params as { registrations: Registration[] }).registrations)
    .filter((r) => r.method === DidChangeWatchedFilesNotification.method);
  return (registrations.at(-1)?.registerOptions as { watchers: FileSystemWatcher[] } | undefined)?.watchers ?? [];
}

/**
 * Tells the server of changes on disk as VS Code does: a change reaches the server only when
 * a watcher it registered takes its kind and its glob matches the path (relative to the
 * watcher's folder when it has one). A folder moved or deleted is one event on the folder,
 * none on what is in it: VS Code folds them. Resolves with the events sent.
 */
export async function reportAsEditor(client: TestClient, changes: { path: string; type: FileChangeType }[]): Promise<FileEvent[]> {
  const bit = { [FileChangeType.Created]: WatchKind.Create, [FileChangeType.Changed]: WatchKind.Change, [FileChangeType.Deleted]: WatchKind.Delete };
  const watchers = registeredWatchers(client);
  const seen = (file: string, type: FileChangeType) => watchers.some((watcher) => {
    if (((watcher.kind ?? WatchKind.Create | WatchKind.Change | WatchKind.Delete) & bit[type]) === 0) return false;
    const glob = watcher.globPattern;
    if (typeof glob === 'string') return picomatch(glob, { dot: true })(file);
    const base = fileURLToPath(typeof glob.baseUri === 'string' ? glob.baseUri : glob.baseUri.uri);
    const relative = path.relative(base, file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) && picomatch(glob.pattern, { dot: true })(relative);
  });
  const events = changes.filter((change) => seen(change.path, change.type)).map((change) => ({ uri: pathToFileURL(change.path).href, type: change.type }));
  if (events.length > 0) await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: events });
  return events;
}

/** Asks `check` every 20 ms until it holds; fails after 10 s, naming `what`. */
export async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let waited = 0; waited < 500; waited++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`not seen within 10 s: ${what}`);
}

function settle<T>(waiters: Waiter<T>[], value: T): void {
  for (const waiter of [...waiters]) {
    if (!waiter.test(value)) continue;
    waiters.splice(waiters.indexOf(waiter), 1);
    waiter.resolve(value);
  }
}

function writeFile(folder: string, relative: string, text: string): void {
  const file = path.join(folder, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/**
 * Where a snippet stands in a text: its start and end, and a position inside it (after
 * `inside` characters, one by default), for placing the cursor on a word the way a user would.
 */
export function locate(text: string, snippet: string, occurrence = 0, inside = 1): { start: Position; end: Position; at: Position } {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = text.indexOf(snippet, offset + 1);
    if (offset === -1) throw new Error(`"${snippet}" occurs fewer than ${occurrence + 1} times`);
  }
  return { start: positionAt(text, offset), end: positionAt(text, offset + snippet.length), at: positionAt(text, offset + inside) };
}

export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export function readFixture(name: string): string {
  return fs.readFileSync(path.join(fixturesFolder, name), 'utf8');
}

/** The text a range covers. */
export function textAt(text: string, range: { start: Position; end: Position }): string {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

export function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset + position.character;
}

/** Markdown from the server read as plain text: backslash escapes removed. */
export function unescapeMarkdown(markdown: string): string {
  return markdown.replace(/\\([\\`*_{}[\]()#+\-.!|~:])/g, '$1');
}
