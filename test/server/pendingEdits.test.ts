// Typing in a large note over JSON-RPC: keystrokes are not each a parse of the whole note,
// and a request about the note still answers from its latest text (core/workspace/pendingEdits.ts).

import * as assert from 'node:assert/strict';
import { DocumentSymbolRequest, HoverRequest, type DocumentSymbol, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { IndexStatusRequest } from '../../server/src/protocol';
import { INDEXED_AT_ONCE } from '../../server/src/core/workspace/pendingEdits';
import { locate, startClient } from './helpers';

describe('server: edits of a large note', () => {
  // A note in the dialect well over the size indexed at every keystroke.
  const filler = Array.from({ length: Math.ceil(INDEXED_AT_ONCE / 60) + 200 }, (_, n) => `* _filler term ${n}_: a line that fills the note up`).join('\n');
  const note = (term: string) => `# BIG\n\n## area\n\n* _${term}_: the term the test types\n${filler}\n`;

  it('answers from the latest text when asked about the note, however fast it was typed', async () => {
    const client = await startClient({ initializationOptions: { notesPaths: ['notes'], includeBundledNotes: false } });
    try {
      const uri = client.write('notes/big.md', note('first term'));
      await client.open(uri, note('first term'));
      for (const typed of ['s', 'se', 'sec', 'seco', 'secon', 'second']) await client.change(uri, note(`${typed} term`));
      // A request about something else does not index the note's waiting text first.
      await client.connection.sendRequest(IndexStatusRequest);
      const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
      const names = symbols.flatMap(function flat(s): string[] {
        return [s.name, ...(s.children ?? []).flatMap(flat)];
      });
      assert.ok(names.includes('second term') && !names.includes('first term') && !names.includes('seco term'), names.slice(0, 6).join(', '));
      const doc = 'The second term matters here.\n';
      const docUri = client.uri('docs/design.md');
      await client.open(docUri, doc);
      const card = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: docUri }, position: locate(doc, 'second term').at });
      assert.match((card?.contents as MarkupContent).value, /the term the test types/);
    } finally {
      await client.dispose();
    }
  });
});
