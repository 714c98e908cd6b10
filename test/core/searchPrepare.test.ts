// The search tables prepared in idle slices after an index (NotesSearch.prepareInSlices) give
// the answers a search preparing them on first use gives, and an edit made while they are being
// prepared is never missed.

import * as assert from 'node:assert/strict';
import { readNote } from '../../server/src/core/formats/readNote';
import { NotesIndex } from '../../server/src/core/index/notesIndex';
import { NotesSearch } from '../../server/src/core/query/search';
import { generateVaultNote } from '../../scripts/bench/vault';

const QUERIES = ['co', 'sa', 'event', 'glossary', 'zz', 'a b'];

function vaultIndex(count: number): NotesIndex {
  const index = new NotesIndex();
  for (let i = 0; i < count; i++) {
    const { file, text } = generateVaultNote(i, count);
    index.upsert(readNote(`file:///vault/${file}`, text));
  }
  return index;
}

/** Whether the search holds tables for the index as it is (private state, read for this test only). */
function isPrepared(search: NotesSearch, index: NotesIndex): boolean {
  return (search as unknown as { prepared?: { version: number } }).prepared?.version === index.version;
}

describe('search: tables prepared in idle slices', () => {
  it('answers every query as a search that prepares its tables on first use', async () => {
    const index = vaultIndex(200);
    const ahead = new NotesSearch(index);
    let pauses = 0;
    await ahead.prepareInSlices(async () => void pauses++, 0);
    assert.ok(pauses > 10, `${pauses} pauses`);
    assert.ok(isPrepared(ahead, index));
    for (const query of QUERIES) assert.deepEqual(ahead.search(query, { kinds: ['term', 'topic'], limit: 200 }), new NotesSearch(index).search(query, { kinds: ['term', 'topic'], limit: 200 }), query);
  });

  it('gives up when the index changes meanwhile, and the next search sees the change', async () => {
    const index = vaultIndex(100);
    const search = new NotesSearch(index);
    let edited = false;
    await search.prepareInSlices(async () => {
      if (edited) return;
      edited = true;
      index.upsert(readNote('file:///vault/Cobalt widget.md', '# Cobalt widget\n\nA widget made of cobalt.\n'));
    }, 0);
    assert.ok(edited);
    assert.equal(isPrepared(search, index), false);
    assert.deepEqual(search.search('cobalt widget', { kinds: ['term'] }).map((result) => result.label), ['Cobalt widget']);
    assert.deepEqual(search.search('co', { kinds: ['term', 'topic'], limit: 200 }), new NotesSearch(index).search('co', { kinds: ['term', 'topic'], limit: 200 }));
  });
});

describe('search: another form of a name', () => {
  it('finds the term by a form the note gives as an alias, which fuzzy matching cannot line up', () => {
    const index = new NotesIndex();
    index.upsert(readNote('file:///vault/Idempotency.md', '---\naliases: [idempotent, idempotence]\n---\n# Idempotency\n\nDoing it twice has the effect of doing it once.\n'));
    index.upsert(readNote('file:///vault/Retry.md', '---\naliases:\n  - retries\n  - retrying\n---\n# Retry\n\nTrying a failed call again, after a pause.\n'));
    const search = new NotesSearch(index);
    for (const [query, term] of [['idempotent', 'Idempotency'], ['idempotence', 'Idempotency'], ['retries', 'Retry'], ['retrying', 'Retry']]) {
      const first = search.search(query)[0];
      assert.equal(first?.label, term, `${query}: ${JSON.stringify(first)}`);
      assert.equal(first.match, 'exact');
    }
  });
});
