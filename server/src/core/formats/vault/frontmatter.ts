// A note's YAML frontmatter: the block between a first line `---` and the next `---` (or
// `...`). Read with `yaml`, which keeps each value's place in the file so that a title or an
// error points at its line. Never throws: a malformed block, an alias bomb or a block too
// large to be a note's header yields a problem and no data, and the body is read all the same.

import type { Node as YamlNode } from 'yaml';
import { yaml } from '../yamlParser';
import type { NoteProblem, Range } from '../../model';
import { readFlatFrontmatter } from './flatFrontmatter';

/** A header larger than this is not a note's frontmatter but a document: refused. */
export const MAX_FRONTMATTER_CHARACTERS = 64 * 1024;
/** Aliases a header may resolve: a handful is normal, thousands are a "billion laughs" bomb. */
export const MAX_FRONTMATTER_ALIASES = 50;

export interface Frontmatter {
  /** The top-level keys, lower-cased, with their values as plain data; empty when the block is malformed. */
  data: Record<string, unknown>;
  /** The range of each top-level key's value, by lower-cased key. */
  ranges: Map<string, Range>;
  /** Zero-based line of the closing `---`; the body starts on the next line. */
  endLine: number;
  problems: NoteProblem[];
}

const OPENING = /^---[ \t]*\r?$/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*\r?$/;

/** A line of a header: `key: value`, `key:` before a list. */
const KEY_LINE = /^[\p{L}_][\p{L}\p{N}_-]*:(?:\s|$)/u;

/**
 * A leading `---` that no line closes: a thematic break, unless `key: value` lines follow it,
 * which make it a header whose closing line was forgotten. Its lines, up to the first blank
 * line, are then left out of the note's text (they were read as its definition, YAML and all)
 * and not read as data, and a problem at the opening line says why.
 */
function unclosed(lines: readonly string[]): Frontmatter | undefined {
  if (lines.length < 2 || !KEY_LINE.test(lines[1])) return undefined;
  let last = 1;
  while (last + 1 < lines.length && lines[last + 1].trim() !== '') last++;
  return {
    data: {},
    ranges: new Map(),
    endLine: last,
    problems: [{ kind: 'frontmatter', message: 'Frontmatter is never closed: add a `---` line after it.', range: lineRange(0, last, lines[last].length) }],
  };
}

/**
 * The note's frontmatter, or undefined when the note has none (its first line is not `---`).
 * `yamlOnly` reads even a flat header with `yaml`: what the fast path is compared against.
 */
export function readFrontmatter(lines: readonly string[], options: { yamlOnly?: boolean } = {}): Frontmatter | undefined {
  if (lines.length === 0 || !OPENING.test(lines[0].replace(/^\uFEFF/, ''))) return undefined;
  let endLine = -1;
  for (let line = 1; line < lines.length; line++) {
    if (CLOSING.test(lines[line])) {
      endLine = line;
      break;
    }
  }
  if (endLine === -1) return unclosed(lines);
  const frontmatter: Frontmatter = { data: {}, ranges: new Map(), endLine, problems: [] };
  const source = lines.slice(1, endLine).join('\n');
  const whole = lineRange(0, endLine, lines[endLine].length);
  if (source.length > MAX_FRONTMATTER_CHARACTERS) {
    frontmatter.problems.push({ kind: 'frontmatter', message: `Frontmatter of ${source.length} characters not read: at most ${MAX_FRONTMATTER_CHARACTERS} are.`, range: whole });
    return frontmatter;
  }
  const flat = options.yamlOnly ? undefined : readFlatFrontmatter(source);
  if (flat) {
    // The common flat header, read as `yaml` reads it without building its document.
    for (const [key, value] of Object.entries(flat.data)) frontmatter.data[key.toLowerCase()] = value;
    for (const [key, range] of flat.ranges) frontmatter.ranges.set(key, shiftDown(range));
    return frontmatter;
  }
  const { isMap, isScalar, LineCounter, parseDocument } = yaml();
  const counter = new LineCounter();
  // Positions in the note: the counter's lines count from 1 inside the block, and the block
  // starts on the note's line 1 (0-based), after the opening `---`. Worked out here, not
  // shifted afterwards, so that every way out below has them right (an early return once
  // left the YAML errors a line too high).
  const at = (offset: number) => {
    const { line, col } = counter.linePos(offset);
    return { line, character: col - 1 };
  };
  const rangeOf = (from: number, to: number): Range => ({ start: at(from), end: at(to) });
  try {
    // `logLevel: 'error'`: what `yaml` would warn of (a template's `date: {{date}}`, a map used
    // as a key) goes to the process's warnings, the server's log, once per note read; the
    // header is read all the same, so there is nothing to tell.
    const document = parseDocument(source, { lineCounter: counter, prettyErrors: false, uniqueKeys: false, logLevel: 'error' });
    if (document.errors.length > 0) {
      for (const error of document.errors.slice(0, 3)) {
        // The parser may point one past the block's last character (a list left open at its end).
        const [from, to] = error.pos.map((offset) => Math.min(offset, source.length));
        const range = rangeOf(from, Math.max(from, to));
        // An error the parser finds at the start of a line is one the line before left open
        // (`aliases: [a, b` is found out at the next key): shown from that line's end.
        // A misindented line (` - b` under `aliases:`) is found out where it stands.
        if (range.start.character === 0 && from > 0 && /^Flow/.test(error.message)) range.start = at(from - 1);
        // One mistake often gives several errors on its line: the first says what is wrong.
        if (frontmatter.problems.some((problem) => problem.range.start.line === range.start.line)) continue;
        frontmatter.problems.push({ kind: 'frontmatter', message: `Frontmatter is not valid YAML: ${firstLine(error.message)}`, range });
      }
      return frontmatter;
    }
    if (document.contents === null) return frontmatter;
    if (!isMap(document.contents)) {
      frontmatter.problems.push({ kind: 'frontmatter', message: 'Frontmatter should be a list of `key: value` lines.', range: whole });
      return frontmatter;
    }
    const data = document.toJS({ maxAliasCount: MAX_FRONTMATTER_ALIASES }) as unknown;
    if (typeof data !== 'object' || data === null) return frontmatter;
    for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
      // An assignment to `__proto__` would give the header's data another prototype: a
      // hostile note could make every key it does not write (`title`, `aliases`) read as it likes.
      if (key.toLowerCase() === '__proto__') continue;
      frontmatter.data[key.toLowerCase()] = value;
    }
    const seen = new Set<string>();
    for (const pair of document.contents.items) {
      const key = isScalar(pair.key) ? String(pair.key.value).toLowerCase() : undefined;
      if (key === undefined) continue;
      // The last value of a key given twice is the one read (as `yaml` reads it), and where it
      // stands is where its term points; the user hears of the other.
      if (seen.has(key) && isScalar(pair.key) && pair.key.range) {
        frontmatter.problems.push({ kind: 'frontmatter', message: `\`${String(pair.key.value)}\` is given twice: the last one is read.`, range: rangeOf(pair.key.range[0], pair.key.range[1]) });
      }
      seen.add(key);
      const node = pair.value as YamlNode | null;
      if (node?.range) frontmatter.ranges.set(key, rangeOf(node.range[0], node.range[1]));
    }
  } catch (error) {
    // toJS throws on an alias bomb; nothing else should, but a header never stops the note being read.
    frontmatter.data = {};
    frontmatter.ranges.clear();
    frontmatter.problems.push({ kind: 'frontmatter', message: `Frontmatter not read: ${firstLine(error instanceof Error ? error.message : String(error))}`, range: whole });
  }
  return frontmatter;
}

/** A string value, trimmed; undefined for anything else or an empty string. */
export function stringValue(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A list of names from a block list, a flow list or a string of names separated by `separators`. */
export function nameList(value: unknown, separators: RegExp = /,/): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(separators) : typeof value === 'number' ? [value] : [];
  const names: string[] = [];
  for (const item of items) {
    const name = stringValue(item);
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}

function shiftDown(range: Range): Range {
  range.start.line += 1;
  range.end.line += 1;
  return range;
}

function lineRange(startLine: number, endLine: number, endCharacter: number): Range {
  return { start: { line: startLine, character: 0 }, end: { line: endLine, character: endCharacter } };
}

function firstLine(message: string): string {
  return message.split('\n')[0].slice(0, 200);
}
