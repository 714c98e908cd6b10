// The built language server as an editor runs it: `node dist/server.js --stdio` in a child
// process, spoken to over JSON-RPC on its stdin and stdout. The client answers what the
// server asks of an editor (configuration, registrations, progress), keeps what the server
// wrote on stderr, and notices when the process dies. Waits are on the server's own
// messages, never on a timer.

import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest, createProtocolConnection, InitializedNotification, InitializeRequest, PublishDiagnosticsNotification,
  RegistrationRequest, ShutdownRequest, ExitNotification, StreamMessageReader, StreamMessageWriter, UnregistrationRequest,
  WorkDoneProgressCreateRequest, LogMessageNotification, MessageType, type ProtocolConnection, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { IndexStatusNotification, IndexStatusRequest, MemoryUsageRequest, type IndexStatus, type MemoryUsage } from '../../server/src/protocol';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const serverBundle = path.join(repoRoot, 'dist', 'server.js');

export interface ServerProcess {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** Everything the process wrote on stderr. */
  stderr(): string;
  /** Log messages of type Error that the server sent. */
  errorLogs: string[];
  /** Why the process ended, if it did before `stop()`. */
  exited(): string | undefined;
  /** The latest diagnostics published for each uri. */
  diagnostics: Map<string, PublishDiagnosticsParams>;
  /** Answers once the server has handled every message sent before it. */
  status(): Promise<IndexStatus>;
  memory(): Promise<MemoryUsage>;
  stop(): Promise<void>;
}

export interface StartOptions {
  settings: { notesPaths: string[]; includeBundledNotes: boolean };
  workspaceFolder: string;
}

/** Starts the server, initializes it and resolves once its first full index is ready. */
export async function startServerProcess(options: StartOptions): Promise<ServerProcess> {
  // --expose-gc lets the memory request collect garbage first, so figures compare live data.
  const child = spawn(process.execPath, ['--expose-gc', serverBundle, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => (stderr += chunk));
  let exitReason: string | undefined;
  let stopping = false;
  child.on('exit', (code, signal) => {
    if (!stopping) exitReason = `the server exited (code ${code}, signal ${signal})`;
  });

  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const errorLogs: string[] = [];
  const diagnostics = new Map<string, PublishDiagnosticsParams>();
  let onStatus: ((status: IndexStatus) => void) | undefined;

  // What VS Code answers: the settings section, and success for registrations and progress.
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => (item.section === 'architectureNotes' ? options.settings : null)));
  connection.onRequest(RegistrationRequest.type, () => undefined);
  connection.onRequest(UnregistrationRequest.type, () => undefined);
  connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  connection.onNotification('$/progress', () => undefined);
  connection.onNotification(LogMessageNotification.type, ({ type, message }) => {
    if (type === MessageType.Error) errorLogs.push(message);
  });
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    diagnostics.set(params.uri, params);
  });
  connection.onNotification(IndexStatusNotification, (status) => onStatus?.(status));
  connection.listen();

  let sawIndexing = false;
  const firstIndex = new Promise<void>((resolve, reject) => {
    onStatus = (status) => {
      if (status.state === 'indexing') sawIndexing = true;
      else if (sawIndexing) resolve();
    };
    child.on('exit', () => reject(new Error(`the server exited before its first index was ready:\n${stderr}`)));
  });

  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: {
        configuration: true,
        didChangeConfiguration: { dynamicRegistration: true },
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceFolders: true,
      },
      window: { workDoneProgress: true },
      textDocument: {
        synchronization: { didSave: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        codeAction: { resolveSupport: { properties: ['edit'] } },
      },
    },
    initializationOptions: options.settings,
    workspaceFolders: [{ uri: pathToFileURL(options.workspaceFolder).href, name: 'workspace' }],
  });
  await connection.sendNotification(InitializedNotification.type, {});
  await firstIndex;
  onStatus = undefined;

  return {
    connection,
    process: child,
    stderr: () => stderr,
    errorLogs,
    exited: () => exitReason,
    diagnostics,
    status: () => connection.sendRequest(IndexStatusRequest),
    memory: () => connection.sendRequest(MemoryUsageRequest),
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
      await connection.sendNotification(ExitNotification.type).catch(() => undefined);
      connection.dispose();
      // A server that ignores `exit` must not keep the test run alive.
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}
