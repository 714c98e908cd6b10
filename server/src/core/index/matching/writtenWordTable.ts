// The key number of each word as written in the scanned texts, found without slicing the
// word: the scan asks for one on every word of the text.

/**
 * Key numbers of words as written in scanned texts, looked up straight from the text: the
 * tokenizer hands over each word's hash, and the words already met are kept as UTF-16 code
 * units in one pool and compared in place, so the hot path allocates nothing. A miss (a
 * word met for the first time) slices the word and asks `resolve` for its key number.
 *
 * Each slot holds hash, key number, pool offset and length side by side in one Int32Array
 * (hash 0 marks an empty slot): a probe reads one cache line, and the pool is read only
 * when the hashes agree. Everything here is numbers in typed arrays, which keeps the
 * table small and out of the garbage collector's way.
 */
export class WrittenWordTable {
  private slots = new Int32Array(4 * 4096);
  private capacity = 4096;
  private count = 0;
  private pool = new Uint16Array(1 << 16);
  private poolUsed = 0;

  constructor(
    private readonly resolve: (written: string) => number,
    private readonly limit: number,
  ) {}

  /** The key number of text[start, end), whose hashCodeUnits is `hash`. */
  lookup(text: string, start: number, end: number, hash: number): number {
    if (hash === 0) hash = 1;
    const slots = this.slots;
    const mask = this.capacity - 1;
    const length = end - start;
    let slot = (hash ^ (hash >>> 15)) & mask;
    for (;;) {
      const at = slot << 2;
      const stored = slots[at];
      if (stored === 0) break;
      if (stored === hash && slots[at + 3] === length && this.poolHolds(slots[at + 2], text, start, length)) return slots[at + 1];
      slot = (slot + 1) & mask;
    }
    // Kept apart so that what every word runs stays small enough to be inlined into the scan.
    return this.added(text, start, end, hash);
  }

  /** A word met for the first time: its key number, filed. */
  private added(text: string, start: number, end: number, hash: number): number {
    const length = end - start;
    const keyNumber = this.resolve(text.slice(start, end));
    if (this.count >= this.limit) this.reset(this.capacity);
    else if ((this.count + 1) * 2 > this.capacity) this.rehash(this.capacity * 2);
    this.insert(hash, keyNumber, this.store(text, start, length), length);
    return keyNumber;
  }

  private poolHolds(offset: number, text: string, start: number, length: number): boolean {
    const pool = this.pool;
    for (let k = 0; k < length; k++) if (pool[offset + k] !== text.charCodeAt(start + k)) return false;
    return true;
  }

  private store(text: string, start: number, length: number): number {
    const offset = this.poolUsed;
    if (offset + length > this.pool.length) {
      const grown = new Uint16Array(Math.max(this.pool.length * 2, offset + length));
      grown.set(this.pool);
      this.pool = grown;
    }
    for (let k = 0; k < length; k++) this.pool[offset + k] = text.charCodeAt(start + k);
    this.poolUsed = offset + length;
    return offset;
  }

  private insert(hash: number, keyNumber: number, offset: number, length: number): void {
    const mask = this.capacity - 1;
    let slot = (hash ^ (hash >>> 15)) & mask;
    while (this.slots[slot << 2] !== 0) slot = (slot + 1) & mask;
    const at = slot << 2;
    this.slots[at] = hash;
    this.slots[at + 1] = keyNumber;
    this.slots[at + 2] = offset;
    this.slots[at + 3] = length;
    this.count++;
  }

  /** Forgets every word, and lets go of the memory they took. */
  clear(): void {
    this.reset(4096);
    this.pool = new Uint16Array(1 << 16);
  }

  private reset(capacity: number): void {
    this.slots = new Int32Array(4 * capacity);
    this.capacity = capacity;
    this.count = 0;
    this.poolUsed = 0;
  }

  private rehash(capacity: number): void {
    const old = this.slots;
    this.slots = new Int32Array(4 * capacity);
    this.capacity = capacity;
    this.count = 0;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at] !== 0) this.insert(old[at], old[at + 1], old[at + 2], old[at + 3]);
    }
  }
}
