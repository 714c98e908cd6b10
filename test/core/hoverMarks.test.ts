import * as assert from 'node:assert/strict';
import { parseNote } from '../../server/src/core/formats/dialect/parser';
import { NotesIndex } from '../../server/src/core/index/notesIndex';
import { termAt, termsInDocument } from '../../server/src/core/query/lookup';
import { decodeSnapshot, encodeSnapshot } from '../../server/src/core/workspace/snapshot';

// The author's say in the notes: `<!-- hover: off -->` or `<!-- hover: on -->` on a
// definition's line (docs/DIALECT.md).

const MARKED = [
  '# PATTERNS',
  '## services',
  '* _service_: a unit deployed on its own https://example.com/service <!-- hover: off -->',
  '* _queue_: first in, first out <!-- Hover: ON -->',
  '* start: warm or cold <!-- hover: on -->',
  '* _circuit breaker_: stops calling a failing dependency <!-- reviewed -->',
  '* stop: the opposite of start',
  '',
].join('\n');

const DOC = 'Each service writes to a queue; a circuit breaker guards the start and the stop.';

const scanned = (index: NotesIndex, text: string) => termsInDocument(index, text, true).map((t) => t.entry.term).sort();
const under = (index: NotesIndex, text: string, word: string) => termAt(index, text, text.indexOf(word) + 1)?.entry.term;

function markedIndex(): NotesIndex {
  const index = new NotesIndex();
  index.upsert(parseNote('file:///notes/patterns.md', MARKED));
  return index;
}

describe('hover markers in the notes', () => {
  it('are read off the definition line, in any case, and left out of its text', () => {
    const note = parseNote('file:///notes/patterns.md', MARKED);
    const byTerm = new Map(note.definitions.map((d) => [d.term, d]));
    assert.equal(byTerm.get('service')?.hover, 'off');
    assert.equal(byTerm.get('service')?.text, 'a unit deployed on its own');
    assert.equal(byTerm.get('service')?.links[0]?.url, 'https://example.com/service');
    assert.equal(byTerm.get('queue')?.hover, 'on');
    assert.equal(byTerm.get('queue')?.text, 'first in, first out');
    assert.equal(byTerm.get('start')?.hover, 'on', 'a loose definition takes a marker too');
    assert.equal(byTerm.get('start')?.text, 'warm or cold');
    // Any other comment is the author's text, and marks nothing.
    assert.ok(!('hover' in byTerm.get('circuit breaker')!));
    assert.match(byTerm.get('circuit breaker')!.text, /<!-- reviewed -->/);
    assert.ok(!('hover' in byTerm.get('stop')!));
  });

  it('off: the term is never matched in a doc, by the scan or under the cursor, but is still found', () => {
    const index = markedIndex();
    assert.equal(index.lookupExact('service')[0]?.hover, 'off');
    assert.ok(!scanned(index, DOC).includes('service'));
    assert.equal(under(index, DOC, 'service'), undefined);
    assert.deepEqual(index.lookup('service').map((e) => e.term), ['service'], 'define and search still find it');
  });

  it('on: exposed on the entry, and it matches where the loose-definition rule would not', () => {
    const index = markedIndex();
    assert.equal(index.lookupExact('queue')[0]?.hover, 'on');
    assert.equal(index.lookupExact('circuit breaker')[0]?.hover, undefined);
    // `stop` and `start` are both single words only a loose definition names: only the marked one matches.
    assert.deepEqual(scanned(index, DOC), ['circuit breaker', 'queue', 'start']);
    assert.equal(under(index, DOC, 'start'), 'start');
    assert.equal(under(index, DOC, 'stop'), undefined);
  });

  it('off in any note wins over on in another, and goes when that note does', () => {
    const index = markedIndex();
    index.upsert(parseNote('file:///notes/other.md', '# OTHER\n* _service_: a service <!-- hover: on -->\n'));
    assert.equal(index.lookupExact('service')[0]?.hover, 'off');
    index.remove('file:///notes/patterns.md');
    assert.equal(index.lookupExact('service')[0]?.hover, 'on');
    assert.ok(scanned(index, DOC).includes('service'));
    index.upsert(parseNote('file:///notes/other.md', '# OTHER\n* _service_: a service\n'));
    assert.equal(index.lookupExact('service')[0]?.hover, undefined);
  });

  it('the settings outrank the notes: an ignored term marked on stays off', () => {
    const index = new NotesIndex({ ignoreTerms: ['queue'] });
    index.upsert(parseNote('file:///notes/patterns.md', MARKED));
    assert.ok(!scanned(index, DOC).includes('queue'));
    assert.equal(under(index, DOC, 'queue'), undefined);
  });

  it('an ignored alias is left out under the cursor as by the scan, and the term keeps its other names', () => {
    const index = new NotesIndex({ ignoreTerms: ['first in first out'] });
    index.upsert(parseNote('file:///notes/patterns.md', '# PATTERNS\n* _FIFO_: aka first in first out\n'));
    const text = 'The FIFO keeps first in first out order.';
    assert.deepEqual(scanned(index, text), ['FIFO']);
    assert.equal(termsInDocument(index, text, true)[0].occurrences.length, 1);
    assert.equal(under(index, text, 'first in'), undefined);
    assert.equal(under(index, text, 'FIFO'), 'FIFO');
  });

  it('are kept by a note stored as text, and by the snapshot on disk', () => {
    const stored = new NotesIndex();
    stored.upsert(parseNote('file:///notes/patterns.md', MARKED), { text: MARKED, read: () => MARKED });
    assert.equal(stored.lookupExact('service')[0]?.hover, 'off');
    assert.equal(stored.lookupExact('start')[0]?.hover, 'on');
    const state = stored.exportState();
    const decoded = decodeSnapshot(encodeSnapshot({ state, stamps: [null] }, 'v1', 'k'), 'v1', 'k');
    assert.ok(typeof decoded !== 'string', `a snapshot with markers is taken up, not refused: ${String(decoded)}`);
    const restored = new NotesIndex();
    restored.loadState(decoded.state, () => () => MARKED);
    assert.deepEqual(restored.snapshot(), markedIndex().snapshot());
    assert.deepEqual(scanned(restored, DOC), ['circuit breaker', 'queue', 'start']);
  });
});
