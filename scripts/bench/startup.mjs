// The server's start, alone: how long `require('dist/server.js')` takes (node's own start
// excluded), and the first hover with the bundled notes as `npm run bench` measures it (from
// spawning `node dist/server.js --stdio` to the first hover answered on "monolith"), with the
// server's own times of its steps (architectureNotes/debug/startup).
//
//   node scripts/bench/startup.mjs [rounds] [root…]
//   STARTUP_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof' node scripts/bench/startup.mjs 1
//   STARTUP_CODE_CACHE=1 node scripts/bench/startup.mjs 10 /path/to/before .
//
// STARTUP_CODE_CACHE=1 starts each server as VS Code's client does, with a folder for its code
// cache (`--code-cache=`, server/src/entry.ts), after one start that runs long enough to write
// it, untimed: the starts timed are those of an editor opened again. A server that does not
// know the option ignores it.
//
// Each root is a checkout with a built dist/ (default: this one). With two roots the runs
// alternate, one of each per round, so that both see the same load; medians are printed.

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

const args = process.argv.slice(2);
const rounds = /^\d+$/.test(args[0] ?? '') ? Number(args.shift()) : 7;
const roots = (args.length ? args : [path.join(here, '..', '..')]).map((root) => path.resolve(root));

// STARTUP_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof': flags for the server's node, e.g. to profile its start.
const nodeFlags = (process.env.STARTUP_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const withCodeCache = process.env.STARTUP_CODE_CACHE === '1';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'notes-startup-'));
const docText = 'We split the monolith into services.\n';
const docFile = path.join(scratch, 'first.md');
fs.writeFileSync(docFile, docText);
const docUri = pathToFileURL(docFile).toString();

/** ms from the start of a script to the end of `require(server)`, in a fresh node (the server exits on its usage message). */
function loadMs(server, serverArgs) {
  const script = `const t = performance.now(); process.on('exit', () => process.stdout.write(String(performance.now() - t))); require(${JSON.stringify(server)});`;
  const result = spawnSync(process.execPath, ['-e', script, '--', ...serverArgs], { encoding: 'utf8' });
  return Number(result.stdout);
}

/** ms from spawning the server to the first hover on "monolith" answered with a card; the server's steps from its process start. */
async function firstHover(server, serverArgs, stayMs = 0) {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeFlags, server, '--stdio', ...serverArgs], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.on('data', () => undefined);
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { includeBundledNotes: true, notesPaths: [] } });
  const initializeMs = performance.now() - started;
  await connection.sendNotification('initialized', {});
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: docUri, languageId: 'markdown', version: 1, text: docText } });
  let hoverMs = NaN;
  for (const deadline = performance.now() + 60_000; performance.now() < deadline; ) {
    const answer = await connection.sendRequest('textDocument/hover', { textDocument: { uri: docUri }, position: { line: 0, character: 16 } });
    if (answer?.contents?.value) {
      hoverMs = performance.now() - started;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const steps = await connection.sendRequest('architectureNotes/debug/startup');
  if (stayMs > 0) await new Promise((resolve) => setTimeout(resolve, stayMs));
  await Promise.race([connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
  await connection.sendNotification('exit');
  connection.dispose();
  await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.on('exit', resolve)));
  return { initializeMs, hoverMs, serverInitializeMs: steps.initialize - steps.processStarted };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const runs = new Map(roots.map((root) => [root, { load: [], initialize: [], serverInitialize: [], hover: [] }]));
const serverArgsOf = new Map(roots.map((root, i) => [root, withCodeCache ? [`--code-cache=${path.join(scratch, `code-cache-${i}`)}`] : []]));
console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${rounds} rounds${withCodeCache ? ', each server with a code cache folder' : ''}`);
// A first start that stays up long enough for the server to write its code cache (untimed).
if (withCodeCache) for (const root of roots) await firstHover(path.join(root, 'dist', 'server.js'), serverArgsOf.get(root), 5000);
for (let round = 0; round < rounds; round++) {
  for (const root of roots) {
    const server = path.join(root, 'dist', 'server.js');
    const run = runs.get(root);
    run.load.push(loadMs(server, serverArgsOf.get(root)));
    const hover = await firstHover(server, serverArgsOf.get(root));
    run.initialize.push(hover.initializeMs);
    run.serverInitialize.push(hover.serverInitializeMs);
    run.hover.push(hover.hoverMs);
  }
}
for (const [root, run] of runs) {
  const size = fs.statSync(path.join(root, 'dist', 'server.js')).size;
  const cache = serverArgsOf.get(root)[0]?.slice('--code-cache='.length);
  const cached = cache && fs.existsSync(cache) ? fs.readdirSync(cache).map((name) => `${name} ${(fs.statSync(path.join(cache, name)).size / 1024).toFixed(0)} KB`).join(', ') : '';
  console.log(`${root} (dist/server.js ${(size / 1024).toFixed(0)} KB${cached ? `; code cache ${cached}` : ''})`);
  console.log(`  require(dist/server.js)          median ${median(run.load).toFixed(0)} ms  [${run.load.map((v) => v.toFixed(0)).join(' ')}]`);
  console.log(`  initialize answered (from spawn) median ${median(run.initialize).toFixed(0)} ms  (process start → initialize received ${median(run.serverInitialize).toFixed(0)} ms)`);
  console.log(`  first hover, bundled notes       median ${median(run.hover).toFixed(0)} ms  [${run.hover.map((v) => v.toFixed(0)).join(' ')}]`);
}
console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
fs.rmSync(scratch, { recursive: true, force: true });
