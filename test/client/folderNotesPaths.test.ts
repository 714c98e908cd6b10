import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { folderNotesPaths, notesPathEntry, notesPathTargets } from '../../client/src/folderNotesPaths';

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

describe('Add Notes Folder…: where a picked folder is written', () => {
  const shop = path.join('/work', 'shop');
  const billing = path.join(shop, 'billing');
  const shipping = path.join(shop, 'shipping');

  it('offers only the user\'s settings without a folder open or in Restricted Mode', () => {
    assert.deepEqual(notesPathTargets([], true, [path.join(billing, 'notes')]), [{ kind: 'user' }]);
    assert.deepEqual(notesPathTargets([billing, shipping], false, [path.join(billing, 'notes')]), [{ kind: 'user' }]);
  });

  it('offers the workspace\'s and the user\'s settings in a window of one folder', () => {
    assert.deepEqual(notesPathTargets([billing], true, [path.join(billing, 'notes')]), [{ kind: 'workspace' }, { kind: 'user' }]);
  });

  it('offers each folder\'s own settings in a multi-root window, the one holding the picked folder first', () => {
    assert.deepEqual(notesPathTargets([billing, shipping], true, [path.join(shipping, 'docs', 'notes')]), [
      { kind: 'workspace' }, { kind: 'user' }, { kind: 'folder', folder: shipping }, { kind: 'folder', folder: billing },
    ]);
    // A folder whose name starts alike is not inside it.
    assert.deepEqual(notesPathTargets([billing, shipping], true, [path.join(shop, 'shipping-old')]).slice(2), [
      { kind: 'folder', folder: billing }, { kind: 'folder', folder: shipping },
    ]);
  });

  it('writes a folder inside the settings\' folder relative to it, with forward slashes, and any other as it is', () => {
    assert.equal(notesPathEntry(path.join(billing, 'docs', 'notes'), billing), 'docs/notes');
    assert.equal(notesPathEntry(billing, billing), '.');
    assert.equal(notesPathEntry(path.join(shipping, 'notes'), billing), path.join(shipping, 'notes'));
    assert.equal(notesPathEntry(path.join(shop, 'billing-old'), billing), path.join(shop, 'billing-old'));
    assert.equal(notesPathEntry(path.join(billing, 'notes'), undefined), path.join(billing, 'notes'));
  });
});
