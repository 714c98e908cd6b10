// `architecture-notes`: the notes engine from a terminal. Every command reads the bundled
// notes plus any `--notes` paths; `--json` prints for programs instead of people. Errors are
// one clear line on stderr and a non-zero exit, never a stack trace.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundledNotesFolder, loadNotes, type LoadedNotes } from './core/load';
import { decodeNoteBytes, DEFAULT_MAX_FILE_BYTES } from './core/noteFiles';
import { repairEncoding } from './core/repair';
import { referencesFor, termsInDocument } from './core/lookup';
import { NotesSearch, type SearchKind } from './core/search';
import { sectionLabel, stripInvisible, termText } from './core/present';
import { LineIndex } from './core/text';
import { fileURLToPath } from 'node:url';

const USAGE = `Usage: architecture-notes <command> [arguments] [options]

Commands:
  define <term>          what the notes say about a term, with its references
  search <query>         ranked search over terms, topics, quotes and links
  terms                  every term the notes define
  scan <design-doc>      every known term in a file, with line, column and definition
  repair <file>          repaired text to stdout, ambiguous spots to stderr (exit 1 if any)
  check [notes...]       problems in notes (encoding damage, empty or duplicate definitions,
                         cross-references to missing notes)

Options:
  --notes <path>         add notes (file, folder or glob); may be repeated
  --no-bundled           leave out the notes shipped with Architecture Notes
  --json                 print JSON for programs
  --kind <kinds>         search only these kinds (comma-separated: term,topic,quote,link)
  --write                repair: rewrite the file in place (atomically), keeping <file>.orig
  --no-backup            repair --write: do not keep <file>.orig
  -h, --help             this text`;

class UsageError extends Error {}

interface Options {
  command: string;
  args: string[];
  notes: string[];
  bundled: boolean;
  json: boolean;
  kinds?: SearchKind[];
  write: boolean;
  backup: boolean;
}

function parseArguments(argv: string[]): Options {
  const options: Options = { command: '', args: [], notes: [], bundled: true, json: false, write: false, backup: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--notes') {
      const value = argv[++i];
      if (!value) throw new UsageError('--notes needs a path');
      options.notes.push(value);
    } else if (arg === '--no-bundled') options.bundled = false;
    else if (arg === '--json') options.json = true;
    else if (arg === '--write') options.write = true;
    else if (arg === '--no-backup') options.backup = false;
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
  const loaded = loadNotes(entries);
  for (const skipped of loaded.skipped) process.stderr.write(stripInvisible(`skipped ${skipped.path}: ${skipped.reason}`) + '\n');
  return loaded;
}

function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message}`);
  }
  const decoded = decodeNoteBytes(bytes, DEFAULT_MAX_FILE_BYTES * 4);
  if (!decoded.ok) throw new UsageError(`cannot read ${file}: ${decoded.reason}`);
  return decoded.text;
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

function run(options: Options): number {
  switch (options.command) {
    case '':
    case 'help':
      process.stdout.write(USAGE + '\n');
      return options.command === 'help' ? 0 : 2;

    case 'define': {
      const phrase = options.args.join(' ').trim();
      if (!phrase) throw new UsageError('define needs a term, e.g. architecture-notes define "circuit breaker"');
      const { index } = load(options);
      const entries = index.lookup(phrase);
      if (entries.length === 0) {
        const mentions = index.mentions(phrase, 10);
        if (mentions.length === 0) {
          process.stderr.write(`"${phrase}" is not defined or mentioned in the notes.\n`);
          return 1;
        }
        const references = referencesFor(index, phrase);
        print(options.json, { term: phrase, definitions: [], mentions, references },
          `"${phrase}" has no definition, but the notes mention it:\n` +
          mentions.map((m) => `  ${displayPath(m.uri)}:${m.line.line + 1}  ${stripInvisible(m.line.text)}`).join('\n'));
        return 0;
      }
      const cards = entries.map((entry) => ({ entry, references: referencesFor(index, phrase, entry) }));
      print(options.json, cards.map(({ entry, references }) => ({ ...entry, references })),
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
        `${r.kind.padEnd(5)}  ${stripInvisible(r.label)}  —  ${sectionLabel(r.sectionPath)}${r.url ? `  ${r.url}` : ''}`).join('\n'));
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
      const found = termsInDocument(index, text, markdown)
        .flatMap(({ entry, occurrences }) => occurrences.map((o) => ({ ...lines.positionAt(o.start), text: o.text, term: entry.term, definition: entry.definitions[0]?.text ?? '' })))
        .sort((a, b) => a.line - b.line || a.character - b.character);
      print(options.json, found, found.length === 0 ? `no known terms in ${file}` :
        found.map((f) => `${file}:${f.line + 1}:${f.character + 1}  ${stripInvisible(f.text)}  →  ${stripInvisible(f.term)}: ${stripInvisible(f.definition).slice(0, 100)}`).join('\n'));
      return 0;
    }

    case 'repair': {
      const file = options.args[0];
      if (!file) throw new UsageError('repair needs a file');
      const original = readText(file);
      const result = repairEncoding(original);
      const lines = new LineIndex(original);
      for (const spot of result.ambiguities) {
        const at = lines.positionAt(spot.originalStart);
        process.stderr.write(stripInvisible(`${file}:${at.line + 1}:${at.character + 1}: a byte was lost here; it was one of ${spot.candidates.join(' ')} (wrote ${spot.candidates[0]})`) + '\n');
      }
      if (options.write) {
        if (result.changed) writeAtomically(file, result.text, options.backup);
        process.stderr.write(result.changed ? `repaired ${result.repairs.length + result.ambiguities.length} spots in ${file}${options.backup ? ` (original kept as ${file}.orig)` : ''}\n` : `${file} has no encoding damage\n`);
      } else {
        process.stdout.write(result.text);
      }
      return result.ambiguities.length > 0 ? 1 : 0;
    }

    case 'check': {
      const { index } = options.args.length > 0 ? load({ ...options, bundled: false }, options.args) : load(options);
      const known = new Set([...index.notes()].map((n) => path.basename(fileURLToPath(n.uri)).toLowerCase()));
      const problems = [...index.notes()].flatMap((note) => [
        ...note.problems.map((p) => ({ uri: note.uri, ...p })),
        ...note.crossReferences.filter((ref) => !known.has(path.basename(ref.file).toLowerCase())).map((ref) => ({
          uri: note.uri, kind: 'missing-note', message: `\`${ref.file}\` is not among the indexed notes.`, range: ref.fileRange, candidates: undefined,
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

/** Writes through a temporary file and a rename, so a crash never leaves half a note. */
function writeAtomically(file: string, text: string, backup: boolean): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, text, 'utf8');
  if (backup) fs.copyFileSync(file, file + '.orig');
  fs.renameSync(temporary, file);
}

export function main(argv: string[]): number {
  try {
    return run(parseArguments(argv));
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

