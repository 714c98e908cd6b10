// The notes' names by the first character of their folded form (lower case, `-` and `_` as
// spaces), for completion: the names that start with a typed word are among those that start
// with its first character. A completion over every term touched each of 75,000 entries at
// 20,000 notes, scattered over a heap of a gigabyte (80 ms on the first call after an index);
// here it reads one bucket of names, held in two flat arrays. Built once per index version, in
// idle slices after a full index, else on the first request that needs it.

import type { NotesIndex, TermEntry } from '../index/notesIndex';
import { finished, inSlices } from '../steps';

/** A name as completion compares it: lower case, a hyphen or underscore as a space. */
export function foldName(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, ' ');
}

/** The first code unit of the folded name, without folding a name that starts in ASCII. */
function foldedFirst(name: string): number {
  const first = name.charCodeAt(0);
  if (first >= 128) return foldName(name).charCodeAt(0);
  if (first >= 65 && first <= 90) return first + 32;
  return first === 45 || first === 95 ? 32 : first;
}

/** The names, and the entry of each, whose folded form starts with one code unit. */
export interface NameBucket {
  names: string[];
  entries: TermEntry[];
}

const EMPTY: NameBucket = { names: [], entries: [] };

export class NameStarts {
  private table?: { version: number; buckets: Map<number, NameBucket> };

  constructor(private readonly index: NotesIndex) {}

  /**
   * Every name of every term, with its entry, whose folded form starts as the folded `prefix`
   * does, and no doubt others (the caller compares the whole prefix); in no particular order.
   */
  startingLike(prefix: string): NameBucket {
    if (!prefix) return EMPTY;
    if (this.table?.version !== this.index.version) this.table = { version: this.index.version, buckets: finished(this.buildSteps()) };
    return this.table.buckets.get(prefix.charCodeAt(0)) ?? EMPTY;
  }

  /** Builds the table for the index as it is, a slice of terms at a time (see NotesSearch.prepareInSlices); gives up when the index changes meanwhile. */
  async prepareInSlices(pause: () => Promise<void>, sliceMs = 8): Promise<void> {
    const version = this.index.version;
    if (this.table?.version === version) return;
    const built = await inSlices(this.buildSteps(), pause, sliceMs, () => this.index.version === version && this.table?.version !== version);
    if (built) this.table = { version, buckets: built.value };
  }

  /** The table of the index as it is, with a chance to pause (a yield) after each term. */
  private *buildSteps(): Generator<void, Map<number, NameBucket>> {
    const buckets = new Map<number, NameBucket>();
    for (const entry of [...this.index.terms()]) {
      add(buckets, entry);
      yield;
    }
    return buckets;
  }
}

function add(buckets: Map<number, NameBucket>, entry: TermEntry): void {
  for (const name of entry.names) {
    if (!name) continue;
    const first = foldedFirst(name);
    let bucket = buckets.get(first);
    if (!bucket) buckets.set(first, (bucket = { names: [], entries: [] }));
    bucket.names.push(name);
    bucket.entries.push(entry);
  }
}
