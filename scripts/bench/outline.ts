// The Patterns outline at scale: the built server (dist/server.js) indexes the bench's
// generated corpus (corpus.ts), then answers the outline's first level and a few expansions
// (a folder, a note, its PATTERNS area, a topic); each is timed on the client's side of
// JSON-RPC and weighed as JSON. BENCH_SERVER_ROOT names another checkout's build, for a before.
//
//   npm run -s build && tsc -p scripts/bench && node out/bench/scripts/bench/outline.js [notes]

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { benchResultsFolder, ensureCorpus, repoRoot } from './corpus';

interface Row {
  id?: string;
  kind: string;
  label: string;
  hasChildren?: boolean;
  children?: Row[];
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 20_000);
  const corpus = ensureCorpus(count);
  // The index snapshot is kept between runs: a second run starts warm (the outline reads the notes from disk either way).
  const cacheFolder = path.join(benchResultsFolder(), `outline-cache-${count}`);
  const root = process.env.BENCH_SERVER_ROOT ? path.resolve(process.env.BENCH_SERVER_ROOT) : repoRoot();
  const child = spawn(process.execPath, [path.join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const ready = new Promise<void>((resolve) => connection.onNotification('architectureNotes/indexStatus', (status: { state: string; notes: number }) => {
    if (status.state === 'ready' && status.notes >= count) resolve();
  }));
  connection.listen();
  const started = performance.now();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { notesPaths: [corpus.folder], includeBundledNotes: false, cacheFolder } });
  await connection.sendNotification('initialized', {});
  await ready;
  console.log(`${count} notes (${(corpus.bytes / 1e6).toFixed(0)} MB) ready in ${((performance.now() - started) / 1000).toFixed(1)} s; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const ask = async (what: string, params: { parent?: string }): Promise<Row[]> => {
    const at = performance.now();
    const rows = await connection.sendRequest<Row[]>('architectureNotes/outline', params);
    const ms = performance.now() - at;
    const bytes = Buffer.byteLength(JSON.stringify(rows));
    console.log(`${what.padEnd(34)} ${ms.toFixed(0).padStart(7)} ms ${(bytes / 1024).toFixed(1).padStart(10)} KB ${String(rows.length).padStart(6)} rows`);
    return rows;
  };
  const first = await ask('first level', {});
  await ask('first level, again', {});
  const expand = async (what: string, row: Row | undefined): Promise<Row[]> => {
    if (!row?.id) return [];
    if (row.children) console.log(`${what.padEnd(34)} inline: ${row.children.length} rows`);
    return row.children ?? (row.hasChildren ? ask(what, { parent: row.id }) : []);
  };
  // An edit changes the index: the first level is worked out again (the view asks for it after each pause in typing).
  const edited = corpus.files[0];
  const editedText = `${fs.readFileSync(edited, 'utf8')}\n* _outline bench term_: added by the bench\n`;
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: pathToFileURL(edited).href, languageId: 'markdown', version: 1, text: editedText } });
  await ask('first level, after an edit', {});
  const notes = await expand(`a folder (${first[0]?.label})`, first.find((row) => row.kind === 'folder'));
  await expand('the next page of the folder', notes.find((row) => row.kind === 'more'));
  const areas = await expand('a note', notes.find((row) => row.kind === 'note'));
  const topics = await expand('its first area', areas[0]);
  await expand('a topic', topics.find((row) => row.hasChildren));
  console.log(`load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
  child.kill();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
