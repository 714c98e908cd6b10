// Document highlights: every use, in the same document, of the term under the cursor.

import { DocumentHighlightKind, type DocumentHighlight } from 'vscode-languageserver';
import { termsInDocument } from '../core/query/lookup';
import { isMarkdown, isScannedWhole, termUnder, type FeatureContext, type Position } from './context';

export function highlights(context: FeatureContext, uri: string, position: Position): DocumentHighlight[] {
  const found = termUnder(context, uri, position);
  if (!found) return [];
  const document = found.document;
  if (!isScannedWhole(document)) return [];
  return termsInDocument(context.workspace.index, document.getText(), isMarkdown(document), document.uri)
    .filter((t) => t.entry.key === found.entry.key)
    .flatMap((t) => t.occurrences.map((o) => ({ range: { start: document.positionAt(o.start), end: document.positionAt(o.end) }, kind: DocumentHighlightKind.Text })));
}
