// Find all references: each use of the term under the cursor in the open documents and in the
// notes that define or mention it.

import type { Location } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from '../core/model';
import { termsInDocument } from '../core/query/lookup';
import { isMarkdown, isScannedWhole, isTermDocument, termUnder, type FeatureContext, type Position } from './context';

/** Notes read again from disk for one request, beyond the open documents (see below). */
export const NOTES_READ = 50;

export function references(context: FeatureContext, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const found = termUnder(context, uri, position);
  if (!found) return [];
  const { workspace } = context;
  const isDeclaration = (uri: string, range: Range) =>
    found.entry.definitions.some((d) => d.uri === uri && d.termRange.start.line === range.start.line && d.termRange.start.character === range.start.character);
  const locations: Location[] = [];
  const scanned = new Set<string>();
  const scan = (document: TextDocument) => {
    scanned.add(document.uri);
    if (!isScannedWhole(document)) return;
    for (const { entry, occurrences } of termsInDocument(workspace.index, document.getText(), isMarkdown(document), document.uri)) {
      if (entry.key !== found.entry.key) continue;
      for (const o of occurrences) {
        const range = { start: document.positionAt(o.start), end: document.positionAt(o.end) };
        if (includeDeclaration || !isDeclaration(document.uri, range)) locations.push({ uri: document.uri, range });
      }
    }
  };
  for (const document of context.documents.all()) if (isTermDocument(context, document)) scan(document);
  // Notes that are not open are read again to find each use where it stands; the ones worth
  // reading define the term or have lines that mention it. At most NOTES_READ of them: a term
  // defined in 5,000 notes took a quarter of a second to read them all. Every definition is
  // listed all the same, from the index.
  const noteUris = new Set(found.entry.definitions.slice(0, NOTES_READ).map((d) => d.uri));
  // Looking for the lines that mention a common term costs more than reading the notes it leaves.
  if (noteUris.size < NOTES_READ) for (const mention of workspace.index.mentions(found.text, 100)) noteUris.add(mention.uri);
  let read = 0;
  for (const noteUri of noteUris) {
    if (read >= NOTES_READ) break;
    const text = scanned.has(noteUri) ? undefined : workspace.noteText(noteUri);
    if (text === undefined) continue;
    read++;
    scan(TextDocument.create(noteUri, 'markdown', 0, text));
  }
  if (includeDeclaration) for (const d of found.entry.definitions) locations.push({ uri: d.uri, range: d.termRange });
  return dedupeLocations(locations);
}

function dedupeLocations(locations: Location[]): Location[] {
  const seen = new Set<string>();
  return locations.filter((l) => {
    const key = `${l.uri}:${l.range.start.line}:${l.range.start.character}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
