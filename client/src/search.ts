// Search Notes…: a QuickPick fed by the server's ranked search as the user types. Requests are
// debounced, the one in flight is cancelled when the query changes, and a late answer to an
// old query is dropped. `find` is the code path of both the QuickPick and the extension API.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SearchRequest, type SearchItem, type SearchKind } from '../../server/src/protocol';
import { openReference, revealInNote } from './noteLocations';

export interface SearchPickItem extends vscode.QuickPickItem {
  readonly result: SearchItem;
}

const KIND_ICONS: Record<SearchKind, string> = {
  term: 'symbol-key',
  topic: 'symbol-class',
  quote: 'quote',
  link: 'link',
};

const OPEN_REFERENCE_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('link-external'), tooltip: 'Open Reference' };
const DEBOUNCE_MS = 120;
const RESULT_LIMIT = 50;

export class NotesSearcher {
  constructor(private readonly client: LanguageClient, private readonly log: vscode.LogOutputChannel) {}

  /** The ranked results for a query, as QuickPick items, in the server's order. */
  async find(query: string, token?: vscode.CancellationToken): Promise<SearchPickItem[]> {
    if (!query.trim()) return [];
    const results = await this.client.sendRequest(SearchRequest, { query, limit: RESULT_LIMIT }, token);
    return results.map(toPickItem);
  }

  /** Opens the QuickPick, optionally with a query already typed. */
  show(initialQuery = ''): void {
    const pick = vscode.window.createQuickPick<SearchPickItem>();
    pick.title = 'Search Notes';
    pick.placeholder = 'A term, topic, quote or link from your notes';
    pick.matchOnDescription = false;
    pick.matchOnDetail = false;
    pick.value = initialQuery;

    let generation = 0;
    let pending: vscode.CancellationTokenSource | undefined;
    let timer: NodeJS.Timeout | undefined;
    const run = (query: string) => {
      const mine = ++generation;
      pending?.cancel();
      pending = new vscode.CancellationTokenSource();
      const token = pending.token;
      pick.busy = true;
      this.find(query, token).then(
        (items) => {
          if (mine !== generation) return; // a newer query is on its way
          pick.items = items;
          pick.busy = false;
        },
        (error: unknown) => {
          if (mine !== generation || token.isCancellationRequested) return;
          pick.busy = false;
          this.log.error(`Search Notes: ${error instanceof Error ? error.message : String(error)}`);
        },
      );
    };

    pick.onDidChangeValue((query) => {
      clearTimeout(timer);
      timer = setTimeout(() => run(query), DEBOUNCE_MS);
    });
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0];
      if (!chosen) return;
      pick.hide();
      void revealInNote(chosen.result.uri, chosen.result.range);
    });
    pick.onDidTriggerItemButton(({ item }) => {
      if (item.result.url) void openReference(item.result.url, this.log);
    });
    pick.onDidHide(() => {
      clearTimeout(timer);
      pending?.cancel();
      generation++;
      pick.dispose();
    });
    pick.show();
    if (initialQuery) run(initialQuery);
  }
}

function toPickItem(result: SearchItem): SearchPickItem {
  return {
    result,
    label: `$(${KIND_ICONS[result.kind] ?? 'search'}) ${result.label}`,
    description: result.section,
    detail: result.detail,
    // The server has already matched and ranked: the QuickPick must not hide what it found
    // because the label does not contain the typed text (a quote found by its words).
    alwaysShow: true,
    buttons: result.url ? [OPEN_REFERENCE_BUTTON] : [],
  };
}
