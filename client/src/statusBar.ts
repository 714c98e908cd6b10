// The status bar item: how many terms the notes define, a spinner while indexing, a warning
// when the server is down. A click opens Search Notes. Shown while a design doc is active.
import * as vscode from 'vscode';
import type { IndexStatus } from '../../server/src/protocol';
import type { IndexStatusTracker } from './indexStatus';
import { indexSummary, plural, statusText } from './presentation';
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

  /** What the item shows, for the tests. */
  get shown(): { text: string; tooltip: string; warning: boolean } {
    return { text: this.item.text, tooltip: String(this.item.tooltip ?? ''), warning: this.item.backgroundColor !== undefined };
  }

  private update(): void {
    const status = this.index.status;
    const error = this.index.error;
    if (error) {
      this.item.text = '$(warning) Notes';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.item.tooltip = `Architecture Notes: ${error} See "Architecture Notes: Show Output".`;
    } else if (!status || status.state === 'indexing') {
      this.item.text = '$(sync~spin) Notes';
      this.item.backgroundColor = undefined;
      this.item.tooltip = progressText(status);
    } else {
      this.item.text = statusText(status.terms, status.skipped.length);
      this.item.tooltip = readyText(status);
      // Something was left out: the item says so at a glance, the tooltip says what and why.
      this.item.backgroundColor = status.skipped.length > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
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
  const lines = [indexSummary(status.terms, status.topics ?? 0, status.notes)];
  if (status.skipped.length > 0) {
    lines.push('', `${plural(status.skipped.length, 'file')} skipped:`);
    for (const entry of status.skipped.slice(0, 5)) lines.push(`• ${entry.path}: ${entry.reason}`);
    if (status.skipped.length > 5) lines.push(`… and ${status.skipped.length - 5} more (see Show Output)`);
  }
  return lines.join('\n');
}
