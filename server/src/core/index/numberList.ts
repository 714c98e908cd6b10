// A growing list of note numbers, as the index files them under each word. Most words stand in
// one note or a few, and a plain array is the smallest list for them; a common word stands in
// thousands of notes, and there a plain array spends 8 bytes a number where 4-byte integers
// do. So a list starts as an array and moves to an Int32Array once it grows past SHORT.

const SHORT = 16;

export class NumberList {
  private items: number[] | Int32Array;
  private count = 1;

  constructor(first: number) {
    this.items = [first];
  }

  /** A list of the given numbers, in order (at least one). */
  static from(numbers: ArrayLike<number>): NumberList {
    const list = new NumberList(numbers[0]);
    if (numbers.length > SHORT) {
      list.items = Int32Array.from(numbers);
      list.count = numbers.length;
    } else {
      for (let i = 1; i < numbers.length; i++) list.push(numbers[i]);
    }
    return list;
  }

  /**
   * A list of these numbers (at least one) that keeps a long run where it is rather than a copy
   * of it: a snapshot's column of postings, some 30 MB at 20,000 notes, lies in the memory the
   * snapshot was read into, which the start keeps anyway. A number pushed onto it later moves
   * the list to an array of its own (push grows a full list by copying it).
   */
  static over(numbers: Int32Array): NumberList {
    if (numbers.length <= SHORT) return NumberList.from(numbers);
    const list = new NumberList(numbers[0]);
    list.items = numbers;
    list.count = numbers.length;
    return list;
  }

  get length(): number {
    return this.count;
  }

  at(index: number): number {
    return this.items[index];
  }

  push(number: number): void {
    const items = this.items;
    if (Array.isArray(items)) {
      if (this.count < SHORT) {
        items.push(number);
        this.count++;
        return;
      }
      const grown = new Int32Array(this.count * 2);
      grown.set(items);
      this.items = grown;
    } else if (this.count === items.length) {
      const grown = new Int32Array(Math.ceil(items.length * 1.5));
      grown.set(items);
      this.items = grown;
    }
    (this.items as Int32Array)[this.count++] = number;
  }

  /** Replaces each number by `renumber(number)`, in order, dropping those it maps to -1. */
  renumber(renumber: (number: number) => number): void {
    const items = this.items;
    let kept = 0;
    for (let i = 0; i < this.count; i++) {
      const number = renumber(items[i]);
      if (number !== -1) items[kept++] = number;
    }
    this.count = kept;
    if (Array.isArray(items)) items.length = kept;
    // A list that lost most of its numbers gives the room back.
    else if (kept * 4 < items.length && kept >= SHORT) this.items = items.slice(0, kept * 2);
  }

  some(test: (number: number) => boolean): boolean {
    for (let i = 0; i < this.count; i++) if (test(this.items[i])) return true;
    return false;
  }
}

/** A copy of `numbers` in an array twice as long, the rest zeros: how the index's numbered tables grow. */
export function doubled(numbers: Int32Array): Int32Array<ArrayBuffer> {
  const larger = new Int32Array(2 * numbers.length);
  larger.set(numbers);
  return larger;
}
