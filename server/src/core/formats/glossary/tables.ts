// Glossary tables: a header that names a term column (Term, Word, Name, Acronym, Concept…) and a
// definition column (Definition, Meaning, Description, Explanation…); each row an entry. A
// Synonyms/Aliases column, when there is one, gives other names.

import type { GlossaryEntry, GlossaryPage } from './entries';
import { plainInline } from './entries';

const TERM_HEADERS = new Set(['term', 'terms', 'word', 'words', 'name', 'acronym', 'acronyms', 'abbreviation', 'abbreviations', 'concept', 'concepts', 'phrase', 'expression', 'glossary term']);
const DEFINITION_HEADERS = new Set(['definition', 'definitions', 'meaning', 'meanings', 'description', 'explanation', 'expansion', 'stands for']);
const ALIAS_HEADERS = new Set(['alias', 'aliases', 'synonym', 'synonyms', 'aka', 'also known as', 'other names']);

/** At most this many rows of one table are read: a table of a million rows is not a glossary to hover. */
export const MAX_TABLE_ROWS = 20_000;

export function tableEntries(page: GlossaryPage): GlossaryEntry[] {
  const entries: GlossaryEntry[] = [];
  const { tokens } = page;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].type !== 'table_open') continue;
    const rows: { line: number; cells: string[] }[] = [];
    let row: { line: number; cells: string[] } | undefined;
    for (i++; i < tokens.length && tokens[i].type !== 'table_close'; i++) {
      const token = tokens[i];
      if (token.type === 'tr_open') {
        if (rows.length > MAX_TABLE_ROWS) continue;
        row = { line: token.map?.[0] ?? -1, cells: [] };
        rows.push(row);
      } else if (token.type === 'inline' && row) {
        row.cells.push(token.content);
      }
    }
    entries.push(...entriesOfTable(page, rows));
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
