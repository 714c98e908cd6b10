// Inline HTML in a line of Markdown that names something (a heading that is a note's title or a
// glossary's term): `# <a id="hedging"></a>Request hedging` pins an anchor, and the name a
// reader sees, and writes in a design doc, is "Request hedging".

// A tag as CommonMark reads an inline one (`<a id="x">`, `</a>`, `<br/>`), not a comparison (`a < b`).
const TAG = /<\/?[A-Za-z][A-Za-z0-9-]{0,50}(?:\s[^<>\n]{0,1000})?\/?>/g;
const COMMENT = /<!--[^]{0,2000}?-->/g;

/** The text without its HTML tags and comments, spaces they leave at its ends trimmed. */
export function withoutInlineHtml(text: string): string {
  if (!text.includes('<')) return text;
  return text.replace(COMMENT, '').replace(TAG, '').replace(/\s+/g, ' ').trim();
}
