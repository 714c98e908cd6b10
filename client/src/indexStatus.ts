// Follows the server's index status and turns it into what the rest of the extension waits on:
// `ready` (the first full index has finished) and `onDidChange` (anything changed in the index).
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { IndexStatusNotification, IndexStatusRequest, type IndexStatus } from '../../server/src/protocol';

/** Context key for the welcome view: the index is built and holds no notes. */
const NO_NOTES_CONTEXT = 'architectureNotes.noNotes';

export class IndexStatusTracker implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<IndexStatus>();
  readonly onDidChange = this.changed.event;
  readonly ready: Promise<IndexStatus>;
  private latest: IndexStatus | undefined;
  private failure: string | undefined;
  private sawIndexing = false;
  private resolveReady!: (status: IndexStatus) => void;
  private rejectReady!: (error: Error) => void;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly client: LanguageClient) {
    this.ready = new Promise<IndexStatus>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    // Registered before the client starts, so the first notifications cannot be missed.
    this.disposables.push(client.onNotification(IndexStatusNotification, (status) => this.update(status)));
    this.disposables.push(client.onDidChangeState(({ newState }) => {
      if (newState !== State.Stopped) return;
      this.failure = 'The language server is not running.';
      this.fireLatest();
    }));
    // Nobody may be waiting when the server fails to start; that is not an unhandled error.
    this.ready.catch(() => undefined);
  }

  get status(): IndexStatus | undefined {
    return this.latest;
  }

  /** Why the server is not serving, when it is not. */
  get error(): string | undefined {
    return this.failure;
  }

  /** Reports that the server could not start; whoever waits on `ready` hears it. */
  fail(reason: string): void {
    this.failure = reason;
    this.rejectReady(new Error(reason));
    this.fireLatest();
  }

  private fireLatest(): void {
    this.changed.fire(this.latest ?? { state: 'ready', notes: 0, terms: 0, topics: 0, skipped: [], version: -1 });
  }

  /** Asks the server directly, for when it is already idle and sends nothing more. */
  async refresh(): Promise<void> {
    this.update(await this.client.sendRequest(IndexStatusRequest));
  }

  update(status: IndexStatus): void {
    this.failure = undefined;
    this.latest = status;
    // Before its first index the server also says "ready" (with nothing in it): only a
    // "ready" that follows an "indexing" means the notes are in.
    if (status.state === 'indexing') this.sawIndexing = true;
    else if (this.sawIndexing) this.resolveReady(status);
    void vscode.commands.executeCommand('setContext', NO_NOTES_CONTEXT, this.sawIndexing && status.state === 'ready' && status.notes === 0);
    this.changed.fire(status);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
