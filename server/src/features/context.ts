// What every editor feature works from: the notes workspace, the open documents and the
// settings that decide which documents get term features; and the few steps most features
// share (the term under the cursor, a term's card, which links may be opened).

import * as path from 'node:path';
import { MarkupKind, type MarkupContent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TermEntry } from '../core/index/notesIndex';
import type { CrossReference, NoteLink, Range } from '../core/model';
import { prepareTermsInDocument, referencesFor, termAt } from '../core/query/lookup';
import { REFERENCES_SHOWN, termMarkdown, termText } from '../core/query/present';
import { openableHref } from '../core/query/urlPolicy';
import { resolveWikilink } from '../core/query/wikilinks';
import { fileToUri, uriToFile, type NotesWorkspace } from '../core/workspace/notesWorkspace';

export interface FeatureContext {
  workspace: NotesWorkspace;
  documents: { get(uri: string): TextDocument | undefined; all(): TextDocument[] };
  /** The document languages that get term features (`architectureNotes.languages`). */
  languages(): readonly string[];
  /**
   * Whether the editor shows hovers as Markdown (VS Code, Neovim) or as plain text (Emacs's
   * eglot without markdown-mode asks for `plaintext`, and showed every `**` and `\[` of a card).
   */
  hoverFormat?: CardFormat;
  /** The same for completion items' documentation (`completionItem.documentationFormat`). */
  documentationFormat?: CardFormat;
}

export type CardFormat = 'markdown' | 'plaintext';

export interface Position {
  line: number;
  character: number;
}

/** Design docs in the chosen languages, and the notes themselves, get term features. */
export function isTermDocument(context: FeatureContext, document: TextDocument): boolean {
  return context.languages().includes(document.languageId) || context.workspace.isNoteUri(document.uri);
}

/**
 * Documents longer than this are not scanned as a whole (In This Document, highlights,
 * references in open docs, Link every mention, Insert glossary): a 24 MB design doc holds a
 * million occurrences, and each keystroke scanned it again and sent every range to the
 * editor, whose extension host then grew past 4 GB. Hovers and go to definition still answer,
 * judged on the text around the cursor (HUGE_DOCUMENT_REACH). The notes' own limit is 5 MB
 * too (maxFileSizeMB's default), and VS Code turns its own Markdown features down for large
 * files in the same way.
 */
export const MAX_SCANNED_DOCUMENT = 5_000_000;
/** How much text either side of the cursor a hover in a document over MAX_SCANNED_DOCUMENT reads. */
export const HUGE_DOCUMENT_REACH = 50_000;

/** Whether the document is short enough to be scanned as a whole (see MAX_SCANNED_DOCUMENT). */
export function isScannedWhole(document: TextDocument): boolean {
  return document.getText().length <= MAX_SCANNED_DOCUMENT;
}

/**
 * Scans an open document for its terms in slices, so that the requests behind the one that
 * needs the scan (the first hover on a long doc just opened) are answered meanwhile; the
 * features then read the scan kept (termsInDocument). In This Document, highlights and code
 * actions ask for it first.
 */
export async function scanInSlices(context: FeatureContext, uri: string): Promise<void> {
  const document = context.documents.get(uri);
  if (!document || !isTermDocument(context, document) || !isScannedWhole(document)) return;
  await prepareTermsInDocument(context.workspace.index, document.getText(), isMarkdown(document), document.uri, () => new Promise((resolve) => setImmediate(resolve)));
}

export function isMarkdown(document: TextDocument): boolean {
  return document.languageId === 'markdown' || /\.(md|markdown)$/i.test(document.uri);
}

/** The term under a position in an open document, if that document gets term features. */
export function termUnder(context: FeatureContext, uri: string, position: Position) {
  const document = context.documents.get(uri);
  if (!document || !isTermDocument(context, document)) return undefined;
  if (position.line < 0 || position.line >= document.lineCount) return undefined;
  // While a full index runs, no short forms: each note read changes the index, and each
  // hover on a word that names no term scanned the whole doc again against a matcher built
  // again (a sixth of the server's time in a cold index hovered every few ms); the doc's
  // short forms are found again once the notes are in.
  const offset = document.offsetAt(position);
  const whole = document.getText();
  // In a huge document the whole lines within HUGE_DOCUMENT_REACH of the cursor stand for it.
  let from = 0;
  let to = whole.length;
  if (!isScannedWhole(document)) {
    from = whole.lastIndexOf('\n', Math.max(0, offset - HUGE_DOCUMENT_REACH)) + 1;
    const lineEnd = whole.indexOf('\n', Math.min(whole.length, offset + HUGE_DOCUMENT_REACH));
    if (lineEnd !== -1) to = lineEnd;
  }
  const text = from === 0 && to === whole.length ? whole : whole.slice(from, to);
  const found = termAt(context.workspace.index, text, offset - from, isMarkdown(document), uri, !context.workspace.indexing);
  if (!found) return undefined;
  const start = found.start + from;
  const end = found.end + from;
  return { document, ...found, start, end, range: { start: document.positionAt(start), end: document.positionAt(end) } };
}

export type TermUnder = NonNullable<ReturnType<typeof termUnder>>;

const definitionLink = (definition: { uri: string; termRange: Range }) =>
  `${definition.uri}#L${definition.termRange.start.line + 1},${definition.termRange.start.character + 1}`;

/** A term's card in Markdown, for hovers and completion documentation. */
export function termCard(context: FeatureContext, entry: TermEntry, phrase: string): string {
  // Only the references a card shows are looked for.
  const references = referencesFor(context.workspace.index, phrase, entry, REFERENCES_SHOWN);
  return termMarkdown(entry, references, { definitionLink, isIndexedNote: (url) => isIndexedNote(context, url) });
}

/** A term's card in the format the editor shows it in: Markdown, or the plain text the CLI prints. */
export function termCardIn(context: FeatureContext, entry: TermEntry, phrase: string, format: CardFormat = 'markdown'): MarkupContent {
  if (format === 'markdown') return { kind: MarkupKind.Markdown, value: termCard(context, entry, phrase) };
  return { kind: MarkupKind.PlainText, value: termText(entry, referencesFor(context.workspace.index, phrase, entry, REFERENCES_SHOWN)) };
}

/** The format a client names first in a list of its formats (hover's contentFormat, completion's documentationFormat): Markdown unless plain text. */
export function preferredFormat(formats: readonly string[] | undefined): CardFormat {
  return Array.isArray(formats) && formats[0] === MarkupKind.PlainText ? 'plaintext' : 'markdown';
}

/** The URI of the indexed note a file URL names, if it names one: the only files a link may open (core/query/urlPolicy.ts). */
export function isIndexedNote(context: FeatureContext, fileUrl: string): string | undefined {
  const file = uriToFile(fileUrl);
  const uri = file && fileToUri(file);
  return uri && context.workspace.index.has(uri) ? uri : undefined;
}

/** The references the policy lets open, each by its normalised URL: what code actions offer and write. */
export function openableReferences(context: FeatureContext, links: NoteLink[]): NoteLink[] {
  return links.flatMap((link) => {
    const url = openableHref(link.url, (fileUrl) => isIndexedNote(context, fileUrl));
    return url ? [{ ...link, url }] : [];
  });
}

/** The indexed note a cross-reference names (`sql.md`), by file name in any case. */
export function knownNote(context: FeatureContext, file: string): string | undefined {
  const base = path.basename(file).toLowerCase();
  for (const uri of context.workspace.index.uris()) {
    const noteFile = uriToFile(uri);
    if (noteFile && path.basename(noteFile).toLowerCase() === base) return uri;
  }
  return undefined;
}

/** The indexed note a cross-reference leads to: by file name (`sql.md`), or for a wikilink by name, title or alias. */
export function crossReferenceTarget(context: FeatureContext, reference: CrossReference): string | undefined {
  return reference.wikilink ? resolveWikilink(context.workspace.index, reference.file)?.uri : knownNote(context, reference.file);
}

/** The cross-reference of a note at a position (on its file name, or anywhere in a wikilink). */
export function crossReferenceAt(context: FeatureContext, uri: string, position: Position): CrossReference | undefined {
  const note = context.workspace.index.note(uri);
  const within = (range: Range) => range.start.line === position.line && range.start.character <= position.character && position.character <= range.end.character;
  return note?.crossReferences.find((r) => within(r.wikilink ? r.range : r.fileRange));
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
