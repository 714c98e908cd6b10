// The protocol's edge cases, answered as the LSP specification says: parameters sent as null,
// messages outside the initialize … shutdown lifecycle, and frames the server cannot read.

import * as assert from 'node:assert/strict';
import { type ResponseError } from 'vscode-languageserver-protocol/node';
import { IndexStatusRequest, MemoryUsageRequest, OutlineRequest, ReindexRequest, type OutlineNode } from '../../server/src/protocol';
import { startClient } from './helpers';

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
