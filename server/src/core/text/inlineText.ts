// A note's inline Markdown read once, left to right, by every place that takes things out of a
// definition's text: the glossary reader (which keeps the rest as the model's text), the
// glossary a code action writes into a doc, the card printed as plain text. Inline links and
// images as CommonMark reads them (markdownLinks.ts), wikilinks, autolinks, HTML comments and
// tags (inlineHtml.ts), bare URLs; and code spans (codeSpans.ts), whose content is code: `F<A>`
// is no tag, `` `[x](y)` `` no link, and both stay as written.

import { codeSpans } from './codeSpans';
import { HTML_COMMENT, HTML_TAG } from './inlineHtml';
import { linkDestination, MARKDOWN_LINK_SOURCE } from './markdownLinks';

// Groups: 1 `!` of an image, 2 the label, 3 an angled destination, 4 a bare one; 5 a
// wikilink's target, 6 the words it shows; 7 an autolink's URL; 8 a bare URL. A comment or a
// tag has none.
const INLINE_PARTS = new RegExp([
  `(!?)${MARKDOWN_LINK_SOURCE}`,
  String.raw`\[\[([^[\]|#]+)(?:#[^[\]|]*)?(?:\|([^[\]]+))?\]\]`,
  String.raw`<((?:https?|ftp):\/\/[^<>\s]+)>`,
  HTML_COMMENT.source,
  HTML_TAG.source,
  String.raw`(\bhttps?:\/\/[^\s<>()[\]]+[^\s<>()[\].,;:!?'"])`,
].join('|'), 'g');

export interface InlineReading {
  /** An inline link: kept as written, or its label. */
  links: 'keep' | 'label';
  /** An image: taken out, or its label (its alternative text). */
  images: 'out' | 'label';
  /** An autolink or a bare URL: taken out, or its address as text. */
  urls: 'out' | 'address';
  /** Receives the URL of every link, autolink and bare URL, with the label of a link. */
  found?: { url: string; label: string }[];
}

/**
 * The text with its links, images, URLs, wikilinks and HTML read as `how` says (a wikilink is
 * the words it shows, HTML is taken out), white space folded. A code span stays as written,
 * though a link's label may hold one whole (`` [`Vec<T>`](url) ``).
 */
export function readInline(written: string, how: InlineReading): string {
  // Line breaks folded first: a tag written over two lines is a tag on one.
  const markdown = written.replace(LINE_BREAK, ' ');
  // Most definitions hold none of these: no part can start without one.
  if (!markdown.includes('[') && !markdown.includes('<') && !markdown.includes('://')) return fold(markdown);
  const spans = codeSpans(markdown);
  const pattern = new RegExp(INLINE_PARTS.source, 'g');
  let read = '';
  let at = 0;
  let span = 0;
  for (let match = pattern.exec(markdown); match; match = pattern.exec(markdown)) {
    const start = match.index;
    const end = start + match[0].length;
    const [whole, bang, label, angled, bare, target, shown, autolink, url] = match;
    while (span < spans.length && spans[span][1] <= start) span++;
    if (span < spans.length && spans[span][0] <= start) {
      // It starts in code: read on after the code span.
      pattern.lastIndex = spans[span][1];
      continue;
    }
    if (span < spans.length && spans[span][0] < end && !spansInLabel(spans, span, end, start + (bang?.length ?? 0) + 1, label)) {
      // It runs into code, which no part but a link's label may hold.
      pattern.lastIndex = start + 1;
      continue;
    }
    read += markdown.slice(at, start);
    at = end;
    if (label !== undefined) {
      const destination = linkDestination([whole, label, angled, bare] as string[]);
      if (bang) {
        if (how.images === 'label') read += label;
        continue;
      }
      if (destination) how.found?.push({ url: destination, label });
      read += how.links === 'keep' ? withoutTabs(whole, (bang?.length ?? 0) + label.length + 3, angled ?? bare ?? '') : label;
    } else if (target !== undefined) read += (shown ?? target).trim();
    else if (autolink !== undefined || url !== undefined) {
      how.found?.push({ url: autolink ?? url, label: '' });
      if (how.urls === 'address') read += autolink ?? url;
    }
  }
  return fold(at === 0 ? markdown : read + markdown.slice(at));
}

/**
 * A link as written, without the tabs in its destination (which starts at or after `from`):
 * the URL parser drops them, and the folding of white space would make spaces of them, which
 * end a destination (markdownLinks.ts).
 */
function withoutTabs(link: string, from: number, destination: string): string {
  if (!destination.includes('\t')) return link;
  const at = link.indexOf(destination, from);
  return link.slice(0, at) + destination.replace(/\t/g, '') + link.slice(at + destination.length);
}

/** True when the code spans from `first` on that start before `end` all lie inside a link's label, which starts at `labelStart`. */
function spansInLabel(spans: [number, number][], first: number, end: number, labelStart: number, label: string | undefined): boolean {
  if (label === undefined) return false;
  const labelEnd = labelStart + label.length;
  for (let next = first; next < spans.length && spans[next][0] < end; next++) {
    if (spans[next][0] < labelStart || spans[next][1] > labelEnd) return false;
  }
  return true;
}

/** A line break with the blanks around it. The lookbehind lets only a run's first blank start a match: a long run without a break costs linear time. */
const LINE_BREAK = /(?<![ \t])[ \t]*[\r\n]\s*/g;

function fold(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
