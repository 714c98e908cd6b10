import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { NotesIndex } from '../../server/src/core/index/notesIndex';
import { parseNote } from '../../server/src/core/formats/dialect/parser';

// Topics and terms of a few names, so that notes share entries and an entry can be a topic in
// one note and a term in another.
const line = fc.constantFrom('## cache', '## shard', '* _cache_: a store', '* _shard_: a part', '* _SOA (service oriented)_: n services', '* _fan out_: requests', '# AREA', 'text');

describe('term count', () => {
  it('is the number of entries defined as a term at least once, through upserts and removals', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ note: fc.integer({ min: 0, max: 3 }), remove: fc.boolean(), lines: fc.array(line, { maxLength: 8 }) }), { maxLength: 25 }),
      (edits) => {
        const index = new NotesIndex();
        for (const { note, remove, lines } of edits) {
          const uri = `file:///notes/n${note}.md`;
          if (remove) index.remove(uri);
          else index.upsert(parseNote(uri, lines.join('\n') + '\n'));
          const counted = [...index.terms()].filter((entry) => entry.definitions.some((d) => d.kind === 'term')).length;
          assert.equal(index.termCount, counted);
        }
      },
    ), { numRuns: 300 });
  });
});
