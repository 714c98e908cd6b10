// Typing in a note: each keystroke is a new text of the whole note, and indexing it again
// means parsing it whole. A note of a few KB takes well under a millisecond, so it is indexed at
// once; a large one (a 1 MB changelog, a note of 50,000 headings) took 0.15-0.5 s a keystroke,
// and every hover and completion queued behind it. Its edits are kept here until the writer
// pauses, and indexed once; a request about that very note indexes it first (flush), so that
// no answer is given from a parse of older text than the request was asked on.

/** How a pause is waited for: setTimeout and clearTimeout, or a test's own clock. */
export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** A note up to this length (UTF-16 code units) is indexed on every change: it parses in about a millisecond. */
export const INDEXED_AT_ONCE = 64 * 1024;

/**
 * How long the writer must pause before a large note is indexed again: longer for a longer
 * note, whose parse costs more (150 ms, and 100 ms more per 256 KB, at most 1 s).
 */
export function quietPeriod(length: number): number {
  return Math.min(1000, 150 + Math.round((length / (256 * 1024)) * 100));
}

export const systemTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The latest unindexed text of each large note being edited, indexed after a pause or when asked for. */
export class PendingEdits {
  private readonly pending = new Map<string, { text: string; timer: unknown }>();

  constructor(
    private readonly index: (uri: string, text: string) => void,
    private readonly timers: Timers = systemTimers,
  ) {}

  /** A note's new text: indexed now when it is small, else after the writer pauses. */
  changed(uri: string, text: string): void {
    const waiting = this.pending.get(uri);
    if (waiting) this.timers.clear(waiting.timer);
    if (text.length <= INDEXED_AT_ONCE) {
      this.pending.delete(uri);
      this.index(uri, text);
      return;
    }
    const timer = this.timers.set(() => this.flush(uri), quietPeriod(text.length));
    this.pending.set(uri, { text, timer });
  }

  /** Indexes the waiting text of one note (or of every note) now. */
  flush(uri?: string): void {
    for (const key of uri === undefined ? [...this.pending.keys()] : [uri]) {
      const waiting = this.pending.get(key);
      if (!waiting) continue;
      this.timers.clear(waiting.timer);
      this.pending.delete(key);
      this.index(key, waiting.text);
    }
  }

  /** Forgets a note's waiting text: it was closed, or opened again with its text indexed. */
  forget(uri: string): void {
    const waiting = this.pending.get(uri);
    if (!waiting) return;
    this.timers.clear(waiting.timer);
    this.pending.delete(uri);
  }

  /** True when some note's latest text is not indexed yet. */
  get waiting(): boolean {
    return this.pending.size > 0;
  }

  /** Stops every timer (the server shuts down); nothing more is indexed. */
  stop(): void {
    for (const waiting of this.pending.values()) this.timers.clear(waiting.timer);
    this.pending.clear();
  }
}
