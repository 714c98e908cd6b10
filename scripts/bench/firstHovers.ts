// The first hover of each term of the bench's design doc after a warm start: what a user meets
// when, the server restarted from its snapshot, they move over a doc they have not hovered yet.
// A term's first hover pays for what is built per term (its sense profile, its cards' order);
// the hovers that follow reuse it. Measured in one process through the core, as the server's
// hover calls it.
// `npm run build && npx tsc -p scripts/bench && node out/bench/scripts/bench/firstHovers.js [notes] [slowest]`
// (10,000 notes by default; the corpus is generated on first use and its snapshot written to
// bench-results/first-hovers-<notes>/ on the first run, so run it twice and read the second;
// `slowest`: how many of the slowest hovers to list, 10 by default).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { termAt } from '../../server/src/core/query/lookup';
import { isAdmittedName } from '../../server/src/core/relevance/relevance';
import { SnapshotFolder } from '../../server/src/core/workspace/snapshot';
import { NotesWorkspace } from '../../server/src/core/workspace/notesWorkspace';
import { benchResultsFolder, designDoc, ensureCorpus, poolTerms } from './corpus';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 10_000);
  const slowest = Number(process.argv[3] ?? 10);
  const corpus = ensureCorpus(count);
  const settings = { entries: [corpus.folder], baseFolders: [], ignoreTerms: [], maxFileBytes: 10_000_000 };
  const folder = path.join(benchResultsFolder(), `first-hovers-${count}`);
  const fresh = !fs.existsSync(folder) || fs.readdirSync(folder).length === 0;
  const snapshots = new SnapshotFolder(folder, { version: 'firstHovers' });
  const begin = performance.now();
  const workspace = new NotesWorkspace({ snapshots });
  await workspace.configure(settings);
  const ready = performance.now() - begin;
  if (fresh) {
    // As the server writes it once its idle work is done: with the matcher.
    workspace.index.finishPreparedMatcher(isAdmittedName);
    workspace.writeSnapshot();
    console.log(`indexed ${count} notes cold in ${Math.round(ready)} ms and wrote the snapshot: run again for the figures`);
    process.exit(0);
  }
  const doc = designDoc({ bytes: 40 * 1024, names: [...poolTerms(0, 2000), ...poolTerms(2000, 20000)], seed: 3 });
  const firsts: { ms: number; term: string; definitions: number }[] = [];
  const seen = new Set<string>();
  for (const offset of doc.termOffsets) {
    const start = performance.now();
    const found = termAt(workspace.index, doc.text, offset + 1, true);
    const ms = performance.now() - start;
    if (!found || seen.has(found.entry.term)) continue;
    seen.add(found.entry.term);
    firsts.push({ ms, term: found.entry.term, definitions: found.entry.definitions.length });
  }
  const times = firsts.map((f) => f.ms).sort((a, b) => a - b);
  const at = (share: number) => times[Math.min(times.length - 1, Math.floor(times.length * share))];
  console.log(JSON.stringify({
    notes: count,
    readyMs: Math.round(ready),
    terms: firsts.length,
    totalMs: Math.round(times.reduce((sum, ms) => sum + ms, 0)),
    p50Ms: +at(0.5).toFixed(2),
    p99Ms: +at(0.99).toFixed(1),
    maxMs: +times[times.length - 1].toFixed(1),
  }));
  for (const f of firsts.sort((a, b) => b.ms - a.ms).slice(0, slowest)) console.log(`${f.ms.toFixed(1).padStart(8)} ms  ${f.definitions} definitions  ${f.term}`);
  process.exit(0);
}

void main();
