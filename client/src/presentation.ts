// How the client words what it shows: counts, labels of the notes' headings, the order of
// rows and results. Pure functions, no VS Code API, so test/client checks them directly.
import type { OutlineKind, OutlineNode, SearchItem, SearchKind } from '../../server/src/protocol';

/** `1 note`, `2 notes`: a count with its noun in the right number. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** The closing line of a re-index: "Indexed 2 notes, 56 terms (3 s)". */
export function indexedSummary(notes: number, terms: number, elapsedMs: number): string {
  const seconds = elapsedMs < 10_000 ? Math.max(0.1, Math.round(elapsedMs / 100) / 10) : Math.round(elapsedMs / 1000);
  const shown = Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(1);
  return `Indexed ${plural(notes, 'note')}, ${plural(terms, 'term')} (${shown} s)`;
}

/** The status bar text: "$(book) 52 terms", with a warning icon when something was skipped. */
export function statusText(terms: number, skipped: number): string {
  return `${skipped > 0 ? '$(warning)' : '$(book)'} ${plural(terms, 'term')}`;
}

/**
 * Headings of the notes' dialect (NOTES-DIALECT.md) as a reader expects them: the references and
 * inbox sections by what they are, shouted area names in title case, decoration dropped. The
 * raw label stays available for the tooltip.
 */
const KNOWN_HEADINGS: Record<string, string> = {
  '参考': 'References',
  'references': 'References',
  'refs': 'References',
  '进步': 'Inbox',
  '进来': 'Inbox',
  'inbox': 'Inbox',
  '(inbox)': 'Inbox',
  'reading list': 'Reading list',
  'za': 'Miscellany',
};

export function friendlyLabel(kind: OutlineKind, raw: string): string {
  const label = raw.trim();
  if (!label) return '(untitled)';
  const known = KNOWN_HEADINGS[label.toLowerCase()];
  if (known) return known;
  if (kind === 'area' && /^[\p{Lu}\d\s&/-]+$/u.test(label) && /\p{Lu}{3}/u.test(label)) {
    return label.toLowerCase().replace(/(^|[\s/-])(\p{Ll})/gu, (_m, before: string, letter: string) => before + letter.toUpperCase());
  }
  return label;
}

/** Whether the friendly label hides the raw one, so the tooltip should show it. */
export function labelWasChanged(kind: OutlineKind, raw: string): boolean {
  return friendlyLabel(kind, raw) !== raw;
}

/** Rows under one parent: terms first, then topics and labels, references last (and the "… more" row after all). */
const ROW_ORDER: Record<OutlineKind, number> = { folder: 0, tag: 1, note: 2, area: 3, term: 4, topic: 5, label: 6, reference: 7, more: 8 };

export function orderRows<T extends { kind: OutlineKind }>(rows: readonly T[]): T[] {
  return rows.map((row, i) => ({ row, i })).sort((a, b) => (ROW_ORDER[a.row.kind] ?? 9) - (ROW_ORDER[b.row.kind] ?? 9) || a.i - b.i).map(({ row }) => row);
}

/** Search results: terms first, then topics, links and quotes, each group in the server's order. */
const SEARCH_ORDER: Record<SearchKind, number> = { term: 0, topic: 1, link: 2, quote: 3 };

export function orderResults<T extends { kind: SearchKind }>(results: readonly T[]): T[] {
  return results.map((result, i) => ({ result, i })).sort((a, b) => (SEARCH_ORDER[a.result.kind] ?? 9) - (SEARCH_ORDER[b.result.kind] ?? 9) || a.i - b.i).map(({ result }) => result);
}

/** The badge a search result carries: what kind of thing it is. */
export function kindBadge(kind: SearchKind): string {
  return { term: 'term', topic: 'topic', link: 'link', quote: 'quote' }[kind] ?? kind;
}

/**
 * A search result's description: its kind, its section, and how many other places hold the
 * same item (the same notes indexed twice), which the result stands for.
 */
export function resultDescription(kind: SearchKind, section: string, alsoIn = 0): string {
  return [kindBadge(kind), section, alsoIn > 0 ? `also in ${plural(alsoIn, 'other place')}` : ''].filter(Boolean).join(' · ');
}

/** Recent look-ups: the newest first, no duplicates, at most `limit`. */
export function rememberRecent<T>(recent: readonly T[], chosen: T, keyOf: (item: T) => string, limit = 10): T[] {
  const key = keyOf(chosen);
  return [chosen, ...recent.filter((item) => keyOf(item) !== key)].slice(0, limit);
}

/** `$(` with a zero-width space inside: shown the same, read as no icon. */
const ICONLESS_START = '$\u200B(';

/**
 * Text from the notes, or typed by the user, for a place where VS Code draws `$(name)` as an
 * icon: QuickPick items' label, description and detail, status bar text and messages (the API
 * says so of each; a tree item's string label and description, a notification's message and a
 * QuickPick's title do not draw them).
 * Each `$(` gets a zero-width space after its `$`, so that no note decorates a list and what the
 * user typed shows as typed.
 *
 * VS Code has no escape function in its API. Its own `escapeIcons` writes `\$(name)`, which the
 * renderer (`renderLabelWithIcons`) shows as `$(name)`, but only while the backslash and the
 * `$(name)` are drawn together: a QuickPick draws a label highlighted for the typed text piece by
 * piece, and a highlight that ends on the backslash leaves `$(name)` to the next piece, drawn as
 * an icon (VS Code 1.139: `foo\` typed over `foo\$(zap) x`). It also eats a backslash the text
 * had (`\$(x)` shows as `$(x)`). A broken `$(` matches none of VS Code's icon patterns, whatever
 * piece it lands in, and looks the same.
 *
 * Each `$(` adds one character, so offsets into the raw text do not carry over. None need to: the
 * QuickPick matches the typed text against the label it is given and places its highlights in
 * that label, and the client passes no offsets of its own. Cut text before it comes here.
 */
export function withoutIcons(text: string): string {
  return text.replaceAll('$(', ICONLESS_START);
}

/** What withoutIcons changes of a symbol: its name, its container's name and its children's. */
export interface SymbolNames {
  name: string;
  containerName?: string;
  children?: SymbolNames[];
}

/**
 * The server's symbols for VS Code's Go to Symbol lists, with `$(` broken where they draw it:
 * Go to Symbol in Editor (`@`) shows `$(kind) name` and the container's name, Go to Symbol in
 * Workspace (`#`) the name and `container • path` (VS Code 1.139: gotoSymbolQuickAccess.ts,
 * symbolsQuickAccess.ts; a QuickPick's label and description draw icons). Changed in place; the
 * outline and the breadcrumbs, which draw none, show the same text. The server's answer is
 * left as it is for the other editors.
 */
export function iconlessSymbols<T extends SymbolNames>(symbols: T[]): T[] {
  for (const symbol of symbols) {
    symbol.name = withoutIcons(symbol.name);
    if (symbol.containerName !== undefined) symbol.containerName = withoutIcons(symbol.containerName);
    if (symbol.children) iconlessSymbols(symbol.children);
  }
  return symbols;
}

/** What iconlessCompletion reads and writes of a completion item. */
export interface CompletionNames {
  label: string | { label: string };
  filterText?: string;
  sortText?: string;
  insertText?: unknown;
}

/**
 * A completion item whose label VS Code's suggest widget would draw icons in (its label is
 * drawn with `supportIcons`; the detail as text), with `$(` broken in the label only: what is
 * matched against the typed word, the order and what goes into the doc stay the name as
 * written (filterText, sortText and insertText default to the label). Changed in place.
 */
export function iconlessCompletion<T extends CompletionNames>(item: T): T {
  const written = typeof item.label === 'string' ? item.label : item.label.label;
  const shown = withoutIcons(written);
  if (shown === written) return item;
  item.filterText ??= written;
  item.sortText ??= written;
  item.insertText ??= written;
  item.label = typeof item.label === 'string' ? shown : { ...item.label, label: shown };
  return item;
}

/** `](` with a zero-width space inside: shown the same, read as no link. */
const LINKLESS_JOIN = ']\u200B(';

/**
 * A notification's message, shown as written: VS Code reads `[label](target)` in it as a link
 * when the target starts with `http://`, `https://`, `command:` or `file:` (any case), and a
 * click opens it with commands allowed, so a term or a path named `[Fix](command:…)` would run
 * that command. This holds for `showInformationMessage`, `showWarningMessage` and
 * `showErrorMessage`, and for the server's window/showMessage, which the language client shows
 * with them. (VS Code 1.139: `parseLinkedText` in vs/base/common/linkedText.ts, regex
 * `/\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^\)\s]+)(?: (["'])(.+?)(\3))?\)/gi`, after
 * line breaks were made spaces; the notifications viewer opens a link with
 * `allowCommands: true`.)
 *
 * The parser knows no escape: `\[x\](command:y)` shows its backslashes and still links `x`. A
 * link needs `](` with nothing between, so a zero-width space there leaves no link, and looks the
 * same. Give it the whole message rather than its pieces: a label may open in one piece (a
 * path) and its target follow in the next, or in the words around them (`(${paths})`).
 *
 * A notification draws no `$(name)` icons (its text goes in as text nodes), so `$(` needs
 * nothing there.
 */
export function withoutLinks(text: string): string {
  return text.replaceAll('](', LINKLESS_JOIN);
}

/** The icon before each kind of search result. */
const SEARCH_ICONS: Record<SearchKind, string> = {
  term: 'symbol-key',
  topic: 'symbol-class',
  quote: 'quote',
  link: 'link',
};

/** What a Search Notes row shows of a result: its kind's icon, then the notes' text as written. */
export function searchRowText(result: Pick<SearchItem, 'kind' | 'label' | 'section' | 'detail' | 'alsoIn'>): { label: string; description: string; detail: string } {
  return {
    label: `$(${SEARCH_ICONS[result.kind] ?? 'search'}) ${withoutIcons(result.label)}`,
    description: resultDescription(result.kind, withoutIcons(result.section), result.alsoIn),
    detail: withoutIcons(result.detail),
  };
}

/** The Search Notes row for a query without results: the query as typed (its first 60 characters). */
export function noMatchLabel(query: string): string {
  return `$(info) No match for "${withoutIcons(query.trim().slice(0, 60))}"`;
}

/**
 * A row of Open Notes: a note opens; a folder or tag, listed by its name and how many notes it
 * holds, opens the list of its notes; "… more" the next page.
 */
export function notesPickItem(row: OutlineNode, relativePath: (uri: string) => string): { label: string; description?: string; detail?: string; opens: boolean } {
  if (row.kind === 'note') return { label: withoutIcons(row.label), description: withoutIcons(relativePath(row.uri)), detail: plural(row.termCount ?? 0, 'term'), opens: true };
  if (row.kind === 'more') return { label: row.label, opens: false };
  return { label: `$(${row.kind === 'tag' ? 'tag' : 'folder'}) ${withoutIcons(row.label)}`, description: row.detail, opens: false };
}

/** The level Open Notes lists once `chosen` (no note) is picked on `level`: the group's own, or the next page of the same group. */
export function notesLevelAfter(level: OutlineNode | undefined, chosen: OutlineNode): OutlineNode {
  return chosen.kind === 'more' && level ? { ...chosen, kind: level.kind, label: level.label } : chosen;
}

/**
 * Where a note is, as the Patterns view says beside it: the notes shipped with the extension
 * by their name, marked bundled (their install path, under the user's extensions folder, told
 * nothing), else the
 * path in the workspace, else from the home folder, else as it is.
 */
export function notePathLabel(fsPath: string, workspaceRelative: string | undefined, home: string | undefined, bundledFolder: string | undefined, separator = '/'): string {
  if (bundledFolder && fsPath.startsWith(bundledFolder + separator)) return `${fsPath.slice(bundledFolder.length + 1)} (bundled)`;
  if (workspaceRelative !== undefined && workspaceRelative !== fsPath) return workspaceRelative;
  return home && fsPath.startsWith(home + separator) ? '~' + fsPath.slice(home.length) : fsPath;
}

/**
 * The rows of Show all references (a code action's, past the ones the menu holds): the
 * notes' words for the link, or its host; where it goes; "related" for a link only related
 * to the term. Anything else the server sent is left out.
 */
export function referencePickItems(choices: unknown): { label: string; description: string; url: string }[] {
  if (!Array.isArray(choices)) return [];
  return choices.flatMap((choice: unknown) => {
    const { url, description, related } = (choice ?? {}) as { url?: unknown; description?: unknown; related?: unknown };
    if (typeof url !== 'string' || url.length === 0) return [];
    const words = typeof description === 'string' ? description.replace(/\s+/g, ' ').trim().slice(0, 200) : '';
    const where = url.slice(0, 200);
    return [{ label: withoutIcons(words || where), description: withoutIcons(related === true ? `related · ${where}` : where), url }];
  });
}

/**
 * The status item's tooltip, first line: what the index holds, as Search Notes lists it for an
 * empty query (the terms, then the names that are only topics). It said "61 terms" while that
 * list held 71 rows under "terms, A to Z": ten of them were topics.
 */
export function indexSummary(terms: number, topics: number, notes: number): string {
  const names = topics > 0 ? `${plural(terms, 'term')} and ${plural(topics, 'topic')}` : plural(terms, 'term');
  return `Architecture Notes: ${names} from ${plural(notes, 'note')}. Click to search.`;
}

/**
 * The heading of each part of an empty query's list in Search Notes, the terms and the topics
 * apart, as the status item counts them; `total` (the index's count of that kind), when more
 * than the list holds, is said so that no part looks whole when it is cut.
 */
export function browseHeading(kind: 'term' | 'topic', shown: number, total?: number): string {
  const name = kind === 'term' ? 'terms' : 'topics';
  return total !== undefined && total > shown ? `${name}, A to Z: the first ${shown} of ${total}, type to narrow` : `${name}, A to Z`;
}
