// Headings as terms: under a heading named Glossary, Definitions, Terms, Terminology or
// Vocabulary, each sub-heading is a term and its first paragraph the definition (square's
// workflow glossary moved to headings so that each entry can be linked). An entry may instead
// write fields: `**Definition**: …`, `**Synonyms**: a, b`. Single-letter sub-headings (`## A`)
// group the terms alphabetically and are not terms themselves.

import type { GlossaryEntry, GlossaryPage } from './entries';
import { withoutInlineHtml } from '../../text/inlineHtml';

const GLOSSARY_NAMES = /^(?:glossary|definitions|terms|terminology|vocabulary|glossary of terms|terms and definitions|key terms)$/i;
/** A field line of an entry (`s`: a U+2028 inside is no line end, see boldLeads.ts). */
const FIELD = /^\s*(?:[-*+]\s+)?(\*\*|__)\s*(definition|meaning|description|synonyms?|aliases?|aka|also known as)\s*(:?)\s*\1\s*:?\s*(.*)$/is;

/** A heading's name without its decoration: `## 📖 Glossary:` → `Glossary`. */
export function headingName(inline: string): string {
  return withoutInlineHtml(inline).replace(/^[^\p{L}\p{N}*_`[]+/u, '').replace(/\s*#+\s*$/, '').replace(/:$/, '').trim();
}

export function isGlossaryHeading(name: string): boolean {
  return GLOSSARY_NAMES.test(name.replace(/[*_`]/g, '').trim());
}

export function headingEntries(page: GlossaryPage): GlossaryEntry[] {
  const { tokens } = page;
  const headings: { index: number; line: number; level: number; name: string; raw: string }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type === 'heading_open' && token.map) {
      const raw = tokens[i + 1]?.type === 'inline' ? tokens[i + 1].content : '';
      headings.push({ index: i, line: token.map[0], level: Number(token.tag.slice(1)), name: headingName(raw), raw });
    }
  }
  const entries: GlossaryEntry[] = [];
  let glossary: { level: number } | undefined;
  for (const [h, heading] of headings.entries()) {
    if (glossary && heading.level <= glossary.level) glossary = undefined;
    if (isGlossaryHeading(heading.name)) {
      // `## Terms` inside `# Glossary` groups terms of the glossary already open.
      glossary ??= { level: heading.level };
      continue;
    }
    if (!glossary || /^\p{L}(?:\s*[-–—]\s*\p{L})?$/u.test(heading.name)) continue;
    const next = headings[h + 1];
    const endToken = next ? next.index : tokens.length;
    const paragraphs: string[] = [];
    for (let j = heading.index + 3; j < endToken; j++) if (tokens[j].type === 'inline' && tokens[j - 1].type === 'paragraph_open') paragraphs.push(tokens[j].content);
    let text = paragraphs[0] ?? '';
    const aliases: string[] = [];
    let fromFields: string | undefined;
    for (const paragraph of paragraphs) {
      for (const line of paragraph.split('\n')) {
        const field = FIELD.exec(line);
        if (!field) continue;
        const [, , name, , value] = field;
        if (/^(?:definition|meaning|description)$/i.test(name)) fromFields ??= value;
        else aliases.push(...value.split(/[,;]/).map((alias) => alias.trim()).filter(Boolean));
      }
    }
    if (fromFields !== undefined) text = fromFields;
    let endLine = next ? next.line - 1 : page.lines.length - 1;
    while (endLine > heading.line && (page.lines[endLine] ?? '').trim() === '') endLine--;
    entries.push({
      term: heading.name,
      aliases,
      text,
      termLine: heading.line,
      termFrom: (page.lines[heading.line] ?? '').search(/[^#\s]/),
      startLine: heading.line,
      endLine,
      // The term's own heading is not a section of it: the entry belongs to the glossary.
      sectionPath: sectionAbove(page, heading.line),
    });
  }
  return entries;
}

/** The section path a heading line stands in, without the heading itself. */
function sectionAbove(page: GlossaryPage, line: number): string[] {
  const own = page.sectionPathAt(line);
  return own.slice(0, -1);
}
