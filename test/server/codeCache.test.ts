import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';

const root = path.join(__dirname, '..', '..', '..');
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('server entry: the code cache of its bundle (dist/server.js --code-cache=)', () => {
  let scratch: string;

  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'an-code-cache-'));
  });

  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  /** Starts `node dist/server.js --stdio` with the option, hovers "circuit breaker" from the bundled notes, stays up `stayMs`, stops. */
  async function session(cacheOption: string, stayMs: number): Promise<{ hover: string; stderr: string }> {
    const child = spawn(process.execPath, [path.join(root, 'dist', 'server.js'), '--stdio', `--code-cache=${cacheOption}`], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.listen();
    try {
      await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { includeBundledNotes: true, notesPaths: [] } });
      await connection.sendNotification('initialized', {});
      const uri = pathToFileURL(path.join(scratch, 'design.md')).href;
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: 'We add a circuit breaker.\n' } });
      let hover = '';
      for (const deadline = Date.now() + 10_000; !hover && Date.now() < deadline; await wait(20)) {
        const answer = (await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 12 } })) as { contents: { value: string } } | null;
        hover = answer?.contents.value ?? '';
      }
      await wait(stayMs);
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      return { hover, stderr };
    } finally {
      connection.dispose();
      child.kill();
    }
  }

  const cacheFiles = (folder: string) => (fs.existsSync(folder) ? fs.readdirSync(folder).filter((name) => name.endsWith('.code-cache')) : []);

  it('writes the cache once the server has answered, takes it up on the next start, and answers the same', async function () {
    this.timeout(40000);
    const folder = path.join(scratch, 'cache');
    // A cache of another build, left by an earlier version of the extension: replaced.
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'server-0123456789abcdef.code-cache'), 'old');
    const first = await session(folder, 4000);
    assert.match(first.hover, /circuit breaker/i);
    const [written, ...others] = cacheFiles(folder);
    assert.ok(written, 'a cache was written');
    assert.deepEqual(others, [], 'the older cache is removed');
    const bytes = fs.readFileSync(path.join(folder, written));
    assert.ok(bytes.length > 100_000, `the cache holds the compiled code (${bytes.length} bytes)`);
    // Taken up: the same answer, and the cache is not written again.
    const second = await session(folder, 4000);
    assert.equal(second.hover, first.hover);
    assert.ok(fs.readFileSync(path.join(folder, written)).equals(bytes), 'an accepted cache stays as it is');
    assert.equal(second.stderr, '');
  });

  it('starts and answers from a damaged cache, and writes it again', async function () {
    this.timeout(40000);
    const folder = path.join(scratch, 'cache');
    await session(folder, 4000);
    const [written] = cacheFiles(folder);
    fs.writeFileSync(path.join(folder, written), Buffer.alloc(5000, 7));
    const again = await session(folder, 4000);
    assert.match(again.hover, /circuit breaker/i);
    assert.ok(fs.readFileSync(path.join(folder, written)).length > 100_000, 'written again');
  });

  it('reads no cache that is a FIFO or a link to an endless device, and starts as without one', async function () {
    this.timeout(40000);
    const folder = path.join(scratch, 'cache');
    await session(folder, 4000);
    const [written] = cacheFiles(folder);
    fs.rmSync(path.join(folder, written));
    fs.symlinkSync('/dev/zero', path.join(folder, written));
    assert.match((await session(folder, 0)).hover, /circuit breaker/i);
    fs.rmSync(path.join(folder, written));
    assert.equal(spawnSync('mkfifo', [path.join(folder, written)]).status, 0);
    assert.match((await session(folder, 0)).hover, /circuit breaker/i);
  });

  it('starts and answers when the cache cannot be written, and says so on stderr', async function () {
    this.timeout(40000);
    const blocked = path.join(scratch, 'a-file');
    fs.writeFileSync(blocked, 'not a folder');
    const { hover, stderr } = await session(path.join(blocked, 'cache'), 4000);
    assert.match(hover, /circuit breaker/i);
    assert.match(stderr, /code cache not written/);
  });
});
