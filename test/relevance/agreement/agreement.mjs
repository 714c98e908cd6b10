// How far two readers agree on the large collection's labels: the labels of labels/*.large.json
// against a second reader's, made without seeing them, on a sample of 400 occurrences
// (README.md in this folder says how the sample was drawn and how the second reader worked).
// Prints the agreement, Cohen's kappa, and the precision of the tool's hits in the sample by
// each reader. A measurement: it exits 0 whatever the figures.
//   node esbuild.mjs --quiet && node test/relevance/agreement/agreement.mjs [--disagreements]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const relevance = join(here, '..');
const cli = join(relevance, '..', '..', 'dist', 'cli.js');
const readLines = (file) => readFileSync(join(here, file), 'utf8').trim().split('\n').map((line) => JSON.parse(line));

const sample = readLines('sample.jsonl');
const second = new Map(readLines('second-reader.jsonl').map((answer) => [answer.id, answer]));
const notes = ['--no-bundled', '--notes', join(relevance, 'collection')];

// A label may name a term by any of its names (evaluate.mjs does the same).
const canonical = new Map();
for (const entry of JSON.parse(execFileSync(process.execPath, [cli, 'terms', ...notes, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 }))) {
  for (const name of entry.names) canonical.set(name.toLowerCase(), entry.term);
}
for (const entry of JSON.parse(execFileSync(process.execPath, [cli, 'terms', ...notes, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 }))) canonical.set(entry.term.toLowerCase(), entry.term);
const termOf = (name) => canonical.get(name.toLowerCase()) ?? name;

// Which occurrences the tool hovers: the sample holds hovered and refused ones alike.
const hovered = new Map();
const hitsOf = (doc) => {
  if (!hovered.has(doc)) hovered.set(doc, JSON.parse(execFileSync(process.execPath, [cli, 'scan', join(relevance, doc), ...notes, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 })));
  return hovered.get(doc);
};

const labelsOf = new Map();
const firstReader = (item) => {
  const file = join(relevance, 'labels', item.doc.replace(/^docs\//, '').replace(/\.md$/, '.large.json'));
  if (!labelsOf.has(file)) labelsOf.set(file, JSON.parse(readFileSync(file, 'utf8')));
  const line = item.line - 1;
  const start = item.column - 1;
  const end = start + item.text.length;
  const right = labelsOf.get(file).gold.some((g) => g.line === line && g.character < end && start < g.character + g.text.length && termOf(g.term) === termOf(item.term));
  return right ? 'right' : 'wrong';
};

const cells = { hit: { rr: 0, rw: 0, wr: 0, ww: 0 }, refused: { rr: 0, rw: 0, wr: 0, ww: 0 } };
const disagreements = [];
for (const item of sample) {
  const answer = second.get(item.id);
  if (!answer) throw new Error(`the second reader has no label for item ${item.id}`);
  const first = firstReader(item);
  const isHit = hitsOf(item.doc).some((h) => h.line === item.line - 1 && h.character === item.column - 1 && termOf(h.term) === termOf(item.term));
  cells[isHit ? 'hit' : 'refused'][first[0] + answer.label[0]]++;
  if (first !== answer.label) disagreements.push(`${item.id} ${item.doc}:${item.line}:${item.column} "${item.text}" -> ${item.term}: labels ${first}, second reader ${answer.label} (${answer.reason})`);
}

function summary(c) {
  const n = c.rr + c.rw + c.wr + c.ww;
  const observed = (c.rr + c.ww) / n;
  const chance = ((c.rr + c.rw) * (c.rr + c.wr) + (c.wr + c.ww) * (c.rw + c.ww)) / (n * n);
  return { n, agreement: observed, kappa: (observed - chance) / (1 - chance) };
}
const pct = (x) => `${(100 * x).toFixed(1)} %`;
const all = Object.fromEntries(['rr', 'rw', 'wr', 'ww'].map((k) => [k, cells.hit[k] + cells.refused[k]]));
for (const [name, c] of [['all', all], ['hovered by the tool', cells.hit], ['refused by the tool', cells.refused]]) {
  const s = summary(c);
  console.log(`${name.padEnd(20)} n ${String(s.n).padStart(3)}  agreement ${pct(s.agreement)}  kappa ${s.kappa.toFixed(2)}  (both right ${c.rr}, labels only ${c.rw}, second reader only ${c.wr}, both wrong ${c.ww})`);
}
const h = cells.hit;
const hits = h.rr + h.rw + h.wr + h.ww;
console.log(`precision of the tool's hits in the sample: by the labels ${pct((h.rr + h.rw) / hits)}, by the second reader ${pct((h.rr + h.wr) / hits)}`);
if (process.argv.includes('--disagreements')) for (const line of disagreements) console.log(`  ${line}`);
