// Symbols: a note's outline (areas, topics, labels, terms) for breadcrumbs and Go to Symbol,
// and the notes' terms and topics for Go to Symbol in Workspace.

import * as path from 'node:path';
import { SymbolKind, type DocumentSymbol, type WorkspaceSymbol } from 'vscode-languageserver';
import type { Note, Range } from '../core/model';
import { noteTree, type TreeNode } from '../core/query/outline';
import { plainText, sectionLabel } from '../core/query/present';
import { uriToFile } from '../core/workspace/notesWorkspace';
import { compareStrings, type FeatureContext } from './context';

const MAX_WORKSPACE_SYMBOLS = 200;

/**
 * The most symbols a note's outline answers with, in the note's order: a note of 50,000
 * headings made an answer of 11 MB that the editor then had to lay out. The outline of such a
 * note stops there; Go to Symbol in Workspace and search still reach every term.
 */
export const MAX_DOCUMENT_SYMBOLS = 5000;

export function documentSymbols(context: FeatureContext, uri: string): DocumentSymbol[] {
  const note = context.workspace.index.note(uri);
  if (!note) return [];
  const extents = symbolExtents(note);
  let budget = MAX_DOCUMENT_SYMBOLS;
  const withinBudget = (): boolean => budget-- > 0;
  const toSymbol = (node: TreeNode): DocumentSymbol => {
    const kind = node.kind === 'area' ? SymbolKind.Namespace : node.kind === 'topic' ? SymbolKind.Class : node.kind === 'label' ? SymbolKind.Key : SymbolKind.Constant;
    // A symbol spans all it stands for, so that breadcrumbs and the outline can tell where
    // the cursor is; its name is what gets selected.
    const range = extents.get(extentKey(node.kind, node.range)) ?? node.range;
    return { name: plainText(node.label) || '(untitled)', detail: node.detail === undefined ? undefined : plainText(node.detail.slice(0, 200)).slice(0, 80), kind, range, selectionRange: node.range, children: node.children.filter((c) => c.kind !== 'reference' && withinBudget()).map(toSymbol) };
  };
  // In the note's own order: the Patterns view puts PATTERNS first, an editor's outline follows the file.
  const areas = noteTree(note, path.basename(uriToFile(note.uri) ?? note.uri), { references: false }).children;
  return [...areas].sort((a, b) => a.range.start.line - b.range.start.line).filter(withinBudget).map(toSymbol);
}

const extentKey = (kind: string, range: Range) => `${kind}:${range.start.line}:${range.start.character}`;

/** What each outline node covers: a whole section, the lines a label governs, a definition with its continuation. */
function symbolExtents(note: Note): Map<string, Range> {
  const extents = new Map<string, Range>();
  for (const section of note.sections) {
    extents.set(extentKey(section.level === 1 ? 'area' : 'topic', section.headingRange), section.range);
    for (const label of section.labels) extents.set(extentKey('label', label.range), label.scope);
  }
  for (const definition of note.definitions) if (definition.kind === 'term') extents.set(extentKey('term', definition.termRange), definition.range);
  return extents;
}

export function workspaceSymbols(context: FeatureContext, query: string): WorkspaceSymbol[] {
  const { workspace } = context;
  // The hits alone: a symbol shows no definition text or link, and those cost the most to read.
  const results = query.trim()
    ? workspace.search.termHits(query, { kinds: ['term', 'topic'], limit: MAX_WORKSPACE_SYMBOLS })
      .map((h) => ({ kind: h.kind, label: h.entry.term, uri: h.definition.uri, range: h.definition.termRange, sectionPath: h.definition.sectionPath }))
    : [...workspace.index.terms()].sort((a, b) => compareStrings(a.key, b.key)).slice(0, MAX_WORKSPACE_SYMBOLS)
      .map((e) => ({ kind: e.definitions[0].kind, label: e.term, uri: e.definitions[0].uri, range: e.definitions[0].termRange, sectionPath: e.definitions[0].sectionPath }));
  return results.map((r) => ({
    // A symbol's name is plain text in every editor: a note's Markdown and HTML are dropped.
    name: plainText(r.label) || '(untitled)',
    kind: r.kind === 'topic' ? SymbolKind.Namespace : SymbolKind.Constant,
    containerName: plainText(sectionLabel(r.sectionPath, r.uri)),
    location: { uri: r.uri, range: r.range },
  }));
}
