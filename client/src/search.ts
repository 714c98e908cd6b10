// Search Notes…: a QuickPick fed by the server's ranked search as the user types. The pick is
// created and shown before anything is awaited; items fill in after. Requests are debounced, the
// one in flight is cancelled when the query changes, and a late answer to an old query is
// dropped. `find` is the code path of both the QuickPick and the extension API.
//
// Showing the pick at once does not catch what is typed right after Ctrl+Alt+N: the command
// runs in the extension host, and the pick appears in the window a round trip later (over 100 ms
// in code-server, where all four keys of "cqrs" typed at 30 ms each used to be lost). So the
// keybinding (package.json) acts in the window itself, before the command: it sets the context
// key `architectureNotes.searchOpening` (with `_setContext`, the window's name for the
// `setContext` an extension calls), under which letters, digits, space, `-` and Backspace are
// keybindings that send `architectureNotes.searchTypeAhead` here, in order, to be added to the
// pick's value (TypeAheadValue also merges what the box took itself); and it makes the active
// editor read-only, so that any other key is dropped rather than typed into the document. `show`
// lifts the read-only state once the pick is up; the context key is cleared once the typing
// pauses (then the box takes the keys itself), when the pick closes, and at activation. Escape
// is one of those keybindings too: it closes the box, or, pressed before the box is up, keeps the
// command from opening it (it reached the editor, and the box opened all the same).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SearchRequest, type SearchItem } from '../../server/src/protocol';
import type { IndexStatusTracker } from './indexStatus';
import { openReference, revealInNote } from './noteLocations';
import { browseHeading, noMatchLabel, orderResults, rememberRecent, searchRowText } from './presentation';
import { TypeAheadValue, type TypeAhead } from './typeAhead';

export type { TypeAhead } from './typeAhead';

export interface SearchPickItem extends vscode.QuickPickItem {
  readonly result: SearchItem;
}

/** A row of the Search Notes box: a result, or a command row (no match, no notes) with what accepting it runs. */
export interface SearchRow extends vscode.QuickPickItem {
  readonly result?: SearchItem;
  readonly run?: string;
}

const OPEN_REFERENCE_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('link-external'), tooltip: 'Open Reference' };
const DEBOUNCE_MS = 120;
const RESULT_LIMIT = 50;
/** How many terms an empty query lists to browse. */
const ALL_TERMS_LIMIT = 500;
const RECENT_KEY = 'architectureNotes.search.recent';
const ADD_NOTES_FOLDER = 'architectureNotes.addNotesFolder';

/** Set by the Ctrl+Alt+N keybinding; while it holds, typed keys come as type-ahead commands. */
export const SEARCH_OPENING_CONTEXT = 'architectureNotes.searchOpening';
/** The command those keybindings run, with `{ text }` or `{ backspace: true }`. */
export const SEARCH_TYPE_AHEAD_COMMAND = 'architectureNotes.searchTypeAhead';
/**
 * The keys go back to the box once no type-ahead came for this long. Keys sent here just before
 * the hand-over and keys the box takes just after it are merged (TypeAheadValue).
 */
const TYPE_AHEAD_IDLE_MS = 300;
/** Type-ahead that came before its Search Notes command (it may) waits this long for it. */
const EARLY_TYPE_AHEAD_MS = 1000;
/** A second context key, set only to make a round trip through the window that changes nothing. */
const SETTLED_PROBE_CONTEXT = 'architectureNotes.searchSettled';

interface OpenSearch {
  readonly pick: vscode.QuickPick<SearchRow>;
  /** Runs the search for a value set from here: a pick reports only what is typed into it. */
  readonly valueChanged: (query: string) => void;
  readonly value: TypeAheadValue;
}

export class NotesSearcher {
  private current: OpenSearch | undefined;
  /** Type-ahead received while no pick was open yet, and when it started. */
  private early: { value: TypeAheadValue; since: number } | undefined;
  private handOverTimer: NodeJS.Timeout | undefined;
  /** The window routes keys here (the context key is set, as far as this side knows). */
  private keysHere = false;
  /** Keys were handed back, and values set from here may still come back as stale echoes. */
  private settling = false;
  /** Counts the values set on the box from here, to know when no echo is on its way. */
  private setSerial = 0;
  /** Counts the keys and openings, to tell whether one came while the hand-over waited. */
  private keySerial = 0;
  /** Counts the hand-overs: only the latest one's settling ends it. */
  private handOvers = 0;
  /** When Escape came before the box it was to close: the Search Notes command on its way then opens nothing. */
  private cancelledAt: number | undefined;
  /** What the last openings received, in order, for the tests to say why a key went missing. */
  readonly typeAheadTrail: string[] = [];

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

  /** Every term and topic, A to Z (the server's answer to an empty query), up to ALL_TERMS_LIMIT. */
  private async allTerms(token: vscode.CancellationToken): Promise<SearchPickItem[]> {
    const results = await this.client.sendRequest(SearchRequest, { query: '', limit: ALL_TERMS_LIMIT }, token);
    return results.map(toPickItem);
  }

  /** What the open Search Notes box holds, for the tests; undefined when it is closed. */
  get openQuery(): string | undefined {
    return this.current?.pick.value;
  }

  /** The rows the open Search Notes box shows, for the tests. */
  get openItems(): readonly SearchRow[] | undefined {
    return this.current?.pick.items;
  }

  /** Whether keys are still routed here (the context key is set), for the tests. */
  get typeAheadActive(): boolean {
    return this.keysHere || this.settling;
  }

  /**
   * A key typed while the keybinding's context key holds: added to the open pick's value, or
   * kept for the pick about to open. Never typed into a document.
   */
  typeAhead(key: TypeAhead | undefined): void {
    const open = this.current;
    this.trail(`key ${JSON.stringify(key)}${open ? '' : ' (before the box)'}${this.settling ? ' (settling)' : ''}`);
    if (key?.cancel) {
      this.cancel(open);
      return;
    }
    if (this.settling) {
      // Typed before the window let go of the keys: it belongs to the box still open, if any.
      if (open) this.applyKey(open, key);
      return;
    }
    this.keysHere = true;
    this.keySerial++;
    if (open) {
      this.applyKey(open, key);
      this.scheduleHandOver();
      return;
    }
    const now = Date.now();
    if (!this.early || now - this.early.since > EARLY_TYPE_AHEAD_MS) this.early = { value: new TypeAheadValue(''), since: now };
    this.early.value.key(key);
    // The Search Notes command normally follows at once; if it never does (it failed), the keys
    // must not stay captured.
    this.scheduleHandOver(EARLY_TYPE_AHEAD_MS);
  }

  /**
   * Escape while the keys come here: closes the box, or, before it is up, keeps the Search
   * Notes command on its way from opening it. The keys go back to the editor either way. Escape
   * reached the editor, not the box that was still to come, which then opened all the same.
   */
  private cancel(open: OpenSearch | undefined): void {
    if (open) {
      // Its onDidHide gives the keys back.
      open.pick.hide();
      return;
    }
    // Settling after a box closed: nothing is on its way to be stopped.
    if (this.settling) return;
    this.cancelledAt = Date.now();
    this.handBackKeys();
  }

  private applyKey(open: OpenSearch, key: TypeAhead | undefined): void {
    const value = open.value.key(key);
    this.setSerial++;
    open.pick.value = value;
    open.valueChanged(value);
  }

  /** Gives the keys back to whatever has the focus: clears the keybinding's context key. */
  handBackKeys(): void {
    this.trail('keys handed back');
    clearTimeout(this.handOverTimer);
    this.handOverTimer = undefined;
    this.early = undefined;
    this.keysHere = false;
    this.settling = true;
    void this.settle();
  }

  /**
   * Waits until no key sent here and no echo of a value set from here is on its way: the window
   * answers a command after what it sent before, and echoes a value when it applies it. Two
   * round trips, since the extension host may send a value a tick after it was set; again while
   * values were set meanwhile (keys still in flight at the hand-over).
   */
  private async settle(): Promise<void> {
    const handOver = ++this.handOvers;
    try {
      let serial: number;
      let round = 0;
      do {
        serial = this.setSerial;
        if (round++ === 0) await vscode.commands.executeCommand('setContext', SEARCH_OPENING_CONTEXT, false);
        else await vscode.commands.executeCommand('setContext', SETTLED_PROBE_CONTEXT, round);
        await vscode.commands.executeCommand('setContext', SETTLED_PROBE_CONTEXT, -round);
      } while (serial !== this.setSerial && round < 20);
    } catch (error) {
      this.log.warn(`Search Notes: could not give the keys back: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      if (handOver === this.handOvers) {
        this.settling = false;
        this.trail('settled');
      }
    }
  }

  private trail(event: string): void {
    this.typeAheadTrail.push(event);
    if (this.typeAheadTrail.length > 40) this.typeAheadTrail.shift();
  }

  private scheduleHandOver(delay = TYPE_AHEAD_IDLE_MS): void {
    clearTimeout(this.handOverTimer);
    const serial = this.keySerial;
    this.handOverTimer = setTimeout(() => {
      // After the extension host was busy, this timer runs before the keys that waited for it
      // in the socket; those are read before setImmediate's turn, and keep the keys here.
      setImmediate(() => {
        if (serial === this.keySerial) this.handBackKeys();
      });
    }, delay);
  }

  /**
   * Opens the QuickPick, optionally with a query already typed. Nothing here awaits before
   * `show()`. `fromKeybinding`: opened by Ctrl+Alt+N, whose context key routes keys here until
   * the typing pauses; `releaseEditor` lifts the read-only state the keybinding set.
   */
  show(initialQuery = '', releaseEditor?: () => void, fromKeybinding = false): void {
    const cancelled = fromKeybinding && this.cancelledAt !== undefined && Date.now() - this.cancelledAt <= EARLY_TYPE_AHEAD_MS;
    this.cancelledAt = undefined;
    if (cancelled) {
      // Escape came first: nothing opens, and the editor the keybinding made read-only is as it was.
      this.trail('not shown: Escape came first');
      this.early = undefined;
      releaseEditor?.();
      return;
    }
    const early = this.early && Date.now() - this.early.since <= EARLY_TYPE_AHEAD_MS ? this.early.value.current : '';
    this.early = undefined;
    const pick = vscode.window.createQuickPick<SearchRow>();
    pick.title = 'Search Notes';
    pick.placeholder = 'A term, topic, quote or link from your notes';
    pick.matchOnDescription = false;
    pick.matchOnDetail = false;
    keepServerOrder(pick);
    pick.value = initialQuery + (fromKeybinding ? early : '');
    pick.show();
    this.trail(`show ${JSON.stringify(pick.value)}${fromKeybinding ? ' from the keybinding' : ''}`);
    releaseEditor?.();

    let generation = 0;
    let pending: vscode.CancellationTokenSource | undefined;
    let timer: NodeJS.Timeout | undefined;
    const run = (query: string) => {
      const mine = ++generation;
      pending?.cancel();
      pending = new vscode.CancellationTokenSource();
      const token = pending.token;
      let rows: Promise<SearchRow[]>;
      if (!query.trim()) {
        // Recent look-ups at once, then every term, A to Z, to browse.
        const recent = this.emptyQueryItems();
        pick.items = recent;
        if (this.hasNoNotes()) {
          pick.busy = false;
          return;
        }
        rows = this.allTerms(token).then((names) => (names.length > 0 ? [...recent, ...this.browseRows(names)] : recent));
      } else {
        rows = this.find(query, token).then((items) => (items.length > 0 ? items : this.noMatchItems(query)));
      }
      pick.busy = true;
      rows.then(
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

    const valueChanged = (query: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => run(query), DEBOUNCE_MS);
    };
    const open: OpenSearch = { pick, valueChanged, value: new TypeAheadValue(pick.value) };
    this.current = open;
    if (fromKeybinding) {
      this.keysHere = true;
      this.keySerial++;
      this.scheduleHandOver();
    }
    pick.onDidChangeValue((reported) => {
      // The window reports each value set from here back as a change, a round trip later, when
      // more keys may have been added: such a stale report must not drop them, and keys the box
      // took itself meanwhile are added to them (TypeAheadValue). Once settled, the box is right.
      const mixing = this.keysHere || this.settling;
      if (mixing) this.trail(`reported ${JSON.stringify(reported)}`);
      const value = mixing ? open.value.reported(reported) : open.value.reset(reported);
      if (value !== reported) {
        this.setSerial++;
        pick.value = value;
      }
      valueChanged(value);
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
      if (this.current === open) {
        this.current = undefined;
        if (this.keysHere) this.handBackKeys();
      }
      pick.dispose();
    });
    run(pick.value);
  }

  /**
   * Every term, then every name that is only a topic, each part A to Z under its own heading:
   * the status item counts them so, and the terms' heading over the topics made its count look wrong.
   */
  private browseRows(names: SearchPickItem[]): SearchRow[] {
    const status = this.index?.status;
    const rows: SearchRow[] = [];
    for (const kind of ['term', 'topic'] as const) {
      const part = names.filter((item) => item.result.kind === kind);
      if (part.length === 0) continue;
      const total = status?.state === 'ready' ? (kind === 'term' ? status.terms : status.topics) : undefined;
      rows.push({ label: browseHeading(kind, part.length, total), kind: vscode.QuickPickItemKind.Separator }, ...part);
    }
    return rows;
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
      label: noMatchLabel(query),
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

/**
 * The server ranks the results (terms first); a QuickPick sorts the rows it shows by how well
 * their labels match the typed text, which put a quote starting with "Scaling" above the terms
 * "horizontal scaling" and "vertical scaling". `sortByLabel` turns that off; it is not in the
 * API of every VS Code this extension supports (a proposal there, whose setter throws).
 */
function keepServerOrder(pick: vscode.QuickPick<SearchRow>): void {
  try {
    (pick as { sortByLabel?: boolean }).sortByLabel = false;
  } catch {
    // An older VS Code: the rows keep its order, the results are all still there.
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
    ...searchRowText(result),
    // The server has already matched and ranked: the QuickPick must not hide what it found
    // because the label does not contain the typed text (a quote found by its words).
    alwaysShow: true,
    buttons: result.url ? [OPEN_REFERENCE_BUTTON] : [],
  };
}
