// Labelling aid: fills in (or checks) the 0-based UTF-16 `character` of every gold mention
// and wrong hit in labels/*.json from its `line` and `text`. Where the text occurs more than
// once on the line, the entry must say which with `occurrence` (0-based). An entry that
// already has a `character` is checked against the text. A missing or mismatching text
// stops the script, so a label cannot silently point at the wrong words.
//   node test/relevance/fillColumns.mjs [--set heldout] [labels/<name>.<config>.json ...]
// `--set heldout` reads heldout/docs and heldout/labels instead of docs and labels.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const setAt = args.indexOf('--set');
const set = setAt === -1 ? null : args.splice(setAt, 2)[1];
if (setAt !== -1 && set !== 'heldout') throw new Error(`unknown set: ${set} (the sets are the default and heldout)`);
const base = set === 'heldout' ? join(here, 'heldout') : here;
const labelsDir = join(base, 'labels');
const docsDir = join(base, 'docs');

function columnOf(lines, entry, where) {
  const line = lines[entry.line];
  if (line === undefined) throw new Error(`${where}: no line ${entry.line}`);
  if (entry.character !== undefined && entry.occurrence === undefined) {
    if (line.slice(entry.character, entry.character + entry.text.length) !== entry.text) {
      throw new Error(`${where}: "${entry.text}" is not at ${entry.line}:${entry.character}`);
    }
    return entry.character;
  }
  const starts = [];
  for (let at = line.indexOf(entry.text); at !== -1; at = line.indexOf(entry.text, at + 1)) starts.push(at);
  if (starts.length === 0) throw new Error(`${where}: "${entry.text}" is not on line ${entry.line}`);
  if (entry.occurrence === undefined && starts.length > 1) {
    throw new Error(`${where}: "${entry.text}" occurs ${starts.length} times on line ${entry.line}; give "occurrence"`);
  }
  const column = starts[entry.occurrence ?? 0];
  if (column === undefined) throw new Error(`${where}: occurrence ${entry.occurrence} of "${entry.text}" does not exist`);
  if (entry.character !== undefined && entry.character !== column) {
    throw new Error(`${where}: "${entry.text}" is at ${column}, label says ${entry.character}`);
  }
  return column;
}

const files = args.length > 0
  ? args
  : readdirSync(labelsDir).filter((f) => f.endsWith('.json')).map((f) => join(labelsDir, f));
for (const file of files) {
  const labels = JSON.parse(readFileSync(file, 'utf8'));
  const lines = readFileSync(join(docsDir, labels.doc), 'utf8').split('\n');
  for (const kind of ['gold', 'wrong']) {
    labels[kind] = labels[kind].map((entry, i) => {
      const { line, text, term, occurrence, reason, ...rest } = entry;
      const character = columnOf(lines, entry, `${basename(file)} ${kind}[${i}]`);
      return { line, character, text, term, ...(occurrence === undefined ? {} : { occurrence }), ...(reason === undefined ? {} : { reason }), ...rest };
    });
  }
  writeFileSync(file, JSON.stringify(labels, null, 2) + '\n');
}
console.log(`checked ${files.length} label file(s)`);
