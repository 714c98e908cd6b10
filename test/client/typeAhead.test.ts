import * as assert from 'node:assert/strict';
import { TypeAheadValue } from '../../client/src/typeAhead';

describe('the Search Notes box fed by type-ahead and by its own typing', () => {
  it('adds type-ahead keys and Backspace in order', () => {
    const value = new TypeAheadValue('');
    assert.equal(value.key({ text: 'c' }), 'c');
    assert.equal(value.key({ text: 'q' }), 'cq');
    assert.equal(value.key({ text: 'x' }), 'cqx');
    assert.equal(value.key({ backspace: true }), 'cq');
    assert.equal(value.key(undefined), 'cq');
  });

  it('keeps keys added meanwhile when a stale echo of an older value comes back', () => {
    const value = new TypeAheadValue('');
    for (const text of 'cqr') value.key({ text });
    assert.equal(value.reported('c'), 'cqr');
    assert.equal(value.reported('cq'), 'cqr');
    assert.equal(value.reported('cqr'), 'cqr');
  });

  it('adds keys the box took itself on top of a stale value, each once', () => {
    const value = new TypeAheadValue('');
    for (const text of 'cqr') value.key({ text });
    // The box still showed "" when "s" was typed into it, then "t".
    assert.equal(value.reported('s'), 'cqrs');
    assert.equal(value.reported('st'), 'cqrst');
    // The merged value came back, then one more key on top of it.
    assert.equal(value.reported('cqrst'), 'cqrst');
    assert.equal(value.reported('cqrstu'), 'cqrstu');
    // A late echo of an old value changes nothing.
    assert.equal(value.reported('cq'), 'cqrstu');
  });

  it('takes an edit of the box\'s own that starts from no value set from here', () => {
    const value = new TypeAheadValue('');
    value.key({ text: 'c' });
    const edited = new TypeAheadValue('cqrs');
    assert.equal(edited.reported('zz'), 'zz');
    assert.equal(edited.current, 'zz');
    assert.equal(value.reset('saga'), 'saga');
    assert.equal(value.reported('sagas'), 'sagas');
  });
});
