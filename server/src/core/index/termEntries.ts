// Terms by key: every definition filed under the key of its term, and every name (term,
// expansion, aliases, equivalences) leading to the entries it finds. A change touches only
// the entries of the note that changed, and works an entry's names out again only when the
// change may have altered them.

import type { Definition, HoverMark } from '../model';
import { boundedEditDistance, phraseKey, spellingKey } from '../text/normalize';
import { codeSpellings, nameVariants } from '../text/variants';
import { compareDefinitions, indexOfDefinition, insertSorted, removeNoteDefinitions } from './definitionOrder';
import { cachedPhraseKey } from '../text/rememberedKeys';
import type { IndexedDefinition } from './storedNote';

export interface TermEntry {
  /** phraseKey of the term. */
  key: string;
  /** The term as the author first spelled it. */
  term: string;
  definitions: IndexedDefinition[];
  /** Every name that finds this term: the term, expansions, aliases and equivalences. */
  names: string[];
  /**
   * What the notes' markers say (see Definition.hover): 'off' when any definition says off,
   * else 'on' when any says on. The relevance rules and `NotesIndex.matchable` honour it.
   */
  hover?: HoverMark;
  /**
   * Some definition comes from a Contextive glossary: the code-style spellings of the names
   * (`legMagnitudePolicy`, `LEG_MAGNITUDE_POLICY`) find the entry too (see codeSpellings),
   * and the relevance stage lets them stand inside code (see relevance/markup.ts).
   */
  codeNames?: boolean;
}

/** The other spellings that find an entry by one of its names (see TermEntry.codeNames). */
export function spellingsOf(name: string, codeNames: boolean | undefined): string[] {
  return codeNames ? [...new Set([...nameVariants(name), ...codeSpellings(name)])] : nameVariants(name);
}

export class TermEntries {
  private readonly entries = new Map<string, TermEntry>();
  /** name key → keys of the entries that the name finds. */
  // An entry's key alone for the many names that find one entry; a set where several share it.
  private readonly names = new Map<string, string | Set<string>>();
  /** Name keys contributed by each entry, so that a change can retract them. */
  private readonly entryNames = new Map<string, string[]>();
  /** Per entry: name key → the first definition (in order) that gives the entry that name. */
  private readonly nameOwners = new Map<string, Map<string, IndexedDefinition>>();
  /** Per entry: how many of its definitions are terms rather than topics (see termCount). */
  private readonly termDefinitions = new Map<string, number>();
  private entriesWithTerms = 0;
  private longestName = 1;
  /** Spelling key of every name → keys of the entries it finds, for misspellings (see lookup); built when first asked. */
  private spellings: Map<string, Set<string>> | undefined;
  /** Per entry with a marked definition: how many of its definitions say on, and off (see TermEntry.hover). */
  private readonly hoverMarks = new Map<string, { on: number; off: number }>();

  get size(): number {
    return this.entries.size;
  }

  /** Entries defined as a term at least once (not only as a topic). */
  get termCount(): number {
    return this.entriesWithTerms;
  }

  /** The longest name, in words. */
  get longestNameWords(): number {
    return this.longestName;
  }

  get(key: string): TermEntry | undefined {
    return this.entries.get(key);
  }

  values(): IterableIterator<TermEntry> {
    return this.entries.values();
  }

  /** The keys of the names an entry contributes (see the index state). */
  nameKeysOf(key: string): string[] | undefined {
    return this.entryNames.get(key);
  }

  private countTermDefinitions(key: string, change: number): void {
    const before = this.termDefinitions.get(key) ?? 0;
    const after = before + change;
    if (after === 0) this.termDefinitions.delete(key);
    else this.termDefinitions.set(key, after);
    if (before === 0 && after > 0) this.entriesWithTerms++;
    else if (before > 0 && after === 0) this.entriesWithTerms--;
  }

  /** Counts a marked definition in or out of its entry, and sets what the entry's markers say. */
  private countHover(entry: TermEntry, mark: HoverMark | undefined, change: number): void {
    if (!mark) return;
    const marks = this.hoverMarks.get(entry.key) ?? { on: 0, off: 0 };
    marks[mark] += change;
    if (marks.on === 0 && marks.off === 0) this.hoverMarks.delete(entry.key);
    else this.hoverMarks.set(entry.key, marks);
    entry.hover = marks.off > 0 ? 'off' : marks.on > 0 ? 'on' : undefined;
  }

  /** Files an entry under a name key. */
  private name(nameKey: string, entryKey: string): void {
    this.spellings = undefined;
    const keys = this.names.get(nameKey);
    if (keys === undefined) this.names.set(nameKey, entryKey);
    else if (typeof keys === 'string') {
      if (keys !== entryKey) this.names.set(nameKey, new Set([keys, entryKey]));
    } else keys.add(entryKey);
  }

  private unname(nameKey: string, entryKey: string): void {
    this.spellings = undefined;
    const keys = this.names.get(nameKey);
    if (keys === entryKey) this.names.delete(nameKey);
    else if (keys instanceof Set) {
      keys.delete(entryKey);
      if (keys.size === 1) this.names.set(nameKey, keys.values().next().value as string);
      else if (keys.size === 0) this.names.delete(nameKey);
    }
  }

  /**
   * Per name key, the first definition of an entry (in order) that gives the entry the name.
   * Kept once worked out; an index taken up from a snapshot works it out for an entry when a
   * note first changes the entry (most never change), rather than for all of them at start.
   */
  private ownersOf(key: string): Map<string, IndexedDefinition> {
    let owners = this.nameOwners.get(key);
    if (!owners) {
      owners = new Map();
      for (const definition of this.entries.get(key)?.definitions ?? []) {
        for (const [nameKey] of namesOf(definition, key)) if (!owners.has(nameKey)) owners.set(nameKey, definition);
      }
      this.nameOwners.set(key, owners);
    }
    return owners;
  }

  /**
   * Files a definition under its entry's key. True when the entry's names or term may have
   * changed (see refresh): a new entry, a new first definition, or a name that the new
   * definition gives first. Otherwise (a term defined in hundreds of notes gets one more
   * definition) nothing about the entry's names needs working out again.
   */
  file(key: string, indexed: IndexedDefinition): boolean {
    let entry = this.entries.get(key);
    let changed = false;
    if (!entry) {
      entry = { key, term: indexed.term, definitions: [], names: [] };
      this.entries.set(key, entry);
      changed = true;
    }
    // Before the definition goes in: the owners as they were.
    const owners = this.ownersOf(key);
    // Kept in order as they arrive (an upper-bound insert is what a stable sort would give),
    // so that a term defined in hundreds of notes is not sorted again for each of them.
    if (insertSorted(entry.definitions, indexed) === 0) changed = true;
    // The first glossary definition adds the names' code spellings (see refresh).
    if (indexed.format === 'contextive' && !entry.codeNames) changed = true;
    if (indexed.kind === 'term') this.countTermDefinitions(key, 1);
    this.countHover(entry, indexed.hover, 1);
    for (const [nameKey] of namesOf(indexed, key)) {
      const owner = owners.get(nameKey);
      if (!owner || compareDefinitions(indexed, owner) < 0) {
        owners.set(nameKey, indexed);
        changed = true;
      }
    }
    return changed;
  }

  /** Takes a note's definitions out of their entries, and works out again the names that this may change. */
  retract(uri: string, noteDefinitions: Iterable<Definition>): void {
    const touched = new Map<string, Definition[]>();
    for (const definition of noteDefinitions) {
      const key = cachedPhraseKey(definition.term);
      const list = touched.get(key);
      if (list) list.push(definition);
      else touched.set(key, [definition]);
    }
    for (const [key, definitions] of touched) {
      const entry = this.entries.get(key);
      if (!entry) continue;
      const first = entry.definitions[0];
      // Before the definitions go: the owners as they were.
      const owners = this.ownersOf(key);
      const removed = removeNoteDefinitions(entry.definitions, uri, definitions);
      const removedTerms = removed.filter((d) => d.kind === 'term').length;
      if (removedTerms > 0) this.countTermDefinitions(key, -removedTerms);
      for (const definition of removed) this.countHover(entry, definition.hover, -1);
      // As in file: the names are worked out again only if an owner or the first definition went.
      let changed = entry.definitions.length === 0 || entry.definitions[0] !== first || removed.some((d) => d.format === 'contextive');
      for (const definition of removed) {
        for (const [nameKey] of namesOf(definition, key)) {
          if (owners.get(nameKey) !== definition) continue;
          changed = true;
          // The first remaining definition with the name owns it now, if any has it.
          const next = entry.definitions.find((d) => namesOf(d, key).some(([k]) => k === nameKey));
          if (next) owners.set(nameKey, next);
          else owners.delete(nameKey);
        }
      }
      if (changed) this.refresh(key);
    }
  }

  /**
   * Re-derives an entry's names after its definitions changed; drops it when none is left.
   * An entry's names are its definitions' names, each spelled as the first definition (in
   * order) that has it, and listed in the order they first appear: `nameOwners` keeps that
   * first definition per name, so a change costs in proportion to the names, not to the
   * definitions (a term may be defined in thousands of notes).
   */
  refresh(key: string): void {
    for (const name of this.entryNames.get(key) ?? []) this.unname(name, key);
    const entry = this.entries.get(key);
    if (!entry || entry.definitions.length === 0) {
      this.entries.delete(key);
      this.entryNames.delete(key);
      this.nameOwners.delete(key);
      this.hoverMarks.delete(key);
      return;
    }
    entry.term = entry.definitions[0].term;
    entry.codeNames = entry.definitions.some((d) => d.format === 'contextive') || undefined;
    const ordered: { nameKey: string; name: string; at: number; within: number }[] = [];
    for (const [nameKey, owner] of this.ownersOf(key)) {
      const names = namesOf(owner, key);
      const within = names.findIndex(([k]) => k === nameKey);
      ordered.push({ nameKey, name: names[within][1], at: indexOfDefinition(entry.definitions, owner), within });
    }
    ordered.sort((a, b) => a.at - b.at || a.within - b.within);
    entry.names = ordered.map((n) => n.name);
    const nameKeys = ordered.map((n) => n.nameKey);
    // Other spellings of the names find the entry too, after its names; they are not names to show.
    for (const { name } of ordered) {
      for (const variant of spellingsOf(name, entry.codeNames)) {
        const variantKey = phraseKey(variant);
        if (variantKey && !nameKeys.includes(variantKey)) nameKeys.push(variantKey);
      }
    }
    this.entryNames.set(key, nameKeys);
    for (const nameKey of nameKeys) {
      this.name(nameKey, key);
      this.longestName = Math.max(this.longestName, nameKey.split(' ').length);
    }
  }

  /**
   * Takes up an entry as the index state has it: its names and their keys, and its
   * definitions (numbered `from` to `to` in `source`) made when first read; what it needs of
   * them before, `tally` gives. Owners are worked out when the entry first changes (see
   * ownersOf).
   */
  loadDeferred(key: string, term: string, names: string[], nameKeys: string[], tally: DefinitionTally, source: DeferredEntries, from: number, to: number): void {
    const entry = new EntryOfDeferredDefinitions(key, term, names, source, from, to, tally.weak === to - from);
    this.entries.set(key, entry);
    if (tally.contextive) entry.codeNames = true;
    if (tally.hoverOn > 0 || tally.hoverOff > 0) {
      this.hoverMarks.set(key, { on: tally.hoverOn, off: tally.hoverOff });
      entry.hover = tally.hoverOff > 0 ? 'off' : 'on';
    }
    this.fileNameKeys(key, nameKeys);
    if (tally.terms > 0) this.countTermDefinitions(key, tally.terms);
  }

  private fileNameKeys(key: string, nameKeys: string[]): void {
    this.entryNames.set(key, nameKeys);
    for (const nameKey of nameKeys) {
      this.name(nameKey, key);
      let words = 1;
      for (let at = nameKey.indexOf(' '); at !== -1; at = nameKey.indexOf(' ', at + 1)) words++;
      if (words > this.longestName) this.longestName = words;
    }
  }

  /** Entries that a phrase names exactly (after normalisation), best first. */
  lookupExact(phrase: string): TermEntry[] {
    const key = phraseKey(phrase);
    const keys = this.names.get(key);
    if (keys === undefined) return [];
    const found = entryKeysOf(keys).map((k) => this.entries.get(k)!).filter(Boolean);
    // The entry whose own term is the phrase comes before those that only have it as an alias.
    return found.sort((a, b) => Number(b.key === key) - Number(a.key === key) || a.key.localeCompare(b.key));
  }

  /**
   * What a writer means by a phrase: exact names first, then names within a small edit
   * distance (misspellings in the notes, or in the query).
   */
  lookup(phrase: string): TermEntry[] {
    const exact = this.lookupExact(phrase);
    if (exact.length > 0) return exact;
    // Measured on spellings, not stems: a slip changes a stem more than it changes a word.
    const key = spellingKey(phrase);
    if (key.length < 4) return [];
    const budget = key.length >= 8 ? 2 : 1;
    let best = budget + 1;
    let found = new Set<string>();
    for (const [name, keys] of this.spellingsOfNames()) {
      if (Math.abs(name.length - key.length) > budget) continue;
      const distance = boundedEditDistance(name, key, budget);
      if (distance > budget) continue;
      if (distance < best) {
        best = distance;
        found = new Set(entryKeysOf(keys));
      } else if (distance === best) {
        for (const k of entryKeysOf(keys)) found.add(k);
      }
    }
    return [...found].map((k) => this.entries.get(k)!).filter(Boolean);
  }

  private spellingsOfNames(): Map<string, Set<string>> {
    if (this.spellings) return this.spellings;
    const spellings = new Map<string, Set<string>>();
    for (const entry of this.entries.values()) {
      for (const name of entry.names) {
        const spelling = spellingKey(name);
        const keys = spellings.get(spelling);
        if (keys) keys.add(entry.key);
        else spellings.set(spelling, new Set([entry.key]));
      }
    }
    return (this.spellings = spellings);
  }

  /** Every name key with the keys of the entries it finds, in a canonical order (for equality tests). */
  snapshotNames(): [string, string[]][] {
    return [...this.names].map(([k, v]): [string, string[]] => [k, entryKeysOf(v).sort()]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  }

  clear(): void {
    this.entries.clear();
    this.names.clear();
    this.entryNames.clear();
    this.nameOwners.clear();
    this.termDefinitions.clear();
    this.hoverMarks.clear();
    this.entriesWithTerms = 0;
    this.longestName = 1;
    this.spellings = undefined;
  }
}

/** Where entries taken up from a snapshot find their definitions, by their numbers in the state. */
export interface DeferredEntries {
  /** The definitions numbered from `from` to `to`, in order. */
  ofEntry(from: number, to: number): IndexedDefinition[];
}

/** What an entry needs to know of its definitions before they are made (see TermEntries.loadDeferred). */
export interface DefinitionTally {
  /** How many are terms rather than topics. */
  terms: number;
  hoverOn: number;
  hoverOff: number;
  /** Whether any comes from a Contextive glossary. */
  contextive: boolean;
  /** How many are weak: loose, or topics that have distilled nothing (see isWeakDefinition). */
  weak: number;
}

/** A loose definition, or a topic that has distilled nothing yet (see NotesIndex.matchable). */
export function isWeakDefinition(definition: Pick<Definition, 'loose' | 'kind' | 'inbox'>): boolean {
  return !!definition.loose || (definition.kind === 'topic' && !!definition.inbox);
}

/**
 * Whether every definition of the entry is weak. An entry taken up from a snapshot answers
 * from the snapshot's flags until its definitions are made: choosing the entries a matcher
 * covers made every definition of the index at once (360 ms at 20,000 notes).
 */
export function onlyWeakDefinitions(entry: TermEntry): boolean {
  const deferred = entry instanceof EntryOfDeferredDefinitions ? entry.onlyWeakWhileDeferred() : undefined;
  return deferred ?? entry.definitions.every(isWeakDefinition);
}

/**
 * An entry's fields as a plain object, its definitions made: what a spread (`{ ...entry }`)
 * gives of an entry kept as an object, and not of one whose definitions are deferred.
 */
export function plainEntry(entry: TermEntry): TermEntry {
  return { key: entry.key, term: entry.term, definitions: entry.definitions, names: entry.names, hover: entry.hover, codeNames: entry.codeNames };
}

/**
 * An entry whose definitions are made when first read (see TermEntries.loadDeferred). Once
 * made they are an array like any entry's, changed in place as the index changes. Its own
 * fields are an entry's; what it keeps to make the definitions is private, out of spreads
 * and JSON.
 */
class EntryOfDeferredDefinitions implements TermEntry {
  hover?: HoverMark;
  codeNames?: boolean;
  #definitions: IndexedDefinition[] | undefined;
  #source: DeferredEntries | undefined;
  readonly #from: number;
  readonly #to: number;
  readonly #onlyWeak: boolean;

  constructor(
    readonly key: string,
    public term: string,
    public names: string[],
    source: DeferredEntries,
    from: number,
    to: number,
    onlyWeak: boolean,
  ) {
    this.#source = source;
    this.#from = from;
    this.#to = to;
    this.#onlyWeak = onlyWeak;
  }

  /** See onlyWeakDefinitions: undefined once the definitions are made (they may have changed since). */
  onlyWeakWhileDeferred(): boolean | undefined {
    return this.#definitions === undefined ? this.#onlyWeak : undefined;
  }

  get definitions(): IndexedDefinition[] {
    if (this.#definitions === undefined) {
      this.#definitions = this.#source!.ofEntry(this.#from, this.#to);
      this.#source = undefined;
    }
    return this.#definitions;
  }

  set definitions(definitions: IndexedDefinition[]) {
    this.#definitions = definitions;
    this.#source = undefined;
  }

  toJSON(): TermEntry {
    return plainEntry(this);
  }
}

/** The keys of the entries a name finds (see TermEntries.names). */
function entryKeysOf(keys: string | Set<string>): string[] {
  return typeof keys === 'string' ? [keys] : [...keys];
}

/**
 * A definition's names with their keys, in order (term, expansion, aliases, equivalences),
 * each key once. `termKey`, when known, is the key of its term (the key of its entry).
 */
function namesOf(definition: Definition, termKey = cachedPhraseKey(definition.term)): [string, string][] {
  // Most definitions have only their term.
  if (!definition.expansion && definition.aliases.length === 0 && definition.equivalences.length === 0) return termKey ? [[termKey, definition.term]] : [];
  const names: [string, string][] = [];
  for (const name of [definition.term, definition.expansion, ...definition.aliases, ...definition.equivalences]) {
    if (!name) continue;
    const nameKey = cachedPhraseKey(name);
    if (nameKey && !names.some(([k]) => k === nameKey)) names.push([nameKey, name]);
  }
  return names;
}
