// Glossary tables: a header that names a term column (Term, Word, Name, Acronym, Concept…) and a
// definition column (Definition, Meaning, Description, Explanation…); each row an entry. A
// Synonyms/Aliases column, when there is one, gives other names.

import type { NoteProblem } from '../../model';
import type { GlossaryEntry, GlossaryPage } from './entries';
import { plainInline } from './entries';

const TERM_HEADERS = new Set(['term', 'terms', 'word', 'words', 'name', 'acronym', 'acronyms', 'abbreviation', 'abbreviations', 'concept', 'concepts', 'phrase', 'expression', 'glossary term']);
const DEFINITION_HEADERS = new Set(['definition', 'definitions', 'meaning', 'meanings', 'description', 'explanation', 'expansion', 'stands for']);
const ALIAS_HEADERS = new Set(['alias', 'aliases', 'synonym', 'synonyms', 'aka', 'also known as', 'other names']);

/** At most this many rows of one table are read: a table of a million rows is not a glossary to hover. */
export const MAX_TABLE_ROWS = 20_000;

/**
 * The entries of the page's glossary tables. Rows past MAX_TABLE_ROWS are left out, and a
 * problem pushed to `problems` says so at the first of them.
 */
export function tableEntries(page: GlossaryPage, problems?: NoteProblem[]): GlossaryEntry[] {
  const entries: GlossaryEntry[] = [];
  const { tokens } = page;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].type !== 'table_open') continue;
    const rows: { line: number; cells: string[] }[] = [];
    let row: { line: number; cells: string[] } | undefined;
    let leftOut = 0;
    let firstLeftOut = -1;
    for (i++; i < tokens.length && tokens[i].type !== 'table_close'; i++) {
      const token = tokens[i];
      if (token.type === 'tr_open') {
        if (rows.length > MAX_TABLE_ROWS) {
          if (leftOut++ === 0) firstLeftOut = token.map?.[0] ?? -1;
          row = undefined;
          continue;
        }
        row = { line: token.map?.[0] ?? -1, cells: [] };
        rows.push(row);
      } else if (token.type === 'inline' && row) {
        row.cells.push(token.content);
      }
    }
    const found = entriesOfTable(page, rows);
    entries.push(...found);
    // Said only of a glossary table: a table of other data defines nothing either way.
    if (leftOut > 0 && found.length > 0 && firstLeftOut >= 0 && problems) {
      problems.push({
        kind: 'entries-left-out',
        message: `${leftOut.toLocaleString('en-US')} more ${leftOut === 1 ? 'row is' : 'rows are'} left out of this glossary table, from this one on: at most ${MAX_TABLE_ROWS.toLocaleString('en-US')} rows of a table are read.`,
        range: { start: { line: firstLeftOut, character: 0 }, end: { line: firstLeftOut, character: (page.lines[firstLeftOut] ?? '').length } },
      });
    }
  }
  return entries;
}

function entriesOfTable(page: GlossaryPage, rows: { line: number; cells: string[] }[]): GlossaryEntry[] {
  const [header, ...body] = rows;
  if (!header) return [];
  const names = header.cells.map((cell) => plainInline(cell).text.toLowerCase().replace(/:$/, '').trim());
  const termColumn = names.findIndex((name) => TERM_HEADERS.has(name));
  const definitionColumn = names.findIndex((name) => DEFINITION_HEADERS.has(name));
  if (termColumn < 0 || definitionColumn < 0) return [];
  const aliasColumn = names.findIndex((name) => ALIAS_HEADERS.has(name));
  const entries: GlossaryEntry[] = [];
  for (const { line, cells } of body) {
    const term = cells[termColumn]?.trim();
    if (!term || line < 0) continue;
    const aliases = aliasColumn >= 0 ? (cells[aliasColumn] ?? '').split(/[,;]/).map((alias) => alias.trim()).filter(Boolean) : [];
    entries.push({ term, aliases, text: cells[definitionColumn] ?? '', termLine: line, termFrom: cellStart(page.lines[line] ?? '', termColumn), startLine: line, endLine: line });
  }
  return entries;
}

/** Where a cell of a row starts on its line: after as many unescaped pipes as cells before it (and a leading pipe). */
function cellStart(text: string, column: number): number {
  let at = text.length - text.trimStart().length;
  if (text[at] === '|') at++;
  for (let seen = 0; seen < column && at < text.length; at++) {
    if (text[at] === '\\') at++;
    else if (text[at] === '|') seen++;
  }
  return at;
}
