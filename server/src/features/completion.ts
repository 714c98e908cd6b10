// Completion: the notes' terms that start with the word being typed. Each item's card is
// written only when the editor shows that item (completionItem/resolve): a card costs its
// references, and the 100 cards of a list took 1.9 s at 10,000 notes for one item seen.

import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionList } from 'vscode-languageserver';
import type { TermEntry } from '../core/index/notesIndex';
import { sourceLabel } from '../core/query/present';
import { entryInScope } from '../core/query/scope';
import { compareStrings, isTermDocument, termCard, type FeatureContext, type Position } from './context';

const MAX_ITEMS = 100;

export function completion(context: FeatureContext, uri: string, position: Position): CompletionList {
  const document = context.documents.get(uri);
  if (!document || !isTermDocument(context, document)) return { isIncomplete: false, items: [] };
  const lineText = document.getText({ start: { line: position.line, character: 0 }, end: position });
  const typed = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*$/u.exec(lineText)?.[0] ?? '';
  if (typed.length < 2) return { isIncomplete: true, items: [] };
  const prefix = foldName(typed);
  const { index } = context.workspace;
  const matches: { name: string; entry: TermEntry }[] = [];
  for (const term of index.terms()) {
    let entry: TermEntry | undefined | null = null;
    for (const name of term.names) {
      if (!startsWithFolded(name, prefix)) continue;
      // A glossary's terms are offered where they apply (see core/query/scope.ts); asked only of
      // a term with a name that fits, a few of the tens of thousands. A copy in scope keeps the
      // term's names.
      if (entry === null) entry = index.matchable(term) ? entryInScope(index, term, uri) : undefined;
      if (!entry) break;
      matches.push({ name, entry });
    }
  }
  // The index lists its terms in the order edits left them: sorted, the first 100 are the
  // same after any history of edits, and the same as after a fresh index.
  matches.sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.entry.key, b.entry.key));
  const items = matches.slice(0, MAX_ITEMS).map(({ name, entry }): CompletionItem => {
    const definition = entry.definitions[0];
    return {
      label: name,
      kind: definition.kind === 'topic' ? CompletionItemKind.Module : CompletionItemKind.Text,
      detail: sourceLabel(definition),
      data: { uri, key: entry.key, name } satisfies CompletionData,
      textEdit: { range: { start: { line: position.line, character: position.character - typed.length }, end: position }, newText: name },
    };
  });
  return { isIncomplete: matches.length >= MAX_ITEMS, items };
}

/** A name as completion compares it: lower case, a hyphen or underscore as a space. */
function foldName(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, ' ');
}

/**
 * Whether the folded `name` starts with `prefix` (folded, starting with a letter or digit). Most
 * names differ from it in their first character, told apart here without folding the name:
 * folding every name (a new string, twice) was most of a completion at 20,000 notes. A name that
 * starts with a character outside ASCII is folded, since its lower case may be longer.
 */
function startsWithFolded(name: string, prefix: string): boolean {
  const first = name.charCodeAt(0);
  if (first < 128) {
    const lower = first >= 65 && first <= 90 ? first + 32 : first;
    if (lower !== prefix.charCodeAt(0)) return false;
  }
  return foldName(name).startsWith(prefix);
}

/** What an item carries to its resolve: the document, the term's key and the name offered. */
interface CompletionData {
  uri: string;
  key: string;
  name: string;
}

/** The item with its card, written now that the editor shows it; an item whose term is gone keeps none. */
export function resolveCompletion(context: FeatureContext, item: CompletionItem): CompletionItem {
  const data = item.data as Partial<CompletionData> | undefined;
  if (!data || typeof data.uri !== 'string' || typeof data.key !== 'string' || typeof data.name !== 'string') return item;
  const { index } = context.workspace;
  const found = index.lookupExact(data.name).find((entry) => entry.key === data.key);
  const entry = found && entryInScope(index, found, data.uri);
  if (!entry) return item;
  return { ...item, documentation: { kind: MarkupKind.Markdown, value: termCard(context, entry, data.name) } };
}
