import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { NotesWorkspace } from '../../server/src/core/workspace/notesWorkspace';
import { codeActions, IGNORE_TERM, resolveCodeAction } from '../../server/src/features/codeActions';
import { casedAsTyped, completion } from '../../server/src/features/completion';
import type { FeatureContext } from '../../server/src/features/context';
import { definition } from '../../server/src/features/definition';
import { noteDiagnostics } from '../../server/src/features/diagnostics';
import { documentTerms } from '../../server/src/features/documentTerms';
import { highlights } from '../../server/src/features/highlights';
import { hover } from '../../server/src/features/hover';
import { documentLinks, openReferenceTarget } from '../../server/src/features/links';
import { outline } from '../../server/src/features/outline';
import { references } from '../../server/src/features/references';
import { search } from '../../server/src/features/search';
import { ClientCommands } from '../../server/src/protocol';
import { documentSymbols, MAX_DOCUMENT_SYMBOLS, workspaceSymbols } from '../../server/src/features/symbols';

// The editor features called directly, as plain functions of a workspace and in-memory
// documents: no connection, no files on disk. The notes are open documents in a notes folder
// that does not exist, which the workspace indexes from their text alone.

const notesFolder = path.join(path.parse(process.cwd()).root, 'in-memory-notes');
const noteUri = pathToFileURL(path.join(notesFolder, 'patterns.md')).href;
const otherNoteUri = pathToFileURL(path.join(notesFolder, 'sql.md')).href;
const docUri = 'untitled:design.md';

const NOTE = [
  '# PATTERNS',
  '',
  '## resilience',
  '',
  '* _circuit breaker_: stops calling a failing dependency for a while https://martinfowler.com/bliki/CircuitBreaker.html',
  '* _fan out_: num of req to other services to handle one incoming req',
  '* _the manual_: see [the manual](FILE:///usr/bin/xterm)',
  '',
  '🗄️ `sql.md` migrations',
  '🗄️ `missing.md`',
  '',
].join('\n');

const DOC = '# Design\n\nEach call goes through a circuit breaker, and the fan out stays small.\nA second circuit breaker guards the cache.\n';

async function inMemory(): Promise<FeatureContext & { docs: Map<string, TextDocument> }> {
  const workspace = new NotesWorkspace();
  await workspace.configure({ entries: [notesFolder], baseFolders: [], ignoreTerms: [], maxFileBytes: 5_000_000 });
  const docs = new Map<string, TextDocument>();
  const open = (uri: string, languageId: string, text: string) => {
    docs.set(uri, TextDocument.create(uri, languageId, 1, text));
    workspace.noteOpened(uri, text);
  };
  open(noteUri, 'markdown', NOTE);
  open(otherNoteUri, 'markdown', '# SQL\n\n## migrations\n\n* _expand and contract_: add the new, move, then drop the old\n');
  open(docUri, 'markdown', DOC);
  return { workspace, documents: { get: (uri) => docs.get(uri), all: () => [...docs.values()] }, languages: () => ['markdown'], docs };
}

/** The position of the `occurrence`-th `text` in the design doc. */
function at(text: string, occurrence = 0) {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) offset = DOC.indexOf(text, offset + 1);
  assert.ok(offset >= 0, `"${text}" is in the doc`);
  return TextDocument.create(docUri, 'markdown', 1, DOC).positionAt(offset + 1);
}

describe('editor features, called directly', () => {
  let context: Awaited<ReturnType<typeof inMemory>>;
  before(async () => {
    context = await inMemory();
  });

  it('hover shows the card of the term under the cursor, and nothing on an ordinary word', () => {
    const card = hover(context, docUri, at('circuit breaker'));
    assert.ok(card && typeof card.contents === 'object' && 'value' in card.contents);
    assert.match(card.contents.value, /circuit breaker/);
    assert.match(card.contents.value, /stops calling a failing dependency/);
    assert.equal(hover(context, docUri, at('Each')), null);
  });

  it('hover takes a short form for its term once the notes are indexed, not while they are', () => {
    const balancing = pathToFileURL(path.join(notesFolder, 'balancing.md')).href;
    context.workspace.noteOpened(balancing, '# NETWORKING\n\n## balancing\n\n* _load balancer_: spreads requests over the endpoints of a service\n');
    const uri = 'untitled:short-forms.md';
    const text = 'The client keeps a load balancer per target. The balancer picks an endpoint.\n';
    const doc = TextDocument.create(uri, 'markdown', 1, text);
    context.docs.set(uri, doc);
    const onShortForm = doc.positionAt(text.indexOf('The balancer') + 6);
    try {
      const card = hover(context, uri, onShortForm);
      assert.ok(card && typeof card.contents === 'object' && 'value' in card.contents);
      assert.match(card.contents.value, /spreads requests/);
      // While a full index runs, each note read changes the index: a word that names no term is
      // not looked for as a short form, which would scan the whole doc again for every hover.
      Object.defineProperty(context.workspace, 'indexing', { get: () => true, configurable: true });
      assert.equal(hover(context, uri, onShortForm), null);
      assert.ok(hover(context, uri, doc.positionAt(text.indexOf('load balancer') + 1)));
    } finally {
      delete (context.workspace as { indexing?: boolean }).indexing;
      context.docs.delete(uri);
      context.workspace.noteClosed(balancing);
    }
    assert.equal(context.workspace.index.lookupExact('load balancer').length, 0);
  });

  it('hover on a cross-reference in a note says where it leads, or that the note is missing', () => {
    const lines = NOTE.split('\n');
    const known = hover(context, noteUri, { line: lines.findIndex((l) => l.includes('sql.md')), character: 5 });
    const missing = hover(context, noteUri, { line: lines.findIndex((l) => l.includes('missing.md')), character: 5 });
    assert.match(JSON.stringify(known?.contents), /sql\.md/);
    assert.match(JSON.stringify(missing?.contents), /not among the indexed notes/);
  });

  it('definition, references and highlights find the term where the notes define it and where the doc uses it', () => {
    const [defined] = definition(context, docUri, at('circuit breaker'));
    assert.equal(defined.uri, noteUri);
    assert.equal(defined.range.start.line, 4);
    const uses = references(context, docUri, at('circuit breaker'), false).filter((l) => l.uri === docUri);
    assert.deepEqual(uses.map((l) => l.range.start.line), [2, 3]);
    assert.equal(highlights(context, docUri, at('circuit breaker', 1)).length, 2);
  });

  it('completion offers the terms that start with the word typed', () => {
    const doc = context.docs.get(docUri)!;
    const list = completion(context, docUri, doc.positionAt(DOC.indexOf('circuit') + 4));
    assert.ok(list.items.some((item) => item.label === 'circuit breaker'));
  });

  it('completion writes a sentence-case name in the case its first letter was typed, and acronyms as the notes do', () => {
    assert.equal(casedAsTyped('Idempotency', 'idem'), 'idempotency');
    assert.equal(casedAsTyped('Leader election', 'lea'), 'leader election');
    // A title in title case goes in lower case throughout, not as "circuit Breaker"; capitals that say something stay.
    assert.equal(casedAsTyped('Circuit Breaker', 'circ'), 'circuit breaker');
    assert.equal(casedAsTyped('Circuit Breaker', 'Circ'), 'Circuit Breaker');
    assert.equal(casedAsTyped('Event Sourcing with CQRS', 'ev'), 'event sourcing with CQRS');
    assert.equal(casedAsTyped('Load-Balancer', 'lo'), 'load-balancer');
    assert.equal(casedAsTyped('circuit breaker', 'Circ'), 'Circuit breaker');
    assert.equal(casedAsTyped('Kafka', 'Ka'), 'Kafka');
    for (const kept of ['CQRS', 'gRPC', 'PostgreSQL', 'A record', 'İstanbul']) assert.equal(casedAsTyped(kept, kept === 'A record' ? 'a ' : kept.toLowerCase().slice(0, 2)), kept);
    // In a doc: the list shows the notes' spelling, the edit writes the doc's.
    const typedUri = 'untitled:typed.md';
    context.docs.set(typedUri, TextDocument.create(typedUri, 'markdown', 1, 'Circ'));
    const [item] = completion(context, typedUri, { line: 0, character: 4 }).items;
    assert.equal(item.label, 'circuit breaker');
    assert.deepEqual(item.textEdit, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } }, newText: 'Circuit breaker' });
    context.docs.delete(typedUri);
  });

  it('code actions open a web reference and link the term; never a local file outside the notes', () => {
    const position = at('circuit breaker');
    const actions = codeActions(context, docUri, { start: position, end: position }, { diagnostics: [] }, { canResolve: false });
    const titles = actions.map((a) => a.title);
    assert.ok(titles.some((t) => /^Open reference: .*martinfowler\.com/.test(t)), titles.join('; '));
    assert.ok(titles.includes('Link “circuit breaker” to martinfowler.com/bliki/CircuitBreaker.html'), titles.join('; '));
    assert.ok(!JSON.stringify(actions).toLowerCase().includes('xterm'));
  });

  it('code actions stop a term\'s hovers in the workspace or everywhere, as a refactor the client runs', () => {
    const position = at('circuit breaker', 1);
    const range = { start: position, end: position };
    const ignoring = codeActions(context, docUri, range, { diagnostics: [] }, { canResolve: false, canIgnoreTerms: true }).filter((a) => a.kind === IGNORE_TERM);
    assert.deepEqual(ignoring.map((a) => a.title), ['Don\'t show hovers for "circuit breaker" in this workspace', 'Don\'t show hovers for "circuit breaker" anywhere (user settings)']);
    assert.deepEqual(ignoring.map((a) => [a.command?.command, ...(a.command?.arguments ?? [])]), [
      [ClientCommands.ignoreTerm, 'circuit breaker', 'workspace'],
      [ClientCommands.ignoreTerm, 'circuit breaker', 'user'],
    ]);
    assert.ok(ignoring.every((a) => !a.diagnostics && !a.isPreferred), 'a preference, not a problem to fix');
    // Asked for refactors, they come; asked for quick fixes only, they do not.
    const refactors = codeActions(context, docUri, range, { diagnostics: [], only: ['refactor'] }, { canResolve: false, canIgnoreTerms: true });
    assert.equal(refactors.filter((a) => a.kind === IGNORE_TERM).length, 2);
    const fixes = codeActions(context, docUri, range, { diagnostics: [], only: ['quickfix'] }, { canResolve: false, canIgnoreTerms: true });
    assert.equal(fixes.filter((a) => a.kind === IGNORE_TERM).length, 0);
    // Not on an ordinary word, and not to a client that cannot run the command.
    const word = at('Each');
    assert.equal(codeActions(context, docUri, { start: word, end: word }, { diagnostics: [] }, { canResolve: false, canIgnoreTerms: true }).filter((a) => a.kind === IGNORE_TERM).length, 0);
    assert.equal(codeActions(context, docUri, range, { diagnostics: [] }, { canResolve: false }).filter((a) => a.kind === IGNORE_TERM).length, 0);
  });

  it('the glossary is offered lazily and resolved into an edit', () => {
    const start = { line: 0, character: 0 };
    const [lazy] = codeActions(context, docUri, { start, end: start }, { diagnostics: [], only: ['source'] }, { canResolve: true });
    assert.equal(lazy.edit, undefined);
    const resolved = resolveCodeAction(context, lazy);
    assert.match(JSON.stringify(resolved.edit), /## Glossary/);
  });

  it('openReference opens web links outside and refuses a local file outside the notes', () => {
    assert.deepEqual(openReferenceTarget(context, [' HTTPS://Example.com/x']), { uri: 'https://example.com/x', external: true, takeFocus: true });
    assert.throws(() => openReferenceTarget(context, ['FILE:///usr/bin/xterm']), /Refusing to open/);
    assert.deepEqual(openReferenceTarget(context, [noteUri.replace('file:', 'FILE:')]), { uri: noteUri, external: false, takeFocus: true });
  });

  it('a note has symbols, links to the notes it names, and a diagnostic for a note that is missing', () => {
    const names = documentSymbols(context, noteUri).flatMap(function flat(s): string[] {
      return [s.name, ...(s.children ?? []).flatMap(flat)];
    });
    assert.ok(names.includes('PATTERNS') && names.includes('circuit breaker'), names.join(', '));
    assert.deepEqual(documentLinks(context, noteUri).map((l) => l.target), [otherNoteUri]);
    const note = context.workspace.index.note(noteUri)!;
    assert.deepEqual(noteDiagnostics(context, note).map((d) => d.code), ['missing-note']);
  });

  it("caps a note's outline at MAX_DOCUMENT_SYMBOLS symbols, from the note's start", async () => {
    const workspace = new NotesWorkspace();
    await workspace.configure({ entries: [notesFolder], baseFolders: [], ignoreTerms: [], maxFileBytes: 5_000_000 });
    const uri = pathToFileURL(path.join(notesFolder, 'headings.md')).href;
    const headings = Array.from({ length: 3000 }, (_, n) => `# AREA ${n}\n\n## topic ${n}\n`).join('\n');
    workspace.noteOpened(uri, headings);
    const many: FeatureContext = { workspace, documents: { get: () => undefined, all: () => [] }, languages: () => ['markdown'] };
    const count = (symbols: ReturnType<typeof documentSymbols>): number => symbols.reduce((sum, s) => sum + 1 + count(s.children ?? []), 0);
    const symbols = documentSymbols(many, uri);
    assert.equal(count(symbols), MAX_DOCUMENT_SYMBOLS);
    assert.equal(symbols[0].name, 'AREA 0');
    assert.equal(symbols[0].children?.[0]?.name, 'topic 0');
  });

  it('search items and workspace symbols are plain text: no Markdown, HTML or control character of a note', async () => {
    const workspace = new NotesWorkspace();
    await workspace.configure({ entries: [notesFolder], baseFolders: [], ignoreTerms: [], maxFileBytes: 5_000_000 });
    const uri = pathToFileURL(path.join(notesFolder, 'evil.md')).href;
    workspace.noteOpened(uri, '# EVIL\n\n## bold [area](command:x) <i>x</i>\n\n* _Idem [x](command:evil) <b>b</b>_: a plain <i>tag</i> \u202Eflip\u202C\n');
    const hostile: FeatureContext = { workspace, documents: { get: () => undefined, all: () => [] }, languages: () => ['markdown'] };
    const [item] = search(hostile, { query: 'idem' });
    assert.deepEqual([item.label, item.detail, item.section], ['Idem x b', 'a plain tag flip', 'EVIL › bold area x']);
    const [symbol] = workspaceSymbols(hostile, 'idem');
    assert.deepEqual([symbol.name, symbol.containerName], ['Idem x b', 'EVIL › bold area x']);
  });

  it('In This Document, the Patterns view, completion, search and symbols show a definition as the words a reader sees', async () => {
    const workspace = new NotesWorkspace();
    await workspace.configure({ entries: [notesFolder], baseFolders: [], ignoreTerms: [], maxFileBytes: 5_000_000 });
    const uri = pathToFileURL(path.join(notesFolder, 'marked.md')).href;
    workspace.noteOpened(uri, [
      '# PATTERNS', '',
      '## the `outbox` <i>table</i>', '',
      '* _fan out_: sends <b>many</b> `Vec<T>` requests with ``a`b``, **bold `code`** and *more*, see [the **ADR**](adr.md) &amp; `[x](y)`',
      '',
    ].join('\n'));
    const doc = 'untitled:marked.md';
    const docs = new Map([[doc, TextDocument.create(doc, 'markdown', 1, 'Each fan out')]]);
    const marked: FeatureContext = { workspace, documents: { get: (u) => docs.get(u), all: () => [...docs.values()] }, languages: () => ['markdown'] };
    const words = 'sends many Vec<T> requests with a`b, bold code and more, see the ADR & [x](y)';
    const section = 'PATTERNS › the outbox table';
    const [term] = documentTerms(marked, { uri: doc });
    assert.deepEqual([term.term, term.definition, term.section], ['fan out', words, section]);
    const [note] = await outline(marked, {}, () => false);
    const [area] = await outline(marked, { parent: note.id }, () => false);
    const [topic] = await outline(marked, { parent: area.id }, () => false);
    const row = (await outline(marked, { parent: topic.id }, () => false)).find((r) => r.kind === 'term');
    assert.equal(row?.detail, words);
    const [item] = completion(marked, doc, { line: 0, character: 8 }).items;
    assert.deepEqual([item.label, item.detail], ['fan out', section]);
    const [found] = search(marked, { query: 'fan out' });
    assert.deepEqual([found.detail, found.section], [words, section]);
    const [symbol] = documentSymbols(marked, uri);
    assert.equal(symbol.children?.[0]?.children?.find((s) => s.name === 'fan out')?.detail, words.slice(0, 80));
  });

  it('workspace symbols, search, the outline and In This Document answer from the same notes', async () => {
    assert.ok(workspaceSymbols(context, 'breaker').some((s) => s.name === 'circuit breaker'));
    assert.equal(search(context, { query: 'fan out' })[0].label, 'fan out');
    assert.throws(() => search(context, null), /search takes/);
    const trees = await outline(context, {}, () => false);
    assert.deepEqual(trees.map((t) => t.label).sort(), ['patterns.md', 'sql.md']);
    const terms = documentTerms(context, { uri: docUri });
    assert.deepEqual(terms.map((t) => [t.term, t.count]).sort(), [['circuit breaker', 2], ['fan out', 1]]);
  });

  it('the outline shows each vault as one row named from its notes path, its folders inside it', async () => {
    const work = path.join(notesFolder, 'deep', 'down', 'work', 'notes');
    const home = path.join(notesFolder, 'home', 'notes');
    const workspace = new NotesWorkspace();
    await workspace.configure({ entries: [work, home], baseFolders: [], ignoreTerms: [], maxFileBytes: 5_000_000 });
    for (const [folder, name] of [[work, 'Index.md'], [path.join(work, 'daily'), 'Monday.md'], [home, 'Garden.md']]) {
      workspace.noteOpened(pathToFileURL(path.join(folder, name)).href, `# ${name.slice(0, -3)}\n\nA note.\n`);
    }
    const vaults: FeatureContext = { workspace, documents: { get: () => undefined, all: () => [] }, languages: () => ['markdown'] };
    const folders = (await outline(vaults, {}, () => false)).filter((row) => row.kind === 'folder');
    // Each vault one row, named by its notes path; its own folders inside it.
    assert.deepEqual(folders.map((row) => row.label), ['home/notes', 'work/notes']);
    const inWork = await outline(vaults, { parent: folders[1].id }, () => false);
    assert.deepEqual(inWork.map((row) => [row.kind, row.label]), [['folder', 'daily'], ['note', 'Index']]);
  });
});
