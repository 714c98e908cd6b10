// Files of Obsidian's Note Definitions plugin. A consolidated file (frontmatter
// `def-type: consolidated`) holds blocks: `# Phrase`, an optional line `*alias, alias*`, the
// definition, and a line `---` (or `___`) before the next block. An atomic file
// (`def-type: atomic`) is one phrase: the file's name, `aliases:` in its frontmatter, the body
// its definition.

import type { Note, Range } from '../../model';
import { conceptDefinition, firstParagraph, nameFromFile, readBody } from './conceptNote';
import { normalizeTag } from './conceptChoice';
import { nameList, type Frontmatter } from './frontmatter';
import { wikilinksAsText } from './wikilinks';

// `s`: a U+2028 inside the line is the phrase's (see conceptNote.ts HEADING).
const PHRASE = /^#\s+(.+?)\s*#*\s*$/s;
const ALIAS_LINE = /^\s*\*([^*].*?[^*]|[^*])\*\s*$/;
const BLOCK_END = /^\s*(?:---|___)\s*$/;

/** The frontmatter's `def-type` when the file is a Note Definitions file. */
export function noteDefinitionsType(frontmatter: Frontmatter | undefined): 'consolidated' | 'atomic' | undefined {
  const type = frontmatter?.data['def-type'];
  return type === 'consolidated' || type === 'atomic' ? type : undefined;
}

export function readNoteDefinitions(uri: string, text: string, frontmatter: Frontmatter, type: 'consolidated' | 'atomic'): Note {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const { note, bodyStart } = readBody(uri, text, lines, frontmatter);
  const title = nameFromFile(uri);
  note.vault = { format: 'note-definitions', title, tags: nameList(frontmatter.data.tags, /[,\s]+/).map(normalizeTag), chosen: true };
  if (type === 'atomic') {
    const last = lines.length - 1;
    const body = firstParagraph(lines, bodyStart);
    note.definitions.push(conceptDefinition(title, nameList(frontmatter.data.aliases), wikilinksAsText(body?.text ?? ''), point(0), { start: { line: 0, character: 0 }, end: { line: last, character: lines[last].length } }, note, 'note-definitions'));
    return note;
  }
  let line = bodyStart;
  while (line < lines.length) {
    const phrase = PHRASE.exec(lines[line]);
    if (!phrase) {
      line++;
      continue;
    }
    const start = line;
    const termStart = lines[line].indexOf(phrase[1]);
    let end = line + 1;
    while (end < lines.length && !BLOCK_END.test(lines[end]) && !PHRASE.test(lines[end])) end++;
    let textFrom = start + 1;
    while (textFrom < end && lines[textFrom].trim() === '') textFrom++;
    const aliasLine = textFrom < end ? ALIAS_LINE.exec(lines[textFrom]) : null;
    const aliases = aliasLine ? nameList(aliasLine[1]) : [];
    if (aliasLine) textFrom++;
    const definition = lines.slice(textFrom, end).map((l) => l.trim()).filter((l) => l !== '').join(' ');
    const lastLine = Math.max(start, end - 1);
    note.definitions.push(conceptDefinition(
      phrase[1], aliases, wikilinksAsText(definition),
      { start: { line: start, character: termStart }, end: { line: start, character: termStart + phrase[1].length } },
      { start: { line: start, character: 0 }, end: { line: lastLine, character: lines[lastLine].length } },
      note, 'note-definitions',
    ));
    line = end;
  }
  // Each block's heading is its term, not a section of its own.
  note.sections = [];
  return note;
}

function point(line: number): Range {
  return { start: { line, character: 0 }, end: { line, character: 0 } };
}
