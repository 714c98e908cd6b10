// The fuzzy table (core/query/fuzzyTable.ts) skips names by their letters and stops at a length
// no name can score past: for any query it must give exactly what scoring every name with
// fuzzysort gives, and the same hits as fuzzysort's own `go` over all the names.

import * as assert from 'node:assert/strict';
import fuzzysort = require('fuzzysort');
import { bestScoreAtLength, FuzzyTable } from '../../server/src/core/query/fuzzyTable';

/** A small seeded generator (mulberry32), so that a failure can be run again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['dr', 'co', 'ab', 'ev', 'ent', 'sour', 'cing', 'ser', 'vice', 'mo', 'no', 'lith', 'ca', 'che', 'q', 'x', 'zu', 'é', 'ö', 'ï', '42', 'io', 'API', 'Load', 'Bal', 'an', 'cer', 'saga', 'CQRS', 'sh', 'ard'];
const SEPARATORS = [' ', ' ', '-', '_', '.', '/', '', 'Ł', ' & '];

function name(next: () => number): string {
  const words = 1 + Math.floor(next() * (next() < 0.2 ? 9 : 4));
  let text = '';
  for (let w = 0; w < words; w++) {
    if (w > 0) text += SEPARATORS[Math.floor(next() * SEPARATORS.length)];
    const syllables = 1 + Math.floor(next() * 3);
    for (let s = 0; s < syllables; s++) text += SYLLABLES[Math.floor(next() * SYLLABLES.length)];
  }
  return next() < 0.1 ? text.toUpperCase() : next() < 0.2 ? text[0].toUpperCase() + text.slice(1) : text;
}

function query(next: () => number, names: readonly string[]): string {
  const roll = next();
  if (roll < 0.4) {
    // Letters of a name, in order: what a user types for a half-remembered name.
    const source = names[Math.floor(next() * names.length)];
    const length = 1 + Math.floor(next() * Math.min(6, source.length));
    const start = Math.floor(next() * Math.max(1, source.length - length));
    return next() < 0.5 ? source.slice(start, start + length) : [...source].filter(() => next() < 0.4).join('').slice(0, length + 2) || source[0];
  }
  if (roll < 0.7) return SYLLABLES[Math.floor(next() * SYLLABLES.length)] + (next() < 0.5 ? SYLLABLES[Math.floor(next() * SYLLABLES.length)] : '');
  if (roll < 0.8) return `${SYLLABLES[Math.floor(next() * SYLLABLES.length)]} ${SYLLABLES[Math.floor(next() * SYLLABLES.length)]}`;
  // Anything: letters no name holds, punctuation, upper case, a lone letter.
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_. éü';
  const length = 1 + Math.floor(next() * 5);
  return Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
}

interface Named {
  name: string;
  prepared: Fuzzysort.Prepared;
}

/** The reference: every name scored by fuzzysort, kept at the threshold, best first, equal scores in the given order. */
function scoreEvery(items: readonly Named[], search: string, limit: number, threshold: number): { item: Named; score: number }[] {
  const scored: { item: Named; score: number; raw: number; at: number }[] = [];
  items.forEach((item, at) => {
    const result = fuzzysort.single(search.trim(), item.prepared);
    if (result && result.score >= threshold) scored.push({ item, score: result.score, raw: (result as unknown as { _score: number })._score, at });
  });
  return scored.sort((a, b) => b.raw - a.raw || a.at - b.at).slice(0, limit).map(({ item, score }) => ({ item, score }));
}

describe('fuzzy table: a query scores only the names that can rank', () => {
  const next = random(20261206);
  const names = Array.from({ length: 3000 }, () => name(next));
  const items: Named[] = names.map((n) => ({ name: n, prepared: fuzzysort.prepare(n) }));
  const table = new FuzzyTable(items, (item) => item.prepared);

  it('gives what scoring every name gives, for 1,500 random queries and limits', () => {
    for (let i = 0; i < 1500; i++) {
      const search = query(next, names);
      const limit = [1, 3, 10, 50, 400, 5000][Math.floor(next() * 6)];
      const threshold = next() < 0.7 ? 0.3 : 0;
      const found = table.top(search, limit, threshold);
      fuzzysort.cleanup();
      assert.deepEqual(found, scoreEvery(items, search, limit, threshold), `${JSON.stringify(search)}, limit ${limit}, threshold ${threshold}`);
    }
  });

  it('finds the hits fuzzysort.go finds over all the names, with the same scores (ties at the limit aside)', () => {
    for (let i = 0; i < 1500; i++) {
      const search = query(next, names).trim();
      if (!search) continue;
      const limit = [5, 40, 400][Math.floor(next() * 3)];
      const found = table.top(search, limit, 0.3);
      const go = fuzzysort.go(search, items, { key: 'prepared', limit, threshold: 0.3 });
      fuzzysort.cleanup();
      const what = `${JSON.stringify(search)}, limit ${limit}`;
      assert.deepEqual(found.map((hit) => hit.score), go.map((hit) => hit.score), what);
      // Equal scores are ranked in the given order here and in the order of go's heap there, so
      // at the limit a tie may keep another name: every name above the lowest score is the same.
      const lowest = found.at(-1)?.score;
      const above = (hits: { score: number; name: string }[]) => hits.filter((hit) => hit.score !== lowest).map((hit) => hit.name).sort();
      assert.deepEqual(above(found.map((hit) => ({ score: hit.score, name: hit.item.name }))), above(go.map((hit) => ({ score: hit.score, name: hit.obj.name }))), what);
    }
  });

  it('stops early for a common query: the bound is what a name of that length scores at best', () => {
    for (const [search, target] of [['dr', 'drairgousol'], ['co', 'co'], ['abc', 'abc-defg hij'], ['x', 'x y z']]) {
      const raw = (fuzzysort.single(search, target) as unknown as { _score: number })._score;
      const bound = bestScoreAtLength(target.length, search.length);
      assert.ok(raw <= bound && bound - raw < 1e-6, `${search} in ${target}: ${raw} against ${bound}`);
    }
    // Many short names that begin with the query: the table scores a few of the long names, if any.
    const many: Named[] = [];
    for (let i = 0; i < 2000; i++) many.push({ name: `dr${i}`, prepared: fuzzysort.prepare(`dr${i}`) });
    for (let i = 0; i < 2000; i++) many.push({ name: `a long name with d and then r ${i}`, prepared: fuzzysort.prepare(`a long name with d and then r ${i}`) });
    let scored = 0;
    const counting = new FuzzyTable(many, (item) => {
      return new Proxy(item.prepared, { get: (target, key) => (key === '_targetLowerCodes' && scored++, Reflect.get(target, key)) });
    });
    scored = 0;
    const found = counting.top('dr', 50, 0.3);
    fuzzysort.cleanup();
    assert.equal(found.length, 50);
    assert.ok(found.every((hit) => hit.item.name.startsWith('dr')));
    assert.ok(scored < 200, `${scored} names scored`);
  });
});
