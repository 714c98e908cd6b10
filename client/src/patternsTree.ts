// The Patterns view: notes › areas › topics › labels and terms › references, as the server's
// outline request describes them. The PATTERNS area comes first (the server sorts it there)
// and opens expanded; the tree reloads when the index changes.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { OutlineRequest, type OutlineKind, type OutlineNode } from '../../server/src/protocol';
import { hostOf } from '../../server/src/core/query/urlPolicy';
import type { IndexStatusTracker } from './indexStatus';
import { untrustedTooltip } from './untrustedMarkdown';

/** One node of the tree: the server's node, plus where it sits, for stable ids and reveal. */
export interface PatternNode {
  readonly node: OutlineNode;
  readonly parent: PatternNode | undefined;
  readonly id: string;
}

const ICONS: Record<OutlineKind, string> = {
  note: 'notebook',
  area: 'symbol-namespace',
  topic: 'symbol-class',
  label: 'tag',
  term: 'symbol-key',
  reference: 'link-external',
  folder: 'folder',
  tag: 'tag',
};

const EXPANDED_AREA = 'PATTERNS';

export const PatternCommands = {
  revealInNotes: 'architectureNotes.patterns.revealInNotes',
  openReference: 'architectureNotes.patterns.openReference',
  copyLink: 'architectureNotes.patterns.copyLink',
  insertLink: 'architectureNotes.patterns.insertLink',
} as const;

export class PatternsTreeProvider implements vscode.TreeDataProvider<PatternNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PatternNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: Promise<PatternNode[]> | undefined;
  private shownVersion: number | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  /** The outline request under way: a newer refresh cancels it (the server builds it in slices, and stops). */
  private loading: vscode.CancellationTokenSource | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly client: LanguageClient, private readonly index: IndexStatusTracker, private readonly log: vscode.LogOutputChannel) {
    this.subscription = index.onDidChange((status) => {
      if (status.state !== 'ready' || status.version === this.shownVersion) return;
      // Typing in a note changes the index at every keystroke: reload once the typing pauses.
      clearTimeout(this.refreshTimer);
      this.refreshTimer = setTimeout(() => this.refresh(), 300);
    });
  }

  refresh(): void {
    this.loading?.cancel();
    this.roots = undefined;
    this.changed.fire(undefined);
  }

  async getChildren(element?: PatternNode): Promise<PatternNode[]> {
    if (element) return wrap(element.node.children ?? [], element);
    this.roots ??= this.loadRoots();
    return this.roots;
  }

  getParent(element: PatternNode): PatternNode | undefined {
    return element.parent;
  }

  getTreeItem(element: PatternNode): vscode.TreeItem {
    const { node } = element;
    const hasChildren = (node.children?.length ?? 0) > 0;
    const item = new vscode.TreeItem(node.label || '(untitled)', collapsedState(element, hasChildren));
    item.id = element.id;
    item.iconPath = new vscode.ThemeIcon(ICONS[node.kind]);
    item.contextValue = contextValue(node);
    if (node.termCount) item.description = node.termCount === 1 ? '1 term' : `${node.termCount} terms`;
    else if (node.kind === 'reference' && node.url && hostOf(node.url) !== node.label) item.description = hostOf(node.url);
    item.tooltip = tooltipFor(node);
    if (node.kind === 'reference') {
      item.command = { title: 'Open Reference', command: PatternCommands.openReference, arguments: [element] };
    } else if (node.kind === 'term') {
      item.command = { title: 'Reveal in Notes', command: PatternCommands.revealInNotes, arguments: [element] };
    }
    return item;
  }

  private async loadRoots(): Promise<PatternNode[]> {
    let loading: vscode.CancellationTokenSource | undefined;
    try {
      // Until the first index is in, the view shows its progress bar rather than an empty tree.
      await this.index.ready;
      const version = this.index.status?.version;
      loading = this.loading = new vscode.CancellationTokenSource();
      const outline = await this.client.sendRequest(OutlineRequest, loading.token);
      this.shownVersion = version;
      return wrap(outline, undefined);
    } catch (error) {
      // A refresh cancelled this request and asked again.
      if (loading?.token.isCancellationRequested) return [];
      this.log.error(`Patterns: ${error instanceof Error ? error.message : String(error)}`);
      this.roots = undefined;
      return [];
    }
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.loading?.cancel();
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function wrap(nodes: OutlineNode[], parent: PatternNode | undefined): PatternNode[] {
  const seen = new Map<string, number>();
  return nodes.map((node) => {
    // Ids follow the path of labels, so expansion survives a reload; twins get a counter.
    const key = `${node.kind}:${node.label}`;
    const twin = seen.get(key) ?? 0;
    seen.set(key, twin + 1);
    const id = `${parent ? parent.id : node.uri}/${key}${twin ? `#${twin}` : ''}`;
    return { node, parent, id };
  });
}

function collapsedState(element: PatternNode, hasChildren: boolean): vscode.TreeItemCollapsibleState {
  if (!hasChildren) return vscode.TreeItemCollapsibleState.None;
  const { kind, label } = element.node;
  if (kind === 'note' || (kind === 'area' && label === EXPANDED_AREA)) return vscode.TreeItemCollapsibleState.Expanded;
  return vscode.TreeItemCollapsibleState.Collapsed;
}

/** The link behind a node: a reference's URL, or the first reference of a term or topic. */
export function linkOf(node: OutlineNode): { label: string; url: string } | undefined {
  if (node.url) return { label: node.label, url: node.url };
  const first = node.children?.find((child) => child.kind === 'reference' && child.url);
  return first?.url ? { label: node.label, url: first.url } : undefined;
}

/** `reference`, or the kind with `-linked` when the node leads to a reference (menus key on it). */
function contextValue(node: OutlineNode): string {
  if (node.kind === 'reference') return 'reference';
  return linkOf(node) ? `${node.kind}-linked` : node.kind;
}

function tooltipFor(node: OutlineNode): vscode.MarkdownString | undefined {
  switch (node.kind) {
    case 'term':
    case 'topic':
      return untrustedTooltip(node.label, node.detail ?? '(no definition yet)');
    case 'reference':
      return untrustedTooltip(node.label, node.url);
    case 'label':
      return untrustedTooltip(node.label, node.url);
    default:
      return undefined;
  }
}
