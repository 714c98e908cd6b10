import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, createProtocolConnection, LSPErrorCodes, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { OutlineRequest } from '../../server/src/protocol';

const root = path.join(__dirname, '..', '..', '..');

describe('server bundle: a full index in worker threads', () => {
  let notesFolder: string;

  beforeEach(() => {
    notesFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'an-workers-'));
    // Enough notes for the server to start its workers.
    for (let i = 0; i < 92; i++) {
      fs.writeFileSync(path.join(notesFolder, `n${i}.md`), `# AREA\n## topic ${i % 7}\n* _term ${i % 13}_: about the circuit breaker ${i} https://example.com/${i}\n* _circuit breaker_: seen from note ${i}\n`);
    }
  });

  afterEach(() => fs.rmSync(notesFolder, { recursive: true, force: true }));

  /** Starts `node dist/server.js --stdio` on the notes, with two workers; the hover on "circuit breaker", the log, and a stop. */
  async function session(initializationOptions: Record<string, unknown>): Promise<{ hover: string; logs: string[] }> {
    // Two workers, whatever the machine's processors.
    const child = spawn(process.execPath, [path.join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ARCHITECTURE_NOTES_INDEX_WORKERS: '2' } });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const logs: string[] = [];
    connection.onNotification('window/logMessage', (message: { message: string }) => {
      logs.push(message.message);
    });
    const ready = new Promise<number>((resolve) => connection.onNotification('architectureNotes/indexStatus', (status: { state: string; notes: number }) => {
      if (status.state === 'ready' && status.notes > 0) resolve(status.notes);
    }));
    connection.listen();
    try {
      await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { notesPaths: [notesFolder], includeBundledNotes: false, ...initializationOptions } });
      await connection.sendNotification('initialized', {});
      assert.equal(await ready, 92);
      const uri = pathToFileURL(path.join(notesFolder, 'design.txt')).href;
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: 'We add a circuit breaker.\n' } });
      const hover = (await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 12 } })) as { contents: { value: string } } | null;
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      return { hover: hover?.contents.value ?? '', logs };
    } finally {
      connection.dispose();
      child.kill();
    }
  }

  it('node dist/server.js indexes many notes in worker threads started from its own bundle, and answers from them', async function () {
    this.timeout(30000);
    const { hover, logs } = await session({});
    assert.match(hover, /seen from note/);
    assert.ok(logs.includes('Reading and parsing 92 notes in 2 worker threads.'), logs.join('\n'));
    assert.ok(!logs.some((m) => m.includes('worker threads failed')), logs.join('\n'));
  });

  it('writes its index to cacheFolder when it shuts down, and the next start takes it up', async function () {
    this.timeout(30000);
    const cacheFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'an-workers-cache-'));
    try {
      const first = await session({ cacheFolder });
      assert.ok(fs.readdirSync(cacheFolder).some((name) => name.startsWith('index-')), 'a snapshot is written at shutdown');
      const second = await session({ cacheFolder });
      assert.ok(second.logs.includes('Index snapshot: 92 of 92 notes taken up unchanged.'), second.logs.join('\n'));
      assert.ok(!second.logs.some((m) => m.startsWith('Reading and parsing')), 'no note is read again');
      assert.equal(second.hover, first.hover);
    } finally {
      fs.rmSync(cacheFolder, { recursive: true, force: true });
    }
  });

  it('reads the notes of an outline page in slices: a hover sent after it is answered first, and a cancelled outline stops', async function () {
    this.timeout(30000);
    // Enough notes in one folder that the first level is a page of them, and reading them
    // takes several slices: each is parsed again for its tree.
    for (let i = 92; i < 600; i++) fs.writeFileSync(path.join(notesFolder, `n${i}.md`), `# AREA\n## topic ${i % 7}\n* _term ${i % 13}_: about the circuit breaker ${i} https://example.com/${i}\n`);
    const child = spawn(process.execPath, [path.join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const ready = new Promise<void>((resolve) => connection.onNotification('architectureNotes/indexStatus', (status: { state: string; notes: number }) => {
      if (status.state === 'ready' && status.notes === 600) resolve();
    }));
    connection.listen();
    try {
      await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { notesPaths: [notesFolder], includeBundledNotes: false } });
      await connection.sendNotification('initialized', {});
      await ready;
      const uri = pathToFileURL(path.join(notesFolder, 'design.txt')).href;
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: 'We add a circuit breaker.\n' } });
      const order: string[] = [];
      const outline = connection.sendRequest(OutlineRequest, {}).then((trees) => {
        order.push('outline');
        return trees;
      });
      const hover = connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 12 } }).then(() => order.push('hover'));
      const [trees] = await Promise.all([outline, hover]);
      // A page of notes, and a "… more" row for the rest.
      assert.ok(trees.length > 1 && trees.length <= 201, `${trees.length} rows`);
      assert.equal(trees[trees.length - 1].kind, 'more');
      assert.ok(trees.slice(0, -1).every((row) => row.kind === 'note'));
      assert.deepEqual(order, ['hover', 'outline']);
      const source = new CancellationTokenSource();
      const cancelled = connection.sendRequest(OutlineRequest, {}, source.token);
      // Cancelled at once, not after a timer: on a loaded machine a timer of a few milliseconds
      // fired after the answer had come. The cancel follows the request down the same pipe, so
      // the server meets it before or between its slices, never after the answer.
      source.cancel();
      await assert.rejects(cancelled, (error: { code?: number }) => error.code === LSPErrorCodes.RequestCancelled);
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
    } finally {
      connection.dispose();
      child.kill();
    }
  });
});
