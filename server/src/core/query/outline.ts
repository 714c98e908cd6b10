// The shape of the notes as a tree: notes › areas › topics › labels and terms › references;
// a vault's notes by folder and by tag, each note › its terms › references. Feeds the Patterns
// sidebar and, per note, the document symbols (outline, breadcrumbs).

import type { Definition, Note, Range, Section } from '../model';
import { hostOf, openableHref, type IndexedNoteTest } from './urlPolicy';

export type TreeKind = 'note' | 'area' | 'topic' | 'label' | 'term' | 'reference' | 'folder' | 'tag';

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

export interface TreeOptions {
  /** Whether terms and topics list their references (the outline does, document symbols don't). */
  references?: boolean;
  /** Which file links are indexed notes: only those become a node's URL (see urlPolicy). */
  isIndexedNote?: IndexedNoteTest;
}

/** One note's tree: its areas (PATTERNS first), their topics, labels and terms. */
export function noteTree(note: Note, title: string, options: TreeOptions = {}): TreeNode {
  const withReferences = options.references ?? true;
  const { isIndexedNote } = options;
  const root: TreeNode = { kind: 'note', label: title, uri: note.uri, range: zero(), children: [] };
  // A glossary page is browsed by page: the page and its terms, whatever headings group them.
  if (note.definitions.some((definition) => definition.format === 'glossary')) {
    for (const definition of note.definitions) {
      if (definition.format !== 'glossary') continue;
      root.children.push({ kind: 'term', label: definition.term, detail: definition.text || undefined, uri: note.uri, range: definition.termRange, children: withReferences ? references(definition, note.uri, isIndexedNote) : [] });
    }
    countTerms(root);
    return root;
  }
  const nodeOf = new Map<Section, TreeNode>();
  let currentArea: TreeNode | undefined;
  // Lookups by line and by name instead of searches, so that a note of 20,000 topics and
  // terms costs linear time rather than a search of every section for each term.
  const topicAt = new Map<number, Definition>();
  for (const definition of note.definitions) {
    if (definition.kind === 'topic' && !topicAt.has(definition.termRange.start.line)) topicAt.set(definition.termRange.start.line, definition);
  }
  // A Contextive glossary's sections are its bounded contexts, its terms grouped under them;
  // a context's vision is what a topic's definition is to a topic.
  const visionOf = new Map<string, string>();
  for (const definition of note.definitions) {
    const context = definition.format === 'contextive' ? definition.context : undefined;
    if (context?.name && context.vision && !visionOf.has(context.name)) visionOf.set(context.name, context.vision);
  }
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
    const topic = topicAt.get(section.headingRange.start.line);
    if (topic) node.detail = topic.text || undefined;
    else if (visionOf.has(section.name)) node.detail = visionOf.get(section.name);
    // A loop, not push(...): a topic's references can outnumber the arguments a call may take.
    if (topic && withReferences) for (const reference of references(topic, note.uri, isIndexedNote)) node.children.push(reference);
  }
  const firstLabelNamed = new Map<TreeNode, Map<string, TreeNode>>();
  for (const section of note.sections) {
    const node = nodeOf.get(section)!;
    const byName = new Map<string, TreeNode>();
    firstLabelNamed.set(node, byName);
    for (const label of section.labels) {
      // A label's link comes from the note: only a link the policy opens becomes the item's URL.
      const url = label.url !== undefined ? openableHref(label.url, isIndexedNote) : undefined;
      const labelNode: TreeNode = { kind: 'label', label: label.name, uri: note.uri, range: label.range, url, children: [] };
      node.children.push(labelNode);
      if (!byName.has(label.name)) byName.set(label.name, labelNode);
    }
  }
  const sectionAt = innermostSections(note.sections);
  for (const definition of note.definitions) {
    if (definition.kind === 'topic') continue;
    const section = sectionAt(definition.termRange.start.line);
    const parent = section ? nodeOf.get(section)! : root;
    const firstLabel = definition.label ? firstLabelNamed.get(parent)?.get(definition.label) : undefined;
    const labelNode = firstLabel && firstLabel.range.start.line <= definition.range.start.line ? firstLabel : undefined;
    (labelNode ?? parent).children.push({
      kind: 'term',
      label: definition.term,
      detail: definition.text || undefined,
      uri: note.uri,
      range: definition.termRange,
      children: withReferences ? references(definition, note.uri, isIndexedNote) : [],
    });
  }
  countTerms(root);
  // The patterns come first: they are what people browse for.
  root.children.sort((a, b) => Number(b.label === 'PATTERNS') - Number(a.label === 'PATTERNS'));
  return root;
}

/**
 * A vault note's tree: the note and the terms it defines, with their references. Its headings
 * are structure, not patterns (a meeting note's "Action items"), and stay out of the tree.
 */
export function vaultNoteTree(note: Note, title: string, options: TreeOptions = {}): TreeNode {
  const withReferences = options.references ?? true;
  const root: TreeNode = { kind: 'note', label: title, uri: note.uri, range: zero(), children: [] };
  for (const definition of note.definitions) {
    root.children.push({
      kind: 'term', label: definition.term, detail: definition.text || undefined, uri: note.uri, range: definition.termRange,
      children: withReferences ? references(definition, note.uri, options.isIndexedNote) : [],
    });
  }
  countTerms(root);
  return root;
}

/** A vault note as the vault outline places it: its folder (relative to the vault, '' at its top) and its tree. */
export interface PlacedVaultNote {
  folder: string;
  tags: readonly string[];
  tree: TreeNode;
}

/**
 * A vault's notes grouped by folder (a node per folder, its notes inside, sorted by path)
 * then by tag (a node per tag, the notes carrying it). A note with tags shows under its
 * folder and under each tag: the two ways people browse a vault.
 */
export function vaultOutline(notes: readonly PlacedVaultNote[]): TreeNode[] {
  const folders = new Map<string, TreeNode>();
  const tags = new Map<string, TreeNode>();
  const group = (groups: Map<string, TreeNode>, kind: 'folder' | 'tag', label: string, uri: string) => {
    let node = groups.get(label);
    if (!node) groups.set(label, (node = { kind, label, uri, range: zero(), children: [] }));
    return node;
  };
  for (const placed of notes) {
    group(folders, 'folder', placed.folder || '.', placed.tree.uri).children.push(placed.tree);
    for (const tag of placed.tags) group(tags, 'tag', `#${tag}`, placed.tree.uri).children.push(placed.tree);
  }
  const sorted = (groups: Map<string, TreeNode>) => [...groups.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const nodes = [...sorted(folders), ...sorted(tags)];
  for (const node of nodes) {
    node.children.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    countTerms(node);
  }
  return nodes;
}

/**
 * For lines asked in ascending order, the last section (in document order) whose range holds
 * the line: one sweep with a stack of the sections open so far. A section popped for ending
 * before one line ends before every later line too.
 */
function innermostSections(sections: Section[]): (line: number) => Section | undefined {
  const open: Section[] = [];
  let next = 0;
  return (line) => {
    while (next < sections.length && sections[next].range.start.line <= line) open.push(sections[next++]);
    while (open.length > 0 && open[open.length - 1].range.end.line < line) open.pop();
    return open[open.length - 1];
  };
}

/** A definition's links that the policy opens, each by its normalised URL. */
function references(definition: Definition, uri: string, isIndexedNote: IndexedNoteTest | undefined): TreeNode[] {
  const nodes: TreeNode[] = [];
  for (const link of definition.links) {
    const href = openableHref(link.url, isIndexedNote);
    if (href) nodes.push({ kind: 'reference', label: link.description || hostOf(href), detail: href, url: href, uri, range: link.range, children: [] });
  }
  return nodes;
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
