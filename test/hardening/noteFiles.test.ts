// Reading notes from disk when the disk is hostile: files too large or not text, text in
// UTF-16, folders full of `.git` and `node_modules` or of what `.gitignore` leaves out,
// symlink loops, FIFOs that never end, files nobody may read and files that vanish between
// listing and reading.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeNoteBytes, DEFAULT_MAX_FILE_BYTES, findNoteFiles, readNoteFile, WalkExclusions } from '../../server/src/core/notes/noteFiles';
import { parseNote } from '../../server/src/core/formats/dialect/parser';
import { fileToUri, NotesWorkspace } from '../../server/src/core/workspace/notesWorkspace';
import { withinBound } from './bounds';
import { scratchFolder } from '../support/scratch';

const PNG_HEADER = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52];

describe('hardening: note files on a hostile disk', () => {
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'notes-hardening-'));
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  const write = (relative: string, content: string | Uint8Array) => {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  };

  const foundUnder = (folder: string, options = {}, entry = folder) => findNoteFiles([entry], { baseFolders: [folder], ...options }).files.map((f) => path.relative(folder, f).split(path.sep).join('/'));

  it('the default size limit is a few megabytes, and a file above the limit is refused with its size', () => {
    assert.ok(DEFAULT_MAX_FILE_BYTES >= 1024 * 1024 && DEFAULT_MAX_FILE_BYTES <= 64 * 1024 * 1024);
    const file = write('big.md', 'x'.repeat(2001));
    const refused = readNoteFile(file, 2000);
    assert.equal(refused.ok, false);
    assert.match((refused as { reason: string }).reason, /^larger than the limit \(2,001 bytes > 2,000 bytes, maxFileSizeMB\)$/);
    assert.deepEqual(readNoteFile(write('fits.md', 'x'.repeat(2000)), 2000), { ok: true, text: 'x'.repeat(2000) });
  });

  it('a binary file with a .md name is refused as not text', () => {
    const file = write('image.md', Uint8Array.from([...PNG_HEADER, ...Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256)]));
    const result = readNoteFile(file);
    assert.equal(result.ok, false);
    assert.match((result as { reason: string }).reason, /not a text file/);
  });

  it('UTF-16 little- and big-endian files with a BOM read as the text they hold', () => {
    const text = '# ZA\n* _café_: naïve ⛩️ — 参考 \uD83D\uDE00\r\n';
    const little = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const big = Buffer.from(little);
    big.swap16();
    assert.deepEqual(readNoteFile(write('le.md', little)), { ok: true, text });
    assert.deepEqual(readNoteFile(write('be.md', big)), { ok: true, text });
    const note = parseNote('file:///le.md', text);
    assert.equal(note.definitions[0]?.term, 'café');
  });

  it('a UTF-8 BOM is dropped; odd-length UTF-16 and UTF-16 without a BOM never throw', () => {
    assert.deepEqual(decodeNoteBytes(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61])), { ok: true, text: 'a' });
    const odd = decodeNoteBytes(Uint8Array.from([0xff, 0xfe, 0x61, 0x00, 0x62]));
    assert.equal(odd.ok, true);
    assert.ok((odd as { text: string }).text.startsWith('a'));
    const oddBig = decodeNoteBytes(Uint8Array.from([0xfe, 0xff, 0x00, 0x61, 0x00]));
    assert.equal(oddBig.ok, true);
    assert.ok((oddBig as { text: string }).text.startsWith('a'));
    // Without a BOM, UTF-16 is indistinguishable from binary by its NUL bytes: refused, not misread.
    assert.equal(decodeNoteBytes(Buffer.from('# notes\n', 'utf16le')).ok, false);
  });

  it('invalid UTF-8 without NUL bytes reads as text with replacement characters', () => {
    const result = decodeNoteBytes(Uint8Array.from([0x23, 0x20, 0xc3, 0x28, 0xff, 0xfe, 0xfd, 0x0a]));
    assert.equal(result.ok, true);
    assert.ok((result as { text: string }).text.includes('\uFFFD'));
  });

  it('folders skip .git, node_modules and other tool folders, and keep only note extensions', () => {
    write('a.md', '# a');
    write('sub/b.markdown', '# b');
    write('README.txt', 'not a note');
    write('.git/c.md', '# c');
    write('node_modules/pkg/d.md', '# d');
    write('sub/node_modules/e.md', '# e');
    const found = findNoteFiles([root]);
    assert.deepEqual(found.files.map((f) => path.relative(root, f)), ['a.md', path.join('sub', 'b.markdown')]);
  });

  it('symlink loops are not followed and every file is listed once', () => {
    write('notes/a.md', '# a');
    fs.symlinkSync('..', path.join(root, 'notes', 'up'));
    fs.symlinkSync('.', path.join(root, 'notes', 'self'));
    fs.symlinkSync('a.md', path.join(root, 'notes', 'alias.md'));
    fs.symlinkSync('loop.md', path.join(root, 'notes', 'loop.md'));
    const found = withinBound('findNoteFiles', 1000, () => findNoteFiles([path.join(root, 'notes'), path.join(root, 'notes', '**', '*.md')]));
    assert.deepEqual(found.files, [path.join(root, 'notes', 'a.md')]);
    // A notes path that is itself a loop is reported, not fatal.
    const direct = findNoteFiles([path.join(root, 'notes', 'loop.md')]);
    const reason = direct.skipped[0]?.reason ?? (direct.files.length === 1 ? readFailure(direct.files[0]) : '');
    assert.ok(reason.length > 0, 'the looping path is reported');
  });

  it('a FIFO named like a note is never read (it would block forever)', function () {
    const fifo = path.join(root, 'pipe.md');
    if (spawnSync('mkfifo', [fifo]).status !== 0) this.skip();
    write('a.md', '# a');
    assert.deepEqual(findNoteFiles([root]).files, [path.join(root, 'a.md')]);
    const result = withinBound('readNoteFile on a FIFO', 1000, () => readNoteFile(fifo));
    assert.deepEqual(result, { ok: false, reason: 'not a file' });
  });

  it('a device named as a notes path is refused without reading it', () => {
    assert.equal(withinBound('readNoteFile /dev/zero', 1000, () => readNoteFile('/dev/zero')).ok, false);
  });

  it('a file that vanishes between listing and reading is reported as not found', () => {
    const file = write('gone.md', '# soon gone');
    const found = findNoteFiles([root]);
    fs.rmSync(file);
    assert.deepEqual(found.files.map((f) => readNoteFile(f)), [{ ok: false, reason: 'not found' }]);
  });

  it('missing paths and globs over missing folders are reported, not fatal', () => {
    const found = findNoteFiles([path.join(root, 'nowhere'), path.join(root, 'nowhere', '**', '*.md')]);
    assert.deepEqual(found.files, []);
    assert.ok(found.skipped.length >= 1 && found.skipped.every((s) => s.reason.length > 0));
  });

  it('a folder 200 levels deep is walked without overflowing the stack', () => {
    write(path.join(...Array.from({ length: 200 }, () => 'd'), 'deep.md'), '# deep');
    assert.equal(findNoteFiles([root]).files.length, 1);
  });

  it('a huge folder stops at the file limit and says so', () => {
    for (let i = 0; i < 30; i++) write(`n${i}.md`, '# n');
    const found = findNoteFiles([root], { maxFiles: 10 });
    assert.ok(found.files.length <= 10);
    assert.ok(found.skipped.some((s) => /more than 10 notes/.test(s.reason)));
  });

  it('a glob **/* reads only notes: no binaries, sources or logs, nothing hidden or in tool folders', async () => {
    write('a.md', '# Area\n* _first_: one\n');
    write('sub/b.markdown', '# Area\n* _second_: two\n');
    write('image.png', Uint8Array.from(PNG_HEADER));
    write('src/code.ts', 'export const x = 1;\n');
    write('run.log', 'started\n');
    write('.hidden/h.md', '# h');
    write('node_modules/pkg/d.md', '# d');
    const everything = path.join(root, '**', '*');
    assert.deepEqual(findNoteFiles([everything]).files.map((f) => path.relative(root, f)), ['a.md', path.join('sub', 'b.markdown')]);
    const workspace = new NotesWorkspace();
    await workspace.configure({ entries: [everything], baseFolders: [], ignoreTerms: [], maxFileBytes: DEFAULT_MAX_FILE_BYTES });
    assert.equal(workspace.index.size, 2);
    assert.deepEqual(workspace.status().skipped, []);
  });

  it('a glob docs/** keeps the notes under docs and nothing else', () => {
    write('docs/a.md', '# a');
    write('docs/deep/c.mkd', '# c');
    write('docs/diagram.svg', '<svg/>');
    write('docs/build.sh', 'echo');
    write('other.md', '# other');
    assert.deepEqual(foundUnder(root, {}, 'docs/**'), ['docs/a.md', 'docs/deep/c.mkd']);
  });

  it('a glob that matches only other files says so, while a file named by its path is read whatever its extension', () => {
    const text = write('design.txt', '# a');
    write('notes.txt', '# b');
    const byGlob = findNoteFiles([path.join(root, '*.txt')]);
    assert.deepEqual(byGlob.files, []);
    assert.equal(byGlob.skipped.length, 1);
    assert.match(byGlob.skipped[0].reason, /2 files but no notes.*\.md/);
    assert.deepEqual(findNoteFiles([text]).files, [text]);
  });

  it('the file limit counts notes, not every file the walk passes', () => {
    for (let i = 0; i < 50; i++) write(`src/f${i}.ts`, 'code');
    for (let i = 0; i < 5; i++) write(`n${i}.md`, '# n');
    const expected = Array.from({ length: 5 }, (_, i) => `n${i}.md`);
    for (const entry of [root, path.join(root, '**', '*')]) {
      const found = findNoteFiles([entry], { maxFiles: 10 });
      assert.deepEqual(found.files.map((f) => path.relative(root, f)), expected);
      assert.deepEqual(found.skipped, []);
    }
  });

  it('a walk over many files that are not notes stops at the bound on entries and says so', () => {
    for (let i = 0; i < 40; i++) write(`d${i % 4}/f${i}.log`, 'log');
    write('d3/late.md', '# n');
    // A variable, not a literal: the bound is a field FindOptions did not always have.
    const limits = { maxFiles: 1000, maxEntries: 20 };
    const found = findNoteFiles([path.join(root, '**', '*')], limits);
    assert.ok(found.files.length <= 1);
    assert.equal(found.skipped.length, 1, JSON.stringify(found.skipped));
    assert.match(found.skipped[0].reason, /more than 20 files and folders/);
  });

  it('unreadable files and folders are reported and the rest still read', () => {
    write('ok.md', '# ok');
    const secret = write('secret.md', '# secret');
    write('locked/inner.md', '# inner');
    fs.chmodSync(secret, 0o000);
    fs.chmodSync(path.join(root, 'locked'), 0o000);
    fs.chmodSync(root, 0o755);
    // The superuser reads everything, so run the reader as an ordinary user when we are root.
    const outcome = asOrdinaryUser(root);
    fs.chmodSync(path.join(root, 'locked'), 0o755);
    assert.deepEqual(outcome.files.map((f) => path.basename(f)), ['ok.md', 'secret.md']);
    assert.deepEqual(outcome.reads, [{ ok: true, text: '# ok' }, { ok: false, reason: 'permission denied' }]);
    assert.ok(outcome.skipped.some((s) => s.path.endsWith('locked') && s.reason === 'permission denied'), JSON.stringify(outcome.skipped));
  });


  it('.gitignore files apply relative to their own folder: nested, anchored and unanchored', () => {
    write('.gitignore', '/drafts/\n*.tmp.md\n');
    write('sub/.gitignore', 'private.md\n/local.md\n');
    for (const note of ['a.md', 'x.tmp.md', 'drafts/d.md', 'private.md', 'local.md', 'sub/drafts/d.md', 'sub/y.tmp.md',
      'sub/private.md', 'sub/local.md', 'sub/deeper/private.md', 'sub/deeper/local.md']) write(note, '# n');
    assert.deepEqual(foundUnder(root), ['a.md', 'local.md', 'private.md', 'sub/deeper/local.md', 'sub/drafts/d.md']);
  });

  it('negation re-includes, a nearer .gitignore overrules an outer one, and nothing inside an excluded folder comes back', () => {
    write('.gitignore', 'archive/*\n!archive/keep.md\nsecret*.md\n!secret-shared.md\nbuild/\nold/\n!old/keep.md\n');
    write('sub/.gitignore', '!build/\n');
    for (const note of ['archive/a.md', 'archive/keep.md', 'secret-1.md', 'secret-shared.md', 'build/b.md', 'sub/build/b.md',
      'sub/build/deep/c.md', 'old/keep.md']) write(note, '# n');
    assert.deepEqual(foundUnder(root), ['archive/keep.md', 'secret-shared.md', 'sub/build/b.md', 'sub/build/deep/c.md']);
  });

  it('a pattern ending in a slash matches folders only, and .ignore overrules .gitignore in the same folder', () => {
    write('.gitignore', 'tmp*/\nlater.md\n');
    write('.ignore', '!later.md\n');
    for (const note of ['tmp-notes/a.md', 'tmp-file.md', 'later.md']) write(note, '# n');
    assert.deepEqual(foundUnder(root), ['later.md', 'tmp-file.md']);
  });

  it('an ignored folder is never listed, however large', () => {
    write('.gitignore', 'huge/\n');
    write('a.md', '# a');
    for (let i = 0; i < 50; i++) write(`huge/d${i}/n.md`, '# n');
    // The module object itself: the walk reads `readdirSync` from it at each call.
    const nodeFs = require('node:fs') as { readdirSync: (...args: unknown[]) => unknown };
    const readdirSync = nodeFs.readdirSync;
    const listed: string[] = [];
    nodeFs.readdirSync = (folder: unknown, ...rest: unknown[]) => {
      listed.push(String(folder));
      return readdirSync(folder, ...rest);
    };
    let found: string[];
    try {
      found = foundUnder(root);
    } finally {
      nodeFs.readdirSync = readdirSync;
    }
    assert.deepEqual(found, ['a.md']);
    assert.deepEqual(listed, [root], 'only the notes folder itself is listed');
  });

  it('.git and node_modules stay skipped even when a .gitignore re-includes them', () => {
    write('.gitignore', '!.git/\n!node_modules/\n');
    write('a.md', '# a');
    write('.git/c.md', '# c');
    write('node_modules/pkg/d.md', '# d');
    assert.deepEqual(foundUnder(root), ['a.md']);
  });

  it('ignored notes are left out of globs too, and a note named directly is read whatever the ignore files say', () => {
    write('.gitignore', 'hidden.md\n');
    const hidden = write('docs/hidden.md', '# h');
    write('docs/shown.md', '# s');
    assert.deepEqual(findNoteFiles([path.join(root, '**', '*.md')]).files, [path.join(root, 'docs', 'shown.md')]);
    assert.deepEqual(findNoteFiles([hidden]).files, [hidden]);
  });

  it('the walk agrees with git about which notes an untracked tree leaves out', function () {
    const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    if (git('init', '-q').status !== 0) this.skip();
    write('.gitignore', '*.log.md\n/top-only.md\ngen/\narchive/*\n!archive/keep*.md\nbuild/\n**/scratch/**\nnotes/**/wip-*.md\n');
    write('a/.gitignore', '!build/\n*.md\n!important.md\n');
    write('a/b/.gitignore', '!*.md\n/gen.md\n');
    const notes = ['top-only.md', 'a/top-only.md', 'x.log.md', 'gen/a.md', 'a/gen/b.md', 'archive/old.md', 'archive/keep-1.md',
      'archive/sub/keep-2.md', 'build/c.md', 'a/build/c.md', 'a/important.md', 'a/other.md', 'a/b/other.md', 'a/b/gen.md',
      'a/b/c/gen.md', 'a/b/x.log.md', 'p/scratch/s.md', 'p/scratch/q/s.md', 'notes/wip-1.md', 'notes/x/wip-2.md', 'notes/x/done.md'];
    for (const note of notes) write(note, '# n');
    const listed = git('ls-files', '--others', '--exclude-standard', '-z');
    assert.equal(listed.status, 0, listed.stderr);
    const byGit = listed.stdout.split('\0').filter((f) => f.endsWith('.md')).sort();
    assert.ok(byGit.length > 3 && byGit.length < notes.length, `git keeps some notes and leaves out others: ${byGit.join(', ')}`);
    assert.deepEqual(foundUnder(root), byGit);
  });

  it('an unreadable .gitignore is reported and passed over, and an ignored unreadable folder is not reported', () => {
    write('a.md', '# a');
    write('open/.gitignore', '*.md\n');
    write('open/o.md', '# o');
    write('.gitignore', 'locked/\n');
    write('locked/inner.md', '# inner');
    fs.chmodSync(path.join(root, 'open', '.gitignore'), 0o000);
    fs.chmodSync(path.join(root, 'locked'), 0o000);
    fs.chmodSync(root, 0o755);
    const outcome = asOrdinaryUser(root);
    fs.chmodSync(path.join(root, 'locked'), 0o755);
    assert.deepEqual(outcome.files.map((f) => path.relative(root, f)), ['a.md', path.join('open', 'o.md')]);
    assert.deepEqual(outcome.skipped, [{ path: path.join(root, 'open', '.gitignore'), reason: 'its ignore rules are not applied: permission denied' }]);
  });

  it('an ignore file that is a FIFO, a folder or a link is not read and does not block', function () {
    if (spawnSync('mkfifo', [path.join(root, '.gitignore')]).status !== 0) this.skip();
    write('folder/.gitignore/x.md', '# x');
    write('target', '*.md\n');
    fs.mkdirSync(path.join(root, 'linked'));
    fs.symlinkSync(path.join(root, 'target'), path.join(root, 'linked', '.gitignore'));
    write('linked/l.md', '# l');
    const found = withinBound('findNoteFiles with odd ignore files', 1000, () => foundUnder(root));
    assert.deepEqual(found, ['folder/.gitignore/x.md', 'linked/l.md']);
  });

  it('a note created later in an ignored place is not indexed, and one in a plain place is', async () => {
    write('.gitignore', 'drafts/\n');
    write('sub/.gitignore', 'private.md\n');
    write('a.md', '# Area\n* _first_: one\n');
    const workspace = new NotesWorkspace();
    await workspace.configure({ entries: [root], baseFolders: [], ignoreTerms: [], maxFileBytes: DEFAULT_MAX_FILE_BYTES });
    const later = ['drafts/d.md', 'sub/private.md', 'node_modules/m.md', 'sub/shown.md'].map((note) => write(note, '# Area\n* _later_: two\n'));
    for (const file of later) workspace.fileChanged(file);
    assert.deepEqual(later.map((file) => workspace.isNoteFile(file)), [false, false, false, true]);
    assert.deepEqual(later.map((file) => workspace.index.note(fileToUri(file)) !== undefined), [false, false, false, true]);
    const exclusions = new WalkExclusions();
    assert.deepEqual(later.map((file) => exclusions.excludes(root, file)), [true, true, true, false]);
  });
});

function readFailure(file: string): string {
  const result = readNoteFile(file);
  return result.ok ? '' : result.reason;
}

interface Outcome {
  files: string[];
  skipped: { path: string; reason: string }[];
  reads: unknown[];
}

/** findNoteFiles and readNoteFile on `folder`, run as uid 65534 when this process is root. */
function asOrdinaryUser(folder: string): Outcome {
  const asRoot = process.getuid?.() === 0;
  const modulePath = asRoot ? readableNoteFilesModule() : require.resolve('../../server/src/core/notes/noteFiles');
  const script = `const m = require(${JSON.stringify(modulePath)});
    const found = m.findNoteFiles([${JSON.stringify(folder)}]);
    process.stdout.write(JSON.stringify({ ...found, reads: found.files.map((f) => m.readNoteFile(f)) }));`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as Outcome;
}

let readableModule: string | undefined;

/**
 * noteFiles bundled on its own into a folder any user may read. The checkout may sit where an
 * ordinary user cannot reach (a clone in a private temporary folder), and the module needs its
 * packages: the ordinary user runs this copy instead.
 */
function readableNoteFilesModule(): string {
  if (readableModule) return readableModule;
  const folder = scratchFolder('an-notefiles-module-');
  fs.chmodSync(folder, 0o755);
  const out = path.join(folder, 'noteFiles.js');
  const root = path.join(__dirname, '..', '..', '..');
  esbuild.buildSync({ entryPoints: [path.join(root, 'server', 'src', 'core', 'notes', 'noteFiles.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'silent' });
  fs.chmodSync(out, 0o644);
  return (readableModule = out);
}
