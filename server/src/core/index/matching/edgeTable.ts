// The edges of the term trie below the first word: an open-addressing hash table of
// (parent node, word key) → child node, in one typed array, because the scan looks an edge up
// for nearly every term word it reads.

/**
 * Edges of the trie below the first word, in one open-addressing hash table keyed by
 * (parent node, word key). Each slot holds parent, key and child side by side in one
 * Int32Array (4 ints, so no slot straddles a cache line): a trie of a few hundred thousand
 * nodes stays compact and a lookup usually reads one cache line.
 */
export class EdgeTable {
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expectedEdges: number) {
    const capacity = capacityFor(expectedEdges);
    this.mask = capacity - 1;
    this.slots = new Int32Array(capacity * 4).fill(-1);
  }

  get(parent: number, key: number): number {
    const slots = this.slots;
    let slot = slotOf(parent, key) & this.mask;
    for (;;) {
      const at = slot << 2;
      const found = slots[at];
      if (found === -1) return -1;
      if (found === parent && slots[at + 1] === key) return slots[at + 2];
      slot = (slot + 1) & this.mask;
    }
  }

  /** Adds an edge that is known to be absent. */
  add(parent: number, key: number, child: number): void {
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    let slot = slotOf(parent, key) & this.mask;
    while (this.slots[slot << 2] !== -1) slot = (slot + 1) & this.mask;
    const at = slot << 2;
    this.slots[at] = parent;
    this.slots[at + 1] = key;
    this.slots[at + 2] = child;
    this.count++;
  }

  /**
   * This table, or the same edges in a table sized for them, as one taken up from a snapshot
   * is, when this one is more than four times too large: built for an estimate of two edges a
   * name, most of whose words other names share, it was eight times too large (a 2 MB table
   * for 15,000 edges), and a scan's probes missed the cache for it.
   */
  fitted(): EdgeTable {
    if (capacityFor(this.count) * 4 > this.mask + 1) return this;
    const fitting = new EdgeTable(this.count);
    this.forEach((parent, key, child) => fitting.add(parent, key, child));
    return fitting;
  }

  /** How many edges the table holds. */
  get size(): number {
    return this.count;
  }

  /** Calls `onEdge` for every edge, in slot order. */
  forEach(onEdge: (parent: number, key: number, child: number) => void): void {
    const slots = this.slots;
    for (let at = 0; at < slots.length; at += 4) if (slots[at] !== -1) onEdge(slots[at], slots[at + 1], slots[at + 2]);
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    this.mask = capacity - 1;
    this.slots = new Int32Array(capacity * 4).fill(-1);
    this.count = 0;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at] !== -1) this.add(old[at], old[at + 1], old[at + 2]);
    }
  }
}

/** The slots of a table for this many edges: at most half full. */
function capacityFor(edges: number): number {
  let capacity = 1024;
  while (capacity < edges * 2) capacity *= 2;
  return capacity;
}

function slotOf(parent: number, key: number): number {
  let hash = Math.imul(parent, 0x9e3779b1) ^ key;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  return hash ^ (hash >>> 13);
}
