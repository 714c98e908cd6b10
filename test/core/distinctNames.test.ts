// Names for paths shown side by side (core/notes/distinctNames.ts): each by its own name, and
// by as many folders above it as it takes to tell it from the others.

import * as assert from 'node:assert/strict';
import { distinctNames } from '../../server/src/core/notes/distinctNames';

describe('distinctNames', () => {
  it('names each path by its last segment while no other ends the same', () => {
    assert.deepEqual(distinctNames(['/home/me/notes', '/opt/vault']), ['notes', 'vault']);
    assert.deepEqual(distinctNames(['/home/me/notes/']), ['notes']);
  });

  it('takes as many folders above as it needs to tell two apart, and no more for the others', () => {
    assert.deepEqual(distinctNames(['/opt/ext/notes-data/architecture.md', '/home/me/notes/architecture.md', '/home/me/notes/glossary.md']),
      ['notes-data/architecture.md', 'notes/architecture.md', 'glossary.md']);
    assert.deepEqual(distinctNames(['/a/work/notes', '/b/work/notes', '/c/notes']), ['a/work/notes', 'b/work/notes', 'c/notes']);
    assert.deepEqual(distinctNames(['/x/notes', '/notes']), ['x/notes', 'notes']);
  });

  it('names the same path the same, and never gives an empty name', () => {
    assert.deepEqual(distinctNames(['/a/n.md', '/a/n.md']), ['n.md', 'n.md']);
    assert.deepEqual(distinctNames(['/', '']), ['/', '/']);
  });
});
