// The status bar item: how many terms the notes define, a spinner while indexing, a warning
// when the server is down. A click opens Search Notes. Shown while a design doc is active.
import * as vscode from 'vscode';
import type { IndexStatus } from '../../server/src/protocol';
import type { IndexStatusTracker } from './indexStatus';
import { isTermDocument } from './settings';

export class NotesStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('architectureNotes.status', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(private readonly index: IndexStatusTracker, searchCommand: string) {
    this.item.name = 'Architecture Notes';
    this.item.command = searchCommand;
    this.disposables.push(
      index.onDidChange(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('architectureNotes.languages')) this.update();
      }),
    );
    this.update();
  }

  private update(): void {
    const status = this.index.status;
    const error = this.index.error;
    if (error) {
      this.item.text = '$(warning) Notes';
      this.item.tooltip = `Architecture Notes: ${error} See "Architecture Notes: Show Output".`;
    } else if (!status || status.state === 'indexing') {
      this.item.text = '$(sync~spin) Notes';
      this.item.tooltip = progressText(status);
    } else {
      this.item.text = `$(book) ${status.terms}`;
      this.item.tooltip = readyText(status);
    }
    const editor = vscode.window.activeTextEditor;
    const busy = !status || status.state === 'indexing' || !!error;
    if (busy || (editor && isTermDocument(editor.document))) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function progressText(status: IndexStatus | undefined): string {
  if (status?.total) return `Architecture Notes: indexing notes, ${status.done ?? 0} of ${status.total} files`;
  return 'Architecture Notes: indexing notes…';
}

function readyText(status: IndexStatus): string {
  const notes = status.notes === 1 ? '1 note' : `${status.notes} notes`;
  const skipped = status.skipped.length > 0 ? `, ${status.skipped.length} skipped (see Show Output)` : '';
  return `Architecture Notes: ${status.terms} terms from ${notes}${skipped}. Click to search.`;
}
