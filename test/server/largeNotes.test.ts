import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidOpenTextDocumentNotification, HoverRequest, InitializedNotification, InitializeRequest, WorkspaceSymbolRequest, type Hover } from 'vscode-languageserver-protocol/node';
import { IndexStatusNotification, type IndexStatus } from '../../server/src/protocol';
import { connectServer } from './helpers';

/** The server's own bundle, as it runs in an index worker (out/server/src/main.js, seen from out/test/server/). */
const workerScript = path.join(__dirname, '..', '..', 'server', 'src', 'main.js');

describe('server: a large note in the index', () => {
  let folder: string;

  beforeEach(() => {
    folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'an-large-note-')));
    fs.mkdirSync(path.join(folder, 'notes'));
    // A 4 MB glossary: about a second to parse, which used to hold every request.
    const entries: string[] = ['# Glossary', ''];
    for (let i = 0; i < 56_000; i++) entries.push(`**Widget kind ${i}**: definition text number ${i} for testing a large file.`, '');
    fs.writeFileSync(path.join(folder, 'notes', 'big-glossary.md'), entries.join('\n'));
  });

  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('answers a hover and workspace symbols from the notes indexed so far while a large note is read', async function () {
    this.timeout(60000);
    const { connection, dispose } = connectServer({ indexWorkerScript: workerScript });
    const statuses: IndexStatus[] = [];
    let readyAt: number | undefined;
    let markReady: () => void;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    connection.onNotification(IndexStatusNotification, (status) => {
      statuses.push(status);
      if (status.state === 'ready' && status.notes >= 2 && readyAt === undefined) {
        readyAt = Date.now();
        markReady();
      }
    });
    connection.listen();
    try {
      await connection.sendRequest(InitializeRequest.type, {
        processId: null,
        rootUri: null,
        capabilities: {},
        initializationOptions: { notesPaths: [path.join(folder, 'notes')], maxFileSizeMB: 10 },
        workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'workspace' }],
      });
      await connection.sendNotification(InitializedNotification.type, {});
      const uri = pathToFileURL(path.join(folder, 'design.md')).href;
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text: 'We add a circuit breaker and widget kind 7.\n' } });
      // Asked again until the bundled notes are in: each answer is timed against the end of the index.
      let card: Hover | null = null;
      let cardAt = 0;
      let symbolsAt = 0;
      while (readyAt === undefined) {
        const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 12 } });
        if (hover && !card) {
          card = hover;
          cardAt = Date.now();
          const symbols = await connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'circuit breaker' });
          assert.ok(Array.isArray(symbols) && symbols.length > 0, JSON.stringify(symbols));
          symbolsAt = Date.now();
        }
        if (card) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await ready;
      assert.ok(card, 'the hover on a bundled term was answered only once the large note was indexed');
      assert.match(JSON.stringify(card.contents), /circuit breaker/i);
      assert.ok(cardAt < readyAt! && symbolsAt < readyAt!, `the hover (${cardAt}) and workspace symbols (${symbolsAt}) came after the index was ready (${readyAt})`);
      // The large note is indexed in the end, from the worker.
      const widget = await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 38 } });
      assert.match(JSON.stringify(widget?.contents), /definition text number 7 /);
    } finally {
      await connection.sendRequest('shutdown').catch(() => undefined);
      dispose();
    }
  });
});
