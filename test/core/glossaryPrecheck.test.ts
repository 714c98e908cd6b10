// The glossary reader skips its markdown-it pass when a scan of the text shows that no glossary
// convention can be there (mayHoldGlossaryEntries). The skip must never lose an entry: on
// generated Markdown built from the conventions, their near misses and the containers they may
// stand in, and on every note of the bench's generated vault, reading with the scan gives what
// the full read gives.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { mayHoldGlossaryEntries, parseGlossaryEntries, readGlossaryEntries } from '../../server/src/core/formats/glossary';
import { generateVaultNote } from '../../scripts/bench/vault';

const URI = 'file:///notes/page.md';

/** Lines that make, nearly make, or surround glossary entries. */
const LINES = [
  '', 'Plain prose about a saga and its steps.', 'See [[Saga|the saga]] and [[Outbox]].', '---', '...', '===', '```', '~~~', '    indented code',
  '# Glossary', '## Key terms', '## *Glossary*', '## Gloss_ary_', '### `Terms`', '# 📖 Glossary:', 'Glossary', 'GLOSSARY', 'Terms and definitions', '## A', '### Saga', '## Outbox pattern', '# Other',
  'Saga', 'Outbox pattern', ': a long story of local steps', ':   a definition', '~ a definition by tilde', '> : a quoted definition', '  : a definition in a list', '\t: tabbed', '1. Term', '- Term', '* Saga', '> Saga', ':no space',
  '**Saga**: a long story', '__Outbox__ — a table of messages', '- **Idempotency:** doing twice is doing once', '> **Note:** not a term', '**Pros:**', 'Some **bold** words', 'a_b_c snake_case',
  '| Term | Definition |', '|---|---|', '| Saga | a long story |', 'Term | Definition', '--|--', '> | Word | Meaning |', '> |:-|-:|', '| Name |', '|---|', '- | Term | Definition |', '  |---|---|',
  '**Definition**: a field', '**Synonyms**: a, b', '<div>', '</div>',
];

const note = fc
  .tuple(fc.array(fc.constantFrom(...LINES), { maxLength: 14 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean())
  .map(([lines, eol, frontmatter]) => (frontmatter ? ['---', 'title: Page', '---', ...lines] : lines).join(eol));

describe('glossary reader: the scan that skips notes without glossary conventions', () => {
  it('reads every generated note as the full read does', () => {
    fc.assert(
      fc.property(note, (text) => {
        assert.deepEqual(readGlossaryEntries(URI, text), parseGlossaryEntries(URI, text));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds entries in the generated notes (the property above is not vacuous)', () => {
    const samples = fc.sample(note, { numRuns: 2000, seed: 16 });
    const withEntries = samples.filter((text) => parseGlossaryEntries(URI, text).length > 0);
    const skipped = samples.filter((text) => !mayHoldGlossaryEntries(text));
    assert.ok(withEntries.length > 200, `${withEntries.length} notes with entries`);
    assert.ok(skipped.length > 50, `${skipped.length} notes skipped`);
  });

  it('reads every note of the generated vault as the full read does', () => {
    let skipped = 0;
    let withEntries = 0;
    for (let i = 0; i < 400; i++) {
      const { file, text } = generateVaultNote(i, 400);
      const full = parseGlossaryEntries(`file:///vault/${file}`, text);
      assert.deepEqual(readGlossaryEntries(`file:///vault/${file}`, text), full, file);
      if (!mayHoldGlossaryEntries(text)) skipped++;
      if (full.length > 0) withEntries++;
    }
    assert.ok(skipped > 200 && withEntries > 0, `${skipped} skipped, ${withEntries} with entries`);
  });

  it('keeps every convention, even one written with emphasis inside a heading name', () => {
    const pages = [
      '**Saga**: a long story',
      'Saga\n: a long story',
      '> Saga\n> ~ a long story',
      '| Term | Definition |\n|---|---|\n| Saga | a long story |',
      '## Gloss*ary*\n\n### Saga\n\nA long story.',
      'Key terms\n=========\n\nSaga\n----\n\nA long story.',
    ];
    for (const page of pages) {
      assert.ok(mayHoldGlossaryEntries(page), page);
      assert.deepEqual(readGlossaryEntries(URI, page).map((d) => d.term), ['Saga'], page);
    }
  });

  it('skips a note of prose, wikilinks with a shown text, and a thematic break', () => {
    const text = '---\ntitle: Saga\naliases: [long story]\n---\n# Saga\n\nA long story of [[Step|steps]], each one local.\n\n---\n\n- [[Outbox]]\n';
    assert.equal(mayHoldGlossaryEntries(text), false);
    assert.deepEqual(readGlossaryEntries(URI, text), []);
  });
});
