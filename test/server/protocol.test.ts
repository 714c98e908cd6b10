// The protocol's edge cases, answered as the LSP specification says: parameters sent as null,
// messages outside the initialize … shutdown lifecycle, and frames the server cannot read.

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SnapshotFolder } from '../../server/src/core/workspace/snapshot';
import { PassThrough } from 'node:stream';
import {
  createProtocolConnection, DidOpenTextDocumentNotification, ErrorCodes, HoverRequest, InitializedNotification, InitializeRequest, ShutdownRequest, StreamMessageReader, StreamMessageWriter,
  type ResponseError,
} from 'vscode-languageserver-protocol/node';
import { watchFraming } from '../../server/src/framing';
import { IndexStatusNotification, IndexStatusRequest, MemoryUsageRequest, OutlineRequest, ReindexRequest, StartupTimesRequest, type OutlineNode } from '../../server/src/protocol';
import { connectServer, repoRoot, startClient } from './helpers';
import { outlineLevel } from './outlineRows';

const failsWith = (code: number) => (error: ResponseError<unknown>) => {
  assert.equal(error.code, code, error.message);
  return true;
};

describe('server protocol: requests without parameters', () => {
  it('answers the outline of many notes when the params are null', async function () {
    this.timeout(30000);
    // Enough notes that the outline takes several slices: each note is parsed again for its tree.
    const files: Record<string, string> = {};
    for (let i = 0; i < 600; i++) files[`notes/n${i}.md`] = `# AREA\n## topic ${i % 7}\n* _term ${i % 13}_: about the circuit breaker ${i} https://example.com/${i}\n`;
    const client = await startClient({ files, initializationOptions: { notesPaths: ['notes'], includeBundledNotes: false } });
    try {
      // `params: null` is what some clients send for a request without parameters.
      const trees = await client.connection.sendRequest<OutlineNode[] | ResponseError<unknown>>(OutlineRequest.method, null);
      assert.ok(Array.isArray(trees), JSON.stringify(trees).slice(0, 300));
      // The notes share one folder: the first level is a page of them, and a "… more" row.
      assert.equal(trees[trees.length - 1].kind, 'more');
      assert.equal((await outlineLevel(client.connection)).length, 600);
      // And with no params at all.
      const bare = await client.connection.sendRequest<OutlineNode[] | ResponseError<unknown>>(OutlineRequest.method);
      assert.ok(Array.isArray(bare) && bare[0].id === trees[0].id, JSON.stringify(bare).slice(0, 300));
      for (const type of [IndexStatusRequest, ReindexRequest, MemoryUsageRequest]) {
        const answer = await client.connection.sendRequest<unknown>(type.method, null);
        assert.ok(answer && typeof answer === 'object', type.method);
      }
    } finally {
      await client.dispose();
    }
  });
});

describe('server protocol: standard requests with parameters that lack what they need', () => {
  it('answers InvalidParams saying what was expected, and goes on serving', async () => {
    const client = await startClient();
    try {
      const uri = 'file:///nowhere/design.md';
      await client.open(uri, 'A circuit breaker stops the calls.\n');
      const odd: [string, unknown][] = [
        ['textDocument/hover', null],
        ['textDocument/hover', {}],
        ['textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 'four' } }],
        ['textDocument/references', { textDocument: { uri }, position: { line: 0, character: 4 } }],
        ['textDocument/codeAction', { textDocument: { uri } }],
        ['textDocument/documentSymbol', null],
        ['workspace/symbol', {}],
        ['completionItem/resolve', null],
        ['codeAction/resolve', null],
      ];
      for (const [method, params] of odd) {
        await assert.rejects(client.connection.sendRequest(method, params), (error: ResponseError<unknown>) => {
          assert.equal(error.code, ErrorCodes.InvalidParams, `${method}: ${error.message}`);
          assert.match(error.message, new RegExp(`^${method} takes `));
          return true;
        });
      }
      assert.ok(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 4 } }), 'still serving');
    } finally {
      await client.dispose();
    }
  });
});

describe('server protocol: the cache folder', () => {
  it('takes ~ as the home folder, refuses a relative folder with a message, and never resolves it against the working directory', async () => {
    for (const [given, expected] of [['~/an-cache', path.join(os.homedir(), 'an-cache')], ['/abs/cache', '/abs/cache'], ['rel/cache', undefined], ['~', os.homedir()]] as const) {
      const opened: string[] = [];
      const stand = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-'));
      const { connection, dispose } = connectServer({ openSnapshots: (folder, log) => (opened.push(folder), new SnapshotFolder(stand, { log })) });
      const logs: string[] = [];
      connection.onNotification('window/logMessage', ({ message }: { message: string }) => { logs.push(message); });
      connection.listen();
      try {
        await connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null, initializationOptions: { cacheFolder: given, includeBundledNotes: false } });
        assert.deepEqual(opened, expected === undefined ? [] : [expected], given);
        if (expected === undefined) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          assert.ok(logs.some((l) => l.startsWith('cacheFolder must be an absolute path')), logs.join(' | '));
        }
      } finally {
        dispose();
        fs.rmSync(stand, { recursive: true, force: true });
      }
    }
  });
});

describe('server protocol: the times of its start', () => {
  it('tells when it started, listened, was initialized, read its settings and had its first index, in that order', async () => {
    const before = Date.now();
    const client = await startClient({ configuration: true });
    try {
      const times = await client.connection.sendRequest(StartupTimesRequest);
      const steps = [times.processStarted, times.listening, times.initialize, times.initialized, times.settingsRead, times.firstIndexReady];
      assert.ok(steps.every((t) => typeof t === 'number'), JSON.stringify(times));
      for (let n = 1; n < steps.length; n++) assert.ok(steps[n]! >= steps[n - 1]!, `step ${n} before step ${n - 1}: ${JSON.stringify(times)}`);
      assert.ok(times.initialize! >= before && times.firstIndexReady! <= Date.now());
      // A second index (a reindex) leaves the first one's time as it was.
      await client.connection.sendRequest(ReindexRequest);
      assert.equal((await client.connection.sendRequest(StartupTimesRequest)).firstIndexReady, times.firstIndexReady);
    } finally {
      await client.dispose();
    }
  });
});

describe('server protocol: the lifecycle', () => {
  const uri = 'file:///nowhere/design.md';
  const text = 'A circuit breaker stops the calls.\n';
  const hover = { textDocument: { uri }, position: { line: 0, character: 4 } };

  it('refuses requests before initialize with ServerNotInitialized, drops notifications, and initializes fine after', async () => {
    const dropped: string[] = [];
    const { connection, dispose } = connectServer({}, (method, error) => void dropped.push(`${method}: ${error instanceof Error ? error.message : String(error)}`));
    const ready = new Promise<void>((resolve) => connection.onNotification(IndexStatusNotification, (status) => {
      if (status.state === 'ready' && status.notes > 0) resolve();
    }));
    connection.listen();
    try {
      await assert.rejects(connection.sendRequest(IndexStatusRequest), failsWith(ErrorCodes.ServerNotInitialized));
      await assert.rejects(connection.sendRequest(HoverRequest.type, hover), failsWith(ErrorCodes.ServerNotInitialized));
      // A notification before initialize is dropped: this document stays unknown to the server.
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
      // A malformed initialize is refused saying what was expected, and does not count.
      for (const params of [null, { processId: null, capabilities: null }, { processId: null }]) {
        await assert.rejects(connection.sendRequest('initialize', params), (error: ResponseError<unknown>) => error.code === ErrorCodes.InvalidParams && /initialize takes/.test(error.message), JSON.stringify(params));
      }
      const result = await connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null });
      assert.equal(result.capabilities.hoverProvider, true);
      const logged: string[] = [];
      connection.onNotification('window/logMessage', (message: { message: string }) => void logged.push(message.message));
      await connection.sendNotification(InitializedNotification.type, {});
      await ready;
      // Malformed notifications are dropped with a line that says what they take, not a TypeError.
      await connection.sendNotification('workspace/didChangeConfiguration', null);
      await connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [null] });
      await connection.sendRequest(IndexStatusRequest);
      assert.ok(dropped.some((line) => /didChangeConfiguration: it takes \{ settings \}/.test(line)), dropped.join('\n'));
      assert.ok(dropped.some((line) => /didChangeWatchedFiles: it takes \{ changes/.test(line)), dropped.join('\n'));
      assert.ok(![...logged, ...dropped].some((line) => /TypeError|Cannot (?:read|destructure)/.test(line)), [...logged, ...dropped].join('\n'));
      assert.equal(await connection.sendRequest(HoverRequest.type, hover), null, 'the early didOpen was dropped');
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
      assert.ok(await connection.sendRequest(HoverRequest.type, hover), 'opened after initialize, the document is served');
    } finally {
      dispose();
    }
  });

  it('refuses requests after shutdown with InvalidRequest', async () => {
    const client = await startClient();
    try {
      await client.open(uri, text);
      assert.ok(await client.connection.sendRequest(HoverRequest.type, hover));
      await client.connection.sendRequest(ShutdownRequest.type);
      await assert.rejects(client.connection.sendRequest(HoverRequest.type, hover), failsWith(ErrorCodes.InvalidRequest));
      await assert.rejects(client.connection.sendRequest(IndexStatusRequest), failsWith(ErrorCodes.InvalidRequest));
    } finally {
      await client.dispose();
    }
  });
});

describe('server protocol: frames it cannot read', () => {
  /** A frame as a client writes it, or with its header replaced. */
  const frame = (body: string, header = `Content-Length: ${Buffer.byteLength(body)}`) => `${header}\r\n\r\n${body}`;
  const statusRequest = (id: number) => JSON.stringify({ jsonrpc: '2.0', id, method: IndexStatusRequest.method });

  it('node dist/server.js answers a body that is not JSON with a Parse error, and exits with a message on a frame without Content-Length', async function () {
    this.timeout(20000);
    const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // A response without an id reaches the client's logger, not a pending request.
    const logged: string[] = [];
    const logger = { error: (message: string) => logged.push(message), warn: () => undefined, info: () => undefined, log: () => undefined };
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin), logger);
    connection.listen();
    try {
      await connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null, initializationOptions: { includeBundledNotes: false } });
      child.stdin.write(frame('this is not JSON'));
      // Still serving after a body that is not JSON: it answers (`indexing`: no `initialized` came, so no notes were read).
      assert.equal((await connection.sendRequest(IndexStatusRequest)).state, 'indexing', 'still serving after a body that is not JSON');
      assert.ok(logged.some((message) => /without id/.test(message) && /-32700/.test(message)), `a Parse error with a null id: ${logged.join('\n')}`);
      child.stdin.write(frame(statusRequest(1000), 'Content-Type: application/vscode-jsonrpc; charset=utf-8'));
      child.stdin.write(frame(statusRequest(1001)));
      const deadline = new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 5000));
      const code = await Promise.race([exited, deadline]);
      assert.equal(code, 1, `exit code; stderr: ${stderr}`);
      assert.match(stderr, /cannot read the client's messages any more \(Header must provide a Content-Length/);
      assert.match(stderr, /ignored a message whose body is not JSON/);
    } finally {
      connection.dispose();
      child.kill();
    }
  });

  it('node dist/server.js drops a $/cancelRequest without an id, keeps serving, and refuses a second initialize', async function () {
    this.timeout(20000);
    const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    let exitCode: number | null | undefined;
    child.on('exit', (code) => (exitCode = code));
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.listen();
    try {
      const initialize = { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null, initializationOptions: { includeBundledNotes: false } };
      await connection.sendRequest(InitializeRequest.type, initialize);
      for (const params of [undefined, null, {}, { id: null }, [1]]) child.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', method: '$/cancelRequest', ...(params === undefined ? {} : { params }) })));
      assert.equal((await connection.sendRequest(IndexStatusRequest)).state, 'indexing', 'still serving');
      await assert.rejects(connection.sendRequest(InitializeRequest.type, initialize), failsWith(ErrorCodes.InvalidRequest));
      assert.equal(exitCode, undefined, stderr);
      assert.equal(stderr.match(/ignored a \$\/cancelRequest message that could not be handled/g)?.length, 5, stderr);
    } finally {
      connection.dispose();
      child.kill();
    }
  });

  it('gives up on a message whose rest does not come (a Content-Length larger than the message), and says so', async () => {
    const input = new PassThrough();
    const reader = new StreamMessageReader(input);
    // The program keeps the library's wait of ten seconds; the policy is the same with a shorter one.
    reader.partialMessageTimeout = 100;
    const lost: string[] = [];
    const skipped: string[] = [];
    watchFraming(reader, { lost: (reason) => lost.push(reason), skipped: (reason) => skipped.push(reason) });
    const messages: unknown[] = [];
    reader.listen((message) => messages.push(message));
    const body = statusRequest(1);
    input.write(frame(body, 'Content-Length: 100000'));
    await new Promise((resolve) => setTimeout(resolve, 350));
    assert.deepEqual(messages, []);
    assert.deepEqual(skipped, []);
    assert.equal(lost.length, 1, lost.join('\n'));
    assert.match(lost[0], /Content-Length is larger than what was sent/);
    // The rest (spaces, still JSON) ends the reader's wait, which would otherwise keep the test run alive.
    input.write(' '.repeat(100000 - Buffer.byteLength(body)));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(messages.length, 1);
    reader.dispose();
  });
});
