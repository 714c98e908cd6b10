// A note's edit, then the next scan of an open design doc (what code actions, highlights and
// In This Document ask for at every cursor move): how long that scan takes at a corpus size,
// after an edit that changes only what a definition says, and after one that adds a term.
// In one process through the core, on the generated dialect corpus and the bench's 40 KB doc.
// `npm run build && npx tsc -p scripts/bench && node out/bench/scripts/bench/editThenScan.js [notes]`
// (10,000 notes by default; the corpus is generated on first use).

import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseNote } from '../../server/src/core/formats/dialect/parser';
import { termsInDocument } from '../../server/src/core/query/lookup';
import { loadNotes } from '../../server/src/core/workspace/load';
import { designDoc, ensureCorpus, poolTerms } from './corpus';

const count = Number(process.argv[2] ?? 10000);
const corpus = ensureCorpus(count);
const { index } = loadNotes([corpus.folder]);
const doc = designDoc({ bytes: 40 * 1024, names: [...poolTerms(0, 2000), ...poolTerms(2000, 20000)], seed: 3 }).text;
const file = corpus.files[0];
const uri = pathToFileURL(file).href;
const original = fs.readFileSync(file, 'utf8');

function timedScan(): number {
  const started = performance.now();
  termsInDocument(index, doc, true);
  return performance.now() - started;
}

console.log(`${count} notes (${(corpus.bytes / 1e6).toFixed(1)} MB); first scan of the doc ${timedScan().toFixed(0)} ms, then ${timedScan().toFixed(0)} ms unchanged`);
for (const [label, edit] of [
  ['a line of prose added', (round: number) => `${original}\nsome more words, round ${round}\n`],
  ['a term added', (round: number) => `${original}\n* _edited term ${round}_: a new term\n`],
] as const) {
  const times: string[] = [];
  for (let round = 0; round < 5; round++) {
    index.upsert(parseNote(uri, edit(round)));
    times.push(timedScan().toFixed(0));
  }
  console.log(`after ${label}: the next scan ${times.join(', ')} ms`);
}
