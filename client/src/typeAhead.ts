// The Search Notes box's value while keys reach it two ways (see search.ts): type-ahead keys,
// applied here and set on the box, and keys the box took itself, which the window reports back
// a round trip late, mixed with echoes of values set from here. Pure, so that the merging can
// be tested without a window.

/** What a type-ahead keybinding sends: a character to add, Backspace, or Escape (`cancel`: close the box, or keep it from opening). */
export interface TypeAhead {
  text?: string;
  backspace?: boolean;
  cancel?: boolean;
}

export class TypeAheadValue {
  private value: string;
  /** Every value set on the box from here: a report starting with one was typed on top of it. */
  private readonly sent = new Set<string>();
  /** Per value set from here, what the box was seen to have typed after it, already counted. */
  private readonly counted = new Map<string, string>();

  constructor(initial: string) {
    this.value = initial;
    this.sent.add(initial);
  }

  /** The value the box should hold. */
  get current(): string {
    return this.value;
  }

  /** Applies a type-ahead key; returns the value to set on the box. */
  key(key: TypeAhead | undefined): string {
    if (key?.backspace) this.value = this.value.slice(0, -1);
    else if (typeof key?.text === 'string') this.value += key.text;
    this.sent.add(this.value);
    return this.value;
  }

  /**
   * Takes a value the box reported; returns the value it should hold (set it on the box when it
   * differs from `reported`). A report is a value set from here (an echo, maybe stale) with keys
   * the box took itself after it: those keys are added to the current value, each once. A report
   * that starts with no value set from here is an edit of the box's own, and wins.
   */
  reported(reported: string): string {
    let base: string | undefined;
    for (const value of this.sent) {
      if (reported.startsWith(value) && (base === undefined || value.length > base.length)) base = value;
    }
    if (base === undefined) return this.reset(reported);
    const typed = reported.slice(base.length);
    if (typed === '') return this.value; // an echo
    const before = this.counted.get(base) ?? '';
    if (!typed.startsWith(before)) return this.reset(reported);
    this.counted.set(base, typed);
    const added = typed.slice(before.length);
    if (added) {
      this.value += added;
      this.sent.add(this.value);
    }
    return this.value;
  }

  /** The box holds `value` and nothing set from here is on its way any more. */
  reset(value: string): string {
    this.value = value;
    this.sent.clear();
    this.counted.clear();
    this.sent.add(value);
    return value;
  }
}
