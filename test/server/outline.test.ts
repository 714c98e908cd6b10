// The Patterns outline over JSON-RPC, a level at a time: many notes come as their folders, a
// folder as a page of notes, a note as its areas, an area as its topics; a stale id gets an
// empty answer, a malformed request a clear error.

import * as assert from 'node:assert/strict';
import { ErrorCodes, type ResponseError } from 'vscode-languageserver-protocol/node';
import { OutlineRequest, type OutlineNode } from '../../server/src/protocol';
import { startClient, type TestClient } from './helpers';
import { outlineChildren, outlineLevel } from './outlineRows';

describe('server: the outline a level at a time', function () {
  this.timeout(30000);
  let client: TestClient;
  const bytes = (rows: OutlineNode[]) => Buffer.byteLength(JSON.stringify(rows));

  before(async () => {
    // More notes than the first level lists one by one: three folders of them.
    const files: Record<string, string> = {};
    for (let i = 0; i < 330; i++) {
      files[`notes/${['alpha', 'beta', 'gamma'][i % 3]}/n${String(i).padStart(3, '0')}.md`] =
        `# PATTERNS\n## topic ${i}\n* _term ${i}_: about the circuit breaker ${i} https://example.com/${i}\n# SQL\n## joins\n* _join ${i}_: a join\n`;
    }
    client = await startClient({ files, initializationOptions: { notesPaths: ['notes'], includeBundledNotes: false } });
  });

  after(() => client.dispose());

  it('answers the folders, then a folder\'s notes, then a note\'s areas and an area\'s topics', async () => {
    const first = await client.connection.sendRequest(OutlineRequest, {});
    assert.deepEqual(first.map((row) => [row.kind, row.label, row.detail, row.termCount]), [
      ['folder', 'alpha', '110 notes', undefined], ['folder', 'beta', '110 notes', undefined], ['folder', 'gamma', '110 notes', undefined],
    ]);
    // One answer holds what the server read within its time limit, the rest under "… more".
    const page = await client.connection.sendRequest(OutlineRequest, { parent: first[1].id });
    assert.ok(page.length === 110 || page[page.length - 1].kind === 'more', `${page.length} rows`);
    const notes = await outlineLevel(client.connection, first[1].id);
    assert.equal(notes.length, 110);
    assert.deepEqual(notes.slice(0, 2).map((row) => [row.kind, row.label, row.termCount, row.hasChildren]), [['note', 'n001.md', 2, true], ['note', 'n004.md', 2, true]]);
    assert.equal(notes[0].uri, client.uri('notes/beta/n001.md'));
    assert.equal(notes[0].children, undefined);
    const areas = await client.connection.sendRequest(OutlineRequest, { parent: notes[0].id });
    assert.deepEqual(areas.map((row) => [row.kind, row.label, row.termCount]), [['area', 'PATTERNS', 1], ['area', 'SQL', 1]]);
    const topics = await outlineChildren(client.connection, areas[0]);
    assert.deepEqual(topics.map((row) => [row.kind, row.label]), [['topic', 'topic 1']]);
    const [term] = await outlineChildren(client.connection, topics[0]);
    assert.deepEqual([term.kind, term.label, term.link], ['term', 'term 1', 'https://example.com/1']);
    for (const answer of [first, page, areas]) assert.ok(bytes(answer) < 1024 * 1024);
  });

  it('gives a stale id an empty answer and a malformed request an error', async () => {
    const [folder] = await outlineLevel(client.connection);
    const [note] = await outlineLevel(client.connection, folder.id);
    assert.deepEqual(await client.connection.sendRequest(OutlineRequest, { parent: JSON.stringify([['folder', 'alpha'], ['note', client.uri('notes/alpha/gone.md')]]) }), []);
    assert.deepEqual(await client.connection.sendRequest(OutlineRequest, { parent: JSON.stringify([...JSON.parse(note.id), ['area', 'NO SUCH AREA']]) }), []);
    for (const parent of ['garbage', '[["note","file:///%E0%A4%A"],["area","x"]]', '[["more","1e9"]]', JSON.stringify([['note', 'x'.repeat(100_000)]])]) {
      assert.deepEqual(await client.connection.sendRequest(OutlineRequest, { parent }), [], parent.slice(0, 60));
    }
    await assert.rejects(
      client.connection.sendRequest<OutlineNode[]>(OutlineRequest.method, { parent: 42 }),
      (error: ResponseError<unknown>) => error.code === ErrorCodes.InvalidParams && /outline takes/.test(error.message),
    );
  });
});
