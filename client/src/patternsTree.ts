// The Patterns view: notes › areas › topics › labels and terms › references, as the server's
// outline request describes them, one level at a time: the first level, then the children of
// the row being expanded (a small subtree comes with its row). The PATTERNS area comes first
// (the server sorts it there) and opens expanded; the tree reloads when the index changes, and
// the server's stable row ids keep what was expanded.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { OutlineRequest, type OutlineKind, type OutlineNode } from '../../server/src/protocol';
import { hostOf } from '../../server/src/core/query/urlPolicy';
import type { IndexStatusTracker } from './indexStatus';
import { friendlyLabel, labelWasChanged, notePathLabel, orderRows, plural } from './presentation';
import { untrustedTooltip } from './untrustedMarkdown';

/** One node of the tree: the server's node, plus where it sits, for reveal. */
export interface PatternNode {
  readonly node: OutlineNode;
  readonly parent: PatternNode | undefined;
  /** The server's id for the row: stable across re-indexing while the names above it stay. */
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
  more: 'ellipsis',
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
  /** Whether the first level came in pages: then its notes open collapsed, not all at once. */
  private rootsPaged = false;
  private shownVersion: number | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  /** The outline requests under way: a refresh cancels them (the server reads notes in slices, and stops). */
  private readonly loading = new Set<vscode.CancellationTokenSource>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly client: LanguageClient, private readonly index: IndexStatusTracker, private readonly log: vscode.LogOutputChannel, extensionUri?: vscode.Uri) {
    bundledNotesFolder = extensionUri && vscode.Uri.joinPath(extensionUri, 'notes-data').fsPath;
    this.subscription = index.onDidChange((status) => {
      if (status.state !== 'ready' || status.version === this.shownVersion) return;
      // Typing in a note changes the index at every keystroke: reload once the typing pauses.
      clearTimeout(this.refreshTimer);
      this.refreshTimer = setTimeout(() => this.refresh(), 300);
    });
  }

  refresh(): void {
    for (const request of this.loading) request.cancel();
    this.loading.clear();
    this.roots = undefined;
    this.changed.fire(undefined);
  }

  async getChildren(element?: PatternNode): Promise<PatternNode[]> {
    if (!element) return (this.roots ??= this.loadRoots());
    if (element.node.children) return wrap(element.node.children, element);
    if (!element.node.hasChildren) return [];
    return wrap(await this.request(element.node.id), element);
  }

  getParent(element: PatternNode): PatternNode | undefined {
    return element.parent;
  }

  getTreeItem(element: PatternNode): vscode.TreeItem {
    const { node } = element;
    const hasChildren = !!node.hasChildren || (node.children?.length ?? 0) > 0;
    const item = new vscode.TreeItem(friendlyLabel(node.kind, node.label), collapsedState(element, hasChildren, this.rootsPaged));
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
    // Until the first index is in, the view shows its progress bar rather than an empty tree.
    await this.index.ready;
    const version = this.index.status?.version;
    const rows = await this.request(undefined);
    this.shownVersion = version;
    this.rootsPaged = rows.some((row) => row.kind === 'more');
    return wrap(rows, undefined);
  }

  /** The rows under `parent` (the first level without it); none when the request failed or a refresh cancelled it. */
  private async request(parent: string | undefined): Promise<OutlineNode[]> {
    const loading = new vscode.CancellationTokenSource();
    this.loading.add(loading);
    try {
      return await this.client.sendRequest(OutlineRequest, parent === undefined ? {} : { parent }, loading.token);
    } catch (error) {
      // A refresh cancelled this request and asks again.
      if (loading.token.isCancellationRequested) return [];
      this.log.error(`Patterns: ${error instanceof Error ? error.message : String(error)}`);
      if (parent === undefined) this.roots = undefined;
      return [];
    } finally {
      this.loading.delete(loading);
      loading.dispose();
    }
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    for (const request of this.loading) request.cancel();
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function wrap(nodes: OutlineNode[], parent: PatternNode | undefined): PatternNode[] {
  // Terms before topics and labels, links last: what a topic defines is what one looks for.
  // (The server pages rows in this order already.)
  return orderRows(nodes).map((node) => ({ node, parent, id: node.id }));
}

function collapsedState(element: PatternNode, hasChildren: boolean, rootsPaged: boolean): vscode.TreeItemCollapsibleState {
  if (!hasChildren) return vscode.TreeItemCollapsibleState.None;
  const { kind, label } = element.node;
  // A note opens expanded at the first level of a few notes; among many (in folders, or in
  // pages) it waits to be opened, or the view would ask for hundreds of notes at once.
  const expandedNote = kind === 'note' && element.parent === undefined && !rootsPaged;
  if (expandedNote || (kind === 'area' && label === EXPANDED_AREA)) return vscode.TreeItemCollapsibleState.Expanded;
  return vscode.TreeItemCollapsibleState.Collapsed;
}

/** The link behind a node: a reference's URL, or the first reference of a term or topic. */
export function linkOf(node: OutlineNode): { label: string; url: string } | undefined {
  if (node.url) return { label: node.label, url: node.url };
  const first = node.link ?? node.children?.find((child) => child.kind === 'reference' && child.url)?.url;
  return first ? { label: node.label, url: first } : undefined;
}

/** `reference`, or the kind with `-linked` when the node leads to a reference (menus key on it). */
function contextValue(node: OutlineNode): string {
  if (node.kind === 'reference' || node.kind === 'more') return node.kind;
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
    case 'more':
      // Expanding it shows the next rows; a click does nothing else.
      return {};
    case 'reference': {
      const host = node.url ? hostOf(node.url) : undefined;
      return {
        description: host && host !== node.label ? host : undefined,
        tooltip: untrustedTooltip(node.label, node.url),
        command: { title: 'Open Reference', command: PatternCommands.openReference, arguments: [element] },
      };
    }
    case 'folder':
    case 'tag':
      // Terms when the server counted them (a few notes), else how many notes ("500 notes").
      // A click expands it, as in the Explorer, and opens nothing: its row carries its first
      // note's URI only as the row's resource, and a click opened that note.
      return { description: counted ?? node.detail, tooltip: labelTooltip(node) };
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
/** The folder of the notes shipped with the extension (set when the view is made). */
let bundledNotesFolder: string | undefined;

function notePath(uri: string): string {
  const parsed = vscode.Uri.parse(uri);
  return notePathLabel(parsed.fsPath, vscode.workspace.asRelativePath(parsed, false), process.env.HOME ?? process.env.USERPROFILE, bundledNotesFolder, path.sep);
}
