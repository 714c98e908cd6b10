import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { TermMatcher, type MatcherEntry, type TermMatch } from '../../server/src/core/index/matcher';
import { phraseKey, wordKey, words } from '../../server/src/core/text/normalize';

/** The matched texts with the id of each match, for compact expectations. */
function found(terms: (string | MatcherEntry)[], text: string, markdown = false): [string, number][] {
  const entries = terms.map((term, id) => (typeof term === 'string' ? { phrase: term, id } : term));
  return new TermMatcher(entries).scan(text, { markdown }).map((match) => [match.text, match.id]);
}

function assertWellFormed(text: string, matches: TermMatch[]): void {
  let previousEnd = 0;
  for (const match of matches) {
    assert.ok(match.start >= previousEnd && match.end > match.start && match.end <= text.length);
    assert.equal(match.text, text.slice(match.start, match.end));
    assert.equal(match.id, match.ids[0]);
    previousEnd = match.end;
  }
}

describe('TermMatcher', () => {
  it('counts the entries it indexed', () => {
    assert.equal(new TermMatcher([{ phrase: 'monolith', id: 0 }, { phrase: ' — ', id: 1 }, { phrase: 'fan out', id: 2 }]).size, 2);
  });

  it('matches whole words only', () => {
    assert.deepEqual(found(['monolith'], 'amonolith monolith monolithxyz monolith.'), [
      ['monolith', 0],
      ['monolith', 0],
    ]);
  });

  it('treats hyphens, spaces and underscores alike', () => {
    assert.deepEqual(found(['fan out'], 'fan-out, fan out, fan_out, Fan-Out and fan/out'), [
      ['fan-out', 0],
      ['fan out', 0],
      ['fan_out', 0],
      ['Fan-Out', 0],
      ['fan/out', 0],
    ]);
  });

  it('follows a phrase over a line break but not over a blank line or sentence punctuation', () => {
    assert.deepEqual(found(['horizontal scaling'], 'horizontal\nscaling; horizontal. Scaling; horizontal\n\nscaling; horizontal, scaling'), [['horizontal\nscaling', 0]]);
  });

  it('prefers the longest term', () => {
    assert.deepEqual(found(['scaling', 'horizontal scaling'], 'horizontal scaling beats scaling'), [
      ['horizontal scaling', 1],
      ['scaling', 0],
    ]);
  });

  it('takes the leftmost match, without overlaps', () => {
    assert.deepEqual(found(['a b', 'b c', 'c'], 'a b c'), [
      ['a b', 0],
      ['c', 2],
    ]);
    // A longer term that does not complete falls back to the longest one that does.
    assert.deepEqual(found(['single point', 'single point of failure'], 'a single point of view'), [['single point', 0]]);
  });

  it('folds plurals and possessives', () => {
    assert.deepEqual(found(['monolith', 'circuit breaker', 'cache'], "Monoliths use circuit breakers; the monolith's caches"), [
      ['Monoliths', 0],
      ['circuit breakers', 1],
      ["monolith's", 0],
      ['caches', 2],
    ]);
  });

  it('matches case-sensitive acronyms only in their case, plural and possessive allowed', () => {
    const terms = [{ phrase: 'SOA', id: 7, caseSensitive: true }, { phrase: 'SPoF', id: 8, caseSensitive: true }];
    assert.deepEqual(found(terms, "SOA soa Soa SOAs SPoF's spof SPOF"), [
      ['SOA', 7],
      ['SOAs', 7],
      ["SPoF's", 8],
    ]);
  });

  it('reports every entry that shares a key, first added first', () => {
    const matcher = new TermMatcher([
      { phrase: 'SOA', id: 1, caseSensitive: true },
      { phrase: 'soa', id: 2 },
      { phrase: 'fan out', id: 3 },
      { phrase: 'fan-out', id: 3 },
      { phrase: 'Fan Outs', id: 4 },
    ]);
    const matches = matcher.scan('SOA, soa, fan-out');
    assert.deepEqual(
      matches.map((m) => [m.text, m.id, m.ids]),
      [
        ['SOA', 1, [1, 2]],
        ['soa', 2, [2]],
        ['fan-out', 3, [3, 4]],
      ],
    );
  });

  it('gives UTF-16 offsets after emoji, astral letters and CJK', () => {
    const text = '📙🧠 ⛩️ 𝒜 参考: the monolith';
    const [match] = new TermMatcher([{ phrase: 'monolith', id: 0 }]).scan(text);
    assert.equal(match.start, text.indexOf('monolith'));
    assert.equal(match.end, text.indexOf('monolith') + 'monolith'.length);
  });

  it('finds CJK terms inside CJK text', () => {
    const text = '## 参考\n中文参考资料，进步很大';
    const matches = new TermMatcher([{ phrase: '参考', id: 0 }, { phrase: '进步', id: 1 }, { phrase: '考', id: 2 }]).scan(text);
    assert.deepEqual(
      matches.map((m) => [m.start, m.text, m.id]),
      [
        [3, '参考', 0],
        [8, '参考', 0],
        [13, '进步', 1],
      ],
    );
  });

  it('keeps punctuation that a term spells out', () => {
    assert.deepEqual(found(['sql.js', 'R&D'], 'sql.js, sql js, sql. js, R&D, R D'), [
      ['sql.js', 0],
      ['sql js', 0],
      ['R&D', 1],
      ['R D', 1],
    ]);
  });

  it('tells C++ and C# from C', () => {
    assert.deepEqual(found(['C', 'C++', 'C#'], 'C, C++ and C#'), [
      ['C', 0],
      ['C++', 1],
      ['C#', 2],
    ]);
  });

  describe('skipped text', () => {
    const terms = ['monolith', 'service mesh'];

    it('skips URLs in plain text and in Markdown', () => {
      const text = 'monolith https://example.com/monolith?q=monolith www.monolith.io (see http://x.org/monolith) monolith';
      for (const markdown of [false, true]) {
        const matches = new TermMatcher(terms.map((phrase, id) => ({ phrase, id }))).scan(text, { markdown });
        assert.deepEqual(
          matches.map((m) => m.start),
          [0, text.lastIndexOf('monolith')],
        );
      }
    });

    it('skips code in Markdown only', () => {
      const text = ['monolith `monolith` ``a ` monolith``', '```sh', 'monolith', '```', '~~~', 'service mesh', '~~~', 'service mesh'].join('\n');
      assert.deepEqual(found(terms, text, true), [
        ['monolith', 0],
        ['service mesh', 1],
      ]);
      assert.equal(found(terms, text, false).length, 6);
    });

    it('skips link destinations, autolinks and HTML comments, but not link text', () => {
      const text = '[monolith](./monolith.md "monolith") <mailto:monolith@example.com> <monolith@example.com> <!-- monolith\nservice mesh --> service mesh';
      assert.deepEqual(found(terms, text, true), [
        ['monolith', 0],
        ['service mesh', 1],
      ]);
    });

    it('skips reference definition destinations', () => {
      assert.deepEqual(found(terms, 'monolith\n\n[ref]: ./monolith.md\n', true), [['monolith', 0]]);
    });

    it('skips indented code after a blank line, but not indented list content', () => {
      const code = 'monolith\n\n    monolith code\n\nmonolith';
      assert.deepEqual(
        new TermMatcher([{ phrase: 'monolith', id: 0 }]).scan(code, { markdown: true }).map((m) => m.start),
        [0, code.lastIndexOf('monolith')],
      );
      const list = '* item\n\n    monolith continues the item';
      assert.equal(found(terms, list, true).length, 1);
    });

    it('runs an unclosed fence to the end of the text and leaves a lone backtick as text', () => {
      assert.deepEqual(found(terms, 'a ` monolith\n```\nmonolith', true), [['monolith', 0]]);
    });

    it('keeps the code skipping of the seed notes', () => {
      const text = ['* _monolith_: single service', '```sh', 'docker run monolith', '```', '* monolith `monolith.md` again'].join('\n');
      assert.deepEqual(
        found(terms, text, true).map(([written]) => written),
        ['monolith', 'monolith'],
      );
    });
  });

  it('builds 50,000 terms in well under the time a slow machine allows', () => {
    const entries: MatcherEntry[] = [];
    for (let id = 0; id < 50_000; id++) entries.push({ phrase: `term${id} word${id % 977} part${id % 13}`, id });
    const started = process.hrtime.bigint();
    const matcher = new TermMatcher(entries);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(matcher.size, 50_000);
    // Typically well under 200 ms; the bound only catches a build that stopped being linear.
    assert.ok(elapsedMs < 5000, `build took ${elapsedMs} ms`);
    assert.deepEqual(
      matcher.scan(`see ${entries[49_999].phrase} here`).map((m) => m.id),
      [49_999],
    );
  });

  it('keeps matching after its cache of written words fills up and starts over', () => {
    const matcher = new TermMatcher([{ phrase: 'monolith', id: 0 }, { phrase: 'fan out', id: 1 }]);
    // 250,000 distinct words: more than the cache keeps, so it is dropped during the scan.
    const filler: string[] = [];
    for (let n = 0; n < 250_000; n++) filler.push(`w${n.toString(36)}`);
    const text = `monolith ${filler.join(' ')} Monoliths, fan-out and w0 monolith`;
    assert.deepEqual(
      matcher.scan(text).map((m) => [m.text, m.id]),
      [
        ['monolith', 0],
        ['Monoliths', 0],
        ['fan-out', 1],
        ['monolith', 0],
      ],
    );
    // The same matcher still finds what it found before.
    assert.deepEqual(
      matcher.scan('a monolith, a fan out').map((m) => m.start),
      [2, 14],
    );
  });

  it('gives every match its own id after finding more terms than it keeps shared ids for', () => {
    // 25,000 terms found: more than the shared ids arrays kept, which are dropped during the scan.
    const names: string[] = [];
    for (let n = 0; n < 25_000; n++) names.push(`t${n.toString(36)}x`);
    const matcher = new TermMatcher(names.map((phrase, id) => ({ phrase, id })));
    const text = `${names.join(', ')}, ${names[0]}`;
    const matches = matcher.scan(text);
    assert.equal(matches.length, names.length + 1);
    matches.forEach((match, k) => {
      const id = k % names.length;
      assert.deepEqual([match.text, match.id, match.ids], [names[id], id, [id]]);
    });
  });

  it('stays fast on Markdown built to make skipping quadratic', () => {
    const matcher = new TermMatcher([{ phrase: 'monolith', id: 0 }]);
    const size = 200_000;
    const adversarial = [
      '](x "'.repeat(size / 5),
      'a ` b `` c ``` '.repeat(size / 15),
      'http://x.org/' + ')'.repeat(size),
      '<a:'.repeat(size / 3),
      '<!-- '.repeat(size / 5),
      '[a]('.repeat(size / 4),
      '](<'.repeat(size / 3) + '>',
      '<!--\n```\n```\n'.repeat(size / 13) + '-->',
    ];
    for (const text of adversarial) {
      const started = process.hrtime.bigint();
      matcher.scan(`${text} monolith`, { markdown: true });
      const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
      // Milliseconds when linear; a quadratic pass over 200,000 characters takes minutes.
      assert.ok(elapsedMs < 10_000, `${JSON.stringify(text.slice(0, 12))}… took ${elapsedMs} ms`);
    }
  });

  describe('properties', () => {
    // Term words and filler words come from disjoint syllable sets, so no filler word can
    // share a key with a term word, whatever the plural rules do to either.
    const termWord = fc
      .array(fc.constantFrom('ka', 'lo', 'mi', 'ne', 'tu', 'rab', 'sol', 'vex', 'quo', 'zar'), { minLength: 1, maxLength: 3 })
      .map((syllables) => syllables.join(''));
    const cjkWord = fc.constantFrom('参', '考', '进', '步', 'デ', '한');
    const fillerWord = fc.oneof(
      fc.array(fc.constantFrom('bi', 'dy', 'fe', 'gu', 'hi', 'jo', 'pe', 'wu'), { minLength: 1, maxLength: 3 }).map((s) => s.join('')),
      fc.constantFrom('😀', '📙', '𝒜', '中', '文', '42', '⛩️'),
    );
    const term = fc.array(fc.oneof({ weight: 5, arbitrary: termWord }, { weight: 1, arbitrary: cjkWord }), { minLength: 1, maxLength: 4 });
    const joiner = fc.constantFrom(' ', '-', '_', '\n', '  ');
    // Between tokens: separators that never join two words into one term.
    const breaker = fc.constantFrom(', ', '. ', '; ', ' (', ') ', '\n\n', ' — ', ': ');

    it('finds every planted term occurrence, with its offsets', () => {
      fc.assert(
        fc.property(
          fc.uniqueArray(term, { minLength: 1, maxLength: 12, selector: (words) => phraseKey(words.join(' ')) }),
          fc.array(fc.tuple(fc.boolean(), fc.nat(), fillerWord, fc.array(joiner, { minLength: 3, maxLength: 3 }), fc.boolean(), breaker), { maxLength: 25 }),
          (terms, tokens) => {
            const matcher = new TermMatcher(terms.map((words, id) => ({ phrase: words.join(' '), id })));
            let text = '';
            const planted: { start: number; end: number; id: number }[] = [];
            for (const [isTerm, pick, filler, joiners, upper, separator] of tokens) {
              if (isTerm) {
                const id = pick % terms.length;
                const written = terms[id].reduce((phrase, word, k) => phrase + joiners[k - 1] + word);
                planted.push({ start: text.length, end: text.length + written.length, id });
                text += upper ? written.toUpperCase() : written;
              } else {
                text += filler;
              }
              text += separator;
            }
            const matches = matcher.scan(text);
            assertWellFormed(text, matches);
            assert.deepEqual(
              matches.map((m) => ({ start: m.start, end: m.end, id: m.id })),
              planted,
            );
          },
        ),
        { numRuns: 300 },
      );
    });

    it('never throws and returns well-formed matches on arbitrary strings', () => {
      const matcher = new TermMatcher(['monolith', 'fan out', 'a', 'SOA', '参考', 'C++', 'sql.js'].map((phrase, id) => ({ phrase, id, caseSensitive: phrase === 'SOA' })));
      const piece = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 8 }),
        fc.constantFrom('\uD800', '\uDC00', '\u0000', '\r\n', '\n\n', '`', '```', '~~~', '    ', '<!--', '-->', '](', ')', '<', '>', 'http://', 'www.', 'monolith', 'fan', ' out', 'SOA', '参考', 'C++', '[x]: '),
      );
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 40 }), fc.boolean(), (pieces, markdown) => {
          const text = pieces.join('');
          assertWellFormed(text, matcher.scan(text, { markdown }));
        }),
        { numRuns: 500 },
      );
    });

    it('reads the words forEachWord reads, whatever stands at their edges', () => {
      // The scan reads plain letters and separators itself and leaves the rest to nextWord:
      // with every word of the text a term, each word must be one match, where words() has it.
      const piece = fc.oneof(
        fc.constantFrom('ab', 'Zy', 'q', '42', 'é', 'ß', 'İ', 'ǅ', 'е', 'Ω'),
        fc.constantFrom("'", '’', 'ʼ', '+', '++', '#', '\u0301', '\uFE0F', '参', 'デ', '한', '😀', '𝒜', '\uD800', '\uDC00', '\u00A0', '\u200B', '\u3000'),
        fc.constantFrom(' ', '-', '_', '/', '.', ',', '\n', '\t', '(', ')', '*', '`', '"', '&'),
        fc.string({ unit: 'binary', maxLength: 3 }),
      );
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
          const text = pieces.join('');
          fc.pre(!/https?:\/\/|www\./i.test(text));
          const written = words(text);
          const matcher = new TermMatcher([...new Set(written.map((word) => word.text))].map((phrase, id) => ({ phrase, id })));
          assert.deepEqual(
            matcher.scan(text).map((match) => [match.start, match.end]),
            written.map((word) => [word.start, word.end]),
          );
        }),
        { numRuns: 2000 },
      );
    });

    it('matches a term however its words are cased or joined', () => {
      fc.assert(
        fc.property(term, fc.array(joiner, { minLength: 3, maxLength: 3 }), fc.boolean(), (words, joiners, upper) => {
          const written = words.reduce((phrase, word, k) => phrase + joiners[k - 1] + word);
          const text = `x, ${upper ? written.toUpperCase() : written}.`;
          const [match] = new TermMatcher([{ phrase: words.map((w) => w + (wordKey(w + 's') === wordKey(w) ? 's' : '')).join(' '), id: 0 }]).scan(text);
          assert.ok(match, text);
          assert.equal(match.start, 3);
          assert.equal(match.end, 3 + written.length);
        }),
      );
    });
  });
});
