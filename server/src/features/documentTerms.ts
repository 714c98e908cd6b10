// In This Document (architectureNotes/documentTerms): the terms a document uses, how often and where.

import { termsInDocument } from '../core/query/lookup';
import { plainText, sourceLabel } from '../core/query/present';
import type { DocumentTermItem, DocumentTermsParams } from '../protocol';
import { isMarkdown, isScannedWhole, isTermDocument, type FeatureContext } from './context';

export function documentTerms(context: FeatureContext, params: DocumentTermsParams | null | undefined): DocumentTermItem[] {
  const document = params && typeof params.uri === 'string' ? context.documents.get(params.uri) : undefined;
  if (!document || !isTermDocument(context, document) || !isScannedWhole(document)) return [];
  return termsInDocument(context.workspace.index, document.getText(), isMarkdown(document), document.uri).map(({ entry, occurrences }) => ({
    term: entry.term,
    // The view's rows and tooltips are plain text: the words a reader sees, not the note's Markdown.
    definition: plainText(entry.definitions[0]?.text ?? ''),
    section: entry.definitions[0] ? plainText(sourceLabel(entry.definitions[0])) : '',
    count: occurrences.length,
    ranges: occurrences.map((o) => ({ start: document.positionAt(o.start), end: document.positionAt(o.end) })),
  }));
}
