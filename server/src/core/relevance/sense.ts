// The sense check for everyday words: simplified Lesk. An occurrence of `change` is the
// note's git change when the words around it share words with what the note says of that
// term: its definition, its section's names, the terms of its section and what they say
// ("Gerrit", "commit", "patch set"). Only shared words that are rare in everyday English
// count: "use", "time" or "new" near an occurrence tell nothing of its sense.
//
// Two contexts are asked, in order: the occurrence's window (its paragraph, at most
// CONTEXT_REACH characters either side), then the whole document (one sense per discourse:
// a doc that speaks of Gerrit and patch sets means git's change throughout). The note's
// words are a set of word keys worked out once per term and index version; the document's
// words once per text. An occurrence then costs a word key and a set lookup per word of its
// window.

import type { IndexedDefinition, NotesIndex, TermEntry } from '../index/notesIndex';
import { forEachWord, phraseKey, wordKey } from '../text/normalize';
import { isEverydayWord, isFunctionWord } from './vocabulary';

/** How far around an occurrence its window reaches, in characters either side. */
export const CONTEXT_REACH = 200;
/** How many rare words of the note the window must hold for the note's sense. */
export const WINDOW_OVERLAP = 1;
/** How many rare words of the note the whole document must hold for the note's sense. */
export const DOCUMENT_OVERLAP = 2;

/** True when the words around text[start, end), or in the whole text, speak for what the notes say of the entry. */
export function contextSupports(index: NotesIndex, text: string, start: number, end: number, entry: TermEntry): boolean {
  const profile = profileOf(index, entry);
  if (profile.size === 0) return false;
  return windowOverlap(profile, text, start, end) >= WINDOW_OVERLAP || documentOverlap(profile, text) >= DOCUMENT_OVERLAP;
}

const BLANK_LINE = /\n[ \t\r]*\n/;
const BLANK_LINES = new RegExp(BLANK_LINE.source, 'g');

/** How many distinct rare words of `profile` the window around text[start, end) holds. */
export function windowOverlap(profile: ReadonlySet<string>, text: string, start: number, end: number): number {
  // The window stays inside the occurrence's paragraph: the next one may be on another subject.
  const reach = Math.max(0, start - CONTEXT_REACH);
  let from = reach;
  for (const blank of text.slice(reach, start).matchAll(BLANK_LINES)) from = reach + blank.index + blank[0].length;
  let to = Math.min(text.length, end + CONTEXT_REACH);
  const blankAfter = BLANK_LINE.exec(text.slice(end, to));
  if (blankAfter) to = end + blankAfter.index;
  const shared = new Set<string>();
  forEachWord(text, from, to, (wordStart, wordEnd) => {
    if (wordStart >= start && wordEnd <= end) return;
    // A word cut by the window's edge is not the word the text has there.
    if ((wordStart === from && from > 0 && isWordCode(text.charCodeAt(from - 1))) || (wordEnd === to && to < text.length && isWordCode(text.charCodeAt(to)))) return;
    const key = contentKey(text.slice(wordStart, wordEnd));
    if (key && profile.has(key)) shared.add(key);
  });
  return shared.size;
}

/** How many distinct rare words of `profile` the whole text holds. */
function documentOverlap(profile: ReadonlySet<string>, text: string): number {
  const keys = documentKeys(text);
  let shared = 0;
  for (const key of profile) if (keys.has(key)) shared++;
  return shared;
}

// A hover asks again and again about the same document: its words are kept for the last text.
let lastDocument: { text: string; keys: Set<string> } | undefined;

function documentKeys(text: string): Set<string> {
  if (lastDocument?.text === text) return lastDocument.keys;
  const keys = new Set<string>();
  const seen = new Set<string>();
  forEachWord(text, 0, text.length, (start, end) => {
    const word = text.slice(start, end);
    if (seen.has(word)) return;
    seen.add(word);
    const key = contentKey(word);
    if (key) keys.add(key);
  });
  lastDocument = { text, keys };
  return keys;
}

function isWordCode(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code > 0x7f;
}

/** The key of a word that can tell a sense (not a function word, number or everyday word), or ''. */
function contentKey(word: string): string {
  if (word.length < 3 || isFunctionWord(word) || /^\d+$/.test(word)) return '';
  const key = wordKey(word);
  return isEverydayWord(key) ? '' : key;
}

// The note's words of each entry, for one version of one index; worked out when first asked.
interface Profiles {
  version: number;
  byEntry: Map<TermEntry, ReadonlySet<string>>;
  byDefinition: Map<IndexedDefinition, ReadonlySet<string>>;
  sections?: Map<string, string[]>;
}
const profiles = new WeakMap<NotesIndex, Profiles>();

function profilesOf(index: NotesIndex): Profiles {
  let cache = profiles.get(index);
  if (!cache || cache.version !== index.version) profiles.set(index, (cache = { version: index.version, byEntry: new Map(), byDefinition: new Map() }));
  cache.sections ??= sectionTexts(index);
  return cache;
}

/** The rare word keys of what the notes say of an entry (its own words left out). */
export function profileOf(index: NotesIndex, entry: TermEntry): ReadonlySet<string> {
  const cache = profilesOf(index);
  let profile = cache.byEntry.get(entry);
  if (!profile) cache.byEntry.set(entry, (profile = buildProfile(entry, entry.definitions, cache.sections!)));
  return profile;
}

function buildProfile(entry: TermEntry, definitions: readonly IndexedDefinition[], sections: Map<string, string[]>): ReadonlySet<string> {
  const keys = new Set<string>();
  const add = (phrase: string) =>
    forEachWord(phrase, 0, phrase.length, (start, end) => {
      const key = contentKey(phrase.slice(start, end));
      if (key) keys.add(key);
    });
  for (const name of entry.names) add(name);
  for (const definition of definitions) {
    add(definition.text);
    for (const section of definition.sectionPath) add(section);
    for (const neighbour of sections.get(sectionKey(definition.uri, definition.sectionPath)) ?? []) add(neighbour);
  }
  // The term's own words are in every window that holds it: they say nothing of its sense.
  for (const own of phraseKey(entry.term).split(' ')) keys.delete(own);
  return keys;
}

/**
 * The entry with its definitions ordered by how well each fits the occurrence
 * text[start, end) (the same overlap as the sense check, per definition; ties keep the
 * notes' order): where two notes define a term (a Redis key, a Kafka record key), the card
 * of the sense the doc means comes first. The entry itself when one note defines it or
 * the order stays.
 */
export function orderedByFit(index: NotesIndex, text: string, start: number, end: number, entry: TermEntry): TermEntry {
  const definitions = entry.definitions;
  if (definitions.length < 2 || definitions.every((d) => d.uri === definitions[0].uri)) return entry;
  const cache = profilesOf(index);
  const fit = definitions.map((definition, order) => {
    let profile = cache.byDefinition.get(definition);
    if (!profile) cache.byDefinition.set(definition, (profile = buildProfile(entry, [definition], cache.sections!)));
    return { definition, order, score: windowOverlap(profile, text, start, end) * 1000 + documentOverlap(profile, text) };
  });
  fit.sort((a, b) => b.score - a.score || a.order - b.order);
  if (fit.every((f, n) => f.order === n)) return entry;
  return { ...entry, definitions: fit.map((f) => f.definition) };
}

const sectionKey = (uri: string, path: readonly string[]) => `${uri}\u0000${path.join('\u0000')}`;

/** The terms defined in each section of each note, each with what its definition says. */
function sectionTexts(index: NotesIndex): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  for (const entry of index.terms()) {
    for (const definition of entry.definitions) {
      if (definition.kind !== 'term') continue;
      const key = sectionKey(definition.uri, definition.sectionPath);
      const said = `${definition.term} ${definition.text}`;
      const list = sections.get(key);
      if (list) list.push(said);
      else sections.set(key, [said]);
    }
  }
  return sections;
}
