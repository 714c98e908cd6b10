// Completion: the notes' terms that start with the word being typed, each with its card.

import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionList } from 'vscode-languageserver';
import type { TermEntry } from '../core/index/notesIndex';
import { sectionLabel } from '../core/query/present';
import { entryInScope } from '../core/query/scope';
import { compareStrings, isTermDocument, termCard, type FeatureContext, type Position } from './context';

const MAX_ITEMS = 100;

export function completion(context: FeatureContext, uri: string, position: Position): CompletionList {
  const document = context.documents.get(uri);
  if (!document || !isTermDocument(context, document)) return { isIncomplete: false, items: [] };
  const lineText = document.getText({ start: { line: position.line, character: 0 }, end: position });
  const typed = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*$/u.exec(lineText)?.[0] ?? '';
  if (typed.length < 2) return { isIncomplete: true, items: [] };
  const prefix = typed.toLowerCase().replace(/[-_]/g, ' ');
  const { index } = context.workspace;
  const matches: { name: string; entry: TermEntry }[] = [];
  for (const term of index.terms()) {
    // A glossary's terms are offered where they apply (see core/query/scope.ts).
    const entry = index.matchable(term) ? entryInScope(index, term, uri) : undefined;
    if (!entry) continue;
    for (const name of entry.names) if (name.toLowerCase().replace(/[-_]/g, ' ').startsWith(prefix)) matches.push({ name, entry });
  }
  // The index lists its terms in the order edits left them: sorted, the first 100 are the
  // same after any history of edits, and the same as after a fresh index.
  matches.sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.entry.key, b.entry.key));
  const items = matches.slice(0, MAX_ITEMS).map(({ name, entry }): CompletionItem => {
    const definition = entry.definitions[0];
    return {
      label: name,
      kind: definition.kind === 'topic' ? CompletionItemKind.Module : CompletionItemKind.Text,
      detail: sectionLabel(definition.sectionPath),
      documentation: { kind: MarkupKind.Markdown, value: termCard(context, entry, name) },
      textEdit: { range: { start: { line: position.line, character: position.character - typed.length }, end: position }, newText: name },
    };
  });
  return { isIncomplete: matches.length >= MAX_ITEMS, items };
}
