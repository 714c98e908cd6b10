// The common frontmatter read without `yaml`'s document model: flat `key: value` lines whose
// values are plain or quoted strings, flow lists `[a, b]` or block lists of `- a` lines, as
// nearly every vault note writes it. Anything else (comments, anchors, tags, block scalars,
// nested maps, numbers other than decimal integers, booleans, escapes, folded lines, tabs…) is not read here: the caller
// falls back to `yaml`, so every answer is the one `yaml` gives, ranges included
// (test/core/flatFrontmatter.test.ts compares both on generated and tricky headers).

import type { Range } from '../../model';

export interface FlatFrontmatter {
  /** The keys as written, with their values, in order (a repeated key keeps its last value). */
  data: Record<string, unknown>;
  /** The range of each key's first value, by lower-cased key; lines counted from the block's first line. */
  ranges: Map<string, Range>;
}

const KEY_LINE = /^([A-Za-z][A-Za-z0-9_-]*):(?: +(.*))?$/;
const ITEM_LINE = /^( *)- +(.*)$/;
/** What a plain value may begin with here: a letter, or a digit when the value is no number. */
const PLAIN_START = /^[\p{L}\p{N}]/u;
/** The words `yaml`'s core schema reads as null or a boolean. */
const NULL_OR_BOOLEAN = /^(?:null|true|false|~)$/i;
/** A value `yaml` may read as a number (a superset of the core schema's ints and floats). */
const NUMBER_LIKE = /^[0-9][0-9.]*(?:[eE][-+]?[0-9]+)?$|^0[xXoO][0-9a-fA-F]+$/;

/** The header read as flat keys, or undefined when it is anything `yaml` should read instead. */
export function readFlatFrontmatter(source: string): FlatFrontmatter | undefined {
  if (source.includes('\t') || source.includes('\r')) return undefined;
  const lines = source.split('\n');
  const data: Record<string, unknown> = {};
  const ranges = new Map<string, Range>();
  for (let line = 0; line < lines.length; ) {
    const text = lines[line];
    if (text.trim() === '') {
      line++;
      continue;
    }
    const keyLine = KEY_LINE.exec(text);
    if (!keyLine) return undefined;
    const key = keyLine[1];
    const written = keyLine[2];
    let value: unknown;
    let range: Range;
    if (written === undefined || written.trim() === '') {
      // A key alone: a block list on the lines below, or null.
      const items: unknown[] = [];
      let next = line + 1;
      let indent = -1;
      let last = -1;
      for (; next < lines.length; next++) {
        const item = ITEM_LINE.exec(lines[next]);
        if (!item) break;
        if (indent === -1) indent = item[1].length;
        else if (item[1].length !== indent) return undefined;
        const scalar = readScalar(item[2], false);
        if (!scalar) return undefined;
        items.push(scalar.value);
        last = next;
      }
      if (items.length === 0) {
        // `key:` then a line that is neither a list item nor a key (an indented line, a blank) is not flat.
        if (next < lines.length && !KEY_LINE.test(lines[next])) return undefined;
        if (written !== undefined) return undefined; // `key: ` with trailing blanks: let yaml place the null
        value = null;
        range = { start: { line, character: text.length }, end: { line, character: text.length } };
      } else {
        value = items;
        // A block list runs to the start of the line after its last item (to its end, last in the block).
        const end = last + 1 < lines.length ? { line: last + 1, character: 0 } : { line: last, character: lines[last].length };
        range = { start: { line: line + 1, character: indent }, end };
      }
      line = last === -1 ? line + 1 : last + 1;
      // A line indented under the key's list (a continued item, a nested map) is not flat.
      if (line < lines.length && /^ /.test(lines[line]) && lines[line].trim() !== '') return undefined;
    } else {
      const start = text.length - written.length;
      const trimmed = written.replace(/ +$/, '');
      if (trimmed.startsWith('[')) {
        const list = readFlowList(trimmed);
        if (!list) return undefined;
        value = list;
      } else {
        const scalar = readScalar(trimmed, false);
        if (!scalar) return undefined;
        value = scalar.value;
      }
      range = { start: { line, character: start }, end: { line, character: start + trimmed.length } };
      line++;
      // A folded continuation of the value, or anything indented under it, is not flat.
      if (line < lines.length && /^ /.test(lines[line]) && lines[line].trim() !== '') return undefined;
    }
    // `__proto__` and its kind cannot be written: keys begin with a letter.
    const lower = key.toLowerCase();
    // A key given twice is a mistake to point out: the `yaml` reading does (see frontmatter.ts).
    if (ranges.has(lower)) return undefined;
    data[key] = value;
    ranges.set(lower, range);
  }
  return { data, ranges };
}

/** A plain, single-quoted or double-quoted string, or a decimal integer, as `yaml` reads it; undefined for anything else. */
function readScalar(written: string, inFlow: boolean): { value: string | number } | undefined {
  const text = written.replace(/ +$/, '');
  if (text === '') return undefined;
  const first = text[0];
  if (first === '"' || first === "'") {
    if (text.length < 2 || text[text.length - 1] !== first) return undefined;
    const inner = text.slice(1, -1);
    // Escapes, doubled quotes and folded lines are `yaml`'s to read.
    if (inner.includes(first) || inner.includes('\\')) return undefined;
    return { value: inner };
  }
  if (!PLAIN_START.test(text)) return undefined;
  // A comment, a mapping indicator, or (in a flow list) a flow indicator: not a plain string here.
  if (text.includes('#') || /:(?: |$)/.test(text) || (inFlow && /[[\]{},:]/.test(text))) return undefined;
  // A decimal integer (`updated: 1638793600000`) is a number, as the core schema's `parseInt` reads it.
  if (/^[0-9]+$/.test(text)) return { value: parseInt(text, 10) };
  if (NULL_OR_BOOLEAN.test(text) || NUMBER_LIKE.test(text)) return undefined;
  // Only printable characters: control characters and the like are `yaml`'s to judge.
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(text)) return undefined;
  return { value: text };
}

/** `[a, b, "c"]` on one line: its items as scalars; undefined for anything else (nested lists, maps, empty items). */
function readFlowList(text: string): (string | number)[] | undefined {
  if (!text.endsWith(']')) return undefined;
  const inner = text.slice(1, -1);
  if (inner.trim() === '') return [];
  const items: (string | number)[] = [];
  for (const part of inner.split(',')) {
    const trimmed = part.trim();
    // An item with a comma inside quotes, or a trailing comma, is `yaml`'s to read.
    if (trimmed === '' || /^["']/.test(trimmed) !== /["']$/.test(trimmed)) return undefined;
    const scalar = readScalar(trimmed, true);
    if (!scalar) return undefined;
    items.push(scalar.value);
  }
  return items;
}
