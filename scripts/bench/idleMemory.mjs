// The server's memory once idle, after a cold index and after a warm start from the snapshot
// that index wrote: what a user's server holds between requests, on the first start and on
// every start after it.
//
//   node scripts/bench/idleMemory.mjs <notes folder> [root…]
//   node scripts/bench/idleMemory.mjs bench-results/corpus-20000 /path/to/before .
//
// Each root is a checkout with a built dist/ (default: this one). For each, a server is started
// with `node --expose-gc dist/server.js --stdio` on a fresh snapshot folder and indexes the
// notes; once the snapshot is written, the server's memory request
// (architectureNotes/debug/memory: caches dropped, a full collection) is asked 5, 15 and 30 s
// later (IDLE_AT=5,15,30,60 chooses other times). Then a second server starts from that
// snapshot, and is asked the same. The figures printed are MB, and the RSS against the notes'
// bytes.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

const [notesArg, ...rootArgs] = process.argv.slice(2);
if (!notesArg) {
  process.stderr.write('usage: node scripts/bench/idleMemory.mjs <notes folder> [root…]\n');
  process.exit(1);
}
const notes = path.resolve(notesArg);
const roots = (rootArgs.length ? rootArgs : [path.join(here, '..', '..')]).map((root) => path.resolve(root));
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'notes-idle-memory-'));
const MB = 1024 * 1024;
// When the memory is asked, in seconds after the snapshot is on disk: IDLE_AT=5,15,30,60.
const IDLE_AT = (process.env.IDLE_AT ?? '5,15,30').split(',').map(Number).filter((n) => n >= 0).sort((a, b) => a - b);

/** The bytes of the notes the server reads (Markdown and glossaries). */
function notesBytes(folder) {
  let total = 0;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) total += notesBytes(full);
    else if (/\.(md|markdown|ya?ml)$/i.test(entry.name)) total += fs.statSync(full).size;
  }
  return total;
}

/** Bytes of the snapshots in a folder (temporaries of a write under way left out). */
function snapshotBytes(folder) {
  try {
    return fs.readdirSync(folder).filter((name) => !name.endsWith('.tmp')).reduce((sum, name) => sum + fs.statSync(path.join(folder, name)).size, 0);
  } catch {
    return 0;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a server on the notes and the snapshot folder; resolves once its index is ready, with the time it took. */
async function idleServer(root, cacheFolder, label, corpusBytes) {
  const started = performance.now();
  const child = spawn(process.execPath, ['--expose-gc', path.join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  let readyMs;
  connection.onNotification('architectureNotes/indexStatus', (status) => {
    if (status.state === 'ready' && status.notes > 0 && readyMs === undefined) readyMs = performance.now() - started;
  });
  connection.onRequest(() => null);
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { notesPaths: [notes], includeBundledNotes: false, cacheFolder } });
  await connection.sendNotification('initialized', {});
  while (readyMs === undefined) await sleep(50);
  // A cold index writes its snapshot after a quiet period; a warm start has one already.
  for (let waited = 0; waited < 120 && snapshotBytes(cacheFolder) === 0; waited++) await sleep(1000);
  const rows = [];
  let at = 0;
  for (const after of IDLE_AT) {
    await sleep((after - at) * 1000);
    at = after;
    const m = await connection.sendRequest('architectureNotes/debug/memory');
    rows.push(`${label}: ${root}: +${after} s: RSS ${(m.rss / MB).toFixed(1)} MB = ${(m.rss / corpusBytes).toFixed(2)} × the notes; heap used ${(m.heapUsed / MB).toFixed(1)}, array buffers ${(m.arrayBuffers / MB).toFixed(1)} MB${m.collected ? '' : ' (not collected)'}; index ready after ${Math.round(readyMs)} ms`);
    process.stderr.write(rows.at(-1) + '\n');
  }
  try {
    await Promise.race([connection.sendRequest('shutdown'), sleep(5000)]);
    await connection.sendNotification('exit');
  } catch {
    // gone already
  }
  await Promise.race([new Promise((resolve) => child.once('exit', resolve)), sleep(10_000)]);
  child.kill();
  connection.dispose();
  return rows;
}

const corpusBytes = notesBytes(notes);
const lines = [`notes: ${notes}, ${(corpusBytes / MB).toFixed(1)} MB`];
try {
  for (const [i, root] of roots.entries()) {
    const cacheFolder = path.join(scratch, `snapshots-${i}`);
    lines.push(...(await idleServer(root, cacheFolder, 'cold index', corpusBytes)));
    lines.push(`snapshot: ${(snapshotBytes(cacheFolder) / MB).toFixed(1)} MB`);
    lines.push(...(await idleServer(root, cacheFolder, 'warm start', corpusBytes)));
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
process.stdout.write(lines.join('\n') + '\n');
