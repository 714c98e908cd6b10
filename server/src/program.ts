// The language server as a program: `node dist/server.js --stdio` for any editor, or
// `--node-ipc` as the VS Code client starts it (main.ts decides that this thread is the server).

import { format } from 'node:util';
import {
  createConnection, ErrorCodes, createServerPipeTransport, createServerSocketTransport, IPCMessageReader, IPCMessageWriter, ProposedFeatures,
  StreamMessageReader, StreamMessageWriter, type MessageReader, type MessageWriter, type ResponseMessage,
} from 'vscode-languageserver/node';
import { SnapshotFolder } from './core/workspace/snapshot';
import { bundledNotesFolder } from './core/workspace/load';
import { watchFraming } from './framing';
import { LifecycleReader } from './lifecycle';
import { startServer } from './server';

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket=', '--pipe=', '--clientProcessId'];

/** Serves LSP over the transport named on the command line; `indexWorkerScript` runs a full index's worker threads. */
export function runServerProgram(indexWorkerScript: string): void {
  if (process.argv.includes('--help') || !process.argv.slice(2).some((arg) => TRANSPORTS.some((t) => arg.startsWith(t)))) {
    process.stderr.write('Architecture Notes language server\n\nUsage: node server.js --stdio | --node-ipc | --socket=<port> | --pipe=<name>\n\n' +
      'Settings come as initializationOptions: notesPaths, includeBundledNotes, languages, ignoreTerms, maxFileSizeMB;\n' +
      'cacheFolder names a folder where the index is kept between runs.\n' +
      '--code-cache=<folder> keeps the compiled code of the server there for faster starts (a folder only you can write to).\n');
    process.exit(process.argv.includes('--help') ? 0 : 2);
  }

  // A bug in one request must not take the editor's notes away: log it and keep serving.
  process.on('uncaughtException', (error) => process.stderr.write(`architecture-notes: ${error.stack ?? error}\n`));
  process.on('unhandledRejection', (error) => process.stderr.write(`architecture-notes: ${error instanceof Error ? error.stack : String(error)}\n`));

  const args = process.argv.slice(2);
  const [reader, writer] = transport(args);
  const lifecycle = new LifecycleReader(reader, writer, (method, error) =>
    process.stderr.write(`architecture-notes: ignored a ${method} message that could not be handled (${error instanceof Error ? error.message : String(error)}).\n`));
  const connection = createConnection(ProposedFeatures.all, lifecycle, writer);
  // The client is gone: so is the server's reason to run. The exit code says whether it was asked to shut down first.
  reader.onClose(() => process.exit(lifecycle.shutdownReceived ? 0 : 1));
  watchFraming(reader, {
    lost(reason) {
      process.stderr.write(`architecture-notes: ${reason}. Exiting so that the editor can start the server again.\n`);
      process.exit(1);
    },
    skipped(reason) {
      process.stderr.write(`architecture-notes: ${reason}.\n`);
      // JSON-RPC answers a body it cannot parse with a Parse error whose id is null: the client
      // learns that its message was lost, rather than waiting for an answer that never comes.
      void writer.write({ jsonrpc: '2.0', id: null, error: { code: ErrorCodes.ParseError, message: `The message could not be parsed: ${reason}.` } } as ResponseMessage).catch(() => undefined);
    },
  });
  if (args.includes('--stdio')) {
    // stdout carries the protocol: whatever a library prints goes to the client's log instead.
    for (const name of ['log', 'info', 'debug'] as const) console[name] = (...values: unknown[]) => connection.console.log(format(...values));
  }

  startServer(connection, {
    bundledNotesFolder: bundledNotesFolder(__dirname),
    openSnapshots: (folder, log) => new SnapshotFolder(folder, { log }),
    // This very bundle: started as a worker thread, it reads and parses notes for a full index (main.ts).
    indexWorkerScript,
    indexWorkers: workersFromEnvironment(process.env.ARCHITECTURE_NOTES_INDEX_WORKERS),
  });
}

/** ARCHITECTURE_NOTES_INDEX_WORKERS: how many worker threads a full index uses (0: none); unset or invalid: as many as suit the machine. */
function workersFromEnvironment(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,2}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/**
 * The reader and writer of the transport named on the command line. Built here rather than by
 * the library so that the lifecycle stands between the reader and the connection.
 */
function transport(args: string[]): [MessageReader, MessageWriter] {
  if (args.includes('--node-ipc')) return [new IPCMessageReader(process), new IPCMessageWriter(process)];
  const port = option(args, '--socket');
  if (port !== undefined) return createServerSocketTransport(Number(port));
  const pipe = option(args, '--pipe');
  if (pipe !== undefined) return createServerPipeTransport(pipe);
  return [new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout)];
}

/** The value of `--name=value` or `--name value`. */
function option(args: string[], name: string): string | undefined {
  const joined = args.find((arg) => arg.startsWith(`${name}=`));
  if (joined) return joined.slice(name.length + 1);
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}
