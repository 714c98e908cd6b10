// The trie of the terms a TermMatcher finds, built once per set of terms: one node per word of
// a term, reached from its parent by the word's key number, and the terms that end at each
// node. The scan (matcher.ts) only reads it.

import { forEachWord, phraseKey, wordKey } from '../../text/normalize';
import { EdgeTable } from './edgeTable';
import { finished } from '../../steps';

export interface MatcherEntry {
  phrase: string;
  id: number;
  /**
   * Match only where the text writes the phrase in exactly this case (acronyms written in
   * capitals in the notes: `SOA` must not match "soa" or "Soa" in prose). A plural `s` and a
   * possessive `'s` after a word are still allowed (`SOAs`, `SPoF's`).
   */
  caseSensitive?: boolean;
  /** With caseSensitive: match the phrase written all in lower case as well (`cpu` for `CPU`). */
  lowerCaseToo?: boolean;
  /** With caseSensitive: match the phrase written all in capitals as well (`TIKV` for `TiKV`). */
  upperCaseToo?: boolean;
}

/** The entries whose phrase ends at one trie node. */
export interface TermEnd {
  entries: Terminal[];
  /** Set when no entry is case-sensitive: the ids every match here gets, shared by them all. */
  ids?: readonly number[];
}

export interface Terminal {
  id: number;
  /** For a case-sensitive entry: the words of its phrase as written. */
  surfaces?: string[];
  /** For a case-sensitive entry that may be written in lower case: its words in lower case. */
  lowerSurfaces?: string[];
  /** For a case-sensitive entry that may be written in capitals: its words in capitals. */
  upperSurfaces?: string[];
}

/**
 * The most words a term may have to be matched. The scan walks the trie from every word, as
 * deep as the text follows a term: a note naming a 5,000-word topic of one repeated word made
 * a scan of that word repeated cost 5,000 steps a word (200,000 words: 35 s). Longer "terms"
 * are headings that are sentences.
 */
export const MAX_TERM_WORDS = 16;

const ROOT = 0;

export interface TermTrie {
  /** Number of entries indexed (entries whose phrase has no word, or more than MAX_TERM_WORDS, are left out). */
  size: number;
  /** The number of each word key of the terms. */
  keyNumbers: Map<string, number>;
  /** The trie node of each word key that starts a term, or -1: indexed by key number. */
  rootChildren: Int32Array;
  edges: EdgeTable;
  /** Index into termEnds of each trie node where a term ends, or -1. */
  nodeEnds: Int32Array;
  /**
   * For a node where exactly one case-insensitive id ends (nearly all of them): that id,
   * read without following the pointers to its TermEnd; -1 elsewhere.
   */
  nodeOnlyId: Int32Array;
  /**
   * The terms that end at each term end. A trie taken up from its plain form (trieFromStateSteps)
   * fills in only the ends the scan reads here, those of nodes without an only id.
   */
  termEnds: (TermEnd | undefined)[];
  /** The plain form it was taken up from, if it was: what trieState gives back, the trie being unchanged since. */
  state?: TrieState;
  /** Word gaps other than spaces, hyphens, underscores and slashes (`sql.js`, `R&D`), by the node they lead to. */
  strictGaps: Map<number, string[]>;
  /** The most words of an indexed term. */
  longestTerm: number;
}

export function buildTermTrie(entries: Iterable<MatcherEntry>): TermTrie {
  return finished(termTrieSteps(entries));
}

/** How many entries the trie's pass files between two chances to pause. */
const ENTRIES_PER_STEP = 1024;

/** The pass of buildTermTrie, pausing (yielding) every ENTRIES_PER_STEP entries: a matcher built in idle slices (NotesIndex.prepareMatcher). */
export function* termTrieSteps(entries: Iterable<MatcherEntry>): Generator<void, TermTrie> {
  const list = withOtherCaseKeys(Array.isArray(entries) ? (entries as MatcherEntry[]) : [...entries]);
  const keyNumbers = new Map<string, number>();
  const edges = new EdgeTable(list.length * 2);
  const strictGaps = new Map<number, string[]>();
  let nodeCount = 1;
  let size = 0;
  let longest = 0;
  const phraseWords: { start: number; end: number }[] = [];
  // Terms share most of their words: each written word is normalised once.
  const keyNumberOf = new Map<string, number>();
  const firstWordNodes: number[] = [];
  const endsByNode = new Map<number, Terminal[]>();
  for (const [at, entry] of list.entries()) {
    if (at % ENTRIES_PER_STEP === ENTRIES_PER_STEP - 1) yield;
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
        key = intern(keyNumbers, wordKey(written));
        keyNumberOf.set(written, key);
      }
      let child = node === ROOT ? (firstWordNodes[key] ?? -1) : edges.get(node, key);
      if (child === -1) {
        child = nodeCount++;
        if (node === ROOT) firstWordNodes[key] = child;
        else edges.add(node, key, child);
      }
      if (index > 0) {
        const gapStart = phraseWords[index - 1].end;
        if (!isLooseGap(phrase, gapStart, start)) addStrictGap(strictGaps, child, phrase.slice(gapStart, start));
      }
      node = child;
    }
    const terminal: Terminal = { id: entry.id };
    if (entry.caseSensitive) {
      terminal.surfaces = phraseWords.map(({ start, end }) => phrase.slice(start, end));
      if (entry.lowerCaseToo) terminal.lowerSurfaces = terminal.surfaces.map((surface) => surface.toLowerCase());
      if (entry.upperCaseToo) terminal.upperSurfaces = terminal.surfaces.map((surface) => surface.toUpperCase());
    }
    const atNode = endsByNode.get(node);
    if (atNode) atNode.push(terminal);
    else endsByNode.set(node, [terminal]);
    size++;
    if (phraseWords.length > longest) longest = phraseWords.length;
  }
  yield;
  const rootChildren = new Int32Array(keyNumbers.size).fill(-1);
  firstWordNodes.forEach((node, key) => (rootChildren[key] = node));
  return { size, keyNumbers, rootChildren, edges: edges.fitted(), ...(yield* termEndsOf(endsByNode, nodeCount)), strictGaps, longestTerm: longest };
}

/**
 * The entries, and for an acronym that may be written in lower case or in capitals and whose
 * words have other keys so written, that spelling as an entry of its own: `CQRS` is keyed
 * `cqrs` (an acronym's final S is no plural, text/normalize.ts) but `cqrs` in prose is keyed
 * as a plural, `cqr`, and is reached by that path only.
 */
function withOtherCaseKeys(list: MatcherEntry[]): MatcherEntry[] {
  let extended: MatcherEntry[] | undefined;
  for (const entry of list) {
    if (!entry.caseSensitive || !(entry.lowerCaseToo || entry.upperCaseToo)) continue;
    const key = phraseKey(entry.phrase);
    const spellings = [entry.lowerCaseToo && entry.phrase.toLowerCase(), entry.upperCaseToo && entry.phrase.toUpperCase()];
    for (const spelling of spellings) {
      if (spelling && phraseKey(spelling) !== key) (extended ??= [...list]).push({ phrase: spelling, id: entry.id, caseSensitive: true });
    }
  }
  return extended ?? list;
}

/** The terms ending at each node, in the arrays the scan reads (pausing now and then, as termTrieSteps). */
function* termEndsOf(endsByNode: Map<number, Terminal[]>, nodeCount: number): Generator<void, Pick<TermTrie, 'nodeEnds' | 'nodeOnlyId' | 'termEnds'>> {
  const nodeEnds = new Int32Array(nodeCount).fill(-1);
  const nodeOnlyId = new Int32Array(nodeCount).fill(-1);
  const termEnds: TermEnd[] = [];
  for (const [node, entries] of endsByNode) {
    if (termEnds.length % (4 * ENTRIES_PER_STEP) === 4 * ENTRIES_PER_STEP - 1) yield;
    nodeEnds[node] = termEnds.length;
    const end = termEndOf(entries);
    if (end.ids) {
      const [onlyId] = end.ids;
      // Only an id that an Int32Array holds exactly can take the short way.
      if (end.ids.length === 1 && Number.isInteger(onlyId) && onlyId >= 0 && onlyId <= 0x7fffffff) nodeOnlyId[node] = onlyId;
    }
    termEnds.push(end);
  }
  return { nodeEnds, nodeOnlyId, termEnds };
}

/** The term end of these terminals: without a case-sensitive one, with the ids every match there gets, shared. */
function termEndOf(entries: Terminal[]): TermEnd {
  return entries.some((entry) => entry.surfaces) ? { entries } : { entries, ids: Object.freeze([...new Set(entries.map((entry) => entry.id))]) };
}

/**
 * A trie as plain data, for the snapshot (workspace/snapshot.ts): its numbers in typed arrays,
 * its few strings in lists. Building the trie of 20,000 notes' names stems every word of
 * every name and takes seconds; taking this up takes a small part of that (see trieFromStateSteps).
 */
export interface TrieState {
  size: number;
  longestTerm: number;
  /** The word keys, by number. */
  keys: string[];
  rootChildren: Int32Array;
  /** The edges below the first word as (parent, key, child) triples. */
  edges: Int32Array;
  nodeEnds: Int32Array;
  nodeOnlyId: Int32Array;
  /** Per term end: how many terminals it has; their ids follow each other in endIds. */
  endSizes: Int32Array;
  endIds: Int32Array;
  /** The case-sensitive terminals' words as written: [terminal's place in endIds, surfaces, lower-case ones or null, capital ones or null]. */
  surfaces: [number, string[], string[] | null, string[] | null][];
  strictGaps: [number, string[]][];
}

export function trieState(trie: TermTrie): TrieState {
  if (trie.state) return trie.state;
  const edges = new Int32Array(trie.edges.size * 3);
  let at = 0;
  trie.edges.forEach((parent, key, child) => {
    edges[at++] = parent;
    edges[at++] = key;
    edges[at++] = child;
  });
  // A trie built by termTrieSteps has every term end.
  const termEnds = trie.termEnds as TermEnd[];
  const endSizes = Int32Array.from(termEnds, (end) => end.entries.length);
  const endIds = new Int32Array(endSizes.reduce((sum, n) => sum + n, 0));
  const surfaces: TrieState['surfaces'] = [];
  let terminal = 0;
  for (const end of termEnds) {
    for (const entry of end.entries) {
      if (entry.surfaces) surfaces.push([terminal, entry.surfaces, entry.lowerSurfaces ?? null, entry.upperSurfaces ?? null]);
      endIds[terminal++] = entry.id;
    }
  }
  return {
    size: trie.size,
    longestTerm: trie.longestTerm,
    keys: [...trie.keyNumbers.keys()],
    rootChildren: trie.rootChildren,
    edges,
    nodeEnds: trie.nodeEnds,
    nodeOnlyId: trie.nodeOnlyId,
    endSizes,
    endIds,
    surfaces,
    strictGaps: [...trie.strictGaps],
  };
}

/** How many keys, edges or nodes trieFromStateSteps takes up between two chances to pause. */
const TAKEN_PER_STEP = 8192;

/**
 * The trie that trieState gave, pausing (yielding) now and then: a matcher taken up in idle
 * slices. The state must be sound (see the snapshot's checks).
 */
export function* trieFromStateSteps(state: TrieState): Generator<void, TermTrie> {
  const keyNumbers = new Map<string, number>();
  for (let number = 0; number < state.keys.length; number++) {
    keyNumbers.set(state.keys[number], number);
    if (number % TAKEN_PER_STEP === TAKEN_PER_STEP - 1) yield;
  }
  const edges = new EdgeTable(state.edges.length / 3);
  for (let at = 0; at < state.edges.length; at += 3) {
    edges.add(state.edges[at], state.edges[at + 1], state.edges[at + 2]);
    if (at % (3 * TAKEN_PER_STEP) === 0) yield;
  }
  const surfaces = new Map(state.surfaces.map(([terminal, written, lower, upper]) => [terminal, { written, lower, upper }]));
  // Where each term end's terminals begin in endIds.
  const firstTerminal = new Int32Array(state.endSizes.length + 1);
  for (let end = 0; end < state.endSizes.length; end++) firstTerminal[end + 1] = firstTerminal[end] + state.endSizes[end];
  // Only the ends of nodes without an only id: the scan reads no other (matcher.ts), and
  // nearly every node has one, so a start makes a few thousand objects rather than 60,000.
  const termEnds: (TermEnd | undefined)[] = new Array(state.endSizes.length);
  for (let node = 0; node < state.nodeEnds.length; node++) {
    if (node % TAKEN_PER_STEP === TAKEN_PER_STEP - 1) yield;
    const end = state.nodeEnds[node];
    if (end === -1 || state.nodeOnlyId[node] !== -1) continue;
    const entries: Terminal[] = [];
    for (let terminal = firstTerminal[end]; terminal < firstTerminal[end + 1]; terminal++) {
      const entry: Terminal = { id: state.endIds[terminal] };
      const written = surfaces.get(terminal);
      if (written) {
        entry.surfaces = written.written;
        if (written.lower) entry.lowerSurfaces = written.lower;
        if (written.upper) entry.upperSurfaces = written.upper;
      }
      entries.push(entry);
    }
    termEnds[end] = termEndOf(entries);
  }
  return {
    size: state.size,
    keyNumbers,
    rootChildren: state.rootChildren,
    edges,
    nodeEnds: state.nodeEnds,
    nodeOnlyId: state.nodeOnlyId,
    termEnds,
    state,
    strictGaps: new Map(state.strictGaps),
    longestTerm: state.longestTerm,
  };
}

function intern(keyNumbers: Map<string, number>, key: string): number {
  let number = keyNumbers.get(key);
  if (number === undefined) {
    number = keyNumbers.size;
    keyNumbers.set(key, number);
  }
  return number;
}

function addStrictGap(strictGaps: Map<number, string[]>, node: number, gap: string): void {
  const gaps = strictGaps.get(node);
  if (!gaps) strictGaps.set(node, [gap]);
  else if (!gaps.includes(gap)) gaps.push(gap);
}

/**
 * True when text[start, end) may stand between two words of one term: nothing, or only
 * spaces, hyphens, underscores and slashes, with at most one line break (`fan-out`,
 * `fan out`, `fan_out`, `pub/sub`, a phrase wrapped at the end of a line). Sentence
 * punctuation and a blank line keep words apart.
 */
export function isLooseGap(text: string, start: number, end: number): boolean {
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
