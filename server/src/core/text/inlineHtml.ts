// Inline HTML in a line of Markdown that names something (a heading that is a note's title or a
// glossary's term): `# <a id="hedging"></a>Request hedging` pins an anchor, and the name a
// reader sees, and writes in a design doc, is "Request hedging".

// A tag as CommonMark reads an inline one (`<a id="x">`, `</a>`, `<br/>`), not a comparison
// (`a < b`), nor an autolink (`<https://…>`); and a comment. Also what a card's plain text
// leaves out (query/present.ts plainText).
export const HTML_TAG = /<\/?[A-Za-z][A-Za-z0-9-]{0,50}(?:\s[^<>\n]{0,1000})?\/?>/g;
export const HTML_COMMENT = /<!--[^]{0,2000}?-->/g;

/** The text without its HTML tags and comments, spaces they leave at its ends trimmed. */
export function withoutInlineHtml(text: string): string {
  if (!text.includes('<')) return text;
  return text.replace(HTML_COMMENT, '').replace(HTML_TAG, '').replace(/\s+/g, ' ').trim();
}
