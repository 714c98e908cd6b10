// dist/server-main.js (which dist/server.js, entry.ts, loads), one bundle for two jobs: the
// language server (program.ts), and each worker thread of a full index, which the server starts
// from this same file. One copy of the core ships in the .vsix, and a worker never loads the
// LSP libraries: program.ts is required only on the server's thread.

import { isIndexWorker, runDigestWorker } from './core/workspace/indexWorkers';

if (isIndexWorker()) runDigestWorker();
else (require('./program') as typeof import('./program')).runServerProgram(__filename);
