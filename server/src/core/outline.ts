// The shape of the notes as a tree: notes › areas › topics › labels and terms › references.
// Feeds the Patterns sidebar and, per note, the document symbols (outline, breadcrumbs).

import type { Definition, Note, Range, Section } from './model';
import { isSafeUrl, hostOf } from './present';

export type TreeKind = 'note' | 'area' | 'topic' | 'label' | 'term' | 'reference';

export interface TreeNode {
  kind: TreeKind;
  label: string;
  detail?: string;
  uri: string;
  range: Range;
  url?: string;
  children: TreeNode[];
  termCount?: number;
}

/** One note's tree: its areas (PATTERNS first), their topics, labels and terms. */
export function noteTree(note: Note, title: string, options: { references?: boolean } = {}): TreeNode {
  const withReferences = options.references ?? true;
  const root: TreeNode = { kind: 'note', label: title, uri: note.uri, range: zero(), children: [] };
  const nodeOf = new Map<Section, TreeNode>();
  let currentArea: TreeNode | undefined;
  for (const section of note.sections) {
    const node: TreeNode = {
      kind: section.level === 1 ? 'area' : 'topic',
      label: section.name,
      uri: note.uri,
      range: section.headingRange,
      children: [],
    };
    nodeOf.set(section, node);
    if (section.level === 1) {
      currentArea = node;
      root.children.push(node);
    } else {
      (currentArea ?? root).children.push(node);
    }
    const topic = note.definitions.find((d) => d.kind === 'topic' && d.termRange.start.line === section.headingRange.start.line);
    if (topic) node.detail = topic.text || undefined;
    if (topic && withReferences) node.children.push(...references(topic, note.uri));
  }
  const sectionAt = (line: number) => note.sections.filter((s) => s.range.start.line <= line && line <= s.range.end.line).pop();
  for (const section of note.sections) {
    const node = nodeOf.get(section)!;
    for (const label of section.labels) node.children.push({ kind: 'label', label: label.name, uri: note.uri, range: label.range, url: label.url, children: [] });
  }
  for (const definition of note.definitions) {
    if (definition.kind === 'topic') continue;
    const section = sectionAt(definition.termRange.start.line);
    const parent = section ? nodeOf.get(section)! : root;
    const labelNode = definition.label ? parent.children.find((c) => c.kind === 'label' && c.label === definition.label && c.range.start.line <= definition.range.start.line) : undefined;
    (labelNode ?? parent).children.push({
      kind: 'term',
      label: definition.term,
      detail: definition.text || undefined,
      uri: note.uri,
      range: definition.termRange,
      children: withReferences ? references(definition, note.uri) : [],
    });
  }
  countTerms(root);
  // The patterns come first: they are what people browse for.
  root.children.sort((a, b) => Number(b.label === 'PATTERNS') - Number(a.label === 'PATTERNS'));
  return root;
}

function references(definition: Definition, uri: string): TreeNode[] {
  return definition.links.filter((l) => isSafeUrl(l.url)).map((link) => ({
    kind: 'reference' as const,
    label: link.description || hostOf(link.url),
    detail: link.url,
    url: link.url,
    uri,
    range: link.range,
    children: [],
  }));
}

function countTerms(node: TreeNode): number {
  let count = 0;
  for (const child of node.children) count += (child.kind === 'term' ? 1 : 0) + countTerms(child);
  if (node.kind !== 'term' && node.kind !== 'reference') node.termCount = count;
  return count;
}

function zero(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}
