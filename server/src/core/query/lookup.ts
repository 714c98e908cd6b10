// Questions asked of the index by every front end (CLI, language server): which term stands
// at a place in a text, which terms a document uses, and the ranked search.

import type { IndexedDefinition, Mention, NotesIndex, TermEntry } from '../index/notesIndex';
import type { NoteLink } from '../model';
import { matchesInCapitals, matchesInLowerCase } from '../text/commonWords';
import { isAcronym, phraseKey, words } from '../text/normalize';
import { rankedReferences } from './present';
import { MAX_TERM_WORDS, type TermMatch } from '../index/matcher';
import { linkCount } from '../index/storedNote';
import { admittedMatcher, insideSkippedMarkup, isAdmittedName, isMention, orderedByFit, verdict, type Verdict } from '../relevance/relevance';
import { entryInScope } from './scope';
import { finished, inSlices } from '../steps';
import { mayBeShortForm, shortForms } from '../relevance/shortForms';

export interface FoundTerm {
  entry: TermEntry;
  /** Offsets of the term as written, in the text that was searched. */
  start: number;
  end: number;
  text: string;
}

/**
 * The known term written at `offset` in `text` (a line, or a whole document), longest first,
 * when that occurrence is a mention (see core/relevance/): the same answer as
 * termsInDocument's for the same occurrence. `markdown` as for termsInDocument. Looks only
 * at the words around the offset, so it costs the same whatever the index's size.
 * `documentUri`, when given, leaves out the definitions that do not apply there (see scope.ts).
 * Without `shortForms`, a word that names no term is not looked for as a short form of one
 * the doc wrote in full (see shortFormAt): that takes a scan of the whole doc.
 */
export function termAt(index: NotesIndex, text: string, offset: number, markdown = true, documentUri?: string, shortForms = true): FoundTerm | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd === -1) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd);
  const column = offset - lineStart;
  if (insideUrlOrCode(line, column) || insideSkippedMarkup(text, offset, markdown)) return undefined;
  const lineWords = words(line);
  const at = lineWords.findIndex((w) => w.start <= column && column <= w.end);
  if (at === -1) return undefined;
  // Each size costs a lookup per starting word, each lookup the phrase's length: with a
  // 5,000-word heading in the notes, a hover on a long line took minutes. Names longer than
  // the matcher's terms are not terms.
  const longest = Math.min(index.longestNameWords, MAX_TERM_WORDS);
  for (let size = Math.min(longest, lineWords.length); size >= 1; size--) {
    for (let first = Math.max(0, at - size + 1); first <= at && first + size <= lineWords.length; first++) {
      const start = lineWords[first].start;
      const end = lineWords[first + size - 1].end;
      const written = line.slice(start, end);
      // A name the scan leaves out (see relevance/admission.ts) is not looked up either.
      const found = isAdmittedName(written) ? matchingEntry(index, written) : undefined;
      // A term defined only out of scope is no term here: a shorter one may be.
      const entry = found && entryInScope(index, found, documentUri);
      if (!entry) continue;
      if (!isMention(index, text, lineStart + start, lineStart + end, entry)) return undefined;
      // The card of the sense that fits the words around comes first. A term defined in more
      // notes than that is not weighed sense by sense: weighing 5,000 definitions held the
      // first hover for 220 ms; in the order of the index, the card names how many it leaves out.
      const ordered = entry.definitions.length > MAX_SENSES_WEIGHED ? entry : orderedByFit(index, text, lineStart + start, lineStart + end, entry);
      return { entry: ordered, start: lineStart + start, end: lineStart + end, text: written };
    }
  }
  const word = lineWords[at];
  if (!shortForms || text.length > MAX_SHORT_FORM_TEXT || !mayBeShortForm(line.slice(word.start, word.end))) return undefined;
  return shortFormAt(index, text, offset, markdown, documentUri);
}

/** A hover looks for short forms in documents up to this size: beyond, each edit would cost a hover a scan of megabytes. */
const MAX_SHORT_FORM_TEXT = 512 * 1024;

/** Beyond this many definitions, a hover does not order a term's senses by the words around it. */
export const MAX_SENSES_WEIGHED = 200;

/** The entry a written phrase names, honouring acronym case and the ignore list. */
export function matchingEntry(index: NotesIndex, written: string): TermEntry | undefined {
  const found = index.lookupExact(written);
  if (found.length === 0) return undefined;
  const key = phraseKey(written);
  // An ignored alias or expansion is no name to match, as in the matcher (NotesIndex.matcher).
  if (index.isIgnoredKey(key)) return undefined;
  for (const entry of found) {
    if (!index.matchable(entry)) continue;
    const names = entry.names.filter((n) => phraseKey(n) === key);
    // Acronyms written in capitals in the notes match only in that case, or all in lower
    // case where that spells no ordinary word (`cpu`; see matchesInLowerCase), or in capitals
    // where the notes write it in mixed case (`TIKV`; see matchesInCapitals).
    if (names.length > 0 && names.every((n) => isAcronym(n) && n !== written && !(written === n.toLowerCase() && matchesInLowerCase(n)) && !(written === n.toUpperCase() && matchesInCapitals(n)))) continue;
    return entry;
  }
  return undefined;
}

// Code spans, URLs and link destinations. A scheme is at most 32 characters and a link
// destination stops at `]`, so no match attempt scans far: unbounded, a line of `a.a.a.…` or
// `](](…` was scanned to its end from every position (a hover on such a line took seconds).
const URL_OR_CODE = /`[^`]*`|\b[a-z][a-z0-9+.-]{0,31}:\/\/\S+|\]\([^)\]]*\)/gi;

function insideUrlOrCode(line: string, column: number): boolean {
  for (const match of line.matchAll(URL_OR_CODE)) {
    if (match.index! <= column && column < match.index! + match[0].length) return true;
  }
  return false;
}

export interface DocumentTerm {
  entry: TermEntry;
  occurrences: TermMatch[];
}

/**
 * Every known term in a document, in order of first use; with `documentUri`, as termAt, only
 * the definitions that apply there. The answer is shared: callers read it, never change it.
 */
export function termsInDocument(index: NotesIndex, text: string, markdown: boolean, documentUri?: string): readonly DocumentTerm[] {
  // One cursor move asks for code actions, highlights and In This Document at once, each over
  // the same text: a scan of a 1 MB doc takes about a second, so the last few answers are kept.
  const key: ScanKey = { index, version: index.version, text, markdown, documentUri };
  return keptScan(key) ?? keepScan(key, finished(scanDocument(index, text, markdown, documentUri)));
}

/**
 * termsInDocument worked out in slices of about `sliceMs`, awaiting `pause()` between them,
 * and kept for the calls that follow: a request that scans a long doc (In This Document, as
 * the editor opens it) lets the requests behind it (a hover) be answered meanwhile. A 3 MB doc
 * held the first hover 0.9 s behind its scan. Gives up, keeping nothing, when the index
 * changes meanwhile.
 */
export async function prepareTermsInDocument(index: NotesIndex, text: string, markdown: boolean, documentUri: string | undefined, pause: () => Promise<void>, sliceMs = 10): Promise<void> {
  const key: ScanKey = { index, version: index.version, text, markdown, documentUri };
  if (keptScan(key)) return;
  // The editor asks In This Document, code actions and highlights of a doc just opened at
  // once: they wait for one scan.
  if (scanUnderWay && sameScan(scanUnderWay, key)) return scanUnderWay.done;
  const underWay = { ...key, done: Promise.resolve() };
  underWay.done = (async () => {
    try {
      const scanned = await inSlices(scanDocument(index, text, markdown, documentUri), pause, sliceMs, () => index.version === key.version && !keptScan(key));
      if (scanned) keepScan(key, scanned.value);
    } finally {
      if (scanUnderWay === underWay) scanUnderWay = undefined;
    }
  })();
  scanUnderWay = underWay;
  return underWay.done;
}

/** What a scan's answer holds for: the text, how it is read, and the version of the index. */
interface ScanKey {
  index: NotesIndex;
  version: number;
  text: string;
  markdown: boolean;
  documentUri?: string;
}

const sameScan = (a: ScanKey, b: ScanKey) => a.index === b.index && a.version === b.version && a.markdown === b.markdown && a.documentUri === b.documentUri && a.text === b.text;

const keptScan = (key: ScanKey) => recentScans.find((scan) => sameScan(scan, key))?.terms;

function keepScan(key: ScanKey, terms: readonly DocumentTerm[]): readonly DocumentTerm[] {
  recentScans.unshift({ ...key, terms });
  recentScans.length = Math.min(recentScans.length, RECENT_SCANS);
  return terms;
}

const recentScans: (ScanKey & { terms: readonly DocumentTerm[] })[] = [];
let scanUnderWay: (ScanKey & { done: Promise<void> }) | undefined;
/** Two: a doc's text, and the same text without its glossary section (code actions ask for both). */
const RECENT_SCANS = 2;
/** How many occurrences a scan judges between two chances to pause. */
const JUDGED_PER_STEP = 32;

function* scanDocument(index: NotesIndex, text: string, markdown: boolean, documentUri?: string): Generator<void, DocumentTerm[]> {
  const { matcher, entries } = admittedMatcher(index);
  const byEntry = new Map<TermEntry, TermMatch[]>();
  const scoped = new Map<TermEntry, TermEntry | undefined>();
  let judged = 0;
  for (const match of matcher.scan(text, { markdown })) {
    if (++judged % JUDGED_PER_STEP === 0) yield;
    const found = entries[match.id];
    if (found && !scoped.has(found)) scoped.set(found, entryInScope(index, found, documentUri));
    const entry = found && scoped.get(found);
    if (!entry || !isMention(index, text, match.start, match.end, entry)) continue;
    let list = byEntry.get(entry);
    if (!list) byEntry.set(entry, (list = []));
    list.push(match);
  }
  // "the balancer" after "the load balancer": the head noun alone refers back (shortForms.ts).
  const short = shortForms(index, text, markdown, byEntry);
  for (const form of short) {
    const list = byEntry.get(form.entry)!;
    list.push({ start: form.start, end: form.end, id: list[0].id, ids: list[0].ids, text: form.text });
  }
  if (short.length > 0) for (const list of byEntry.values()) list.sort((a, b) => a.start - b.start);
  return [...byEntry].map(([entry, occurrences]) => ({ entry, occurrences }));
}

// A hover on a word that is no name of the notes asks whether it is a short form: the doc's
// terms are worked out once per text and index version (see shortFormAt).
let lastShortForms: { index: NotesIndex; version: number; text: string; markdown: boolean; documentUri?: string; forms: FoundTerm[] } | undefined;

/** The term whose short form (its head noun alone, see relevance/shortForms.ts) stands at `offset`. */
function shortFormAt(index: NotesIndex, text: string, offset: number, markdown: boolean, documentUri?: string): FoundTerm | undefined {
  const cached = lastShortForms;
  let forms: FoundTerm[];
  if (cached && cached.index === index && cached.version === index.version && cached.text === text && cached.markdown === markdown && cached.documentUri === documentUri) forms = cached.forms;
  else {
    forms = [];
    for (const { entry, occurrences } of termsInDocument(index, text, markdown, documentUri)) {
      for (const o of occurrences) if (!/\s/.test(o.text) && index.lookupExact(o.text).length === 0) forms.push({ entry, start: o.start, end: o.end, text: o.text });
    }
    lastShortForms = { index, version: index.version, text, markdown, documentUri, forms };
  }
  return forms.find((form) => form.start <= offset && offset <= form.end);
}

export interface ExplainedOccurrence extends TermMatch {
  entry: TermEntry;
  /**
   * 'scope': only glossaries or notes that do not apply to the document (Contextive `paths`,
   * folders, notes named by another workspace folder's setting) define it; 'off': the user's `ignoreTerms` or a `hover: off` mark in the notes keeps it quiet,
   * or only a loose definition names it (see NotesIndex.matchable).
   */
  verdict: Verdict | 'scope' | 'off';
}

/**
 * Every occurrence of every name of the notes in a document, admitted or not, with the
 * relevance stage's verdict on each: what `scan --explain` shows a user who wonders why a
 * word is, or is not, hovered. termsInDocument keeps those whose verdict is 'mention'.
 */
export function explainDocument(index: NotesIndex, text: string, markdown: boolean, documentUri?: string): ExplainedOccurrence[] {
  const { matcher, entries } = index.matcherOfEveryName();
  const explained: ExplainedOccurrence[] = [];
  for (const match of matcher.scan(text, { markdown })) {
    const found = entries[match.id];
    if (!found) continue;
    if (!index.matchable(found) || index.isIgnored(match.text)) {
      explained.push({ ...match, entry: found, verdict: 'off' });
      continue;
    }
    const entry = entryInScope(index, found, documentUri);
    if (!entry) {
      explained.push({ ...match, entry: found, verdict: 'scope' });
      continue;
    }
    const judged = isAdmittedName(match.text) ? verdict(index, text, match.start, match.end, entry) : 'admission';
    explained.push({ ...match, entry, verdict: judged });
  }
  const mentions = new Map<TermEntry, TermMatch[]>();
  for (const occurrence of explained) if (occurrence.verdict === 'mention') mentions.set(occurrence.entry, [...(mentions.get(occurrence.entry) ?? []), occurrence]);
  for (const form of shortForms(index, text, markdown, mentions)) {
    const first = mentions.get(form.entry)![0];
    explained.push({ start: form.start, end: form.end, id: first.id, ids: first.ids, text: form.text, entry: form.entry, verdict: 'mention' });
  }
  explained.sort((a, b) => a.start - b.start);
  return explained;
}

/** Lines that mention a phrase whose links a reference list may take. */
const MENTIONS_CONSIDERED = 20;

/** The references for a phrase: a term's own links first, then its topic's, then mentions. */
/**
 * With a limit, the first `limit` references of the same list, found with less work: when the
 * term's own links fill them, its topics and the mentions are not looked up at all.
 */
export function referencesFor(index: NotesIndex, phrase: string, entry?: TermEntry, limit = Infinity): NoteLink[] {
  // A hover asks again for the terms of the doc in front of it: the lists of one version of
  // the index are kept (a term whose lines are looked for in the notes costs reading them).
  let recent = recentReferences.get(index);
  if (!recent) index.onDropCaches.push(() => recentReferences.delete(index));
  if (!recent || recent.version !== index.version) recentReferences.set(index, (recent = { version: index.version, lists: new Map() }));
  const key = `${limit}\u0000${entry?.key ?? ''}\u0000${phraseKey(phrase)}`;
  let list = recent.lists.get(key);
  if (!list) {
    list = findReferences(index, phrase, entry, limit);
    if (recent.lists.size >= RECENT_REFERENCE_LISTS) recent.lists.delete(recent.lists.keys().next().value as string);
    recent.lists.set(key, list);
  }
  return [...list];
}

const recentReferences = new WeakMap<NotesIndex, { version: number; lists: Map<string, NoteLink[]> }>();
const RECENT_REFERENCE_LISTS = 500;

function findReferences(index: NotesIndex, phrase: string, entry: TermEntry | undefined, limit: number): NoteLink[] {
  // A file link is a reference only when it names one of the indexed notes (urlPolicy.ts).
  const isIndexedNote = (fileUrl: string) => index.has(fileUrl);
  if (limit !== Infinity) {
    const own = rankedReferences(entry, [], [], limit, isIndexedNote);
    if (own.length >= limit) return own;
  }
  // Each topic once: a term defined 50,000 times under one topic (or under a topic heading
  // repeated as often) looks the topic up once, not once per definition and topic.
  const topics: IndexedDefinition[] = [];
  const looked = new Set<string>();
  for (const definition of entry?.definitions ?? []) {
    if (definition.kind === 'topic') continue;
    const topicName = definition.sectionPath[definition.sectionPath.length - 1];
    if (!topicName) continue;
    const pair = `${definition.uri}\u0000${topicName}`;
    if (looked.has(pair)) continue;
    looked.add(pair);
    for (const topic of index.lookupExact(topicName)) for (const candidate of index.definitionsIn(topic, definition.uri, 'topic')) topics.push(candidate);
  }
  // Lines that merely mention the phrase rank last: skip looking for them when the term's
  // own links and its topic's already fill a hover.
  const ownLinks = (entry?.definitions ?? []).reduce((sum, d) => sum + linkCount(d), 0) + topics.reduce((sum, t) => sum + linkCount(t), 0);
  if (ownLinks >= 5) return rankedReferences(entry, [], topics, limit, isIndexedNote);
  // A card lists what the notes tie to the term: lines that name it, not lines one letter
  // away ("shard" is no "hard", "shared" or "shave"), which a search, not a card, forgives.
  if (limit === Infinity) return rankedReferences(entry, index.mentions(phrase, MENTIONS_CONSIDERED, false), topics, limit, isIndexedNote);
  // Only lines with links give references, the first MENTIONS_CONSIDERED of them at most;
  // they are looked for one at a time, until the list is full.
  const mentions: Mention[] = [];
  for (const mention of index.linkedMentions(phrase, false)) {
    mentions.push(mention);
    if (mentions.length >= MENTIONS_CONSIDERED || rankedReferences(entry, mentions, topics, limit, isIndexedNote).length >= limit) break;
  }
  return rankedReferences(entry, mentions, topics, limit, isIndexedNote);
}
