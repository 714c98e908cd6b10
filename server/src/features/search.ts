// Search Notes (architectureNotes/search): ranked terms, topics, quotes and links; an empty
// query lists the terms (see SearchParams in protocol.ts).

import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { plainText, sectionLabel } from '../core/query/present';
import type { SearchItem, SearchKind, SearchParams } from '../protocol';
import { isIndexedNote, type FeatureContext } from './context';

const KINDS: readonly SearchKind[] = ['term', 'topic', 'quote', 'link'];
const MAX_LIMIT = 500;
const MAX_QUERY = 500;
/** A QuickPick shows one line of an item's detail: a whole long definition is not sent. */
const MAX_DETAIL = 1000;

export function search(context: FeatureContext, params: SearchParams | null | undefined): SearchItem[] {
  if (!params || typeof params.query !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'search takes { query: string }');
  const limit = typeof params.limit === 'number' && params.limit > 0 ? Math.min(params.limit, MAX_LIMIT) : 50;
  const kinds = Array.isArray(params.kinds) ? params.kinds.filter((k) => KINDS.includes(k)) : undefined;
  // The search gives each item the URL the policy lets open, normalised, or none.
  return context.workspace.search.search(params.query.slice(0, MAX_QUERY), { kinds, limit, isIndexedNote: (url) => isIndexedNote(context, url) }).map((r) => ({
    // Items are shown as plain text by every client: no Markdown or HTML of a note survives.
    kind: r.kind, label: plainText(r.label), detail: plainText(r.detail.slice(0, MAX_DETAIL)), section: plainText(sectionLabel(r.sectionPath, r.uri)), uri: r.uri, range: r.range, url: r.url, match: r.match,
    ...(r.matchedName ? { matchedName: plainText(r.matchedName) } : {}),
    ...(r.alsoIn ? { alsoIn: r.alsoIn, others: r.others } : {}),
  }));
}
