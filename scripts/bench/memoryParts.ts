// Where a server's memory goes: the index of the generated dialect corpus, then what the
// requests of the bench add (500 hovers over a 40 KB design doc, workspace symbols, a
// completion). Measured in one process through the core and the feature modules, as the
// server calls them, after a full garbage collection at each stage: heap used, array buffers
// and other memory outside the heap (external), and the process's RSS.
// `npm run build && npx tsc -p scripts/bench && node --expose-gc out/bench/scripts/bench/memoryParts.js [notes] [warm]`
// (5,000 notes by default; the corpus is generated on first use; `warm`: the index taken up from a snapshot).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SnapshotFolder } from '../../server/src/core/workspace/snapshot';
import { NotesWorkspace } from '../../server/src/core/workspace/notesWorkspace';
import { completion } from '../../server/src/features/completion';
import type { FeatureContext } from '../../server/src/features/context';
import { hover } from '../../server/src/features/hover';
import { workspaceSymbols } from '../../server/src/features/symbols';
import { designDoc, ensureCorpus, poolTerms, prng } from './corpus';

const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) {
  console.error('run with node --expose-gc: memory is measured after a full collection');
  process.exit(2);
}

let last = process.memoryUsage();
function stage(label: string): void {
  collect!();
  collect!();
  const now = process.memoryUsage();
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1).padStart(6);
  console.log(`${label.padEnd(40)} heap ${mb(now.heapUsed)} (+${mb(now.heapUsed - last.heapUsed)})  external ${mb(now.external)} (+${mb(now.external - last.external)})  rss ${mb(now.rss)} MB`);
  last = now;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 5000);
  const corpus = ensureCorpus(count);
  const settings = { entries: [corpus.folder], baseFolders: [], ignoreTerms: [], maxFileBytes: 10_000_000 };
  // `memoryParts.js [notes] warm`: the index as a restarted server takes it up from the
  // snapshot (written first by another workspace, which is then let go), not read from the notes.
  const warm = process.argv[3] === 'warm';
  const folder = warm ? fs.mkdtempSync(path.join(os.tmpdir(), 'an-memory-snapshot-')) : undefined;
  const snapshots = folder ? new SnapshotFolder(folder, { version: 'memoryParts' }) : undefined;
  if (snapshots) await writeSnapshot(settings, snapshots);
  collect!();
  last = process.memoryUsage();
  stage('node and the server code');
  const workspace = new NotesWorkspace({ snapshots });
  await workspace.configure(settings);
  stage(`index of ${count} notes (${(corpus.bytes / 1e6).toFixed(1)} MB)${warm ? ', from the snapshot' : ''}`);
  if (folder) fs.rmSync(folder, { recursive: true, force: true });

  const names = [...poolTerms(0, 2000), ...poolTerms(2000, 20000)];
  const doc = designDoc({ bytes: 40 * 1024, names, seed: 3 });
  const prefix = poolTerms(0, 1)[0].slice(0, 2);
  const designDocument = TextDocument.create('file:///design/doc.md', 'markdown', 1, doc.text);
  const completeDocument = TextDocument.create('file:///design/complete.md', 'markdown', 1, `Notes on ${prefix}`);
  const open = [designDocument, completeDocument];
  const context: FeatureContext = { workspace, documents: { get: (uri) => open.find((d) => d.uri === uri), all: () => open }, languages: () => ['markdown'] };
  const random = prng(17);
  for (let i = 0; i < 500; i++) {
    hover(context, designDocument.uri, designDocument.positionAt(doc.termOffsets[Math.floor(random() * doc.termOffsets.length)] + 1));
  }
  stage('+ 500 hovers');
  workspaceSymbols(context, prefix);
  stage('+ workspace symbols');
  completion(context, completeDocument.uri, { line: 0, character: completeDocument.getText().length });
  stage('+ a completion');
  workspace.index.dropCaches();
  stage('caches dropped (as the memory request)');
}

/** Indexes the notes in a workspace of its own, writes its snapshot, and waits for its idle work to end before letting it go. */
async function writeSnapshot(settings: Parameters<NotesWorkspace['configure']>[0], snapshots: SnapshotFolder): Promise<void> {
  const writer = new NotesWorkspace({ snapshots });
  await writer.configure(settings);
  writer.writeSnapshot();
  await new Promise((resolve) => setTimeout(resolve, 10_000));
}

void main();
