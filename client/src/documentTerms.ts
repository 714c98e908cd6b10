// The "In This Document" view: the known terms the active document uses, with how often and
// what the notes say; a click jumps to the term's next occurrence after the cursor.
import * as vscode from 'vscode';
import type { DocumentTermItem } from '../../server/src/protocol';
import type { DocumentTermsSource } from './documentTermsSource';
import type { IndexStatusTracker } from './indexStatus';
import { toRange } from './noteLocations';
import { untrustedTooltip } from './untrustedMarkdown';

export const NEXT_OCCURRENCE_COMMAND = 'architectureNotes.documentTerms.nextOccurrence';

export interface DocumentTermNode {
  readonly uri: vscode.Uri;
  readonly item: DocumentTermItem;
}

export class DocumentTermsProvider implements vscode.TreeDataProvider<DocumentTermNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly source: DocumentTermsSource, index: IndexStatusTracker, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.refreshSoon(0)),
      vscode.workspace.onDidChangeTextDocument(({ document }) => {
        if (document === vscode.window.activeTextEditor?.document) this.refreshSoon(400);
      }),
      index.onDidChange((status) => {
        if (status.state === 'ready') this.refreshSoon(400);
      }),
    );
  }

  private refreshSoon(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(), delayMs);
  }

  async getChildren(element?: DocumentTermNode): Promise<DocumentTermNode[]> {
    if (element) return [];
    const document = vscode.window.activeTextEditor?.document;
    if (!document) return [];
    try {
      const terms = await this.source.termsIn(document);
      return terms.map((item) => ({ uri: document.uri, item }));
    } catch (error) {
      this.log.error(`In This Document: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }

  getTreeItem({ uri, item }: DocumentTermNode): vscode.TreeItem {
    const treeItem = new vscode.TreeItem(item.term, vscode.TreeItemCollapsibleState.None);
    treeItem.id = `${uri.toString()}#${item.term}`;
    treeItem.iconPath = new vscode.ThemeIcon('symbol-key');
    // The meaning at a glance; the tooltip keeps the whole of it.
    treeItem.description = glance(item);
    treeItem.tooltip = untrustedTooltip(item.term, item.definition || '(no definition yet)', item.section);
    treeItem.contextValue = 'documentTerm';
    treeItem.command = { title: 'Go to Next Occurrence', command: NEXT_OCCURRENCE_COMMAND, arguments: [{ uri, item }] };
    return treeItem;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** `3× · stops calling a failing service…`: how often, and what the notes say, clipped. */
export function glance(item: DocumentTermItem): string {
  const definition = (item.definition ?? '').replace(/\s+/g, ' ').trim();
  if (!definition) return `${item.count}×`;
  return `${item.count}× · ${definition.length > 80 ? definition.slice(0, 79).trimEnd() + '…' : definition}`;
}

/** Selects the first occurrence after the cursor, wrapping around to the top. */
export async function goToNextOccurrence(node: DocumentTermNode | undefined): Promise<void> {
  if (!node || node.item.ranges.length === 0) return;
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === node.uri.toString());
  const editor = await vscode.window.showTextDocument(node.uri, { viewColumn: visible?.viewColumn, preserveFocus: false });
  const cursor = editor.selection.active;
  const ranges = node.item.ranges.map(toRange);
  const next = ranges.find((r) => r.start.isAfter(cursor)) ?? ranges[0];
  editor.selection = new vscode.Selection(next.start, next.end);
  editor.revealRange(next, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
