// Bold-lead entries: `**Term**: text`, `**Term:** text`, `**Term** — text` (or `–`, ` - `), on
// a line of their own or as a list item. Only at the start of a line: bold text in the middle
// of a sentence is emphasis. Labels (`**Note:** see below`) and leads with nothing after them
// (`**Pros:**` above a list) are not terms.

import type { GlossaryEntry, GlossaryPage } from './entries';
import { isLabelWord } from './entries';

/**
 * `**Term**: text`, `**Term:** text`, `**Term** — text`; the same with `__`. Read on one line
 * (index.ts splits at `\n`, `\r\n` and `\r`, as markdown-it and editors do): `s` lets `.` take a
 * U+2028 or U+2029 in it, which JavaScript's `.` refuses as a line end of its own.
 */
const BOLD_LEAD = /^(\*\*|__)(?!\s)((?:(?!\1).)+?)(?<!\s)\1(?:\s*:|\s*[—–]|\s+-)\s*(.*)$|^(\*\*|__)(?!\s)((?:(?!\4).)+?):\4\s*(.*)$/s;
/** What stands before the bold on the line: indentation, quote marks, a list marker, a task box. */
const LINE_PREFIX = /^\s*(?:>\s*)*(?:(?:[-*+]|\d{1,9}[.)])\s+)?(?:\[[ xX]\]\s+)?/;

export function boldLeadEntries(page: GlossaryPage, skipLines: Set<number>): GlossaryEntry[] {
  const entries: GlossaryEntry[] = [];
  for (const token of page.tokens) {
    if (token.type !== 'paragraph_open' || !token.map) continue;
    const [from, to] = token.map;
    let current: GlossaryEntry | undefined;
    for (let line = from; line < to; line++) {
      if (skipLines.has(line)) {
        current = undefined;
        continue;
      }
      const raw = page.lines[line] ?? '';
      const prefix = LINE_PREFIX.exec(raw)![0];
      const lead = BOLD_LEAD.exec(raw.slice(prefix.length).trimEnd());
      if (lead) {
        const term = lead[2] ?? lead[5];
        const text = lead[3] ?? lead[6] ?? '';
        if (isLabelWord(term) || text.trim().length === 0) {
          current = undefined;
          continue;
        }
        current = { term, text, termLine: line, termFrom: prefix.length, startLine: line, endLine: line };
        entries.push(current);
      } else if (current) {
        // A line that starts nothing continues the entry above it in the same paragraph.
        current.text += '\n' + raw.slice(prefix.length);
        current.endLine = line;
      }
    }
  }
  return entries;
}
