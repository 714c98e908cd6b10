// Requests an editor should not send, but some will: the server answers with nothing or with
// an LSP error, and keeps serving.

import * as assert from 'node:assert/strict';
import {
  CodeActionRequest, CompletionRequest, DefinitionRequest, DidChangeTextDocumentNotification, DocumentHighlightRequest,
  DocumentLinkRequest, DocumentSymbolRequest, ErrorCodes, ExecuteCommandRequest, HoverRequest, ReferencesRequest,
  type ResponseError,
} from 'vscode-languageserver-protocol/node';
import { Commands, DocumentTermsRequest, SearchRequest } from '../../server/src/protocol';
import { startClient, type TestClient } from './helpers';

describe('server: bad input', () => {
  let client: TestClient;
  let uri: string;
  const text = 'A circuit breaker stops the calls.\n';
  const onTerm = { line: 0, character: 4 };

  before(async () => {
    client = await startClient();
    uri = client.uri('doc.md');
    await client.open(uri, text);
  });
  after(() => client.dispose());

  const stillServing = async () => {
    const found = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: onTerm });
    assert.ok(found, 'the server still answers a hover');
  };

  it('answers nothing for a document it was never given', async () => {
    const unknown = { uri: 'file:///nowhere/unknown.md' };
    const position = { line: 0, character: 0 };
    assert.equal(await client.connection.sendRequest(HoverRequest.type, { textDocument: unknown, position }), null);
    assert.deepEqual(await client.connection.sendRequest(DefinitionRequest.type, { textDocument: unknown, position }), []);
    assert.deepEqual(await client.connection.sendRequest(ReferencesRequest.type, { textDocument: unknown, position, context: { includeDeclaration: true } }), []);
    assert.deepEqual(await client.connection.sendRequest(DocumentHighlightRequest.type, { textDocument: unknown, position }), []);
    assert.deepEqual(await client.connection.sendRequest(CodeActionRequest.type, { textDocument: unknown, range: { start: position, end: position }, context: { diagnostics: [] } }), []);
    assert.deepEqual(await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: unknown }), []);
    assert.deepEqual(await client.connection.sendRequest(DocumentLinkRequest.type, { textDocument: unknown }), []);
    assert.deepEqual(await client.connection.sendRequest(DocumentTermsRequest, unknown), []);
    const completion = await client.connection.sendRequest(CompletionRequest.type, { textDocument: unknown, position });
    assert.ok(completion && 'items' in completion);
    assert.deepEqual(completion.items, []);
    await stillServing();
  });

  it('answers nothing for a position past the end', async () => {
    for (const position of [{ line: 99, character: 0 }, { line: 0, character: 999 }, { line: 1, character: 5 }]) {
      assert.equal(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }), null, JSON.stringify(position));
      assert.deepEqual(await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position }), [], JSON.stringify(position));
    }
    const far = { line: 99, character: 99 };
    assert.deepEqual(await client.connection.sendRequest(DocumentHighlightRequest.type, { textDocument: { uri }, position: far }), []);
    const completion = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: far });
    assert.ok(completion && 'items' in completion);
    assert.deepEqual(completion.items, []);
    await stillServing();
  });

  it('answers an LSP error to a command with bad arguments', async () => {
    const invalid = (error: ResponseError<unknown>) => error.code === ErrorCodes.InvalidParams;
    for (const args of [[], [42], [{ url: 'https://example.org' }], [null]]) {
      await assert.rejects(client.connection.sendRequest(ExecuteCommandRequest.type, { command: Commands.openReference, arguments: args }), invalid, JSON.stringify(args));
    }
    await assert.rejects(client.connection.sendRequest(ExecuteCommandRequest.type, { command: Commands.openReference }), invalid, 'no arguments');
    await assert.rejects(client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'architectureNotes.formatDisk', arguments: [] }), invalid, 'unknown command');
    assert.ok(!client.requests.some((r) => r.method === 'window/showDocument'), 'nothing was opened');
    await stillServing();
  });

  it('answers an LSP error to a search without a query', async () => {
    for (const params of [{ query: 42 }, null, {}]) {
      await assert.rejects(client.connection.sendRequest(SearchRequest, params as never), (error: ResponseError<unknown>) => error.code === ErrorCodes.InvalidParams, JSON.stringify(params));
    }
    // A blank query is no error: it lists the terms, A to Z (see SearchParams).
    const listed = await client.connection.sendRequest(SearchRequest, { query: '   ', limit: 5 });
    assert.equal(listed.length, 5);
    assert.ok(listed.every((item) => item.kind === 'term' && item.match === 'all'), JSON.stringify(listed));
    await stillServing();
  });

  it('ignores a change to a document that was never opened', async () => {
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: client.uri('ghost.md'), version: 2 }, contentChanges: [{ text: 'circuit breaker' }] });
    assert.equal(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri('ghost.md') }, position: onTerm }), null);
    await stillServing();
  });

  it('drops a document change it cannot apply, without an internal error, and keeps the text it had', async () => {
    const doc = client.uri('malformed.md');
    await client.open(doc, text);
    for (const contentChanges of [null, [null], [{ range: { start: { line: 0 } }, text: 'x' }], 'text']) {
      await client.connection.sendNotification(DidChangeTextDocumentNotification.method, { textDocument: { uri: doc, version: 2 }, contentChanges });
    }
    await client.connection.sendNotification(DidChangeTextDocumentNotification.method, { textDocument: null, contentChanges: [] });
    assert.ok(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: doc }, position: onTerm }), 'the text is as opened');
    assert.ok(!client.logs.some((log) => /failed|Cannot read/.test(log)), client.logs.join('\n'));
  });

  it('clamps a change whose range lies past the end, so that the positions it answers stay true', async () => {
    const doc = client.uri('pastEnd.md');
    await client.open(doc, 'the saga\nline\n');
    // Where the range lies, the text goes at the end; the lines must say so too.
    const change = { range: { start: { line: 999, character: 0 }, end: { line: 1000, character: 5 } }, text: '\nA circuit breaker ends it.' };
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: doc, version: 2 }, contentChanges: [change] });
    const highlights = await client.connection.sendRequest(DocumentHighlightRequest.type, { textDocument: { uri: doc }, position: { line: 3, character: 4 } });
    assert.deepEqual(highlights?.map((h) => h.range), [{ start: { line: 3, character: 2 }, end: { line: 3, character: 17 } }]);
    // A range that starts inside and ends past the end replaces up to the end.
    const tail = { range: { start: { line: 1, character: 0 }, end: { line: 50, character: 0 } }, text: 'a circuit breaker\n' };
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: doc, version: 3 }, contentChanges: [tail] });
    const after = await client.connection.sendRequest(DocumentHighlightRequest.type, { textDocument: { uri: doc }, position: { line: 1, character: 4 } });
    assert.deepEqual(after?.map((h) => h.range), [{ start: { line: 1, character: 2 }, end: { line: 1, character: 17 } }]);
    assert.equal(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: doc }, position: { line: 3, character: 4 } }), null, 'nothing is left past the text');
  });

  it('shuts down cleanly while it still has diagnostics to publish', async () => {
    const other = await startClient({ files: { 'notes/a.md': '# A\n\n## b\n\n* _c_:\n' }, initializationOptions: { notesPaths: ['notes'] } });
    const note = other.uri('notes/a.md');
    await other.open(note, '# A\n\n## b\n\n* _c_:\n* _d_:\n');
    // The open note's diagnostics are now waiting to be published; the editor quits.
    await other.dispose();
    // Proving that nothing happens needs a bounded wait: longer than the diagnostics' debounce.
    // A server that still sent on the closed connection would throw here and fail this test.
    await new Promise((resolve) => setTimeout(resolve, 150));
  });
});
