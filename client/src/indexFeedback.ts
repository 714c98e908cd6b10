// What the person sees of indexing: a progress notification while Re-index Notes runs, ending
// in "Indexed 2 notes, 56 terms (3 s)", and a warning, once per change, for a notes path that
// does not exist, with the way to the setting.
import * as vscode from 'vscode';
import type { IndexStatus } from '../../server/src/protocol';
import type { IndexStatusTracker } from './indexStatus';
import { showInformation, showWarning } from './notify';
import { indexedSummary, plural } from './presentation';

const NOTES_PATHS_SETTING = 'architectureNotes.notesPaths';

/** Runs a re-index under a progress notification and says how it went. */
export async function withIndexProgress(log: vscode.LogOutputChannel, reindex: () => Promise<IndexStatus>): Promise<IndexStatus> {
  const started = Date.now();
  const status = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Architecture Notes: re-indexing notes…', cancellable: false },
    () => reindex(),
  );
  const summary = indexedSummary(status.notes, status.terms, Date.now() - started);
  const skipped = status.skipped.length > 0 ? `; ${plural(status.skipped.length, 'file')} skipped` : '';
  log.info(`${summary}${skipped}.`);
  void showInformation(`${summary}${skipped}.`);
  return status;
}

/** Notes paths the server could not find, from the skipped list of an index status. */
export function missingPaths(status: IndexStatus): string[] {
  return status.skipped.filter((entry) => entry.reason === 'not found').map((entry) => entry.path);
}

export class MissingPathsWarning implements vscode.Disposable {
  private lastWarned = '';
  private readonly subscription: vscode.Disposable;

  constructor(index: IndexStatusTracker, private readonly log: vscode.LogOutputChannel) {
    this.subscription = index.onDidChange((status) => {
      if (status.state === 'ready') this.check(status);
    });
  }

  private check(status: IndexStatus): void {
    const missing = missingPaths(status);
    const key = missing.join('\n');
    if (key === this.lastWarned) return;
    this.lastWarned = key;
    if (missing.length === 0) return;
    const message = missing.length === 1
      ? `Architecture Notes: the notes path ${missing[0]} does not exist.`
      : `Architecture Notes: ${missing.length} notes paths do not exist: ${missing.join(', ')}.`;
    this.log.warn(message);
    void showWarning(message, 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', NOTES_PATHS_SETTING);
    });
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
