// The imports of the workspace's Contextive glossaries: loaded after the glossaries
// themselves are indexed, in the background, so that a slow or unreachable URL never holds
// up the terms the workspace defines. An imported glossary is indexed as a note of its own
// (its file's URI, or its URL), whose terms apply wherever a glossary that imports it applies
// (directly or through other imports: Contextive treats an import as if its contexts were
// written in the importing file). Cycles are followed once. What cannot be loaded is one
// warning on the import's line; the rest is served.
//
// Fetched URLs are kept for the server's life: Contextive loads remote glossaries once, and
// loads them again when the importing glossary is saved (see forgetFetched). A fetch that
// failed is kept as well, for IMPORT_RETRY_MS: the imports are worked out again on every edit
// of any glossary, and a host that is down must not be called again on each keystroke. What
// cannot be loaded is logged once, not at every update that finds it so again.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NotesIndex } from '../index/notesIndex';
import type { Note, NoteProblem } from '../model';
import { decodeNoteBytes, readNoteFile } from '../notes/noteFiles';
import { glossaryImports, readGlossary, type GlossaryImport } from '../formats/contextive/glossary';
import { resolveImport, type ImportTarget } from '../formats/contextive/imports';
import { filePathOf, glossaryFolder } from '../formats/contextive/scope';

/** How long a fetch of an imported glossary may take, body included. */
export const IMPORT_TIMEOUT_MS = 5_000;
/** The largest imported glossary fetched: real ones are tens of kilobytes. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
/** Glossaries loaded through imports, all told: more is a generated web of files, or a loop of URLs that differ. */
export const MAX_IMPORTED_GLOSSARIES = 200;
/** How long a URL that could not be fetched is left alone, unless its importer is saved first. */
export const IMPORT_RETRY_MS = 5 * 60_000;

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
}

/** Fetches a glossary's text from an https URL; rejects with an Error whose message says why not. */
export type GlossaryFetcher = (url: string, limits: FetchLimits) => Promise<string>;

/** A glossary of the workspace: its uri and its text as indexed (undefined when it cannot be read now). */
export interface WorkspaceGlossary {
  uri: string;
  text: string | undefined;
}

export interface GlossaryImportsOptions {
  fetch?: GlossaryFetcher;
  /** The most a local imported file may be. */
  maxFileBytes: () => number;
  /**
   * Where imports may go: anywhere, or (in a workspace the user has not trusted) only to files
   * inside these folders: a cloned repository's glossary must not have the server read the
   * user's other files into hovers, nor call a host of its choosing. Anywhere when absent.
   */
  reach?: () => 'anywhere' | { folders: readonly string[] };
  log?: (message: string) => void;
  /** After the imports changed the index or the problems. */
  onChange: () => void;
  /** The time in milliseconds (Date.now by default): when a failed fetch may be tried again. */
  now?: () => number;
}

type Loaded = { ok: true; text: string } | { ok: false; reason: string };

/** A fetch of a URL: running, or done; `failedAt` set once it failed. */
interface Fetch {
  loaded: Promise<Loaded>;
  failedAt?: number;
}

export class GlossaryImports {
  /** Fetches by URL, while running and once done; a failure is kept IMPORT_RETRY_MS (see load). */
  private readonly fetched = new Map<string, Fetch>();
  /** The URLs each glossary imported in the last run. */
  private urlsByImporter = new Map<string, string[]>();
  /** Notes this loader put in the index (imported files and URLs that are no workspace glossary). */
  private loaded = new Set<string>();
  /** Glossaries whose folders this loader set in the index. */
  private placed = new Set<string>();
  private problemsByUri = new Map<string, NoteProblem[]>();
  private generation = 0;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly index: NotesIndex, private readonly options: GlossaryImportsOptions) {}

  /** Resolves when the latest update has finished. */
  get settled(): Promise<void> {
    return this.running;
  }

  /** The warnings about a glossary's imports. */
  problems(uri: string): NoteProblem[] {
    return this.problemsByUri.get(uri) ?? [];
  }

  /**
   * A glossary was saved (or changed on disk): what it imports from the web is fetched again
   * with the next update, whether it loaded or failed before.
   */
  forgetFetched(importerUri: string): void {
    for (const url of this.urlsByImporter.get(importerUri) ?? []) this.fetched.delete(url);
  }

  /** The notes are indexed again from scratch (Re-index Notes, new settings): every URL that failed is tried again. */
  forgetFailures(): void {
    for (const [url, fetch] of this.fetched) if (fetch.failedAt !== undefined) this.fetched.delete(url);
  }

  /**
   * Loads what the workspace's glossaries import, and sets in the index where every glossary
   * applies. A newer update supersedes a running one.
   */
  update(glossaries: WorkspaceGlossary[]): Promise<void> {
    const generation = ++this.generation;
    this.running = this.run(generation, glossaries).catch((error: unknown) => {
      this.options.log?.(`Loading glossary imports failed: ${error instanceof Error ? error.message : String(error)}`);
    });
    return this.running;
  }

  private async run(generation: number, glossaries: WorkspaceGlossary[]): Promise<void> {
    const roots = new Set(glossaries.map((g) => g.uri));
    const importsOf = new Map<string, string[]>();
    const notes = new Map<string, Note>();
    const problems = new Map<string, NoteProblem[]>();
    const urlsByImporter = new Map<string, string[]>();
    const warn = (uri: string, item: GlossaryImport, message: string) => {
      const list = problems.get(uri) ?? [];
      list.push({ kind: 'unreachable-import', message, range: item.range });
      problems.set(uri, list);
    };
    const pending = glossaries.map((g) => ({ uri: g.uri, imports: g.text === undefined ? [] : glossaryImports(g.uri, g.text) }));
    const seen = new Set(roots);
    for (let next = pending.shift(); next; next = pending.shift()) {
      const targets: string[] = [];
      for (const item of next.imports) {
        const target = resolveImport(item.spec, next.uri);
        if (target.kind === 'refused') {
          warn(next.uri, item, `Import not loaded: ${target.reason}.`);
          continue;
        }
        const outOfReach = this.outOfReach(target);
        if (outOfReach) {
          warn(next.uri, item, `Import not loaded: ${outOfReach}.`);
          continue;
        }
        if (target.kind === 'https') urlsByImporter.set(next.uri, [...(urlsByImporter.get(next.uri) ?? []), target.uri]);
        if (seen.has(target.uri)) {
          targets.push(target.uri); // a workspace glossary, or one loaded already: a cycle ends here
          continue;
        }
        if (this.index.has(target.uri) && !this.loaded.has(target.uri) && !roots.has(target.uri)) {
          warn(next.uri, item, `Import not loaded: ${item.spec} is indexed as a note, not a glossary.`);
          continue;
        }
        if (notes.size >= MAX_IMPORTED_GLOSSARIES) {
          warn(next.uri, item, `Import not loaded: more than ${MAX_IMPORTED_GLOSSARIES} glossaries imported in all.`);
          continue;
        }
        seen.add(target.uri);
        const loaded = await this.load(target);
        if (generation !== this.generation) return; // a newer update took over
        if (!loaded.ok) {
          warn(next.uri, item, `Import not loaded: ${item.spec}: ${loaded.reason}.`);
          continue;
        }
        const read = readGlossary(target.uri, loaded.text);
        const trouble = read.note.problems.find((p) => p.kind === 'syntax-error');
        // A file with neither terms nor imports of its own (`imports: [/etc/passwd]`) is no
        // glossary: indexed, it would count as a note, and `file:` links to it would open.
        if (read.note.definitions.length === 0 && read.imports.length === 0) {
          warn(next.uri, item, `Import not loaded: ${item.spec} is not a Contextive glossary (no terms${trouble ? `; line ${trouble.range.start.line + 1}: ${trouble.message}` : ''}).`);
          continue;
        }
        if (trouble) warn(next.uri, item, `Imported glossary ${item.spec}, line ${trouble.range.start.line + 1}: ${trouble.message}`);
        notes.set(target.uri, read.note);
        targets.push(target.uri);
        pending.push({ uri: target.uri, imports: read.imports });
      }
      importsOf.set(next.uri, targets);
    }
    this.apply(glossaries, importsOf, notes, problems);
    this.urlsByImporter = urlsByImporter;
  }

  /** Puts the run's outcome in the index: imported notes in (or out), every glossary's folders, the warnings. */
  private apply(glossaries: WorkspaceGlossary[], importsOf: Map<string, string[]>, notes: Map<string, Note>, problems: Map<string, NoteProblem[]>): void {
    const folders = new Map<string, string[]>();
    for (const { uri } of glossaries) {
      const file = filePathOf(uri);
      if (file === undefined) continue;
      const place = glossaryFolder(file);
      const reached = new Set([uri]);
      const stack = [uri];
      for (let at = stack.pop(); at !== undefined; at = stack.pop()) {
        const list = folders.get(at) ?? [];
        if (!list.includes(place)) list.push(place);
        folders.set(at, list);
        for (const target of importsOf.get(at) ?? []) {
          if (reached.has(target)) continue;
          reached.add(target);
          stack.push(target);
        }
      }
    }
    let changed = false;
    for (const [uri, note] of notes) {
      if (this.index.note(uri)?.hash === note.hash && this.loaded.has(uri)) continue;
      this.index.upsert(note);
      changed = true;
    }
    for (const uri of this.loaded) {
      if (notes.has(uri)) continue;
      this.index.remove(uri);
      this.index.setGlossaryFolders(uri, undefined);
      changed = true;
    }
    this.loaded = new Set(notes.keys());
    for (const uri of this.placed) if (!folders.has(uri)) this.index.setGlossaryFolders(uri, undefined);
    for (const [uri, list] of folders) this.index.setGlossaryFolders(uri, list.sort());
    this.placed = new Set(folders.keys());
    const problemsChanged = JSON.stringify([...this.problemsByUri]) !== JSON.stringify([...problems]);
    // Each problem is logged when it appears, not again at every update that finds it still there.
    for (const [uri, list] of problems) {
      const before = new Set((this.problemsByUri.get(uri) ?? []).map(problemKey));
      for (const problem of list) if (!before.has(problemKey(problem))) this.options.log?.(`${uri}: ${problem.message}`);
    }
    this.problemsByUri = problems;
    if (changed || problemsChanged || folders.size > 0) this.options.onChange();
  }

  /** Why an import may not be loaded in this workspace, if it may not (see GlossaryImportsOptions.reach). */
  private outOfReach(target: Exclude<ImportTarget, { kind: 'refused' }>): string | undefined {
    const reach = this.options.reach?.() ?? 'anywhere';
    if (reach === 'anywhere') return undefined;
    if (target.kind === 'https') return 'the workspace is not trusted, and no URL is fetched for it';
    // Where the file really is: a symbolic link inside the workspace (a repository can hold
    // one) may point at any file of the user's.
    const file = realPath(target.file);
    const inside = reach.folders.some((folder) => {
      const relative = path.relative(realPath(folder), file);
      return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
    });
    return inside ? undefined : 'the workspace is not trusted, and only files inside its folders are imported';
  }

  private async load(target: Exclude<ImportTarget, { kind: 'refused' }>): Promise<Loaded> {
    if (target.kind === 'file') {
      const read = readNoteFile(target.file, this.options.maxFileBytes());
      return read.ok ? { ok: true, text: read.text } : { ok: false, reason: read.reason };
    }
    const now = this.options.now ?? Date.now;
    let fetch = this.fetched.get(target.uri);
    // A success is kept; a failure until its time is up (or its importer is saved, see forgetFetched).
    if (fetch?.failedAt !== undefined && now() - fetch.failedAt >= IMPORT_RETRY_MS) fetch = undefined;
    if (!fetch) {
      const fetcher = this.options.fetch ?? fetchGlossaryText;
      const started: Fetch = {
        loaded: fetcher(target.uri, { timeoutMs: IMPORT_TIMEOUT_MS, maxBytes: MAX_IMPORT_BYTES }).then(
          (text): Loaded => ({ ok: true, text }),
          (error: unknown): Loaded => {
            started.failedAt = now();
            return { ok: false, reason: error instanceof Error ? error.message : String(error) };
          },
        ),
      };
      fetch = started;
      this.fetched.set(target.uri, fetch);
    }
    return fetch.loaded;
  }
}

/**
 * What tells one problem from another, for the log: its message, which names the import and
 * why it was not loaded. Not its line: lines typed above an import move it, and it is the same.
 */
function problemKey(problem: NoteProblem): string {
  return problem.message;
}

/** The path with every symbolic link resolved; the path itself when it does not exist (it will not load). */
function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/**
 * Fetches a glossary over the network, unauthenticated: within the time limit (the body
 * included), within the size limit (counted as the bytes arrive, whatever the headers say),
 * and only where the redirects, if any, keep to the URL's scheme.
 */
export async function fetchGlossaryText(url: string, { timeoutMs, maxBytes }: FetchLimits): Promise<string> {
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: 'follow', credentials: 'omit', headers: { accept: 'application/yaml, text/yaml, text/plain, */*' } });
  } catch (error) {
    throw new Error(describeFetchError(error, timeoutMs));
  }
  try {
    if (new URL(response.url || url).protocol !== new URL(url).protocol) throw new Error('redirected to another scheme');
    if (!response.ok) throw new Error(`the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) throw new Error(`larger than ${maxBytes} bytes`);
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body?.getReader();
    if (reader) {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        size += chunk.value.byteLength;
        if (size > maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw new Error(`larger than ${maxBytes} bytes`);
        }
        chunks.push(chunk.value);
      }
    }
    const decoded = decodeNoteBytes(Buffer.concat(chunks), maxBytes);
    if (!decoded.ok) throw new Error(decoded.reason);
    return decoded.text;
  } catch (error) {
    // Whatever is left of the body is not waited for.
    await response.body?.cancel().catch(() => undefined);
    throw new Error(describeFetchError(error, timeoutMs));
  }
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: string })?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return `unreachable (${cause.code})`;
  if (error instanceof TypeError && cause?.message) return `unreachable (${cause.message})`;
  return error instanceof Error ? error.message : String(error);
}
