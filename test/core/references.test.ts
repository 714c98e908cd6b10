import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { NotesIndex } from '../../server/src/core/index/notesIndex';
import { referencesFor } from '../../server/src/core/query/lookup';
import { parseNote } from '../../server/src/core/formats/dialect/parser';

// Terms, topics and plain lines with links (some repeated, some unsafe), spread over notes.
const line = fc.oneof(
  fc.constantFrom('# AREA', '## cache', '## shard', 'text about cache https://example.com/t', '---'),
  fc.tuple(fc.constantFrom('cache', 'shard', 'fan out'), fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }), fc.boolean())
    .map(([term, links, loose]) => `* ${loose ? term + ':' : `_${term}_:`} text ${links.map((n) => (n === 6 ? 'javascript:alert(1)' : `https://example.com/${n}`)).join(' ')}`),
  fc.integer({ min: 0, max: 6 }).map((n) => `* cache and shard https://example.com/m${n}`),
);

describe('references', () => {
  it('with a limit, are the first ones of the full list', () => {
    fc.assert(fc.property(
      fc.array(fc.array(line, { maxLength: 14 }), { minLength: 1, maxLength: 5 }),
      fc.constantFrom('cache', 'shard', 'fan out'),
      fc.integer({ min: 1, max: 8 }),
      (notes, phrase, limit) => {
        const index = new NotesIndex();
        notes.forEach((lines, i) => index.upsert(parseNote(`file:///notes/n${i}.md`, lines.join('\n') + '\n')));
        const entry = index.lookup(phrase)[0];
        const urls = (limited?: number) => referencesFor(index, phrase, entry, limited).map((l) => l.url);
        assert.deepEqual(urls(limit), urls().slice(0, limit));
      },
    ), { numRuns: 400 });
  });

  it('are kept for the index as it is, and found again once it changes', () => {
    const index = new NotesIndex();
    index.upsert(parseNote('file:///notes/a.md', '* _cache_: text https://example.com/1\n'));
    const entry = () => index.lookup('cache')[0];
    const first = referencesFor(index, 'cache', entry(), 5);
    assert.deepEqual(first.map((l) => l.url), ['https://example.com/1']);
    first.pop(); // a caller's copy: the kept list is not changed by it
    assert.deepEqual(referencesFor(index, 'cache', entry(), 5).map((l) => l.url), ['https://example.com/1']);
    index.upsert(parseNote('file:///notes/b.md', '* _cache_: more https://example.com/2\n'));
    assert.deepEqual(referencesFor(index, 'cache', entry(), 5).map((l) => l.url), ['https://example.com/1', 'https://example.com/2']);
  });

  it('take lines that name the term in any of its forms, never a word one letter away', () => {
    const index = new NotesIndex();
    index.upsert(parseNote('file:///notes/a.md', '# DATA\n## partitioning\n* _sharding_: splitting data across nodes by key\n'));
    index.upsert(parseNote('file:///notes/b.md', [
      '# READING',
      '* making things work at scale is hard engineering https://example.com/hard',
      '* wait for shared concerns to emerge https://example.com/shared',
      '* yak shaving https://example.com/shave',
      '* a shard per tenant https://example.com/shard',
      '* sharded counters https://example.com/sharded',
    ].join('\n') + '\n'));
    const entry = index.lookup('sharding')[0];
    // What a search forgives (a slip of one letter) a card must not list as the term's. Not a
    // first letter: one edit there makes another word more often than a slip (`hard`).
    const mentioned = index.mentions('sharding', 50).map((m) => m.line.text);
    assert.ok(mentioned.some((line) => line.includes('shared concerns')), mentioned.join('\n'));
    assert.ok(!mentioned.some((line) => line.includes('hard engineering')), mentioned.join('\n'));
    for (const limit of [undefined, 5]) {
      assert.deepEqual(referencesFor(index, 'sharding', entry, limit).map((l) => l.url), ['https://example.com/shard', 'https://example.com/sharded']);
    }
  });
});
