import * as assert from 'node:assert/strict';
import { INDEXED_AT_ONCE, PendingEdits, quietPeriod, type Timers } from '../../server/src/core/workspace/pendingEdits';

/** A clock the test moves by hand: timers run only when it is advanced past them. */
class ManualTimers implements Timers {
  now = 0;
  private timers = new Map<number, { at: number; run: () => void }>();
  private next = 1;
  set(run: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.set(id, { at: this.now + ms, run });
    return id;
  }
  clear(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, timer] of [...this.timers].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at > this.now) continue;
      this.timers.delete(id);
      timer.run();
    }
  }
  get count(): number {
    return this.timers.size;
  }
}

describe('pending edits of a large note (indexed when the writer pauses)', () => {
  const large = (n: number) => `${'x'.repeat(INDEXED_AT_ONCE)} ${n}`;

  function setUp() {
    const timers = new ManualTimers();
    const indexed: [string, string][] = [];
    const edits = new PendingEdits((uri, text) => indexed.push([uri, text.slice(-3)]), timers);
    return { timers, indexed, edits };
  }

  it('indexes a small note at every change', () => {
    const { edits, indexed, timers } = setUp();
    edits.changed('a.md', 'one');
    edits.changed('a.md', 'two');
    assert.deepEqual(indexed, [['a.md', 'one'], ['a.md', 'two']]);
    assert.equal(timers.count, 0);
    assert.equal(edits.waiting, false);
  });

  it('indexes a large note once, with its latest text, after the writer pauses', () => {
    const { edits, indexed, timers } = setUp();
    const pause = quietPeriod(large(1).length);
    for (let n = 1; n <= 15; n++) {
      edits.changed('big.md', large(n));
      timers.advance(100);
    }
    assert.ok(pause > 100, 'keystrokes 100 ms apart are one burst');
    assert.deepEqual(indexed, []);
    assert.equal(edits.waiting, true);
    timers.advance(pause);
    assert.deepEqual(indexed, [['big.md', ' 15']]);
    assert.equal(edits.waiting, false);
    assert.equal(timers.count, 0);
  });

  it('indexes the waiting text at once when a request about that note comes, and not twice', () => {
    const { edits, indexed, timers } = setUp();
    edits.changed('big.md', large(1));
    edits.changed('other.md', large(2));
    edits.flush('big.md');
    assert.deepEqual(indexed, [['big.md', 'x 1']]);
    timers.advance(10_000);
    assert.deepEqual(indexed, [['big.md', 'x 1'], ['other.md', 'x 2']]);
  });

  it('indexes every waiting note for a request about the workspace', () => {
    const { edits, indexed } = setUp();
    edits.changed('a.md', large(1));
    edits.changed('b.md', large(2));
    edits.flush();
    assert.deepEqual(indexed.sort(), [['a.md', 'x 1'], ['b.md', 'x 2']]);
  });

  it('a small text after a large one is indexed at once and the waiting one is dropped', () => {
    const { edits, indexed, timers } = setUp();
    edits.changed('big.md', large(1));
    edits.changed('big.md', 'cut');
    timers.advance(10_000);
    assert.deepEqual(indexed, [['big.md', 'cut']]);
  });

  it('forgets the waiting text of a closed note, and stops every timer at shutdown', () => {
    const { edits, indexed, timers } = setUp();
    edits.changed('closed.md', large(1));
    edits.forget('closed.md');
    edits.changed('open.md', large(2));
    edits.stop();
    timers.advance(10_000);
    assert.deepEqual(indexed, []);
    assert.equal(timers.count, 0);
  });

  it('waits longer for a longer note, within a second', () => {
    assert.ok(quietPeriod(100_000) < quietPeriod(1_000_000));
    assert.ok(quietPeriod(1_000_000) <= 1000 && quietPeriod(50_000_000) === 1000);
    assert.ok(quietPeriod(70_000) >= 150);
  });
});
