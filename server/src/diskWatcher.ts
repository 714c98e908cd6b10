// Following the notes on disk by the server itself: for an editor that watches no files for
// the server (one that offers no dynamic registration of workspace/didChangeWatchedFiles:
// Helix, older Neovim, a plain LSP client), without which a note edited, added or deleted
// outside the editor would be seen only at the next start or Re-index; and beside an editor's
// watchers, which can miss a folder made with its notes in one go. A watch on each folder of the notes reports paths;
// they are gathered for a moment, then told as the file events an editor sends (indexing.ts
// reads them alike: a note changed or deleted, a folder added or gone). A notes folder itself
// moved, deleted or made again is seen from the folder above it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import { isSkippedFolderName, WalkExclusions } from './core/notes/noteFiles';
import { fileToUri } from './core/workspace/notesWorkspace';

/** How long paths are gathered before they are told: a save is often several events. */
const GATHER_MS = 150;

/**
 * The most folders followed: one system watch each. Past it a message says that changes in
 * the rest are read at the next Re-index.
 */
export const MAX_WATCHED_FOLDERS = 10_000;

/** Folders read between two turns of the event loop while the watches are set up. */
const FOLDERS_PER_TURN = 50;

/**
 * Each folder the note walker enters gets a watch of its own, set up a few folders at a time:
 * Node's recursive watch on Linux walked the whole tree at once, on the main thread, and held
 * a watch on every entry, `node_modules`, `.git` and ignored folders included (a notes path of
 * /usr held requests for 4 s and took 150 MB). The same folders as the walker (its skipped
 * folder names and the ignore files, noteFiles.ts), and a folder created later is followed too.
 */
export class DiskWatcher {
  private readonly watchers = new Map<string, fs.FSWatcher>();
  /**
   * One watch of the folder above each notes folder, for that folder's name alone: a folder's own
   * watch tells of the folder moved or deleted by its name, not its path, and then ends; nothing
   * would see it made again.
   */
  private readonly parentWatchers: fs.FSWatcher[] = [];
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** Bumped by every watch() and close(): a setting-up still running for older folders stops. */
  private generation = 0;
  private exclusions = new WalkExclusions();
  private roots: string[] = [];
  private warnedFull = false;

  constructor(
    private readonly onEvents: (events: FileEvent[]) => void,
    private readonly log: (message: string) => void,
    private readonly maxFolders = MAX_WATCHED_FOLDERS,
  ) {}

  /** Watches these folders (and the folders under them that the walker enters) instead of any watched before. Resolves once every watch is set up. */
  async watch(folders: readonly string[]): Promise<void> {
    this.close();
    const generation = this.generation;
    this.roots = [...new Set(folders.map((folder) => path.resolve(folder)))];
    // The notes folders themselves are watched before this returns (at once, one watch each):
    // a note saved right after the index is ready is seen, whatever the walk below has reached.
    for (const root of this.roots) {
      try {
        if (fs.statSync(root).isDirectory()) this.add(root, root, false);
      } catch {
        // gone: nothing to follow, until the folder above tells of it made again
      }
    }
    this.watchParents();
    await this.follow(this.roots, generation);
  }

  /** How many folders (or files) are watched now. */
  get watchedCount(): number {
    return this.watchers.size;
  }

  close(): void {
    this.generation++;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    for (const watcher of this.parentWatchers) watcher.close();
    this.parentWatchers.length = 0;
    this.pending.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.exclusions = new WalkExclusions();
    this.warnedFull = false;
  }

  /** Watches each folder of `start` and the folders below it, a few folders a turn. */
  private async follow(start: string[], generation: number): Promise<void> {
    const queue = [...start];
    let read = 0;
    while (queue.length > 0) {
      if (generation !== this.generation) return;
      const folder = queue.pop()!;
      if (this.watchers.has(folder) && !start.includes(folder)) continue;
      let children: fs.Dirent[];
      try {
        const stat = await fs.promises.stat(folder);
        if (generation !== this.generation) return;
        if (!stat.isDirectory()) {
          this.add(folder, path.dirname(folder), true);
          continue;
        }
        children = await fs.promises.readdir(folder, { withFileTypes: true });
      } catch {
        continue; // gone, or not readable: the walker skips it as well
      }
      if (generation !== this.generation) return;
      if (!this.watchers.has(folder) && !this.add(folder, folder, false)) return;
      for (const child of children) {
        if (!child.isDirectory() || isSkippedFolderName(child.name)) continue;
        const full = path.join(folder, child.name);
        if (!this.excluded(full)) queue.push(full);
      }
      if (++read % FOLDERS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Watches the folder above each notes folder for the notes folder's own name (not counted in the cap: one each at most). */
  private watchParents(): void {
    const names = new Map<string, Set<string>>();
    for (const root of this.roots) {
      const parent = path.dirname(root);
      if (parent === root) continue;
      if (!names.has(parent)) names.set(parent, new Set());
      names.get(parent)!.add(path.basename(root));
    }
    for (const [parent, children] of names) {
      try {
        const watcher = fs.watch(parent, { persistent: false }, (_event, name) => {
          if (name && children.has(name.toString())) this.seen(path.join(parent, name.toString()));
        });
        watcher.on('error', () => watcher.close());
        this.parentWatchers.push(watcher);
      } catch {
        // no folder above to watch: the notes folder is followed while it stays
      }
    }
  }

  /** Ends the watches of a folder gone and of every folder in it: moved, they would go on telling of paths by their old names. */
  private unwatch(folder: string): void {
    const under = folder + path.sep;
    for (const [watched, watcher] of this.watchers) {
      if (watched !== folder && !watched.startsWith(under)) continue;
      watcher.close();
      this.watchers.delete(watched);
    }
  }

  /** Starts one watch; false when the cap is reached. */
  private add(watched: string, base: string, isFile: boolean): boolean {
    if (this.watchers.size >= this.maxFolders) {
      if (!this.warnedFull) this.log(`Following changes on disk in the first ${this.maxFolders} folders of the notes only: changes in the others are read at the next Re-index Notes.`);
      this.warnedFull = true;
      return false;
    }
    try {
      const watcher = fs.watch(watched, { persistent: false }, (_event, name) => this.seen(isFile ? watched : name ? path.join(base, name.toString()) : watched));
      // A folder gone, the system out of watches (ENOSPC): said, never thrown.
      watcher.on('error', (error) => {
        this.log(`Stopped following changes on disk in ${watched}: ${error.message}. Re-index Notes reads them.`);
        watcher.close();
        this.watchers.delete(watched);
      });
      this.watchers.set(watched, watcher);
    } catch (error) {
      this.log(`Cannot follow changes on disk in ${watched}: ${(error as Error).message}. Re-index Notes reads them.`);
    }
    return true;
  }

  /**
   * True for a folder where the note walker would keep no note: one it does not enter, or whose
   * notes an ignore file leaves out (asked of a note in it, as the walker asks of its files).
   */
  private excluded(folder: string): boolean {
    const root = this.roots.find((candidate) => folder.startsWith(candidate + path.sep));
    return root !== undefined && this.exclusions.excludes(root, path.join(folder, 'note.md'));
  }

  private seen(file: string): void {
    this.pending.add(file);
    this.timer ??= setTimeout(() => this.tell(), GATHER_MS);
  }

  private tell(): void {
    this.timer = undefined;
    const paths = [...this.pending];
    this.pending.clear();
    const events: FileEvent[] = [];
    const created: string[] = [];
    for (const file of paths) {
      let type: FileChangeType;
      try {
        const isFolder = fs.statSync(file).isDirectory();
        type = isFolder ? FileChangeType.Created : FileChangeType.Changed;
        // A folder made (or moved in) after the watches were set up is followed from now on.
        if (isFolder && !this.watchers.has(file) && !isSkippedFolderName(path.basename(file)) && !this.excluded(file)) created.push(file);
      } catch {
        type = FileChangeType.Deleted;
        this.unwatch(file);
      }
      events.push({ uri: fileToUri(file), type });
    }
    if (created.length > 0) {
      const generation = this.generation;
      // A note written in the folder while its watches were being set up (a folder moved back,
      // then written to at once) was told of by no watch: once they are set up, the folder is
      // told of again, and read again for what came in meanwhile.
      void this.follow(created, generation).then(() => {
        if (generation !== this.generation) return;
        for (const folder of created) if (this.watchers.has(folder)) this.seen(folder);
      });
    }
    if (events.length > 0) this.onEvents(events);
  }
}
