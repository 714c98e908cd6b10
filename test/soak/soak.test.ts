// Soak: the built server, driven over JSON-RPC as an editor drives it, takes thousands of
// random edits to notes and design docs (in the editor, on disk, files created and
// deleted, hostile Unicode included) interleaved with hovers, searches, completions, code
// actions and symbols. It must answer every request without an error, stay up, and write
// nothing on stderr (where it reports uncaught exceptions). Once the edits stop, its live
// data must be back within 20% of what it was after the first index, and what it serves
// must equal what a server started fresh on the final files serves.
//
// Live data is the V8 heap after a full garbage collection, less the compiled machine code:
// code grows as the process warms up (10,000 edits make many functions hot), whatever the
// notes hold, and a leak is data that edits leave behind.
//
// 300 edits by default (part of `npm test`); `npm run test:soak` makes it 10,000. SOAK_EDITS
// and SOAK_SEED choose other runs; the seed is printed so that a failure can be replayed.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionRequest, CodeActionResolveRequest, CompletionRequest, DefinitionRequest, DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification, DocumentHighlightRequest, DocumentSymbolRequest, FileChangeType, HoverRequest, ReferencesRequest,
  WorkspaceSymbolRequest, type CodeAction, type Command, type CompletionItem, type CompletionList, type DocumentSymbol, type Hover,
  type Position, type Range, type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { DocumentTermsRequest, OutlineRequest, ReindexRequest, SearchRequest, type MemoryUsage } from '../../server/src/protocol';
import { designDoc, garbage, insertion, note, prose, Random, termPool } from './corpus';
import { repoRoot, serverBundle, startServerProcess, type ServerProcess } from './serverProcess';
import { wholeOutline } from '../server/outlineRows';

const LONG = process.env.SOAK_LONG === '1';
const EDITS = Number(process.env.SOAK_EDITS ?? (LONG ? 10_000 : 300));
const SEED = Number(process.env.SOAK_SEED ?? 20_250_611);
const NOTES = 36;
const DESIGN_DOCS = 3;
/** Live data at the end may exceed its level after the first index by this fraction. */
const MEMORY_TOLERANCE = 0.2;

/** Builds dist/server.js when it is missing or older than any of the server's sources. */
function ensureBuilt(): void {
  const built = fs.existsSync(serverBundle) ? fs.statSync(serverBundle).mtimeMs : 0;
  const sourceRoot = path.join(repoRoot, 'server', 'src');
  const sources = fs.readdirSync(sourceRoot, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  if (sources.every((source) => fs.statSync(path.join(sourceRoot, source)).mtimeMs < built)) return;
  const build = spawnSync(process.execPath, ['esbuild.mjs', '--quiet'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
}

interface NoteFile {
  name: string;
  file: string;
  uri: string;
  exists: boolean;
  /** The editor's copy while the note is open. */
  document?: TextDocument;
  /** The size an edit steers the text back towards, so that the corpus neither grows nor shrinks on average. */
  targetLength: number;
}

interface DesignDoc {
  uri: string;
  document: TextDocument;
  targetLength: number;
}

describe('soak: random edits and requests over JSON-RPC to the built server', function () {
  this.timeout(LONG || EDITS > 1000 ? 60 * 60_000 : 60_000);
  let root: string;
  let server: ServerProcess | undefined;
  let fresh: ServerProcess | undefined;

  before(function () {
    this.timeout(120_000);
    ensureBuilt();
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'arch-notes-soak-')));
  });

  after(async () => {
    await server?.stop();
    await fresh?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it(`${EDITS} edits (seed ${SEED}): no error, memory back, the index equal to a fresh build`, async () => {
    const started = Date.now();
    const random = new Random(SEED);
    const notesFolder = path.join(root, 'notes');
    const workspaceFolder = path.join(root, 'workspace');
    fs.mkdirSync(notesFolder);
    fs.mkdirSync(workspaceFolder);

    const terms = termPool(random, 60);
    const noteNames = Array.from({ length: NOTES + 20 }, (_, i) => `note-${i}.md`).concat('missing.md');
    const notes: NoteFile[] = [];
    const noteFile = (name: string): NoteFile => {
      const file = path.join(notesFolder, name);
      return { name, file, uri: pathToFileURL(file).href, exists: false, targetLength: 0 };
    };
    const writeNote = (entry: NoteFile, text: string) => {
      fs.writeFileSync(entry.file, text);
      entry.exists = true;
    };
    for (let i = 0; i < NOTES; i++) {
      const entry = noteFile(noteNames[i]);
      const text = note(random, terms, noteNames);
      entry.targetLength = text.length;
      writeNote(entry, text);
      notes.push(entry);
    }
    const settings = { notesPaths: [notesFolder], includeBundledNotes: true };
    server = await startServerProcess({ settings, workspaceFolder });
    const connection = server.connection;
    const firstIndex = await server.status();
    assert.equal(firstIndex.notes, NOTES + 1, 'the generated notes and the bundled one are indexed');

    // The same questions before and after the soak, so that lazily built structures (the term
    // matcher, the search targets) exist in both measurements.
    const warmUp = async (target: ServerProcess) => {
      const uri = pathToFileURL(path.join(workspaceFolder, 'warm-up.md')).href;
      const text = `We put a ${terms[0]} and a circuit breaker in front of the ${terms[1]}.\n`;
      await target.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
      await target.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 11 } });
      await target.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: 5 } });
      await target.connection.sendRequest(DocumentTermsRequest, { uri });
      await target.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      for (const query of [terms[2], 'circuit', 'kleppmann']) await target.connection.sendRequest(SearchRequest, { query });
      await target.connection.sendRequest(OutlineRequest, {});
      return target.memory();
    };
    const memoryAfterFirstIndex = await warmUp(server);
    assert.ok(memoryAfterFirstIndex.collected, 'the server ran with --expose-gc and collected garbage before measuring');

    const designDocs: DesignDoc[] = [];
    for (let i = 0; i < DESIGN_DOCS; i++) {
      const text = designDoc(random, terms);
      const uri = pathToFileURL(path.join(workspaceFolder, `design-${i}.md`)).href;
      fs.writeFileSync(path.join(workspaceFolder, `design-${i}.md`), text);
      designDocs.push({ uri, document: TextDocument.create(uri, 'markdown', 1, text), targetLength: text.length });
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    }

    // ---- requests: sent without waiting, answered in order, checked when they arrive --------
    const failures: string[] = [];
    const counts = new Map<string, number>();
    const count = (what: string) => counts.set(what, (counts.get(what) ?? 0) + 1);
    let pending: Promise<void>[] = [];
    let step = 0;
    function ask<R>(what: string, request: Promise<R>, check?: (result: R) => string | undefined): void {
      count(what);
      const at = step;
      pending.push(request.then(
        (result) => {
          const problem = check?.(result);
          if (problem) failures.push(`step ${at}, ${what}: ${problem}`);
        },
        (error: unknown) => {
          failures.push(`step ${at}, ${what}: error ${error instanceof Error ? error.message : String(error)}`);
        },
      ));
    }
    const settle = async () => {
      const waiting = pending;
      pending = [];
      await Promise.all(waiting);
    };

    // ---- edits ----------------------------------------------------------------------------------
    const openNotes = () => notes.filter((n) => n.document);
    const closedNotes = () => notes.filter((n) => n.exists && !n.document);

    /** One random change to a text: an insertion, a deletion (often of whole lines, definitions with them) or a replacement. */
    function randomChange(document: TextDocument, targetLength: number): { range: Range; text: string } {
      const text = document.getText();
      // Steer towards the target size: the corpus should neither grow nor shrink on average.
      const growth = text.length < targetLength * 0.7 ? 0.85 : text.length > targetLength * 1.3 ? 0.15 : 0.5;
      if (text.length > 0 && random.chance(0.25)) {
        const lines = random.int(1, 3);
        const first = random.int(0, document.lineCount - 1);
        const range = { start: { line: first, character: 0 }, end: { line: first + lines, character: 0 } };
        return { range, text: random.chance(growth) ? insertion(random, terms, noteNames) : '' };
      }
      const start = random.int(0, text.length);
      const deleted = random.chance(growth) ? (random.chance(0.5) ? 0 : random.int(0, 5)) : random.int(1, Math.min(200, Math.max(1, text.length - start)));
      const end = Math.min(text.length, start + deleted);
      const inserted = random.chance(growth) ? insertion(random, terms, noteNames) : random.chance(0.2) ? garbage(random, random.int(1, 3)) : '';
      return { range: { start: document.positionAt(start), end: document.positionAt(end) }, text: inserted };
    }

    /** Edits an open document the way an editor reports it: one to three incremental changes, now and then the whole text. */
    async function editOpen(document: TextDocument, targetLength: number): Promise<void> {
      const changes: TextDocumentContentChangeEvent[] = [];
      const version = document.version + 1;
      if (random.chance(0.03)) {
        const change = { text: insertion(random, terms, noteNames) + document.getText().slice(random.int(0, 50)) };
        TextDocument.update(document, [change], version);
        changes.push(change);
      } else {
        for (let n = random.int(1, 3); n > 0; n--) {
          const change = randomChange(document, targetLength);
          // Each change applies to the text the previous ones left, as on the server.
          TextDocument.update(document, [change], version);
          changes.push(change);
        }
      }
      await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: document.uri, version }, contentChanges: changes });
    }

    const noteChanged = (entry: NoteFile, type: FileChangeType) =>
      connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: entry.uri, type }] });

    const openNote = async (entry: NoteFile) => {
      const text = fs.readFileSync(entry.file, 'utf8');
      entry.document = TextDocument.create(entry.uri, 'markdown', 1, text);
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: entry.uri, languageId: 'markdown', version: 1, text } });
    };
    const closeNote = async (entry: NoteFile) => {
      entry.document = undefined;
      await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: entry.uri } });
    };

    const editActions = {
      async editOpenNote() {
        const candidates = openNotes().length > 0 && random.chance(0.8) ? openNotes() : notes.filter((n) => n.exists || n.document);
        if (candidates.length === 0) return;
        const entry = random.pick(candidates);
        if (!entry.document) await openNote(entry);
        await editOpen(entry.document!, entry.targetLength);
      },
      async editDesignDoc() {
        const doc = random.pick(designDocs);
        await editOpen(doc.document, doc.targetLength);
      },
      async openNote() {
        const closed = closedNotes();
        if (closed.length > 0) await openNote(random.pick(closed));
      },
      async closeNote() {
        const open = openNotes();
        if (open.length > 0) await closeNote(random.pick(open));
      },
      /** Saves an open note: the file on disk changes, and the watcher says so (an open note's text still wins). */
      async saveNote() {
        const open = openNotes();
        if (open.length === 0) return;
        const entry = random.pick(open);
        const created = !entry.exists;
        writeNote(entry, entry.document!.getText());
        await connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri: entry.uri } });
        await noteChanged(entry, created ? FileChangeType.Created : FileChangeType.Changed);
      },
      /** Another program changes a note that is not open. */
      async editOnDisk() {
        const closed = closedNotes();
        if (closed.length === 0) return;
        const entry = random.pick(closed);
        const document = TextDocument.create(entry.uri, 'markdown', 1, fs.readFileSync(entry.file, 'utf8'));
        for (let n = random.int(1, 4); n > 0; n--) TextDocument.update(document, [randomChange(document, entry.targetLength)], 2);
        writeNote(entry, document.getText());
        await noteChanged(entry, FileChangeType.Changed);
      },
      /** Creates or deletes a note file, keeping their number near where it started. */
      async createOrDeleteNote() {
        const onDisk = notes.filter((n) => n.exists);
        const create = onDisk.length < NOTES * 0.8 ? true : onDisk.length > NOTES * 1.2 ? false : random.chance(0.5);
        if (create) {
          let entry = notes.find((n) => !n.exists && !n.document);
          if (!entry) {
            const name = noteNames.find((candidate) => !notes.some((n) => n.name === candidate));
            if (!name) return;
            entry = noteFile(name);
            notes.push(entry);
          }
          const text = note(random, terms, noteNames);
          entry.targetLength = text.length;
          writeNote(entry, text);
          await noteChanged(entry, FileChangeType.Created);
        } else {
          // Sometimes while the note is open: the editor keeps its text until it is closed.
          const entry = random.pick(onDisk);
          fs.rmSync(entry.file);
          entry.exists = false;
          await noteChanged(entry, FileChangeType.Deleted);
        }
      },
    };
    type EditAction = keyof typeof editActions;
    const editWeights: [EditAction, number][] = [
      ['editOpenNote', 40], ['editDesignDoc', 14], ['openNote', 8], ['closeNote', 7], ['saveNote', 8], ['editOnDisk', 12], ['createOrDeleteNote', 8],
    ];

    // ---- requests -----------------------------------------------------------------------------
    const openDocuments = (): TextDocument[] => [...designDocs.map((d) => d.document), ...openNotes().map((n) => n.document!)];
    /** A position in a document: often on a known term, else anywhere (always a valid position). */
    function positionIn(document: TextDocument): Position {
      const text = document.getText();
      if (random.chance(0.6)) {
        const term = random.pick(terms);
        const at = text.indexOf(term, random.int(0, text.length));
        if (at !== -1) return document.positionAt(at + random.int(0, term.length));
      }
      return document.positionAt(random.int(0, text.length));
    }
    const within = (document: TextDocument, range: Range) =>
      range.start.line >= 0 && range.end.line <= document.lineCount && (range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character));
    const contains = (range: Range, position: Position) =>
      (range.start.line < position.line || (range.start.line === position.line && range.start.character <= position.character))
      && (position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character));

    const queryActions = {
      hover() {
        const document = random.pick(openDocuments());
        const position = positionIn(document);
        const snapshot = TextDocument.create(document.uri, document.languageId, document.version, document.getText());
        ask('hover', connection.sendRequest(HoverRequest.type, { textDocument: { uri: document.uri }, position }), (hover: Hover | null) => {
          if (!hover) return undefined;
          const value = typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : undefined;
          if (!value) return 'a hover without markdown contents';
          if (hover.range && !(within(snapshot, hover.range) && contains(hover.range, position))) return `hover range ${JSON.stringify(hover.range)} does not hold ${JSON.stringify(position)}`;
          return undefined;
        });
      },
      search() {
        const query = random.weighted([
          [random.pick(terms), 4], [random.pick(terms).slice(0, random.int(1, 6)), 3], [prose(random, random.int(1, 3)), 2], [garbage(random, random.int(1, 6)), 1],
        ]);
        ask('search', connection.sendRequest(SearchRequest, { query, limit: random.int(1, 60) }), (items) => {
          const unsafe = items.find((item) => item.url !== undefined && !/^(https?|file):/i.test(item.url));
          return unsafe ? `an item carries the URL ${unsafe.url}` : undefined;
        });
      },
      completion() {
        const document = random.pick(openDocuments());
        const position = positionIn(document);
        ask('completion', connection.sendRequest(CompletionRequest.type, { textDocument: { uri: document.uri }, position }), (result: CompletionItem[] | CompletionList | null) => {
          const items = Array.isArray(result) ? result : result?.items ?? [];
          const misplaced = items.find((item) => !item.textEdit || !('range' in item.textEdit) || item.textEdit.range.end.line !== position.line || item.textEdit.range.end.character !== position.character);
          return misplaced ? `completion ${misplaced.label} does not end at the cursor` : undefined;
        });
      },
      codeAction() {
        const document = random.pick(openDocuments());
        const start = positionIn(document);
        const end = random.chance(0.5) ? start : document.positionAt(document.offsetAt(start) + random.int(0, 40));
        const diagnostics = random.chance(0.5) ? server!.diagnostics.get(document.uri)?.diagnostics ?? [] : [];
        const only = random.chance(0.3) ? [random.pick(['quickfix', 'refactor', 'source'])] : undefined;
        const request = connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: document.uri }, range: { start, end }, context: { diagnostics, only } });
        ask('codeAction', request);
        if (random.chance(0.3)) {
          // Picking the action that inserts the glossary: its edit comes from codeAction/resolve.
          // Only while the document is still open: an editor resolves the action the user picks in it.
          ask('codeAction/resolve', request.then(async (actions: (Command | CodeAction)[] | null) => {
            const deferred = (actions ?? []).find((a): a is CodeAction => 'kind' in a && a.kind === 'source.architectureNotes.insertGlossary' && !a.edit);
            const stillOpen = openDocuments().some((d) => d.uri === document.uri);
            return deferred && stillOpen ? connection.sendRequest(CodeActionResolveRequest.type, deferred) : undefined;
          }), (resolved) => (resolved && !resolved.edit ? 'a resolved action without an edit' : undefined));
        }
      },
      documentSymbol() {
        const open = openNotes();
        const entry = open.length > 0 ? random.pick(open) : random.pick(notes);
        const snapshot = entry.document ? TextDocument.create(entry.uri, 'markdown', 1, entry.document.getText()) : undefined;
        ask('documentSymbol', connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: entry.uri } }), (symbols) => {
          if (!snapshot) return undefined;
          const outside = (list: DocumentSymbol[]): DocumentSymbol | undefined => {
            for (const symbol of list) {
              if (!within(snapshot, symbol.range) || !within(snapshot, symbol.selectionRange)) return symbol;
              const inner = outside(symbol.children ?? []);
              if (inner) return inner;
            }
            return undefined;
          };
          const bad = outside((symbols ?? []) as DocumentSymbol[]);
          return bad ? `symbol ${bad.name} lies outside the document` : undefined;
        });
      },
      definition() {
        const document = random.pick(openDocuments());
        ask('definition', connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: document.uri }, position: positionIn(document) }));
      },
      references() {
        const document = random.pick(openDocuments());
        ask('references', connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: document.uri }, position: positionIn(document), context: { includeDeclaration: random.chance(0.5) } }));
      },
      documentHighlight() {
        const document = random.pick(openDocuments());
        ask('documentHighlight', connection.sendRequest(DocumentHighlightRequest.type, { textDocument: { uri: document.uri }, position: positionIn(document) }));
      },
      documentTerms() {
        const document = random.pick(openDocuments());
        ask('documentTerms', connection.sendRequest(DocumentTermsRequest, { uri: document.uri }));
      },
      workspaceSymbol() {
        ask('workspaceSymbol', connection.sendRequest(WorkspaceSymbolRequest.type, { query: random.chance(0.2) ? '' : random.pick(terms).slice(0, 4) }));
      },
      outline() {
        ask('outline', connection.sendRequest(OutlineRequest, {}));
      },
      /** Rare: a full re-index while edits keep coming, and a settings echo that must not re-index. */
      reindex() {
        if (random.chance(0.5)) ask('reindex', connection.sendRequest(ReindexRequest));
        else void connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null }).then(() => count('configuration'));
      },
    };
    type QueryAction = keyof typeof queryActions;
    const queryWeights: [QueryAction, number][] = [
      ['hover', 30], ['search', 12], ['completion', 12], ['codeAction', 10], ['documentSymbol', 8], ['definition', 5], ['references', 3],
      ['documentHighlight', 4], ['documentTerms', 4], ['workspaceSymbol', 3], ['outline', 1], ['reindex', 0.3],
    ];

    // ---- the soak -------------------------------------------------------------------------------
    let inFlightLimit = random.int(1, 8);
    for (step = 0; step < EDITS; step++) {
      const action = random.weighted(editWeights);
      count(action);
      await editActions[action]();
      for (let q = random.int(0, 2); q > 0; q--) queryActions[random.weighted(queryWeights)]();
      if (pending.length >= inFlightLimit) {
        await settle();
        inFlightLimit = random.int(1, 8);
      }
      if (server.exited()) break;
      if (failures.length > 20) break;
    }
    await settle();
    const soakEnded = Date.now();

    assert.equal(server.exited(), undefined, 'the server stays up');
    assert.deepEqual(failures, [], 'every request is answered without an error');

    // ---- once the edits stop -----------------------------------------------------------------
    for (const entry of openNotes()) await closeNote(entry);
    for (const doc of designDocs) await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: doc.uri } });
    const quiet = await server.status();
    assert.equal(quiet.state, 'ready');
    const memoryAfterSoak = await warmUp(server);

    fresh = await startServerProcess({ settings, workspaceFolder });
    const memoryFresh = await warmUp(fresh);
    await compareWithFresh(server, fresh, terms, designDocs.map((d) => d.document.getText()), workspaceFolder);

    const stderr = server.stderr();
    assert.equal(stderr, '', 'nothing on stderr (uncaught exceptions are reported there)');
    assert.deepEqual(server.errorLogs, [], 'no error in the server log');

    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    const liveData = (memory: MemoryUsage) => memory.heapUsed - memory.codeSpaceUsed;
    const memoryLine = (label: string, memory: MemoryUsage) => `${label}: data ${mb(liveData(memory))} (heap ${mb(memory.heapUsed)}, of it code ${mb(memory.codeSpaceUsed)}; rss ${mb(memory.rss)})`;
    const totalEdits = editWeights.reduce((sum, [action]) => sum + (counts.get(action) ?? 0), 0);
    const totalRequests = queryWeights.reduce((sum, [action]) => sum + (counts.get(action) ?? 0), 0);
    console.log([
      `      seed ${SEED}: ${totalEdits} edits and ${totalRequests} requests in ${((soakEnded - started) / 1000).toFixed(1)} s (whole test ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      `      ${[...counts].map(([what, n]) => `${what} ${n}`).join(', ')}`,
      `      notes at the end: ${quiet.notes}, terms ${quiet.terms}`,
      `      ${memoryLine('after the first index', memoryAfterFirstIndex)}`,
      `      ${memoryLine('after the soak', memoryAfterSoak)}`,
      `      ${memoryLine('a fresh server on the final files', memoryFresh)}`,
    ].join('\n'));

    assert.ok(
      liveData(memoryAfterSoak) <= liveData(memoryAfterFirstIndex) * (1 + MEMORY_TOLERANCE),
      `live data after the soak (${mb(liveData(memoryAfterSoak))}) is within ${MEMORY_TOLERANCE * 100}% of its level after the first index (${mb(liveData(memoryAfterFirstIndex))})`,
    );
  });
});

/**
 * The soaked server and a fresh one on the same files must serve the same index: the same
 * outline (every note, area, topic, label, term and reference, with ranges), the same status,
 * the same search results, and the same hovers, terms and completions in the design docs.
 */
async function compareWithFresh(soaked: ServerProcess, fresh: ServerProcess, terms: string[], designTexts: string[], workspaceFolder: string): Promise<void> {
  const both = async <R>(ask: (server: ServerProcess) => Promise<R>): Promise<[R, R]> => [await ask(soaked), await ask(fresh)];

  const [soakedStatus, freshStatus] = await both((s) => s.status());
  const statusFacts = (status: typeof soakedStatus) => ({ state: status.state, notes: status.notes, terms: status.terms, skipped: [...status.skipped].sort((a, b) => a.path.localeCompare(b.path)) });
  assert.deepEqual(statusFacts(soakedStatus), statusFacts(freshStatus), 'status: notes, terms and skipped files');

  const [soakedOutline, freshOutline] = await both((s) => wholeOutline(s.connection));
  assert.deepEqual(soakedOutline, freshOutline, 'outline of every note');

  const queries = [...terms, ...terms.map((t) => t.slice(0, 3)), 'CQRS', 'write-ahead log', 'kleppmann', 'circuit breaker', 'monolith', 'db per', 'aka'];
  for (const query of queries) {
    const [soakedResults, freshResults] = await both((s) => s.connection.sendRequest(SearchRequest, { query, limit: 100 }));
    assert.deepEqual(soakedResults, freshResults, `search for "${query}"`);
  }

  for (const [i, text] of designTexts.entries()) {
    const uri = pathToFileURL(path.join(workspaceFolder, `final-${i}.md`)).href;
    const document = TextDocument.create(uri, 'markdown', 1, text);
    await both((s) => s.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } }));
    const [soakedTerms, freshTerms] = await both((s) => s.connection.sendRequest(DocumentTermsRequest, { uri }));
    assert.deepEqual(soakedTerms, freshTerms, `terms used in design doc ${i}`);
    for (const item of soakedTerms) {
      for (const range of item.ranges) {
        const position = range.start;
        const [soakedHover, freshHover] = await both((s) => s.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }));
        assert.deepEqual(soakedHover, freshHover, `hover on "${document.getText(range)}" in design doc ${i}`);
        // Two characters into the term: a prefix that many names share.
        const typed = document.positionAt(document.offsetAt(position) + 2);
        const [soakedCompletion, freshCompletion] = await both((s) => s.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: typed }));
        assert.deepEqual(soakedCompletion, freshCompletion, `completion after "${document.getText({ start: position, end: typed })}" in design doc ${i}`);
      }
    }
    await both((s) => s.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } }));
  }
}
