import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { folderNotesPaths } from '../../client/src/folderNotesPaths';

describe('a workspace folder\'s own notes paths', () => {
  const billing = path.join('/work', 'shop', 'billing');
  const shipping = path.join('/work', 'shop', 'shipping');
  const folders = [billing, shipping];

  it('resolves relative entries, globs too, against their own folder; keeps `~` and absolute ones as written', () => {
    const { allowed, refused } = folderNotesPaths([
      { folder: billing, value: ['notes', './docs/**/*.md', '~/notes', '/srv/notes', ' '] },
      { folder: shipping, value: 'glossary' },
    ], true, folders, '/home/me');
    assert.deepEqual(allowed, [
      { folder: billing, notesPaths: [path.join(billing, 'notes'), path.join(billing, 'docs/**/*.md'), '~/notes', '/srv/notes'] },
      { folder: shipping, notesPaths: [path.join(shipping, 'glossary')] },
    ]);
    assert.deepEqual(refused, []);
  });

  it('leaves out folders that name nothing, and values of the wrong type', () => {
    const { allowed } = folderNotesPaths([{ folder: billing, value: undefined }, { folder: shipping, value: [42, null] }, { folder: billing, value: { notes: 1 } }], true, folders);
    assert.deepEqual(allowed, []);
  });

  it('in Restricted Mode, keeps only the paths inside the workspace folders, as for the workspace\'s own settings', () => {
    const { allowed, refused } = folderNotesPaths([
      { folder: billing, value: ['notes', '../shipping/notes', '../../secrets', '~/notes', '/etc', '../**/*.md'] },
      { folder: shipping, value: ['/etc/passwd'] },
    ], false, folders, '/home/me');
    assert.deepEqual(allowed, [{ folder: billing, notesPaths: [path.join(billing, 'notes'), path.join(shipping, 'notes')] }]);
    assert.deepEqual(refused, [path.join('/work', 'secrets'), '~/notes', '/etc', path.join('/work', 'shop', '**/*.md'), '/etc/passwd']);
  });
});
