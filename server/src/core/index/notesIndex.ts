// The term index: every note's definitions grouped into terms, looked up by what a writer
// would type. Notes are added, replaced and removed one at a time; each change touches only
// the terms that note defines and the words it contains, so an edit costs in proportion to
// the note, not to the corpus. `snapshot()` gives a canonical form that tests compare with an
// index built from scratch.
//
// NotesIndex is the facade over its parts: the terms by key (termEntries.ts), the word lists
// (wordLists.ts), the mention search over notes' lines (mentions.ts), the order of a term's
// definitions (definitionOrder.ts), the content words of each note's definitions counted for
// topicality (topicWords.ts), the state for the snapshot (indexState.ts) and the digest of a
// note read from a file (digest.ts).

import type { Definition, Note } from '../model';
import type { ReadOptions } from '../formats/readNote';
import { isAcronym, phraseKey } from '../text/normalize';
import { matchesInCapitals, matchesInLowerCase } from '../text/commonWords';
import { nameVariants } from '../text/variants';
import { compareText, definitionsOfNote } from './definitionOrder';
import { digestNote, type NoteDigest } from './digest';
import { canonicalFileUri } from '../notes/fileUri';
import { exportIndexState, indexedDefinition, loadIndexState, type IndexParts, type IndexState, type MatcherState } from './indexState';
import { TermMatcher, type MatcherEntry } from './matcher';
import { termTrieSteps, trieFromStateSteps, trieState } from './matching/termTrie';
import { finished, inSlices, sortedInSteps } from '../steps';
import { mentionLines, mentionsLinksFirst, type Mention } from './mentions';
import { cachedPhraseKey, forgetRememberedKeys } from '../text/rememberedKeys';
import { ParsedNotes, storable, StoredDefinition, StoredNote, type DetailsOnDisk, type IndexedDefinition, type NoteReader } from './storedNote';
import { onlyWeakDefinitions, spellingsOf, TermEntries, type TermEntry } from './termEntries';
import { countTopicWords, TopicWords, type TopicSource } from './topicWords';
import { noteWords, WordLists } from './wordLists';

export type { IndexedDefinition, NoteReader } from './storedNote';
export type { TermEntry } from './termEntries';
export type { Mention } from './mentions';

export interface IndexOptions {
  /** Terms that never match on their own (in addition to facets, which the parser drops). */
  ignoreTerms?: string[];
}

export class NotesIndex {
  /** Each note as given, or (when its text came with it) as a StoredNote, parsed again on demand. */
  private readonly notesByUri = new Map<string, Note | StoredNote>();
  private readonly parses = new ParsedNotes();
  private readonly entries = new TermEntries();
  private readonly wordLists = new WordLists();
  private readonly topicWordCounts = new TopicWords();
  private ignored: Set<string>;
  private currentVersion = 0;
  private readonly glossaryFolders = new Map<string, readonly string[]>();
  /** Where notes apply when not everywhere (see setNoteFolders), with each note's answer kept. */
  private noteFolders?: { of: (uri: string) => readonly string[] | undefined; known: Map<string, readonly string[] | undefined> };
  private cachedMatcher?: CachedMatcher;
  /** The matcher a snapshot's state carried, taken up when first needed (see takeUpStoredMatcher). */
  private storedMatcher?: { admitName: (name: string) => boolean; entryKeys: readonly string[]; state: MatcherState };
  /** A matcher being built in idle slices (see prepareMatcher), for one version of the index. */
  private pendingMatcher?: { version: number; admitName?: (name: string) => boolean; steps: Generator<void, BuiltMatcher>; takingUp?: boolean };
  /** Each version's change, the latest CHANGES_KEPT at most (see nextVersion). */
  private readonly changeLog: { version: number; uri: string | null | undefined }[] = [];

  constructor(options: IndexOptions = {}) {
    this.ignored = ignoredKeys(options.ignoreTerms ?? []);
  }

  get version(): number {
    return this.currentVersion;
  }

  /**
   * A new version of the index, and what changed: the note at `uri` (its definitions, its
   * words), `null` for nothing any note defines (words filed in a batch), `undefined` for what
   * cannot be told (the whole index replaced, settings that reach every term).
   */
  private nextVersion(changed: string | null | undefined): void {
    this.currentVersion++;
    this.changeLog.push({ version: this.currentVersion, uri: changed });
    if (this.changeLog.length > CHANGES_KEPT) this.changeLog.splice(0, this.changeLog.length - CHANGES_KEPT / 2);
  }

  /**
   * The notes whose definitions may have changed since `version`, or undefined when that
   * cannot be told (too long ago, or a change that reaches every term): what lets the tables
   * worked out per version keep what no changed note bears on (see relevance/sense.ts).
   */
  notesChangedSince(version: number): Set<string> | undefined {
    const uris = new Set<string>();
    if (version === this.currentVersion) return uris;
    if (this.changeLog.length === 0 || this.changeLog[0].version > version + 1) return undefined;
    for (const change of this.changeLog) {
      if (change.version <= version) continue;
      if (change.uri === undefined) return undefined;
      if (change.uri !== null) uris.add(change.uri);
    }
    return uris;
  }

  get size(): number {
    return this.notesByUri.size;
  }

  /** Entries defined as a term at least once (not only as a topic): kept as notes change, so a status costs nothing. */
  get termCount(): number {
    return this.entries.termCount;
  }

  /** Entries named only as topics (a heading, never defined as a term): Search Notes lists them after the terms. */
  get topicCount(): number {
    return this.entries.size - this.entries.termCount;
  }

  /** How notes read again on demand are read: as the workspace reads them (the conceptNotes setting). */
  setReadOptions(options: ReadOptions): void {
    this.parses.readOptions = options;
    this.parses.clear();
  }

  setIgnoredTerms(terms: string[]): void {
    this.takeUpStoredMatcher();
    this.ignored = ignoredKeys(terms);
    this.nextVersion(undefined);
  }

  isIgnored(phrase: string): boolean {
    return this.ignored.has(phraseKey(phrase));
  }

  /** isIgnored for a phrase already turned into its key. */
  isIgnoredKey(key: string): boolean {
    return this.ignored.has(key);
  }

  /**
   * The folders where a glossary's definitions apply, when the workspace has worked them out
   * (its own folder and those of the glossaries that import it: see
   * workspace/glossaryImports.ts); undefined leaves a glossary file its own folder alone (see
   * query/scope.ts).
   */
  setGlossaryFolders(uri: string, folders: readonly string[] | undefined): void {
    const before = this.glossaryFolders.get(uri);
    if (folders === undefined ? before === undefined : before !== undefined && before.length === folders.length && before.every((f, i) => f === folders[i])) return;
    this.takeUpStoredMatcher();
    if (folders === undefined) this.glossaryFolders.delete(uri);
    else this.glossaryFolders.set(uri, [...folders]);
    this.nextVersion(undefined);
  }

  glossaryFoldersOf(uri: string): readonly string[] | undefined {
    return this.glossaryFolders.get(uri);
  }

  /**
   * The folders where a note's definitions apply, for notes that do not apply everywhere: those
   * that only a workspace folder's own setting names (see workspace/notesWorkspace.ts). `of`
   * gives a note's folders, or undefined for a note that applies everywhere; no `of`, every
   * note does. Read, as a glossary's folders are, by query/scope.ts.
   */
  setNoteFolders(of: ((uri: string) => readonly string[] | undefined) | undefined): void {
    if (!of && !this.noteFolders) return;
    this.takeUpStoredMatcher();
    this.noteFolders = of && { of, known: new Map() };
    this.nextVersion(undefined);
  }

  /** Whether some notes may apply in some folders only (see setNoteFolders). */
  get hasNoteFolders(): boolean {
    return this.noteFolders !== undefined;
  }

  /** The folders where the note at `uri` applies; undefined when it applies everywhere. */
  noteFoldersOf(uri: string): readonly string[] | undefined {
    const scoped = this.noteFolders;
    if (!scoped) return undefined;
    if (scoped.known.has(uri)) return scoped.known.get(uri);
    const folders = scoped.of(uri);
    if (scoped.known.size >= MAX_NOTE_FOLDERS_KEPT) scoped.known.clear();
    scoped.known.set(uri, folders);
    return folders;
  }

  /** Every glossary whose folders the workspace has set. */
  glossaryFolderUris(): string[] {
    return [...this.glossaryFolders.keys()];
  }

  /** A note's whole model: parsed again if the index stored the note as text (see StoredNote). */
  note(uri: string): Note | undefined {
    // An editor's spelling of the URI finds the note too (see fileUri.ts).
    const kept = this.notesByUri.get(uri) ?? this.notesByUri.get(canonicalFileUri(uri));
    return kept instanceof StoredNote ? kept.full() ?? emptyNote(kept) : kept;
  }

  has(uri: string): boolean {
    return this.notesByUri.has(uri) || this.notesByUri.has(canonicalFileUri(uri));
  }

  uris(): IterableIterator<string> {
    return this.notesByUri.keys();
  }

  /** Every note's whole model. Stored notes are parsed again, one at a time: this is for whole-corpus reports, not for requests. */
  *notes(): IterableIterator<Note> {
    for (const kept of this.notesByUri.values()) yield kept instanceof StoredNote ? kept.full() ?? emptyNote(kept) : kept;
  }

  terms(): IterableIterator<TermEntry> {
    return this.entries.values();
  }

  /**
   * The definitions of one note that the index files under a term (those of terms with a
   * key), in the note's order: the same ones its entries hold for its uri, found without a
   * pass over every entry. Stored notes give their stored definitions, notes kept whole their
   * model's.
   */
  filedDefinitions(uri: string): readonly Definition[] {
    const kept = this.notesByUri.get(uri);
    if (!kept) return [];
    if (kept instanceof StoredNote) return kept.definitions;
    return kept.definitions.filter((definition) => cachedPhraseKey(definition.term) !== '');
  }

  /** The content words of each note's definitions, counted: what topicality's vectors are made of. */
  get topicWords(): TopicWords {
    return this.topicWordCounts;
  }

  /**
   * Adds a note, or replaces the note with the same uri. With a `source` (the text the note
   * was parsed from, and how to read it again), the index keeps a few fields per definition
   * rather than the model, and parses the note again when asked for the rest (see
   * StoredNote): how notes read from disk are kept. Without it (an editor's open note, a
   * test's note) the model is kept.
   */
  upsert(note: Note, source?: { text: string; read: NoteReader }): void {
    this.takeUpStoredMatcher();
    if (source && storable(source.text)) {
      this.add(digestNote(note, source.text), source.read);
      return;
    }
    this.replacing(note.uri);
    this.notesByUri.set(note.uri, note);
    const touched = new Set<string>();
    const filed: TopicSource[] = [];
    for (const [ordinal, definition] of note.definitions.entries()) {
      const key = cachedPhraseKey(definition.term);
      if (!key) continue;
      if (this.entries.file(key, indexedDefinition(definition, note.uri, ordinal))) touched.add(key);
      filed.push(definition);
    }
    if (filed.length > 0) this.topicWordCounts.addNote(note.uri, countTopicWords(filed));
    this.finish(note.uri, touched, noteWords(note));
  }

  /**
   * Adds or replaces a note read from a file, from its digest (see digestNote): what a worker
   * that parsed the note sends, or what upsert makes of a note it is given with its text.
   */
  add(digest: NoteDigest, read: NoteReader): void {
    finished(this.adding(digest, read));
  }

  /**
   * The same in steps, for a large note filed while requests are answered: a step files
   * DEFINITIONS_PER_STEP definitions (a 9 MB glossary's 100,000 took over a second at once),
   * names their entries and counts as a change, so that a request between two steps finds the
   * index whole with part of the note in it. Returns false when the note was replaced or
   * removed meanwhile (its newer text won): the rest of it is not filed.
   */
  *adding(digest: NoteDigest, read: NoteReader): Generator<void, boolean> {
    this.takeUpStoredMatcher();
    this.replacing(digest.uri);
    const stored = new StoredNote(digest.uri, digest.hash, read, this.parses, digest.numbers, digest.textForm, digest.length, digest.details);
    this.notesByUri.set(digest.uri, stored);
    let touched = new Set<string>();
    const paths = digest.sectionPaths;
    for (let i = 0; i < digest.keys.length; i++) {
      if (i > 0 && i % DEFINITIONS_PER_STEP === 0) {
        for (const key of touched) this.entries.refresh(key);
        touched = new Set();
        this.nextVersion(digest.uri);
        yield;
        if (this.notesByUri.get(digest.uri) !== stored) return false;
        this.takeUpStoredMatcher();
      }
      const definition = new StoredDefinition(stored, digest.ordinals[i], digest.terms[i], digest.texts[i], paths[digest.paths[i]], digest.flags[i], digest.extras[i] ?? undefined);
      stored.definitions.push(definition);
      if (this.entries.file(digest.keys[i], definition)) touched.add(digest.keys[i]);
    }
    if (digest.keys.length > 0) this.topicWordCounts.addNote(digest.uri, { keys: digest.topicKeys, counts: digest.topicCounts });
    this.finish(digest.uri, touched, digest.words);
    return true;
  }

  /**
   * Files words for several notes at once (see DigestBatch): word after word, `counts` says
   * how many of `uris` hold it and `members` which (places in `uris`). The notes must have
   * been added just before, with no words of their own.
   */
  addWords(uris: (string | undefined)[], words: string[], counts: Int32Array, members: Int32Array): void {
    this.takeUpStoredMatcher();
    this.wordLists.addWords(uris, words, counts, members);
    this.nextVersion(null);
  }

  private replacing(uri: string): void {
    const previous = this.notesByUri.get(uri);
    if (previous) this.retract(previous);
  }

  /** After a note's definitions are filed: its entries' names, and its words under a new number. */
  private finish(uri: string, touched: Set<string>, noteWordKeys: Iterable<string>): void {
    for (const key of touched) this.entries.refresh(key);
    this.wordLists.addNote(uri, noteWordKeys);
    this.nextVersion(uri);
  }

  remove(uri: string): boolean {
    const previous = this.notesByUri.get(uri);
    if (!previous) return false;
    this.takeUpStoredMatcher();
    this.retract(previous);
    this.notesByUri.delete(uri);
    this.nextVersion(uri);
    return true;
  }

  private retract(note: Note | StoredNote): void {
    if (note instanceof StoredNote) this.parses.forget(note);
    this.entries.retract(note.uri, note.definitions);
    this.wordLists.retire(note.uri);
    this.topicWordCounts.retire(note.uri);
  }

  /**
   * Lets go of the keys remembered for the words and names of notes read so far: they speed
   * up a full index, where words recur note after note, and are only memory once it is done.
   */
  forgetKeys(): void {
    forgetRememberedKeys();
  }

  /**
   * An entry's definitions of one kind from one note, in the entry's order: the same as
   * filtering `entry.definitions`, found by binary search (see definitionsOfNote).
   */
  definitionsIn(entry: TermEntry, uri: string, kind: Definition['kind']): IndexedDefinition[] {
    return definitionsOfNote(entry.definitions, uri, kind);
  }

  /** The longest name, in words: how far a lookup around a cursor needs to look. */
  get longestNameWords(): number {
    return this.entries.longestNameWords;
  }

  /** Entries that a phrase names exactly (after normalisation), best first. */
  lookupExact(phrase: string): TermEntry[] {
    return this.entries.lookupExact(phrase);
  }

  /**
   * What a writer means by a phrase: exact names first, then names within a small edit
   * distance (misspellings in the notes, or in the query).
   */
  lookup(phrase: string): TermEntry[] {
    return this.entries.lookup(phrase);
  }

  /**
   * True when the entry may match written text: not ignored, not marked off in the notes, and
   * not a single everyday word that only a loose definition names (`* start: warm … cold …`
   * makes "start" a term of the notes, but not one to light up in every sentence), or only a
   * topic that has distilled nothing yet (`## semantics` over raw material: a heading that files
   * what is below it), unless marked on. `define` and search still find it. The user's
   * settings outrank the notes' markers.
   */
  matchable(entry: TermEntry): boolean {
    if (this.ignored.has(entry.key) || entry.hover === 'off') return false;
    if (entry.hover === 'on') return true;
    return !(onlyWeakDefinitions(entry) && !entry.key.includes(' ') && !isAcronym(entry.term));
  }

  /**
   * The matcher over every matchable name, built once per index version. `admitName`, when
   * given, leaves out the names it refuses (the relevance stage's term admission: `in`, `A`,
   * `404` alone); the entries stay, reached by their other names.
   */
  matcher(admitName?: (name: string) => boolean): { matcher: TermMatcher; entries: TermEntry[] } {
    this.takeUpStoredMatcher();
    const cached = this.cachedMatcher;
    if (cached?.version === this.currentVersion && cached.admitName === admitName) return cached;
    // One begun in idle slices for this version is finished, not begun again.
    const pending = this.pendingMatcher;
    if (pending?.version === this.currentVersion && pending.admitName === admitName) {
      this.pendingMatcher = undefined;
      return this.keepMatcher(admitName, finished(pending.steps));
    }
    return this.keptMatcher(admitName) ?? this.keepMatcher(admitName, this.buildMatcher(admitName, false));
  }

  /**
   * Builds the matcher for the index as it is in slices of about `sliceMs`, pausing between
   * them, so that the first scan of a design doc after an index finds it ready without the
   * server being held meanwhile (at 10,000 notes it takes 1.8 s). A change to the index drops
   * the pass; a scan asked meanwhile finishes it.
   */
  async prepareMatcher(admitName: ((name: string) => boolean) | undefined, pause: () => Promise<void>, sliceMs = 8): Promise<void> {
    const stored = this.storedMatcher?.admitName === admitName ? this.storedMatcher : undefined;
    this.storedMatcher = undefined;
    const version = this.currentVersion;
    if (!stored && ((this.cachedMatcher?.version === version && this.cachedMatcher.admitName === admitName) || this.keptMatcher(admitName))) return;
    // A matcher the snapshot carried is taken up in slices too: at once, it held the first
    // hover after a start for 80-100 ms at 10,000 notes.
    const pending = { version, admitName, steps: stored ? this.takeUpSteps(stored.entryKeys, stored.state) : this.matcherSteps(admitName, false), takingUp: !!stored };
    this.pendingMatcher = pending;
    // Not wanted once finished by a scan, replaced, or the index changed.
    const built = await inSlices(pending.steps, pause, sliceMs, () => this.pendingMatcher === pending && this.currentVersion === version);
    if (this.pendingMatcher === pending) this.pendingMatcher = undefined;
    if (built) this.keepMatcher(admitName, built.value);
  }

  /**
   * Finishes the matcher begun in idle slices for this version of the index, if one is under
   * way, so that a snapshot written now carries it (see exportState).
   */
  finishPreparedMatcher(admitName: ((name: string) => boolean) | undefined): void {
    const pending = this.pendingMatcher;
    if (pending?.version === this.currentVersion && pending.admitName === admitName) this.matcher(admitName);
  }

  /**
   * The matcher built before, when the index changed since without changing its names: most
   * edits of a note change what it says, not the names it defines. The matcher's entries are
   * looked up again. Building it anew took 1.8 s at 10,000 notes, after every edit, for the
   * next scan of a design doc.
   */
  private keptMatcher(admitName: ((name: string) => boolean) | undefined): CachedMatcher | undefined {
    const cached = this.cachedMatcher;
    const entries = cached && cached.admitName === admitName && cached.ignored === this.ignored ? this.sameNamesAs(cached) : undefined;
    if (!cached || !entries) return undefined;
    this.cachedMatcher = { ...cached, version: this.currentVersion, entries };
    return this.cachedMatcher;
  }

  private keepMatcher(admitName: ((name: string) => boolean) | undefined, built: BuiltMatcher): CachedMatcher {
    this.cachedMatcher = { version: this.currentVersion, admitName, ignored: this.ignored, ...built };
    return this.cachedMatcher;
  }

  /**
   * The matchable entries now, in the order of the cached matcher's, when they are the same
   * entries by key with the same names: the matcher built for them still holds. Undefined
   * when any entry came, went, or has another name.
   */
  private sameNamesAs(cached: CachedMatcher): TermEntry[] | undefined {
    const current = new Map<string, TermEntry>();
    for (const entry of this.entries.values()) if (this.matchable(entry)) current.set(entry.key, entry);
    if (current.size !== cached.entries.length) return undefined;
    const entries: TermEntry[] = [];
    for (const [at, before] of cached.entries.entries()) {
      const entry = current.get(before.key);
      if (!entry || !sameNameSignature(entry, cached.signatures[at])) return undefined;
      entries.push(entry);
    }
    return entries;
  }

  /**
   * A matcher over every name, the ignored and those marked off too: what `scan --explain`
   * needs to say why a word is not hovered. Built afresh each time (a command line asks once).
   */
  matcherOfEveryName(): { matcher: TermMatcher; entries: TermEntry[] } {
    return this.buildMatcher(undefined, true);
  }

  private buildMatcher(admitName: ((name: string) => boolean) | undefined, everyName: boolean): BuiltMatcher {
    return finished(this.matcherSteps(admitName, everyName));
  }

  /** The pass that builds a matcher, pausing (yielding) now and then: see prepareMatcher. */
  private *matcherSteps(admitName: ((name: string) => boolean) | undefined, everyName: boolean): Generator<void, BuiltMatcher> {
    // Where entries share a name, the matcher gives an occurrence to the one listed first. The
    // order is that of lookupExact, which hovers use: the entry whose own term the name is,
    // then by key. In the map's order (the order edits left), a document's terms would
    // depend on the history of the notes rather than on what they say.
    const matching = [...this.entries.values()].filter((entry) => everyName || this.matchable(entry));
    const entries = yield* sortedInSteps(matching, (a, b) => compareText(a.key, b.key));
    const ownNames: MatcherEntry[] = [];
    const otherNames: MatcherEntry[] = [];
    const variants: MatcherEntry[] = [];
    const signatures: NameSignature[] = [];
    for (const [id, entry] of entries.entries()) {
      if (id % ENTRIES_PER_STEP === ENTRIES_PER_STEP - 1) yield;
      signatures.push(nameSignature(entry));
      for (const name of entry.names) {
        const nameKey = cachedPhraseKey(name);
        if ((!everyName && this.ignored.has(nameKey)) || (admitName && !admitName(name))) continue;
        const acronym = isAcronym(name);
        (nameKey === entry.key ? ownNames : otherNames).push({ phrase: name, id, caseSensitive: acronym, lowerCaseToo: acronym && matchesInLowerCase(name), upperCaseToo: acronym && matchesInCapitals(name) });
        for (const variant of spellingsOf(name, entry.codeNames)) {
          if ((everyName || this.ignored.size === 0 || !this.ignored.has(phraseKey(variant))) && (!admitName || admitName(variant))) variants.push({ phrase: variant, id, caseSensitive: false });
        }
      }
    }
    // Other spellings last: where one is also a name of another entry, the name wins.
    const names = [...ownNames, ...otherNames, ...variants];
    return { matcher: new TermMatcher(names, yield* termTrieSteps(names)), entries, signatures };
  }

  /**
   * Lines of the notes that mention a phrase, with their links: how a term without a
   * definition (`CQRS`) still leads to references. Lines with links come first, then the
   * others, each in note and line order.
   */
  mentions(phrase: string, limit = 50, nearSpellings = true): Mention[] {
    return mentionsLinksFirst(mentionLines(phrase, this.wordLists, this.notesByUri, 'all', nearSpellings), limit);
  }

  /**
   * Lines of the notes that mention a phrase and hold links or are quotes, as `mentions` orders
   * them: what the command palette's search shows of the notes' prose. The notes whose only
   * mentioning lines are plain prose are passed over without a parse.
   */
  quotedOrLinkedMentions(phrase: string, limit = 50): Mention[] {
    return mentionsLinksFirst(mentionLines(phrase, this.wordLists, this.notesByUri, 'linked-or-quoted'), limit);
  }

  /** The lines that mention a phrase and hold links, in note and line order, found as they are asked for (see mentionLines). */
  *linkedMentions(phrase: string, nearSpellings = true): Generator<Mention> {
    for (const mention of mentionLines(phrase, this.wordLists, this.notesByUri, 'linked', nearSpellings)) if (mention.links.length > 0) yield mention;
  }

  /**
   * Files the word lists of a state taken up (see WordLists.loadColumns) in slices of about
   * `sliceMs`, pausing between them, so that the first search for mentions after a start
   * finds them filed. A search asked meanwhile files the rest at once.
   */
  prepareWordLists(pause: () => Promise<void>, sliceMs = 8): Promise<void> {
    return this.wordLists.prepare(pause, sliceMs);
  }

  /** Whether the word lists of a state taken up are still to be filed (for tests). */
  get wordListsDeferred(): boolean {
    return this.wordLists.deferred;
  }

  /** What the index is made of, for its state (see indexState.ts). */
  private get parts(): IndexParts {
    return { notesByUri: this.notesByUri, parses: this.parses, entries: this.entries, wordLists: this.wordLists, topicWords: this.topicWordCounts };
  }

  /**
   * Reads each of these notes' details from where a snapshot just written from this index
   * holds them (`onDisk[i]` for `uris[i]`), instead of from memory. Nothing changes in what
   * the index answers.
   */
  keepDetailsOnDisk(uris: readonly string[], onDisk: readonly DetailsOnDisk[]): void {
    for (const [i, uri] of uris.entries()) {
      const note = this.notesByUri.get(uri);
      if (note instanceof StoredNote) note.keepDetailsIn(onDisk[i]);
    }
  }

  /**
   * The index as plain data: its notes, its terms with their names and definitions in order,
   * and its word lists. `loadState` builds the same index from it without parsing or sorting.
   */
  exportState(admitName?: (name: string) => boolean): IndexState {
    this.takeUpStoredMatcher();
    const state = exportIndexState(this.parts);
    // The matcher goes with it when one is built for the index as it is: a start that takes
    // the state up then scans a design doc at once.
    const cached = this.cachedMatcher;
    if (admitName && cached?.version === this.currentVersion && cached.admitName === admitName) {
      const numbers = new Map(state.entryKeys.map((key, number) => [key, number]));
      state.matcher = { entries: Int32Array.from(cached.entries, (entry) => numbers.get(entry.key)!), ignored: [...this.ignored], trie: trieState(cached.matcher.trie) };
    }
    return state;
  }

  /**
   * Replaces everything in the index by what `exportState` gave, every note a stored note read
   * again through `readerFor`. The caller vouches that the state is whole (workspace/snapshot.ts checks
   * the file it comes from); what the notes say is not read here. The state's matcher, if any,
   * is taken up as the one of `admitName` when the ignored terms are those it was built under.
   */
  loadState(state: IndexState, readerFor: (uri: string) => NoteReader, admitName?: (name: string) => boolean): void {
    this.clear();
    loadIndexState(state, readerFor, this.parts);
    this.nextVersion(undefined);
    // Taken up when first needed, not here: a start's first hover does not wait for it.
    if (admitName && state.matcher && sameKeys(state.matcher.ignored, this.ignored)) this.storedMatcher = { admitName, entryKeys: state.entryKeys, state: state.matcher };
  }

  /**
   * Takes up the matcher the state carried, if it has not been yet: when a scan or the idle
   * pass first asks for a matcher, and before any change to the index, so that it is taken up
   * for the entries it was built for (a change then keeps it or not, as for any matcher: see
   * keptMatcher).
   */
  private takeUpStoredMatcher(): void {
    // One being taken up in slices is finished, for the entries it was loaded for.
    const pending = this.pendingMatcher;
    if (pending?.takingUp && pending.version === this.currentVersion) {
      this.pendingMatcher = undefined;
      this.keepMatcher(pending.admitName, finished(pending.steps));
    }
    const stored = this.storedMatcher;
    if (!stored) return;
    this.storedMatcher = undefined;
    this.keepMatcher(stored.admitName, finished(this.takeUpSteps(stored.entryKeys, stored.state)));
  }

  /** The matcher a state carried, for the entries as they were loaded, pausing (yielding) now and then. */
  private *takeUpSteps(entryKeys: readonly string[], state: MatcherState): Generator<void, BuiltMatcher> {
    const entries: TermEntry[] = [];
    for (const number of state.entries) {
      entries.push(this.entries.get(entryKeys[number])!);
      if (entries.length % ENTRIES_PER_STEP === 0) yield;
    }
    const trie = yield* trieFromStateSteps(state.trie);
    return { matcher: new TermMatcher([], trie), entries, signatures: entries.map(nameSignature) };
  }

  /** Lets go of what is kept only to answer faster: parsed notes, decoded details, lists of references (see query/lookup.ts). */
  dropCaches(): void {
    this.parses.clear();
    this.storedMatcher = undefined;
    this.cachedMatcher = undefined;
    this.pendingMatcher = undefined;
    this.forgetKeys();
    for (const forget of this.onDropCaches) forget();
  }

  /** Caches kept elsewhere for this index, to be let go with its own. */
  readonly onDropCaches: (() => void)[] = [];

  /** Empties the index (its ignored terms stay). */
  private clear(): void {
    this.storedMatcher = undefined;
    for (const kept of this.notesByUri.values()) if (kept instanceof StoredNote) this.parses.forget(kept);
    this.notesByUri.clear();
    this.entries.clear();
    this.wordLists.clear();
    this.topicWordCounts.clear();
    this.nextVersion(undefined);
  }

  /** A canonical, order-independent form of the whole index, for equality tests. */
  snapshot(): unknown {
    const entries = [...this.entries.values()]
      .map((e) => ({ key: e.key, term: e.term, names: [...e.names].sort(), definitions: e.definitions.map((d) => `${d.uri}:${d.range.start.line}:${d.term}`), ...(e.hover ? { hover: e.hover } : {}) }))
      .sort((a, b) => a.key.localeCompare(b.key));
    const names = this.entries.snapshotNames();
    const wordNotes = [...this.wordLists.listedWords()]
      .map((word) => [word, this.wordLists.notesWithWord(word).sort()] as const)
      .filter(([, uris]) => uris.length > 0)
      .sort((a, b) => a[0].localeCompare(b[0]));
    return { notes: [...this.notesByUri.keys()].sort(), entries, names, wordNotes };
  }
}

/**
 * The keys of ignored terms, with those of their other spellings (see nameVariants): an
 * ignored `multi-tenant` is not hovered as "multitenant" either, in the scan or under the cursor.
 */
function ignoredKeys(terms: string[]): Set<string> {
  const keys = new Set<string>();
  for (const term of terms) for (const spelling of [term, ...nameVariants(term)]) keys.add(phraseKey(spelling));
  return keys;
}

/** What a note that can no longer be read holds until the watcher's report takes it out. */
function emptyNote(stored: StoredNote): Note {
  return { uri: stored.uri, hash: stored.hash, sections: [], definitions: [], facets: [], links: [], citations: [], quotes: [], crossReferences: [], reminders: [], problems: [], lines: [], lineCount: 0 };
}

/** How many versions back NotesIndex.notesChangedSince can tell what changed. */
const CHANGES_KEPT = 256;
/** Notes whose folders are kept worked out (see noteFoldersOf): past it, they are worked out again. */
const MAX_NOTE_FOLDERS_KEPT = 200_000;
/** Definitions of one note filed in a step of NotesIndex.adding: some 10 ms of work. */
const DEFINITIONS_PER_STEP = 1000;

/** How many entries the matcher's pass reads between two chances to pause. */
const ENTRIES_PER_STEP = 256;

/** A matcher, the entries its ids number, and what of each it was made of (see nameSignature). */
interface BuiltMatcher {
  matcher: TermMatcher;
  entries: TermEntry[];
  signatures: NameSignature[];
}

/** The matcher last built, and what it was built from (see NotesIndex.matcher). */
interface CachedMatcher {
  version: number;
  admitName?: (name: string) => boolean;
  ignored: Set<string>;
  matcher: TermMatcher;
  entries: TermEntry[];
  /** Per entry, in the same order: what of it the matcher is made of (see nameSignature). */
  signatures: NameSignature[];
}

function sameKeys(keys: readonly string[], set: ReadonlySet<string>): boolean {
  return keys.length === set.size && keys.every((key) => set.has(key));
}

/**
 * What the matcher takes of an entry: its names, in order, and whether their code spellings
 * find it. The names' array itself, not a copy: an entry's names are replaced, never changed
 * in place (TermEntries.refresh), so the array stands for the names as they were.
 */
interface NameSignature {
  names: readonly string[];
  codeNames: boolean;
}

function nameSignature(entry: TermEntry): NameSignature {
  return { names: entry.names, codeNames: !!entry.codeNames };
}

function sameNameSignature(entry: TermEntry, signature: NameSignature): boolean {
  if (!!entry.codeNames !== signature.codeNames) return false;
  const names = entry.names;
  if (names === signature.names) return true;
  return names.length === signature.names.length && names.every((name, at) => name === signature.names[at]);
}
