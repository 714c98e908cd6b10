// `npm run bench`: the performance figures of issue 5, measured side by side in one run, printed
// as a table and written to bench-results/bench.json.
//
//   npm run bench                     1,000-, 5,000-, 10,000- and 20,000-note generated corpora
//   BENCH_QUICK=1 npm run bench       1,000 notes only (a smoke run)
//   BENCH_SIZES=5000,20000 npm run bench    the sizes to measure
//   BENCH_SCALING_ONLY=1 npm run bench      only the figures per size and the chart (see scaling)
//   BENCH_CORPUS=vault npm run bench        which corpora the figures per size measure: `dialect`
//                                           (notes in the dialect), `vault` (a concept-note vault,
//                                           vault.ts), or both (the default: `dialect,vault`)
//   BENCH_SERVER_ROOT=/other/checkout       the language server of another build, for a before/after
//   NOTES_BENCH_DIR=~/notes npm run bench   a real folder of notes as well
//   BENCH_WARM_ONLY=1 npm run bench         only the warm start (see warmMain), at BENCH_SIZES of
//                                           BENCH_CORPUS; BENCH_WARM_SERVERS=/a,/b compares the
//                                           servers of several checkouts, run after run; an
//                                           entry may name Node flags after its root, for that
//                                           server alone: BENCH_WARM_SERVERS="/a,/a --max-semi-space-size=32"
//   BENCH_SERVER_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/p"   Node flags for the servers whose
//                                           first hover is timed (a profile of each start)
//   BENCH_CODE_CACHE=0                      servers started without V8's code cache (by default a
//                                           server given a snapshot folder is given one beside it,
//                                           as VS Code's client gives its server)
//
// Each figure that compares two things (index vs floor, matcher vs RegExp) runs both in the
// same run, alternately, in fresh child processes, and keeps the fastest of the repeats: the
// machine may be busy with other work, and the fastest run is the least disturbed. Figures
// about the language server talk to `node dist/server.js --stdio` over JSON-RPC, as an editor
// does.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as v8 from 'node:v8';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import MarkdownIt from 'markdown-it';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { loadNotes } from '../../server/src/core/workspace/load';
import { findNoteFiles, readNoteFile } from '../../server/src/core/notes/noteFiles';
import { parseNote } from '../../server/src/core/formats/dialect/parser';
import { TermMatcher } from '../../server/src/core/index/matcher';
import { defaultWorkers, NotesWorkspace } from '../../server/src/core/workspace/notesWorkspace';
import { DEFAULT_SETTINGS, MemoryUsageRequest } from '../../server/src/protocol';
import { watchBlocks } from './blocks';
import { renderChart, type Series } from './chart';
import { commonestPrefix, ensureVault, vaultTermNames } from './vault';
import {
  benchResultsFolder, designDoc, ensureCorpus, measureDensity, poolTerms, prng, realCorpus, repoRoot, seedNotePath, type Corpus, type Density,
} from './corpus';

// ---- small statistics -----------------------------------------------------------------------

function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
const median = (values: number[]): number => quantile(values, 0.5);
const min = (values: number[]): number => Math.min(...values);
const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;
const mb = (bytes: number): number => round(bytes / 1024 / 1024, 1);

// ---- child processes ------------------------------------------------------------------------
// Timed work runs in a fresh process each time, so that no figure inherits another's heap,
// JIT state or garbage.

type ChildTask = 'floor' | 'index' | 'serverIndex' | 'workspace';

function runChild<T>(task: ChildTask, args: unknown, nodeFlags: string[] = []): T {
  const result = spawnSync(process.execPath, [...nodeFlags, __filename, '--child', task, JSON.stringify(args)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`bench child ${task} failed with ${result.status ?? result.signal}`);
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

/** CPU time of this process so far (all threads: the garbage collector's helpers count too). */
function cpuMs(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

interface FloorResult { ms: number; cpuMs: number; files: number }
interface IndexResult {
  ms: number;
  cpuMs: number;
  notes: number;
  terms: number;
  incremental?: { median: number; p99: number; count: number };
  matcher?: MatcherResult;
}
interface MatcherResult {
  terms: number;
  names: number;
  docBytes: number;
  buildMs: number;
  regexBuildMs: number;
  ms: number;
  regexMs: number;
  markdownMs: number;
  ratio: number;
  matches: number;
  regexMatches: number;
  sameMatches: boolean;
}
interface WorkspaceResult {
  ms: number;
  notes: number;
  longestBlockMs: number;
  eventLoopMaxDelayMs: number;
  rssBefore: number;
  rssAfter: number;
  heapBefore: number;
  heapAfter: number;
  /** RSS once V8 gave back the young generation grown while indexing (see workspaceChild). */
  rssSettled: number;
  settledAfterS: number;
  corpusBytes: number;
}

/** Read every file and parse it with markdown-it's default preset, nothing else. */
function floorChild({ folder }: { folder: string }): FloorResult {
  const markdown = new MarkdownIt();
  const cpuStart = cpuMs();
  const start = performance.now();
  const files = findNoteFiles([folder]).files;
  for (const file of files) markdown.parse(fs.readFileSync(file, 'utf8'), {});
  return { ms: performance.now() - start, cpuMs: cpuMs() - cpuStart, files: files.length };
}

/** Build the whole index from the same files, as the CLI does; then, optionally, the figures that need a built index. */
function indexChild({ folder, incremental, matcher }: { folder: string; incremental?: boolean; matcher?: boolean }): IndexResult {
  const cpuStart = cpuMs();
  const start = performance.now();
  const loaded = loadNotes([folder]);
  const ms = performance.now() - start;
  const cpu = cpuMs() - cpuStart;
  const index = loaded.index;
  const result: IndexResult = { ms, cpuMs: cpu, notes: index.size, terms: [...index.terms()].length };

  if (incremental) {
    // Change one note at a time, as an editor does on a keystroke: parse it again and swap it in.
    const random = prng(5);
    const times: number[] = [];
    for (let k = 0; k < 300; k++) {
      const file = loaded.files[Math.floor(random() * loaded.files.length)];
      const read = readNoteFile(file);
      if (!read.ok) continue;
      const edited = read.text.replace(/\n/, `\n* _bench edit ${k}_: a definition typed just now\n`);
      const uri = pathToFileURL(file).toString();
      const begin = performance.now();
      index.upsert(parseNote(uri, edited));
      times.push(performance.now() - begin);
    }
    result.incremental = { median: median(times), p99: quantile(times, 0.99), count: times.length };
  }

  if (matcher) result.matcher = compareMatchers(index);
  return result;
}

/**
 * Build the whole index as the language server does: NotesWorkspace, reading and parsing in
 * worker threads (dist/server.js started as a worker), filing digests on the main thread. CPU time counts
 * every thread of the process.
 */
async function serverIndexChild({ folder }: { folder: string }): Promise<IndexResult> {
  const cpuStart = cpuMs();
  const start = performance.now();
  const workspace = new NotesWorkspace({ workerScript: workerScriptPath() });
  await workspace.configure({ entries: [folder], baseFolders: [], ignoreTerms: [], maxFileBytes: DEFAULT_SETTINGS.maxFileSize });
  return { ms: performance.now() - start, cpuMs: cpuMs() - cpuStart, notes: workspace.index.size, terms: [...workspace.index.terms()].length };
}

/**
 * Every name of every term in the index over a 1 MB design doc: the TermMatcher (built as the
 * index builds it) against one case-insensitive RegExp alternation of the same names, longest
 * first. The document writes names as the notes spell them among filler words that are no
 * term's words, so both must find exactly the same spans.
 */
function compareMatchers(index: ReturnType<typeof loadNotes>['index']): MatcherResult {
  const entries = [...index.terms()].filter((e) => index.matchable(e));
  const names = [...new Set(entries.flatMap((e) => e.names))];
  const doc = designDoc({ bytes: 1024 * 1024, names, plain: true, seed: 11 }).text;

  const buildStart = performance.now();
  const built = index.matcher();
  const buildMs = performance.now() - buildStart;
  const termMatcher: TermMatcher = built.matcher;

  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const regexStart = performance.now();
  const alternatives = [...names].sort((a, b) => b.length - a.length).map(escape);
  // The usual form: word boundaries around one case-insensitive alternation, longest first.
  // (Lookarounds on \p{L} would bound names ending in `+` or `.` more exactly, but make
  // irregexp some fifteen times slower: the comparison would flatter the matcher.)
  const regex = new RegExp(`\\b(?:${alternatives.join('|')})\\b`, 'gi');
  regex.exec('compile'); // irregexp compiles on first use
  const regexBuildMs = performance.now() - regexStart;

  // CPU time of this process, fastest of the runs: the scans are single-threaded, and CPU
  // time does not count the moments another process had the core.
  const fastest = <T>(runs: number, run: () => T): { value: T; ms: number } => {
    let best = Infinity;
    let value!: T;
    for (let i = 0; i < runs; i++) {
      const begin = process.cpuUsage();
      value = run();
      const used = process.cpuUsage(begin);
      best = Math.min(best, (used.user + used.system) / 1000);
    }
    return { value, ms: best };
  };
  const ours = fastest(9, () => termMatcher.scan(doc));
  const markdown = fastest(9, () => termMatcher.scan(doc, { markdown: true }));
  const theirs = fastest(5, () => {
    const spans: string[] = [];
    regex.lastIndex = 0;
    for (let found = regex.exec(doc); found; found = regex.exec(doc)) spans.push(`${found.index}:${found.index + found[0].length}`);
    return spans;
  });
  const ourSpans = ours.value.map((m) => `${m.start}:${m.end}`);
  const same = ourSpans.length === theirs.value.length && ourSpans.every((span, i) => span === theirs.value[i]);
  if (!same) {
    const at = ourSpans.findIndex((span, i) => span !== theirs.value[i]);
    process.stderr.write(`matcher: first difference at match ${at}: ours ${ourSpans[at]} "${ours.value[at]?.text}", RegExp ${theirs.value[at]}\n`);
  }
  return {
    terms: entries.length,
    names: names.length,
    docBytes: doc.length,
    buildMs,
    regexBuildMs,
    ms: ours.ms,
    regexMs: theirs.ms,
    markdownMs: markdown.ms,
    ratio: theirs.ms / ours.ms,
    matches: ourSpans.length,
    regexMatches: theirs.value.length,
    sameMatches: same,
  };
}

/**
 * The server's own indexing path (NotesWorkspace, in slices): how long the event loop is
 * blocked at most while it runs, and how much memory the index holds once it is done.
 */
async function workspaceChild({ folder, corpusBytes }: { folder: string; corpusBytes: number }): Promise<WorkspaceResult> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the workspace child needs --expose-gc');
  // Load what indexing loads (the class tables, markdown-it) before the baseline.
  parseNote('file:///warm-up.md', fs.readFileSync(seedNotePath(), 'utf8'));
  gc();
  gc();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;

  // As the server indexes: in worker threads, the main thread filing what they send.
  const workspace = new NotesWorkspace({ workerScript: workerScriptPath() });
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const stopWatching = watchBlocks();
  histogram.enable();
  const start = performance.now();
  await workspace.configure({ entries: [folder], baseFolders: [], ignoreTerms: [], maxFileBytes: DEFAULT_SETTINGS.maxFileSize });
  const ms = performance.now() - start;
  histogram.disable();
  const longestBlock = stopWatching();

  gc();
  gc();
  const rssAfter = process.memoryUsage().rss;
  const heapAfter = process.memoryUsage().heapUsed;
  // V8 keeps the young generation grown for the burst of indexing until its memory reducer
  // runs, some seconds after the allocations stop: the server's memory once idle is measured
  // too, after it gave that back (or 30 s).
  const youngGeneration = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
  let settledAfterS = 0;
  while (settledAfterS < 30 && youngGeneration() > 4 * 1024 * 1024) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    settledAfterS++;
  }
  gc();
  gc();
  const rssSettled = process.memoryUsage().rss;
  return {
    rssSettled,
    settledAfterS,
    ms,
    notes: workspace.index.size,
    longestBlockMs: longestBlock,
    eventLoopMaxDelayMs: histogram.max / 1e6,
    rssBefore,
    rssAfter,
    heapBefore,
    heapAfter,
    corpusBytes,
  };
}

// ---- the language server over JSON-RPC ------------------------------------------------------

interface Session {
  connection: ProtocolConnection;
  child: ChildProcess;
  started: number;
  /** Resolves when the server reports a finished index of at least this many notes. */
  ready(notes: number): Promise<number>;
  close(): Promise<void>;
}

/** The server of this checkout, or of the build that BENCH_SERVER_ROOT names (a before/after). */
const serverPath = (): string => path.join(process.env.BENCH_SERVER_ROOT ? path.resolve(process.env.BENCH_SERVER_ROOT) : repoRoot(), 'dist', 'server.js');
const workerScriptPath = (): string => path.join(repoRoot(), 'dist', 'server.js');

async function startSession(initializationOptions: Record<string, unknown>, nodeFlags: string[] = [], server = serverPath()): Promise<Session> {
  const started = performance.now();
  // Started as VS Code's client starts it: with a folder for V8's code cache beside the
  // snapshot's, so that every start after the first loads compiled code (BENCH_CODE_CACHE=0:
  // without one, as a client that passes none).
  const cacheFolder = initializationOptions.cacheFolder;
  const codeCache = typeof cacheFolder === 'string' && process.env.BENCH_CODE_CACHE !== '0' ? [`--code-cache=${path.resolve(`${cacheFolder}-code-cache`)}`] : [];
  const child = spawn(process.execPath, [...nodeFlags, server, '--stdio', ...codeCache], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr!.on('data', () => undefined);
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiting: { notes: number; resolve: (at: number) => void }[] = [];
  connection.onNotification('architectureNotes/indexStatus', (status: { state: string; notes: number }) => {
    if (status.state !== 'ready') return;
    for (const waiter of [...waiting]) {
      if (status.notes >= waiter.notes) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(performance.now());
      }
    }
  });
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    child,
    started,
    ready: (notes) => new Promise((resolve) => waiting.push({ notes, resolve })),
    close: async () => {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await connection.sendNotification('exit');
      } catch {
        // the server is gone already
      }
      connection.dispose();
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill(), 3000);
        child.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

function openDocument(session: Session, uri: string, text: string): Promise<void> {
  return session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
}

type HoverAnswer = { contents: { value: string } } | null;
const hover = (session: Session, uri: string, position: { line: number; character: number }): Promise<HoverAnswer> =>
  session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }) as Promise<HoverAnswer>;

interface HoverResult {
  indexedNotes: number;
  coldReadyMs: number;
  hovers: number;
  answered: number;
  p50: number;
  p99: number;
  max: number;
  reference: { position: { line: number; character: number }; value: string };
}

/** 2,000 hovers over a design doc against a server holding the whole corpus. */
async function hoverBench(corpus: Corpus, cacheFolder: string, scratch: string): Promise<HoverResult> {
  const names = [...poolTerms(0, 2000), ...poolTerms(2000, 20000)];
  const doc = designDoc({ bytes: 40 * 1024, names, seed: 3 });
  const file = path.join(scratch, 'design.md');
  fs.writeFileSync(file, doc.text);
  const uri = pathToFileURL(file).toString();
  const random = prng(17);
  const positions: { line: number; character: number }[] = [];
  for (let i = 0; i < 2000; i++) {
    // Mostly on terms, sometimes on any word: hovers on plain words cost a lookup too.
    const offset = random() < 0.85 ? doc.termOffsets[Math.floor(random() * doc.termOffsets.length)] + 1 : Math.floor(random() * doc.text.length);
    positions.push(positionAt(doc.text, offset));
  }

  const session = await startSession({ notesPaths: [corpus.folder], includeBundledNotes: false, cacheFolder });
  const readyAt = await session.ready(corpus.files.length);
  await openDocument(session, uri, doc.text);
  // A few hovers first: the server's first requests pay for lazily built tables (the matcher).
  for (let i = 0; i < 20; i++) await hover(session, uri, positions[i]);
  const times: number[] = [];
  let answered = 0;
  for (const position of positions) {
    const begin = performance.now();
    const answer = await hover(session, uri, position);
    times.push(performance.now() - begin);
    if (answer) answered++;
  }
  // The answer a warm start must give: the hover on the first term of the document.
  const referencePosition = positionAt(doc.text, doc.termOffsets[0] + 1);
  const referenceAnswer = await hover(session, uri, referencePosition);
  const indexedNotes = ((await session.connection.sendRequest('architectureNotes/indexStatus')) as { notes: number }).notes;
  await session.close();
  return {
    indexedNotes,
    coldReadyMs: readyAt - session.started,
    hovers: times.length,
    answered,
    p50: median(times),
    p99: quantile(times, 0.99),
    max: Math.max(...times),
    reference: { position: referencePosition, value: referenceAnswer?.contents.value ?? '' },
  };
}

/**
 * Node flags for the timed servers, from BENCH_SERVER_NODE_FLAGS: `--cpu-prof --cpu-prof-dir=/tmp/p`
 * profiles each start the figures come from.
 */
function serverNodeFlags(): string[] {
  return (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
}

/**
 * Time from starting the server to the first hover that gives `expected` (or any answer when
 * `expected` is undefined). Hovers are asked again every few ms until then.
 */
async function timeToHover(initializationOptions: Record<string, unknown>, expectedNotes: number, docText: string, docFile: string, position: { line: number; character: number }, expected?: string, server = serverPath(), flags: string[] = []): Promise<{ hoverMs: number; readyMs?: number }> {
  const session = await startSession(initializationOptions, [...serverNodeFlags(), ...flags], server);
  let readyMs: number | undefined;
  const ready = session.ready(expectedNotes).then((at) => (readyMs = at - session.started));
  const uri = pathToFileURL(docFile).toString();
  await openDocument(session, uri, docText);
  let hoverMs = NaN;
  for (const deadline = performance.now() + 120_000; performance.now() < deadline; ) {
    const answer = await hover(session, uri, position);
    const value = answer?.contents.value;
    if (value !== undefined && (expected === undefined || value === expected)) {
      hoverMs = performance.now() - session.started;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  // The hover may be right before the last notes are in (when they do not bear on it): the
  // time to a finished index is reported too.
  await Promise.race([ready, new Promise((resolve) => setTimeout(resolve, 120_000).unref())]);
  await session.close();
  return { hoverMs, readyMs };
}

// ---- figures per corpus size, and the chart -----------------------------------------------

/** What one corpus size gives, over JSON-RPC against `node dist/server.js`, as an editor sees it. */
interface SizeResult {
  /** Which generated corpus: notes in the dialect, or a concept-note vault (absent in older records: the dialect). */
  corpus?: CorpusKind;
  notes: number;
  bytes: number;
  date: string;
  commit: string;
  server: string;
  floorMs: number;
  /** From starting the server to its report of a finished index (a fresh cache folder). */
  coldIndexMs: number;
  coldRatio: number;
  /** The first hover answered, any term, while the cold index runs (from the server's start). */
  firstHoverMs: number;
  firstHoverBeforeReady: boolean;
  hovers: number;
  /** Hovers that gave a card (a vault's everyday words may be refused by the relevance rules). */
  hoversAnswered?: number;
  hoverP50: number;
  hoverP99: number;
  symbolsFirstMs: number;
  symbolsMs: number;
  symbols: number;
  completionFirstMs: number;
  completionMs: number;
  completionItems: number;
  completionPrefix: string;
  /** RSS of the server once idle (after its quiet period; garbage collected), and the ratio to the corpus. */
  rssIdle: number;
  /** RSS 2 s after the snapshot was written, as runs before 2026-12-07 took the figure above. */
  rssAfterSnapshot: number;
  rssRatio: number;
  /** Whether the snapshot was on disk before shutdown (written after the full index). */
  snapshotBeforeShutdown: boolean;
  snapshotBytes: number;
  warmHoverMs: number;
  warmReadyMs: number;
}

const timed = async <T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> => {
  const begin = performance.now();
  const value = await work();
  return { ms: performance.now() - begin, value };
};

type CorpusKind = 'dialect' | 'vault';

/** A generated corpus of one size, with the names a design doc about it uses and the prefix a completion asks for. */
interface SizedCorpus {
  kind: CorpusKind;
  corpus: Corpus;
  names: string[];
  completionPrefix: string;
}

function sizedCorpus(kind: CorpusKind, count: number): SizedCorpus {
  if (kind === 'vault') {
    const names = vaultTermNames(count);
    return { kind, corpus: ensureVault(count), names, completionPrefix: commonestPrefix(names) };
  }
  // Two letters of the commonest term: the longest list a completion makes.
  return { kind, corpus: ensureCorpus(count), names: [...poolTerms(0, 2000), ...poolTerms(2000, 20000)], completionPrefix: poolTerms(0, 1)[0].slice(0, 2) };
}

/** The corpora of this run: BENCH_CORPUS (`dialect`, `vault`, or both, the default). */
function benchCorpora(): CorpusKind[] {
  const asked = (process.env.BENCH_CORPUS ?? 'dialect,vault').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = asked.filter((k) => k !== 'dialect' && k !== 'vault');
  if (unknown.length > 0) throw new Error(`BENCH_CORPUS: unknown corpus ${unknown.join(', ')} (dialect, vault)`);
  return asked as CorpusKind[];
}

/**
 * The figures of issue 16 at one corpus size: cold index against the markdown-it floor, the
 * first hover while it runs, hover p50/p99, workspace symbols and completion at a two-letter
 * prefix, RSS once idle against the corpus, and a warm start through the snapshot.
 */
async function sizeBench({ kind, corpus, names, completionPrefix }: SizedCorpus, scratch: string, log: (message: string) => void): Promise<SizeResult> {
  const count = corpus.files.length;
  const tag = `${kind}-${count}`;
  const floorRuns: FloorResult[] = [];
  for (let r = 0; r < 2; r++) floorRuns.push(runChild<FloorResult>('floor', { folder: corpus.folder }));
  const floorMs = min(floorRuns.map((r) => r.ms));

  const doc = designDoc({ bytes: 40 * 1024, names, seed: 3 });
  const docFile = path.join(scratch, `design-${tag}.md`);
  fs.writeFileSync(docFile, doc.text);
  const uri = pathToFileURL(docFile).toString();
  const random = prng(17);
  const positions = Array.from({ length: 500 }, () => positionAt(doc.text, doc.termOffsets[Math.floor(random() * doc.termOffsets.length)] + 1));
  const completeFile = path.join(scratch, `complete-${tag}.md`);
  const completeText = `Notes on ${completionPrefix}`;
  fs.writeFileSync(completeFile, completeText);
  const completeUri = pathToFileURL(completeFile).toString();

  const cacheFolder = path.join(scratch, `cache-${tag}`);
  log(`${kind} ${count} notes: cold start, first hover while indexing…`);
  const session = await startSession({ notesPaths: [corpus.folder], includeBundledNotes: false, cacheFolder }, ['--expose-gc']);
  let readyAt: number | undefined;
  const ready = session.ready(count).then((at) => (readyAt = at));
  await openDocument(session, uri, doc.text);
  let firstHoverMs = NaN;
  for (let i = 0, deadline = performance.now() + 300_000; performance.now() < deadline; i++) {
    if (await hover(session, uri, positions[i % positions.length])) {
      firstHoverMs = performance.now() - session.started;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const firstHoverBeforeReady = readyAt === undefined;
  await ready;
  const coldIndexMs = readyAt! - session.started;

  log(`${kind} ${count} notes: hovers, symbols, completion…`);
  for (let i = 0; i < 20; i++) await hover(session, uri, positions[i]);
  const times: number[] = [];
  let hoversAnswered = 0;
  for (const position of positions) {
    const answer = await timed(() => hover(session, uri, position));
    times.push(answer.ms);
    if (answer.value) hoversAnswered++;
  }
  // The answer a warm start must give: the hover on the doc's first term that has a card.
  let referencePosition = positionAt(doc.text, doc.termOffsets[0] + 1);
  let referenceValue = '';
  for (const offset of doc.termOffsets.slice(0, 200)) {
    const value = (await hover(session, uri, positionAt(doc.text, offset + 1)))?.contents.value;
    if (value) {
      referencePosition = positionAt(doc.text, offset + 1);
      referenceValue = value;
      break;
    }
  }
  const symbolsQuery = () => session.connection.sendRequest('workspace/symbol', { query: completionPrefix }) as Promise<unknown[]>;
  const symbolsFirst = await timed(symbolsQuery);
  const symbolsAgain: number[] = [];
  for (let i = 0; i < 3; i++) symbolsAgain.push((await timed(symbolsQuery)).ms);
  await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: completeUri, languageId: 'markdown', version: 1, text: completeText } });
  const completionQuery = () => session.connection.sendRequest('textDocument/completion', { textDocument: { uri: completeUri }, position: positionAt(completeText, completeText.length) }) as Promise<{ items: unknown[] } | unknown[]>;
  const completionFirst = await timed(completionQuery);
  const completionAgain: number[] = [];
  for (let i = 0; i < 3; i++) completionAgain.push((await timed(completionQuery)).ms);
  const completionItems = (Array.isArray(completionFirst.value) ? completionFirst.value : completionFirst.value.items).length;

  // Idle: the server's quiet period passes (it writes its snapshot then), then its RSS.
  log(`${kind} ${count} notes: idle memory, snapshot…`);
  for (let waited = 0; waited < 20 && !snapshotWritten(cacheFolder); waited++) await new Promise((resolve) => setTimeout(resolve, 1000));
  const snapshotBeforeShutdown = snapshotWritten(cacheFolder);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  // The memory a write of the snapshot let go of outside the heap is counted until the
  // collector's sweep of array buffers has freed it, seconds after the collection the request
  // asks for: the server is idle once its memory stops falling (or after 20 s).
  const rssAfterSnapshot = (await session.connection.sendRequest(MemoryUsageRequest.method) as { rss: number }).rss;
  let memory = { rss: rssAfterSnapshot };
  for (let waited = 0; waited < 10; waited++) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const next = await session.connection.sendRequest(MemoryUsageRequest.method) as { rss: number };
    const settled = next.rss > memory.rss * 0.99;
    memory = next.rss < memory.rss ? next : memory;
    if (settled) break;
  }
  await session.close();
  const snapshotBytes = folderBytes(cacheFolder);

  log(`${kind} ${count} notes: warm start…`);
  const warm: { hoverMs: number; readyMs?: number }[] = [];
  for (let i = 0; i < 2; i++) warm.push(await timeToHover({ notesPaths: [corpus.folder], includeBundledNotes: false, cacheFolder }, count, doc.text, docFile, referencePosition, referenceValue));

  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: path.dirname(path.dirname(serverPath())), encoding: 'utf8' }).stdout?.trim() || 'unknown';
  return {
    corpus: kind,
    notes: count,
    bytes: corpus.bytes,
    date: new Date().toISOString(),
    commit,
    server: serverPath(),
    floorMs,
    coldIndexMs,
    coldRatio: coldIndexMs / floorMs,
    firstHoverMs,
    firstHoverBeforeReady,
    hovers: times.length,
    hoversAnswered,
    hoverP50: median(times),
    hoverP99: quantile(times, 0.99),
    symbolsFirstMs: symbolsFirst.ms,
    symbolsMs: median(symbolsAgain),
    symbols: symbolsFirst.value?.length ?? 0,
    completionFirstMs: completionFirst.ms,
    completionMs: median(completionAgain),
    completionItems,
    completionPrefix,
    rssIdle: memory.rss,
    rssAfterSnapshot,
    rssRatio: memory.rss / corpus.bytes,
    snapshotBeforeShutdown,
    snapshotBytes,
    warmHoverMs: min(warm.map((w) => w.hoverMs)),
    warmReadyMs: min(warm.map((w) => w.readyMs ?? NaN)),
  };
}

/**
 * Keeps the figures of every size measured (a run may measure one size at a time on a busy
 * machine) in bench-results/scaling[-vault][-label].json, and draws the chart from them all.
 */
function recordSizes(results: SizeResult[], kind: CorpusKind, label: string): Record<string, SizeResult> {
  const file = scalingFile(kind, label);
  const kept = readSizes(file);
  for (const result of results) kept[String(result.notes)] = result;
  fs.writeFileSync(file, JSON.stringify(kept, null, 2));
  return kept;
}

const scalingFile = (kind: CorpusKind, label: string): string =>
  path.join(benchResultsFolder(), `scaling${kind === 'vault' ? '-vault' : ''}${label ? `-${label}` : ''}.json`);

function readSizes(file: string): Record<string, SizeResult> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, SizeResult>;
  } catch {
    return {}; // first run
  }
}

/** How the vault's lines are drawn: the dialect's colours, dotted. */
const VAULT_DASH = '1.5 3';

/** The chart of time and memory against notes: docs/bench-scaling.svg. Dialect solid, its before dashed, the vault dotted. */
export function scalingChart(sizes: SizeResult[], before: SizeResult[] = [], vault: SizeResult[] = []): string {
  const points = (list: SizeResult[], value: (r: SizeResult) => number): [number, number][] =>
    list.filter((r) => Number.isFinite(value(r))).map((r) => [r.notes, value(r)]);
  /** A figure's line for the dialect, and for the vault when it was measured. */
  const both = (name: string, color: string, value: (r: SizeResult) => number): Series[] => [
    ...(sizes.length > 0 ? [{ name, color, points: points(sizes, value) }] : []),
    ...(vault.length > 0 ? [{ name: `vault: ${name}`, color, dash: VAULT_DASH, points: points(vault, value) }] : []),
  ];
  const time: Series[] = [
    ...both('cold index', '#d62728', (r) => r.coldIndexMs / 1000),
    ...both('markdown-it floor', '#7f7f7f', (r) => r.floorMs / 1000),
    ...both('warm start', '#2ca02c', (r) => r.warmHoverMs / 1000),
    ...both('1st hover, indexing', '#1f77b4', (r) => r.firstHoverMs / 1000),
  ];
  if (before.length > 0) time.push({ name: 'cold index before', color: '#d62728', dashed: true, points: points(before, (r) => r.coldIndexMs / 1000) });
  const memory: Series[] = [
    ...both('RSS once idle', '#9467bd', (r) => r.rssIdle / 1024 / 1024),
    ...both('corpus', '#7f7f7f', (r) => r.bytes / 1024 / 1024),
    { name: '2 × corpus (target)', color: '#bbbbbb', dashed: true, points: points(sizes, (r) => (2 * r.bytes) / 1024 / 1024) },
  ];
  if (before.length > 0) memory.push({ name: 'RSS before', color: '#9467bd', dashed: true, points: points(before, (r) => r.rssIdle / 1024 / 1024) });
  const requests: Series[] = [
    ...both('hover p99', '#1f77b4', (r) => r.hoverP99),
    ...both('symbols (1st)', '#ff7f0e', (r) => r.symbolsFirstMs),
    ...both('completion (1st)', '#8c564b', (r) => r.completionFirstMs),
  ];
  const latest = [...sizes, ...vault].sort((a, b) => a.date.localeCompare(b.date)).at(-1);
  const caption = `npm run bench (BENCH_SIZES=…, BENCH_CORPUS=…), server ${latest?.commit ?? '?'}, ${latest?.date.slice(0, 16) ?? ''} UTC, ${os.availableParallelism?.() ?? os.cpus().length} shared cores: noisy under load. Solid: dialect; dashed: before; dotted: concept-note vault.`;
  return renderChart([
    { title: 'Time against notes', unit: 'seconds', series: time },
    { title: 'Memory against notes', unit: 'MB', series: memory },
    { title: 'Requests against notes', unit: 'ms', series: requests },
  ], caption);
}

function sizeRows(sizes: SizeResult[]): Row[] {
  const rows: Row[] = [];
  for (const r of [...sizes].sort((a, b) => a.notes - b.notes)) {
    const name = `${r.corpus === 'vault' ? 'vault, ' : ''}${r.notes.toLocaleString('en-US')} notes, ${mb(r.bytes)} MB`;
    rows.push({ figure: `cold index (${name})`, measured: `${round(r.coldIndexMs / 1000, 2)} s = ${round(r.coldRatio, 2)} × floor (${round(r.floorMs / 1000, 2)} s)`, target: '≤ 1.5 × floor', met: r.coldRatio <= 1.5 });
    rows.push({ figure: `first hover while indexing (${name})`, measured: `${round(r.firstHoverMs)} ms${r.firstHoverBeforeReady ? '' : ' (index already done)'}`, target: '< 1 s', met: r.firstHoverMs < 1000 });
    rows.push({ figure: `warm start (${name}, snapshot ${mb(r.snapshotBytes)} MB${r.snapshotBeforeShutdown ? ', written after the index' : ', written at shutdown only'})`, measured: `first hover ${round(r.warmHoverMs)} ms, ready ${round(r.warmReadyMs)} ms`, target: '< 1 s', met: r.warmHoverMs < 1000 });
    rows.push({ figure: `hover (${name}, ${r.hovers}${r.hoversAnswered === undefined ? '' : `, ${r.hoversAnswered} answered`})`, measured: `p50 ${round(r.hoverP50, 2)} ms, p99 ${round(r.hoverP99, 2)} ms`, target: 'p99 < 50 ms', met: r.hoverP99 < 50 });
    rows.push({ figure: `workspace symbols "${r.completionPrefix}" (${name})`, measured: `first ${round(r.symbolsFirstMs)} ms, then ${round(r.symbolsMs)} ms (${r.symbols} symbols)`, target: '< 100 ms', met: r.symbolsFirstMs < 100 });
    rows.push({ figure: `completion "${r.completionPrefix}" (${name})`, measured: `first ${round(r.completionFirstMs)} ms, then ${round(r.completionMs)} ms (${r.completionItems} items)`, target: '< 100 ms', met: r.completionFirstMs < 100 });
    rows.push({ figure: `RSS once idle (${name})`, measured: `${mb(r.rssIdle)} MB = ${round(r.rssRatio, 2)} × corpus${r.rssAfterSnapshot ? ` (2 s after the snapshot's write: ${mb(r.rssAfterSnapshot)} MB)` : ''}`, target: '≤ 2 × corpus', met: r.rssRatio <= 2 });
  }
  return rows;
}

async function scalingMain(counts: number[], scratch: string, log: (message: string) => void): Promise<void> {
  const label = process.env.BENCH_LABEL ?? '';
  const rows: Row[] = [];
  for (const kind of benchCorpora()) {
    const results: SizeResult[] = [];
    for (const count of counts) {
      log(`${kind} corpus of ${count} notes…`);
      results.push(await sizeBench(sizedCorpus(kind, count), scratch, log));
    }
    recordSizes(results, kind, label);
    rows.push(...sizeRows(results));
  }
  process.stdout.write(`\n${renderTable(rows)}\n`);
  if (!label) {
    const values = (file: string) => Object.values(readSizes(file));
    // A smoke run (one size, and on a fresh clone no other sizes kept) would replace the
    // published chart with a single point; it draws its chart beside its results instead.
    const quick = process.env.BENCH_QUICK === '1';
    const chart = quick ? path.join(benchResultsFolder(), 'bench-scaling.svg') : path.join(repoRoot(), 'docs', 'bench-scaling.svg');
    fs.writeFileSync(chart, scalingChart(values(scalingFile('dialect', '')), values(scalingFile('dialect', 'before')), values(scalingFile('vault', ''))));
    process.stdout.write(`\nchart: ${path.relative(process.cwd(), chart)}\n`);
  }
}

/**
 * The warm start alone, for a before/after: per corpus and size, each server (BENCH_WARM_SERVERS,
 * checkout roots; this checkout's by default) indexes the notes once and writes its snapshot,
 * then the servers start from their snapshots in turn, BENCH_WARM_RUNS times each (3 by
 * default), so that a change in the machine's load falls on all of them alike. Prints each
 * start's time to the first hover that gives the fully indexed answer, and to a finished index.
 */
async function warmMain(counts: number[], scratch: string, log: (message: string) => void): Promise<void> {
  // Each entry: a checkout's root, then any Node flags for its timed starts alone.
  const entries = (process.env.BENCH_WARM_SERVERS ?? path.dirname(path.dirname(serverPath()))).split(',').map((entry) => entry.trim().split(/\s+/));
  const roots = entries.map(([root]) => path.resolve(root));
  const labels = entries.map(([root, ...flags]) => [path.resolve(root), ...flags].join(' '));
  const runs = Number(process.env.BENCH_WARM_RUNS ?? 3);
  const lines: string[] = [];
  for (const kind of benchCorpora()) {
    for (const count of counts) {
      const { corpus, names } = sizedCorpus(kind, count);
      const doc = designDoc({ bytes: 40 * 1024, names, seed: 3 });
      const docFile = path.join(scratch, `design-${kind}-${count}.md`);
      fs.writeFileSync(docFile, doc.text);
      const uri = pathToFileURL(docFile).toString();
      const servers: { root: string; flags: string[]; server: string; cacheFolder: string; position: { line: number; character: number }; value: string }[] = [];
      for (const [i, root] of roots.entries()) {
        const server = path.join(root, 'dist', 'server.js');
        const cacheFolder = path.join(scratch, `warm-cache-${kind}-${count}-${i}`);
        log(`${kind} ${count} notes: ${root}: index and snapshot…`);
        const session = await startSession({ notesPaths: [corpus.folder], includeBundledNotes: false, cacheFolder }, [], server);
        await session.ready(count);
        await openDocument(session, uri, doc.text);
        // The answer a warm start must give: the hover on the doc's first term that has a card.
        let position = positionAt(doc.text, doc.termOffsets[0] + 1);
        let value = '';
        for (const offset of doc.termOffsets.slice(0, 200)) {
          const answer = (await hover(session, uri, positionAt(doc.text, offset + 1)))?.contents.value;
          if (answer) {
            position = positionAt(doc.text, offset + 1);
            value = answer;
            break;
          }
        }
        // The snapshot is written once the index has been quiet for a while.
        for (let waited = 0; waited < 30 && folderBytes(cacheFolder) === 0; waited++) await new Promise((resolve) => setTimeout(resolve, 1000));
        await session.close();
        servers.push({ root: labels[i], flags: entries[i].slice(1), server, cacheFolder, position, value });
      }
      const times = servers.map(() => [] as { hoverMs: number; readyMs?: number }[]);
      for (let run = 0; run < runs; run++) {
        for (const [i, { server, flags, cacheFolder, position, value }] of servers.entries()) {
          const warm = await timeToHover({ notesPaths: [corpus.folder], includeBundledNotes: false, cacheFolder }, count, doc.text, docFile, position, value, server, flags);
          log(`${kind} ${count} notes: ${servers[i].root}: run ${run + 1}: first hover ${round(warm.hoverMs)} ms, ready ${round(warm.readyMs ?? NaN)} ms`);
          times[i].push(warm);
        }
      }
      for (const [i, { root, cacheFolder }] of servers.entries()) {
        const hoverMs = times[i].map((t) => round(t.hoverMs));
        const readyMs = times[i].map((t) => round(t.readyMs ?? NaN));
        lines.push(`${kind} ${count} (${mb(corpus.bytes)} MB) ${root}: snapshot ${mb(folderBytes(cacheFolder))} MB; first hover median ${round(median(hoverMs))} ms [${hoverMs.join(', ')}], ready median ${round(median(readyMs))} ms [${readyMs.join(', ')}]`);
      }
    }
  }
  process.stdout.write(`\n${lines.join('\n')}\n`);
}

/** The corpus sizes of this run: BENCH_SIZES, or 1,000 for BENCH_QUICK, or all four. */
function benchSizes(quick: boolean): number[] {
  const asked = process.env.BENCH_SIZES?.split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
  if (asked && asked.length > 0) return asked;
  return quick ? [1000] : [1000, 5000, 10000, 20000];
}

// ---- the run --------------------------------------------------------------------------------

interface Row {
  figure: string;
  measured: string;
  target: string;
  /** true: met; false: missed; undefined: reported only. */
  met?: boolean;
}

async function main(): Promise<void> {
  const quick = process.env.BENCH_QUICK === '1';
  const realFolder = process.env.NOTES_BENCH_DIR;
  const results = benchResultsFolder();
  fs.mkdirSync(results, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'architecture-notes-bench-'));
  const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

  if (!fs.existsSync(serverPath())) throw new Error('dist/server.js is missing: run `npm run build` first');

  const sizes = benchSizes(quick);
  if (process.env.BENCH_WARM_ONLY === '1') {
    await warmMain(sizes, scratch, log);
    fs.rmSync(scratch, { recursive: true, force: true });
    return;
  }
  // The older figures of the largest corpus (matcher, incremental update, package) are the
  // dialect's: a run of the vault alone measures the figures per size only.
  if (process.env.BENCH_SCALING_ONLY === '1' || !benchCorpora().includes('dialect')) {
    await scalingMain(sizes, scratch, log);
    fs.rmSync(scratch, { recursive: true, force: true });
    return;
  }

  const corpora: { name: string; corpus: Corpus }[] = [];
  for (const count of sizes) {
    log(`corpus of ${count} notes…`);
    corpora.push({ name: `generated ${count}`, corpus: ensureCorpus(count) });
  }
  if (realFolder) corpora.push({ name: `real ${path.basename(realFolder)}`, corpus: realCorpus(path.resolve(realFolder), (f) => findNoteFiles([f]).files) });
  const largest = corpora.filter((c) => c.corpus.generated).at(-1)!.corpus;

  // The corpus's densities next to the seed's, so that "realistic" can be checked.
  const seedText = fs.readFileSync(seedNotePath(), 'utf8');
  const seedDensity = measureDensity([{ note: parseNote('file:///seed.md', seedText), bytes: Buffer.byteLength(seedText) }]);
  const sample = largest.files.slice(0, 300).map((file) => {
    const text = fs.readFileSync(file, 'utf8');
    return { note: parseNote(pathToFileURL(file).toString(), text), bytes: Buffer.byteLength(text) };
  });
  const corpusDensity: Density = measureDensity(sample);

  // Floor and full index, alternately, fastest of the repeats.
  // The server's full index (worker threads) and the CLI's (one thread), each next to the floor.
  const coldRuns: Record<string, { floor: FloorResult[]; index: IndexResult[]; oneThread: IndexResult[] }> = {};
  for (const { name, corpus } of corpora) {
    const repeats = corpus.files.length > 5000 ? 2 : 4;
    const runs = (coldRuns[name] = { floor: [] as FloorResult[], index: [] as IndexResult[], oneThread: [] as IndexResult[] });
    for (let r = 0; r < repeats; r++) {
      log(`${name}: floor and full index, round ${r + 1} of ${repeats}…`);
      runs.floor.push(runChild<FloorResult>('floor', { folder: corpus.folder }));
      runs.index.push(runChild<IndexResult>('serverIndex', { folder: corpus.folder }));
      const last = r === repeats - 1 && corpus === largest;
      runs.oneThread.push(runChild<IndexResult>('index', { folder: corpus.folder, incremental: last, matcher: last }));
    }
  }
  const largestName = corpora.find((c) => c.corpus === largest)!.name;
  const largestRuns = coldRuns[largestName];
  const withExtras = largestRuns.oneThread[largestRuns.oneThread.length - 1];

  log(`${largestName}: indexing in the server's slices (responsiveness, memory)…`);
  const workspace = runChild<WorkspaceResult>('workspace', { folder: largest.folder, corpusBytes: largest.bytes }, ['--expose-gc']);

  log(`${largestName}: hovers over JSON-RPC…`);
  const cacheFolder = path.join(scratch, 'cache');
  const hovers = await hoverBench(largest, cacheFolder, scratch);

  log(`${largestName}: warm start (index cached on disk)…`);
  const warmDocFile = path.join(scratch, 'design.md');
  const warmText = fs.readFileSync(warmDocFile, 'utf8');
  const warm: { hoverMs: number; readyMs?: number }[] = [];
  const cacheBytes = folderBytes(cacheFolder);
  // The same start without the cache, for comparison.
  const coldStart = await timeToHover({ notesPaths: [largest.folder], includeBundledNotes: false }, largest.files.length, warmText, warmDocFile, hovers.reference.position, hovers.reference.value);
  for (let i = 0; i < 3; i++) {
    warm.push(await timeToHover({ notesPaths: [largest.folder], includeBundledNotes: false, cacheFolder }, largest.files.length, warmText, warmDocFile, hovers.reference.position, hovers.reference.value));
  }

  log('first hover with the bundled notes…');
  const firstDoc = 'We split the monolith into services.\n';
  const firstDocFile = path.join(scratch, 'first.md');
  fs.writeFileSync(firstDocFile, firstDoc);
  const first: number[] = [];
  for (let i = 0; i < 5; i++) {
    first.push((await timeToHover({ includeBundledNotes: true, notesPaths: [] }, 1, firstDoc, firstDocFile, { line: 0, character: 16 })).hoverMs);
  }

  const vsix = packageFacts();

  // ---- the table ----
  const rows: Row[] = [];
  const facts = (floorRuns: FloorResult[], indexRuns: IndexResult[]) => {
    const floor = min(floorRuns.map((r) => r.ms));
    const index = min(indexRuns.map((r) => r.ms));
    const cpuRatio = min(indexRuns.map((r) => r.cpuMs)) / min(floorRuns.map((r) => r.cpuMs));
    return { floor, index, ratio: index / floor, medianRatio: median(indexRuns.map((r) => r.ms)) / median(floorRuns.map((r) => r.ms)), cpuRatio };
  };
  const threads = defaultWorkers();
  for (const { name, corpus } of corpora) {
    const f = facts(coldRuns[name].floor, coldRuns[name].index);
    const one = facts(coldRuns[name].floor, coldRuns[name].oneThread);
    rows.push({ figure: `floor (${name}, ${mb(corpus.bytes)} MB)`, measured: `${round(f.floor / 1000, 2)} s (${round(mb(corpus.bytes) / (f.floor / 1000))} MB/s)`, target: 'reported' });
    rows.push({
      figure: `full index, cold (${name})`,
      measured: `${round(f.index / 1000, 2)} s = ${round(f.ratio, 2)} × floor (median ${round(f.medianRatio, 2)} ×, CPU of all threads ${round(f.cpuRatio, 2)} ×; ${threads === 0 ? 'no worker threads on this machine' : `${threads} worker threads`}); one thread (CLI): ${round(one.index / 1000, 2)} s = ${round(one.ratio, 2)} ×`,
      target: '≤ 1.2 × floor',
      met: f.ratio <= 1.2,
    });
  }
  const warmHover = median(warm.map((w) => w.hoverMs));
  rows.push({ figure: `warm start (${largestName}, snapshot ${mb(cacheBytes)} MB)`, measured: `first hover ${round(warmHover)} ms, index ready ${round(median(warm.map((w) => w.readyMs ?? NaN)))} ms (without cache: ${round(coldStart.hoverMs)} ms, ${round(coldStart.readyMs ?? NaN)} ms)`, target: 'first hover < 1 s', met: warmHover < 1000 });
  const inc = withExtras.incremental!;
  rows.push({ figure: `incremental update (${largestName})`, measured: `median ${round(inc.median, 2)} ms, p99 ${round(inc.p99, 2)} ms`, target: 'median < 5 ms', met: inc.median < 5 });
  rows.push({ figure: `hover over JSON-RPC (${largestName}, ${hovers.hovers} hovers, ${hovers.answered} answered)`, measured: `p50 ${round(hovers.p50, 2)} ms, p99 ${round(hovers.p99, 2)} ms`, target: 'p50 < 1 ms, p99 < 5 ms', met: hovers.p50 < 1 && hovers.p99 < 5 });
  const firstHover = median(first);
  rows.push({ figure: 'first hover (bundled notes)', measured: `${round(firstHover)} ms`, target: '< 300 ms', met: firstHover < 300 });
  const m = withExtras.matcher!;
  rows.push({ figure: `matcher (${m.names} names of ${m.terms} terms, ${mb(m.docBytes * 1)} MB doc)`, measured: `${round(m.ratio)} × RegExp (${round(m.ms)} vs ${round(m.regexMs)} ms), same matches: ${m.sameMatches ? 'yes' : 'NO'} (${m.matches})`, target: '≥ 5 × (aim 10 ×), same matches', met: m.ratio >= 5 && m.sameMatches });
  rows.push({ figure: `responsiveness (${largestName})`, measured: `longest block ${round(workspace.longestBlockMs)} ms`, target: '< 50 ms', met: workspace.longestBlockMs < 50 });
  const memoryRatio = (workspace.rssSettled - workspace.rssBefore) / largest.bytes;
  const rightAfterRatio = (workspace.rssAfter - workspace.rssBefore) / largest.bytes;
  rows.push({
    figure: `memory (${largestName})`,
    measured: `${mb(workspace.rssSettled - workspace.rssBefore)} MB RSS = ${round(memoryRatio, 2)} × corpus once idle (${workspace.settledAfterS} s after indexing); right after: ${mb(workspace.rssAfter - workspace.rssBefore)} MB = ${round(rightAfterRatio, 2)} × (heap ${mb(workspace.heapAfter - workspace.heapBefore)} MB)`,
    target: '≤ 3 × corpus bytes',
    met: memoryRatio <= 3,
  });
  rows.push({ figure: 'package', measured: vsix, target: 'reported' });

  const table = renderTable(rows);
  process.stdout.write(`\n${table}\n`);
  const machine = { nproc: os.availableParallelism?.() ?? os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: round(os.totalmem() / 1024 ** 3), node: process.version, platform: `${os.platform()} ${os.release()}` };
  process.stdout.write(`\nmachine: ${machine.nproc} cores (${machine.cpu}), ${machine.memoryGb} GB, node ${machine.node}, ${machine.platform}\n`);
  process.stdout.write(`corpus densities per KB (seed → generated): ${Object.entries(seedDensity.perKb).map(([k, v]) => `${k} ${v} → ${corpusDensity.perKb[k as keyof Density['perKb']]}`).join(', ')}\n`);

  const json = {
    date: new Date().toISOString(),
    command: quick ? 'BENCH_QUICK=1 npm run bench' : 'npm run bench',
    machine,
    corpora: corpora.map(({ name, corpus }) => ({ name, folder: corpus.folder, notes: corpus.files.length, bytes: corpus.bytes, generated: corpus.generated })),
    density: { seed: seedDensity, corpus: corpusDensity },
    cold: Object.fromEntries(Object.entries(coldRuns).map(([name, run]) => [name, {
      ...facts(run.floor, run.index),
      oneThread: facts(run.floor, run.oneThread),
      floorRuns: run.floor.map((r) => r.ms),
      indexRuns: run.index.map((r) => r.ms),
      oneThreadRuns: run.oneThread.map((r) => r.ms),
      notes: run.index[0].notes,
      terms: run.index[0].terms,
    }])),
    incremental: inc,
    matcher: m,
    workspace,
    hover: hovers,
    warmStart: { runs: warm, cacheBytes, withoutCache: coldStart },
    firstHover: { runs: first, median: firstHover },
    package: vsix,
    table: rows,
  };
  fs.writeFileSync(path.join(results, 'bench.json'), JSON.stringify(json, null, 2));
  process.stdout.write(`\nwritten: ${path.relative(process.cwd(), path.join(results, 'bench.json'))}\n`);
  await scalingMain(sizes, scratch, log);
  fs.rmSync(scratch, { recursive: true, force: true });
}

/** True once a snapshot file is in the folder whole: its temporary renamed (see core/workspace/snapshot.ts). */
function snapshotWritten(folder: string): boolean {
  try {
    return fs.readdirSync(folder).some((name) => name.endsWith('.bin'));
  } catch {
    return false; // no folder yet
  }
}

function folderBytes(folder: string): number {
  let total = 0;
  try {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      total += entry.isDirectory() ? folderBytes(full) : fs.statSync(full).size;
    }
  } catch {
    // no cache written
  }
  return total;
}

/** The packaged extension, if there is one, and how long VS Code takes to activate it once installed. */
function packageFacts(): string {
  const root = repoRoot();
  const vsix = fs.readdirSync(root).filter((f) => f.endsWith('.vsix')).map((f) => ({ f, stat: fs.statSync(path.join(root, f)) })).sort((a, b) => b.stat.mtimeMs - a.stat.mtimeMs)[0];
  if (!vsix) return '.vsix n/a (no package built yet: no .vsix in the repository root); activation time n/a (no .vsix to install)';
  return `.vsix ${round(vsix.stat.size / 1024)} KB (${vsix.f}); ${activationFacts(path.join(root, vsix.f))}`;
}

/**
 * VS Code's activation times of the installed .vsix: scripts/e2e/activation.mjs installs it in
 * code-server and takes the median of fresh starts. When it cannot run here (code-server not
 * installed), it says why, and so does the row.
 */
function activationFacts(vsixFile: string): string {
  process.stderr.write('bench: package: activation time of the installed .vsix in code-server (fresh starts)…\n');
  const jsonFile = path.join(benchResultsFolder(), 'activation.json');
  fs.rmSync(jsonFile, { force: true });
  const script = path.join(repoRoot(), 'scripts', 'e2e', 'activation.mjs');
  const run = spawnSync(process.execPath, [script, '--vsix', vsixFile, '--json', jsonFile], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (!fs.existsSync(jsonFile)) return `activation time n/a (scripts/e2e/activation.mjs failed: exit ${run.status ?? run.signal})`;
  const result = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as { measured: boolean; summary?: string; reason?: string };
  return result.measured ? result.summary! : `activation time n/a (${result.reason})`;
}

function renderTable(rows: Row[]): string {
  const cells = rows.map((r) => [r.figure, r.measured, r.target, r.met === undefined ? '' : r.met ? 'met' : 'MISSED']);
  const header = ['figure', 'measured', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

// ---- entry ----------------------------------------------------------------------------------

if (process.argv[2] === '--child') {
  const task = process.argv[3] as ChildTask;
  const args = JSON.parse(process.argv[4]);
  const run = task === 'floor' ? floorChild(args) : task === 'index' ? indexChild(args) : task === 'serverIndex' ? serverIndexChild(args) : workspaceChild(args);
  void Promise.resolve(run).then((result) => process.stdout.write(JSON.stringify(result) + '\n'));
} else {
  main().catch((error) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}
