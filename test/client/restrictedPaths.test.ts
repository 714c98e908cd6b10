import * as assert from 'node:assert/strict';
import { restrictNotesPaths } from '../../client/src/restrictedPaths';

describe('notes paths in Restricted Mode', () => {
  const folders = ['/work/project'];

  it('keeps the workspace paths that stay inside a workspace folder', () => {
    const { allowed, refused } = restrictNotesPaths([], ['notes', './docs/arch', 'docs/**/*.md', '/work/project/notes'], folders, '/home/me');
    assert.deepEqual(allowed, ['notes', './docs/arch', 'docs/**/*.md', '/work/project/notes']);
    assert.deepEqual(refused, []);
  });

  it('refuses workspace paths that leave it: parent folders, absolute paths, home, globs rooted outside', () => {
    const outside = ['../secrets', '/etc', '~/notes', '~', 'notes/../../other', '/work/project-other/notes', '/**/*.md', '../**/*.md'];
    const { allowed, refused } = restrictNotesPaths([], outside, folders, '/home/me');
    assert.deepEqual(allowed, []);
    assert.deepEqual(refused, outside);
  });

  it('always keeps the paths from the user\'s own settings', () => {
    const { allowed, refused } = restrictNotesPaths(['~/notes', '/srv/notes'], ['/etc'], folders, '/home/me');
    assert.deepEqual(allowed, ['~/notes', '/srv/notes']);
    assert.deepEqual(refused, ['/etc']);
  });

  it('refuses everything from the workspace when there is no workspace folder', () => {
    assert.deepEqual(restrictNotesPaths([], ['notes'], []).refused, ['notes']);
  });
});
