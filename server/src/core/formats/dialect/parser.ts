// The notes-dialect parser: note text → typed note model (model.ts).
//
// markdown-it decides the block structure that Markdown itself defines (blocks.ts). The
// dialect, though, is line-oriented and lives inside what Markdown calls one paragraph, so
// every other line is read on its own, in order, with a little state (parseState.ts): the
// current section, label and definition. This file is the driver: it classifies each line
// and hands it to the reader of its construct (sections, links, citations, quotes,
// definitions, reminders).

import { createHash } from 'node:crypto';
import type { Note } from '../../model';
import { repairEncoding } from '../../notes/encodingRepair';
import { LineIndex } from '../../text/lines';
import { phraseKey } from '../../text/normalize';
import { classifyLines } from './blocks';
import { readCitations, settlePageOnlyCitations } from './citations';
import { giveToTopic, readDefiningItem } from './definitions';
import { readCrossReferences, readLinks } from './links';
import { NON_ASCII } from './matching';
import { append, type LineContent, ParseState } from './parseState';
import { plainText } from './prose';
import { firstWords, readQuote } from './quotes';
import { readGroupItem, readGroupMarker, readReminderMarkers } from './reminders';
import { readBreak, readHeading, readLabel } from './sections';

export { FACET_WORDS, isFacet } from './facets';

const LIST_ITEM = /^(\s*)(?:[*+-]|\d+[.)])(?:\s+|$)/;
const QUOTE_LINE = /^\s{0,3}>\s?/;
const VISIBLE = /\S/;

export interface ParseOptions {
  /** Extra facet words besides FACET_WORDS. */
  facets?: string[];
}

/** Parses one note. Never throws: malformed input yields what could be read. */
export function parseNote(uri: string, original: string, options: ParseOptions = {}): Note {
  const state = startReading(uri, original, options);
  const lines = state.lines;
  const { kinds, headingLevel } = classifyLines(state.text, lines.lineCount);
  for (let line = 0; line < lines.lineCount; line++) {
    const kind = kinds[line];
    if (kind === 'code' || kind === 'html') continue;
    const lineText = lines.lineText(line);
    // Where the line's text begins; -1 on a blank line. (`\s` is the white space `trim` strips.)
    const firstVisible = lineText.search(VISIBLE);
    if (firstVisible === -1) {
      // A blank line ends a definition's continuation and a cross-reference group.
      state.owner = undefined;
      state.group = undefined;
    } else if (kind === 'heading') {
      const level = headingLevel.get(line);
      if (level !== undefined) readHeading(state, line, lineText, level); // else a setext underline
    } else if (kind === 'break') {
      readBreak(state, line);
    } else {
      readContentLine(state, line, lineText, firstVisible);
    }
  }
  state.closeSection(lines.lineCount, true);
  settlePageOnlyCitations(state);
  const note = state.note;
  for (const topic of note.definitions) if (topic.kind === 'topic' && !topic.text) topic.text = firstWords(topic);
  return note;
}

/** The state at the start of a note: its text repaired, its encoding damage reported. */
function startReading(uri: string, original: string, options: ParseOptions): ParseState {
  const repair = repairEncoding(original);
  const lines = new LineIndex(repair.text);
  const note: Note = {
    uri,
    hash: hashText(original),
    sections: [],
    definitions: [],
    facets: [],
    links: [],
    citations: [],
    quotes: [],
    crossReferences: [],
    reminders: [],
    problems: [],
    lines: [],
    lineCount: lines.lineCount,
  };
  const state = new ParseState(note, original, repair, lines, (options.facets ?? []).map(phraseKey));
  const onDisk = state.onDisk;
  for (const edit of repair.repairs) {
    note.problems.push({
      kind: 'encoding-damage',
      message: `Encoding damage: this text was UTF-8 read as Windows-1252; it reads "${edit.replacement}"${invisibleNamed(edit.replacement)}.`,
      range: { start: onDisk.positionAt(edit.originalStart), end: onDisk.positionAt(edit.originalEnd) },
      candidates: [edit.replacement],
    });
  }
  for (const spot of repair.ambiguities) {
    note.problems.push({
      kind: 'encoding-ambiguous',
      message: `Encoding damage: a byte was lost here; it was one of ${spot.candidates.map((c) => `"${c}"`).join(', ')}.`,
      range: { start: onDisk.positionAt(spot.originalStart), end: onDisk.positionAt(spot.originalEnd) },
      candidates: spot.candidates,
    });
  }
  // Bytes that are no UTF-8 were read as U+FFFD: what they were is lost, so there is nothing to
  // repair, but the writer should know before the note is shown with "�" in every hover.
  let reported = 0;
  for (const run of original.matchAll(REPLACEMENT_RUNS)) {
    if (reported++ === MAX_NOT_UTF8_REPORTED) break;
    note.problems.push({
      kind: 'not-utf8',
      message: 'Bytes here are not UTF-8 and show as "�": the file was saved in another encoding (such as Latin-1 or Windows-1252), or damaged; save it again as UTF-8 in the program that wrote it.',
      range: { start: onDisk.positionAt(run.index), end: onDisk.positionAt(run.index + run[0].length) },
    });
  }
  return state;
}

const REPLACEMENT_RUNS = /\uFFFD+/g;
/** A line that is only the marker of a list of cross-references (`🗄`, `🗄️`). */
const CROSS_REFERENCE_MARKER = /^🗄\uFE0F?$/u;
/** A file in another encoding has such bytes on every other line: the first few say enough. */
const MAX_NOT_UTF8_REPORTED = 20;

/**
 * Reads a line of content: what every line yields (links, prose, citations, cross-references),
 * then the construct the line is: a group marker, a quote, a label or paragraph line, an item.
 */
function readContentLine(state: ParseState, line: number, lineText: string, firstVisible: number): void {
  const at = state.current;
  const item = LIST_ITEM.exec(lineText);
  const quote = item ? null : QUOTE_LINE.exec(lineText);
  const contentStart = item ? item[0].length : quote ? quote[0].length : firstVisible;
  const content = lineText.slice(contentStart).trimEnd();
  at.line = line;
  at.content = content;
  at.contentStart = contentStart;
  at.item = item;
  at.quote = quote;
  at.nested = item ? item[1].length > 0 : false;
  at.ascii = !NON_ASCII.test(content);

  readLinks(state, at);
  at.prose = plainText(content, at.links, contentStart);
  if (at.prose) state.note.lines.push({ line, text: at.prose, kind: item ? 'item' : quote ? 'quote' : 'text' });
  readCitations(state, at);
  readCrossReferences(state, at);
  if (!state.inbox && at.crossReferences.length === 0 && !CROSS_REFERENCE_MARKER.test(content)) state.distilledSomething = true;

  // A line that is only a group marker starts a group of items.
  if (readGroupMarker(state, at)) return;
  readReminderMarkers(state, at);
  if (quote) readQuote(state, at);
  else if (!item) readParagraphLine(state, at);
  else readItem(state, at);
}

/** A line neither item nor quote: a label, or a plain paragraph line. */
function readParagraphLine(state: ParseState, at: LineContent): void {
  if (readLabel(state, at)) return;
  // A plain paragraph line: its links belong to the topic; it ends a definition's run.
  if (state.group === 'ai-chat') state.remind('ai-chat', at.content, at.line);
  if (!state.group) state.owner = undefined;
  if (state.topicDefinition) append(state.topicDefinition.links, at.lineLinks);
}

/** A list item: a group's item, a definition or part of one, or else an item of the topic's. */
function readItem(state: ParseState, at: LineContent): void {
  if (readGroupItem(state, at) || readDefiningItem(state, at)) return;
  // Any other item: it ends a definition's run, and its links belong to the topic.
  state.owner = undefined;
  giveToTopic(state, at);
}

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * The code points of the characters a reader cannot see in `text` (a variation selector, a
 * combining mark, a joiner), as " (U+FE0F)": a message that quotes only U+FE0F read as "".
 */
function invisibleNamed(text: string): string {
  const invisible = [...text].filter((character) => /[\p{Mn}\p{Me}\p{Cf}\uFE00-\uFE0F]/u.test(character));
  return invisible.length === 0 ? '' : ` (${invisible.map((character) => `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ')})`;
}
