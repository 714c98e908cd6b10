// The server's own watch of the notes folders (diskWatcher.ts), for an editor that watches no
// files: the folders the note walker enters, and no others; a folder made later followed too,
// a folder moved away no longer; the notes folder itself moved away and back.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import { DiskWatcher } from '../../server/src/diskWatcher';

function tree(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'disk-watcher-')));
  for (const [relative, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), text);
  }
  return root;
}

/** Resolves with the events once one names `file`. */
function eventFor(events: FileEvent[][], file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const look = () => {
      if (events.flat().some((event) => fileURLToPath(event.uri) === file)) resolve();
      else if (Date.now() - started > 5000) reject(new Error(`no event for ${file}: ${JSON.stringify(events)}`));
      else setTimeout(look, 20);
    };
    look();
  });
}

describe('server: following the notes on disk by itself', () => {
  it('watches the folders the walker enters, not tool folders or ignored ones, and follows a folder made later', async () => {
    const root = tree({
      '.gitignore': 'build/\n',
      'a.md': '# A',
      'sub/deeper/b.md': '# B',
      'node_modules/pkg/readme.md': '# pkg',
      '.git/HEAD': 'ref',
      'build/out.md': '# generated',
    });
    const events: FileEvent[][] = [];
    const logs: string[] = [];
    const watcher = new DiskWatcher((batch) => events.push(batch), (message) => logs.push(message));
    try {
      await watcher.watch([root]);
      // root, sub, sub/deeper: no node_modules, .git or build.
      assert.equal(watcher.watchedCount, 3);
      fs.mkdirSync(path.join(root, 'later'));
      await eventFor(events, path.join(root, 'later'));
      // The new folder is watched once its event is told; a note written in it is then seen.
      for (let tries = 0; watcher.watchedCount < 4 && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(watcher.watchedCount, 4);
      fs.writeFileSync(path.join(root, 'later', 'c.md'), '# C');
      await eventFor(events, path.join(root, 'later', 'c.md'));
      fs.writeFileSync(path.join(root, 'sub', 'deeper', 'b.md'), '# B again');
      await eventFor(events, path.join(root, 'sub', 'deeper', 'b.md'));
      assert.deepEqual(logs, []);
    } finally {
      watcher.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('ends the watches of a folder moved away and of the folders in it, and sees the notes folder itself go and come back', async () => {
    const outside = tree({ 'notes/a.md': '# A', 'notes/sub/deeper/b.md': '# B' });
    const root = path.join(outside, 'notes');
    const events: FileEvent[][] = [];
    const watcher = new DiskWatcher((batch) => events.push(batch), () => undefined);
    const watchedCountIs = async (count: number) => {
      for (let tries = 0; watcher.watchedCount !== count && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(watcher.watchedCount, count);
    };
    const told = (file: string) => events.flat().filter((event) => fileURLToPath(event.uri) === file).map((event) => event.type);
    try {
      await watcher.watch([root]);
      assert.equal(watcher.watchedCount, 3);
      // Moved, sub/deeper's watch would go on telling of its notes under their old paths.
      fs.renameSync(path.join(root, 'sub'), path.join(outside, 'sub'));
      await eventFor(events, path.join(root, 'sub'));
      await watchedCountIs(1);
      // The notes folder's own watch names the folder, not its path: the folder above tells.
      fs.renameSync(root, path.join(outside, 'notes-old'));
      await eventFor(events, root);
      assert.deepEqual(told(root), [FileChangeType.Deleted]);
      await watchedCountIs(0);
      fs.renameSync(path.join(outside, 'notes-old'), root);
      for (let tries = 0; told(root).length < 2 && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(told(root), [FileChangeType.Deleted, FileChangeType.Created]);
      await watchedCountIs(1);
      fs.writeFileSync(path.join(root, 'c.md'), '# C');
      await eventFor(events, path.join(root, 'c.md'));
    } finally {
      watcher.close();
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('stops at its cap of folders with one message, and a new watch() starts again', async () => {
    const root = tree(Object.fromEntries(Array.from({ length: 12 }, (_, n) => [`f${n}/note.md`, '# N'])));
    const logs: string[] = [];
    const watcher = new DiskWatcher(() => undefined, (message) => logs.push(message), 5);
    try {
      await watcher.watch([root]);
      assert.equal(watcher.watchedCount, 5);
      assert.equal(logs.length, 1);
      assert.match(logs[0], /first 5 folders/);
      await watcher.watch([path.join(root, 'f0')]);
      assert.equal(watcher.watchedCount, 1);
    } finally {
      watcher.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
