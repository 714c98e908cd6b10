// A Contextive glossary (`*.glossary.yml`, the older `.contextive/definitions.yml`) read as a
// note: one definition per term, one section per bounded context, and the `imports` it names
// (loaded by the workspace, see workspace/glossaryImports.ts). The YAML is read with the
// `yaml` package's document API rather than as plain data: its nodes keep their offsets, so a
// syntax error and a term's go-to-definition point at the line where they stand. The walk
// below reads the nodes itself, with a budget, so that an alias bomb (`&a [*a, *a, …]` nested
// ten deep is a billion nodes once expanded) or a huge document is refused with a problem.

import type { Document, Node, Pair } from 'yaml';
import type { Definition, Note, NoteLink, NoteProblem, Range, Section, TermContext, TextLine } from '../../model';
import { LineIndex } from '../../text/lines';
import { hashText } from '../dialect/parser';
import { yaml } from '../yamlParser';

export { isGlossaryFileName, isLegacyDefinitionsFile } from '../../notes/noteFiles';

/** A glossary larger than this is not read: real ones are a few hundred terms, tens of kilobytes. */
export const MAX_GLOSSARY_CHARACTERS = 2 * 1024 * 1024;
/** YAML nodes read from one glossary, counting again every node reached through an alias. */
export const MAX_GLOSSARY_NODES = 200_000;
/** Aliases followed in one glossary. */
export const MAX_GLOSSARY_ALIASES = 1_000;
/** Problems reported for one glossary: past these, more say nothing new. */
const MAX_PROBLEMS = 100;

/** An entry of a glossary's `imports`: a path or URL as written, and where it is written. */
export interface GlossaryImport {
  spec: string;
  range: Range;
}

export interface ReadGlossary {
  note: Note;
  imports: GlossaryImport[];
}

/** True for a name (a path or URL) of a YAML file: the only notes written in YAML are glossaries. */
export function isYamlName(name: string): boolean {
  return /\.ya?ml(?:[?#].*)?$/i.test(name);
}

/** Thrown inside the walk when a glossary exceeds a limit; caught in readGlossary. */
class LimitExceeded extends Error {}

/** A glossary's text read as a note, and the imports it names. Never throws: bad input becomes problems. */
export function readGlossary(uri: string, text: string): ReadGlossary {
  const lines = new LineIndex(text);
  const note: Note = {
    uri, hash: hashText(text), sections: [], definitions: [], facets: [], links: [], citations: [], quotes: [],
    crossReferences: [], reminders: [], problems: [], lines: [], lineCount: lines.lineCount,
  };
  const imports: GlossaryImport[] = [];
  const start = { line: 0, character: 0 };
  if (text.length > MAX_GLOSSARY_CHARACTERS) {
    note.problems.push({ kind: 'syntax-error', message: `Glossary not read: larger than ${MAX_GLOSSARY_CHARACTERS / 1024 / 1024} MB.`, range: { start, end: start } });
    return { note, imports };
  }
  try {
    const document = yaml().parseDocument(text, { prettyErrors: false, keepSourceTokens: false });
    const reader = new GlossaryReader(document, lines, note, imports);
    // One mistake often gives the parser several errors on its line (a misindented `- name:`
    // gives three): the first says what is wrong, the others repeat it.
    const linesWithError = new Set<number>();
    for (const error of document.errors) {
      const found = lines.positionAt(error.pos[0]);
      if (linesWithError.has(found.line)) continue;
      linesWithError.add(found.line);
      // The parser finds a missing closing quote or bracket where the file, or the block, ends:
      // the quote or bracket that is not closed is where the author must look.
      const quote = error.code === 'MISSING_CHAR' ? openQuoteBefore(document, error.pos[0]) : undefined;
      const bracket = quote === undefined && /^Flow (?:sequence|map)/.test(error.message) ? openFlowBefore(document, error.pos[0]) : undefined;
      const start = quote ?? bracket?.start ?? error.pos[0];
      const opened = lines.positionAt(start).line + 1;
      const hint = quote !== undefined ? ` The quote opened on line ${opened} is not closed.`
        : bracket ? ` The \`${bracket.mark}\` on line ${opened} is not closed.`
        : error.code === 'BLOCK_AS_IMPLICIT_KEY' && /compact mappings/.test(error.message) ? ' A value that holds ": " needs quotes.' : '';
      const message = firstLine(error.message).replace(/[.\s]*$/, '.');
      reader.problem(`YAML syntax error on line ${found.line + 1}, column ${found.character + 1}: ${message}${hint}`, start, Math.max(start, error.pos[1]));
    }
    reader.read();
  } catch (error) {
    // What was read before a limit was reached is dropped: a document that big or that
    // aliased is no glossary anyone wrote by hand, and half of it would mislead.
    note.sections = [];
    note.definitions = [];
    note.links = [];
    note.lines = [];
    imports.length = 0;
    const message = error instanceof LimitExceeded ? `Glossary not read: ${error.message}.` : `Glossary not read: ${error instanceof Error ? error.message : String(error)}`;
    note.problems.push({ kind: 'syntax-error', message, range: { start, end: start } });
  }
  return { note, imports };
}

/** The imports a glossary names, without the rest of the note. */
export function glossaryImports(uri: string, text: string): GlossaryImport[] {
  return readGlossary(uri, text).imports;
}

/** Where the quoted scalar that runs on to `offset` starts, if one does. */
function openQuoteBefore(document: Document, offset: number): number | undefined {
  let start: number | undefined;
  yaml().visit(document, {
    Scalar(_key, node) {
      const range = node.range;
      if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && range && range[0] < offset && range[1] >= offset) start = range[0];
    },
  });
  return start;
}

/** The innermost flow collection (`[…]`, `{…}`) that is open at `offset`: where it starts and its bracket. */
function openFlowBefore(document: Document, offset: number): { start: number; mark: string } | undefined {
  let found: { start: number; mark: string } | undefined;
  const visit = (mark: string) => (_key: unknown, node: { flow?: boolean; range?: [number, number, number] | null }) => {
    const range = node.range;
    if (node.flow && range && range[0] < offset && range[1] >= offset && (!found || range[0] > found.start)) found = { start: range[0], mark };
  };
  yaml().visit(document, { Seq: visit('['), Map: visit('{') });
  return found;
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

class GlossaryReader {
  private nodes = 0;
  private aliases = 0;
  /** Anchored nodes by anchor name, in document order: an alias refers to the last one before it. */
  private readonly anchors = new Map<string, Node[]>();
  /** Where the parser found its errors, in order. */
  private readonly errorOffsets: number[];

  constructor(
    private readonly document: Document,
    private readonly lines: LineIndex,
    private readonly note: Note,
    private readonly imports: GlossaryImport[],
  ) {
    this.errorOffsets = document.errors.map((error) => error.pos[0]).sort((a, b) => a - b);
    yaml().visit(document, (_key, node) => {
      // A document with errors holds empty places (a key whose value the parser lost): null.
      const anchor = (node as { anchor?: string } | null)?.anchor;
      if (!anchor) return;
      const list = this.anchors.get(anchor);
      if (list) list.push(node as Node);
      else this.anchors.set(anchor, [node as Node]);
    });
  }

  read(): void {
    // The size the document would have with every alias expanded, as a plain-data reader
    // would expand it: a bomb is refused as such, whatever part of it the walk would visit.
    this.expandedSize(this.document.contents, new Map(), new Set());
    const root = this.resolve(this.document.contents);
    if (root === undefined || (yaml().isScalar(root) && (root.value === null || root.value === ''))) return;
    if (!yaml().isMap(root)) {
      this.problemAt(root, 'A glossary is a mapping with `contexts` (and optionally `imports`).');
      return;
    }
    for (const pair of root.items) {
      const key = this.keyOf(pair);
      if (key === 'imports') this.readImports(pair);
      else if (key === 'contexts') this.readContexts(pair);
    }
  }

  problem(message: string, startOffset: number, endOffset: number): void {
    if (this.note.problems.length >= MAX_PROBLEMS) return;
    this.note.problems.push({ kind: 'syntax-error', message, range: this.range(startOffset, Math.max(startOffset, endOffset)) });
  }

  private problemAt(node: Node | Pair | undefined | null, message: string): void {
    if (this.note.problems.length >= MAX_PROBLEMS) return;
    // A node the parser could not read as written (`definition: [unclosed`, `a: b` in a value)
    // has the shape the parser guessed: its syntax error says what is wrong, not its shape.
    if (this.holdsSyntaxError(node)) return;
    const range = this.rangeOf(node) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    // A list of nine wrong items says its problem once.
    const same = (p: NoteProblem) => p.message === message && p.range.start.line === range.start.line && p.range.start.character === range.start.character;
    if (this.note.problems.some(same)) return;
    this.note.problems.push({ kind: 'syntax-error', message, range });
  }

  /** Whether the parser found an error inside the node (by a binary search of where the errors are). */
  private holdsSyntaxError(node: Node | Pair | undefined | null): boolean {
    const range = (node as Node | undefined)?.range;
    if (!range || this.errorOffsets.length === 0) return false;
    let low = 0;
    let high = this.errorOffsets.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.errorOffsets[mid] < range[0]) low = mid + 1;
      else high = mid;
    }
    return low < this.errorOffsets.length && this.errorOffsets[low] <= range[1];
  }

  private readImports(pair: Pair): void {
    const value = this.resolve(pair.value);
    const items = yaml().isSeq(value) ? value.items : value === undefined ? [] : [value];
    for (const item of items) {
      const spec = this.text(item, 'An import is a path or an https URL.');
      if (spec === undefined || spec.trim() === '') continue;
      this.imports.push({ spec: spec.trim(), range: this.rangeOf(this.resolve(item))! });
    }
  }

  private readContexts(pair: Pair): void {
    const value = this.resolve(pair.value);
    if (value === undefined || (yaml().isScalar(value) && value.value === null)) return;
    if (!yaml().isSeq(value)) {
      this.problemAt(value, '`contexts` is a list of contexts, each with its `terms`.');
      return;
    }
    for (const item of value.items) this.readContext(this.resolve(item));
  }

  private readContext(node: Node | undefined): void {
    if (!yaml().isMap(node)) {
      this.problemAt(node, 'A context is a mapping: `name`, `domainVisionStatement`, `meta`, `paths`, `terms`.');
      return;
    }
    const context: TermContext = {};
    let paths: string[] | undefined;
    let terms: Node | undefined;
    let nameNode: Node | undefined;
    for (const pair of node.items) {
      const key = this.keyOf(pair);
      if (key === 'name') {
        context.name = this.text(pair.value, 'A context\'s `name` is text.')?.trim() || undefined;
        nameNode = this.resolve(pair.value);
      } else if (key === 'domainVisionStatement') context.vision = this.text(pair.value, '`domainVisionStatement` is text.')?.trim() || undefined;
      else if (key === 'meta') context.meta = this.meta(pair.value);
      else if (key === 'paths') paths = this.textList(pair.value, '`paths` is a list of globs.').map((p) => p.trim()).filter((p) => p !== '');
      else if (key === 'terms') terms = this.resolve(pair.value);
    }
    const contextRange = this.rangeOf(node)!;
    const sectionPath = context.name ? [context.name] : [];
    const section: Section = {
      kind: 'area',
      name: context.name ?? '(unnamed context)',
      level: 1,
      path: sectionPath,
      range: contextRange,
      headingRange: this.rangeOf(nameNode) ?? { start: contextRange.start, end: contextRange.start },
      labels: [],
    };
    this.note.sections.push(section);
    if (terms === undefined || (yaml().isScalar(terms) && terms.value === null)) return;
    if (!yaml().isSeq(terms)) {
      this.problemAt(terms, '`terms` is a list of terms, each with its `name`.');
      return;
    }
    const shared: Pick<Definition, 'context' | 'paths'> = { context: Object.keys(context).length > 0 ? context : undefined, paths: paths && paths.length > 0 ? paths : undefined };
    for (const item of terms.items) this.readTerm(this.resolve(item), sectionPath, shared);
  }

  private readTerm(node: Node | undefined, sectionPath: string[], shared: Pick<Definition, 'context' | 'paths'>): void {
    if (!yaml().isMap(node)) {
      this.problemAt(node, 'A term is a mapping with at least a `name`.');
      return;
    }
    let term: string | undefined;
    let termNode: Node | undefined;
    let text = '';
    let textNode: Node | undefined;
    let examples: string[] = [];
    let exampleNode: Node | undefined;
    let aliases: string[] = [];
    let meta: [string, string][] | undefined;
    for (const pair of node.items) {
      const key = this.keyOf(pair);
      if (key === 'name') {
        term = this.text(pair.value, 'A term\'s `name` is text.')?.trim();
        termNode = this.resolve(pair.value);
      } else if (key === 'definition') {
        text = this.text(pair.value, '`definition` is text (Markdown).')?.trim() ?? '';
        textNode = this.resolve(pair.value);
      } else if (key === 'examples') {
        examples = this.textList(pair.value, '`examples` is a list of sentences.').map((e) => e.trim()).filter((e) => e !== '');
        exampleNode = this.resolve(pair.value);
      } else if (key === 'aliases') aliases = this.textList(pair.value, '`aliases` is a list of names.').map((a) => a.trim()).filter((a) => a !== '');
      else if (key === 'meta') meta = this.meta(pair.value);
    }
    if (!term) {
      this.problemAt(node, 'This term has no `name`: it is not indexed.');
      return;
    }
    // A name the parser had to guess at (an unclosed quote runs on over the lines after it)
    // is no name the author wrote: the error is reported at its line, and no term is made.
    if (termNode?.range && this.document.errors.some((error) => error.pos[0] >= termNode!.range![0] && error.pos[0] <= termNode!.range![1])) return;
    const termRange = this.rangeOf(termNode)!;
    const range = this.rangeOf(node)!;
    const { text: plain, links } = splitLinks(text);
    const linkRange = this.rangeOf(textNode) ?? termRange;
    const noteLinks: NoteLink[] = links.map((link) => ({ url: link.url, description: link.label || term!, range: linkRange, sectionPath, inbox: false }));
    const definition: Definition = {
      term, aliases: aliases.filter((alias) => alias !== term), equivalences: [], text: plain, range, termRange, sectionPath,
      continuation: [], links: noteLinks, citations: [], quotes: [], loose: false, inbox: false, kind: 'term',
      format: 'contextive', examples: examples.length > 0 ? examples : undefined, meta, context: shared.context, paths: shared.paths,
    };
    this.note.definitions.push(definition);
    this.note.links.push(...noteLinks);
    this.proseLines(textNode);
    this.proseLines(exampleNode);
  }

  /** The lines of the file that a scalar (or a list of them) spans: what the mention search reads. */
  private proseLines(node: Node | undefined): void {
    if (!node?.range) return;
    const first = this.lines.positionAt(node.range[0]);
    const last = this.lines.positionAt(node.range[1]);
    for (let line = first.line; line <= last.line && line < this.lines.lineCount; line++) {
      const raw = this.lines.lineText(line);
      const from = line === first.line ? first.character : 0;
      const text = raw.slice(from).replace(/^\s*(?:-\s+)?(?:[|>][+-]?\s*$)?/, '').trim();
      if (text) this.note.lines.push({ line, text, kind: 'text' } satisfies TextLine);
    }
  }

  private meta(value: unknown): [string, string][] | undefined {
    const node = this.resolve(value);
    if (node === undefined || (yaml().isScalar(node) && node.value === null)) return undefined;
    if (!yaml().isMap(node)) {
      this.problemAt(node, '`meta` is a mapping of keys to text.');
      return undefined;
    }
    const entries: [string, string][] = [];
    for (const pair of node.items) {
      const key = this.keyOf(pair);
      const text = this.text(pair.value, 'A `meta` value is text.');
      if (key !== undefined && text !== undefined) entries.push([key, text]);
    }
    return entries.length > 0 ? entries : undefined;
  }

  /** A list of texts; a single text stands for a list of one. */
  private textList(value: unknown, message: string): string[] {
    // A list reached through an alias (`examples: *shared`) is the alias's: its problems are
    // reported where the alias is written, not at the anchor it points to, in another term.
    const reportAt = yaml().isAlias(value) ? (value as Node) : undefined;
    const node = this.resolve(value);
    if (node === undefined || (yaml().isScalar(node) && node.value === null)) return [];
    if (!yaml().isSeq(node)) {
      const single = this.text(node, message, reportAt);
      return single === undefined ? [] : [single];
    }
    const texts: string[] = [];
    for (const item of node.items) {
      const text = this.text(item, message, reportAt);
      if (text !== undefined) texts.push(text);
    }
    return texts;
  }

  /** A scalar's value as text (numbers and booleans as written); a problem (at `reportAt`, else the node) and undefined for anything else. */
  private text(value: unknown, message: string, reportAt?: Node): string | undefined {
    const node = this.resolve(value);
    if (node === undefined) return undefined;
    if (!yaml().isScalar(node)) {
      this.problemAt(reportAt ?? (yaml().isAlias(value) ? (value as Node) : node), message);
      return undefined;
    }
    if (node.value === null || node.value === undefined) return undefined;
    if (typeof node.value === 'string') return node.value;
    if (typeof node.value === 'number' || typeof node.value === 'boolean' || typeof node.value === 'bigint') {
      return node.source ?? String(node.value);
    }
    this.problemAt(reportAt ?? node, message);
    return undefined;
  }

  private keyOf(pair: Pair): string | undefined {
    const key = this.resolve(pair.key);
    if (!yaml().isScalar(key) || key.value === null || key.value === undefined) return undefined;
    return String(key.value);
  }

  /**
   * How many nodes a node stands for once its aliases are expanded, each anchored node
   * counted once (`sizes`) however often it is named; throws past MAX_GLOSSARY_NODES, and on
   * an alias inside the node it names (`open`), which would expand forever.
   */
  private expandedSize(value: unknown, sizes: Map<Node, number>, open: Set<Node>): number {
    if (value === null || value === undefined) return 0;
    if (yaml().isAlias(value)) {
      const target = this.anchorOf(value);
      if (!target) return 1;
      if (open.has(target)) throw new LimitExceeded('an alias names a node that holds it, which would expand without end');
      return this.expandedSize(target, sizes, open);
    }
    const node = value as Node;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    let size = 1;
    open.add(node);
    const items = yaml().isMap(node) || yaml().isSeq(node) ? (node.items as unknown[]) : [];
    for (const item of items) {
      size += yaml().isPair(item) ? this.expandedSize(item.key, sizes, open) + this.expandedSize(item.value, sizes, open) : this.expandedSize(item, sizes, open);
      if (size > MAX_GLOSSARY_NODES) throw new LimitExceeded(`its aliases expand to more than ${MAX_GLOSSARY_NODES} YAML nodes (an alias bomb?)`);
    }
    open.delete(node);
    sizes.set(node, size);
    return size;
  }

  /** The node an alias names: the last node with its anchor before it. */
  private anchorOf(alias: { source: string; range?: unknown }): Node | undefined {
    const at = (alias.range as number[] | undefined)?.[0] ?? Infinity;
    let target: Node | undefined;
    for (const candidate of this.anchors.get(alias.source) ?? []) if ((candidate.range?.[0] ?? Infinity) < at) target = candidate;
    return target;
  }

  /** A node, an alias followed to its anchor, counted against the limits. */
  private resolve(value: unknown): Node | undefined {
    if (value === null || value === undefined) return undefined;
    if (++this.nodes > MAX_GLOSSARY_NODES) throw new LimitExceeded(`more than ${MAX_GLOSSARY_NODES} YAML nodes (counting every alias expansion)`);
    if (yaml().isAlias(value)) {
      if (++this.aliases > MAX_GLOSSARY_ALIASES) throw new LimitExceeded(`more than ${MAX_GLOSSARY_ALIASES} aliases`);
      return this.anchorOf(value);
    }
    return value as Node;
  }

  private rangeOf(node: Node | Pair | undefined | null): Range | undefined {
    const range = (node as Node | undefined)?.range;
    if (!range) return undefined;
    return this.range(range[0], range[1]);
  }

  private range(startOffset: number, endOffset: number): Range {
    // A node's end takes in the line break after it: the range ends where the text does.
    let end = endOffset;
    while (end > startOffset && /\s/.test(this.lines.text[end - 1] ?? '')) end--;
    return { start: this.lines.positionAt(startOffset), end: this.lines.positionAt(end) };
  }
}

/** Markdown links `[label](url)` in a definition: the text with each link's label alone, and the links. */
function splitLinks(markdown: string): { text: string; links: { label: string; url: string }[] } {
  const links: { label: string; url: string }[] = [];
  // Bounded: a label stops at `]`, a destination at `)` or a space, so no match scans far.
  const text = markdown.replace(/\[([^\]\n]{0,500})\]\(\s*<?([^\s()<>]{1,2000})>?(?:\s+"[^"\n]{0,500}")?\s*\)/g, (_whole, label: string, url: string) => {
    links.push({ label: label.trim(), url });
    return label;
  });
  return { text, links };
}
