// "Never throws, never hangs" as properties: generated notes in the dialect, arbitrary
// Unicode (lone surrogates, NUL, BOM, CR, CRLF and mixed line ends, bidi and zero-width
// characters) and random bytes go through every stage of the core. The short runs keep
// every commit quick; HARDENING_LONG=1 runs forty times as many.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { NotesIndex } from '../../server/src/core/index/notesIndex';
import { termAt, termsInDocument } from '../../server/src/core/query/lookup';
import { TermMatcher } from '../../server/src/core/index/matcher';
import { decodeNoteBytes } from '../../server/src/core/notes/noteFiles';
import { noteTree } from '../../server/src/core/query/outline';
import { parseNote } from '../../server/src/core/formats/dialect/parser';
import { escapeMarkdown, inlineMarkdown, markdownLink, termMarkdown } from '../../server/src/core/query/present';
import { openableHref } from '../../server/src/core/query/urlPolicy';
import { repairEncoding } from '../../server/src/core/notes/encodingRepair';
import { NotesSearch } from '../../server/src/core/query/search';
import { LineIndex } from '../../server/src/core/text/lines';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { referencesFor } from '../../server/src/core/query/lookup';
import { LONG_RUN, runs, withinBound } from './bounds';
import { decodeSnapshot, encodeSnapshot } from '../../server/src/core/workspace/snapshot';
import { admittedMatcher, isAdmittedName } from '../../server/src/core/relevance/relevance';
import { assertRangesInside, seedIndex } from './pipeline';
import { assertSafeMarkdown, renderedTargets } from './safety';
import { ownBytes } from '../../server/src/core/index/byteArena';

// Characters that break naive text handling, as single units of generated strings.
const NASTY = [
  '\u0000', '\uFEFF', '\r', '\n', '\r\n', '\n\r', '\t', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\u200B', '\u200D', '\u2060',
  '\u202E', '\u202D', '\u2066', '\u2069', '\u061C', '\u00A0', '\u2028', '\u2029', '\uFFFD', '\uFFFF', '\u0085', '\u001B',
  'Ã©', 'â€™', '\u0301', '🗄️', '📚', '📙', '📍', '❓', '⛩️', '👍🏽', '参考', '\\', '`', '*', '_', '[', ']', '(', ')', '<', '>', '#',
];

const anyUnit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) },
  { weight: 2, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((code) => String.fromCodePoint(code)) },
  { weight: 4, arbitrary: fc.constantFrom(' ', 'a', 'Z', '1', ':', '-', '.', '/', 'http://', 'https://x.io/', 'command:', 'aka ', '.md') },
);
/** Any UTF-16 string, lone surrogates included, biased towards characters that matter. */
const anyText = fc.string({ unit: anyUnit, maxLength: 400 });

const word = fc.oneof(
  fc.constantFrom('cache', 'monolith', 'SOA', 'fan-out', 'circuit breaker', 'CQRS', 'C++', 'naïve', 'レイヤー', 'événement', 'a', 'I/O'),
  fc.string({ unit: anyUnit, minLength: 1, maxLength: 12 }),
);
const words = fc.array(word, { minLength: 1, maxLength: 4 }).map((list) => list.join(' '));
const url = fc.oneof(
  fc.constantFrom('https://example.com/a', 'http://x.io/(b)', 'file:///notes/a.md', 'command:workbench.action.quit', 'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>', 'vscode://x', ' https://spaced.io', 'https://a.io/"onmouseover="x'),
  fc.string({ unit: anyUnit, maxLength: 30 }).map((rest) => 'https://' + rest),
);

/** One line of the notes dialect, sometimes mangled. */
const dialectLine = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 4 }), words).map(([level, name]) => '#'.repeat(level) + ' ' + name),
  fc.tuple(words, words).map(([term, text]) => `* _${term}_: ${text}`),
  fc.tuple(words, words, url).map(([term, text, link]) => `* _${term}_: ${text} ${link}`),
  fc.tuple(words, words, url).map(([term, text, link]) => `- ${term}: ${text} [${text}](${link})`),
  fc.tuple(words, words).map(([term, expansion]) => `* _${term} (${expansion})_: ${expansion}`),
  fc.tuple(words).map(([text]) => `  * ${text}`),
  fc.tuple(words).map(([name]) => `  * aka ${name}`),
  fc.tuple(words).map(([name]) => `* = ${name}`),
  fc.tuple(words, words).map(([text, source]) => `> ${text} - ${source}`),
  fc.tuple(words).map(([text]) => `> ❓ ${text}?`),
  fc.constantFrom('KLEPPMANN', 'PATTERNS https://example.com', '---', '```', '~~~', '🗄️', '📚', '🧠', '', '    indented code', '<div onclick="x">', '<!--', '-->'),
  fc.tuple(words, fc.integer({ min: 1, max: 999 })).map(([book, page]) => `* ${book} 📙 Kleppmann [${page}] [${page}] [Fowler ${page}]`),
  fc.tuple(words).map(([section]) => `* \`other.md\` ${section}`),
  fc.tuple(words, url).map(([text, link]) => `${text} 📍 ${link} 📝 📻`),
  anyText,
);
const lineEnd = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r');
/** A generated note: dialect lines joined by mixed line ends. */
const dialectNote = fc.array(fc.tuple(dialectLine, lineEnd), { maxLength: 40 }).map((lines) => lines.map(([line, end]) => line + end).join(''));
const anyNote = fc.oneof(dialectNote, anyText);

/**
 * The index snapshot with every list of keyed rows sorted by plain code-unit order. The
 * snapshot sorts with localeCompare, which calls distinct strings equal when they collate
 * alike ('1' and '᧚'), so its order can depend on the order of edits.
 */
function canonical(snapshot: unknown): unknown {
  const byKey = (a: unknown, b: unknown) => {
    const key = (row: unknown) => JSON.stringify(Array.isArray(row) ? row[0] : (row as { key?: string }).key ?? row);
    return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  };
  const plain = JSON.parse(JSON.stringify(snapshot)) as Record<string, unknown[]>;
  for (const list of Object.values(plain)) if (Array.isArray(list)) list.sort(byKey);
  return plain;
}

function fullPass(text: string): void {
  withinBound('the whole core on a generated note', text.length, () => {
    const note = parseNote('file:///notes/generated.md', text);
    assertRangesInside(note, text);
    JSON.stringify(note);
    const index = seedIndex();
    index.upsert(note);
    for (const { occurrences } of termsInDocument(index, text, true)) {
      for (const match of occurrences) assert.equal(text.slice(match.start, match.end), match.text);
    }
    termsInDocument(index, text, false);
    for (let offset = 0; offset <= text.length; offset += Math.max(1, Math.floor(text.length / 25))) {
      const found = termAt(index, text, offset);
      if (found) {
        assert.ok(found.start <= offset && offset <= found.end, `term at ${offset} spans ${found.start}..${found.end}`);
        assert.equal(text.slice(found.start, found.end), found.text);
      }
    }
    noteTree(note, 'generated');
    for (const entry of index.terms()) {
      if (!entry.definitions.some((d) => d.uri === note.uri)) continue;
      assertSafeMarkdown(termMarkdown(entry, referencesFor(index, entry.term, entry)), `hover for ${JSON.stringify(entry.term)}`);
    }
    new NotesSearch(index).search(text.slice(0, 20));
  });
}

/** Milliseconds that `work` takes, the faster of two runs (the first may pay for warm-up). */
function timed(work: () => unknown): number {
  let best = Infinity;
  for (let run = 0; run < 2; run++) {
    const started = process.hrtime.bigint();
    work();
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
  }
  return best;
}

// Pieces of the dialect and of Markdown that patterns with backtracking trip over.
const PATTERN_TOKENS = ['[', ']', '(', ')', '`', '📙', ' ', '  ', 'A', 'a', '1', '_', ':', 'http://x', '.md', '"', "'", '>', '*', '-', '#',
  'aka ', ',', '=', '\r', '\n', '* ', '> ', '📍', '🗄', '<', '!', '.', '\t', 'Ã©', 'â€', '|', '~', '😀'];

describe('hardening: properties (never throws, never hangs)', function () {
  this.timeout(LONG_RUN ? 0 : 60_000);

  it('parses, indexes, scans and looks up any generated note in the dialect', () => {
    fc.assert(fc.property(dialectNote, fullPass), { numRuns: runs(300) });
  });

  it('does the same for arbitrary Unicode: lone surrogates, NUL, BOM, CR, bidi', () => {
    fc.assert(fc.property(anyText, fullPass), { numRuns: runs(400) });
  });

  it('decodes random bytes without throwing, and parses whatever it accepts', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }),
      fc.tuple(fc.constantFrom([0xff, 0xfe], [0xfe, 0xff], [0xef, 0xbb, 0xbf], []), fc.uint8Array({ maxLength: 500 }))
        .map(([bom, rest]) => Uint8Array.from([...bom, ...rest])),
    );
    fc.assert(fc.property(bytes, (data) => {
      const decoded = decodeNoteBytes(data);
      if (!decoded.ok) {
        assert.ok(decoded.reason.length > 0);
        return;
      }
      const note = parseNote('file:///notes/bytes.md', decoded.text);
      assertRangesInside(note, decoded.text);
    }), { numRuns: runs(300) });
  });

  it('the incremental index equals one built from scratch after any sequence of edits', () => {
    const uris = ['file:///a.md', 'file:///b.md', 'file:///c.md'];
    const edit = fc.oneof(
      fc.tuple(fc.constantFrom(...uris), anyNote).map(([uri, text]) => ({ uri, text })),
      fc.constantFrom(...uris).map((uri) => ({ uri, text: undefined })),
    );
    fc.assert(fc.property(fc.array(edit, { maxLength: 12 }), (edits) => {
      const incremental = new NotesIndex();
      const current = new Map<string, string>();
      for (const { uri, text } of edits) {
        if (text === undefined) {
          incremental.remove(uri);
          current.delete(uri);
        } else {
          incremental.upsert(parseNote(uri, text));
          current.set(uri, text);
        }
        incremental.matcher();
      }
      const fresh = new NotesIndex();
      for (const [uri, text] of current) fresh.upsert(parseNote(uri, text));
      assert.deepEqual(canonical(incremental.snapshot()), canonical(fresh.snapshot()));
    }), { numRuns: runs(100) });
  });

  it('the matcher reports ordered, non-overlapping matches of the text as written', () => {
    fc.assert(fc.property(fc.array(words, { maxLength: 20 }), anyNote, fc.boolean(), (phrases, text, markdown) => {
      const matcher = new TermMatcher(phrases.map((phrase, id) => ({ phrase, id, caseSensitive: id % 3 === 0 })));
      const matches = matcher.scan(text, { markdown });
      let previousEnd = 0;
      for (const match of matches) {
        assert.ok(match.start >= previousEnd && match.start < match.end && match.end <= text.length);
        assert.equal(text.slice(match.start, match.end), match.text);
        assert.ok(match.ids.includes(match.id) && match.ids.every((id) => id >= 0 && id < phrases.length));
        previousEnd = match.end;
      }
    }), { numRuns: runs(300) });
  });

  it('a snapshot whose matcher was rewritten at random, its checksum made right, is refused or scans safely', () => {
    const note = '# AREA\n## data\n* _SQL_: query language\n* _sql.js_: SQLite in the browser\n* _circuit breaker_ (alias: breaker): stops calls\n* _half-open state_: one trial call\n* _outbox_ (alias: transactional outbox): events with the data\n';
    const index = new NotesIndex();
    index.upsert(parseNote('file:///notes/a.md', note), { text: note, read: () => note });
    admittedMatcher(index);
    const exported = index.exportState(isAdmittedName);
    // The note's details are a view of a shared block (byteArena.ts): cloned alone, not with the whole block, for each run.
    const state = { ...exported, noteDetails: exported.noteDetails.map((details) => (details instanceof Uint8Array ? ownBytes(details) : details)) };
    const columns = ['rootChildren', 'edges', 'nodeEnds', 'nodeOnlyId', 'endSizes', 'endIds'] as const;
    const doc = 'The SQL layer runs sql.js; a circuit breaker in half-open state lets one call through, and the transactional outbox keeps events. SQL sql sql.js breaker.';
    // Mostly small numbers, many of them within the checks' ranges, so that both ways are taken.
    const value = fc.oneof({ arbitrary: fc.integer({ min: -1, max: 3 }), weight: 3 }, { arbitrary: fc.integer({ min: -3, max: 100_000 }), weight: 1 });
    const change = fc.record({ column: fc.constantFrom(...columns, 'entries' as const), at: fc.nat(), value });
    const longestTerm = fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: -2, max: 40 }), weight: 1 });
    const seen = { refused: 0, scanned: 0 };
    fc.assert(fc.property(fc.array(change, { minLength: 1, maxLength: 4 }), longestTerm, (changes, longest) => {
      const copy = structuredClone(state);
      const matcher = copy.matcher!;
      for (const { column, at, value } of changes) {
        const array = column === 'entries' ? matcher.entries : matcher.trie[column];
        if (array.length > 0) array[at % array.length] = value;
      }
      if (longest !== 0) matcher.trie.longestTerm = longest;
      // encodeSnapshot seals it with a right checksum: only the checks of its numbers stand between it and a scan.
      const decoded = decodeSnapshot(encodeSnapshot({ state: copy, stamps: [null] }, 'v1', 'k'), 'v1', 'k');
      if (typeof decoded === 'string') {
        assert.match(decoded, /damaged/);
        seen.refused++;
        return;
      }
      const restored = new NotesIndex();
      restored.loadState(decoded.state, () => () => note, isAdmittedName);
      withinBound('a scan with a matcher taken up', doc.length, () => {
        for (const { occurrences } of termsInDocument(restored, doc, true)) for (const o of occurrences) assert.ok(o.start >= 0 && o.end <= doc.length && o.start < o.end);
      });
      seen.scanned++;
    }), { numRuns: runs(300) });
    // Both ways were taken: some changes stay within the checks' ranges and are scanned with.
    assert.ok(seen.refused > 0 && seen.scanned > 0, JSON.stringify(seen));
  });

  it('encoding repair never throws and maps every offset back inside the original', () => {
    fc.assert(fc.property(anyNote, (text) => {
      const result = withinBound('repairEncoding', text.length, () => repairEncoding(text));
      let previous = 0;
      for (let offset = 0; offset <= result.text.length; offset++) {
        const original = result.toOriginalOffset(offset);
        assert.ok(original >= previous && original <= text.length, `offset ${offset} → ${original}`);
        previous = original;
      }
      for (const spot of [...result.repairs, ...result.ambiguities]) {
        assert.ok(spot.originalStart >= 0 && spot.originalStart <= spot.originalEnd && spot.originalEnd <= text.length);
      }
      if (!result.changed) assert.equal(result.text, text);
    }), { numRuns: runs(300) });
  });

  it('a definition shown with its inline Markdown, from any text, opens nothing but http, https and file', () => {
    const marks = fc.constantFrom('*', '**', '_', '__', '`', '[', '](', ')', '<', '>', 'command:x', 'javascript:y', 'https://e.com/', 'a@b.co', 'mailto:x', 'ftp://f', 'www.x.io', '\\', ',', '.', '![i](', '<img onerror=x>', '&#106;', ' ', '\n');
    fc.assert(fc.property(fc.array(fc.oneof(marks, anyText), { maxLength: 30 }), (pieces) => {
      const text = pieces.join('');
      assertSafeMarkdown(inlineMarkdown(text), text);
    }), { numRuns: runs(500) });
  });

  it('a link made from any text and any URL is clickable only for http, https and file', () => {
    fc.assert(fc.property(anyText, fc.oneof(url, anyText), (text, target) => {
      const markdown = markdownLink(text, target);
      assertSafeMarkdown(markdown);
      // And a web URL does stay a working link (a file link only when it is an indexed note).
      if (openableHref(target)) assert.ok(renderedTargets(markdown).length > 0, `no link in ${JSON.stringify(markdown)}`);
    }), { numRuns: runs(500) });
  });

  it('positions in notes agree with the editor\'s for any mix of line ends (CR, LF, CRLF)', () => {
    // The language server hands these positions to editors, which count a lone CR as a line break too.
    fc.assert(fc.property(anyNote, (text) => {
      const ours = new LineIndex(text);
      const editors = TextDocument.create('file:///notes/a.md', 'markdown', 1, text);
      assert.equal(ours.lineCount, editors.lineCount);
      for (let offset = 0; offset <= text.length; offset++) {
        // Between the CR and the LF of a CRLF no range ever points; the editor clamps such an offset.
        if (text[offset - 1] === '\r' && text[offset] === '\n') continue;
        assert.deepEqual(ours.positionAt(offset), editors.positionAt(offset), `offset ${offset}`);
      }
    }), { numRuns: runs(200) });
  });

  // Only in long runs: it times inputs, which a busy machine disturbs.
  (LONG_RUN ? it : it.skip)('no repeated pattern of dialect pieces makes parsing, scanning, hover lookup or escaping super-linear', () => {
    const index = seedIndex();
    const stages: [string, (text: string) => unknown][] = [
      ['parseNote', (text) => parseNote('file:///notes/pattern.md', text)],
      ['termsInDocument', (text) => termsInDocument(index, text, true)],
      ['termAt', (text) => termAt(index, text, text.length >> 1)],
      ['escapeMarkdown', (text) => escapeMarkdown(text)],
    ];
    const piece = fc.constantFrom(...PATTERN_TOKENS);
    fc.assert(fc.property(fc.array(piece, { maxLength: 2 }), fc.array(piece, { minLength: 1, maxLength: 4 }), piece, (prefix, unit, suffix) => {
      const textOf = (size: number) => prefix.join('') + unit.join('').repeat(Math.ceil(size / unit.join('').length)) + suffix;
      for (const [name, stage] of stages) {
        const small = timed(() => stage(textOf(20_000)));
        const large = timed(() => stage(textOf(160_000)));
        // Eight times the input: linear work takes about eight times as long, quadratic sixty-four.
        assert.ok(large < 300 || large / Math.max(small, 1) < 30, `${name} on ${JSON.stringify(prefix.join('') + unit.join('') + '…' + suffix)}: ${small.toFixed(0)} ms → ${large.toFixed(0)} ms`);
      }
    }), { numRuns: 400, endOnFailure: true });
  });
});
