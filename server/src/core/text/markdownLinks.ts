// An inline Markdown link, `[text](destination "title")`, as CommonMark reads its destination:
// in angle brackets it may hold spaces and parentheses (`<https://example.com/a b>`);
// bare, it holds no space and only balanced parentheses (`https://en.wikipedia.org/wiki/
// Bulkhead_(partition)`), and a backslash escapes a punctuation mark. Unlike CommonMark, a bare
// one may hold tabs, which the URL parser drops (see TABS). One grammar for every
// reader of notes, so that a Wikipedia link is not cut at its `(` in one format and whole in
// another.
//
// The pattern stays linear on hostile lines: a label (which may run over a line break, as in a
// paragraph) stops at the next `[` as well as at `]` (were `[` allowed, every `[` of a line
// full of them would scan to the line's end), and the
// bare destination's parts (a character, an escape, one balanced pair) cannot overlap.

/** A character of a bare destination: no space, parenthesis or backslash. */
const PLAIN = String.raw`[^()\s\\]`;
/** A backslash escape of a punctuation mark. */
const ESCAPE = String.raw`\\[!-/:-@[-\x60{-~]`;
/**
 * Tabs inside a bare destination, before more of it: the URL parser drops them (`java<TAB>script:`
 * is `javascript:`), so the destination is read whole and judged by the URL policy for what it
 * is, not left as text that looks like a link. Only before another character of it, and not
 * before a quote: tabs at its end, or before a title, stay the space before the `)` or the
 * title, and the pattern linear.
 */
const TABS = String.raw`\t+(?=[^()\s\\"'])`;
const BARE = String.raw`(?:${PLAIN}|${ESCAPE}|\((?:${PLAIN}|${ESCAPE})*\)|${TABS})+`;
const ANGLED = String.raw`<((?:[^<>\n\\]|${ESCAPE})*)>`;
const TITLE = String.raw`(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\((?:[^()\\\n]|\\.)*\))`;

/**
 * The source of the pattern of one inline link or image: group 1 the label, group 2 an angled
 * destination, group 3 a bare one (see linkDestination). `!` before it is the caller's to read.
 */
export const MARKDOWN_LINK_SOURCE = String.raw`\[([^[\]]*)\]\(\s*(?:${ANGLED}|(${BARE}))(?:\s+${TITLE})?\s*\)`;

/** The destination of a match of MARKDOWN_LINK_SOURCE, its escapes undone; '' for `<>`. */
export function linkDestination(match: RegExpMatchArray | string[]): string {
  const written = match[2] ?? match[3] ?? '';
  return written.includes('\\') ? written.replace(/\\([!-/:-@[-`{-~])/g, '$1') : written;
}
