// Code actions, search ranking, the bundled note's diagnostics and the size limit in MB, over a
// real JSON-RPC connection, with the bundled seed note among the notes.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionRequest, CodeActionResolveRequest, CompletionRequest, CompletionResolveRequest, HoverRequest, type CodeAction, type CompletionList, type Hover, type MarkupContent, type Range, type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { IndexStatusRequest, SearchRequest } from '../../server/src/protocol';
import { bundledNotesFolder, locate, seedNoteUri, startClient, type TestClient } from './helpers';
import { CONTROL_OR_BIDI } from '../hardening/safety';

const seed = fs.readFileSync(path.join(bundledNotesFolder, 'architecture.md'), 'utf8');

function apply(text: string, uri: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), edits);
}

describe('server: code actions, search and the bundled note', () => {
  let client: TestClient;
  before(async () => {
    client = await startClient({ resolveCodeActions: true });
  });
  after(() => client.dispose());

  const actionsAt = (uri: string, range: Range, only?: string[]) =>
    client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [], only } }) as Promise<CodeAction[]>;

  it('declares the refactor and source kinds it offers', () => {
    const kinds = (client.initializeResult.capabilities.codeActionProvider as { codeActionKinds?: string[] }).codeActionKinds ?? [];
    for (const kind of ['refactor.architectureNotes.openReference', 'refactor.rewrite.architectureNotes.linkTerm', 'refactor.rewrite.architectureNotes.linkEveryMention', 'source.architectureNotes.insertGlossary']) {
      assert.ok(kinds.includes(kind), kind);
    }
  });

  it('offers a term\'s actions as refactors with short titles that show where the link goes, and links with the words as written', async () => {
    const uri = client.uri('term.md');
    const doc = 'We add a circuit breaker here.\n';
    await client.open(uri, doc);
    const place = locate(doc, 'circuit breaker');
    const actions = await actionsAt(uri, { start: place.at, end: place.at });
    assert.ok(actions.length >= 2, actions.map((a) => a.title).join('; '));
    for (const action of actions) {
      assert.ok(action.kind?.startsWith('refactor.') || action.kind?.startsWith('source.'), `${action.title}: ${action.kind}`);
      assert.ok(action.title.length <= 80, action.title);
    }
    assert.deepEqual(await actionsAt(uri, { start: place.at, end: place.at }, ['quickfix']), []);
    const link = actions.find((a) => a.kind === 'refactor.rewrite.architectureNotes.linkTerm');
    assert.equal(link?.title, 'Link “circuit breaker” to github.com/Netflix/Hystrix/wiki/How-it-Works');
    assert.equal(apply(doc, uri, link!.edit!.changes![uri]), 'We add a [circuit breaker](https://github.com/Netflix/Hystrix/wiki/How-it-Works) here.\n');
  });

  it('links every mention of a term in one edit, except one in code or a heading', async () => {
    const uri = client.uri('mentions.md');
    const doc = '# Circuit breaker\n\nA circuit breaker per client; `circuit breaker` is a setting.\n\nThe circuit breaker trips fast.\n';
    await client.open(uri, doc);
    const place = locate(doc, 'A circuit breaker', 0, 4);
    const every = (await actionsAt(uri, { start: place.at, end: place.at }, ['refactor'])).find((a) => a.kind === 'refactor.rewrite.architectureNotes.linkEveryMention');
    assert.ok(every);
    assert.match(every.title, /^Link every mention of “circuit breaker” in this doc \(2\) to github\.com/);
    const url = 'https://github.com/Netflix/Hystrix/wiki/How-it-Works';
    assert.equal(apply(doc, uri, every.edit!.changes![uri]), `# Circuit breaker\n\nA [circuit breaker](${url}) per client; \`circuit breaker\` is a setting.\n\nThe [circuit breaker](${url}) trips fast.\n`);
  });

  it('builds the glossary when picked, and a second run after it changes nothing', async () => {
    const uri = client.uri('glossary.md');
    const doc = '# Plan\n\nSplit the monolith; add a circuit breaker.\n';
    await client.open(uri, doc);
    const start = { line: 0, character: 0 };
    const glossaryAction = async () => (await actionsAt(uri, { start, end: start }, ['source'])).find((a) => a.kind === 'source.architectureNotes.insertGlossary');
    const offered = await glossaryAction();
    assert.ok(offered);
    const resolved = await client.connection.sendRequest(CodeActionResolveRequest.type, offered);
    const once = apply(doc, uri, resolved.edit!.changes![uri]);
    assert.match(once, /\n\n## Glossary\n\n- \*\*circuit breaker\*\*: .*\n- \*\*monolith\*\*: .*\n$/);
    await client.change(uri, once);
    const again = await glossaryAction();
    assert.ok(again, 'still offered: the doc uses terms');
    const second = await client.connection.sendRequest(CodeActionResolveRequest.type, again);
    assert.equal(apply(once, uri, (second.edit?.changes?.[uri] ?? []) as TextEdit[]), once, 'the second run changes nothing');
  });

  it('search puts the terms "horizontal scaling" and "vertical scaling" above quotes for "scaling", and an empty query lists terms', async () => {
    const items = await client.connection.sendRequest(SearchRequest, { query: 'scaling' });
    const firstQuote = items.findIndex((i) => i.kind === 'quote');
    const horizontal = items.findIndex((i) => i.label === 'horizontal scaling');
    const vertical = items.findIndex((i) => i.label === 'vertical scaling');
    assert.ok(horizontal >= 0 && vertical >= 0 && firstQuote > Math.max(horizontal, vertical), items.map((i) => `${i.kind} ${i.label}`).slice(0, 12).join('; '));
    assert.equal(items[horizontal].match, 'words');
    assert.equal(items[firstQuote].match, 'text');
    const listed = await client.connection.sendRequest(SearchRequest, { query: '', limit: 10 });
    assert.equal(listed.length, 10);
    assert.ok(listed.every((i) => i.kind === 'term' && i.match === 'all'));
    const labels = listed.map((i) => i.label.toLowerCase());
    assert.deepEqual(labels, [...labels].sort());
  });
});

describe('server: the bundled note and the size limit in MB', () => {
  it('publishes no diagnostics for the bundled note, while the same text as a user note gets them', async () => {
    const client = await startClient({ files: { 'notes/mine.md': seed }, pulledSettings: { notesPaths: ['notes'] } });
    try {
      await client.open(seedNoteUri, seed);
      const mine = client.uri('notes/mine.md');
      await client.open(mine, seed);
      // Both are published in the same pass: once the user's note has its diagnostics, the bundled one would have had its.
      const published = await client.diagnosticsFor(mine, (d) => d.diagnostics.length > 0);
      assert.ok(published.diagnostics.length > 0);
      assert.equal(client.diagnostics.get(seedNoteUri)?.diagnostics.length ?? 0, 0);
    } finally {
      await client.dispose();
    }
  });

  const big = `## big\n\n* _huge term_: ${'x'.repeat(3000)}\n`;
  const files = { 'notes/big.md': big, 'notes/small.md': '## small\n\n* _tiny term_: fits\n' };
  const skippedNames = async (client: TestClient) => (await client.connection.sendRequest(IndexStatusRequest)).skipped.map((s) => path.basename(s.path));

  it('reads maxFileSizeMB from initializationOptions, without the section prefix', async () => {
    const client = await startClient({ configuration: false, files, initializationOptions: { notesPaths: ['notes'], includeBundledNotes: false, maxFileSizeMB: 0.002 } });
    try {
      assert.deepEqual(await skippedNames(client), ['big.md']);
      assert.equal(client.statuses.at(-1)?.notes, 1);
    } finally {
      await client.dispose();
    }
  });

  it('still honours the deprecated byte setting while maxFileSizeMB is at its default, and MB wins when set', async () => {
    const client = await startClient({ files, pulledSettings: { notesPaths: ['notes'], includeBundledNotes: false, maxFileSizeMB: 5, maxFileSize: 2000 } });
    try {
      assert.deepEqual(await skippedNames(client), ['big.md']);
    } finally {
      await client.dispose();
    }
    const both = await startClient({ files, pulledSettings: { notesPaths: ['notes'], includeBundledNotes: false, maxFileSizeMB: 1, maxFileSize: 2000 } });
    try {
      assert.deepEqual(await skippedNames(both), []);
      assert.equal(both.statuses.at(-1)?.notes, 2);
    } finally {
      await both.dispose();
    }
  });

  it('warns about a maxFileSizeMB that is not a positive number and uses the default', async () => {
    const client = await startClient({ configuration: false, files, initializationOptions: { notesPaths: ['notes'], includeBundledNotes: false, maxFileSizeMB: 'ten' } });
    try {
      assert.ok(client.logs.some((l) => /maxFileSizeMB must be a positive number of megabytes/.test(l)), client.logs.join('\n'));
      assert.deepEqual(await skippedNames(client), []);
    } finally {
      await client.dispose();
    }
  });
});

describe('server: what code actions and completion show of a hostile note', () => {
  // A right-to-left override in a link's label and URL, and in a term; a BEL in a label.
  const note = '# AREA\n\n## spoofs\n\n* _spoof term_: see [invoice \u202Efdp.exe\u202C](https://evil.example/\u202Egpj.exe) and [safe docs](https://example.com/\u202Emoc.elgoog) and [ring\u0007 title](https://example.com/ctrl)\n* _Admin\u202Enimda Term_: a term with an override\n';
  let client: TestClient;
  before(async () => {
    client = await startClient({ files: { 'notes/spoofs.md': note }, initializationOptions: { notesPaths: ['notes'], includeBundledNotes: false } });
  });
  after(() => client.dispose());

  it('shows code action titles without control or bidi characters', async () => {
    const uri = client.uri('doc.md');
    const doc = 'We keep a spoof term here.\n';
    await client.open(uri, doc);
    const place = locate(doc, 'spoof term');
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: place.at, end: place.at }, context: { diagnostics: [] } })) as CodeAction[];
    const titles = actions.map((action) => action.title);
    assert.ok(titles.some((title) => title.includes('example.com/moc.elgoog')), titles.join('\n'));
    for (const title of titles) assert.ok(!CONTROL_OR_BIDI.test(title), JSON.stringify(title));
  });

  it('offers completion labels and inserts names without control or bidi characters', async () => {
    const uri = client.uri('complete.md');
    const doc = 'Admi';
    await client.open(uri, doc);
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: 4 } })) as CompletionList;
    const item = list.items.find((candidate) => candidate.label.startsWith('Admin'));
    assert.ok(item, JSON.stringify(list.items.map((candidate) => candidate.label)));
    assert.equal(item.label, 'Adminnimda Term');
    assert.equal((item.textEdit as TextEdit).newText, 'Adminnimda Term');
    for (const candidate of list.items) assert.ok(!CONTROL_OR_BIDI.test(`${candidate.label}${candidate.detail ?? ''}`), JSON.stringify(candidate.label));
  });
});

describe('server: hovers for an editor that shows plain text', () => {
  let client: TestClient;
  before(async () => {
    // Emacs's eglot without markdown-mode asks for plain text alone.
    client = await startClient({ hoverFormats: ['plaintext'] });
  });
  after(() => client.dispose());

  it('answers a term\'s card as the plain text the CLI prints, without Markdown', async () => {
    const uri = client.uri('plain.md');
    const doc = 'We add a circuit breaker here.\n';
    await client.open(uri, doc);
    const hover = (await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: locate(doc, 'circuit breaker').at })) as Hover;
    const contents = hover.contents as MarkupContent;
    assert.equal(contents.kind, 'plaintext');
    assert.match(contents.value, /^circuit breaker/);
    assert.match(contents.value, /references:\n\s+\S.* https:\/\/github\.com\/Netflix\/Hystrix/);
    assert.doesNotMatch(contents.value, /\*\*|\\\[|\]\(|&lt;|#L\d/);
  });

  it('gives a completion item\'s card in plain text too', async () => {
    const uri = client.uri('complete-plain.md');
    await client.open(uri, 'circu');
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: 5 } })) as CompletionList;
    const item = list.items.find((candidate) => candidate.label === 'circuit breaker');
    assert.ok(item, JSON.stringify(list.items.map((candidate) => candidate.label)));
    const resolved = await client.connection.sendRequest(CompletionResolveRequest.type, item);
    const documentation = resolved.documentation as MarkupContent;
    assert.equal(documentation.kind, 'plaintext');
    assert.match(documentation.value, /^circuit breaker/);
    assert.doesNotMatch(documentation.value, /\*\*|\]\(/);
  });
});
