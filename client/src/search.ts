// Search Notes…: a QuickPick fed by the server's ranked search as the user types. The pick is
// created and shown before anything is awaited; items fill in after. The keybinding first makes
// the active editor read-only in the renderer, at once (see package.json): the command itself
// reaches the extension host only after a round trip, and keys typed meanwhile went into the
// user's document. `show` lifts that again once the pick has the focus. Requests are debounced, the one in flight is cancelled
// when the query changes, and a late answer to an old query is dropped. `find` is the code
// path of both the QuickPick and the extension API.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SearchRequest, type SearchItem, type SearchKind } from '../../server/src/protocol';
import type { IndexStatusTracker } from './indexStatus';
import { openReference, revealInNote } from './noteLocations';
import { kindBadge, orderResults, rememberRecent } from './presentation';

export interface SearchPickItem extends vscode.QuickPickItem {
  readonly result: SearchItem;
}

/** A row of the Search Notes box: a result, or a command row (no match, no notes) with what accepting it runs. */
export interface SearchRow extends vscode.QuickPickItem {
  readonly result?: SearchItem;
  readonly run?: string;
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
const RECENT_KEY = 'architectureNotes.search.recent';
const ADD_NOTES_FOLDER = 'architectureNotes.addNotesFolder';

export class NotesSearcher {
  private current: vscode.QuickPick<SearchRow> | undefined;

  constructor(
    private readonly client: LanguageClient,
    private readonly log: vscode.LogOutputChannel,
    private readonly index?: IndexStatusTracker,
    private readonly memory?: vscode.Memento,
  ) {}

  /** The ranked results for a query, as QuickPick items: terms first, each with its kind. */
  async find(query: string, token?: vscode.CancellationToken): Promise<SearchPickItem[]> {
    if (!query.trim()) return [];
    const results = await this.client.sendRequest(SearchRequest, { query, limit: RESULT_LIMIT }, token);
    return orderResults(results).map(toPickItem);
  }

  /** What the open Search Notes box holds, for the tests; undefined when it is closed. */
  get openQuery(): string | undefined {
    return this.current?.value;
  }

  /** The rows the open Search Notes box shows, for the tests. */
  get openItems(): readonly SearchRow[] | undefined {
    return this.current?.items;
  }

  /** Opens the QuickPick, optionally with a query already typed. Nothing here awaits before `show()`. */
  show(initialQuery = '', releaseEditor?: () => void): void {
    const pick = vscode.window.createQuickPick<SearchRow>();
    pick.title = 'Search Notes';
    pick.placeholder = 'A term, topic, quote or link from your notes';
    pick.matchOnDescription = false;
    pick.matchOnDetail = false;
    pick.value = initialQuery;
    pick.show();
    this.current = pick;
    releaseEditor?.();

    let generation = 0;
    let pending: vscode.CancellationTokenSource | undefined;
    let timer: NodeJS.Timeout | undefined;
    const run = (query: string) => {
      const mine = ++generation;
      pending?.cancel();
      pending = new vscode.CancellationTokenSource();
      const token = pending.token;
      if (!query.trim()) {
        pick.items = this.emptyQueryItems();
        pick.busy = false;
        return;
      }
      pick.busy = true;
      this.find(query, token).then(
        (items) => {
          if (mine !== generation) return; // a newer query is on its way
          pick.items = items.length > 0 ? items : this.noMatchItems(query);
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
      if (chosen.run) {
        void vscode.commands.executeCommand(chosen.run);
        return;
      }
      if (!chosen.result) return;
      void this.remember(chosen.result);
      void revealInNote(chosen.result.uri, chosen.result.range);
    });
    pick.onDidTriggerItemButton(({ item }) => {
      if (item.result?.url) void openReference(item.result.url, this.log);
    });
    pick.onDidHide(() => {
      clearTimeout(timer);
      pending?.cancel();
      generation++;
      if (this.current === pick) this.current = undefined;
      pick.dispose();
    });
    run(initialQuery);
  }

  /** With nothing typed: the recent look-ups, or the way to add notes when there are none. */
  private emptyQueryItems(): SearchRow[] {
    if (this.hasNoNotes()) return [noNotesItem()];
    const recent = this.memory?.get<SearchItem[]>(RECENT_KEY, []) ?? [];
    if (recent.length === 0) return [];
    return [{ label: 'recent look-ups', kind: vscode.QuickPickItemKind.Separator }, ...recent.map(toPickItem)];
  }

  private noMatchItems(query: string): SearchRow[] {
    if (this.hasNoNotes()) return [noNotesItem()];
    return [{
      label: `$(info) No match for "${query.trim().slice(0, 60)}"`,
      detail: 'Add Notes Folder… to index more of your notes',
      alwaysShow: true,
      run: ADD_NOTES_FOLDER,
    }];
  }

  private hasNoNotes(): boolean {
    const status = this.index?.status;
    return status?.state === 'ready' && status.notes === 0;
  }

  private async remember(result: SearchItem): Promise<void> {
    if (!this.memory) return;
    const recent = this.memory.get<SearchItem[]>(RECENT_KEY, []);
    await this.memory.update(RECENT_KEY, rememberRecent(recent, result, (item) => `${item.kind}|${item.label}|${item.uri}|${item.range.start.line}`));
  }
}

function noNotesItem(): SearchRow {
  return {
    label: '$(new-folder) Add Notes Folder…',
    detail: 'No notes are indexed yet: point Architecture Notes at the folder where you keep them',
    alwaysShow: true,
    run: ADD_NOTES_FOLDER,
  };
}

function toPickItem(result: SearchItem): SearchPickItem {
  return {
    result,
    label: `$(${KIND_ICONS[result.kind] ?? 'search'}) ${result.label}`,
    description: result.section ? `${kindBadge(result.kind)} · ${result.section}` : kindBadge(result.kind),
    detail: result.detail,
    // The server has already matched and ranked: the QuickPick must not hide what it found
    // because the label does not contain the typed text (a quote found by its words).
    alwaysShow: true,
    buttons: result.url ? [OPEN_REFERENCE_BUTTON] : [],
  };
}
