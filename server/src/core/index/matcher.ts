// Finds every occurrence of every known term in arbitrary text: the hovers, links and
// "mentions" of the notes all start here, on every keystroke, so the scan must stay linear
// in the text and independent of how many terms the notes define.
//
// Terms are compared word by word, on word keys (text/normalize.ts): a trie over interned key
// numbers is walked from each word of the text, at most as deep as the longest term, and
// the longest term that ends on the way wins. The key of each distinct written word is
// computed once and cached; words that belong to no term get the key -1 and cost no trie
// lookup. The structures read on every word are typed arrays, not objects, because memory
// stalls, not arithmetic, are what a scan spends its time on. The scan reads the words in
// its own loop (the tokenizer's nextWord only where a word's edge is not a plain letter or
// separator) and makes nothing per word, and per match only the match and its text.
//
// The trie is built in matching/termTrie.ts; the ranges a scan skips (URLs, and code and
// link targets in Markdown) are found in matching/urlSkips.ts and matching/markdownSkips.ts.

import { foundWord, nextWord, WORD_HASH_OFFSET, WORD_HASH_PRIME, WORD_LETTER, WORD_SEPARATOR, wordClassTable, wordKey } from '../text/normalize';
import type { EdgeTable } from './matching/edgeTable';
import { markdownSkips } from './matching/markdownSkips';
import { buildTermTrie, isLooseGap, type MatcherEntry, type TermEnd, type Terminal, type TermTrie } from './matching/termTrie';
import { urlSkips } from './matching/urlSkips';
import { WrittenWordTable } from './matching/writtenWordTable';
import { doubled } from './numberList';

export { MAX_TERM_WORDS, type MatcherEntry, type TermTrie } from './matching/termTrie';

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

const NOT_A_TERM_WORD = -1;
const PLUS = 0x2b;
const HASH = 0x23;
// Read once here rather than from the module's exports on every character.
const LETTER = WORD_LETTER;
const SEPARATOR = WORD_SEPARATOR;
const HASH_OFFSET = WORD_HASH_OFFSET;
const HASH_PRIME = WORD_HASH_PRIME;
// The cache of written word → key number only grows with the vocabulary of the texts
// scanned; past this size it is dropped and refilled rather than kept forever.
const WORD_CACHE_LIMIT = 200_000;
// The shared `ids` arrays kept for the terms found (see TermMatcher.onlyIds), at most.
const SHARED_IDS_LIMIT = 20_000;

export class TermMatcher {
  /** Number of entries indexed (entries whose phrase has no word, or more than MAX_TERM_WORDS, are left out). */
  readonly size: number;
  /** What it matches by: the snapshot keeps it (index/indexState.ts). */
  readonly trie: TermTrie;

  // The trie (see TermTrie), kept in fields that the scan reads straight.
  private readonly keyNumbers: Map<string, number>;
  private readonly rootChildren: Int32Array;
  private readonly edges: EdgeTable;
  private readonly nodeEnds: Int32Array;
  private readonly nodeOnlyId: Int32Array;
  private readonly termEnds: (TermEnd | undefined)[];
  private readonly strictGaps: Map<number, string[]>;
  private readonly longestTerm: number;
  /** The trie nodes along the words being matched, reused. */
  private readonly path: Int32Array;
  /**
   * The `ids` of a match whose node has an only id, one array per id, shared by every match
   * of it (TermMatch.ids may be shared): an array per match was a quarter of what a scan
   * allocated, and of the collector's time with it.
   */
  private readonly onlyIds = new Map<number, readonly number[]>();
  private readonly writtenWords = new WrittenWordTable((written) => this.keyNumbers.get(wordKey(written)) ?? NOT_A_TERM_WORD, WORD_CACHE_LIMIT);

  // The run of consecutive term words being read: a term never spans a word that belongs to
  // no term, so only these are kept, and each run is matched as soon as it ends.
  private runStarts = new Int32Array(64);
  private runEnds = new Int32Array(64);
  private runKeys = new Int32Array(64);
  private runLength = 0;
  private scannedText = '';
  private scanMatches: TermMatch[] = [];

  /** Over the entries' phrases, or over a trie already built from them (termTrieSteps). */
  constructor(entries: Iterable<MatcherEntry>, built?: TermTrie) {
    const trie = built ?? buildTermTrie(entries);
    this.trie = trie;
    this.size = trie.size;
    this.keyNumbers = trie.keyNumbers;
    this.rootChildren = trie.rootChildren;
    this.edges = trie.edges;
    this.nodeEnds = trie.nodeEnds;
    this.nodeOnlyId = trie.nodeOnlyId;
    this.termEnds = trie.termEnds;
    this.strictGaps = trie.strictGaps;
    this.longestTerm = trie.longestTerm;
    this.path = new Int32Array(trie.longestTerm);
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

  /**
   * Matches the words of text[from, to): a segment that no skipped range cuts. The words are
   * nextWord's (text/normalize.ts), read here in one loop over the text: plain letters and
   * separators by the class table, and whatever else may stand at a word's edge (an
   * apostrophe, a mark, `+`, `#`, a surrogate, CJK) by nextWord itself, from the start of
   * that word. Calling nextWord for every word cost as much again as reading the words.
   */
  private scanSegment(text: string, from: number, to: number, matches: TermMatch[]): void {
    this.scannedText = text;
    this.scanMatches = matches;
    this.runLength = 0;
    this.readWords(text, from, to);
    if (this.runLength > 0) this.matchRun();
    // Not kept alive by the matcher once the scan is over.
    this.scannedText = '';
    this.scanMatches = [];
  }

  /**
   * The loop of scanSegment, apart from what follows it: a scan spends most of its time in
   * this one long loop, which the compiler optimizes while it runs (on-stack replacement),
   * when code after the loop has never run. Code there that reads a property made the
   * optimized loop give way to the interpreter at the end of every scan, and start slowly
   * in the next one.
   */
  private readWords(text: string, from: number, to: number): void {
    const writtenWords = this.writtenWords;
    const table = wordClassTable();
    const found = foundWord;
    let i = from;
    while (i < to) {
      const code = text.charCodeAt(i);
      const cls = table[code];
      let start: number;
      let hash: number;
      if (cls === LETTER) {
        start = i;
        hash = Math.imul(HASH_OFFSET ^ code, HASH_PRIME);
        let next = 0;
        for (i++; i < to; i++) {
          next = text.charCodeAt(i);
          if (table[next] !== LETTER) break;
          hash = Math.imul(hash ^ next, HASH_PRIME);
        }
        if (i < to && !(table[next] === SEPARATOR && next !== PLUS && next !== HASH && (next < 0xd800 || next > 0xdbff))) {
          // The word may go on, or end in `++` or `#`: nextWord reads it from its start.
          i = nextWord(text, start, to);
          hash = found[1];
        }
      } else if (cls === SEPARATOR && (code < 0xd800 || code > 0xdbff)) {
        i++;
        continue;
      } else {
        const end = nextWord(text, i, to);
        if (end === -1) break;
        start = found[0];
        hash = found[1];
        i = end;
      }
      const key = writtenWords.lookup(text, start, i, hash);
      if (key === NOT_A_TERM_WORD) {
        if (this.runLength > 0) this.matchRun();
        continue;
      }
      const index = this.runLength;
      if (index === this.runStarts.length) this.growRun();
      this.runStarts[index] = start;
      this.runEnds[index] = i;
      this.runKeys[index] = key;
      this.runLength = index + 1;
    }
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
        if (onlyId !== -1) {
          let shared = this.onlyIds.get(onlyId);
          if (shared === undefined) {
            // A server that scans doc after doc would otherwise come to keep an array for
            // every term it ever found; past the limit they are made afresh.
            if (this.onlyIds.size >= SHARED_IDS_LIMIT) this.onlyIds.clear();
            this.onlyIds.set(onlyId, (shared = [onlyId]));
          }
          ids = shared;
        } else {
          // Every node without an only id has its term end (see TermTrie.termEnds).
          const termEnd = this.termEnds[endIndex]!;
          ids = termEnd.ids ?? acceptedIds(termEnd.entries, text, starts, ends, first);
          if (ids.length === 0) continue;
        }
        const start = starts[first];
        const end = ends[first + depth];
        matches.push(new ScannedMatch(start, end, ids, text.slice(start, end)));
        first += depth;
        break;
      }
    }
  }

  private growRun(): void {
    this.runStarts = doubled(this.runStarts);
    this.runEnds = doubled(this.runEnds);
    this.runKeys = doubled(this.runKeys);
  }
}

/**
 * A match as the scan makes it: a class rather than an object literal. A scan's matches
 * outlive a collection of the young generation, and the engine then makes the matches of a
 * literal straight in the old one (pretenuring by allocation site), where every store of a
 * match's text, made just then, paid the write barrier: a fifth of a scan's time. The engine
 * keeps no such record for a constructor.
 */
class ScannedMatch implements TermMatch {
  declare start: number;
  declare end: number;
  declare id: number;
  declare ids: readonly number[];
  declare text: string;

  constructor(start: number, end: number, ids: readonly number[], text: string) {
    this.start = start;
    this.end = end;
    this.id = ids[0];
    this.ids = ids;
    this.text = text;
  }
}

/** The ids of the terminals that accept the words starting at word `first` as written. */
function acceptedIds(terminals: Terminal[], text: string, starts: Int32Array, ends: Int32Array, first: number): number[] {
  const ids: number[] = [];
  for (const terminal of terminals) {
    if (ids.includes(terminal.id)) continue;
    if (terminal.surfaces && !writtenAs(terminal.surfaces, text, starts, ends, first)
      && !(terminal.lowerSurfaces && writtenAs(terminal.lowerSurfaces, text, starts, ends, first))
      && !(terminal.upperSurfaces && writtenAs(terminal.upperSurfaces, text, starts, ends, first))) continue;
    ids.push(terminal.id);
  }
  return ids;
}

/** True when the words starting at word `first` are the surfaces, each in its case (see sameCase). */
function writtenAs(surfaces: string[], text: string, starts: Int32Array, ends: Int32Array, first: number): boolean {
  return surfaces.every((surface, k) => sameCase(text, starts[first + k], ends[first + k], surface));
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
