// Mention search: the lines of the notes that mention a phrase, with their links, which is
// how a term without a definition (`CQRS`) still leads to references. The word lists narrow
// the search to the notes that hold every word; cheap tests on each line (a RegExp over ASCII
// stems) pass over most lines before any is read word by word.

import type { Note, NoteLink, TextLine } from '../model';
import { forEachWord, wordKey, words } from '../text/normalize';
import { cachedWordKey } from '../text/rememberedKeys';
import { StoredNote, TEXT_FORM } from './storedNote';
import { STOP_WORDS, type WordLists } from './wordLists';

export interface Mention {
  uri: string;
  line: TextLine;
  links: NoteLink[];
  /** The path of the section the line stands in (empty above the first heading). */
  sectionPath: string[];
}

/**
 * Which mentioning lines a search wants: all of them; only those with links (references);
 * or those with links and the quotes (the command palette's search, which shows nothing of
 * any other line).
 */
export type MentionsWanted = 'all' | 'linked' | 'linked-or-quoted';

/** A quote line as the parsers read one (formats/dialect/parser.ts). */
const QUOTE_LINE = /^\s{0,3}>/;

/**
 * The longest note read from disk whose lines are searched for mentions of a phrase (see
 * NotesIndex.mentions). A request reads and parses such a note again: this bounds what one
 * request costs, whatever the size of the notes.
 */
export const MENTION_SEARCH_MAX_CHARACTERS = 1024 * 1024;

/** The first `limit` lines of a search (0: all of them), lines with links first, each group in the search's order. */
export function mentionsLinksFirst(lines: Iterable<Mention>, limit: number): Mention[] {
  // Once `limit` lines with links are found no later line can make the cut, so the search
  // stops there: a hover on a word used across the notes reads a few notes, not all of them.
  const withLinks: Mention[] = [];
  const withoutLinks: Mention[] = [];
  const enough = limit > 0 ? limit : Infinity;
  for (const mention of lines) {
    if (mention.links.length > 0) {
      withLinks.push(mention);
      if (withLinks.length >= enough) break;
    } else if (withoutLinks.length < enough) {
      withoutLinks.push(mention);
    }
  }
  return [...withLinks, ...withoutLinks].slice(0, limit);
}

/**
 * Every line of the notes that mentions a phrase, of those `wanted`, in note and line order,
 * found as they are asked for. With `nearSpellings`, a word one edit away from a word of the
 * phrase (five letters or more) counts as that word: a search forgives a slip. Without, only
 * the word's own forms count.
 */
export function* mentionLines(phrase: string, wordLists: WordLists, notesByUri: ReadonlyMap<string, Note | StoredNote>, wanted: MentionsWanted, nearSpellings = true): Generator<Mention> {
  const queryWords = words(phrase).map((w) => wordKey(w.text)).filter((k) => k.length > 0);
  if (queryWords.length === 0) return;
  const significant = queryWords.filter((k) => !STOP_WORDS.has(k));
  const expanded = (significant.length > 0 ? significant : queryWords).map((k) => (nearSpellings ? wordLists.similarWords(k) : new Set(wordLists.hasWord(k) ? [k] : [])));
  if (expanded.some((set) => set.size === 0)) return;
  // Notes that hold every word (or a near spelling of it).
  let candidates: Set<string> | undefined;
  for (const alternatives of expanded) {
    const uris = new Set<string>();
    for (const word of alternatives) for (const uri of wordLists.notesWithWord(word)) uris.add(uri);
    candidates = candidates ? new Set([...candidates].filter((u) => uris.has(u))) : uris;
  }
  const probes = expanded.map(wordProbe);
  // Lines of a note's text that hold every word's stem where a word starts (see wordProbe).
  const linesWithAll = probes.every((probe) => probe !== undefined) ? new RegExp('^' + (probes as RegExp[]).map((p) => `(?=[^\\n]*(?:${p.source}))`).join('') + '[^\\n]*', 'gim') : undefined;
  for (const uri of [...(candidates ?? [])].sort()) {
    const kept = notesByUri.get(uri)!;
    if (kept instanceof StoredNote) {
      // A note too long to read and parse again within a request is not searched (its
      // definitions still are): a hover on a word of a 7 MB note took 5 s and kept its 150 MB model.
      if (kept.length > MENTION_SEARCH_MAX_CHARACTERS) continue;
      // A line of an unrepaired text holds every word its prose line holds (see TEXT_FORM): a
      // note none of whose lines holds every word (and a URL, when only lines with links are
      // wanted) has no such prose line, and is passed over without a parse.
      if (kept.textForm & TEXT_FORM.unrepaired && !someLineMentions(kept.read() ?? '', kept.textForm & TEXT_FORM.asciiWords ? linesWithAll : undefined, probes, expanded, wanted)) continue;
    }
    const note = kept instanceof StoredNote ? kept.indexed() : kept;
    if (!note) continue; // changed on disk since: the watcher's report indexes it again
    // The note's links by line, gathered once: filtering every link for each mentioning
    // line was quadratic (50,000 lines with a link each made one search take 12 s).
    let linksByLine: Map<number, NoteLink[]> | undefined;
    for (const line of note.lines) {
      if (cannotMention(line.text, probes) || !lineMentions(line.text, expanded)) continue;
      linksByLine ??= groupByLine(note.links);
      const links = linksByLine.get(line.line) ?? [];
      if (wanted === 'linked-or-quoted' && line.kind !== 'quote' && links.length === 0) continue;
      yield { uri, line, links, sectionPath: sectionPathAt(note, line.line) };
    }
  }
}

/** The path of the innermost section that holds a line. */
function sectionPathAt(note: Note, line: number): string[] {
  let path: string[] = [];
  for (const section of note.sections) if (section.range.start.line <= line && line <= section.range.end.line) path = section.path;
  return path;
}

/** Links grouped by the line they start on, each group in the links' order. */
function groupByLine(links: NoteLink[]): Map<number, NoteLink[]> {
  const groups = new Map<number, NoteLink[]>();
  for (const link of links) {
    const line = link.range.start.line;
    const group = groups.get(line);
    if (group) group.push(link);
    else groups.set(line, [link]);
  }
  return groups;
}

/**
 * A test that every line holding a word with one of these keys passes, when the words are
 * ASCII: the key of an ASCII word is its lower case less a suffix (`'s`, a plural ending, a
 * stemmed ending), but for a last `y`, `i`, `e` or `ie` that stemming may write in another's
 * place (`query` → `queri`, `using` → `use`, `lying` → `lie`), so the word holds the key up to
 * those. A search is then a RegExp test per line instead of a tokenisation, for the many lines
 * that do not qualify.
 */
function wordProbe(keys: Set<string>): RegExp | undefined {
  const stems: string[] = [];
  for (const key of keys) {
    const stem = key.replace(STEM_ENDING, '');
    if (stem === '' || !/^[\x00-\x7f]+$/.test(stem)) return undefined;
    stems.push(stem.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  }
  // A word starts where no ASCII letter or digit stands before it (forEachWord): the stem is
  // looked for there only, so that `soa` is not found inside `soap` or in the middle of a word.
  return new RegExp(`(?<![a-z0-9])(?:${stems.join('|')})`, 'i');
}

/** The ending a key may have that the word it comes from does not (see wordProbe). */
const STEM_ENDING = /(?:ie|[iey])$/;

const NON_ASCII = /[^\x00-\x7f]/g;
/** A character that may stand in a word whose key is not its ASCII lower case (`é`, `’`, fullwidth letters). */
const WORD_CHARACTER = /^[\p{L}\p{M}\p{N}\u2019\u02bc]/u;

function hasNonAsciiWordCharacter(text: string): boolean {
  // Most lines are ASCII, or hold only emoji and punctuation beyond it: one scan, few tests.
  NON_ASCII.lastIndex = 0;
  for (let found = NON_ASCII.exec(text); found; found = NON_ASCII.exec(text)) {
    if (WORD_CHARACTER.test(String.fromCodePoint(text.codePointAt(found.index)!))) return true;
  }
  return false;
}

/** True when the probes prove that a line lacks one of the words (see wordProbe); false when unsure. */
function cannotMention(text: string, probes: (RegExp | undefined)[]): boolean {
  return probes.some((probe) => probe !== undefined && !probe.test(text)) && !hasNonAsciiWordCharacter(text);
}

/**
 * True when a line of a text holds every word and is one of those `wanted` (a URL on it, or a
 * quote's `>`: see MentionsWanted). With `linesWithAll`
 * (the text's words are ASCII) one search of the whole text finds the lines worth reading;
 * otherwise each line is tested with the probes, or read word by word where it has letters
 * beyond ASCII.
 */
function someLineMentions(text: string, linesWithAll: RegExp | undefined, probes: (RegExp | undefined)[], expanded: Set<string>[], wanted: MentionsWanted): boolean {
  // Every link of a note is a URL written on its line (formats/dialect/links.ts, URL_PATTERN).
  const kind = (line: string) => wanted === 'all' || line.includes('://') || (wanted === 'linked-or-quoted' && QUOTE_LINE.test(line));
  const qualifies = (line: string) => kind(line) && lineMentions(line, expanded);
  if (linesWithAll) {
    linesWithAll.lastIndex = 0;
    for (let found = linesWithAll.exec(text); found; found = linesWithAll.exec(text)) {
      if (found[0].length === 0) linesWithAll.lastIndex++;
      if (qualifies(found[0])) return true;
    }
    return false;
  }
  for (const line of text.split('\n')) if (!cannotMention(line, probes) && qualifies(line)) return true;
  return false;
}

function lineMentions(text: string, expanded: Set<string>[]): boolean {
  const present = new Set<string>();
  forEachWord(text, 0, text.length, (start, end) => present.add(cachedWordKey(text.slice(start, end))));
  return expanded.every((alternatives) => [...alternatives].some((word) => present.has(word)));
}
