// The names a fuzzy search scores, kept so that a query scores only the names that can be among
// its best. fuzzysort's own `go` visits every name object and scores every name that holds the
// query's letters: a two-letter query matches 16,000 of the 73,000 names of 10,000 dialect
// notes, and the first such query also pays, name by name, the tables fuzzysort builds lazily
// (100 ms and more, the first workspace symbols of a session). Here the letters of each name are
// one integer in a typed array, so a name without the query's letters costs one AND; and the
// names are visited shortest first, so that the scan stops once no longer name can score above
// the worst of the best found: fuzzysort takes at least (length − query length) off a name's
// score, however well it matches.
//
// The scores are fuzzysort's own (`single` on each name, as `go` does); ties are ranked by the
// order the names were given in, where `go` left them in the order of its heap.

import fuzzysort = require('fuzzysort');

/**
 * What fuzzysort 3 keeps on a prepared name and on a result, beyond its typings: the codes of
 * the name as it matches it (lower case, accents removed), its letters as bits (a–z, digits, other ASCII, other),
 * and the raw score (0 at best, negative below). test/core/fuzzyTable.test.ts checks the table
 * against fuzzysort's own answers, so that an upgrade that changes them is noticed.
 */
interface PreparedFields {
  _targetLowerCodes: number[];
  _bitflags: number;
}
interface ResultFields {
  _score: number;
}

const SPACE = 32;

export interface FuzzyHit<T> {
  item: T;
  /** fuzzysort's score: 1 is a perfect match, 0 none. */
  score: number;
}

export class FuzzyTable<T> {
  readonly size: number;
  private readonly items: readonly T[];
  private readonly prepared: Fuzzysort.Prepared[];
  /** Indexes into `items`, the shortest names first, in the given order within a length. */
  private readonly byLength: Int32Array;
  /** The length of each name as fuzzysort matches it, in `byLength` order. */
  private readonly lengths: Int32Array;
  /** Each name's letters as fuzzysort's bits, in `byLength` order. */
  private readonly letters: Int32Array;

  /** `items` in the order that ranks equal scores; each with its name prepared by fuzzysort. */
  constructor(items: readonly T[], preparedOf: (item: T) => Fuzzysort.Prepared) {
    this.items = items;
    this.size = items.length;
    this.prepared = items.map(preparedOf);
    const lengthOf = this.prepared.map((p) => (p as unknown as PreparedFields)._targetLowerCodes.length);
    // A counting sort: stable, so the given order holds within each length.
    const longest = lengthOf.reduce((a, b) => Math.max(a, b), 0);
    const starts = new Int32Array(longest + 2);
    for (const length of lengthOf) starts[length + 1]++;
    for (let length = 1; length < starts.length; length++) starts[length] += starts[length - 1];
    this.byLength = new Int32Array(this.size);
    this.lengths = new Int32Array(this.size);
    this.letters = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const at = starts[lengthOf[i]]++;
      this.byLength[at] = i;
      this.lengths[at] = lengthOf[i];
      this.letters[at] = (this.prepared[i] as unknown as PreparedFields)._bitflags;
    }
  }

  /**
   * The `limit` best names for `query` with a score of at least `threshold`, best first; equal
   * scores in the given order. The same names, scores and order as scoring every name with
   * fuzzysort and sorting them so.
   */
  top(query: string, limit: number, threshold = 0): FuzzyHit<T>[] {
    const search = query.trim();
    if (!search || limit <= 0) return [];
    const searched = fuzzysort.prepare(search) as unknown as PreparedFields;
    const wanted = searched._bitflags;
    const queryLength = searched._targetLowerCodes.length;
    // A query of several words is scored word by word (fuzzysort's algorithmSpaces), which the
    // length bound was not worked out for: such a query visits every name with its letters.
    const bounded = !searched._targetLowerCodes.includes(SPACE);
    const best = new WorstFirst(limit);
    let length = -1;
    for (let i = 0; i < this.size; i++) {
      if (bounded && this.lengths[i] !== length) {
        length = this.lengths[i];
        if (best.full && bestScoreAtLength(length, queryLength) < best.worstScore()) break;
      }
      if ((this.letters[i] & wanted) !== wanted) continue;
      const index = this.byLength[i];
      const result = fuzzysort.single(search, this.prepared[index]);
      if (!result || result.score < threshold) continue;
      best.offer(index, (result as unknown as ResultFields)._score, result.score);
    }
    return best.sorted().map(({ index, score }) => ({ item: this.items[index], score }));
  }
}

/**
 * The best raw score fuzzysort 3 can give a name of `length` for a query of `queryLength` (one
 * word): the query found whole at the name's start, where every penalty of its score is 0 and
 * both of its bonuses apply (calculateScore): whatever else a match does only takes from it. Worked out in fuzzysort's own steps, so that the
 * score of such a name is this number to the last bit; a hair above it, so that rounding never
 * ends a scan before a name that would tie.
 */
export function bestScoreAtLength(length: number, queryLength: number): number {
  let score = 0;
  score -= (length - queryLength) / 2;
  // fuzzysort looks for a one-letter query as a substring of no name: no bonus for it.
  if (queryLength > 1) {
    score /= 1 + queryLength * queryLength;
    score /= 1 + queryLength * queryLength;
  }
  score -= (length - queryLength) / 2;
  return score + 1e-9 * (1 - score);
}

/** The best `limit` (index, score) pairs offered, kept as a heap with the worst on top. */
class WorstFirst {
  private readonly indexes: number[] = [];
  private readonly raw: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly limit: number) {}

  get full(): boolean {
    return this.indexes.length >= this.limit;
  }

  worstScore(): number {
    return this.raw[0];
  }

  offer(index: number, raw: number, score: number): void {
    if (!this.full) {
      this.indexes.push(index);
      this.raw.push(raw);
      this.scores.push(score);
      this.up(this.indexes.length - 1);
    } else if (this.worse(0, index, raw)) {
      this.indexes[0] = index;
      this.raw[0] = raw;
      this.scores[0] = score;
      this.down(0);
    }
  }

  sorted(): { index: number; score: number }[] {
    const kept = this.indexes.map((index, at) => ({ index, raw: this.raw[at], score: this.scores[at] }));
    return kept.sort((a, b) => b.raw - a.raw || a.index - b.index);
  }

  /** Whether the pair at `at` ranks below (index, raw): a lower score, or the same score given later. */
  private worse(at: number, index: number, raw: number): boolean {
    return this.raw[at] < raw || (this.raw[at] === raw && this.indexes[at] > index);
  }

  private up(at: number): void {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.worse(at, this.indexes[parent], this.raw[parent])) return;
      this.swap(at, parent);
      at = parent;
    }
  }

  private down(at: number): void {
    const size = this.indexes.length;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= size) return;
      const right = left + 1;
      const worstChild = right < size && this.worse(right, this.indexes[left], this.raw[left]) ? right : left;
      if (!this.worse(worstChild, this.indexes[at], this.raw[at])) return;
      this.swap(at, worstChild);
      at = worstChild;
    }
  }

  private swap(a: number, b: number): void {
    [this.indexes[a], this.indexes[b]] = [this.indexes[b], this.indexes[a]];
    [this.raw[a], this.raw[b]] = [this.raw[b], this.raw[a]];
    [this.scores[a], this.scores[b]] = [this.scores[b], this.scores[a]];
  }
}
