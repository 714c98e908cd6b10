// Opt-in (`architectureNotes.highlightTerms`): a dotted underline under every known term in the
// visible design docs, so the reader sees where a hover has something to say.
import * as vscode from 'vscode';
import type { DocumentTermsSource } from './documentTermsSource';
import type { IndexStatusTracker } from './indexStatus';
import { toRange } from './noteLocations';
import { highlightTermsEnabled, isTermDocument } from './settings';

export class TermHighlighter implements vscode.Disposable {
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    textDecoration: 'underline dotted',
    overviewRulerColor: new vscode.ThemeColor('editorInfo.foreground'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
  });
  private readonly disposables: vscode.Disposable[] = [this.decoration];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly source: DocumentTermsSource, index: IndexStatusTracker, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      vscode.window.onDidChangeVisibleTextEditors(() => this.updateSoon(0)),
      vscode.workspace.onDidChangeTextDocument(({ document }) => {
        if (vscode.window.visibleTextEditors.some((e) => e.document === document)) this.updateSoon(300);
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('architectureNotes')) this.updateSoon(0);
      }),
      index.onDidChange((status) => {
        if (status.state === 'ready') this.updateSoon(300);
      }),
    );
    this.updateSoon(0);
  }

  private updateSoon(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.updateAll(), delayMs);
  }

  private async updateAll(): Promise<void> {
    for (const editor of vscode.window.visibleTextEditors) {
      const document = editor.document;
      if (!isTermDocument(document) || !highlightTermsEnabled(document)) {
        editor.setDecorations(this.decoration, []);
        continue;
      }
      try {
        const version = document.version;
        const terms = await this.source.termsIn(document);
        // Ranges for an older text would underline the wrong words; the next update follows.
        if (document.version !== version) continue;
        editor.setDecorations(this.decoration, terms.flatMap((t) => t.ranges.map(toRange)));
      } catch (error) {
        this.log.error(`Highlight terms: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}
