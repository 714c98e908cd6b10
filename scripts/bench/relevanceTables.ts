// What the relevance stage builds the first time a document is judged after the notes changed:
// the notes' tf-idf vectors (topicality.ts), the table of each section's terms and the sense
// profiles (sense.ts), besides the matcher the scan needs anyway. Each is built in turn and
// timed, with the memory it keeps (heap and array buffers, after a full garbage collection).
// `npm run build && npx tsc -p scripts/bench && node --expose-gc out/bench/scripts/bench/relevanceTables.js [notes]`
// (the generated dialect corpus, 5,000 notes by default; generated on first use).

import { performance } from 'node:perf_hooks';
import { admittedMatcher } from '../../server/src/core/relevance/relevance';
import { documentSimilarityBy, isTopical, prepareTopicality } from '../../server/src/core/relevance/topicality';
import { profileOf } from '../../server/src/core/relevance/sense';
import { termsInDocument } from '../../server/src/core/query/lookup';
import { loadNotes } from '../../server/src/core/workspace/load';
import { designDoc, ensureCorpus, poolTerms } from './corpus';

const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) {
  console.error('run with node --expose-gc: the memory kept is measured after a full collection');
  process.exit(2);
}

function kept(): number {
  collect!();
  collect!();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

function step(label: string, work: () => void): void {
  const before = kept();
  const begin = performance.now();
  work();
  const ms = performance.now() - begin;
  console.log(`${label.padEnd(46)} ${ms.toFixed(0).padStart(6)} ms ${((kept() - before) / 1e6).toFixed(1).padStart(7)} MB kept`);
}

const count = Number(process.argv[2] ?? 5000);
const corpus = ensureCorpus(count);
const { index } = loadNotes([corpus.folder]);
const entries = [...index.terms()];
const doc = designDoc({ bytes: 40 * 1024, names: [...poolTerms(0, 2000), ...poolTerms(2000, 20000)], seed: 3 }).text;
console.log(`${count} notes (${(corpus.bytes / 1e6).toFixed(1)} MB), ${entries.length} terms; a 40 KB design doc`);
// What a first hover asks while the idle pass that builds the vectors is under way.
step('topicality: the doc against the notes\' counts', () => documentSimilarityBy(index, doc, 'counts'));
step('topicality: the notes\' tf-idf vectors', () => isTopical(index, doc, entries[0]));
step('sense: the table of sections, one profile', () => profileOf(index, entries[0]));
step('the matcher of admitted names', () => admittedMatcher(index));
let terms = 0;
step('the doc\'s terms (sense profiles of its words)', () => (terms = termsInDocument(index, doc, true).length));
console.log(`${terms} terms hovered in the doc`);

// As the server does once an index finishes: topicality's vectors in idle slices of 8 ms,
// for another index of the same notes; then the question a first hover asks.
void (async () => {
  const again = loadNotes([corpus.folder]).index;
  let longest = 0;
  let last = performance.now();
  const began = last;
  await prepareTopicality(again, () => new Promise((resolve) => setImmediate(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    resolve();
    last = performance.now();
  })), 8);
  const prepared = performance.now() - began;
  const asked = performance.now();
  isTopical(again, doc, [...again.terms()][0]);
  console.log(`topicality in idle slices: ready after ${prepared.toFixed(0)} ms, longest slice ${longest.toFixed(1)} ms; the first question then ${(performance.now() - asked).toFixed(1)} ms`);
})();
