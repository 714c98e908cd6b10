// The set of notes a server keeps indexed: which files they are (from the settings), the
// text of each (from disk, or the editor's unsaved text while a note is open), and the
// index built from them. A full index runs in slices that yield to the event loop, so
// requests are answered while it runs; a newer run cancels an older one.

import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import picomatch from 'picomatch';
import { NotesIndex } from '../index/notesIndex';
import {
  DEFAULT_MAX_FILE_BYTES, fileStamp, MAX_FILE_BYTES_LIMIT, sameStamp, type NoteFileList, findGlossaryFilesInSlices, findNoteFiles, findNoteFilesInSlices, type FileStamp, isGlossaryFileName, isNoteFileName,
  legacyDefinitionsFiles, noteReader, readNoteFile, resolveNotesPath, WalkExclusions, type SkippedFile,
} from '../notes/noteFiles';
import type { NoteProblem } from '../model';
import { isYamlName } from '../formats/contextive/glossary';
import { GlossaryImports, type GlossaryFetcher } from './glossaryImports';
import { digestFiles, digestFile, type DigestBatch, type FileDigest } from './indexWorkers';
import { readNote, type ReadOptions } from '../formats/readNote';
import type { ConceptNotesChoice } from '../formats/vault/conceptChoice';
import { canonicalFileUri } from '../notes/fileUri';
import { NameStarts } from '../query/nameStarts';
import { NotesSearch } from '../query/search';
import { prepareTopicality } from '../relevance/topicality';
import { isAdmittedName, prepareAdmittedMatcher } from '../relevance/relevance';
import type { SnapshotStore } from './snapshot';
import { finished } from '../steps';

export interface WorkspaceSettings {
  /** Files, folders or globs; relative ones resolved against each of baseFolders. Their notes apply everywhere. */
  entries: string[];
  baseFolders: string[];
  /**
   * Files, folders or globs that a workspace folder's own settings name, relative ones resolved
   * against that folder: their notes apply to the documents in that folder only, unless
   * `entries` names them too (see NotesIndex.setNoteFolders).
   */
  folderEntries?: FolderEntries[];
  ignoreTerms: string[];
  maxFileBytes: number;
  /** Which vault notes contribute terms (the conceptNotes setting); all when absent. */
  conceptNotes?: ConceptNotesChoice;
  /**
   * False for a workspace the user has not trusted: its glossaries' imports reach only files
   * inside baseFolders, and no URL (see glossaryImports.ts). True when absent.
   */
  trusted?: boolean;
}

/** The notes paths one workspace folder's own settings name. */
export interface FolderEntries {
  folder: string;
  entries: string[];
}

export interface WorkspaceStatus {
  state: 'indexing' | 'ready';
  notes: number;
  terms: number;
  /** Names that are only topics: with the terms, what an empty Search Notes lists. */
  topics: number;
  done?: number;
  total?: number;
  skipped: SkippedFile[];
  version: number;
}

export interface WorkspaceOptions {
  onStatus?: (status: WorkspaceStatus) => void;
  /** Called after any change to the index. */
  onChange?: () => void;
  log?: (message: string) => void;
  /** Where the index is kept between runs (see snapshot.ts). */
  snapshots?: SnapshotStore;
  /** How long one slice of indexing may run before it yields, in ms. */
  sliceMs?: number;
  /**
   * A script that runs runDigestWorker (dist/server-main.js, as a worker thread): with it, a full index reads and
   * parses notes in worker threads (see indexWorkers.ts); without it, in this thread.
   */
  workerScript?: string;
  /** How many workers; by default one per processor (at most MAX_WORKERS). */
  workers?: number;
  /** Fetches the glossaries that Contextive glossaries import from https URLs (by default, over the network). */
  fetchGlossary?: GlossaryFetcher;
  /**
   * How long the index must stay unchanged, in ms, before the snapshot is written (after a
   * full index, and after edits); SNAPSHOT_QUIET_MS by default. Shutting down writes it too.
   */
  snapshotQuietMs?: number;
}

/**
 * The quiet period before a snapshot is written. Writing 20,000 notes holds the thread for a
 * second or two: not while someone types, nor while the first requests after an index come in.
 */
export const SNAPSHOT_QUIET_MS = 10_000;

/** A snapshot's notes as taken up, before their files are checked (see NotesWorkspace.takeUpSnapshot). */
interface TakenSnapshot {
  uris: string[];
  /** Each note's file (undefined for a URI that names none). */
  files: (string | undefined)[];
  /** Each file's size and time when it was read (null for a note that was open in the editor). */
  stamps: (FileStamp | null)[];
}

/** Workers cost a start and a heap each: more than this many gain little on notes. */
const MAX_WORKERS = 4;

/**
 * One worker per processor but one, which the main thread keeps for filing what they send
 * and answering requests; none on two processors or fewer, where workers took a seventh to a
 * quarter off a cold index of 10,000 notes but the main thread, sharing its processor, was
 * held up to 65 ms at a time instead of 22 ms.
 */
export function defaultWorkers(): number {
  const processors = availableParallelism();
  return processors <= 2 ? 0 : Math.min(processors - 1, MAX_WORKERS);
}

/** Words filed between two checks of the time (see indexAll's slices). */
const WORDS_AT_A_TIME = 500;
/** Below this many files to read, starting workers costs more than it saves. */
const WORKERS_FROM = 64;
/**
 * A note larger than this is read and parsed in a worker thread whenever there is a worker
 * script (see indexAll): parsed here, a glossary of this size holds the thread for some 60 ms,
 * prose for some 20 ms; a 9 MB glossary held it for 2-3 s.
 */
export const LARGE_NOTE_BYTES = 256 * 1024;

export function fileToUri(file: string): string {
  return pathToFileURL(file).href;
}

export function uriToFile(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

export class NotesWorkspace {
  readonly index = new NotesIndex();
  readonly search = new NotesSearch(this.index);
  readonly nameStarts = new NameStarts(this.index);
  private settings: WorkspaceSettings = { entries: [], baseFolders: [], ignoreTerms: [], maxFileBytes: DEFAULT_MAX_FILE_BYTES };
  /** What the walk looks for: the settings' entries, and the folders' own with their folder made part of them. */
  private namedPaths: string[] = [];
  private files = new Set<string>();
  private folders: string[] = [];
  /** Folders to watch for changes: note folders, glob bases, the folders of single notes. */
  private roots: string[] = [];
  private globs: ((file: string) => boolean)[] = [];
  /**
   * What a walk of the notes folders leaves out (tool folders, ignore files), for notes that
   * appear later. The watcher reports note files only, so an edited `.gitignore` is read
   * again with the next full index.
   */
  private exclusions = new WalkExclusions();
  private readonly open = new Map<string, string>(); // uri → unsaved text of open notes
  private skipped: SkippedFile[] = [];
  private run = 0;
  private progress?: { done: number; total: number };
  private idle: Promise<void> = Promise.resolve();
  /** For each note read from its file: the file's size and time when it was read (see snapshot.ts). */
  private readonly stamps = new Map<string, FileStamp>();
  /** A snapshot is taken up by the first full index only: later ones start from the index as it is. */
  private snapshotTried = false;
  /** The index changed since the snapshot was taken up or written. */
  private snapshotDirty = false;
  /** Writes the snapshot once the index has been quiet for a while (see scheduleSnapshot). */
  private snapshotTimer: ReturnType<typeof setTimeout> | undefined;

  /** What the workspace's glossaries import (see glossaryImports.ts). */
  private readonly glossaries: GlossaryImports;

  constructor(private readonly options: WorkspaceOptions = {}) {
    this.glossaries = new GlossaryImports(this.index, {
      fetch: options.fetchGlossary,
      maxFileBytes: () => this.settings.maxFileBytes,
      reach: () => (this.settings.trusted === false ? { folders: this.settings.baseFolders } : 'anywhere'),
      log: options.log,
      onChange: () => this.changed(),
    });
  }

  /** Resolves when the imports of the glossaries, as of the latest change, are loaded (or failed). */
  get glossaryImportsSettled(): Promise<void> {
    return this.glossaries.settled;
  }

  /** The warnings about a glossary's imports (an unreachable URL, a missing file). */
  importProblems(uri: string): NoteProblem[] {
    return this.glossaries.problems(uri);
  }

  /** Resolves when the latest full index has finished. */
  get ready(): Promise<void> {
    return this.idle;
  }

  /** A full index is under way: the notes are being read, and the index changes with each one. */
  get indexing(): boolean {
    return this.progress !== undefined;
  }

  status(): WorkspaceStatus {
    return {
      // Before its first index (the settings not read yet) the workspace is not ready: a client
      // that waits for "ready" would take an empty index for the notes.
      state: this.progress || this.run === 0 ? 'indexing' : 'ready',
      notes: this.index.size,
      terms: this.index.termCount,
      topics: this.index.topicCount,
      done: this.progress?.done,
      total: this.progress?.total,
      skipped: this.skipped,
      version: this.index.version,
    };
  }

  /** How notes are read: which vault notes are concepts. */
  private get readOptions(): ReadOptions {
    return { conceptNotes: this.settings.conceptNotes };
  }

  /** Applies new settings and indexes everything again. */
  configure(settings: WorkspaceSettings): Promise<void> {
    // No front end may raise the limit past what one note may cost (see MAX_FILE_BYTES_LIMIT).
    this.settings = { ...settings, maxFileBytes: Math.min(settings.maxFileBytes, MAX_FILE_BYTES_LIMIT) };
    this.index.setIgnoredTerms(settings.ignoreTerms);
    this.index.setReadOptions(this.readOptions);
    this.folders = [];
    this.globs = [];
    this.roots = [];
    const everywhere = settings.entries.flatMap((entry) => resolveNotesPath(entry, settings.baseFolders)).map((resolved) => this.followNotesPath(resolved));
    const inFolders = (settings.folderEntries ?? []).flatMap(({ folder, entries }) => entries.flatMap((entry) => resolveNotesPath(entry, [folder]))
      .map((resolved) => ({ folder, names: this.followNotesPath(resolved), resolved })));
    // Found in one walk with the others: relative paths are resolved against their own folder already.
    this.namedPaths = [...settings.entries, ...inFolders.map(({ resolved }) => resolved)];
    // A note that only folders' own settings name applies in those folders; one that the
    // window's settings name too, or a glossary the workspace folders hold, applies as any other.
    this.index.setNoteFolders(inFolders.length === 0 ? undefined : (uri) => {
      const file = uriToFile(uri);
      if (file === undefined || everywhere.some((names) => names(file)) || this.isWorkspaceGlossary(file)) return undefined;
      const folders = [...new Set(inFolders.filter(({ names }) => names(file)).map(({ folder }) => folder))];
      return folders.length > 0 ? folders : undefined;
    });
    return this.reindex();
  }

  /** Follows a notes path, resolved (a folder, a file or a glob): returns whether it names a file. */
  private followNotesPath(resolved: string): (file: string) => boolean {
    const scan = picomatch.scan(resolved);
    if (scan.isGlob) {
      const matches = picomatch(scan.glob);
      const names = (file: string) => file.startsWith(scan.base + path.sep) && matches(path.relative(scan.base, file));
      this.globs.push((file) => names(file) && !this.exclusions.excludes(scan.base, file));
      this.roots.push(scan.base);
      return names;
    }
    this.roots.push(isNoteFileName(resolved) ? path.dirname(resolved) : resolved);
    this.folders.push(resolved);
    return (file) => file === resolved || file.startsWith(resolved + path.sep);
  }

  reindex(): Promise<void> {
    const run = ++this.run;
    this.exclusions = new WalkExclusions();
    this.glossaries.forgetFailures();
    this.idle = this.indexAll(run);
    return this.idle;
  }

  private async indexAll(run: number): Promise<void> {
    let lastReport = Date.now();
    const slice = this.slicer(run, () => new Promise((resolve) => setImmediate(resolve)), (now) => {
      if (now - lastReport <= 200) return;
      lastReport = now;
      this.report();
    });
    // Indexing from here on, though the number of notes is not known until the walk is done.
    this.progress = { done: 0, total: 0 };
    // The snapshot is taken up before the walk, so that requests are answered from it while the
    // folders are walked and its notes' files checked (at 20,000 notes, 150–200 ms more).
    const taken = this.snapshotTried ? undefined : this.takeUpSnapshot();
    this.snapshotTried = true;
    if (taken) {
      this.progress = { done: taken.uris.length, total: taken.uris.length };
      this.report();
    }
    const found = await this.findFiles(slice);
    if (!found || run !== this.run) return;
    const skipped = [...found.skipped];
    for (const item of skipped) this.options.log?.(`Skipped ${item.path}: ${item.reason}`);
    const wanted = new Set(found.files);
    const fromSnapshot = taken ? await this.keepUnchanged(taken, wanted, slice) : new Set<string>();
    if (!fromSnapshot) return; // a newer run took over: it reads every file again
    // Notes that are no longer named by the settings leave the index first.
    for (const file of this.files) if (!wanted.has(file)) this.index.remove(fileToUri(file));
    this.files = wanted;
    this.progress = { done: fromSnapshot.size, total: found.files.length };
    this.report();
    const toRead = found.files.filter((file) => !fromSnapshot.has(file));
    const workers = this.options.workerScript ? (this.options.workers ?? defaultWorkers()) : 0;
    if (workers > 0 && toRead.length >= WORKERS_FROM) {
      const closed = toRead.filter((file) => !this.open.has(fileToUri(file)));
      this.options.log?.(`Reading and parsing ${closed.length} notes in ${workers} worker threads.`);
      const done = await this.fileFromWorkers(run, slice, closed, workers, skipped);
      if (!done) return; // a newer run took over
      // Open notes, and any file the workers did not get to, are read here.
      toRead.splice(0, toRead.length, ...toRead.filter((file) => !done.has(file)));
      this.progress.done = found.files.length - toRead.length;
    }
    // A large note's parse holds the thread for as long as it takes (a 9 MB glossary: 2-3 s),
    // and every request waits behind it: with a worker script (and worker threads not turned
    // off), large notes are read and parsed in a worker thread, while the other notes are read
    // here and requests answered from them.
    const large: string[] = [];
    const largeInWorker = !!this.options.workerScript && this.options.workers !== 0;
    for (const file of toRead) {
      if (!(await slice())) return; // a newer run took over
      if (largeInWorker && !this.open.has(fileToUri(file)) && (fileStamp(file)?.size ?? 0) > LARGE_NOTE_BYTES) {
        large.push(file);
        continue;
      }
      const problem = this.loadFile(file);
      if (problem) skipped.push(problem);
      this.progress.done++;
    }
    if (large.length > 0) {
      // The notes read so far are answered from: say so, rather than at the next slice.
      this.report();
      this.options.log?.(`Reading and parsing ${large.length} large ${large.length === 1 ? 'note' : 'notes'} in a worker thread.`);
      const done = await this.fileFromWorkers(run, slice, large, 1, skipped, 1);
      if (!done) return; // a newer run took over
      // Any file the worker did not get to is read here.
      for (const file of large) {
        if (done.has(file)) continue;
        if (!(await slice())) return; // a newer run took over
        const problem = this.loadFile(file);
        if (problem) skipped.push(problem);
        this.progress.done++;
      }
    }
    this.skipped = skipped;
    this.progress = undefined;
    this.index.forgetKeys();
    this.report();
    this.options.onChange?.();
    this.scheduleSnapshot();
    // In the background: the local glossaries are served meanwhile.
    void this.updateGlossaries();
    // In idle slices: the search tables and completion's names by first character, so that the
    // first workspace symbols, search or completion finds them ready, and the notes' vectors the relevance stage weighs an everyday word by, so that the
    // first hover waits for none; then the matcher that a design doc's scan needs (code
    // actions, highlights, In This Document), so that the first scan does not build it.
    const idle = () => new Promise<void>((resolve) => setImmediate(resolve));
    void this.search.prepareInSlices(idle, this.options.sliceMs ?? 8);
    void this.nameStarts.prepareInSlices(idle, this.options.sliceMs ?? 8);
    void prepareTopicality(this.index, idle, this.options.sliceMs ?? 8);
    void prepareAdmittedMatcher(this.index, idle, this.options.sliceMs ?? 8);
    // The word lists a snapshot gave, for the first search for mentions.
    void this.index.prepareWordLists(idle, this.options.sliceMs ?? 8);
    void this.catchUp(run, idle);
  }

  /**
   * Reads and parses `files` in `workers` worker threads (`filesPerJob` at a time), and files
   * what they send into the index, note by note and a few hundred words at a time, in this
   * thread's slices. Returns the files filed, or undefined when a newer run took over. If the
   * workers fail, the files they did not send are left for the caller to read.
   */
  private async fileFromWorkers(run: number, slice: () => Promise<boolean>, files: string[], workers: number, skipped: SkippedFile[], filesPerJob?: number): Promise<Set<string> | undefined> {
    const done = new Set<string>();
    // Batches wait here until the main thread files them, note by note, in its slices.
    const batches: DigestBatch[] = [];
    let wake: (() => void) | undefined;
    let finished = false;
    const digesting = digestFiles(this.options.workerScript!, workers, files, this.settings.maxFileBytes, (batch) => {
      batches.push(batch);
      wake?.();
    }, () => run !== this.run, this.readOptions, filesPerJob).catch((error: unknown) => {
      // Whatever the workers could not do is done by the caller, one file at a time, as without them.
      this.options.log?.(`Indexing in worker threads failed (${error instanceof Error ? error.message : String(error)}); reading the notes in the main thread.`);
    }).finally(() => {
      finished = true;
      wake?.();
    });
    for (let batch = batches.shift(); batch || !finished; batch = batches.shift()) {
      if (!batch) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      for (const made of batch.digests) {
        if (!(await slice())) {
          await digesting;
          return undefined; // a newer run took over
        }
        const applying = this.applyingDigest(made);
        let step = applying.next();
        while (!step.done) {
          if (!(await slice())) {
            await digesting;
            return undefined; // a newer run took over
          }
          step = applying.next();
        }
        if (step.value) skipped.push(step.value);
        done.add(made.file);
        if (this.progress) this.progress.done++;
      }
      // A batch's words, a few hundred at a time: thousands at once blocked for 40 ms.
      const uris = batch.digests.map((made) => ('digest' in made && made.digest ? made.digest.uri : undefined));
      for (let from = 0, member = 0; from < batch.words.length; from += WORDS_AT_A_TIME) {
        if (!(await slice())) {
          await digesting;
          return undefined; // a newer run took over
        }
        const counts = batch.counts.subarray(from, from + WORDS_AT_A_TIME);
        const members = counts.reduce((sum, count) => sum + count, 0);
        this.index.addWords(uris, batch.words.slice(from, from + WORDS_AT_A_TIME), counts, batch.members.subarray(member, member + members));
        member += members;
      }
    }
    await digesting;
    if (run !== this.run) return undefined; // a newer run took over
    return done;
  }

  /**
   * Compares the notes on disk with the notes read, once a full index is done: a file written,
   * created or deleted while the notes were being read reaches no watcher that was not set up
   * yet (an editor registers its watchers once the index is ready; a server that watches the
   * disk itself sets its watches up folder by folder), and was lost until the next start. The
   * folders are walked again and each file's size and time compared with those it had when
   * read, in idle slices. (A note whose text was repaired is not kept with its stamp, see
   * applyDigest, and is not compared.)
   */
  private async catchUp(run: number, pause: () => Promise<void>): Promise<void> {
    const slice = this.slicer(run, pause);
    const found = await this.findFiles(slice);
    if (!found || run !== this.run) return;
    // Each file is asked of the disk itself when its turn comes, not of the walk: a watcher may
    // have told of a file created or deleted since the walk, and the index already has it so.
    for (const file of [...this.files]) {
      if (!(await slice())) return;
      if (this.open.has(fileToUri(file))) continue;
      const was = this.stamps.get(file);
      const now = fileStamp(file);
      if (!now) this.fileDeleted(file);
      else if (was && !sameStamp(now, was)) this.fileChanged(file);
    }
    for (const file of found.files) {
      if (!(await slice())) return;
      if (!this.files.has(file) && fileStamp(file)) this.fileChanged(file);
    }
  }

  /**
   * A step of a pass in slices: yields (through `pause`) once a slice has run its time, then
   * calls `resumed` with the time; false when a newer run took over.
   */
  private slicer(run: number, pause: () => Promise<void>, resumed?: (now: number) => void): () => Promise<boolean> {
    const sliceMs = this.options.sliceMs ?? 8;
    let sliceStart = Date.now();
    return async () => {
      if (Date.now() - sliceStart < sliceMs) return true;
      await pause();
      if (run !== this.run) return false;
      sliceStart = Date.now();
      resumed?.(sliceStart);
      return true;
    };
  }

  /** The note files the settings name, with the workspace folders' glossaries (notes without any setting, as Contextive finds them), in order. */
  private async findFiles(slice: () => Promise<boolean>): Promise<NoteFileList | undefined> {
    const found = await findNoteFilesInSlices(this.namedPaths, { baseFolders: this.settings.baseFolders }, slice);
    if (!found) return undefined;
    const glossaries = await findGlossaryFilesInSlices(this.settings.baseFolders, {}, slice);
    if (!glossaries) return undefined;
    return { files: [...new Set([...found.files, ...glossaries.files])].sort(), skipped: [...found.skipped, ...glossaries.skipped] };
  }

  /** Loads again what the workspace's glossaries import, and where each applies. */
  private updateGlossaries(): Promise<void> {
    const glossaries = [...this.files].filter(isYamlName).map((file) => {
      const uri = fileToUri(file);
      return { uri, text: this.noteText(uri) };
    });
    return this.glossaries.update(glossaries);
  }

  /** Reads and indexes one file (unless it is open in the editor, whose text wins). */
  private loadFile(file: string): SkippedFile | undefined {
    const uri = fileToUri(file);
    const unsaved = this.open.get(uri);
    if (unsaved !== undefined) {
      this.stamps.delete(file);
      this.snapshotDirty = true;
      this.index.upsert(readNote(uri, unsaved, this.readOptions));
      return undefined;
    }
    return this.applyDigest(digestFile(file, this.settings.maxFileBytes, this.readOptions));
  }

  /** Puts what was made of a file (here or in a worker, see digestFile) into the index. */
  private applyDigest(made: FileDigest): SkippedFile | undefined {
    return finished(this.applyingDigest(made));
  }

  /** The same in steps (see NotesIndex.adding): a large note's definitions a thousand at a time. */
  private *applyingDigest(made: FileDigest): Generator<void, SkippedFile | undefined> {
    const { file } = made;
    const uri = fileToUri(file);
    this.stamps.delete(file);
    this.snapshotDirty = true;
    if ('skipped' in made) {
      this.index.remove(uri);
      this.options.log?.(`Skipped ${file}: ${made.skipped}`);
      return { path: file, reason: made.skipped };
    }
    if (!made.digest) {
      this.index.upsert(readNote(uri, made.text, this.readOptions));
      return undefined;
    }
    const whole = yield* this.index.adding(made.digest, noteReader(file, this.settings.maxFileBytes));
    // Only a note stored as read from its file may be taken up by a later start (see snapshot.ts).
    if (whole && made.stamp) this.stamps.set(file, made.stamp);
    return undefined;
  }

  /** Names the set of notes a snapshot stands for: the settings that choose them. */
  private snapshotKey(): string {
    const folderEntries = this.settings.folderEntries?.length ? this.settings.folderEntries : undefined;
    return JSON.stringify({ entries: this.settings.entries, folderEntries, baseFolders: this.settings.baseFolders, maxFileBytes: this.settings.maxFileBytes, conceptNotes: this.settings.conceptNotes });
  }

  /**
   * Takes up the snapshot of the previous run, if there is one for these notes: until
   * keepUnchanged has checked its notes against their files, the index answers from the notes
   * as they were when it was written (a file changed or deleted since shows its old terms for
   * that moment). The files it names count as indexed, so that a run that takes over before
   * the check still takes out the notes it no longer wants.
   */
  private takeUpSnapshot(): TakenSnapshot | undefined {
    const snapshot = this.options.snapshots?.read(this.snapshotKey());
    if (!snapshot) return undefined;
    // A note's file is worked out from its URI when the note is first read again, not for
    // every note here: 20,000 URIs decoded twice took 40 ms of a start.
    const maxBytes = this.settings.maxFileBytes;
    this.index.loadState(snapshot.state, (uri) => () => noteReader(uriToFile(uri) ?? uri, maxBytes)(), isAdmittedName);
    const uris = snapshot.state.noteUris;
    const files = uris.map((uri) => uriToFile(uri));
    for (const [i, file] of files.entries()) {
      if (file === undefined) this.index.remove(uris[i]);
      else this.files.add(file);
    }
    return { uris, files, stamps: snapshot.stamps };
  }

  /**
   * Keeps the notes taken up from the snapshot whose files the settings still name, are as
   * they were when read (same size and time) and are not open in the editor; the others leave
   * the index, and are read again like any new file. Returns the files kept, or undefined when
   * a newer run took over meanwhile.
   */
  private async keepUnchanged(taken: TakenSnapshot, wanted: Set<string>, slice: () => Promise<boolean>): Promise<Set<string> | undefined> {
    const kept = new Set<string>();
    for (const [i, uri] of taken.uris.entries()) {
      if (!(await slice())) return undefined;
      const file = taken.files[i];
      if (file === undefined) continue;
      const was = taken.stamps[i];
      const now = wanted.has(file) && !this.open.has(uri) ? fileStamp(file) : undefined;
      if (was && now && sameStamp(now, was)) {
        kept.add(file);
        this.stamps.set(file, was);
      } else {
        this.index.remove(uri);
        this.files.delete(file);
      }
    }
    // Notes open in the editor before the first index (and not among the files to read) stay in.
    // Only while they are notes by the settings: an open bundled note with bundled notes off is not.
    for (const [uri, text] of this.open) if (!wanted.has(uriToFile(uri)!) && this.isNoteUri(uri)) this.index.upsert(readNote(uri, text, this.readOptions));
    this.snapshotDirty = kept.size !== taken.uris.length;
    this.options.log?.(`Index snapshot: ${kept.size} of ${taken.uris.length} notes taken up unchanged.`);
    return kept;
  }

  /**
   * Writes the snapshot if the index changed since it was taken up or last written: when the
   * server shuts down, and after a quiet period (see scheduleSnapshot). Writing 10,000 notes
   * holds the thread for over a second, which no request should wait for; and a snapshot need
   * not be current, since a start reads again every file changed since it was written.
   */
  writeSnapshot(): void {
    this.cancelSnapshot();
    if (!this.options.snapshots || !this.snapshotDirty || this.progress) return;
    this.snapshotDirty = false;
    const state = this.index.exportState(isAdmittedName);
    const stamps = state.noteUris.map((uri) => {
      const file = uriToFile(uri);
      return (file !== undefined && !this.open.has(uri) && this.stamps.get(file)) || null;
    });
    const onDisk = this.options.snapshots.write(this.snapshotKey(), { state, stamps });
    // The notes' details are in the file now: read from there when a card needs them, they
    // need not stay in memory (at 10,000 notes, some 60 MB of it).
    if (onDisk) this.index.keepDetailsOnDisk(state.noteUris, onDisk);
  }

  /**
   * Writes the snapshot once the index has stayed unchanged for the quiet period (each change
   * starts it again): a server that is killed, or a machine that sleeps and never shuts the
   * server down, still leaves a recent snapshot for the next start. The store writes a
   * temporary file and renames it, so a start never reads half a snapshot.
   */
  private scheduleSnapshot(): void {
    if (!this.options.snapshots) return;
    this.cancelSnapshot();
    const timer = setTimeout(() => {
      this.snapshotTimer = undefined;
      // The matcher, if its idle pass is still under way, goes into the snapshot finished: the
      // next start then scans a design doc without building it. (Not at shutdown: that write
      // should not wait for it.)
      this.index.finishPreparedMatcher(isAdmittedName);
      this.writeSnapshot();
    }, this.options.snapshotQuietMs ?? SNAPSHOT_QUIET_MS);
    // A pending snapshot does not keep the process alive (a CLI run, a test).
    timer.unref?.();
    this.snapshotTimer = timer;
  }

  /** Drops a pending snapshot write (when the server shuts down, it writes at once). */
  cancelSnapshot(): void {
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
    this.snapshotTimer = undefined;
  }

  watchRoots(): string[] {
    return [...new Set(this.roots)];
  }

  /**
   * True for a file that the settings name as a note (whether or not it exists yet): one
   * named by its path, or a note (by its name, as findNoteFiles keeps) in a folder or glob.
   */
  isNoteFile(file: string): boolean {
    if (this.files.has(file)) return true;
    if (!isNoteFileName(file)) return false;
    if (this.isWorkspaceGlossary(file)) return true;
    return this.folders.some((folder) => file.startsWith(folder + path.sep) && !this.exclusions.excludes(folder, file)) || this.globs.some((matches) => matches(file));
  }

  /** A glossary that findGlossaryFilesInSlices finds in a workspace folder (whether or not it exists yet). */
  private isWorkspaceGlossary(file: string): boolean {
    return this.settings.baseFolders.some((folder) => {
      if (legacyDefinitionsFiles(folder).includes(file)) return true;
      if (!isGlossaryFileName(file) || !file.startsWith(folder + path.sep)) return false;
      // The walk enters no hidden folder.
      if (path.relative(folder, file).split(path.sep).some((part) => part.startsWith('.'))) return false;
      return !this.exclusions.excludes(folder, file);
    });
  }

  /** A note's text as indexed: the editor's unsaved text while it is open, else what is on disk now. */
  noteText(uri: string): string | undefined {
    const unsaved = this.open.get(canonicalFileUri(uri));
    if (unsaved !== undefined) return unsaved;
    const file = uriToFile(uri);
    if (!file || !this.index.has(uri)) return undefined;
    const read = readNoteFile(file, this.settings.maxFileBytes);
    return read.ok ? read.text : undefined;
  }

  isNoteUri(uri: string): boolean {
    const file = uriToFile(uri);
    return file !== undefined && this.isNoteFile(file);
  }

  /** A note file was created or changed on disk. */
  fileChanged(file: string): void {
    if (!this.isNoteFile(file)) return;
    // The server follows the disk beside the editor's watchers, so one write is often told
    // twice: a note stored as it is on disk now is not read again.
    const stamp = this.stamps.get(file);
    const now = stamp && !this.open.has(fileToUri(file)) ? fileStamp(file) : undefined;
    if (stamp && now && sameStamp(stamp, now)) return;
    this.files.add(file);
    this.recordSkipped(file, this.loadFile(file));
    this.changed();
    if (isYamlName(file)) {
      // A glossary saved: what it imports is loaded afresh, as Contextive does.
      this.glossaries.forgetFetched(fileToUri(file));
      void this.updateGlossaries();
    }
  }

  fileDeleted(file: string): void {
    const wasSkipped = this.skipped.some((s) => s.path === file);
    this.recordSkipped(file, undefined);
    if (!this.files.delete(file)) {
      if (wasSkipped) this.changed();
      return;
    }
    this.stamps.delete(file);
    if (!this.open.has(fileToUri(file))) {
      this.index.remove(fileToUri(file));
      this.snapshotDirty = true;
    }
    this.changed();
    if (isYamlName(file)) void this.updateGlossaries();
  }

  /**
   * A folder deleted or moved away (an editor reports the folder, not each note in it; a watcher
   * of the disk sees the folder go): its notes leave the index.
   */
  folderDeleted(folder: string): void {
    const under = folder + path.sep;
    // Every path deleted that is no note comes here (the editor cannot tell a folder from a
    // file that is gone): one pass over the notes, no copy of them.
    const gone: string[] = [];
    for (const file of this.files) if (file.startsWith(under)) gone.push(file);
    for (const file of gone) this.fileDeleted(file);
  }

  /** A folder created or moved in: the notes in it that the settings name, and the index lacks, are read. */
  folderAdded(folder: string): void {
    const found = findNoteFiles([folder], { baseFolders: this.settings.baseFolders });
    for (const file of found.files) if (!this.files.has(file)) this.fileChanged(file);
  }

  /** A note opened or edited in the editor: its unsaved text is what gets indexed. */
  noteOpened(editorUri: string, text: string): void {
    // Keyed as the files read from disk are: the editor's spelling would index the note twice.
    const uri = canonicalFileUri(editorUri);
    if (!this.isNoteUri(uri)) return;
    // The size limit holds for unsaved text too (UTF-16 length: a lower bound of the bytes).
    if (text.length > this.settings.maxFileBytes) return;
    this.open.set(uri, text);
    this.files.add(uriToFile(uri)!);
    this.stamps.delete(uriToFile(uri)!);
    this.index.upsert(readNote(uri, text, this.readOptions));
    this.snapshotDirty = true;
    this.changed();
    if (isYamlName(uri)) void this.updateGlossaries();
  }

  /** A note closed in the editor: what is on disk counts again. */
  noteClosed(editorUri: string): void {
    const uri = canonicalFileUri(editorUri);
    if (!this.open.delete(uri)) return;
    const file = uriToFile(uri)!;
    const problem = this.loadFile(file);
    if (problem && !fs.existsSync(file)) this.files.delete(file);
    this.recordSkipped(file, problem);
    this.changed();
    if (isYamlName(file)) void this.updateGlossaries();
  }

  /**
   * Keeps the skipped list as a full index would leave it after one file was read again: a
   * file that is there but cannot be indexed (not text, too large) is listed, with the
   * latest reason; one that is fine, or gone, is not.
   */
  private recordSkipped(file: string, problem: SkippedFile | undefined): void {
    this.skipped = this.skipped.filter((s) => s.path !== file);
    if (problem && fs.existsSync(file)) this.skipped.push(problem);
  }

  private changed(): void {
    this.report();
    this.options.onChange?.();
    if (this.snapshotDirty && !this.progress) this.scheduleSnapshot();
  }

  private report(): void {
    this.options.onStatus?.(this.status());
  }
}
