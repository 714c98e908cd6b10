import * as assert from 'node:assert/strict';
import { arenaBytes, BLOCK_BYTES, ownBytes } from '../../server/src/core/index/byteArena';
import { storedForm } from '../../server/src/core/index/storedNote';
import { parseNote } from '../../server/src/core/formats/dialect/parser';

describe('byte arena', () => {
  it('carves records out of shared blocks, each its own zeroed and aligned bytes', () => {
    const records = [5, 1, 4096, 13, 0, 700].map((length) => arenaBytes(length));
    for (const [i, bytes] of records.entries()) {
      assert.equal(bytes.byteOffset % 8, 0);
      assert.ok(bytes.every((byte) => byte === 0));
      bytes.fill(i + 1);
    }
    // Written one after the other, no record overwrote another.
    for (const [i, bytes] of records.entries()) assert.ok(bytes.every((byte) => byte === i + 1), `record ${i}`);
    assert.equal(records[0].buffer, records[3].buffer, 'small records share a block');
    assert.equal(records[0].buffer.byteLength, BLOCK_BYTES);
  });

  it('gives a large record bytes of its own, and a new block when one is full', () => {
    const large = arenaBytes(BLOCK_BYTES / 32);
    assert.equal(large.buffer.byteLength, large.byteLength);
    const first = arenaBytes(8);
    let last = first;
    for (let filled = 0; filled < BLOCK_BYTES; filled += BLOCK_BYTES / 128) last = arenaBytes(BLOCK_BYTES / 128);
    assert.notEqual(last.buffer, first.buffer);
  });

  it('copies a shared record into bytes of its own for another thread, and passes an own one as it is', () => {
    const shared = arenaBytes(3);
    shared.set([1, 2, 3]);
    const own = ownBytes(shared);
    assert.notEqual(own.buffer, shared.buffer);
    assert.equal(own.buffer.byteLength, 3);
    assert.deepEqual([...own], [1, 2, 3]);
    const alone = new Uint8Array([4, 5]);
    assert.equal(ownBytes(alone), alone);
  });

  it("holds notes' details side by side, each read back as written", () => {
    const a = storedForm(parseNote('file:///a.md', '# AREA\n* _cache_: kept answers https://example.com/a\n'));
    const b = storedForm(parseNote('file:///b.md', '# AREA\n* _queue_: waiting line https://example.com/b\n'));
    assert.equal(a.details.buffer, b.details.buffer);
    assert.ok(a.details.byteOffset + a.details.byteLength <= b.details.byteOffset || b.details.byteOffset + b.details.byteLength <= a.details.byteOffset);
  });
});
