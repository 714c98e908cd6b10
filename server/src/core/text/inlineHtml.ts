// Inline HTML in a line of Markdown. In a line that names something (a heading that is a note's
// title or a glossary's term), `# <a id="hedging"></a>Request hedging` pins an anchor, and the
// name a reader sees, and writes in a design doc, is "Request hedging". In a definition, a tag
// is no text a card may show (query/present.ts). Inside a code span it is code, shown as
// written: `Vec<T>` keeps its `<T>`.

import { codeSpans } from './codeSpans';

// A tag as CommonMark reads an inline one (`<a id="x">`, `</a>`, `<br/>`), not a comparison
// (`a < b`), nor an autolink (`<https://…>`); and a comment. Also what a card's plain text
// leaves out (query/present.ts plainText).
export const HTML_TAG = /<\/?[A-Za-z][A-Za-z0-9-]{0,50}(?:\s[^<>\n]{0,1000})?\/?>/g;
export const HTML_COMMENT = /<!--[^]{0,2000}?-->/g;
const HTML = new RegExp(`${HTML_COMMENT.source}|${HTML_TAG.source}`, 'g');

/**
 * The text without the HTML tags and comments that stand outside its code spans. A tag or a
 * comment that starts inside a code span is code; the scan goes on after the span, so that a
 * comment opened in code (`` `<!--` ``) hides nothing that follows it.
 */
export function dropInlineHtml(text: string): string {
  if (!text.includes('<')) return text;
  const spans = codeSpans(text);
  const pattern = new RegExp(HTML.source, 'g');
  let kept = '';
  let at = 0;
  let span = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const start = match.index;
    while (span < spans.length && spans[span][1] <= start) span++;
    if (span < spans.length && spans[span][0] <= start) {
      pattern.lastIndex = spans[span][1];
      continue;
    }
    kept += text.slice(at, start);
    at = start + match[0].length;
  }
  return at === 0 ? text : kept + text.slice(at);
}

/** The text without its HTML tags and comments (outside code spans), spaces they leave at its ends trimmed. */
export function withoutInlineHtml(text: string): string {
  if (!text.includes('<')) return text;
  return dropInlineHtml(text).replace(/\s+/g, ' ').trim();
}
