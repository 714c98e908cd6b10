// dist/server.js, what an editor starts (`node dist/server.js --stdio`): it loads the server's
// bundle, dist/server-main.js (main.ts). Given `--code-cache=<folder>`, a folder only this user
// writes to (VS Code's client passes the extension's global storage), it loads the bundle with
// V8's code cache: compiling the bundle's code was a third of the time from the process's start
// to its first hover with the bundled notes (see BENCHMARKS.md, "The server's code cache").
//
// Node's own compile cache (module.enableCompileCache, Node 22.1 and later) caches only the code
// compiled as a script is loaded, 0.2 MB of it here; the cache written here is taken once the
// server has indexed and answered (CACHE_AFTER_MS), so it also holds the functions compiled on
// the way to the first hover, and it works on every Node an editor runs (Node 20 included).
// Nothing here may stop the server from starting: a cache that cannot be read, is refused by V8
// (another Node, other flags) or cannot be written is simply not used.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { expandHome } from './core/notes/homeFolder';

const BUNDLE = path.join(__dirname, 'server-main.js');
/** How long after the start the cache is taken: by then the server has usually indexed and answered. */
const CACHE_AFTER_MS = 3000;
/** Far above the cache of this bundle (about 1.2 MB). */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
/** A cache file starts with the SHA-1 of the rest. */
const DIGEST_BYTES = 20;
const CACHE_OPTION = '--code-cache=';

const folder = cacheFolder(process.argv.find((arg) => arg.startsWith(CACHE_OPTION))?.slice(CACHE_OPTION.length));
if (folder) runWithCodeCache(folder);
else require('./server-main.js');

/**
 * The folder the option names: `~` is the home folder (an editor starts the server from a list
 * of arguments, with no shell to expand it); a relative path would land in whatever folder the
 * editor started the server in, so it is refused with a line on stderr.
 */
function cacheFolder(given: string | undefined): string | undefined {
  const trimmed = given?.trim();
  if (!trimmed) return undefined;
  const expanded = expandHome(trimmed);
  if (path.isAbsolute(expanded)) return path.normalize(expanded);
  process.stderr.write(`architecture-notes: --code-cache needs an absolute folder, not "${given}": started without a code cache.\n`);
  return undefined;
}

function runWithCodeCache(folder: string): void {
  const source = fs.readFileSync(BUNDLE, 'utf8');
  // V8 checks the cache against its own version and flags and the source's length only: the
  // file's name carries a hash of the source, so that another build of the same length never
  // reads this one's code.
  const name = `server-${createHash('sha1').update(source).update(`${process.version} ${process.arch}`).digest('hex').slice(0, 16)}.code-cache`;
  const file = path.join(folder, name);
  const cachedData = readCache(file);
  // The bundle runs as Node runs a CommonJS module: in a function of these five names.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: BUNDLE, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) setTimeout(() => writeCache(folder, name, script), CACHE_AFTER_MS).unref();
  const bundle = { exports: {} };
  (script.runInThisContext() as (exports: object, require: NodeRequire, module: object, filename: string, dirname: string) => void)(bundle.exports, require, bundle, BUNDLE, __dirname);
}

/**
 * The cache in `file` when it is a regular file of a plausible size (not a FIFO, not /dev/zero
 * behind a link) whose contents match the digest it starts with, else undefined.
 */
function readCache(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size <= DIGEST_BYTES || stat.size > MAX_CACHE_BYTES) return undefined;
    const bytes = fs.readFileSync(fd);
    // V8 checks a cache's header, not its contents: damaged contents (zeroed blocks of a file
    // whose write a power loss cut short) crashed the process while V8 read them.
    const data = bytes.subarray(DIGEST_BYTES);
    return createHash('sha1').update(data).digest().equals(bytes.subarray(0, DIGEST_BYTES)) ? data : undefined;
  } catch {
    return undefined; // none yet, or unreadable: compiled as without a cache
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Writes the cache, then removes the caches of other builds and the temporaries of writes that
 * never finished (a server killed while writing); another server's write under way then fails
 * to rename and is taken again on its next start.
 */
function writeCache(folder: string, name: string, script: vm.Script): void {
  const temporary = path.join(folder, `${name}.${process.pid}.tmp`);
  try {
    fs.mkdirSync(folder, { recursive: true });
    const data = script.createCachedData();
    const fd = fs.openSync(temporary, 'w');
    try {
      fs.writeFileSync(fd, createHash('sha1').update(data).digest());
      fs.writeFileSync(fd, data);
      // On the disk before the name points at it: a power loss then leaves the old cache or the new one.
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, path.join(folder, name));
    for (const other of fs.readdirSync(folder)) if (other !== name && /^server-[0-9a-f]{16}\.code-cache(?:\.\d+\.tmp)?$/.test(other)) fs.rmSync(path.join(folder, other), { force: true });
  } catch (error) {
    process.stderr.write(`architecture-notes: code cache not written in ${folder} (${error instanceof Error ? error.message : String(error)}).\n`);
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // nothing was written
    }
  }
}
