// Changes on disk while a full index runs: a note written after it was read, one deleted, one
// created. No watcher is there to tell (an editor registers its watchers once the index is
// ready), so the workspace compares the disk with what it read once the index is done.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NotesWorkspace } from '../../server/src/core/workspace/notesWorkspace';
import { scratchFolder } from '../support/scratch';

const note = (i: number, text = `text ${i}`) => `# AREA\n## topic ${i}\n* _term ${i}_: ${text}\n`;

/** What the index says of the notes: each term's definitions' texts, sorted. */
function terms(workspace: NotesWorkspace): string[] {
  return [...workspace.index.terms()].map((entry) => `${entry.term}: ${entry.definitions.map((d) => d.text).join(' | ')}`).sort();
}

async function until(condition: () => boolean, ms = 3000): Promise<void> {
  for (const deadline = Date.now() + ms; !condition() && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('changes on disk while the notes are indexed', () => {
  it('are in the index once it is done, whenever during the index they came', async () => {
    // Every slice yields (sliceMs 0): the changes land at each step of the index in turn,
    // until one lands after it is done (a watcher's business, not this test's).
    let during = 0;
    for (let turns = 0; ; turns++) {
      const folder = scratchFolder('an-disk-changes-');
      for (let i = 0; i < 12; i++) fs.writeFileSync(path.join(folder, `n${i}.md`), note(i));
      const settings = { entries: [folder], baseFolders: [], ignoreTerms: [], maxFileBytes: 1024 * 1024 };
      const workspace = new NotesWorkspace({ sliceMs: 0 });
      const indexing = workspace.configure(settings);
      for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
      if (workspace.status().state !== 'indexing') break;
      during++;
      fs.writeFileSync(path.join(folder, 'n3.md'), note(3, 'edited while indexing, a longer text'));
      fs.rmSync(path.join(folder, 'n5.md'));
      fs.writeFileSync(path.join(folder, 'n20.md'), note(20));
      await indexing;
      const fresh = new NotesWorkspace();
      await fresh.configure(settings);
      await until(() => JSON.stringify(terms(workspace)) === JSON.stringify(terms(fresh)));
      assert.deepEqual(terms(workspace), terms(fresh), `changes after ${turns} turns`);
      assert.ok(terms(fresh).includes('term 3: edited while indexing, a longer text') && terms(fresh).includes('term 20: text 20'));
    }
    assert.ok(during >= 10, `the changes landed during ${during} steps of the index`);
  });

  it('keep what a watcher told of while the disk is compared after the index', async () => {
    // The comparison walks the folders first, then goes file by file: a note created and
    // reported after its walk is on disk, though the walk did not see it.
    for (const turns of [0, 1, 2, 4, 8, 16]) {
      // A folder per note: the walk takes a step per folder.
      const folder = scratchFolder('an-disk-changes-');
      const file = (i: number) => path.join(folder, `d${i}`, `n${i}.md`);
      for (let i = 0; i < 12; i++) {
        fs.mkdirSync(path.dirname(file(i)));
        fs.writeFileSync(file(i), note(i));
      }
      const workspace = new NotesWorkspace({ sliceMs: 0 });
      await workspace.configure({ entries: [folder], baseFolders: [], ignoreTerms: [], maxFileBytes: 1024 * 1024 });
      for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
      // In the folder the walk reads first.
      const created = path.join(folder, 'd0', 'n30.md');
      fs.writeFileSync(created, note(30));
      workspace.fileChanged(created);
      fs.rmSync(file(4));
      workspace.fileDeleted(file(4));
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.ok(terms(workspace).includes('term 30: text 30'), `created after ${turns} turns`);
      assert.ok(!terms(workspace).some((line) => line.startsWith('term 4:')), `deleted after ${turns} turns`);
    }
  });

  it('read a note told of twice once, by the editor and by the server\'s own watch, and again when it changed', async () => {
    const folder = scratchFolder('an-disk-changes-');
    const file = path.join(folder, 'n1.md');
    fs.writeFileSync(file, note(1));
    let changes = 0;
    const workspace = new NotesWorkspace({ onChange: () => changes++ });
    await workspace.configure({ entries: [folder], baseFolders: [], ignoreTerms: [], maxFileBytes: 1024 * 1024 });
    fs.writeFileSync(file, note(1, 'written once, told twice'));
    const before = changes;
    workspace.fileChanged(file);
    workspace.fileChanged(file);
    assert.equal(changes - before, 1, 'the second telling finds the note as stored');
    assert.ok(terms(workspace).includes('term 1: written once, told twice'));
    // Another write, the same size: its time tells it apart.
    await new Promise((resolve) => setTimeout(resolve, 20));
    fs.writeFileSync(file, note(1, 'written twice, told twice'));
    workspace.fileChanged(file);
    workspace.fileChanged(file);
    assert.equal(changes - before, 2);
    assert.ok(terms(workspace).includes('term 1: written twice, told twice'));
  });
});
