// Nothing lost: `architecture-notes repair --write` changes a user's file only atomically
// (a temporary file renamed over it), keeps the original as `<file>.orig` unless told not
// to, never clobbers an existing `.orig`, keeps the file's permissions, encoding and
// symlink, and leaves the file untouched when it cannot write, when it is read-only (without
// --force) or when it changed while being repaired. The CLI reads only regular files of bounded
// size (no pipe, device or folder). And text that the CLI prints from notes carries no terminal
// escape or bidi character. Run through the built bundle, except where a test must edit the
// file mid-run: those call main() in this process with a hook.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main, type CliHooks } from '../../server/src/cli';
import { DEFAULT_MAX_FILE_BYTES } from '../../server/src/core/notes/noteFiles';
import { CONTROL_OR_BIDI } from './safety';
import { scratchFolder } from '../support/scratch';

const root = path.join(__dirname, '..', '..', '..');
const cli = path.join(root, 'dist', 'cli.js');

/** Builds dist/cli.js when it is missing or older than any of the server's sources. */
function ensureBuilt(): void {
  const built = fs.existsSync(cli) ? fs.statSync(cli).mtimeMs : 0;
  const sources = fs.readdirSync(path.join(root, 'server', 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  if (sources.every((source) => fs.statSync(path.join(root, 'server', 'src', source)).mtimeMs < built)) return;
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
}

/** Hang guard: a command that reads a pipe or an endless device is killed after this long. */
const COMMAND_BOUND_MS = 10_000;

function run(args: string[], options: { cwd?: string; uid?: number } = {}) {
  // Another user may not reach the checkout (a clone in a private temporary folder): that user
  // runs a copy of the bundle (it needs nothing beside it for these commands).
  const result = spawnSync(process.execPath, [options.uid !== undefined ? readableCli() : cli, ...args], {
    encoding: 'utf8',
    cwd: options.cwd,
    timeout: COMMAND_BOUND_MS,
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
  });
  assert.equal(result.signal, null, `${args.join(' ')} did not finish within ${COMMAND_BOUND_MS} ms`);
  return { code: result.status, out: result.stdout, err: result.stderr };
}

let readableCopy: string | undefined;

function readableCli(): string {
  if (readableCopy) return readableCopy;
  const folder = scratchFolder('an-cli-copy-');
  fs.chmodSync(folder, 0o755);
  readableCopy = path.join(folder, 'cli.js');
  fs.copyFileSync(cli, readableCopy);
  fs.chmodSync(readableCopy, 0o644);
  return readableCopy;
}

/** Runs the CLI in this process, so that a test can act through `hooks` while it runs. */
function runHere(args: string[], hooks: CliHooks) {
  const err: string[] = [];
  const out: string[] = [];
  const { stdout, stderr } = process;
  const writeOut = stdout.write;
  const writeErr = stderr.write;
  stdout.write = ((chunk: string | Uint8Array) => out.push(String(chunk)) > 0) as typeof stdout.write;
  stderr.write = ((chunk: string | Uint8Array) => err.push(String(chunk)) > 0) as typeof stderr.write;
  try {
    return { code: main(args, hooks), out: out.join(''), err: err.join('') };
  } finally {
    stdout.write = writeOut;
    stderr.write = writeErr;
  }
}

// UTF-8 read as Windows-1252 and saved again: "café naïve ’quoted’" damaged.
const DAMAGED = '# ZA\n* _cafÃ©_: naÃ¯ve, â€™quotedâ€™\n';
const REPAIRED = '# ZA\n* _café_: naïve, ’quoted’\n';

describe('hardening: the CLI never loses a user\'s text', function () {
  this.timeout(60_000);
  let folder: string;
  let note: string;

  before(ensureBuilt);

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'notes-cli-'));
    note = path.join(folder, 'notes.md');
    fs.writeFileSync(note, DAMAGED);
  });

  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('without --write, prints the repair and leaves the file alone', () => {
    const { code, out } = run(['repair', note]);
    assert.equal(code, 0);
    assert.equal(out, REPAIRED);
    assert.equal(fs.readFileSync(note, 'utf8'), DAMAGED);
    assert.deepEqual(fs.readdirSync(folder), ['notes.md']);
  });

  it('--write replaces the file by rename, keeps notes.md.orig byte for byte, and leaves no temporary file', () => {
    const inodeBefore = fs.statSync(note).ino;
    const { code, out, err } = run(['repair', '--write', note]);
    assert.equal(code, 0, err);
    assert.equal(out, '');
    assert.match(err, /original kept as .*notes\.md\.orig/);
    assert.equal(fs.readFileSync(note, 'utf8'), REPAIRED);
    assert.equal(fs.readFileSync(note + '.orig', 'utf8'), DAMAGED);
    assert.deepEqual(fs.readdirSync(folder).sort(), ['notes.md', 'notes.md.orig']);
    // A new inode: the repaired text arrived whole, by rename, not by rewriting the file in place.
    assert.notEqual(fs.statSync(note).ino, inodeBefore);
  });

  it('--no-backup keeps no .orig', () => {
    const { code } = run(['repair', '--write', '--no-backup', note]);
    assert.equal(code, 0);
    assert.equal(fs.readFileSync(note, 'utf8'), REPAIRED);
    assert.deepEqual(fs.readdirSync(folder), ['notes.md']);
  });

  it('a clean file is not rewritten and gets no .orig', () => {
    fs.writeFileSync(note, REPAIRED);
    const inodeBefore = fs.statSync(note).ino;
    const { code, err } = run(['repair', '--write', note]);
    assert.equal(code, 0);
    assert.match(err, /no encoding damage/);
    assert.equal(fs.statSync(note).ino, inodeBefore);
    assert.deepEqual(fs.readdirSync(folder), ['notes.md']);
  });

  it('an existing .orig is never overwritten: the repair refuses and changes nothing', () => {
    fs.writeFileSync(note + '.orig', 'an older original');
    const { code, err } = run(['repair', '--write', note]);
    assert.notEqual(code, 0);
    assert.match(err, /notes\.md\.orig/);
    assert.equal(fs.readFileSync(note + '.orig', 'utf8'), 'an older original');
    assert.equal(fs.readFileSync(note, 'utf8'), DAMAGED);
    assert.deepEqual(fs.readdirSync(folder).sort(), ['notes.md', 'notes.md.orig']);
  });

  it('keeps the file\'s permissions (a private note stays private)', () => {
    fs.chmodSync(note, 0o600);
    assert.equal(run(['repair', '--write', note]).code, 0);
    assert.equal(fs.statSync(note).mode & 0o777, 0o600);
    assert.equal(fs.statSync(note + '.orig').mode & 0o777, 0o600);
  });

  it('repairs the file a symlink points to and keeps the symlink', () => {
    const real = path.join(folder, 'real');
    fs.mkdirSync(real);
    fs.renameSync(note, path.join(real, 'notes.md'));
    fs.symlinkSync(path.join('real', 'notes.md'), note);
    assert.equal(run(['repair', '--write', note]).code, 0);
    assert.ok(fs.lstatSync(note).isSymbolicLink(), 'the link is still a link');
    assert.equal(fs.readFileSync(path.join(real, 'notes.md'), 'utf8'), REPAIRED);
    assert.equal(fs.readFileSync(path.join(real, 'notes.md.orig'), 'utf8'), DAMAGED);
  });

  it('keeps a UTF-16 file UTF-16 (with its BOM) and a UTF-8 BOM in place', () => {
    const little = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(DAMAGED, 'utf16le')]);
    fs.writeFileSync(note, little);
    assert.equal(run(['repair', '--write', note]).code, 0);
    assert.deepEqual(fs.readFileSync(note), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(REPAIRED, 'utf16le')]));
    assert.deepEqual(fs.readFileSync(note + '.orig'), little);

    const bom = path.join(folder, 'bom.md');
    fs.writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(DAMAGED)]));
    assert.equal(run(['repair', '--write', '--no-backup', bom]).code, 0);
    assert.deepEqual(fs.readFileSync(bom), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(REPAIRED)]));
  });

  it('when the folder cannot be written, says so, and leaves the file and the folder as they were', function () {
    // The superuser may write anywhere, so the CLI runs as an ordinary user on a folder it may only read.
    if (process.getuid?.() !== 0) fs.chmodSync(folder, 0o555);
    else fs.chmodSync(folder, 0o755);
    fs.chmodSync(note, 0o644);
    // The file itself is that user's to write: only the folder stands in the way.
    if (process.getuid?.() === 0) fs.chownSync(note, 65534, 65534);
    const { code, err } = run(['repair', '--write', note], process.getuid?.() === 0 ? { uid: 65534 } : {});
    fs.chmodSync(folder, 0o755);
    assert.notEqual(code, 0);
    assert.match(err, /cannot write|permission denied/i);
    assert.doesNotMatch(err, /\n\s+at /, 'no stack trace');
    assert.equal(fs.readFileSync(note, 'utf8'), DAMAGED);
    assert.deepEqual(fs.readdirSync(folder), ['notes.md']);
  });

  it('refuses to replace a read-only file, even for the superuser, and leaves nothing behind', () => {
    fs.chmodSync(note, 0o444);
    const { code, out, err } = run(['repair', '--write', note]);
    assert.notEqual(code, 0);
    assert.equal(out, '');
    assert.match(err, /notes\.md is read-only; it is unchanged \(--force replaces it anyway\)/);
    assert.equal(fs.readFileSync(note, 'utf8'), DAMAGED);
    assert.equal(fs.statSync(note).mode & 0o777, 0o444);
    assert.deepEqual(fs.readdirSync(folder), ['notes.md']);
  });

  it('refuses to replace a file this user may not write, though the folder lets it', function () {
    if (process.getuid?.() !== 0) this.skip(); // needs a file of another user
    fs.chmodSync(folder, 0o777);
    fs.chmodSync(note, 0o644);
    const { code, err } = run(['repair', '--write', note], { uid: 65534 });
    assert.notEqual(code, 0);
    assert.match(err, /notes\.md is read-only/);
    assert.equal(fs.readFileSync(note, 'utf8'), DAMAGED);
    assert.equal(fs.statSync(note).uid, 0);
    assert.deepEqual(fs.readdirSync(folder), ['notes.md']);
  });

  it('--force replaces a read-only file, which stays read-only', () => {
    fs.chmodSync(note, 0o444);
    const { code, err } = run(['repair', '--write', '--force', note]);
    assert.equal(code, 0, err);
    assert.equal(fs.readFileSync(note, 'utf8'), REPAIRED);
    assert.equal(fs.statSync(note).mode & 0o777, 0o444);
    assert.equal(fs.readFileSync(note + '.orig', 'utf8'), DAMAGED);
  });

  for (const backup of [[], ['--no-backup']]) {
    it(`an edit saved while ${['--write', ...backup].join(' ')} runs survives: the repair refuses and leaves nothing behind`, () => {
      const edited = DAMAGED + 'a line written meanwhile\n';
      const { code, out, err } = runHere(['repair', '--write', ...backup, note], { beforeReplace: () => fs.writeFileSync(note, edited) });
      assert.notEqual(code, 0);
      assert.equal(out, '');
      assert.match(err, /notes\.md changed while it was being repaired; it is unchanged, run repair again/);
      assert.equal(fs.readFileSync(note, 'utf8'), edited);
      assert.deepEqual(fs.readdirSync(folder), ['notes.md'], 'no temporary file, no .orig');
    });
  }

  it('an edit of the same size within the same timestamp is caught by the content', () => {
    const second = 1_700_000_000; // a whole second: set twice, it gives the very same mtimeMs
    fs.utimesSync(note, second, second);
    const edited = DAMAGED.replace('ZA', 'ZB');
    const { code, err } = runHere(['repair', '--write', note], {
      beforeReplace: () => {
        fs.writeFileSync(note, edited);
        fs.utimesSync(note, second, second);
      },
    });
    assert.equal(fs.statSync(note).mtimeMs, second * 1000, 'the stamp alone shows no change');
    assert.notEqual(code, 0);
    assert.match(err, /changed while it was being repaired/);
    assert.equal(fs.readFileSync(note, 'utf8'), edited);
    assert.deepEqual(fs.readdirSync(folder), ['notes.md']);
  });

  it('run in this process with nothing changed meanwhile, --write repairs as from the terminal', () => {
    let called = 0;
    const { code, err } = runHere(['repair', '--write', note], { beforeReplace: () => called++ });
    assert.equal(code, 0, err);
    assert.equal(called, 1);
    assert.equal(fs.readFileSync(note, 'utf8'), REPAIRED);
    assert.equal(fs.readFileSync(note + '.orig', 'utf8'), DAMAGED);
  });

  it('prints no terminal escape or bidi character from a hostile note (check, search, terms)', () => {
    fs.writeFileSync(note, [
      '# AREA\u202e',
      '## topic\u001b]0;pwned\u0007',
      '* _evil\u001b[2J_:',
      '* _evil\u001b[2J_: twice',
      '* _shout\u202eing_: text https://example.com/\u001b[31m',
      '* `missing\u001b[1m.md`',
      '',
    ].join('\n'));
    for (const args of [['check', note], ['search', 'evil', '--no-bundled', '--notes', note], ['terms', '--no-bundled', '--notes', note],
      ['define', 'evil', '--no-bundled', '--notes', note], ['search', 'topic', '--no-bundled', '--notes', note]]) {
      const { out, err } = run(args);
      assert.ok(out.length > 0, `${args.join(' ')} printed something`);
      for (const [stream, text] of [['stdout', out], ['stderr', err]]) {
        const found = text.replace(/[\n\t]/g, '').match(CONTROL_OR_BIDI);
        assert.equal(found, null, `${args.join(' ')} ${stream} holds ${JSON.stringify(found?.[0])}`);
      }
    }
  });
});

describe('hardening: the CLI reads only regular files of bounded size', function () {
  this.timeout(60_000);
  let folder: string;

  before(ensureBuilt);

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'notes-cli-'));
  });

  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** Every command that reads a file named on its command line refuses it with one line and exit 2, promptly. */
  function assertRefused(file: string, reason: RegExp): void {
    for (const args of [['repair', file], ['repair', '--write', file], ['scan', file]]) {
      const { code, out, err } = run(args);
      assert.equal(code, 2, `${args.join(' ')}: ${err}`);
      assert.equal(out, '');
      assert.match(err, reason, args.join(' '));
      assert.doesNotMatch(err, /\n\s+at /, 'no stack trace');
    }
  }

  it('refuses a FIFO without waiting for a writer', function () {
    if (process.platform === 'win32') this.skip();
    const fifo = path.join(folder, 'notes.md');
    const made = spawnSync('mkfifo', [fifo]);
    if (made.status !== 0) this.skip();
    assertRefused(fifo, /cannot read .*notes\.md: it is a pipe, not a regular file/);
    assert.ok(fs.statSync(fifo).isFIFO(), 'the pipe is still there, not replaced');
  });

  it('refuses /dev/zero instead of reading it until memory runs out', function () {
    if (!fs.existsSync('/dev/zero')) this.skip();
    assertRefused('/dev/zero', /cannot read \/dev\/zero: it is a device, not a regular file/);
  });

  it('refuses a folder', () => {
    const sub = path.join(folder, 'notes.md');
    fs.mkdirSync(sub);
    assertRefused(sub, /cannot read .*notes\.md: it is a folder/);
    assert.deepEqual(fs.readdirSync(folder), ['notes.md']);
  });

  it('refuses a file over the size the server reads notes up to, and leaves it alone', () => {
    const big = path.join(folder, 'notes.md');
    const text = Buffer.alloc(DEFAULT_MAX_FILE_BYTES + 1, 'a');
    fs.writeFileSync(big, text);
    assertRefused(big, /cannot read .*notes\.md: larger than the limit/);
    assert.equal(fs.statSync(big).size, DEFAULT_MAX_FILE_BYTES + 1);
    assert.deepEqual(fs.readdirSync(folder), ['notes.md']);
  });
});
