// Finds every occurrence of every known term in arbitrary text: the hovers, links and
// "mentions" of the notes all start here, on every keystroke, so the scan must stay linear
// in the text and independent of how many terms the notes define.
//
// Terms are compared word by word, on word keys (text/normalize.ts): a trie over interned key
// numbers is walked from each word of the text, at most as deep as the longest term, and
// the longest term that ends on the way wins. The key of each distinct written word is
// computed once and cached; words that belong to no term get the key -1 and cost no trie
// lookup. The structures read on every word are typed arrays, not objects, because memory
// stalls, not arithmetic, are what a scan spends its time on.

import { forEachWord, wordKey } from '../text/normalize';

export interface MatcherEntry {
  phrase: string;
  id: number;
  /**
   * Match only where the text writes the phrase in exactly this case (acronyms written in
   * capitals in the notes: `SOA` must not match "soa" or "Soa" in prose). A plural `s` and a
   * possessive `'s` after a word are still allowed (`SOAs`, `SPoF's`).
   */
  caseSensitive?: boolean;
}

/**
 * One occurrence of a term. Several entries can share a phrase key (`fan out` and
 * `fan-out`, or two terms spelled alike): `ids` lists every entry that matches this
 * occurrence, in the order the entries were given, without repeats, and `id` is the first
 * of them. The `ids` array may be shared between matches: do not change it. Offsets are
 * UTF-16 code units into the scanned text and cover whole words, so a plural or possessive
 * ending is part of the match (`monoliths`, `SPoF's`).
 */
export interface TermMatch {
  start: number;
  end: number;
  id: number;
  ids: readonly number[];
  /** The text as written between start and end. */
  text: string;
}

export interface ScanOptions {
  /**
   * Treat the text as Markdown: skip fenced code blocks (``` and ~~~), indented code
   * blocks, inline code spans, URLs, link destinations `](…)` and reference definitions,
   * autolinks `<…>` and HTML comments. Without it, only URLs are skipped.
   */
  markdown?: boolean;
}

/** The entries whose phrase ends at one trie node. */
interface TermEnd {
  entries: Terminal[];
  /** Set when no entry is case-sensitive: the ids every match here gets, shared by them all. */
  ids?: readonly number[];
}

interface Terminal {
  id: number;
  /** For a case-sensitive entry: the words of its phrase as written. */
  surfaces?: string[];
}

/**
 * Edges of the trie below the first word, in one open-addressing hash table keyed by
 * (parent node, word key). Each slot holds parent, key and child side by side in one
 * Int32Array (4 ints, so no slot straddles a cache line): a trie of a few hundred thousand
 * nodes stays compact and a lookup usually reads one cache line.
 */
class EdgeTable {
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expectedEdges: number) {
    let capacity = 1024;
    while (capacity < expectedEdges * 2) capacity *= 2;
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

function slotOf(parent: number, key: number): number {
  let hash = Math.imul(parent, 0x9e3779b1) ^ key;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  return hash ^ (hash >>> 13);
}

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
class WrittenWordTable {
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

const ROOT = 0;
const NOT_A_TERM_WORD = -1;
// The cache of written word → key number only grows with the vocabulary of the texts
// scanned; past this size it is dropped and refilled rather than kept forever.
const WORD_CACHE_LIMIT = 200_000;

/**
 * The most words a term may have to be matched. The scan walks the trie from every word, as
 * deep as the text follows a term: a note naming a 5,000-word topic of one repeated word made
 * a scan of that word repeated cost 5,000 steps a word (200,000 words: 35 s). Longer "terms"
 * are headings that are sentences.
 */
export const MAX_TERM_WORDS = 16;

export class TermMatcher {
  /** Number of entries indexed (entries whose phrase has no word, or more than MAX_TERM_WORDS, are left out). */
  readonly size: number;

  private readonly keyNumbers = new Map<string, number>();
  /** The trie node of each word key that starts a term, or -1: indexed by key number. */
  private readonly rootChildren: Int32Array;
  private readonly edges: EdgeTable;
  /** Index into termEnds of each trie node where a term ends, or -1. */
  private readonly nodeEnds: Int32Array;
  /**
   * For a node where exactly one case-insensitive id ends (nearly all of them): that id,
   * read without following the pointers to its TermEnd; -1 elsewhere.
   */
  private readonly nodeOnlyId: Int32Array;
  private readonly termEnds: TermEnd[] = [];
  /** Word gaps other than spaces, hyphens, underscores and slashes (`sql.js`, `R&D`), by the node they lead to. */
  private readonly strictGaps = new Map<number, string[]>();
  private nodeCount = 1;
  private readonly longestTerm: number;
  /** The trie nodes along the words being matched, reused. */
  private readonly path: Int32Array;
  private readonly writtenWords = new WrittenWordTable((written) => this.keyNumbers.get(wordKey(written)) ?? NOT_A_TERM_WORD, WORD_CACHE_LIMIT);

  // The run of consecutive term words being read: a term never spans a word that belongs to
  // no term, so only these are kept, and each run is matched as soon as it ends.
  private runStarts = new Int32Array(64);
  private runEnds = new Int32Array(64);
  private runKeys = new Int32Array(64);
  private runLength = 0;
  private scannedText = '';
  private scanMatches: TermMatch[] = [];
  private readonly collectWord = (start: number, end: number, hash: number): void => this.readWord(start, end, hash);

  constructor(entries: Iterable<MatcherEntry>) {
    const list = Array.isArray(entries) ? (entries as MatcherEntry[]) : [...entries];
    this.edges = new EdgeTable(list.length * 2);
    let size = 0;
    let longest = 0;
    const phraseWords: { start: number; end: number }[] = [];
    // Terms share most of their words: each written word is normalised once.
    const keyNumberOf = new Map<string, number>();
    const firstWordNodes: number[] = [];
    const endsByNode = new Map<number, Terminal[]>();
    for (const entry of list) {
      phraseWords.length = 0;
      const phrase = entry.phrase;
      forEachWord(phrase, 0, phrase.length, (start, end) => phraseWords.push({ start, end }));
      if (phraseWords.length === 0 || phraseWords.length > MAX_TERM_WORDS) continue;
      let node = ROOT;
      for (let index = 0; index < phraseWords.length; index++) {
        const { start, end } = phraseWords[index];
        const written = phrase.slice(start, end);
        let key = keyNumberOf.get(written);
        if (key === undefined) {
          key = this.intern(wordKey(written));
          keyNumberOf.set(written, key);
        }
        let child = node === ROOT ? (firstWordNodes[key] ?? -1) : this.edges.get(node, key);
        if (child === -1) {
          child = this.nodeCount++;
          if (node === ROOT) firstWordNodes[key] = child;
          else this.edges.add(node, key, child);
        }
        if (index > 0) {
          const gapStart = phraseWords[index - 1].end;
          if (!isLooseGap(phrase, gapStart, start)) this.addStrictGap(child, phrase.slice(gapStart, start));
        }
        node = child;
      }
      const terminal: Terminal = { id: entry.id };
      if (entry.caseSensitive) terminal.surfaces = phraseWords.map(({ start, end }) => phrase.slice(start, end));
      const atNode = endsByNode.get(node);
      if (atNode) atNode.push(terminal);
      else endsByNode.set(node, [terminal]);
      size++;
      if (phraseWords.length > longest) longest = phraseWords.length;
    }
    this.size = size;
    this.longestTerm = longest;
    this.rootChildren = new Int32Array(this.keyNumbers.size).fill(-1);
    firstWordNodes.forEach((node, key) => (this.rootChildren[key] = node));
    this.path = new Int32Array(longest);
    this.nodeEnds = new Int32Array(this.nodeCount).fill(-1);
    this.nodeOnlyId = new Int32Array(this.nodeCount).fill(-1);
    for (const [node, entries] of endsByNode) {
      this.nodeEnds[node] = this.termEnds.length;
      const end: TermEnd = { entries };
      if (!entries.some((entry) => entry.surfaces)) {
        end.ids = Object.freeze([...new Set(entries.map((entry) => entry.id))]);
        const [onlyId] = end.ids;
        // Only an id that an Int32Array holds exactly can take the short way.
        if (end.ids.length === 1 && Number.isInteger(onlyId) && onlyId >= 0 && onlyId <= 0x7fffffff) this.nodeOnlyId[node] = onlyId;
      }
      this.termEnds.push(end);
    }
  }

  /** Every occurrence of a term in `text`, leftmost-longest, without overlaps, in text order. */
  scan(text: string, options?: ScanOptions): TermMatch[] {
    const matches: TermMatch[] = [];
    if (this.size === 0 || text.length === 0) return matches;
    const skipped = options?.markdown ? markdownSkips(text) : urlSkips(text, 0, text.length, []);
    let from = 0;
    for (let index = 0; index < skipped.length; index += 2) {
      if (skipped[index] > from) this.scanSegment(text, from, skipped[index], matches);
      if (skipped[index + 1] > from) from = skipped[index + 1];
    }
    if (from < text.length) this.scanSegment(text, from, text.length, matches);
    return matches;
  }

  private intern(key: string): number {
    let number = this.keyNumbers.get(key);
    if (number === undefined) {
      number = this.keyNumbers.size;
      this.keyNumbers.set(key, number);
    }
    return number;
  }

  private addStrictGap(node: number, gap: string): void {
    const gaps = this.strictGaps.get(node);
    if (!gaps) this.strictGaps.set(node, [gap]);
    else if (!gaps.includes(gap)) gaps.push(gap);
  }

  /** Matches the words of text[from, to): a segment that no skipped range cuts. */
  private scanSegment(text: string, from: number, to: number, matches: TermMatch[]): void {
    this.scannedText = text;
    this.scanMatches = matches;
    this.runLength = 0;
    forEachWord(text, from, to, this.collectWord);
    if (this.runLength > 0) this.matchRun();
    // Not kept alive by the matcher once the scan is over.
    this.scannedText = '';
    this.scanMatches = [];
  }

  private readWord(start: number, end: number, hash: number): void {
    const key = this.writtenWords.lookup(this.scannedText, start, end, hash);
    if (key === NOT_A_TERM_WORD) {
      if (this.runLength > 0) this.matchRun();
      return;
    }
    const index = this.runLength;
    if (index === this.runStarts.length) this.growRun();
    this.runStarts[index] = start;
    this.runEnds[index] = end;
    this.runKeys[index] = key;
    this.runLength = index + 1;
  }

  /** Finds the terms in the current run of term words, leftmost-longest, and empties it. */
  private matchRun(): void {
    const text = this.scannedText;
    const matches = this.scanMatches;
    const count = this.runLength;
    const starts = this.runStarts;
    const ends = this.runEnds;
    const keys = this.runKeys;
    const edges = this.edges;
    const rootChildren = this.rootChildren;
    const path = this.path;
    const longest = this.longestTerm;
    const nodeEnds = this.nodeEnds;
    const nodeOnlyId = this.nodeOnlyId;
    this.runLength = 0;

    for (let first = 0; first < count; first++) {
      let node = rootChildren[keys[first]];
      if (node === -1) continue;
      path[0] = node;
      let length = 1;
      for (let last = first; length < longest && last + 1 < count; last++) {
        const child = edges.get(node, keys[last + 1]);
        if (child === -1) break;
        if (!isLooseGap(text, ends[last], starts[last + 1]) && !this.strictGaps.get(child)?.includes(text.slice(ends[last], starts[last + 1]))) break;
        node = child;
        path[length++] = node;
      }
      // The longest term that ends on this path and accepts the words as written wins.
      for (let depth = length - 1; depth >= 0; depth--) {
        const endNode = path[depth];
        const endIndex = nodeEnds[endNode];
        if (endIndex === -1) continue;
        const onlyId = nodeOnlyId[endNode];
        let ids: readonly number[];
        if (onlyId !== -1) ids = [onlyId];
        else {
          const termEnd = this.termEnds[endIndex];
          ids = termEnd.ids ?? acceptedIds(termEnd.entries, text, starts, ends, first);
          if (ids.length === 0) continue;
        }
        const start = starts[first];
        const end = ends[first + depth];
        matches.push({ start, end, id: ids[0], ids, text: text.slice(start, end) });
        first += depth;
        break;
      }
    }
  }

  private growRun(): void {
    const capacity = this.runStarts.length * 2;
    const grown = (old: Int32Array): Int32Array<ArrayBuffer> => {
      const array = new Int32Array(capacity);
      array.set(old);
      return array;
    };
    this.runStarts = grown(this.runStarts);
    this.runEnds = grown(this.runEnds);
    this.runKeys = grown(this.runKeys);
  }
}

/** The ids of the terminals that accept the words starting at word `first` as written. */
function acceptedIds(terminals: Terminal[], text: string, starts: Int32Array, ends: Int32Array, first: number): number[] {
  const ids: number[] = [];
  for (const terminal of terminals) {
    if (ids.includes(terminal.id)) continue;
    const surfaces = terminal.surfaces;
    if (surfaces && !surfaces.every((surface, k) => sameCase(text, starts[first + k], ends[first + k], surface))) continue;
    ids.push(terminal.id);
  }
  return ids;
}

/**
 * True when the written word is the surface exactly, allowing only a plural `s` or a
 * possessive `'s` / `’s` after it (`SOAs`, `SPoF's`).
 */
function sameCase(text: string, start: number, end: number, surface: string): boolean {
  const length = end - start;
  if (!text.startsWith(surface, start)) return false;
  const rest = length - surface.length;
  if (rest === 0) return true;
  const after = start + surface.length;
  if (rest === 1) return text.charCodeAt(after) === 0x73; // s
  if (rest === 2) {
    const apostrophe = text.charCodeAt(after);
    return (apostrophe === 0x27 || apostrophe === 0x2019 || apostrophe === 0x2bc) && text.charCodeAt(after + 1) === 0x73;
  }
  return false;
}

/**
 * True when text[start, end) may stand between two words of one term: nothing, or only
 * spaces, hyphens, underscores and slashes, with at most one line break (`fan-out`,
 * `fan out`, `fan_out`, `pub/sub`, a phrase wrapped at the end of a line). Sentence
 * punctuation and a blank line keep words apart.
 */
function isLooseGap(text: string, start: number, end: number): boolean {
  let lineBreaks = 0;
  for (let i = start; i < end; i++) {
    switch (text.charCodeAt(i)) {
      case 0x20: // space
      case 0x09: // tab
      case 0x0d: // CR
      case 0xa0: // no-break space
      case 0x202f: // narrow no-break space
      case 0x2d: // hyphen-minus
      case 0x2010: // hyphen
      case 0x2011: // non-breaking hyphen
      case 0x5f: // underscore
      case 0x2f: // slash
        break;
      case 0x0a:
        if (++lineBreaks > 1) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------
// Ranges to skip. Each function appends [start, end) pairs to `out`; markdownSkips returns
// them sorted and merged.

const URL_START = /https?:\/\/|www\./gi;

/** Appends the URLs of text[from, to): `http://…`, `https://…` and `www.…`. */
function urlSkips(text: string, from: number, to: number, out: number[]): number[] {
  URL_START.lastIndex = from;
  for (let found = URL_START.exec(text); found && found.index < to; found = URL_START.exec(text)) {
    const start = found.index;
    if (start > 0 && isAsciiWordChar(text.charCodeAt(start - 1))) continue;
    const end = urlEnd(text, start, to);
    if (end > start + found[0].length) {
      out.push(start, end);
      URL_START.lastIndex = end;
    }
  }
  return out;
}

function isAsciiWordChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/**
 * Where a URL that starts at `start` ends: at white space, `<`, `>`, `"`, a backtick or CJK
 * punctuation, less the punctuation that ends the sentence around it and a closing bracket
 * that the URL did not open (GitHub's rule for bare links).
 */
function urlEnd(text: string, start: number, to: number): number {
  let end = start;
  while (end < to) {
    const code = text.charCodeAt(end);
    if (code <= 0x20 || code === 0x3c || code === 0x3e || code === 0x22 || code === 0x60) break;
    if ((code >= 0x3000 && code <= 0x303f) || (code >= 0xff01 && code <= 0xff0f) || (code >= 0xff1a && code <= 0xff20)) break;
    end++;
  }
  // Brackets are counted once, then trimmed from the end while the URL closes more than it opens.
  let unbalancedParens = 0;
  let unbalancedBrackets = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x28) unbalancedParens--;
    else if (code === 0x29) unbalancedParens++;
    else if (code === 0x5b) unbalancedBrackets--;
    else if (code === 0x5d) unbalancedBrackets++;
  }
  for (;;) {
    const last = text.charCodeAt(end - 1);
    if (last === 0x2e || last === 0x2c || last === 0x3a || last === 0x3b || last === 0x21 || last === 0x3f || last === 0x2a || last === 0x5f || last === 0x7e || last === 0x27) {
      end--;
    } else if (last === 0x29 && unbalancedParens > 0) {
      end--;
      unbalancedParens--;
    } else if (last === 0x5d && unbalancedBrackets > 0) {
      end--;
      unbalancedBrackets--;
    } else break;
  }
  return end;
}

/** Sorted, merged ranges that a Markdown scan skips (see ScanOptions.markdown). */
function markdownSkips(text: string): number[] {
  const ranges: number[] = [];
  const code = codeBlocks(text, ranges);
  const searches: Searches = { commentEnd: new ForwardSearch(text, '-->'), angleClose: new ForwardSearch(text, '>'), lineEnd: new ForwardSearch(text, '\n') };
  let from = 0;
  for (let index = 0; index < code.length; index += 2) {
    inlineSkips(text, from, code[index], ranges, searches);
    from = code[index + 1];
  }
  inlineSkips(text, from, text.length, ranges, searches);
  return sortAndMerge(ranges);
}

function sortAndMerge(ranges: number[]): number[] {
  const pairs: [number, number][] = [];
  for (let index = 0; index < ranges.length; index += 2) pairs.push([ranges[index], ranges[index + 1]]);
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: number[] = [];
  for (const [start, end] of pairs) {
    const last = merged.length - 1;
    if (last > 0 && start <= merged[last]) merged[last] = Math.max(merged[last], end);
    else merged.push(start, end);
  }
  return merged;
}

const FENCE_CHAR_BACKTICK = 0x60;
const FENCE_CHAR_TILDE = 0x7e;
const LIST_ITEM = /^(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)/;
const REFERENCE_DEFINITION = /\[(?:[^\]\\\n]|\\.)+\]:[ \t]*(?:\r?\n[ \t]*)?(<[^>\n]*>|\S+)/y;

/**
 * Appends the fenced and indented code blocks of a text to `out` (and the destinations of
 * reference definitions, found on the same pass) and returns the code blocks alone. An
 * unclosed fence runs to the end of the text, as in CommonMark. Indented code is
 * recognised only where no list is open, since list items indent their own content.
 */
function codeBlocks(text: string, out: number[]): number[] {
  const blocks: number[] = [];
  let fenceChar = 0;
  let fenceLength = 0;
  let blockStart = -1;
  let indentedEnd = -1;
  let previousBlank = true;
  let inList = false;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    let first = lineStart;
    let columns = 0;
    while (first < lineEnd) {
      const code = text.charCodeAt(first);
      if (code === 0x20) columns++;
      else if (code === 0x09) columns += 4 - (columns % 4);
      else break;
      first++;
    }
    const blank = first === lineEnd || (first === lineEnd - 1 && text.charCodeAt(first) === 0x0d);

    if (fenceChar !== 0) {
      if (closesFence(text, first, lineEnd, fenceChar, fenceLength)) {
        blocks.push(blockStart, lineEnd);
        fenceChar = 0;
      }
    } else if (indentedEnd !== -1 && (blank || columns >= 4)) {
      if (!blank) indentedEnd = lineEnd;
    } else {
      if (indentedEnd !== -1) {
        blocks.push(blockStart, indentedEnd);
        indentedEnd = -1;
      }
      if (!blank) {
        const code = text.charCodeAt(first);
        const run = code === FENCE_CHAR_BACKTICK || code === FENCE_CHAR_TILDE ? runLength(text, first, lineEnd, code) : 0;
        if (run >= 3 && !(code === FENCE_CHAR_BACKTICK && text.slice(first + run, lineEnd).includes('`'))) {
          fenceChar = code;
          fenceLength = run;
          blockStart = lineStart;
        } else if (columns >= 4 && previousBlank && !inList) {
          blockStart = lineStart;
          indentedEnd = lineEnd;
        } else {
          const rest = text.slice(first, Math.min(lineEnd, first + 12));
          if (LIST_ITEM.test(rest)) inList = true;
          else if (columns === 0 && (previousBlank || code === 0x23)) inList = false;
          if (code === 0x5b && columns < 4) {
            REFERENCE_DEFINITION.lastIndex = first;
            const definition = REFERENCE_DEFINITION.exec(text);
            if (definition) out.push(definition.index + definition[0].length - definition[1].length, definition.index + definition[0].length);
          }
        }
      }
    }
    previousBlank = blank;
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  if (fenceChar !== 0) blocks.push(blockStart, text.length);
  if (indentedEnd !== -1) blocks.push(blockStart, indentedEnd);
  for (const offset of blocks) out.push(offset);
  return blocks;
}

function runLength(text: string, from: number, to: number, code: number): number {
  let end = from;
  while (end < to && text.charCodeAt(end) === code) end++;
  return end - from;
}

function closesFence(text: string, first: number, lineEnd: number, fenceChar: number, fenceLength: number): boolean {
  const run = runLength(text, first, lineEnd, fenceChar);
  if (run < fenceLength) return false;
  for (let i = first + run; i < lineEnd; i++) {
    const code = text.charCodeAt(i);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0d) return false;
  }
  return true;
}

const INLINE_START = /`+|<|\]\(|https?:\/\/|www\./gi;
const AUTOLINK = /<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>/y;
// A paragraph ends at a blank line or where a line starts another block: a list item, a
// heading, a quote, a fence or a rule. Code spans and link destinations do not cross it.
const BLOCK_BREAK = /\n[ \t]*(?:\r?\n|$|[*+-][ \t]|\d{1,9}[.)][ \t]|#|>|```|~~~|---)/g;

/** Appends the inline code spans, HTML comments, autolinks, link destinations and URLs of text[from, to). */
function inlineSkips(text: string, from: number, to: number, out: number[], searches: Searches): void {
  if (from >= to) return;
  const paragraphs = new ParagraphEnds(text, to);
  // For each backtick run length, the paragraph end up to which no closing run exists:
  // without it, a paragraph full of unmatched backticks would be searched over and over.
  const noCloserBefore = new Map<number, number>();
  INLINE_START.lastIndex = from;
  for (let found = INLINE_START.exec(text); found && found.index < to; found = INLINE_START.exec(text)) {
    const start = found.index;
    const token = found[0];
    if (token.charCodeAt(0) === 0x60) {
      const limit = paragraphs.endAfter(start);
      if (noCloserBefore.get(token.length) === limit) continue;
      const close = closingBackticks(text, start + token.length, limit, token.length);
      if (close === -1) {
        noCloserBefore.set(token.length, limit);
        continue;
      }
      out.push(start, close + token.length);
      INLINE_START.lastIndex = close + token.length;
    } else if (token === '<') {
      if (text.startsWith('<!--', start)) {
        const close = searches.commentEnd.after(start + 4);
        const end = close === -1 || close + 3 > to ? to : close + 3;
        out.push(start, end);
        INLINE_START.lastIndex = end;
        continue;
      }
      AUTOLINK.lastIndex = start;
      const autolink = AUTOLINK.exec(text);
      if (autolink && start + autolink[0].length <= to) {
        out.push(start, start + autolink[0].length);
        INLINE_START.lastIndex = start + autolink[0].length;
      }
    } else if (token === '](') {
      const end = linkDestinationEnd(text, start + 2, paragraphs.endAfter(start), searches);
      if (end !== -1) {
        out.push(start + 1, end);
        INLINE_START.lastIndex = end;
      }
    } else {
      if (start > 0 && isAsciiWordChar(text.charCodeAt(start - 1))) continue;
      const end = urlEnd(text, start, to);
      if (end > start + token.length) {
        out.push(start, end);
        INLINE_START.lastIndex = end;
      }
    }
  }
}

/**
 * Where a string next occurs at or after a position. Positions mostly move forward, so the
 * last answer is kept and reused while it still lies ahead: many openers (`<!--`, `](<`)
 * before one far closer then cost one search, not one each.
 */
class ForwardSearch {
  private from = -1;
  private found = -1;

  constructor(
    private readonly text: string,
    private readonly needle: string,
  ) {}

  after(position: number): number {
    if (position >= this.from && this.from !== -1 && (this.found === -1 || this.found >= position)) return this.found;
    this.from = position;
    this.found = this.text.indexOf(this.needle, position);
    return this.found;
  }
}

interface Searches {
  commentEnd: ForwardSearch;
  angleClose: ForwardSearch;
  lineEnd: ForwardSearch;
}

/** Finds paragraph ends (see BLOCK_BREAK) lazily, for positions that only move forward. */
class ParagraphEnds {
  private end = -1;
  private readonly breaks = new RegExp(BLOCK_BREAK.source, 'g');

  constructor(
    private readonly text: string,
    private readonly limit: number,
  ) {}

  endAfter(position: number): number {
    if (position < this.end) return this.end;
    this.breaks.lastIndex = position;
    const found = this.breaks.exec(this.text);
    this.end = found && found.index < this.limit ? found.index : this.limit;
    return this.end;
  }
}

/** The start of the next run of exactly `length` backticks in text[from, limit), or -1. */
function closingBackticks(text: string, from: number, limit: number, length: number): number {
  let at = text.indexOf('`', from);
  while (at !== -1 && at < limit) {
    const run = runLength(text, at, limit, FENCE_CHAR_BACKTICK);
    if (run === length) return at;
    at = text.indexOf('`', at + run);
  }
  return -1;
}

const LONGEST_LINK_TITLE = 1000;
const LONGEST_LINK_DESTINATION = 4096;
const DEEPEST_LINK_PARENTHESES = 32;

/**
 * The end (after `)`) of an inline link's destination and title that start at `from`
 * (just after `](`), or -1 when what follows is no link destination.
 */
function linkDestinationEnd(text: string, from: number, limit: number, searches: Searches): number {
  let i = skipLinkSpace(text, from, limit);
  if (text.charCodeAt(i) === 0x3c) {
    const close = searches.angleClose.after(i + 1);
    if (close === -1 || close >= limit) return -1;
    const lineEnd = searches.lineEnd.after(i + 1);
    if (lineEnd !== -1 && lineEnd < close) return -1;
    i = close + 1;
  } else {
    // Bounded like CommonMark implementations bound nesting, so that text full of `](`
    // (each one opening a parenthesis for the previous) is not read again by every opener.
    const searchEnd = Math.min(limit, i + LONGEST_LINK_DESTINATION);
    let depth = 0;
    while (i < searchEnd) {
      const code = text.charCodeAt(i);
      if (code === 0x5c) i++;
      else if (code === 0x28) {
        if (++depth > DEEPEST_LINK_PARENTHESES) return -1;
      } else if (code === 0x29) {
        if (depth === 0) break;
        depth--;
      } else if (code <= 0x20) break;
      i++;
    }
  }
  i = skipLinkSpace(text, i, limit);
  const quote = text.charCodeAt(i);
  if (quote === 0x22 || quote === 0x27 || quote === 0x28) {
    // Titles are short: a bounded search keeps many unclosed `](x "` from costing quadratic time.
    const closing = quote === 0x28 ? 0x29 : quote;
    const searchEnd = Math.min(limit, i + 1 + LONGEST_LINK_TITLE);
    let close = i + 1;
    while (close < searchEnd && text.charCodeAt(close) !== closing) close++;
    if (close >= searchEnd) return -1;
    i = skipLinkSpace(text, close + 1, limit);
  }
  return i < limit && text.charCodeAt(i) === 0x29 ? i + 1 : -1;
}

function skipLinkSpace(text: string, from: number, limit: number): number {
  let i = from;
  let lineBreaks = 0;
  while (i < limit) {
    const code = text.charCodeAt(i);
    if (code === 0x0a && ++lineBreaks > 1) break;
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) break;
    i++;
  }
  return i;
}
