// `architecture-notes`: the notes engine from a terminal. Every command reads the bundled
// notes plus any `--notes` paths; `--json` prints for programs instead of people. Errors are
// one clear line on stderr and a non-zero exit, never a stack trace.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundledNotesFolder, loadNotes, type LoadedNotes } from './core/workspace/load';
import { decodeNoteBytes, DEFAULT_MAX_FILE_BYTES, formatBytes } from './core/notes/noteFiles';
import { repairEncoding } from './core/notes/encodingRepair';
import { explainDocument, referencesFor, termsInDocument } from './core/query/lookup';
import { resolveWikilink } from './core/query/wikilinks';
import { NotesSearch, type SearchKind } from './core/query/search';
import { sectionLabel, stripInvisible, termText } from './core/query/present';
import { plainEntry } from './core/index/termEntries';
import { LineIndex } from './core/text/lines';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseConceptNotesChoice, type ConceptNotesChoice } from './core/formats/vault/conceptChoice';

const USAGE = `Usage: architecture-notes <command> [arguments] [options]

Commands:
  define <term>          what the notes say about a term, with its references; a term they do
                         not define exits 1, naming the closest terms they do
  search <query>         ranked search over terms, topics, quotes and links
  terms                  every term the notes define
  scan <design-doc>      every known term in a file, with line, column and definition
  repair <file>          repaired text to stdout, ambiguous spots to stderr (exit 1 if any)
  check [notes...]       problems in notes (encoding damage, bytes that are not UTF-8, empty or
                         duplicate definitions, cross-references to missing notes, entries
                         left out past a limit)

Options:
  --notes <path>         add notes (file, folder or glob); may be repeated
  --no-bundled           leave out the notes shipped with Architecture Notes
  --concept-notes <c>    which vault notes define terms, as the conceptNotes setting: all
                         (the default), tagged:<tag>,… or folders:<folder>,…
  --json                 print JSON for programs
  --explain              scan: also the occurrences not hovered, each with the relevance
                         step that left it out (admission, markup, written, sense, topicality;
                         scope: a glossary that does not apply to the file; off: kept quiet by
                         ignoreTerms, a hover: off mark or only a loose definition)
  --kind <kinds>         search only these kinds (comma-separated: term,topic,quote,link)
  --write                repair: rewrite the file in place (atomically), keeping <file>.orig
  --no-backup            repair --write: do not keep <file>.orig
  --force                repair --write: replace the file even if it is read-only
  -h, --help             this text`;

class UsageError extends Error {}

/** Points where a test may act while a command runs. */
export interface CliHooks {
  /** `repair --write`: the repaired file is ready beside the original, about to replace it. */
  beforeReplace?: (file: string) => void;
}

interface Options {
  command: string;
  args: string[];
  notes: string[];
  bundled: boolean;
  json: boolean;
  kinds?: SearchKind[];
  write: boolean;
  backup: boolean;
  force: boolean;
  explain?: boolean;
  conceptNotes?: ConceptNotesChoice;
}

function parseArguments(argv: string[]): Options {
  const options: Options = { command: '', args: [], notes: [], bundled: true, json: false, write: false, backup: true, force: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--notes') {
      const value = argv[++i];
      if (!value) throw new UsageError('--notes needs a path');
      options.notes.push(value);
    } else if (arg === '--concept-notes') {
      const value = argv[++i];
      if (!value) throw new UsageError('--concept-notes needs a choice: all, tagged:<tag> or folders:<folder>');
      const choice = parseConceptNotesChoice(value);
      if (typeof choice === 'string') throw new UsageError(choice.replace(/^conceptNotes/, '--concept-notes'));
      options.conceptNotes = choice;
    } else if (arg === '--no-bundled') options.bundled = false;
    else if (arg === '--json') options.json = true;
    else if (arg === '--explain') options.explain = true;
    else if (arg === '--write') options.write = true;
    else if (arg === '--no-backup') options.backup = false;
    else if (arg === '--force') options.force = true;
    else if (arg === '--kind') {
      const value = argv[++i] ?? '';
      const kinds = value.split(',').map((k) => k.trim()).filter(Boolean);
      const unknown = kinds.filter((k) => !['term', 'topic', 'quote', 'link'].includes(k));
      if (kinds.length === 0 || unknown.length > 0) throw new UsageError(`--kind takes term, topic, quote or link (got "${value}")`);
      options.kinds = kinds as SearchKind[];
    } else if (arg === '-h' || arg === '--help') options.command = 'help';
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else if (!options.command) options.command = arg;
    else options.args.push(arg);
  }
  return options;
}

function load(options: Options, extra: string[] = []): LoadedNotes {
  const entries = [...options.notes, ...extra];
  if (options.bundled) {
    const bundled = bundledNotesFolder();
    if (bundled) entries.unshift(bundled);
  }
  if (entries.length === 0) throw new UsageError('no notes to read: give --notes <path>');
  const loaded = loadNotes(entries, { readOptions: { conceptNotes: options.conceptNotes } });
  for (const skipped of loaded.skipped) process.stderr.write(stripInvisible(`skipped ${skipped.path}: ${skipped.reason}`) + '\n');
  return loaded;
}

type TextEncoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be';

function readText(file: string): string {
  return readNote(file).text;
}

/** What was read of a file: its bytes, and its metadata from before they were read. */
interface FileRead {
  bytes: Buffer;
  stat: fs.Stats;
}

/** A file's text and the encoding it was written in (by its byte order mark), with what was read. */
function readNote(file: string): { text: string; encoding: TextEncoding; read: FileRead } {
  const read = readRegularFile(file);
  const { bytes } = read;
  const decoded = decodeNoteBytes(bytes, DEFAULT_MAX_FILE_BYTES);
  if (!decoded.ok) throw new UsageError(`cannot read ${file}: ${decoded.reason}`);
  const encoding: TextEncoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf16le'
    : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf16be'
    : bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 'utf8-bom' : 'utf8';
  return { text: decoded.text, encoding, read };
}

/**
 * The bytes of a regular file no larger than the server reads notes up to, with its metadata
 * from before they were read. Opened without blocking, so a FIFO with no writer cannot stall the
 * open, and checked on the opened descriptor, so what is read is what was checked: a pipe, a
 * device (/dev/zero never ends), a folder or a socket is refused, and so is a file over the
 * limit, however much it grows while being read.
 */
function readRegularFile(file: string): FileRead {
  let descriptor: number;
  try {
    descriptor = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${readError(error)}`);
  }
  try {
    const stat = fs.fstatSync(descriptor);
    if (!stat.isFile()) throw new UsageError(`cannot read ${file}: ${notRegular(stat)}`);
    if (stat.size > DEFAULT_MAX_FILE_BYTES) throw tooLarge(file, `${formatBytes(stat.size)} > ${formatBytes(DEFAULT_MAX_FILE_BYTES)}`);
    const bytes = readAtMost(descriptor, DEFAULT_MAX_FILE_BYTES + 1);
    if (bytes.length > DEFAULT_MAX_FILE_BYTES) throw tooLarge(file, `it grew past ${formatBytes(DEFAULT_MAX_FILE_BYTES)} while being read`);
    return { bytes, stat };
  } catch (error) {
    throw error instanceof UsageError ? error : new UsageError(`cannot read ${file}: ${readError(error)}`);
  } finally {
    fs.closeSync(descriptor);
  }
}

/** Reads from the descriptor until its end or `limit` bytes, whichever comes first. */
function readAtMost(descriptor: number, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, limit - total));
    const count = fs.readSync(descriptor, chunk, 0, chunk.length, null);
    if (count === 0) break;
    chunks.push(chunk.subarray(0, count));
    total += count;
  }
  return Buffer.concat(chunks, total);
}

function tooLarge(file: string, detail: string): UsageError {
  return new UsageError(`cannot read ${file}: larger than the limit (${detail})`);
}

function notRegular(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'it is a folder';
  if (stat.isFIFO()) return 'it is a pipe, not a regular file';
  if (stat.isSocket()) return 'it is a socket, not a regular file';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'it is a device, not a regular file';
  return 'not a regular file';
}

function readError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
}

/** Text as bytes in the encoding a file had, its byte order mark included. */
function encode(text: string, encoding: TextEncoding): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be': {
      const body = Buffer.from(text, 'utf16le');
      body.swap16();
      return Buffer.concat([Buffer.from([0xfe, 0xff]), body]);
    }
  }
}

/** Text for one line of output: a match may run over a line break ("head-of-line\nblocking"), which would break one hit per line. */
function oneLine(text: string): string {
  return stripInvisible(text).replace(/\s+/g, ' ');
}

function print(json: boolean, value: unknown, text: string): void {
  // Text for people comes from notes: no escape sequence or bidi control may reach the terminal.
  process.stdout.write(json ? JSON.stringify(value, null, 2) + '\n' : stripInvisible(text) + '\n');
}

function displayPath(uri: string): string {
  try {
    return path.relative(process.cwd(), fileURLToPath(uri)) || uri;
  } catch {
    return uri;
  }
}

function run(options: Options, hooks: CliHooks): number {
  switch (options.command) {
    case '':
    case 'help':
      process.stdout.write(USAGE + '\n');
      return options.command === 'help' ? 0 : 2;

    case 'define': {
      const phrase = options.args.join(' ').trim();
      if (!phrase) throw new UsageError('define needs a term, e.g. architecture-notes define "circuit breaker"');
      const { index } = load(options);
      const entries = index.lookupExact(phrase);
      if (entries.length === 0) {
        // A name a letter or two away (IPv6 for IPv4, a slip of the keyboard) is not the term
        // asked for: it is offered as the closest, never printed as if it were the answer.
        const closest = index.lookup(phrase);
        const closestCards = closest.map((entry) => ({ ...plainEntry(entry), match: 'closest' as const, references: referencesFor(index, entry.term, entry) }));
        const closestLine = closest.length > 0 ? `closest: ${closest.map((entry) => stripInvisible(entry.term)).join(', ')}` : '';
        const mentions = index.mentions(phrase, 10);
        if (mentions.length === 0) {
          if (options.json && closest.length > 0) print(true, { term: phrase, definitions: [], closest: closestCards }, '');
          process.stderr.write(stripInvisible(`"${phrase}" is not defined${closest.length > 0 ? `; ${closestLine}` : ' or mentioned in the notes'}.`) + '\n');
          return 1;
        }
        const references = referencesFor(index, phrase);
        print(options.json, { term: phrase, definitions: [], mentions, references, ...(closest.length > 0 ? { closest: closestCards } : {}) },
          `"${phrase}" has no definition, but the notes mention it:\n` +
          mentions.map((m) => `  ${displayPath(m.uri)}:${m.line.line + 1}  ${stripInvisible(m.line.text)}`).join('\n') +
          (closest.length > 0 ? `\n${closestLine}` : ''));
        return 0;
      }
      const cards = entries.map((entry) => ({ entry, references: referencesFor(index, phrase, entry) }));
      print(options.json, cards.map(({ entry, references }) => ({ ...plainEntry(entry), references })),
        cards.map(({ entry, references }) => termText(entry, references)).join('\n\n'));
      return 0;
    }

    case 'search': {
      const query = options.args.join(' ').trim();
      if (!query) throw new UsageError('search needs a query');
      const { index } = load(options);
      const results = new NotesSearch(index).search(query, { kinds: options.kinds, limit: 30 });
      if (results.length === 0) {
        process.stderr.write(`nothing in the notes matches "${query}".\n`);
        return 1;
      }
      print(options.json, results, results.map((r) =>
        `${r.kind.padEnd(5)}  ${stripInvisible(r.label)}  —  ${sectionLabel(r.sectionPath)}${r.url ? `  ${r.url}` : ''}${r.alsoIn ? `  (also in ${r.alsoIn} other ${r.alsoIn === 1 ? 'place' : 'places'})` : ''}`).join('\n'));
      return 0;
    }

    case 'terms': {
      const { index } = load(options);
      const entries = [...index.terms()].sort((a, b) => a.term.localeCompare(b.term));
      print(options.json, entries.map((e) => ({ term: e.term, names: e.names, definitions: e.definitions.length })),
        entries.map((e) => `${stripInvisible(e.term)}${e.names.length > 1 ? `  (${e.names.filter((n) => n !== e.term).map(stripInvisible).join(', ')})` : ''}`).join('\n'));
      return 0;
    }

    case 'scan': {
      const file = options.args[0];
      if (!file) throw new UsageError('scan needs a file, e.g. architecture-notes scan design.md');
      const text = readText(file);
      const { index } = load(options);
      const lines = new LineIndex(text);
      const markdown = /\.(md|markdown)$/i.test(file);
      // Where the file is decides which Contextive glossaries apply to it, as in the editor.
      const documentUri = pathToFileURL(path.resolve(file)).href;
      if (options.explain) {
        const explained = explainDocument(index, text, markdown, documentUri).map((o) => ({ ...lines.positionAt(o.start), text: o.text, term: o.entry.term, verdict: o.verdict }));
        const why = (verdict: string) => (verdict === 'mention' ? 'hovered' : verdict === 'scope' ? 'left out: its glossary does not apply to this file' : verdict === 'off' ? 'left out: kept quiet (ignoreTerms, a hover: off mark, or only a loose definition)' : `left out by ${verdict}`);
        print(options.json, explained, explained.map((e) => `${file}:${e.line + 1}:${e.character + 1}  ${oneLine(e.text)}  →  ${oneLine(e.term)}  ${why(e.verdict)}`).join('\n'));
        return 0;
      }
      const found = termsInDocument(index, text, markdown, documentUri)
        .flatMap(({ entry, occurrences }) => occurrences.map((o) => ({ ...lines.positionAt(o.start), text: o.text, term: entry.term, definition: entry.definitions[0]?.text ?? '' })))
        .sort((a, b) => a.line - b.line || a.character - b.character);
      print(options.json, found, found.length === 0 ? `no known terms in ${file}` :
        found.map((f) => `${file}:${f.line + 1}:${f.character + 1}  ${oneLine(f.text)}  →  ${oneLine(f.term)}: ${oneLine(f.definition).slice(0, 100)}`).join('\n'));
      return 0;
    }

    case 'repair': {
      const file = options.args[0];
      if (!file) throw new UsageError('repair needs a file');
      const { text: original, encoding, read } = readNote(file);
      if (options.write && !options.force && isReadOnly(file, read.stat)) throw new UsageError(`${file} is read-only; it is unchanged (--force replaces it anyway)`);
      const result = repairEncoding(original);
      const lines = new LineIndex(original);
      for (const spot of result.ambiguities) {
        const at = lines.positionAt(spot.originalStart);
        process.stderr.write(stripInvisible(`${file}:${at.line + 1}:${at.character + 1}: a byte was lost here; it was one of ${spot.candidates.join(' ')} (wrote ${spot.candidates[0]})`) + '\n');
      }
      if (options.write) {
        if (!result.changed) {
          process.stderr.write(`${file} has no encoding damage\n`);
        } else {
          const kept = writeAtomically(file, encode(result.text, encoding), read, options.backup, hooks.beforeReplace);
          process.stderr.write(`repaired ${result.repairs.length + result.ambiguities.length} spots in ${file}${kept ? ` (original kept as ${kept})` : ''}\n`);
        }
      } else {
        process.stdout.write(result.text);
      }
      return result.ambiguities.length > 0 ? 1 : 0;
    }

    case 'check': {
      const { index } = options.args.length > 0 ? load({ ...options, bundled: false }, options.args) : load(options);
      // "No problems" about notes that were never read would be a false all-clear.
      if (index.size === 0) throw new UsageError('no notes were read, so none were checked (see the skipped paths above)');
      const known = new Set([...index.notes()].map((n) => path.basename(fileURLToPath(n.uri)).toLowerCase()));
      const problems = [...index.notes()].flatMap((note) => [
        ...note.problems.map((p) => ({ uri: note.uri, ...p })),
        ...note.crossReferences.filter((ref) => !ref.wikilink && !known.has(path.basename(ref.file).toLowerCase())).map((ref) => ({
          uri: note.uri, kind: 'missing-note', message: `\`${ref.file}\` is not among the indexed notes.`, range: ref.fileRange, candidates: undefined,
        })),
        ...note.crossReferences.filter((ref) => ref.wikilink && !resolveWikilink(index, ref.file)).map((ref) => ({
          uri: note.uri, kind: 'broken-wikilink', message: `[[${ref.file}]] leads nowhere: no indexed note has this name, title or alias.`, range: ref.fileRange, candidates: undefined,
        })),
      ]).sort((a, b) => a.uri.localeCompare(b.uri) || a.range.start.line - b.range.start.line);
      print(options.json, problems, problems.length === 0 ? 'no problems found' :
        problems.map((p) => `${displayPath(p.uri)}:${p.range.start.line + 1}:${p.range.start.character + 1}  ${p.kind}  ${p.message}`).join('\n'));
      return problems.length > 0 ? 1 : 0;
    }

    default:
      throw new UsageError(`unknown command "${options.command}"\n\n${USAGE}`);
  }
}

/**
 * Whether a file is not to be written: marked read-only (no write bit for its owner, as editors
 * show it), or not writable by this user. The rename that replaces a file needs only the
 * folder's permission, and the superuser may write anything, so neither stops it by itself.
 */
function isReadOnly(file: string, stat: fs.Stats): boolean {
  if ((stat.mode & 0o200) === 0) return true;
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return false;
  } catch {
    return true;
  }
}

/**
 * Replaces a file's content so that it is never half written: the new bytes go to a temporary
 * file beside it (created exclusively, so nothing planted at that name is followed), reach the
 * disk, take the file's permissions and are renamed over it, but only if the file is still what
 * was read (`original`): an edit saved meanwhile is kept and the repair refused. A symlink is
 * followed to the file it names, so the link stays a link. With `backup`, the bytes that were
 * read go to `<file>.orig` first, which must not exist yet: an older original is never
 * overwritten. On any failure the file is as it was and neither file is left behind. Returns
 * the backup's path, if one was kept.
 */
function writeAtomically(file: string, bytes: Buffer, original: FileRead, backup: boolean, beforeReplace?: (file: string) => void): string | undefined {
  let target = file;
  let temporary = '';
  const created: string[] = [];
  let renamed = false;
  try {
    target = fs.realpathSync(file);
    const mode = original.stat.mode & 0o7777;
    temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
    writeNewFile(temporary, bytes, mode, created);
    if (backup) writeNewFile(target + '.orig', original.bytes, mode, created);
    beforeReplace?.(file);
    // Everything slow is done: the check and the rename follow each other directly.
    assertUnchanged(file, target, original);
    fs.renameSync(temporary, target);
    renamed = true;
    return backup ? target + '.orig' : undefined;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EEXIST' && created.length === 0 ? `a file named ${temporary} is in the way`
      : code === 'EEXIST' ? `${target}.orig already exists; move it away, or repair with --no-backup`
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'permission denied'
      : error instanceof Error ? error.message : String(error);
    throw new UsageError(`cannot write ${file}: ${reason}; it is unchanged`);
  } finally {
    if (!renamed) for (const made of created) fs.rmSync(made, { force: true });
  }
}

/** Writes bytes to a new file (never one already there) with this mode, through to the disk, and notes it in `created`. */
function writeNewFile(name: string, bytes: Buffer, mode: number, created: string[]): void {
  const descriptor = fs.openSync(name, 'wx', mode);
  created.push(name);
  try {
    fs.writeFileSync(descriptor, bytes);
    fs.fchmodSync(descriptor, mode); // open() applied the umask to the mode
    fs.fsyncSync(descriptor);
  } finally {
    fs.closeSync(descriptor);
  }
}

/**
 * Refuses to replace a file that is no longer what was read: saved meanwhile by an editor or
 * anyone else. The bytes on disk are hashed against those read (a write of the same size within
 * the same timestamp shows only there), then size and modification time are taken last, so a
 * write that landed while the bytes were being re-read shows too. What remains is the time
 * between that stat and the rename after it: a write landing there is still lost (and is not in
 * `.orig` either). Only a lock that every editor honoured would close it; there is none.
 */
function assertUnchanged(file: string, target: string, original: FileRead): void {
  const changed = new UsageError(`${file} changed while it was being repaired; it is unchanged, run repair again`);
  let now: Buffer;
  try {
    now = readRegularFile(target).bytes;
  } catch {
    throw changed;
  }
  if (sha256(now) !== sha256(original.bytes)) throw changed;
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat || stat.size !== original.stat.size || stat.mtimeMs !== original.stat.mtimeMs) throw changed;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function main(argv: string[], hooks: CliHooks = {}): number {
  try {
    return run(parseArguments(argv), hooks);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`architecture-notes: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`architecture-notes: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 70;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

