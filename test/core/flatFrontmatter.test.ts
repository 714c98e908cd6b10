// Flat frontmatter (formats/vault/flatFrontmatter.ts) is read without `yaml`'s document model,
// and must give exactly what `yaml` gives: the same data, the same ranges, the same problems.
// Generated headers mix what the fast path takes with everything it must leave to `yaml`;
// each is read both ways and compared.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFrontmatter } from '../../server/src/core/formats/vault/frontmatter';
import { readFlatFrontmatter } from '../../server/src/core/formats/vault/flatFrontmatter';
import { blankLines } from '../../server/src/core/formats/vault/conceptNote';
import { generateVaultNote } from '../../scripts/bench/vault';

const linesOf = (text: string) => text.split('\n').map((line) => line.replace(/\r$/, ''));
const header = (body: string) => linesOf(`---\n${body}\n---\n# Body\n`);

function assertSameAsYaml(lines: string[]): void {
  assert.deepStrictEqual(readFrontmatter(lines), readFrontmatter(lines, { yamlOnly: true }), lines.join('\n'));
}

const KEYS = ['title', 'Title', 'aliases', 'alias', 'tags', 'date', 'id', 'description', 'x-y', 'a_b', 'constructor', 'TITLE', '1st', 'key with space'];
const WORDS = ['Saga', 'saga pattern', 'C#', 'a #comment', 'a: b', 'a:b', 'end:', "it's", 'say "hi"', '[x]', 'a [b] c', '{a}', 'a, b', 'x,y', '2024-01-05', '12:30', '007', '1638793600000', '1e3', '0x1F', '0o17', '.5', '-1', '+1',
  'yes', 'no', 'true', 'False', 'NULL', 'null', '~', '&anchor', '*alias', '!!str x', '| text', '> text', '@at', '`tick`', '%pct', '?q', '- dash', 'tab\there', 'back\\slash', 'émoji 📖', 'trailing  ', ' leading', ''];

// `__proto__` is left out of the keys: `yaml`'s reading of it differs from run to run in identity alone (a fresh prototype).
const SAFE = ['Saga', 'saga pattern', 'Outbox', 'CQRS', '2024-01-05', '1638793600000', 'a-b/c', 'émoji 📖', 'x.y', "it's", 'say "hi"'];
const scalar = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...SAFE) },
  fc.constantFrom(...SAFE).map((w) => `"${w}"`),
  fc.constantFrom(...WORDS),
  fc.constantFrom(...WORDS).map((w) => `"${w}"`),
  fc.constantFrom(...WORDS).map((w) => `'${w}'`),
  fc.string({ unit: fc.constantFrom('a', 'B', '1', ' ', ':', '#', "'", '"', ',', '[', ']', '-', '\\', '.', 'é', '{', '*') , maxLength: 8 }),
);
const flowList = fc.array(fc.oneof(scalar, fc.constant(' ')), { maxLength: 4 }).chain((items) => fc.constantFrom(', ', ',', ' ,').map((sep) => `[${items.join(sep)}]`));
const blockList = fc.tuple(fc.array(scalar, { minLength: 1, maxLength: 3 }), fc.constantFrom('', '  ', '    ')).map(([items, indent]) => `\n${items.map((item) => `${indent}- ${item}`).join('\n')}`);
const entry = fc.tuple(fc.constantFrom(...KEYS), fc.oneof(scalar, scalar, flowList, blockList, fc.constant(''), fc.constant(' ')), fc.constantFrom(': ', ': ', ': ', ':', ' : ')).map(([key, value, colon]) => `${key}${colon}${value}`);
const extra = fc.constantFrom('', '# a comment', '  continued', '- stray', '\t', 'a: {x: 1}', 'a: |\n  block', 'anchor: &a x\nref: *a', 'nested:\n  key: v', '? complex');
const flatHeader = fc.array(fc.oneof({ weight: 12, arbitrary: entry }, { weight: 1, arbitrary: extra }), { maxLength: 6 }).map((entries) => entries.join('\n'));

// Headers of only what the fast path means to take: keys, strings, integers, both kinds of list.
const safeScalar = fc.oneof(fc.constantFrom(...SAFE), fc.constantFrom(...SAFE).map((w) => `"${w}"`), fc.constantFrom(...SAFE).map((w) => `'${w.replace(/'/g, '')}'`), fc.nat().map(String));
const safeEntry = fc.tuple(
  fc.constantFrom(...KEYS.filter((key) => /^[A-Za-z][\w-]*$/.test(key))),
  fc.oneof(safeScalar, fc.array(safeScalar, { maxLength: 4 }).map((items) => `[${items.join(', ')}]`), fc.array(safeScalar, { minLength: 1, maxLength: 3 }).map((items) => `\n${items.map((item) => `  - ${item}`).join('\n')}`), fc.constant('')),
).map(([key, value]) => `${key}:${value.startsWith('\n') || value === '' ? '' : ' '}${value}`);
// Each key once: a key given twice is left to yaml, which reports it (see frontmatter.ts).
const onceEach = (entries: string[]) => entries.filter((entry, at) => entry === '' || !entries.slice(0, at).some((before) => before !== '' && before.split(':')[0].toLowerCase() === entry.split(':')[0].toLowerCase()));
const safeHeader = fc.array(fc.oneof({ weight: 8, arbitrary: safeEntry }, { weight: 1, arbitrary: fc.constant('') }), { minLength: 1, maxLength: 8 }).map((entries) => onceEach(entries).join('\n'));

describe('flat frontmatter: the same answers as yaml', () => {
  it('reads generated flat headers by the fast path, exactly as yaml does', () => {
    let flat = 0;
    fc.assert(
      fc.property(safeHeader, (body) => {
        if (readFlatFrontmatter(body)) flat++;
        assertSameAsYaml(header(body));
      }),
      { numRuns: 3000 },
    );
    assert.ok(flat > 2000, `${flat} of 3000 read by the fast path`);
  });

  it('reads generated headers exactly as yaml does', () => {
    fc.assert(fc.property(flatHeader, (body) => assertSameAsYaml(header(body))), { numRuns: 4000 });
  });

  it('takes the fast path on many generated headers (the comparison above is not vacuous)', () => {
    const bodies = fc.sample(flatHeader, { numRuns: 2000, seed: 16 });
    const flat = bodies.filter((body) => readFlatFrontmatter(body) !== undefined && body.trim() !== '');
    assert.ok(flat.length > 100, `${flat.length} of 2000 read by the fast path`);
  });

  it('reads tricky headers exactly as yaml does', () => {
    const bodies = [
      'title: a: b', 'title: C#', 'title: a #c', "title: 'it''s'", 'title: "a\\"b"', 'title:', 'title: ', 'title: Saga\ntitle: Other', 'Title: A\ntitle: B',
      'tags: [a, [b]]', 'tags: [a,]', 'tags: ["a, b"]', 'tags: []', 'tags: [ ]', 'aliases:\n  - a\n   - b', 'aliases:\n- a\n  b', 'aliases:\n  - a\n  - b', 'aliases:\n- a\n- b\ntitle: x',
      'title: 1e3', 'title: 0x1F', 'title: 007', 'title: 12:30', 'title: yes', 'title: Null', 'title: ~', 'title: .5', 'date: 2024-01-05', 'updated: 1638793600000', 'n: 99999999999999999999',
      'title: a\n  continued', 'title: &a x', 'title: *a', 'title: !!str x', 'title: |\n  x', 'title: >\n  x', 'title: {a: b}', '__proto__: x', 'constructor: x', 'title: x\n\naliases: [y]',
      'aliases:\n\n  - a', 'title: "a # b"', "title: 'a: b'", 'title: a [b] c', 'title: émoji 📖', '', '   ', 'just text', '- a\n- b', 'title: x\n# comment',
    ];
    for (const body of bodies) assertSameAsYaml(header(body));
  });

  it('reads every header of the generated vault as yaml does, nearly all by the fast path', () => {
    let headers = 0;
    let flat = 0;
    for (let i = 0; i < 400; i++) {
      const lines = linesOf(generateVaultNote(i, 400).text);
      const frontmatter = readFrontmatter(lines, { yamlOnly: true });
      if (!frontmatter) continue;
      headers++;
      if (readFlatFrontmatter(lines.slice(1, frontmatter.endLine).join('\n'))) flat++;
      assertSameAsYaml(lines);
    }
    assert.ok(headers > 200 && flat > headers * 0.9, `${flat} of ${headers} headers by the fast path`);
  });
});

describe('vault note body: the header lines blanked', () => {
  it('empties the first lines as splitting the whole text did, whatever the line ends', () => {
    const wholeTextForm = (text: string, count: number) => text.split('\n').map((line, i) => (i < count ? (line.endsWith('\r') ? '\r' : '') : line)).join('\n');
    const text = fc.array(fc.constantFrom('---', 'title: x', '', 'body', '\r', 'a\r', '\rb'), { maxLength: 8 }).chain((lines) => fc.constantFrom('\n', '\r\n').map((eol) => lines.join(eol)));
    fc.assert(fc.property(text, fc.nat(10), (note, count) => assert.equal(blankLines(note, count), wholeTextForm(note, count))), { numRuns: 2000 });
  });
});

describe('frontmatter: a hostile key', () => {
  it('does not read a `__proto__` key, and no other key comes from it', () => {
    for (const body of ['__proto__:\n  title: Forged\n  aliases: [x]', '__Proto__: {title: Forged}', '"__proto__": {title: Forged}']) {
      const { data } = readFrontmatter(header(body))!;
      assert.equal(Object.getPrototypeOf(data), Object.prototype, body);
      assert.equal(data.title, undefined, body);
      assert.equal(data.aliases, undefined, body);
      assert.ok(!Object.prototype.hasOwnProperty.call(data, '__proto__'), body);
    }
  });
});
