import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { scratchFolder } from '../support/scratch';

const root = path.join(__dirname, '..', '..', '..');
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('server entry: the code cache of its bundle (dist/server.js --code-cache=)', () => {
  let scratch: string;

  beforeEach(() => {
    scratch = scratchFolder('an-code-cache-');
  });

  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  /** Starts `node dist/server.js --stdio` with the option, hovers "circuit breaker" from the bundled notes, stays up `stayMs`, stops. */
  async function session(cacheOption: string, stayMs: number, env: NodeJS.ProcessEnv = process.env): Promise<{ hover: string; stderr: string }> {
    const child = spawn(process.execPath, [path.join(root, 'dist', 'server.js'), '--stdio', `--code-cache=${cacheOption}`], { stdio: ['pipe', 'pipe', 'pipe'], env });
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

  /** A cache file as the entry writes it: the SHA-1 of the rest, then V8's cached data (over 100 KB for this bundle). */
  const sealed = (bytes: Buffer) => bytes.length > 100_000 && createHash('sha1').update(bytes.subarray(20)).digest().equals(bytes.subarray(0, 20));
  const cacheFiles = (folder: string) => (fs.existsSync(folder) ? fs.readdirSync(folder).filter((name) => name.endsWith('.code-cache')) : []);

  it('writes the cache once the server has answered, takes it up on the next start, and answers the same', async function () {
    this.timeout(40000);
    const folder = path.join(scratch, 'cache');
    // A cache of another build, left by an earlier version of the extension: replaced.
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'server-0123456789abcdef.code-cache'), 'old');
    // And the temporary of a write that never finished, and a file that is none of its own: only the first goes.
    fs.writeFileSync(path.join(folder, 'server-0123456789abcdef.code-cache.12345.tmp'), 'half');
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'mine');
    const first = await session(folder, 4000);
    assert.match(first.hover, /circuit breaker/i);
    const [written, ...others] = cacheFiles(folder);
    assert.ok(written, 'a cache was written');
    assert.deepEqual(others, [], 'the older cache is removed');
    assert.deepEqual(fs.readdirSync(folder).sort(), [written, 'notes.txt'].sort());
    const bytes = fs.readFileSync(path.join(folder, written));
    assert.ok(sealed(bytes), `the cache holds the compiled code, sealed with its digest (${bytes.length} bytes)`);
    // Taken up: the same answer, and the cache is not written again.
    const second = await session(folder, 4000);
    assert.equal(second.hover, first.hover);
    assert.ok(fs.readFileSync(path.join(folder, written)).equals(bytes), 'an accepted cache stays as it is');
    assert.equal(second.stderr, '');
  });

  it('starts and answers from a damaged cache, and writes it again', async function () {
    this.timeout(60000);
    const folder = path.join(scratch, 'cache');
    await session(folder, 4000);
    const [written] = cacheFiles(folder);
    // Its second half zeroed, its size kept: what a write cut short by a power loss leaves. V8
    // takes such a cache (it checks the header alone) and the process crashed reading it.
    const zeroed = fs.readFileSync(path.join(folder, written));
    zeroed.fill(0, zeroed.length >> 1);
    fs.writeFileSync(path.join(folder, written), zeroed);
    const afterZeroes = await session(folder, 4000);
    assert.match(afterZeroes.hover, /circuit breaker/i);
    const rewritten = fs.readFileSync(path.join(folder, written));
    assert.ok(!rewritten.equals(zeroed) && sealed(rewritten), 'written again, whole');
    fs.writeFileSync(path.join(folder, written), Buffer.alloc(5000, 7));
    const again = await session(folder, 4000);
    assert.match(again.hover, /circuit breaker/i);
    assert.ok(sealed(fs.readFileSync(path.join(folder, written))), 'written again');
  });

  it('reads ~ as the home folder, and refuses a relative folder with a message', async function () {
    this.timeout(40000);
    const home = path.join(scratch, 'home');
    fs.mkdirSync(home);
    const started = await session('~/cache', 4000, { ...process.env, HOME: home, USERPROFILE: home });
    assert.match(started.hover, /circuit breaker/i);
    assert.equal(cacheFiles(path.join(home, 'cache')).length, 1);
    const relative = await session('cache', 0);
    assert.match(relative.hover, /circuit breaker/i);
    assert.match(relative.stderr, /--code-cache needs an absolute folder/);
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
