// markdown-it's block quotes, bounded (formats/dialect/blocks.ts boundBlockquoteScans): the same
// blocks as markdown-it makes, for any mix of quoted, lazy, fenced and blank lines, and in time
// linear in the note, where a quoted fence before each unquoted line was quadratic.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import type { MarkdownIt as MarkdownParser } from 'markdown-it';
import deflist from 'markdown-it-deflist';
import { boundBlockquoteScans } from '../../server/src/core/formats/dialect/blocks';
import { parseNote } from '../../server/src/core/formats/dialect/parser';
import { readGlossaryEntries } from '../../server/src/core/formats/glossary';

const LINES = ['> a', 'b', '- > a', '  b', '> ```', '```', '', '> > c', '   > d', '    > e', '- f', '> - g', '~~~', '> ~~~', '> # h', '# i', '> ', '>', '  text', '1. j', '> 1. k', ': l', '***', '<div>', '> <div>'];

/** Each block token's type, nesting and lines: what the readers take from markdown-it. */
function blocks(parser: MarkdownParser, text: string): string[] {
  return parser.parse(text, {}).map((token) => `${token.type} ${token.map?.join('-') ?? ''} ${token.type === 'inline' || token.type === 'fence' ? token.content : ''}`);
}

describe('block quotes, bounded', () => {
  it('make the blocks markdown-it makes, whatever the lines', () => {
    for (const make of [() => new MarkdownIt('commonmark'), () => new MarkdownIt('default', { html: false }).use(deflist)]) {
      const plain = make();
      const bounded = make();
      boundBlockquoteScans(bounded);
      fc.assert(fc.property(fc.array(fc.constantFrom(...LINES), { maxLength: 40 }), (lines) => {
        const text = lines.join('\n') + '\n';
        assert.deepEqual(blocks(bounded, text), blocks(plain, text), JSON.stringify(text));
      }), { numRuns: 3000 });
    }
  });

  it('keep a note of quoted fences before unquoted lines readable: the term after them is read', function () {
    // 16,000 such pairs (128 KB) took 23 s; the suite's timeout is the guard.
    this.timeout(20_000);
    // And quotes in list items before lazy lines, which a first bound made quadratic too.
    for (const hostile of ['> ```\nx\n'.repeat(16_000), '- > a\nb\n'.repeat(32_000)]) {
      const note = parseNote('file:///notes/quotes.md', `# AREA\n## t\n${hostile}\n* _after quotes_: still read\n`);
      assert.ok(note.definitions.some((d) => d.term === 'after quotes'));
      const glossary = readGlossaryEntries('file:///notes/g.md', `# Glossary\n\n${hostile}\n**Saga**: steps\n`);
      assert.deepEqual(glossary.map((d) => d.term), ['Saga']);
    }
  });
});
