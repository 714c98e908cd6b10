// One hostile text through every stage of the core, as the language server would use it:
// parse it as a note, index it next to the seed note, scan it as a design document, look up
// the term under a few cursors, build its outline, search, and take it out of the index
// again. Each stage is held to the hang guard of bounds.ts, and the results to facts that
// hold for any input: ranges inside the text, an index equal to one that never saw the note.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NotesIndex } from '../../server/src/core/index/notesIndex';
import { referencesFor, termAt, termsInDocument } from '../../server/src/core/query/lookup';
import type { Note, Range } from '../../server/src/core/model';
import { noteTree } from '../../server/src/core/query/outline';
import { parseNote } from '../../server/src/core/formats/dialect/parser';
import { termMarkdown } from '../../server/src/core/query/present';
import { NotesSearch } from '../../server/src/core/query/search';
import { LineIndex } from '../../server/src/core/text/lines';
import { withinBound } from './bounds';

export const fixturesFolder = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');
export const seedText = fs.readFileSync(path.join(fixturesFolder, 'architecture.md'), 'utf8');
export const seedUri = 'file:///notes/architecture.md';
export const seedNote = parseNote(seedUri, seedText);

/** A fresh index holding only the seed note. */
export function seedIndex(): NotesIndex {
  const index = new NotesIndex();
  index.upsert(seedNote);
  return index;
}

const seedSnapshot = JSON.stringify(seedIndex().snapshot());

/** Every Range object anywhere inside a value (the note model is plain data). */
function* rangesIn(value: unknown, seen = new Set<unknown>()): Generator<Range> {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  const candidate = value as Partial<Range>;
  if (candidate.start && candidate.end && typeof candidate.start.line === 'number' && typeof candidate.end.line === 'number') {
    yield candidate as Range;
    return;
  }
  for (const child of Object.values(value)) yield* rangesIn(child, seen);
}

/** Every range of the note points inside the text as given, start before end. */
export function assertRangesInside(note: Note, text: string): void {
  const lines = new LineIndex(text);
  for (const range of rangesIn(note)) {
    for (const position of [range.start, range.end]) {
      assert.ok(position.line >= 0 && position.line < lines.lineCount, `line ${position.line} outside 0..${lines.lineCount - 1}`);
      const length = lines.lineEnd(position.line) - lines.starts[position.line];
      assert.ok(position.character >= 0 && position.character <= length, `character ${position.character} outside line ${position.line} of length ${length}`);
    }
    assert.ok(range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character),
      `range ends before it starts: ${JSON.stringify(range)}`);
  }
}

export interface ExerciseOptions {
  uri?: string;
  /** Check every range of the model, and that it is plain data (costly on notes with hundreds of thousands of items). */
  checkRanges?: boolean;
}

/** Runs `text` through the whole core; returns the parsed note for further checks. */
export function exercise(text: string, options: ExerciseOptions = {}): Note {
  const uri = options.uri ?? 'file:///notes/hostile.md';
  const size = text.length;
  const note = withinBound('parseNote', size, () => parseNote(uri, text));
  if (options.checkRanges ?? true) {
    assert.doesNotThrow(() => JSON.stringify(note), 'the note model is plain data');
    assertRangesInside(note, text);
  }

  const index = seedIndex();
  withinBound('index upsert', size, () => index.upsert(note));
  withinBound('termsInDocument (Markdown)', size, () => termsInDocument(index, text, true));
  withinBound('termsInDocument (plain)', size, () => termsInDocument(index, text, false));
  withinBound('termAt', size, () => {
    for (const offset of [0, Math.floor(size / 2), size]) termAt(index, text, offset);
  });
  withinBound('hovers', size, () => {
    const defined = [...index.terms()].filter((entry) => entry.definitions.some((d) => d.uri === uri)).slice(0, 20);
    for (const entry of defined) termMarkdown(entry, referencesFor(index, entry.term, entry));
  });
  withinBound('outline', size, () => noteTree(note, 'hostile'));
  const firstWord = /[\p{L}\p{N}]{2,}/u.exec(text.slice(0, 10_000))?.[0] ?? 'cache';
  withinBound('search', size, () => new NotesSearch(index).search(firstWord));
  withinBound('index remove', size, () => index.remove(uri));
  assert.equal(JSON.stringify(index.snapshot()), seedSnapshot, 'removing the note leaves the index as it was');
  return note;
}
