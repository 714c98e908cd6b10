// Quotes: `> text - Source`, a quotation whose trailing URL, `- Name` or citation is its
// source, and `> ❓ …`, the author's open question. A quote belongs to the definition it
// follows, else to the topic.

import type { Citation, Definition, Quote } from '../../model';
import type { FoundLink, LineContent, ParseState } from './parseState';
import { foldSpaces } from './prose';

/** Reads a quote line: a question to remember, or a quote of the note and of its definition. */
export function readQuote(state: ParseState, at: LineContent): void {
  const { content, line } = at;
  if (content.startsWith('❓')) {
    state.remind('question', content.replace(/^❓\uFE0F?\s*/u, ''), line);
    return;
  }
  const sourceAt = trailingSource(content);
  const parsedQuote: Quote = { text: quoteText(content, sourceAt), range: state.lineRange(line), source: quoteSource(content, sourceAt, at.links, at.citations) };
  state.note.quotes.push(parsedQuote);
  const owner = state.owner;
  (owner ?? state.topicDefinition)?.quotes.push(parsedQuote);
  if (owner) {
    owner.continuation.push(parsedQuote.text);
    owner.range = { start: owner.range.start, end: state.lineRange(line).end };
  }
}

/** A topic's text when it has none of its own: the opening words of its first quote. */
export function firstWords(topic: Definition): string {
  const quote = topic.quotes[0]?.text;
  if (!quote) return '';
  return quote.length > 200 ? quote.slice(0, 197).replace(/\s+\S*$/, '') + '…' : quote;
}

// A URL with the white space before it. The lookbehind lets only the first space of a run
// start a match; without it, each space of a long run would be scanned to the run's end.
const URL_AND_SPACE_BEFORE = /(?<!\s)\s*https?:\/\/\S+/g;

/** A quote line without its trailing source (`- Name`, a URL), which starts at `sourceAt`. */
function quoteText(content: string, sourceAt: number | undefined): string {
  const text = sourceAt === undefined ? content : content.slice(0, sourceAt);
  return foldSpaces(withoutUrls(text, ' '));
}

/** `text` with each URL and the white space before it replaced. */
function withoutUrls(text: string, replacement: string): string {
  // Only a line that holds `http` can hold a URL: the others are not searched.
  return text.includes('http') ? text.replace(URL_AND_SPACE_BEFORE, replacement) : text;
}

/** Where a quote's ` - Source` begins (the last ` - ` followed by a name or URL), if anywhere. */
function trailingSource(content: string): number | undefined {
  const dash = content.lastIndexOf(' - ');
  if (dash === -1) return undefined;
  const after = content.slice(dash + 3).trim();
  return SOURCE_START.test(after) ? dash : undefined;
}
const SOURCE_START = /^(?:https?:|[A-Z])/;

function quoteSource(content: string, sourceAt: number | undefined, links: FoundLink[], citations: Citation[]): Quote['source'] {
  const url = links.length > 0 ? links[links.length - 1].url : undefined;
  const name = sourceAt === undefined ? undefined : withoutUrls(content.slice(sourceAt + 3), '').trim() || undefined;
  const citation = citations[citations.length - 1];
  if (!url && !name && !citation) return undefined;
  return { url, name, citation };
}
