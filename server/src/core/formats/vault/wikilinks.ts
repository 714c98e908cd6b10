// Wikilinks (`[[Note]]`, `[[Note|shown]]`, `[[Note#Heading]]`) in a vault's notes: each one a
// cross-reference to the note it names, resolved by name later (core/query/wikilinks.ts).
// Embeds of other files (`![[diagram.png]]`) and links inside code are not references.

import type { CrossReference } from '../../model';

const WIKILINK = /(!?)\[\[([^\[\]|#\n]*)(?:#([^\[\]|\n]*))?(?:\|([^\[\]\n]*))?\]\]/g;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const CODE_SPAN = /`[^`\n]*`/g;
/** A target with an extension other than Markdown's names an attachment, not a note. */
const ATTACHMENT = /\.(?!md$|markdown$)[a-z0-9]{1,5}$/i;

/** Every wikilink to a note in the given lines (from `fromLine` on), outside code. */
export function readWikilinks(lines: readonly string[], fromLine = 0): CrossReference[] {
  const references: CrossReference[] = [];
  let fence: string | undefined;
  for (let line = fromLine; line < lines.length; line++) {
    const text = lines[line];
    const opened = FENCE.exec(text);
    if (fence) {
      if (opened && opened[1][0] === fence[0] && opened[1].length >= fence.length) fence = undefined;
      continue;
    }
    if (opened) {
      fence = opened[1];
      continue;
    }
    if (!text.includes('[[')) continue;
    // Code spans blanked out, so that their brackets are not links while columns stay put.
    const visible = text.replace(CODE_SPAN, (span) => ' '.repeat(span.length));
    for (const match of visible.matchAll(WIKILINK)) {
      const [whole, bang, rawTarget, heading] = match;
      const target = rawTarget.trim();
      if (!target || (bang && ATTACHMENT.test(target))) continue;
      const start = match.index;
      const targetStart = start + bang.length + 2 + rawTarget.indexOf(target);
      references.push({
        file: target,
        section: heading?.trim() || undefined,
        range: { start: { line, character: start }, end: { line, character: start + whole.length } },
        fileRange: { start: { line, character: targetStart }, end: { line, character: targetStart + target.length } },
        sectionPath: [],
        wikilink: true,
      });
    }
  }
  return references;
}

/** Text with its wikilinks written as the words a reader sees: `[[A|b]]` → b, `[[A#h]]` → A › h. */
export function wikilinksAsText(text: string): string {
  return text.replace(WIKILINK, (_whole, _bang: string, target: string, heading: string | undefined, shown: string | undefined) =>
    shown?.trim() || (heading?.trim() ? `${target.trim()} › ${heading.trim()}` : target.trim()));
}
