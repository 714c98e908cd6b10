// The index after any history of edits must answer as an index built fresh from the notes
// as they stand: the same entries and names (snapshot), the same terms found in a design
// doc, and the same search results. The soak test checks this over JSON-RPC on one long
// history; this one checks many short seeded histories on the core alone, where a
// difference is small enough to read.

import * as assert from 'node:assert/strict';
import { NotesIndex } from '../../server/src/core/index/notesIndex';
import { termsInDocument } from '../../server/src/core/query/lookup';
import { parseNote } from '../../server/src/core/formats/dialect/parser';
import { NotesSearch } from '../../server/src/core/query/search';
import { definitionLine, designDoc, Random, termPool } from './corpus';

const HISTORIES = 120;
const STEPS = 12;
const URIS = ['file:///notes/a.md', 'file:///notes/b.md', 'file:///notes/c.md'];

/** What a design doc's reader sees: each term found, its names, and where. */
function documentView(index: NotesIndex, text: string) {
  return termsInDocument(index, text, true).map(({ entry, occurrences }) => ({ key: entry.key, names: entry.names, at: occurrences.map((o) => o.start) }));
}

function searchView(index: NotesIndex, queries: string[]) {
  const search = new NotesSearch(index);
  return queries.map((query) => search.search(query, { limit: 20 }).map((r) => `${r.kind} ${r.label} ${r.uri}:${r.range.start.line}`));
}

/** A small note: definitions of shared terms (aliases and expansions among them) and topics. */
function smallNote(random: Random, terms: string[]): string {
  const lines: string[] = [];
  for (let n = random.int(1, 4); n > 0; n--) lines.push(random.chance(0.3) ? `## ${random.pick(terms)}` : definitionLine(random, terms));
  return lines.join('\n') + '\n';
}

describe('soak: the index after a history of edits equals a fresh index', function () {
  this.timeout(20_000);

  it(`${HISTORIES} seeded histories of ${STEPS} upserts and removals`, () => {
    for (let seed = 1; seed <= HISTORIES; seed++) {
      const random = new Random(seed);
      // Few terms, so that names collide: one term's alias is another's own term.
      const terms = termPool(random, 8);
      const doc = designDoc(random, terms);
      const edited = new NotesIndex();
      const texts = new Map<string, string>();
      const history: string[] = [];
      for (let step = 0; step < STEPS; step++) {
        const uri = random.pick(URIS);
        if (random.chance(0.2)) {
          edited.remove(uri);
          texts.delete(uri);
          history.push(`remove ${uri}`);
        } else {
          const text = smallNote(random, terms);
          edited.upsert(parseNote(uri, text));
          texts.set(uri, text);
          history.push(`upsert ${uri}\n${text}`);
        }
        // A fresh index reads the notes in file order, as a full index does.
        const fresh = new NotesIndex();
        for (const uri of [...texts.keys()].sort()) fresh.upsert(parseNote(uri, texts.get(uri)!));
        const where = `seed ${seed}, after:\n${history.join('\n')}`;
        assert.deepEqual(edited.snapshot(), fresh.snapshot(), `snapshot, ${where}`);
        assert.deepEqual(documentView(edited, doc), documentView(fresh, doc), `terms in a design doc, ${where}`);
        assert.deepEqual(searchView(edited, terms), searchView(fresh, terms), `search, ${where}`);
      }
    }
  });

  it('2,500 edits of three notes: word lists compacted along the way still equal a fresh index', () => {
    // More retired versions than the index lets pile up before it compacts its word lists
    // and numbers the notes again: this history goes through that more than once.
    const random = new Random(7);
    const terms = termPool(random, 12);
    const doc = designDoc(random, terms);
    const edited = new NotesIndex();
    const texts = new Map<string, string>();
    // One note written once, between edits of the others, and then left alone: its number
    // changes at each compaction, and its words must follow.
    const stable = 'file:///notes/stable.md';
    for (let step = 1; step <= 2500; step++) {
      const uri = random.pick(URIS);
      if (step === 250) {
        const text = `## stable words\n* _${random.pick(terms)}_: lasting phrase https://example.org/stable\n`;
        edited.upsert(parseNote(stable, text));
        texts.set(stable, text);
      } else if (random.chance(0.05)) {
        edited.remove(uri);
        texts.delete(uri);
      } else {
        // Words of their own in each version: the ones a compaction must drop once gone.
        const text = `${smallNote(random, terms)}* step ${step} word${step}x ${random.pick(terms)} https://example.org/${step}\n`;
        edited.upsert(parseNote(uri, text));
        texts.set(uri, text);
      }
      if (step % 500 !== 0) continue;
      const fresh = new NotesIndex();
      for (const uri of [...texts.keys()].sort()) fresh.upsert(parseNote(uri, texts.get(uri)!));
      assert.deepEqual(edited.snapshot(), fresh.snapshot(), `snapshot after ${step} edits`);
      assert.deepEqual(documentView(edited, doc), documentView(fresh, doc), `terms in a design doc after ${step} edits`);
      assert.deepEqual(searchView(edited, [...terms, 'step', 'lasting phrase', `word${step}x`]), searchView(fresh, [...terms, 'step', 'lasting phrase', `word${step}x`]), `search after ${step} edits`);
    }
  });
});
