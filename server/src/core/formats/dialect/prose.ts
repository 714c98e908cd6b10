// A line's prose: its text with links cut out and white space folded, as mentions search it
// (model TextLine) and as a definition's text reads.

import type { FoundLink } from './parseState';

/**
 * Text as a reader reads it, white space folded: a bare URL cut out (the words before it
 * describe it, and it is kept as a link), a Markdown link reduced to its label ("see [the
 * ADR](adr/7.md) for why" reads "see the ADR for why"). `offset` is where `text` stands in
 * the line. `labels: false` cuts Markdown links out as well.
 */
export function plainText(text: string, links: readonly FoundLink[], offset: number, labels = true): string {
  if (links.length === 0) return foldSpaces(text);
  let read = '';
  let at = 0;
  for (const link of links) {
    const start = link.start - offset;
    if (start < at || start < 0) continue;
    // The label stands where its link stood, touching what touched the link ("**as in
    // [ADR 3](adr/3.md)**"); a URL cut out leaves a space, and takes the words that led in to
    // it ("…applied. See https://…" reads "…applied."), with the brackets they were in.
    let end = link.end - offset;
    // Only where the URL ends what they say: "see <https://…> for more" keeps its words.
    const endsThere = link.leadIn !== undefined && start - link.leadIn >= at && (ENDS_A_SENTENCE.test(text.slice(end, end + 3)) || onlyCitationsFrom(text, end));
    let cut = endsThere ? start - link.leadIn! : start;
    if (cut < start && text.charCodeAt(end) === 0x29) {
      const open = text.slice(at, cut).search(/\(\s*$/);
      if (open !== -1) {
        cut = at + open;
        end++;
      }
    }
    read += text.slice(at, cut) + ((labels && link.label) || ' ');
    at = end;
    // Led in at the text's end ("split reads from writes, cf. https://…"): nothing is left to
    // lead in from, and the comma that did goes too.
    if (cut < start && (text.slice(at).trim() === '' || onlyCitationsFrom(text, at))) read = trimEndWhere(read, SEPARATOR);
  }
  return foldSpaces(read + text.slice(at));
}

const SEPARATOR = /[\s,;:–—-]/;
/** After a URL: the end of the text or of a sentence, or the bracket its lead-in opened. */
const ENDS_A_SENTENCE = /^(?:\)|\s*$|[.;!?](?:\s|$))/;
/** After a URL, only citations to the text's end ("see https://… 📙 Nygard [98]"): they leave the prose, and the URL ends it. */
const ONLY_CITATIONS = /(?:\s*📙[^[\]📙]{0,200}\[[^[\]]{0,100}\])+\s*$/uy;

/** Tried where the text stands (sticky), not on a copy of the rest: a line of many links would copy it for each. */
function onlyCitationsFrom(text: string, from: number): boolean {
  ONLY_CITATIONS.lastIndex = from;
  return ONLY_CITATIONS.test(text);
}

// White space other than single spaces: trimmed text without any is already folded.
const UNFOLDED_SPACE = /[^\S ]| {2}/;

/**
 * `text.replace(/\s+/g, ' ').trim()`. Most text is already folded but for its ends, and
 * testing for that copies nothing, where the replacement builds a new string of every line.
 */
export function foldSpaces(text: string): string {
  const trimmed = text.trim();
  return UNFOLDED_SPACE.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
}

/**
 * `text` without the trailing characters that `strip` matches. A loop, because `[…]+$` tries
 * every position of every run and so is quadratic on a long run that does not end the text.
 */
export function trimEndWhere(text: string, strip: RegExp): string {
  let end = text.length;
  while (end > 0 && strip.test(text[end - 1])) end--;
  return text.slice(0, end);
}
