// Named worst cases: inputs built to make a Markdown tool freeze. Each goes through the
// whole core (pipeline.ts) and must finish within the hang guard for its size; the cases
// after the named ones each aim at one pattern of the parser that backtracking could make
// quadratic, and fail if it is.

import * as assert from 'node:assert/strict';
import { NotesIndex } from '../../server/src/core/index/notesIndex';
import { referencesFor, termAt, termsInDocument } from '../../server/src/core/query/lookup';
import { termMarkdown } from '../../server/src/core/query/present';
import { noteTree } from '../../server/src/core/query/outline';
import { parseNote } from '../../server/src/core/formats/dialect/parser';
import { readNote } from '../../server/src/core/formats/readNote';
import { repairEncoding } from '../../server/src/core/notes/encodingRepair';
import { NotesSearch } from '../../server/src/core/query/search';
import { withinBound } from './bounds';
import { exercise, seedIndex } from './pipeline';

const FIVE_MB = 5 * 1024 * 1024;

/** `unit` repeated until the text is about `size` characters long. */
function fill(unit: string, size: number): string {
  return unit.repeat(Math.max(1, Math.floor(size / unit.length)));
}

describe('hardening: named worst cases', () => {
  it('100,000 nested quotes on one line', () => {
    const note = exercise('>'.repeat(100_000) + ' deep thought');
    assert.equal(note.lineCount, 1);
  });

  it('100,000 nested quotes written with spaces (`> > > …`)', () => {
    exercise('> '.repeat(100_000) + 'deep thought\n');
  });

  it('quotes nesting one level deeper on each of 1,500 lines (over a million characters)', () => {
    exercise(Array.from({ length: 1500 }, (_, i) => '>'.repeat(i + 1) + ' q').join('\n'));
  });

  it('a 5 MB single line of prose', () => {
    const note = exercise(fill('the cache sits in front of a monolith ', FIVE_MB), { checkRanges: false });
    assert.equal(note.lineCount, 1);
  });

  it('a 5 MB single line dense with the dialect (definitions, links, citations, cross-references)', () => {
    const unit = '_cache_: a store https://example.com/a [b](https://example.com/b) 📙 Kleppmann [112] `sql.md` migrations [Fowler 3] [6] aka store ';
    exercise(fill(unit, FIVE_MB), { checkRanges: false });
  });

  it('a 5 MB line with no space at all', () => {
    exercise('a'.repeat(FIVE_MB), { checkRanges: false });
  });

  it('100,000 Markdown links on one line', () => {
    const note = exercise(fill('[a](https://example.com/a) ', 100_000 * 27), { checkRanges: false });
    assert.equal(note.links.length, 100_000);
  });

  it('100,000 bare URLs on one line', () => {
    const note = exercise(fill('https://example.com/a ', 100_000 * 22), { checkRanges: false });
    assert.equal(note.links.length, 100_000);
  });

  it('URLs with brackets, paired and unpaired, and a "see" before each', () => {
    const note = exercise('* _cache_: ' + fill('see https://a.example/x_(y) ', 20_000 * 28), { checkRanges: false });
    assert.equal(note.links.length, 20_000);
    assert.equal(note.links[0].url, 'https://a.example/x_(y)');
    exercise('* _cache_: https://a.example/' + fill('(b', 300_000), { checkRanges: false });
    exercise('* _cache_: https://a.example/' + fill('(', 300_000), { checkRanges: false });
    exercise('* _cache_: (see ' + fill('https://a.example/(b ', 300_000), { checkRanges: false });
    // Long runs of spaces or separators before a URL, led in or not: looked at from its end once.
    exercise('* _cache_: a' + ' '.repeat(300_000) + 'https://a.example/x', { checkRanges: false });
    exercise('* _cache_: a.' + ' \t'.repeat(150_000) + 'see https://a.example/x', { checkRanges: false });
    exercise('* _cache_: x' + ','.repeat(300_000) + 'y, see https://a.example/x', { checkRanges: false });
  });

  it('a definition line of 40,000 code spans between links, and of unpaired backtick runs', () => {
    const note = exercise('* _cache_: ' + fill('``a` [x](https://a.b) ', 20_000 * 22), { checkRanges: false });
    assert.ok(note.links.length > 0);
    exercise('* _cache_: ```' + fill(' ``', 40_000 * 3), { checkRanges: false });
  });

  it('60,000 links on one list item that defines a term', () => {
    exercise('* _cache_: ' + fill('[a](https://example.com/a) https://example.org/b ', 30_000 * 49), { checkRanges: false });
  });

  for (const [name, unit] of [
    ['*', '*'], ['_', '_'], ['**_', '**_'], ['*a', '*a'], ['_a_', '_a_ '], ['~~', '~~'], ['`', '`'], ['<', '<'], ['&', '&#'],
  ] as const) {
    it(`emphasis bomb: 300 KB of ${JSON.stringify(name)}`, () => {
      exercise(fill(unit, 300_000), { checkRanges: false });
    });
  }

  for (const [name, unit] of [
    ['[', '['], [']', ']'], ['[](', '[]('], ['[a](', '[a]('], ['![', '!['], ['](', ']('], ['[A ', '[A '], ['[1', '[1'],
    ['(', '('], ['[[', '[['], ['<http', '<http'],
  ] as const) {
    it(`bracket bomb: 300 KB of ${JSON.stringify(name)}`, () => {
      exercise(fill(unit, 300_000), { checkRanges: false });
    });
  }

  it('300,000 citations on one line', () => {
    const note = exercise('KLEPPMANN\n' + '[Fowler 3] [6] [7] '.repeat(100_000), { checkRanges: false });
    assert.equal(note.citations.length, 300_000);
  });

  it('a topic with 150,000 links on one line (its outline and hover)', () => {
    const note = exercise('# AREA\n## topic\n' + 'https://example.com/a '.repeat(150_000), { checkRanges: false });
    assert.equal(note.definitions[0].links.length, 150_000);
  });

  it('150,000 topics of the same name in one note (its hover)', () => {
    exercise('# AREA\n' + '## cache\n'.repeat(150_000), { checkRanges: false });
  });

  it('50,000 definitions of one term in one note', () => {
    const note = exercise('# AREA\n## topic\n' + '* _cache_: a store in front of the database\n'.repeat(50_000), { checkRanges: false });
    assert.equal(note.definitions.filter((d) => d.term === 'cache').length, 50_000);
    // Every repeat after the first is reported, and hovering the term still answers.
    assert.equal(note.problems.filter((p) => p.kind === 'duplicate-definition').length, 49_999);
  });

  it('the hover of a term with 15,000 definitions and names, a 1 MB definition and a 1 MB URL stays small', () => {
    const lines = ['# AREA', '## topic', `* _cache_: ${'big '.repeat(250_000)}`, `* _cache_: see https://example.com/${'a'.repeat(1_000_000)}`];
    for (let i = 0; i < 15_000; i++) lines.push(`* _cache_: store ${i}`, `  * aka store${i}`);
    const index = seedIndex();
    index.upsert(parseNote('file:///notes/big.md', lines.join('\n')));
    const entry = index.lookupExact('cache')[0];
    assert.ok(entry.definitions.length >= 15_000 && entry.names.length >= 15_000);
    const hover = withinBound('hover', 3_000_000, () => termMarkdown(entry, referencesFor(index, 'cache', entry)));
    assert.ok(hover.length < 64 * 1024, `the hover is ${hover.length} characters`);
    assert.ok(hover.includes(`${(entry.definitions.length - 10).toLocaleString('en-US')} more definitions`), 'says how many definitions it leaves out');
    assert.ok(hover.includes(`${entry.names.length - 11} more names`), 'says how many names it leaves out');
  });

  it('one term defined in 3,000 notes, upserted and edited one at a time', () => {
    const index = new NotesIndex();
    const notes = Array.from({ length: 3000 }, (_, i) => parseNote(`file:///notes/n${i}.md`, `* _cache_: store number ${i}\n`));
    withinBound('3,000 upserts', 3_000_000, () => {
      for (const note of notes) index.upsert(note);
    });
    withinBound('3,000 re-upserts', 3_000_000, () => {
      for (const note of notes) index.upsert(note);
    });
    assert.equal(index.lookupExact('cache')[0].definitions.length, 3000);
  });

  it('40,000 short lines of definitions, links and labels', () => {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) lines.push(`LABEL${i % 7}`, `* _term ${i}_: text https://example.com/${i}`, `[${i % 50}]`, '');
    exercise(lines.join('\n'), { checkRanges: false });
  });
});

describe('hardening: encoding damage', () => {
  it('500 KB of mojibake, damage on every line', () => {
    const note = exercise(fill('* _cafÃ©_: naÃ¯ve â€™quotedâ€™ ðŸ“™ Kleppmann [12]\n', 500_000), { checkRanges: false });
    assert.equal(note.definitions[0].term, 'café');
  });

  it('encoding repair alone on hostile damage: lead bytes without continuation, C1 controls', () => {
    for (const text of [fill('Ã', 1_000_000), fill('\u0080\u0081\u008d', 1_000_000), fill('ÃÂ', 1_000_000), fill('ðŸ', 1_000_000)]) {
      withinBound('repairEncoding', text.length, () => repairEncoding(text));
    }
  });

  // Such a line never counts as wholly damaged, so whatever is learnt about it must be kept
  // rather than worked out again for each of its damaged runs.
  it('a long damaged line that also holds a character outside cp1252', () => {
    for (const text of ['Ã© '.repeat(20_000) + '📍', '* _a_: ' + 'Ã©'.repeat(20_000) + '中']) {
      withinBound('repairEncoding', text.length, () => repairEncoding(text));
    }
  });

  it('a long line of CJK brackets that lost bytes (each closer asks whether its opener is open)', () => {
    const text = 'ã€Œå¼•ç”¨ã€ ï¼ˆæ‹¬å¼§ï¼‰ ã€ '.repeat(4_000);
    const result = withinBound('repairEncoding', text.length, () => repairEncoding(text));
    assert.equal(result.ambiguities.length, 4_000);
  });

  it('a damaged file with classic Mac line ends (CR only) and a pin on its last line', () => {
    const lf = '* _aquÃ_: naÃ¯ve â€™quotedâ€™\n'.repeat(4_000) + '📍 pinned\n';
    const cr = lf.replace(/\n/g, '\r');
    const result = withinBound('repairEncoding', cr.length, () => repairEncoding(cr));
    // Line by line, as with LF: the pin's line does not keep the others from counting as damaged.
    assert.equal(result.text, repairEncoding(lf).text.replace(/\n/g, '\r'));
  });

  // Every run here needs its candidates weighed against its neighbours; the same few contexts
  // repeat, and must not be weighed afresh each time.
  it('400 KB of runs that lost a byte, and of runs with several candidates', () => {
    for (const unit of ['â€', 'â“ ', 'Ã© café… ß » â€ Ã']) {
      const text = fill(unit, 400_000);
      withinBound('repairEncoding', text.length, () => repairEncoding(text));
    }
  });
});

describe('hardening: patterns that backtracking could make quadratic', () => {
  const cases: [string, string][] = [
    ['a heading with a long run of spaces (closing-hash trim)', '# a' + ' '.repeat(200_000) + 'b'],
    ['a term with a long run of spaces (expansion in parentheses)', '* _a' + ' '.repeat(200_000) + 'b_: x'],
    ['a link description of spaced dashes (description trim)', 'x' + ' -'.repeat(100_000) + 'x https://example.com'],
    ['a link description of open brackets', '['.repeat(200_000) + ' https://example.com'],
    ['a link description of book markers', '📙'.repeat(100_000) + ' https://example.com'],
    ['a quote with a long run of spaces (URL removal)', '> a' + ' '.repeat(200_000) + 'b'],
    ['a quote source with a long run of spaces', '> a - Bo' + ' '.repeat(200_000) + 'c'],
    ['a cross-reference followed by runs of spaces', '`a.md`' + ' '.repeat(100_000) + 'x' + ' '.repeat(100_000) + 'y'],
    ['50,000 page-only citations on a line', '[1] '.repeat(50_000)],
    ['bracket citations interleaved with page-only ones', '[Fowler 3] [1] '.repeat(20_000)],
    ['70,000 unclosed bracket citations', '[A '.repeat(70_000)],
    ['a Markdown link title that never closes, repeated', '[a](b "c '.repeat(50_000)],
    ['a Markdown link title of escaped quotes that never closes, repeated', '[a](b "\\" \'\\\' '.repeat(40_000)],
    ['100,000 page-only citations under 50,000 labels', 'KLEPPMANN\n[6] [7]\n'.repeat(50_000)],
    ['a definition whose text is one run of spaces before aka', '* _a_: x' + ' '.repeat(200_000) + 'aka b'],
    ['a label line followed by 200,000 spaces', 'ABC' + ' '.repeat(200_000) + 'x'],
    ['a list marker after 200,000 spaces', ' '.repeat(200_000) + '* _a_: b'],
    ['a reminder marker after a long line', 'x'.repeat(200_000) + '📍 pin'],
    ['an equivalence list of 100,000 commas', '## topic\n* = ' + ', '.repeat(100_000) + 'x'],
    ['lone carriage returns only', 'a\r'.repeat(50_000)],
  ];
  for (const [name, text] of cases) {
    it(name, () => {
      exercise(text, { checkRanges: text.length < 300_000 });
    });
  }
});

describe('hardening: a design doc against a vault', () => {
  // A vault title's word under a heading of the doc asks for the doc's headings (relevance/sections.ts).
  it('a heading with a long run of spaces, above the vault title\'s word', () => {
    const index = new NotesIndex();
    index.upsert(readNote('file:///vault/Testing.md', '# Testing\n\nFast unit tests for logic, a few integration tests.\n'));
    const doc = '## Test' + ' '.repeat(200_000) + 'plan\n\nThe tests cover both paths.\n';
    const found = withinBound('termsInDocument', doc.length, () => termsInDocument(index, doc, true));
    assert.deepEqual(found.map((t) => t.entry.term), ['Testing']);
  });
});

describe('hardening: line ends', () => {
  it('a stray carriage return before a code fence neither hides the headings after it nor shifts positions', () => {
    const text = 'intro\rmore\n```\ncode\n```\n# AREA\n## topic\n* _term_: text\r\n';
    const note = parseNote('file:///notes/cr.md', text);
    assert.deepEqual(note.sections.map((s) => s.name), ['AREA', 'topic']);
    const term = note.definitions.find((d) => d.term === 'term');
    // Editors count the lone CR as a line break: the term stands on the eighth line.
    assert.deepEqual(term?.termRange, { start: { line: 7, character: 3 }, end: { line: 7, character: 7 } });
  });

  it('a note with classic Mac line ends (CR only) reads like the same note with LF', () => {
    const lf = '# AREA\n## topic\n* _term_: text https://example.com\n  * more\n';
    const cr = lf.replace(/\n/g, '\r');
    assert.deepEqual(JSON.parse(JSON.stringify(parseNote('file:///a.md', cr), (k, v) => (k === 'hash' ? undefined : v))),
      JSON.parse(JSON.stringify(parseNote('file:///a.md', lf), (k, v) => (k === 'hash' ? undefined : v))));
  });
});

describe('hardening: lookups on hostile lines', () => {
  it('termAt on a line of 100,000 `a.` (URL-scheme scan)', () => {
    const line = 'a.'.repeat(100_000);
    const index = seedIndex();
    withinBound('termAt', line.length, () => termAt(index, line, line.length / 2));
  });

  it('termAt on a line of 100,000 `](` (link-destination scan)', () => {
    const line = ']('.repeat(100_000);
    const index = seedIndex();
    withinBound('termAt', line.length, () => termAt(index, line, line.length / 2));
  });

  it('termAt on a 5,000-word line when a note names a 5,000-word topic', () => {
    const words = Array.from({ length: 5000 }, (_, i) => `w${i}`).join(' ');
    const sixteen = Array.from({ length: 16 }, (_, i) => `u${i}`).join(' ');
    const index = seedIndex();
    index.upsert(parseNote('file:///notes/long.md', `# AREA\n## ${words}\n## ${sixteen}\n`));
    const line = Array.from({ length: 5000 }, (_, i) => `v${i}`).join(' ') + ` ${sixteen} ` + words;
    withinBound('termAt', line.length, () => {
      for (const offset of [0, Math.floor(line.length / 3), Math.floor(line.length / 2), line.length]) termAt(index, line, offset);
    });
    // A topic of up to sixteen words is still found under the cursor, in the middle of the long line.
    assert.equal(termAt(index, line, line.indexOf(sixteen) + 3)?.entry.term, sixteen);
  });

  it('scanning 200,000 repeats of a word when a note names a topic of 5,000 repeats of it', () => {
    const index = seedIndex();
    // A made-up word: an everyday one ("ha") would be a mention only where its context says so.
    // The short topic holds another name of its own: a bare heading, or one with only the
    // links of items that define nothing, would be judged as an everyday word.
    index.upsert(parseNote('file:///notes/echo.md', `# AREA\n## ${'qx '.repeat(5000)}end\n## qx\n* = echo word\n`));
    const text = 'qx '.repeat(200_000);
    const found = withinBound('termsInDocument', text.length, () => termsInDocument(index, text, true));
    // The short topic is still found, once for every word.
    assert.equal(found.find((t) => t.entry.term === 'qx')?.occurrences.length, 200_000);
  });

  it('search where 50,000 lines with links all mention the query', () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `xyzzy line https://example.com/${i}`).join('\n');
    const index = seedIndex();
    index.upsert(parseNote('file:///notes/many.md', text));
    const results = withinBound('search', text.length, () => new NotesSearch(index).search('xyzzy'));
    assert.ok(results.length > 0);
    withinBound('mentions', text.length, () => index.mentions('xyzzy'));
  });

  it('the outline of a note with 10,000 topics, each with a definition', () => {
    const text = '# AREA\n' + Array.from({ length: 10_000 }, (_, i) => `## topic ${i}\n* _term ${i}_: text https://example.com/${i}\n`).join('');
    const note = parseNote('file:///notes/topics.md', text);
    const tree = withinBound('outline', text.length, () => noteTree(note, 'topics'));
    assert.equal(tree.termCount, 10_000);
  });
});

describe('hardening: glossary pages with runs that backtracking could make quadratic', () => {
  // Each run sits in a definition of every glossary shape, where its links, HTML and emphasis
  // are taken out (formats/glossary/entries.ts); 200,000 characters take seconds per shape
  // to a quadratic pattern and milliseconds to a linear one.
  const runs: [string, string][] = [
    ['open brackets', '['], ['angle brackets', '<'], ['image openers', '!['], ['links left open', '[x]('],
    ['wikilinks left open', '[[a|'], ['autolinks left open', '<http://'], ['bold markers', '**'], ['backticks', '`'],
  ];
  const shapes: [string, (run: string) => string][] = [
    ['a bold lead', (run) => `# Glossary\n\n**Bracket Term**: x ${run}\n`],
    ['a definition list', (run) => `# Terms\n\nBracket Term\n: x ${run}\n`],
    ['a table row', (run) => `# Terms\n\n| Term | Definition |\n|---|---|\n| Bracket Term | x ${run} |\n`],
  ];
  for (const [runName, unit] of runs) {
    it(`200,000 characters of ${runName} in a bold lead, a definition list and a table row`, () => {
      for (const [shapeName, page] of shapes) {
        const text = page(fill(unit, 200_000));
        const note = withinBound(`${shapeName} with ${runName}`, text.length, () => readNote('file:///notes/glossary.md', text));
        assert.ok(note.definitions.some((d) => d.term === 'Bracket Term'), `${shapeName} with ${runName}: the term is read`);
        withinBound(`indexing ${shapeName} with ${runName}`, text.length, () => new NotesIndex().upsert(note));
      }
    });
  }
});
