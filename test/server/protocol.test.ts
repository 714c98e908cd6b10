// The protocol's edge cases, answered as the LSP specification says: parameters sent as null,
// messages outside the initialize … shutdown lifecycle, and frames the server cannot read.

import * as assert from 'node:assert/strict';
import {
  DidOpenTextDocumentNotification, ErrorCodes, HoverRequest, InitializedNotification, InitializeRequest, ShutdownRequest, type ResponseError,
} from 'vscode-languageserver-protocol/node';
import { IndexStatusNotification, IndexStatusRequest, MemoryUsageRequest, OutlineRequest, ReindexRequest, type OutlineNode } from '../../server/src/protocol';
import { connectServer, startClient } from './helpers';

const failsWith = (code: number) => (error: ResponseError<unknown>) => {
  assert.equal(error.code, code, error.message);
  return true;
};

describe('server protocol: requests without parameters', () => {
  it('answers the outline of many notes when the params are null', async function () {
    this.timeout(30000);
    // Enough notes that the outline takes several slices: each note is parsed again for its tree.
    const files: Record<string, string> = {};
    for (let i = 0; i < 600; i++) files[`notes/n${i}.md`] = `# AREA\n## topic ${i % 7}\n* _term ${i % 13}_: about the circuit breaker ${i} https://example.com/${i}\n`;
    const client = await startClient({ files, initializationOptions: { notesPaths: ['notes'], includeBundledNotes: false } });
    try {
      // `params: null` is what some clients send for a request without parameters.
      const trees = await client.connection.sendRequest<OutlineNode[] | ResponseError<unknown>>(OutlineRequest.method, null);
      assert.ok(Array.isArray(trees), JSON.stringify(trees).slice(0, 300));
      assert.equal(trees.length, 600);
      for (const type of [IndexStatusRequest, ReindexRequest, MemoryUsageRequest]) {
        const answer = await client.connection.sendRequest<unknown>(type.method, null);
        assert.ok(answer && typeof answer === 'object', type.method);
      }
    } finally {
      await client.dispose();
    }
  });
});

describe('server protocol: the lifecycle', () => {
  const uri = 'file:///nowhere/design.md';
  const text = 'A circuit breaker stops the calls.\n';
  const hover = { textDocument: { uri }, position: { line: 0, character: 4 } };

  it('refuses requests before initialize with ServerNotInitialized, drops notifications, and initializes fine after', async () => {
    const { connection, dispose } = connectServer();
    const ready = new Promise<void>((resolve) => connection.onNotification(IndexStatusNotification, (status) => {
      if (status.state === 'ready' && status.notes > 0) resolve();
    }));
    connection.listen();
    try {
      await assert.rejects(connection.sendRequest(IndexStatusRequest), failsWith(ErrorCodes.ServerNotInitialized));
      await assert.rejects(connection.sendRequest(HoverRequest.type, hover), failsWith(ErrorCodes.ServerNotInitialized));
      // A notification before initialize is dropped: this document stays unknown to the server.
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
      const result = await connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null });
      assert.equal(result.capabilities.hoverProvider, true);
      await connection.sendNotification(InitializedNotification.type, {});
      await ready;
      assert.equal(await connection.sendRequest(HoverRequest.type, hover), null, 'the early didOpen was dropped');
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
      assert.ok(await connection.sendRequest(HoverRequest.type, hover), 'opened after initialize, the document is served');
    } finally {
      dispose();
    }
  });

  it('refuses requests after shutdown with InvalidRequest', async () => {
    const client = await startClient();
    try {
      await client.open(uri, text);
      assert.ok(await client.connection.sendRequest(HoverRequest.type, hover));
      await client.connection.sendRequest(ShutdownRequest.type);
      await assert.rejects(client.connection.sendRequest(HoverRequest.type, hover), failsWith(ErrorCodes.InvalidRequest));
      await assert.rejects(client.connection.sendRequest(IndexStatusRequest), failsWith(ErrorCodes.InvalidRequest));
    } finally {
      await client.dispose();
    }
  });
});
