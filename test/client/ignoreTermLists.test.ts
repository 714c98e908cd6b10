import * as assert from 'node:assert/strict';
import { ignoreTermWrites } from '../../client/src/ignoreTermLists';

describe('"Don\'t show hovers for X" in the settings', () => {
  it('adds the term to the user list, and to a workspace list that would hide the user list here', () => {
    assert.deepEqual(ignoreTermWrites({}, 'service', 'user'), { user: ['service'] });
    assert.deepEqual(ignoreTermWrites({ globalValue: ['node'] }, 'service', 'user'), { user: ['node', 'service'] });
    assert.deepEqual(ignoreTermWrites({ globalValue: ['node'], workspaceValue: ['pull'] }, 'service', 'user'), { user: ['node', 'service'], workspace: ['pull', 'service'] });
    assert.deepEqual(ignoreTermWrites({ globalValue: ['node'], workspaceValue: ['Service'] }, 'service', 'user'), { user: ['node', 'service'] });
  });

  it('starts a first workspace list from the user\'s terms, which it replaces', () => {
    assert.deepEqual(ignoreTermWrites({ globalValue: ['node'] }, 'service', 'workspace'), { workspace: ['node', 'service'] });
    assert.deepEqual(ignoreTermWrites({ globalValue: ['node'], workspaceValue: [] }, 'service', 'workspace'), { workspace: ['service'] });
  });

  it('writes nothing where the term is already ignored, whatever its case or spacing', () => {
    assert.deepEqual(ignoreTermWrites({ globalValue: ['Circuit  Breaker'] }, 'circuit breaker', 'workspace'), {});
    assert.deepEqual(ignoreTermWrites({ globalValue: ['circuit breaker'] }, 'circuit breaker', 'user'), {});
  });

  it('keeps the strings of a hand-edited list of the wrong shape', () => {
    assert.deepEqual(ignoreTermWrites({ globalValue: ['node', 3, null] }, 'service', 'user'), { user: ['node', 'service'] });
    assert.deepEqual(ignoreTermWrites({ globalValue: 'node' }, 'service', 'user'), { user: ['node', 'service'] });
  });
});
