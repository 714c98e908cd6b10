// Completion: the notes' terms that start with the word being typed. Each item's card is
// written only when the editor shows that item (completionItem/resolve): a card costs its
// references, and the 100 cards of a list took 1.9 s at 10,000 notes for one item seen.

import { CompletionItemKind, type CompletionItem, type CompletionList } from 'vscode-languageserver';
import type { TermEntry } from '../core/index/notesIndex';
import { plainText, sourceLabel, stripInvisible } from '../core/query/present';
import { foldName } from '../core/query/nameStarts';
import { entryInScope } from '../core/query/scope';
import { compareStrings, isTermDocument, termCardIn, type FeatureContext, type Position } from './context';

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
  const inScope = new Map<TermEntry, TermEntry | undefined>();
  const { names, entries } = context.workspace.nameStarts.startingLike(prefix);
  for (let i = 0; i < names.length; i++) {
    if (!foldName(names[i]).startsWith(prefix)) continue;
    const term = entries[i];
    // A glossary's terms are offered where they apply (see core/query/scope.ts); a copy in
    // scope keeps the term's names.
    let entry = inScope.get(term);
    if (entry === undefined && !inScope.has(term)) inScope.set(term, (entry = index.matchable(term) ? entryInScope(index, term, uri) : undefined));
    if (entry) matches.push({ name: names[i], entry });
  }
  // The index lists its terms in the order edits left them: sorted, the first 100 are the
  // same after any history of edits, and the same as after a fresh index.
  matches.sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.entry.key, b.entry.key));
  const items = matches.slice(0, MAX_ITEMS).map(({ name, entry }): CompletionItem => {
    const definition = entry.definitions[0];
    // A name from a note, shown and written into the doc without its control and bidi
    // characters (an override in the doc would make it read otherwise than it is).
    const shown = stripInvisible(name);
    return {
      label: shown,
      kind: definition.kind === 'topic' ? CompletionItemKind.Module : CompletionItemKind.Text,
      // A detail is plain text: a heading's Markdown and HTML are dropped.
      detail: plainText(sourceLabel(definition)),
      data: { uri, key: entry.key, name } satisfies CompletionData,
      textEdit: { range: { start: { line: position.line, character: position.character - typed.length }, end: position }, newText: casedAsTyped(shown, typed) },
    };
  });
  return { isIncomplete: matches.length >= MAX_ITEMS, items };
}

/**
 * The name as it goes into the doc: its first letter in the case the writer typed it, when
 * the name is a word in sentence case (`Idempotency`, `Leader election`: a vault's titles, a
 * glossary's entries; `idempotency` of the dialect), so that "idem" completes to
 * "idempotency" in mid-sentence and "Idem" to "Idempotency" at a sentence's start. A name
 * whose capitals say something (`CQRS`, `gRPC`, `PostgreSQL`, `A record`) goes in as the
 * notes write it; one in title case (`Circuit Breaker`) typed in lower case goes in lower case.
 */
export function casedAsTyped(name: string, typed: string): string {
  const firstWord = /^[^\s-]+/u.exec(name)?.[0] ?? '';
  const rest = firstWord.slice(1);
  if (firstWord.length < 2 || rest !== rest.toLowerCase() || !/^\p{L}/u.test(name)) return name;
  const head = name[0];
  // A title in title case (`Circuit Breaker`, an Obsidian title) typed in lower case goes in
  // lower case throughout, not as "circuit Breaker"; a word whose capitals say something
  // (`gRPC`, `CQRS`) stays as written.
  if (/^\p{Ll}/u.test(typed) && TITLE_CASE_WORD.test(firstWord)) {
    const lowered = name.replace(/\p{L}+/gu, (word) => (TITLE_CASE_WORD.test(word) && word.toLowerCase().length === word.length ? word.toLowerCase() : word));
    if (lowered !== name) return lowered;
  }
  const wanted = /^\p{Ll}/u.test(typed) ? head.toLowerCase() : /^\p{Lu}/u.test(typed) ? head.toUpperCase() : head;
  // A letter whose other case is longer or shorter (`İ`) is left as it is.
  return wanted.length === 1 ? wanted + name.slice(1) : name;
}

/** A word capitalised and otherwise in lower case: `Circuit`, not `gRPC`, `CQRS` or `iOS`. */
const TITLE_CASE_WORD = /^\p{Lu}\p{Ll}+$/u;

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
  return { ...item, documentation: termCardIn(context, entry, data.name, context.documentationFormat) };
}
