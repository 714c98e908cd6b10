import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { NotesIndex } from '../../server/src/core/index/notesIndex';
import { referencesFor } from '../../server/src/core/query/lookup';
import { termMarkdown } from '../../server/src/core/query/present';
import { SnapshotFolder } from '../../server/src/core/workspace/snapshot';
import { NotesWorkspace } from '../../server/src/core/workspace/notesWorkspace';

const root = path.join(__dirname, '..', '..', '..');
const fixtures = path.join(root, 'test', 'fixtures');
// tsc compiles the worker's entry next to the rest (the server bundle has its own in dist/).
const workerScript = path.join(__dirname, '..', '..', 'server', 'src', 'main.js');

/** What two indexes must agree on: their canonical form and every term's card. */
function answers(index: NotesIndex): unknown {
  const cards = [...index.terms()].map((entry) => [entry.key, termMarkdown(entry, referencesFor(index, entry.term, entry, 5))]).sort();
  return { snapshot: index.snapshot(), cards, mentions: index.mentions('circuit breaker', 20) };
}

describe('indexing in worker threads', () => {
  let notesFolder: string;
  const settings = () => ({ entries: [notesFolder], baseFolders: [], ignoreTerms: [], maxFileBytes: 5 * 1024 * 1024 });

  beforeEach(() => {
    notesFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'an-parallel-'));
    fs.copyFileSync(path.join(fixtures, 'architecture.md'), path.join(notesFolder, 'architecture.md'));
    fs.copyFileSync(path.join(fixtures, 'architecture.raw.md'), path.join(notesFolder, 'damaged.md'));
    // Enough notes for the workspace to start workers, sharing terms across notes.
    for (let i = 0; i < 90; i++) {
      fs.writeFileSync(path.join(notesFolder, `n${i}.md`), `# AREA\n## topic ${i % 7}\n* _term ${i % 13}_: about the circuit breaker ${i} https://example.com/${i}\n* _circuit breaker_: seen from note ${i}\n* plain line ${i} on sharding\n`);
    }
    fs.writeFileSync(path.join(notesFolder, 'binary.md'), Buffer.from([0, 1, 2, 3, 0, 0, 0]));
  });

  afterEach(() => fs.rmSync(notesFolder, { recursive: true, force: true }));

  it('builds the same index as one thread, and reports the same skipped files', async () => {
    const single = new NotesWorkspace();
    await single.configure(settings());
    const parallel = new NotesWorkspace({ workerScript, workers: 2 });
    await parallel.configure(settings());
    assert.equal(parallel.index.size, 92);
    assert.deepEqual(answers(parallel.index), answers(single.index));
    assert.deepEqual(parallel.status().skipped, single.status().skipped);
    assert.equal(parallel.status().skipped.length, 1);
  });

  it('records what a snapshot needs, so that a restart takes every note up', async () => {
    const snapshots = new SnapshotFolder(path.join(notesFolder, '..', `${path.basename(notesFolder)}-snapshots`), { version: 'v1' });
    // Their quiet-period writes would make the folder again after it is removed.
    const made: NotesWorkspace[] = [];
    try {
      const first = new NotesWorkspace({ workerScript, workers: 2, snapshots });
      made.push(first);
      await first.configure(settings());
      first.writeSnapshot();
      const messages: string[] = [];
      const second = new NotesWorkspace({ workerScript, workers: 2, snapshots, log: (m) => messages.push(m) });
      made.push(second);
      await second.configure(settings());
      assert.ok(messages.includes('Index snapshot: 92 of 92 notes taken up unchanged.'), messages.join('\n'));
      assert.deepEqual(answers(second.index), answers(first.index));
    } finally {
      for (const workspace of made) workspace.cancelSnapshot();
      fs.rmSync(snapshots.folder, { recursive: true, force: true });
    }
  });

  it('falls back to one thread when the workers cannot run, and says so', async () => {
    const messages: string[] = [];
    const broken = new NotesWorkspace({ workerScript: path.join(notesFolder, 'no-such-worker.js'), workers: 2, log: (m) => messages.push(m) });
    await broken.configure(settings());
    const single = new NotesWorkspace();
    await single.configure(settings());
    assert.deepEqual(answers(broken.index), answers(single.index));
    assert.ok(messages.some((m) => m.startsWith('Indexing in worker threads failed')), messages.join('\n'));
  });

  it('lets a newer full index take over from one still in the workers', async () => {
    const workspace = new NotesWorkspace({ workerScript, workers: 2 });
    const first = workspace.configure(settings());
    fs.writeFileSync(path.join(notesFolder, 'n5.md'), '* _saga_: changed while indexing https://example.com/saga\n');
    const second = workspace.reindex();
    await Promise.all([first, second]);
    const single = new NotesWorkspace();
    await single.configure(settings());
    assert.deepEqual(answers(workspace.index), answers(single.index));
  });
});
