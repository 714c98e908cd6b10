// The Patterns view: notes › areas › topics › labels and terms › references, as the server's
// outline request describes them. The PATTERNS area comes first (the server sorts it there)
// and opens expanded; the tree reloads when the index changes.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { OutlineRequest, type OutlineKind, type OutlineNode } from '../../server/src/protocol';
import { hostOf } from '../../server/src/core/query/urlPolicy';
import type { IndexStatusTracker } from './indexStatus';
import { friendlyLabel, labelWasChanged, orderRows, plural } from './presentation';
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
    const item = new vscode.TreeItem(friendlyLabel(node.kind, node.label), collapsedState(element, hasChildren));
    item.id = element.id;
    item.iconPath = new vscode.ThemeIcon(ICONS[node.kind] ?? 'circle-outline');
    item.contextValue = contextValue(node);
    const shown = presentationOf(element);
    item.description = shown.description;
    item.tooltip = shown.tooltip;
    item.command = shown.command;
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
  // Terms before topics and labels, links last: what a topic defines is what one looks for.
  return orderRows(nodes).map((node) => {
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

/** What a row says besides its label, and what a click on it does: one case per kind. */
interface RowPresentation {
  description?: string;
  tooltip?: vscode.MarkdownString;
  command?: vscode.Command;
}

function presentationOf(element: PatternNode): RowPresentation {
  const { node } = element;
  const reveal: vscode.Command = { title: 'Reveal in Notes', command: PatternCommands.revealInNotes, arguments: [element] };
  const counted = node.termCount ? plural(node.termCount, 'term') : undefined;
  switch (node.kind) {
    case 'note':
      return { description: [notePath(node.uri), counted].filter(Boolean).join(' · '), tooltip: untrustedTooltip(node.label, fileOf(node.uri)), command: reveal };
    case 'area':
      return { description: counted, tooltip: labelTooltip(node) };
    case 'topic':
      return { description: counted, tooltip: untrustedTooltip(friendlyLabel(node.kind, node.label), rawLabelLine(node), node.detail), command: reveal };
    case 'label':
      return { description: counted, tooltip: untrustedTooltip(friendlyLabel(node.kind, node.label), rawLabelLine(node), node.url), command: reveal };
    case 'term':
      return { tooltip: untrustedTooltip(node.label, node.detail || '(no definition yet)'), command: reveal };
    case 'reference': {
      const host = node.url ? hostOf(node.url) : undefined;
      return {
        description: host && host !== node.label ? host : undefined,
        tooltip: untrustedTooltip(node.label, node.url),
        command: { title: 'Open Reference', command: PatternCommands.openReference, arguments: [element] },
      };
    }
    default:
      return { description: counted, tooltip: labelTooltip(node), command: reveal };
  }
}

function labelTooltip(node: OutlineNode): vscode.MarkdownString {
  return untrustedTooltip(friendlyLabel(node.kind, node.label), rawLabelLine(node), node.detail);
}

/** The heading as written in the notes, when the row shows it differently. */
function rawLabelLine(node: OutlineNode): string | undefined {
  return labelWasChanged(node.kind, node.label) ? `In the notes: ${node.label || '(empty heading)'}` : undefined;
}

function fileOf(uri: string): string {
  const parsed = vscode.Uri.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : uri;
}

/** A note root's path: relative inside the workspace, with ~ for the home folder outside it. */
function notePath(uri: string): string {
  const parsed = vscode.Uri.parse(uri);
  const relative = vscode.workspace.asRelativePath(parsed, false);
  if (relative !== parsed.fsPath) return relative;
  const home = process.env.HOME ?? process.env.USERPROFILE;
  return home && parsed.fsPath.startsWith(home) ? '~' + parsed.fsPath.slice(home.length) : parsed.fsPath;
}
