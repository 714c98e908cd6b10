// The first scan of a design doc once the server has indexed the notes: what code actions ask
// for at the first move of the cursor. Through the server's own workspace (indexing in slices),
// in one process: the notes indexed, then the longest the event loop is held while the work the
// workspace leaves to idle slices runs (10 s), then the first scan of the bench's 40 KB doc.
// `npm run build && npx tsc -p scripts/bench && node out/bench/scripts/bench/firstScan.js [notes] [--warm]`
// (10,000 notes by default; the corpus is generated on first use). With `--warm`, then a
// second workspace starts from the snapshot the first one wrote and scans the doc at once, as
// an editor that restores its tabs asks: the time to the index taken up, and that first scan.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SnapshotFolder } from '../../server/src/core/workspace/snapshot';
import { termsInDocument } from '../../server/src/core/query/lookup';
import { NotesWorkspace } from '../../server/src/core/workspace/notesWorkspace';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { watchBlocks } from './blocks';
import { designDoc, ensureCorpus, poolTerms } from './corpus';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 10000);
  const corpus = ensureCorpus(count);
  const doc = designDoc({ bytes: 40 * 1024, names: [...poolTerms(0, 2000), ...poolTerms(2000, 20000)], seed: 3 }).text;
  const warm = process.argv.includes('--warm');
  const snapshotFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'an-first-scan-'));
  const settings = { entries: [corpus.folder], baseFolders: [], ignoreTerms: [], maxFileBytes: DEFAULT_SETTINGS.maxFileSize };
  const workspace = new NotesWorkspace(warm ? { snapshots: new SnapshotFolder(snapshotFolder) } : {});
  const started = performance.now();
  await workspace.configure(settings);
  const indexedMs = performance.now() - started;

  const stopWatching = watchBlocks();
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const longest = stopWatching();

  if (warm) {
    // As after the quiet period, or at shutdown: the snapshot with what the idle passes left.
    workspace.cancelSnapshot();
    workspace.writeSnapshot();
    const restarted = new NotesWorkspace({ snapshots: new SnapshotFolder(snapshotFolder) });
    const warmStarted = performance.now();
    await restarted.configure(settings);
    const readyMs = performance.now() - warmStarted;
    const scanStarted = performance.now();
    const terms = termsInDocument(restarted.index, doc, true).length;
    const scanMs = performance.now() - scanStarted;
    console.log(`${count} notes: warm start ready in ${readyMs.toFixed(0)} ms, then the first scan of the doc ${scanMs.toFixed(0)} ms (${terms} terms)`);
    fs.rmSync(snapshotFolder, { recursive: true, force: true });
    return;
  }
  fs.rmSync(snapshotFolder, { recursive: true, force: true });
  const scanStarted = performance.now();
  const terms = termsInDocument(workspace.index, doc, true).length;
  const scanMs = performance.now() - scanStarted;
  console.log(`${count} notes indexed in ${(indexedMs / 1000).toFixed(1)} s; the 10 s after: longest block ${longest.toFixed(1)} ms; then the first scan of the doc ${scanMs.toFixed(0)} ms (${terms} terms)`);
}

void main();
