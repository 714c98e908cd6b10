// The shape of the notes as a tree: notes › areas › topics › labels and terms › references;
// a vault's notes by folder and by tag, each note › its terms › references. Feeds the Patterns
// sidebar a level at a time (outlineLevel) and, per note, the document symbols (outline,
// breadcrumbs).

import type { Definition, Note, Range, Section } from '../model';
import { compareText } from '../index/definitionOrder';
import { distinctNames } from '../notes/distinctNames';
import { plainText } from './present';
import { hostOf, openableHref, type IndexedNoteTest } from './urlPolicy';

export type TreeKind = 'note' | 'area' | 'topic' | 'label' | 'term' | 'reference' | 'folder' | 'tag';

export interface TreeNode {
  kind: TreeKind;
  label: string;
  /** A term's or topic's definition as the note writes it (Markdown); a reference's URL; a folder's or tag's count of notes. */
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

/**
 * Sets each node's termCount: the distinct terms below it. A term defined in two sections of a
 * note (`horizontal scaling` under `monolith` and `semantics`) is one term of the note, as the
 * status bar counts it: counted per definition, the bundled note showed 53 terms, the status 52.
 */
function countTerms(node: TreeNode): Set<string> {
  const terms = new Set<string>();
  for (const child of node.children) {
    if (child.kind === 'term') terms.add(child.label.toLowerCase());
    for (const term of countTerms(child)) terms.add(term);
  }
  if (node.kind !== 'term' && node.kind !== 'reference') node.termCount = terms.size;
  return terms;
}

function zero(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

// ---- The Patterns view, one level at a time --------------------------------------------------
//
// The whole outline of 20,000 notes was 163 MB of JSON and 11.5 s of parsing: the view now asks
// for one level at a time, the rows of the element being expanded. A row's id is the path of
// names that leads to it, so that it survives a re-index while those names stay (the view keeps
// its expansion), and an id that leads nowhere any more gets no rows rather than an error.
// Every answer is capped in rows and bytes: what does not fit comes under a "… more" row,
// which expands to the next rows of the same parent.

/** A row kind: the tree's kinds, and `more` for the rows of a parent that did not fit in one answer. */
export type RowKind = TreeKind | 'more';

/** One row of the Patterns view, as the outline request answers it. */
export interface OutlineRow {
  /** The path of names to the row: ask for the row's children with it. */
  id: string;
  kind: RowKind;
  label: string;
  /** A term's or topic's definition as plain text (no Markdown or HTML); a reference's URL; a folder's or tag's count of notes. */
  detail?: string;
  uri: string;
  range: Range;
  url?: string;
  /** A term's or topic's first reference, when it has one (what "Open Reference" on it opens). */
  link?: string;
  termCount?: number;
  /** Whether the row has children, inline or to ask for. */
  hasChildren?: boolean;
  /** The children themselves, when the row's whole subtree is small (no request on expanding it). */
  children?: OutlineRow[];
}

export interface OutlineLimits {
  /** Rows per answer, besides the "… more" row. */
  rows: number;
  /** Bytes of JSON per answer: rows stop short of it, and the rest come under "… more". */
  bytes: number;
  /** Characters of a label, and of a detail (a definition or a URL as text). */
  label: number;
  detail: number;
  /** A row inside a note carries its children when its subtree has at most this many nodes. */
  inlineNodes: number;
  /** Up to this many notes the first level lists the notes; above it, their folders. */
  notesListed: number;
  /** Milliseconds of reading notes after which an answer ends with "… more". */
  readingMs: number;
}

export const OUTLINE_LIMITS: OutlineLimits = {
  rows: 200,
  // Half the 1 MB that an answer must stay under, so that a last row of long names still fits.
  bytes: 512 * 1024,
  label: 160,
  detail: 1000,
  inlineNodes: 32,
  notesListed: 200,
  readingMs: 80,
};

/** A note as the outline shows it: its tree (a vault note by its title, any other by its file name) and a vault note's tags. */
export function outlineNote(note: Note, fileName: string, options: TreeOptions = {}): { tree: TreeNode; tags?: readonly string[] } {
  return note.vault ? { tree: vaultNoteTree(note, note.vault.title, options), tags: note.vault.tags } : { tree: noteTree(note, fileName, options) };
}

/** What the outline reads the notes through (the server's index, or a test's notes). */
export interface OutlineSource {
  /** Every note, in any order. */
  readonly uris: readonly string[];
  /**
   * The folders the notes are looked for in, as URIs (a notes path, the folder of a notes path
   * that is a file, a glob's base): a folder row is named from the one it stands in (see
   * folderLabels). Without them, from the folder the notes share.
   */
  readonly roots?: readonly string[];
  /** Where the outline may keep what it works out from the notes (their folders) while the notes stay the same. */
  readonly memo?: Map<string, unknown>;
  /** The note's tree (noteTree or vaultNoteTree) and its tags when it is a vault note; undefined when it is gone. */
  noteOf(uri: string): { tree: TreeNode; tags?: readonly string[] } | undefined;
  /** Lets other requests in between notes; throws when the request was cancelled. */
  pause(): Promise<void>;
}

/** One step of a row's path: its kind and name, and a counter for same-named siblings (or a note's URI, a group's name, the offset of a "… more" row). */
type Step = [kind: string, name: string, twin?: number];

/** A row to come, made only when its page is answered: a note is read only then. */
interface Entry {
  step: Step;
  /** The node the row shows; undefined when its note is gone (the row is left out). */
  node(): TreeNode | undefined;
  /** Rows inside a note may carry their children; note and group rows never do. */
  inline: boolean;
  /** Whether making the row reads a note: the rows that the reading time limits. */
  reads?: boolean;
  /** A group's children are not built here: whether it has any. */
  hasChildren?: boolean;
}

/** The rows under `parentId`, or the first level without it. A stale or malformed id gets no rows. */
export async function outlineLevel(source: OutlineSource, parentId?: string, limits: OutlineLimits = OUTLINE_LIMITS): Promise<OutlineRow[]> {
  if (parentId === undefined) return page(await firstLevel(source, limits), 0, [], source, limits);
  const steps = parseId(parentId);
  if (!steps || steps.length === 0) return [];
  // A "… more" row of the first level has the empty path as its parent.
  let parentSteps = steps;
  let offset = 0;
  const last = steps[steps.length - 1];
  if (last[0] === 'more') {
    offset = Number(last[1]);
    if (!Number.isSafeInteger(offset) || offset < 0) return [];
    parentSteps = steps.slice(0, -1);
  }
  const entries = parentSteps.length === 0 ? await firstLevel(source, limits) : await entriesUnder(source, parentSteps, limits);
  return entries ? page(entries, offset, parentSteps, source, limits) : [];
}

/** The first level: the notes themselves (a vault as one row, its notes inside by folder and tag) while few; else their folders. */
async function firstLevel(source: OutlineSource, limits: OutlineLimits): Promise<Entry[]> {
  if (source.uris.length <= limits.notesListed) {
    const layout = await fewNotes(source);
    return [...layout.dialect.map((uri) => noteEntry(source, uri)), ...layout.vaults.map((vault) => groupEntry(vault))];
  }
  const folders = foldersOf(source);
  // One folder only: its notes, a page at a time, rather than a single row to open.
  if (folders.length === 1) return folders[0].uris.map((uri) => noteEntry(source, uri));
  // Without term counts: counting the definitions of 20,000 notes (365,000 of them in the bench's
  // corpus) took 200 ms, at every change of the index. A folder says how many notes it holds.
  return folders.map((folder) => groupEntry({ kind: 'folder', label: folder.label, uris: folder.uris }));
}

interface Group {
  kind: 'folder' | 'tag';
  label: string;
  /** Its notes, in the order shown. */
  uris: string[];
  /** Terms defined in its notes, when they were read (a few notes). */
  termCount?: number;
}

/** A vault as the first level shows it: one row, named as its notes path, holding its notes by folder and by tag. */
interface Vault extends Group {
  kind: 'folder';
  /** Its folders below its notes path, named from there; then its tags, each `#tag`. */
  groups: Group[];
  /** The notes at the top of its notes path, shown in it beside the groups. */
  top: string[];
}

/**
 * A few notes, each read: the dialect's notes (and glossaries) by themselves; a vault's notes
 * inside one row for the notes path they stand in (see folderPlaces), there by folder then by
 * tag, each sorted by the note's name, and the notes at the vault's top by themselves. A note
 * with tags shows under its folder and under each tag: the two ways people browse a vault. The
 * vault's folders and tags were rows of the first level, three rows for one vault among the
 * dialect's notes.
 */
async function fewNotes(source: OutlineSource): Promise<{ dialect: string[]; vaults: Vault[] }> {
  const dialect: string[] = [];
  const vault: { uri: string; label: string; folder: string; tags: readonly string[]; terms: number }[] = [];
  // In the order of the file explorer (a few notes: the cost of the collation does not matter).
  for (const uri of [...source.uris].sort(compareText)) {
    await source.pause();
    const note = source.noteOf(uri);
    if (!note) continue;
    if (note.tags) vault.push({ uri, label: note.tree.label, folder: folderOf(uri), tags: note.tags, terms: note.tree.termCount ?? 0 });
    else dialect.push(uri);
  }
  const places = folderPlaces([...new Set(vault.map((note) => note.folder))], source.roots ?? []);
  const vaults = new Map<string, { vault: Vault; folders: Map<string, Group>; tags: Map<string, Group> }>();
  const add = (groups: Map<string, Group>, kind: Group['kind'], label: string, note: (typeof vault)[number]) => {
    let group = groups.get(label);
    if (!group) groups.set(label, (group = { kind, label, uris: [], termCount: 0 }));
    group.uris.push(note.uri);
    group.termCount = (group.termCount ?? 0) + note.terms;
  };
  const byLabel = [...vault].sort((a, b) => compare(a.label, b.label));
  for (const note of byLabel) {
    const place = places.get(note.folder)!;
    let held = vaults.get(place.root);
    if (!held) vaults.set(place.root, (held = { vault: { kind: 'folder', label: place.name || '/', uris: [], termCount: 0, groups: [], top: [] }, folders: new Map(), tags: new Map() }));
    held.vault.uris.push(note.uri);
    held.vault.termCount = (held.vault.termCount ?? 0) + note.terms;
    if (place.rest === '') held.vault.top.push(note.uri);
    else add(held.folders, 'folder', place.rest, note);
    for (const tag of note.tags) add(held.tags, 'tag', `#${tag}`, note);
  }
  const sorted = <T extends Group>(groups: Iterable<T>) => [...groups].sort((a, b) => compare(a.label, b.label));
  const result = sorted([...vaults.values()].map(({ vault: one, folders, tags }) => ({ ...one, groups: [...sorted(folders.values()), ...sorted(tags.values())] })));
  // Two notes paths of one name (distinctNames tells them apart, so only if it could not): each by its whole URI.
  if (new Set(result.map((one) => one.label)).size < result.length) {
    const rootOf = new Map([...vaults.entries()].map(([root, held]) => [held.vault.uris[0], root]));
    for (const one of result) one.label = decoded(rootOf.get(one.uris[0]) ?? one.label) || '/';
  }
  return { dialect, vaults: result };
}

/**
 * Many notes, not read: grouped by the folder in their URI, named from the notes path they
 * stand in (see folderLabels), each folder's notes in the order of their URIs. Strings only (no
 * file paths, no collation): 20,000 notes take a few milliseconds, kept in the memo while the
 * notes stay.
 */
function foldersOf(source: OutlineSource): { label: string; uris: string[] }[] {
  const kept = source.memo?.get('folders') as { label: string; uris: string[] }[] | undefined;
  if (kept) return kept;
  const byFolder = new Map<string, string[]>();
  for (const uri of source.uris) {
    const folder = folderOf(uri);
    let members = byFolder.get(folder);
    if (!members) byFolder.set(folder, (members = []));
    members.push(uri);
  }
  const labels = folderLabels([...byFolder.keys()], source.roots ?? []);
  const folders = [...byFolder.entries()].map(([folder, uris]) => ({ label: labels.get(folder)!, uris: uris.sort(compare) }));
  folders.sort((a, b) => compare(a.label, b.label));
  source.memo?.set('folders', folders);
  return folders;
}

/** The folder in a note's URI: the URI up to its last `/`. */
function folderOf(uri: string): string {
  return uri.slice(0, Math.max(0, uri.lastIndexOf('/')));
}

/**
 * The label of each folder (a URI up to its last `/`, see folderOf): its path from the notes
 * path it stands in (the longest of `roots` that holds it; for folders in none, the folder
 * those share), and the notes path's own folder by its name. A notes path is named by its
 * folder's name, with as many folders above it as it takes to tell it from another notes path
 * of the same name (`work/notes`, `shared/notes`); with folders in more than one, each label
 * starts with that name. The top of the disk is `/`. No label is "." or empty (a vault's notes
 * at the top of its notes path were "."), and no two are the same: should names clash, the
 * labels start with their notes path's name, and failing that are the folders' whole URIs.
 */
function folderLabels(folders: readonly string[], roots: readonly string[]): Map<string, string> {
  const places = folderPlaces(folders, roots);
  const used = new Set([...places.values()].map((place) => place.root));
  const labelOf = (folder: string, prefixed: boolean): string => {
    const { name, rest } = places.get(folder)!;
    return rest === '' ? name : prefixed ? `${name}/${rest}` : rest;
  };
  for (const prefixed of used.size > 1 ? [true] : [false, true]) {
    const labels = folders.map((folder) => labelOf(folder, prefixed));
    if (new Set(labels).size === labels.length) return new Map(folders.map((folder, i) => [folder, labels[i]]));
  }
  return new Map(folders.map((folder) => [folder, decoded(folder) || '/']));
}

/**
 * Where each folder (a URI up to its last `/`) stands: the notes path that holds it (the longest
 * of `roots`; for folders in none, the folder those share), that notes path's name (its
 * folder's name, with as many folders above it as tell it from another notes path of the same
 * name), and the folder's path below it ('' for the notes path's own folder).
 */
function folderPlaces(folders: readonly string[], roots: readonly string[]): Map<string, { root: string; name: string; rest: string }> {
  const trimmed = roots.map((root) => root.replace(/\/+$/, ''));
  const rootOf = new Map<string, string>();
  const rootless: string[] = [];
  for (const folder of folders) {
    let best: string | undefined;
    for (const root of trimmed) {
      if ((folder === root || folder.startsWith(`${root}/`)) && (best === undefined || root.length > best.length)) best = root;
    }
    if (best === undefined) rootless.push(folder);
    else rootOf.set(folder, best);
  }
  if (rootless.length > 0) {
    const shared = sharedFolder(rootless);
    for (const folder of rootless) rootOf.set(folder, shared);
  }
  const used = [...new Set(rootOf.values())];
  const names = distinctNames(used.map((root) => root.replace(/^file:\/\//i, '')));
  const nameOf = new Map(used.map((root, i) => [root, decoded(names[i])]));
  return new Map(folders.map((folder) => {
    const root = rootOf.get(folder)!;
    return [folder, { root, name: nameOf.get(root)!, rest: decoded(folder.slice(root.length).replace(/^\//, '')) }];
  }));
}

/** The longest run of whole `/`-separated segments that every URI folder starts with. */
function sharedFolder(folders: string[]): string {
  let common = folders[0] ?? '';
  for (const folder of folders) {
    while (folder !== common && !folder.startsWith(`${common}/`)) {
      const at = common.lastIndexOf('/');
      if (at < 0) return '';
      common = common.slice(0, at);
    }
  }
  return common;
}

function decoded(uriPath: string): string {
  try {
    return decodeURIComponent(uriPath);
  } catch {
    return uriPath;
  }
}

/** What lies under a row's path: a group's notes, or a node's children inside a note. */
async function entriesUnder(source: OutlineSource, steps: Step[], limits: OutlineLimits): Promise<Entry[] | undefined> {
  let noteAt = steps.length - 1;
  while (noteAt >= 0 && steps[noteAt][0] !== 'note') noteAt--;
  if (noteAt >= 0) {
    const note = source.noteOf(steps[noteAt][1]);
    if (!note) return undefined;
    let node = note.tree;
    for (const step of steps.slice(noteAt + 1)) {
      const child = childSteps(node, limits).find(({ step: [kind, name, twin] }) => kind === step[0] && name === step[1] && (twin ?? 0) === (step[2] ?? 0));
      if (!child) return undefined;
      node = child.node;
    }
    return childSteps(node, limits).map(({ step, node: child }) => ({ step, node: () => child, inline: true }));
  }
  if (steps.length > 2 || steps.some(([kind]) => kind !== 'folder' && kind !== 'tag')) return undefined;
  const [kind, name] = steps[0];
  if (source.uris.length > limits.notesListed) {
    if (steps.length !== 1 || kind !== 'folder') return undefined;
    return foldersOf(source).find((folder) => folder.label === name)?.uris.map((uri) => noteEntry(source, uri));
  }
  // A few notes: a vault's row holds its folders, its tags and the notes at its top; each group, its notes.
  const vault = kind === 'folder' ? (await fewNotes(source)).vaults.find((one) => one.label === name) : undefined;
  if (!vault) return undefined;
  if (steps.length === 1) return [...vault.groups.map((group) => groupEntry(group)), ...vault.top.map((uri) => noteEntry(source, uri))];
  const [groupKind, groupName] = steps[1];
  return vault.groups.find((group) => group.kind === groupKind && group.label === groupName)?.uris.map((uri) => noteEntry(source, uri));
}

function noteEntry(source: OutlineSource, uri: string): Entry {
  return { step: ['note', uri], node: () => source.noteOf(uri)?.tree, inline: false, reads: true };
}

function groupEntry(group: Group): Entry {
  // A group's URI is its first note's: what the view shows as the row's resource.
  const uri = group.uris[0] ?? '';
  const node: TreeNode = { kind: group.kind, label: group.label, detail: notesCount(group.uris.length), uri, range: zero(), children: [], termCount: group.termCount };
  return { step: [group.kind, group.label], node: () => node, inline: false, hasChildren: group.uris.length > 0 };
}

function notesCount(count: number): string {
  return `${count} ${count === 1 ? 'note' : 'notes'}`;
}

/**
 * A node's children in the order the view shows them (terms before topics and labels,
 * references last: see ROW_ORDER), each with its step: the kind and the capped label, and a
 * counter for siblings that share both.
 */
function childSteps(node: TreeNode, limits: OutlineLimits): { step: Step; node: TreeNode }[] {
  // Kept with the node: a node of 20,000 children is paged through, one answer at a time.
  const kept = stepsKept.get(node);
  if (kept && kept.label === limits.label) return kept.steps;
  const seen = new Map<string, number>();
  const steps = orderedChildren(node).map((child): { step: Step; node: TreeNode } => {
    const name = cap(child.label, limits.label);
    const key = `${child.kind}\u0000${name}`;
    const twin = seen.get(key) ?? 0;
    seen.set(key, twin + 1);
    return { step: twin ? [child.kind, name, twin] : [child.kind, name], node: child };
  });
  stepsKept.set(node, { label: limits.label, steps });
  return steps;
}

const stepsKept = new WeakMap<TreeNode, { label: number; steps: { step: Step; node: TreeNode }[] }>();

/** The order of rows under one parent in the view: the client orders a page the same way, so pages must come in it. */
const ROW_ORDER: Record<TreeKind, number> = { folder: 0, tag: 1, note: 2, area: 3, term: 4, topic: 5, label: 6, reference: 7 };

function orderedChildren(node: TreeNode): TreeNode[] {
  return node.children.map((child, i) => ({ child, i })).sort((a, b) => ROW_ORDER[a.child.kind] - ROW_ORDER[b.child.kind] || a.i - b.i).map(({ child }) => child);
}

/** Rows from `offset` until the rows, the bytes or the reading time run out; then a "… more" row. */
async function page(entries: Entry[], offset: number, parentSteps: Step[], source: OutlineSource, limits: OutlineLimits): Promise<OutlineRow[]> {
  const rows: OutlineRow[] = [];
  let bytes = 2;
  const started = Date.now();
  for (let i = offset; i < entries.length; i++) {
    const entry = entries[i];
    const full = rows.length >= limits.rows || (rows.length > 0 && entry.reads === true && Date.now() - started > limits.readingMs);
    if (!full) {
      if (!entry.inline) await source.pause();
      const node = entry.node();
      if (!node) continue;
      const row = rowOf(node, [...parentSteps, entry.step], entry, limits, limits.bytes - bytes);
      const size = byteLength(row) + 1;
      if (rows.length === 0 || bytes + size <= limits.bytes) {
        rows.push(row);
        bytes += size;
        continue;
      }
    }
    const parentUri = rows[0]?.uri ?? '';
    rows.push({ id: idOf([...parentSteps, ['more', String(i)]]), kind: 'more', label: `… ${entries.length - i} more`, uri: parentUri, range: zero(), hasChildren: true });
    break;
  }
  return rows;
}

function rowOf(node: TreeNode, steps: Step[], entry: Pick<Entry, 'inline' | 'hasChildren'>, limits: OutlineLimits, room: number): OutlineRow {
  const row: OutlineRow = { id: idOf(steps), kind: node.kind, label: cap(node.label, limits.label), uri: node.uri, range: node.range };
  if (node.detail) row.detail = cap(node.kind === 'term' || node.kind === 'topic' ? plainDetail(node.detail, limits.detail) : node.detail, limits.detail);
  if (node.url) row.url = node.url;
  if (node.kind === 'term' || node.kind === 'topic') {
    const link = node.children.find((child) => child.kind === 'reference' && child.url)?.url;
    if (link) row.link = link;
  }
  if (node.termCount !== undefined) row.termCount = node.termCount;
  if (entry.hasChildren ?? node.children.length > 0) row.hasChildren = true;
  if (entry.inline && node.children.length > 0 && subtreeSize(node, limits.inlineNodes) <= limits.inlineNodes) {
    const children = childSteps(node, limits).map(({ step, node: child }) => rowOf(child, [...steps, step], { inline: true }, limits, room));
    // Only when they fit in what is left of the answer; else they are asked for on expanding.
    if (byteLength(children) < room / 2) row.children = children;
  }
  return row;
}

/** Nodes below `node`, counted up to just past `limit`. */
function subtreeSize(node: TreeNode, limit: number): number {
  let size = 0;
  const stack = [...node.children];
  while (stack.length > 0 && size <= limit) {
    const next = stack.pop()!;
    size++;
    for (const child of next.children) stack.push(child);
  }
  return size;
}

function idOf(steps: Step[]): string {
  return JSON.stringify(steps);
}

/** A row id as the view sends it back: undefined unless it is a path of steps. */
function parseId(id: string): Step[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(id);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const isStep = (step: unknown): step is Step =>
    Array.isArray(step) && step.length >= 2 && step.length <= 3 && typeof step[0] === 'string' && typeof step[1] === 'string' && (step.length === 2 || Number.isSafeInteger(step[2]));
  return value.every(isStep) ? value : undefined;
}

/**
 * A term's or topic's definition as a row shows it: plain text (present.ts plainText), since the
 * view shows no Markdown; read from the part of it a row of `max` characters can show.
 */
function plainDetail(definition: string, max: number): string {
  return plainText(definition.length > max * 4 ? definition.slice(0, max * 4) : definition);
}

/** At most `max` characters, with an ellipsis for what was cut (never half a surrogate pair). */
export function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end--;
  return `${text.slice(0, end)}…`;
}

function byteLength(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
