// The language server as a program: `node dist/server.js --stdio` for any editor, or
// `--node-ipc` as the VS Code client starts it.

import * as path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { SnapshotFolder } from './core/workspace/snapshot';
import { bundledNotesFolder } from './core/workspace/load';
import { startServer } from './server';

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket=', '--pipe=', '--clientProcessId'];

if (process.argv.includes('--help') || !process.argv.slice(2).some((arg) => TRANSPORTS.some((t) => arg.startsWith(t)))) {
  process.stderr.write('Architecture Notes language server\n\nUsage: node server.js --stdio | --node-ipc | --socket=<port> | --pipe=<name>\n\n' +
    'Settings come as initializationOptions: notesPaths, includeBundledNotes, languages, ignoreTerms, maxFileSize;\n' +
    'cacheFolder names a folder where the index is kept between runs.\n');
  process.exit(process.argv.includes('--help') ? 0 : 2);
}

// A bug in one request must not take the editor's notes away: log it and keep serving.
process.on('uncaughtException', (error) => process.stderr.write(`architecture-notes: ${error.stack ?? error}\n`));
process.on('unhandledRejection', (error) => process.stderr.write(`architecture-notes: ${error instanceof Error ? error.stack : String(error)}\n`));

startServer(createConnection(ProposedFeatures.all), {
  bundledNotesFolder: bundledNotesFolder(__dirname),
  openSnapshots: (folder, log) => new SnapshotFolder(folder, { log }),
  // Built next to this bundle (esbuild.mjs); a full index reads and parses notes in its workers.
  indexWorkerScript: path.join(__dirname, 'indexWorker.js'),
  indexWorkers: workersFromEnvironment(process.env.ARCHITECTURE_NOTES_INDEX_WORKERS),
});

/** ARCHITECTURE_NOTES_INDEX_WORKERS: how many worker threads a full index uses (0: none); unset or invalid: as many as suit the machine. */
function workersFromEnvironment(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,2}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
