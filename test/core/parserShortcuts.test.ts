// The parser skips work where it can tell a line cannot match (no URL pattern with the `u` flag
// on text without surrogates, no facet check on a word of the wrong length, no folding of text
// already folded). These cases sit right at the edge of each shortcut: each one reads
// differently if its shortcut is taken where it must not be.

import * as assert from 'node:assert/strict';
import { isFacet, parseNote } from '../../server/src/core/formats/dialect/parser';

const parse = (...lines: string[]) => parseNote('file:///notes/shortcuts.md', ['# AREA', '## topic', ...lines].join('\n'));

describe('parser shortcuts keep their readings', () => {
  it('reads a URL of characters beyond the BMP as the u pattern does', () => {
    // Under `u` the emoji is one character: `http://😀.` cannot end before the dot and keep a
    // character for the pattern's first branch, so the second branch takes the dot too. Read
    // as two UTF-16 units, the first branch would end after the emoji instead.
    const note = parse('* see http://😀. now and http://a😀. too');
    assert.deepEqual(note.links.map((link) => link.url), ['http://😀.', 'http://a😀']);
    assert.deepEqual(note.links[0].range.end, { line: 2, character: '* see http://😀.'.length });
  });

  it('folds every kind of white space around a link cut out of a definition', () => {
    const note = parse('* _term_: one\u00a0 two\tthree https://x.y  four');
    const term = note.definitions.find((definition) => definition.term === 'term');
    assert.equal(term?.text, 'one two three four');
    assert.equal(note.links[0].description, 'one two three');
    assert.deepEqual(note.lines.map((line) => line.text), ['_term_: one two three four']);
  });

  it("takes a colon followed by a URL's // for no loose definition, and one followed by a space for one", () => {
    const note = parse('* http://a.b/c: not a term', '* loose term: its text');
    assert.deepEqual(note.definitions.filter((d) => d.loose).map((d) => [d.term, d.text]), [['loose term', 'its text']]);
  });

  it('measures a facet slip in code points, not in UTF-16 units', () => {
    // `alternative𐐨` is 13 UTF-16 units against the 11 of the facet key `alternative`, but a
    // single inserted character.
    assert.equal(isFacet('alternative𐐨'), true);
    assert.equal(isFacet('altern𐐨tives'), true);
    assert.equal(isFacet('alternatives𐐨'), false);
    assert.equal(isFacet('tradeoffs𐐨𐐨'), false);
    assert.equal(isFacet('communcation'), true);
  });
});
