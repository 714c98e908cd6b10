// One huge note costs about its size, not more: a hover on one of its terms reads no more
// than a hover on a small note's term (no note read or parsed again, details inflated a
// chunk at a time), the index keeps a bounded multiple of the note's bytes, and no setting
// lets a note past the most one note may be. Sizes stay a few MB so the suite stays quick;
// scripts/bench/hugeNote.ts measures 100,000 definitions.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
// The module object itself (not a namespace copy), so that the core's calls go through the counter.
import zlib = require('node:zlib');
import { NotesIndex } from '../../server/src/core/index/notesIndex';
import { referencesFor, termAt } from '../../server/src/core/query/lookup';
import { MAX_FILE_BYTES_LIMIT } from '../../server/src/core/notes/noteFiles';
import { parseNote } from '../../server/src/core/formats/dialect/parser';
import { REFERENCES_SHOWN, termMarkdown } from '../../server/src/core/query/present';
import { NotesWorkspace } from '../../server/src/core/workspace/notesWorkspace';
import { readSettings } from '../../server/src/settings';
import { hugeNoteText, word } from '../../scripts/bench/hugeNote';

/** 30,000 definitions: about 2 MB. */
const DEFINITIONS = 30_000;

/** An index of a huge note and a small one, stored as read from disk, with a reader that counts its calls. */
function indexWithHugeNote(): { index: NotesIndex; reads: { count: number }; bytes: number } {
  const reads = { count: 0 };
  const index = new NotesIndex();
  const huge = hugeNoteText(DEFINITIONS);
  const small = hugeNoteText(20).replaceAll('fan ', 'small ');
  for (const [uri, text] of [['file:///notes/huge.md', huge], ['file:///notes/small.md', small]]) {
    index.upsert(parseNote(uri, text), { text, read: () => (reads.count++, text) });
  }
  return { index, reads, bytes: Buffer.byteLength(huge) };
}

/** What a hover card on `term` costs: notes read again, and characters of details inflated. */
function hoverCost(index: NotesIndex, reads: { count: number }, term: string): { reads: number; inflated: number; markdown: string } {
  const inflate = zlib.inflateRawSync;
  let inflated = 0;
  const counting = ((buffer: zlib.InputType, options?: zlib.ZlibOptions) => {
    const out = inflate(buffer, options ?? {});
    inflated += out.length;
    return out;
  }) as typeof zlib.inflateRawSync;
  zlib.inflateRawSync = counting;
  const readsBefore = reads.count;
  try {
    const doc = `we use ${term} here`;
    const found = termAt(index, doc, doc.indexOf(term) + 1);
    assert.ok(found, `${term} is a term`);
    const markdown = termMarkdown(found.entry, referencesFor(index, found.text, found.entry, REFERENCES_SHOWN));
    return { reads: reads.count - readsBefore, inflated, markdown };
  } finally {
    zlib.inflateRawSync = inflate;
  }
}

/** A full garbage collection, whether or not node runs with --expose-gc. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('hardening: a huge note costs about its size', () => {
  it(`a hover on a term of a note of ${DEFINITIONS.toLocaleString('en')} definitions reads and inflates about what it does on a small note's`, () => {
    const { index, reads } = indexWithHugeNote();
    const small = hoverCost(index, reads, `small ${word(7)}`);
    for (const ordinal of [Math.floor(DEFINITIONS / 2), Math.floor(DEFINITIONS / 3), DEFINITIONS - 1]) {
      const huge = hoverCost(index, reads, `fan ${word(ordinal)}`);
      assert.match(huge.markdown, new RegExp(`example\\.com/${ordinal}\\)`), 'the card shows the definition\'s own link');
      // The small note's details are one chunk; the huge note's one definition is in one chunk as well.
      assert.ok(huge.inflated <= Math.max(small.inflated, 1) * 4 && huge.inflated <= 64 * 1024, `a hover inflated ${huge.inflated} bytes of details (a small note's: ${small.inflated})`);
      assert.equal(huge.reads, 0, 'no note is read again (nor parsed) for a hover');
    }
  });

  it('a term of one 400,000-letter word is indexed with the rest: no compound split of it is tried', function () {
    // Each split point looked up both halves: quadratic, 137 s for this note (a glossary in a
    // cloned repo can hold such a name). The suite's timeout is the guard; the answer is checked.
    this.timeout(20_000);
    const text = `# AREA\n## topic\n* _${'a'.repeat(400_000)}_: long\n* _backpressure_: slowing the producer\n`;
    const index = new NotesIndex();
    index.upsert(parseNote('file:///notes/long.md', text));
    assert.equal(index.lookupExact('backpressure').length, 1);
    assert.equal(index.lookupExact('back pressure').length, 1, 'a short compound is still split');
  });

  it('the index of a 2 MB note keeps at most 25 times its bytes once idle, after hovers on its terms', () => {
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    const { index, reads, bytes } = indexWithHugeNote();
    for (const ordinal of [1, Math.floor(DEFINITIONS / 2), DEFINITIONS - 1]) hoverCost(index, reads, `fan ${word(ordinal)}`);
    index.forgetKeys();
    collectGarbage();
    const kept = process.memoryUsage().heapUsed - before;
    assert.ok(index.size === 2);
    assert.ok(kept <= bytes * 25, `the index keeps ${(kept / 1024 / 1024).toFixed(1)} MB for a note of ${(bytes / 1024 / 1024).toFixed(1)} MB (${(kept / bytes).toFixed(1)}×)`);
  });

  it(`maxFileSize cannot raise the limit past ${MAX_FILE_BYTES_LIMIT / 1024 / 1024} MB: the setting says so, and a larger note is skipped saying why`, async () => {
    const read = readSettings({ maxFileSize: 1024 * 1024 * 1024 }, undefined);
    assert.equal(read.settings.maxFileSize, MAX_FILE_BYTES_LIMIT);
    assert.ok(read.warnings.some((warning) => /maxFileSize is at most 10\.0 MB/.test(warning)), read.warnings.join('\n'));
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'huge-note-'));
    try {
      fs.writeFileSync(path.join(folder, 'huge.md'), Buffer.alloc(MAX_FILE_BYTES_LIMIT + 1024 * 1024, 'a'));
      fs.writeFileSync(path.join(folder, 'small.md'), hugeNoteText(3));
      const workspace = new NotesWorkspace();
      await workspace.configure({ entries: [folder], baseFolders: [], ignoreTerms: [], maxFileBytes: 1024 * 1024 * 1024 });
      const status = workspace.status();
      assert.equal(status.notes, 1, 'the small note is indexed');
      assert.deepEqual(status.skipped.map((s) => [path.basename(s.path), s.reason]), [['huge.md', 'larger than the limit (11.0 MB > 10.0 MB, the most a note may be, whatever maxFileSizeMB says)']]);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
