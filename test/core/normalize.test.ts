import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { boundedEditDistance, forEachWord, hashCodeUnits, initials, isAcronym, phraseKey, spellingKey, wordKey, words } from '../../server/src/core/text/normalize';

const texts = (text: string): string[] => words(text).map((word) => word.text);

describe('normalize', () => {
  describe('words', () => {
    it('splits on spaces, hyphens, underscores, slashes and punctuation', () => {
      assert.deepEqual(texts('Fan-Out, fan_out/fan out (n db).'), ['Fan', 'Out', 'fan', 'out', 'fan', 'out', 'n', 'db']);
    });

    it('gives UTF-16 offsets that slice back to the word', () => {
      const text = '📙 Kleppmann [112] — 𝒜lpha café';
      for (const word of words(text)) assert.equal(text.slice(word.start, word.end), word.text);
      assert.deepEqual(texts(text), ['Kleppmann', '112', '𝒜lpha', 'café']);
      assert.equal(words(text)[0].start, 3);
    });

    it('makes every CJK character a word of its own, next to Latin words', () => {
      assert.deepEqual(texts('## 参考 notes参考'), ['参', '考', 'notes', '参', '考']);
      assert.deepEqual(texts('データ 한국어'), ['デ', 'ー', 'タ', '한', '국', '어']);
      // A Han character outside the BMP is one word of two code units.
      const han = words('x 𠀋 y');
      assert.deepEqual(han.map((w) => [w.start, w.end]), [[0, 1], [2, 4], [5, 6]]);
    });

    it('keeps combining marks with their letter and drops marks that follow no letter', () => {
      assert.deepEqual(texts('cafe\u0301 ⛩️ ❕️'), ['cafe\u0301']);
      assert.deepEqual(texts('が'), ['が']);
    });

    it('keeps an apostrophe between letters only', () => {
      assert.deepEqual(texts("SPoF's doesn’t 'account' services'"), ["SPoF's", 'doesn’t', 'account', 'services']);
    });

    it('keeps ++ and a single letter’s # as part of a language name', () => {
      assert.deepEqual(texts('C++, C# and a+b, issue# 3, x++y'), ['C++', 'C#', 'and', 'a', 'b', 'issue', '3', 'x', 'y']);
    });

    it('treats lone surrogates, NUL and CRLF as separators', () => {
      assert.deepEqual(texts('a\uD800b\uDC00c\u0000d\r\ne'), ['a', 'b', 'c', 'd', 'e']);
    });

    const anyText = fc
      .array(fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('\uD800', '\uDFFF', '\u0000', '\r\n', "'", '’', '++', '#', '\u0301', '参', '😀', 'C#')), { maxLength: 30 })
      .map((parts) => parts.join(''));

    it('returns ordered, non-overlapping words that slice back on any string', () => {
      fc.assert(
        fc.property(anyText, (text) => {
          let previousEnd = 0;
          for (const word of words(text)) {
            assert.ok(word.start >= previousEnd && word.end > word.start && word.end <= text.length);
            assert.equal(word.text, text.slice(word.start, word.end));
            assert.ok(!/\s/u.test(word.text));
            previousEnd = word.end;
          }
        }),
      );
    });

    it('hands each word its hash, the same as hashing the word alone', () => {
      fc.assert(
        fc.property(anyText, fc.nat(), (text, cut) => {
          // Tokenising a slice of the text must find the same hashes as hashing each word.
          const from = cut % (text.length + 1);
          forEachWord(text, from, text.length, (start, end, hash) => assert.equal(hash, hashCodeUnits(text, start, end)));
        }),
      );
    });
  });

  describe('wordKey', () => {
    const foldsTogether: [string, string][] = [
      ['caches', 'cache'],
      ['services', 'service'],
      ['queries', 'query'],
      ['processes', 'process'],
      ['boxes', 'box'],
      ['contexts', 'context'],
      ['monoliths', 'monolith'],
      ['breakers', 'breaker'],
      ['databases', 'database'],
      ['matches', 'match'],
      ['meshes', 'mesh'],
      ['statuses', 'status'],
      ['buses', 'bus'],
      ['indexes', 'index'],
      ['sizes', 'size'],
      ['cookies', 'cookie'],
      ['APIs', 'API'],
      ['DBs', 'DB'],
      ['PRs', 'PR'],
      ['NATs', 'NAT'],
      ['uses', 'use'],
    ];
    for (const [plural, singular] of foldsTogether) {
      it(`folds ${plural} and ${singular} together`, () => assert.equal(wordKey(plural), wordKey(singular)));
    }

    it('leaves words that only look plural alone', () => {
      for (const word of ['status', 'process', 'bus', 'analysis', 'axis', 'gas', 'business', 'consensus']) assert.equal(spellingKey(word), word);
      for (const word of ['status', 'process', 'bus', 'gas', 'consensus']) assert.equal(wordKey(word), word);
      assert.equal(wordKey('SaaS'), 'saas');
    });

    // Inflections and derived forms a design doc writes for a term of the notes (issue 13).
    const stemsTogether: [string, string][] = [
      ['replicated', 'replication'],
      ['queueing', 'queue'],
      ['sharded', 'sharding'],
      ['retrying', 'retries'],
      ['deprecated', 'deprecation'],
      ['scalable', 'scalability'],
      ['concurrent', 'concurrency'],
      ['architectural', 'architecture'],
      ['horizontally', 'horizontal'],
      ['coupled', 'coupling'],
      ['couples', 'coupling'],
      ['pulling', 'pull'],
      ['compatibilities', 'compatible'],
      ['maintainable', 'maintainability'],
      ['Authorized', 'authorization'],
      ['clustered', 'cluster'],
      ['tolerant', 'tolerance'],
      ['implemented', 'implement'],
      ['concurrently', 'concurrency'],
      ['discover', 'discovery'],
      ['recovered', 'recovery'],
      ['delivering', 'deliveries'],
    ];
    for (const [form, term] of stemsTogether) {
      it(`folds ${form} and ${term} together`, () => assert.equal(wordKey(form), wordKey(term)));
    }

    // Derivations that name another thing than the word they come from (see KEPT_DERIVATIONS).
    const keptApart: [string, string][] = [
      ['maintains', 'maintainability'],
      ['contains', 'container'],
      ['follows', 'follower'],
      ['authors', 'authorization'],
      ['finally', 'finalizer'],
      ['local', 'locality'],
      ['live', 'liveness'],
      ['general', 'generate'],
      ['universe', 'university'],
      ['positive', 'position'],
      ['connection', 'connect'],
      ['projects', 'projection'],
      ['requires', 'requirement'],
      ['perform', 'performance'],
      ['completely', 'completion'],
      ['every', 'ever'],
      ['factory', 'factor'],
      ['directory', 'director'],
    ];
    for (const [word, term] of keptApart) {
      it(`keeps ${word} apart from ${term}`, () => assert.notEqual(wordKey(word), wordKey(term)));
    }

    it('keeps a key the start of the word it comes from, but for a last e, i, y or ie', () => {
      // The search of mentions (index/mentions.ts) looks for a key's start in a line before it reads the line's words.
      fc.assert(
        fc.property(fc.stringMatching(/^[a-z]{1,16}$/), (word) => {
          const key = wordKey(word).replace(/(?:ie|[iey])$/, '');
          assert.ok(word.startsWith(key), `${word} → ${wordKey(word)}`);
        }),
      );
      for (const word of ['responsibility', 'lying', 'using', 'query', 'authorise', 'engineering', 'hoping']) assert.ok(word.startsWith(wordKey(word).replace(/(?:ie|[iey])$/, '')), word);
    });

    it('keeps unrelated words apart', () => {
      const distinct = ['cache', 'match', 'process', 'status', 'bus', 'analysis', 'service', 'query', 'box', 'context', 'monolith', 'saas', 'node', 'note', 'not', 'code', 'use', 'us', 'data', 'database', 'size', 'case', 'base', 'gas'];
      const keys = distinct.map(wordKey);
      assert.equal(new Set(keys).size, distinct.length, keys.join(','));
    });

    it('lower-cases, applies NFKC and strips Latin diacritics', () => {
      assert.equal(wordKey('Café'), 'cafe');
      assert.equal(wordKey('cafe\u0301'), 'cafe');
      assert.equal(wordKey('ＳＯＡ'), 'soa');
      assert.equal(wordKey('ﬁle'), 'file');
      assert.equal(wordKey('Ångström'), 'angstrom');
    });

    it('does not strip the marks that change a Japanese letter', () => {
      assert.notEqual(wordKey('が'), wordKey('か'));
      assert.equal(wordKey('参'), '参');
    });

    it('drops possessives, with straight or curly apostrophes', () => {
      assert.equal(wordKey("SPoF's"), 'spof');
      assert.equal(wordKey('SPoF’s'), 'spof');
      assert.equal(wordKey("users'"), wordKey('user'));
      assert.equal(wordKey('doesn’t'), wordKey("doesn't"));
    });

    it('does not depend on the case of an ASCII word, but for a short one set in capitals that ends in S', () => {
      fc.assert(
        fc.property(fc.stringMatching(/^[a-zA-Z]{1,12}$/), (word) => {
          const capitalised = word[0].toUpperCase() + word.slice(1).toLowerCase();
          assert.equal(wordKey(capitalised), wordKey(word.toLowerCase()));
          if (word.length > 5 || !/s$/i.test(word)) assert.equal(wordKey(word.toUpperCase()), wordKey(word.toLowerCase()));
        }),
      );
    });

    it('takes no final S of an acronym set in capitals for a plural, nor of a three-letter word in lower case', () => {
      // Folded, NATS met NAT (network address translation), GCS met GC, CLS met CL.
      for (const [acronym, other] of [['NATS', 'NAT'], ['GCS', 'GC'], ['CLS', 'CL'], ['HTTPS', 'HTTP'], ['DBMS', 'DBM'], ['TLS', 'TL']]) {
        assert.notEqual(wordKey(acronym), wordKey(other), acronym);
      }
      // An acronym typed in lower case still meets its name.
      for (const acronym of ['DNS', 'TLS', 'AWS', 'GCS']) assert.equal(wordKey(acronym.toLowerCase()), wordKey(acronym), acronym);
      assert.equal(wordKey("NATS's"), wordKey('NATS'));
      // A word in capitals whose letters spell an ordinary word is that word, shouted.
      for (const [shouted, singular] of [['LOGS', 'log'], ['TESTS', 'test'], ['KEYS', 'key']]) assert.equal(wordKey(shouted), wordKey(singular), shouted);
    });
  });

  describe('phraseKey', () => {
    it('joins word keys with single spaces', () => {
      assert.equal(phraseKey('Fan-Out'), 'fan out');
      assert.equal(phraseKey('  fan_out '), 'fan out');
      assert.equal(phraseKey('circuit breakers'), phraseKey('Circuit Breaker'));
      assert.equal(phraseKey('bounded contexts'), phraseKey('bounded context'));
      assert.equal(spellingKey('bounded contexts'), 'bounded context');
      assert.equal(phraseKey('参考'), '参 考');
      assert.equal(phraseKey('— !'), '');
    });
  });

  describe('isAcronym', () => {
    it('accepts acronyms as the notes write them', () => {
      for (const phrase of ['SOA', 'DOA', 'SPoF', 'CQRS', 'SSoT', 'SaaS', 'eBPF', 'MVC', 'APIs']) assert.ok(isAcronym(phrase), phrase);
    });

    it('rejects names, lower-case words and phrases', () => {
      for (const phrase of ['Kafka', 'Django', 'JAMstack', 'DevOps', 'GraphQL', 'soa', 'A', 'I', 'single point', 'SOA (service oriented)', "SPoF's", '']) {
        assert.ok(!isAcronym(phrase), phrase);
      }
    });
  });

  describe('initials', () => {
    it('takes the first letter of each word', () => {
      assert.equal(initials('single point of failure'), 'spof');
      assert.equal(initials('single source of truth'), 'ssot');
      assert.equal(initials('service oriented'), 'so');
      assert.equal(initials('Fan-Out'), 'fo');
      assert.equal(initials(''), '');
    });
  });

  describe('boundedEditDistance', () => {
    it('counts the author’s misspellings as one edit', () => {
      assert.equal(boundedEditDistance('communication', 'communcation', 2), 1);
      assert.equal(boundedEditDistance('tenant', 'tentant', 2), 1);
      assert.equal(boundedEditDistance('the', 'teh', 2), 1);
      assert.equal(boundedEditDistance('same', 'same', 0), 0);
    });

    it('returns max + 1 once the bound is passed', () => {
      assert.equal(boundedEditDistance('kitten', 'sitting', 3), 3);
      assert.equal(boundedEditDistance('kitten', 'sitting', 2), 3);
      assert.equal(boundedEditDistance('a', 'abcdef', 2), 3);
      assert.equal(boundedEditDistance('', 'ab', 5), 2);
    });

    it('counts code points, not UTF-16 units', () => {
      assert.equal(boundedEditDistance('a😀b', 'a😁b', 1), 1);
    });

    it('agrees with the unbounded distance, capped at max + 1', () => {
      const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 9 });
      fc.assert(
        fc.property(word, word, fc.integer({ min: 0, max: 5 }), (a, b, max) => {
          assert.equal(boundedEditDistance(a, b, max), Math.min(referenceDistance(a, b), max + 1));
        }),
        { numRuns: 500 },
      );
    });
  });
});

/** Textbook optimal string alignment distance, full matrix, no bound: the oracle. */
function referenceDistance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    d.push([]);
    for (let j = 0; j <= b.length; j++) {
      if (i === 0 || j === 0) {
        d[i][j] = i + j;
        continue;
      }
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
