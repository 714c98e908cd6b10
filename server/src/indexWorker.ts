// A worker thread of a full index: reads and parses the notes it is given and sends back
// their digests (see core/workspace/indexWorkers.ts). Built to dist/indexWorker.js, next to the server.

import { runDigestWorker } from './core/workspace/indexWorkers';

runDigestWorker();
