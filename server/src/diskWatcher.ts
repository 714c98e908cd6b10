// Following the notes on disk for an editor that watches no files for the server: one that
// offers no dynamic registration of workspace/didChangeWatchedFiles (Helix, older Neovim, a
// plain LSP client). Without it a note edited, added or deleted outside the editor would be
// seen only at the next start or Re-index. Node's own recursive watch of each notes folder
// reports paths; they are gathered for a moment, then told as the file events an editor sends
// (indexing.ts reads them alike: a note changed or deleted, a folder added or gone).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import { fileToUri } from './core/workspace/notesWorkspace';

/** How long paths are gathered before they are told: a save is often several events. */
const GATHER_MS = 150;

export class DiskWatcher {
  private watchers: fs.FSWatcher[] = [];
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly onEvents: (events: FileEvent[]) => void,
    private readonly log: (message: string) => void,
  ) {}

  /** Watches these folders (and what is under them) instead of any watched before. */
  watch(folders: readonly string[]): void {
    this.close();
    for (const folder of new Set(folders)) {
      try {
        const watcher = fs.watch(folder, { recursive: true, persistent: false }, (_event, name) => this.gather(name ? path.join(folder, name.toString()) : folder));
        // Too many folders for the system's watches (ENOSPC), a folder gone: said once, never thrown.
        watcher.on('error', (error) => {
          this.log(`Stopped following changes on disk under ${folder}: ${error.message}. Re-index Notes reads them.`);
          watcher.close();
        });
        this.watchers.push(watcher);
      } catch (error) {
        this.log(`Cannot follow changes on disk under ${folder}: ${(error as Error).message}. Re-index Notes reads them.`);
      }
    }
  }

  close(): void {
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
    this.pending.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private gather(file: string): void {
    this.pending.add(file);
    this.timer ??= setTimeout(() => this.tell(), GATHER_MS);
  }

  private tell(): void {
    this.timer = undefined;
    const paths = [...this.pending];
    this.pending.clear();
    const events: FileEvent[] = [];
    for (const file of paths) {
      let type: FileChangeType;
      try {
        type = fs.statSync(file).isDirectory() ? FileChangeType.Created : FileChangeType.Changed;
      } catch {
        type = FileChangeType.Deleted;
      }
      events.push({ uri: fileToUri(file), type });
    }
    if (events.length > 0) this.onEvents(events);
  }
}
