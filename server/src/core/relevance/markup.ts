// Where an occurrence sits in the doc's markup. The scan already skips code, URLs, HTML and
// front matter (index/matching/markdownSkips.ts); termAt asks the same of the same ranges
// here. Two more places are no mentions, judged from the characters around the occurrence
// so that the scan and a hover agree: a part of a code-like token (`SET_VAR`, `pkg.go.dev`,
// `golang.org/x/tools/go/packages`, `owner/repo#123`), and a part of a longer proper name
// that the doc writes in capitals ("Amazon Web Services", "Go Security team").

import { markdownSkips } from '../index/matching/markdownSkips';
import { urlSkips } from '../index/matching/urlSkips';

/** True when `offset` lies in a range the scan of `text` skips. */
export function insideSkippedMarkup(text: string, offset: number, markdown: boolean): boolean {
  const ranges = skippedRanges(text, markdown);
  let low = 0;
  let high = ranges.length / 2 - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (offset < ranges[2 * middle]) high = middle - 1;
    else if (offset >= ranges[2 * middle + 1]) low = middle + 1;
    else return true;
  }
  return false;
}

// A hover asks again and again about the same document: its ranges are kept for the last text.
let lastSkipped: { text: string; markdown: boolean; ranges: number[] } | undefined;

function skippedRanges(text: string, markdown: boolean): number[] {
  if (lastSkipped && lastSkipped.markdown === markdown && lastSkipped.text === text) return lastSkipped.ranges;
  const ranges = markdown ? markdownSkips(text) : urlSkips(text, 0, text.length, []);
  lastSkipped = { text, markdown, ranges };
  return ranges;
}

/** True when the occurrence text[start, end) is a part of a code-like token or of a longer proper name. */
export function partOfLongerName(text: string, start: number, end: number): boolean {
  return insideCodeToken(text, start, end) || insideProperName(text, start, end);
}

// Characters that make a token code or an address when they stand inside it (not at its
// edges): identifiers, paths, hosts, issue references, calls, assignments. A dot between
// two digits is a version number's, not a host's or a member's: `clientv3-grpc1.23` names
// etcd's client and the gRPC release it is built on.
const CODE_INSIDE = /[_\\#@=$&{}<>]|::|\(\)|\/.*\/|\p{L}\.[\p{L}\p{N}]|\p{N}\.\p{L}/u;
const TOKEN_EDGE = /^[("'\[*`{<]+|[)"'\]*`}>.,;:!?]+$/gu;
const LONGEST_TOKEN = 256;

/** True when the occurrence is a strict part of a token (a run without spaces) that reads as code or an address. */
function insideCodeToken(text: string, start: number, end: number): boolean {
  let from = start;
  while (from > 0 && start - from < LONGEST_TOKEN && !endsToken(text.charCodeAt(from - 1))) from--;
  let to = end;
  while (to < text.length && to - end < LONGEST_TOKEN && !endsToken(text.charCodeAt(to))) to++;
  if (from === start && to === end) return false;
  const token = text.slice(from, to).replace(TOKEN_EDGE, '');
  if (token === text.slice(start, end)) return false;
  return CODE_INSIDE.test(token);
}

/**
 * True when the occurrence is a whole identifier: no letter, digit, underscore or hyphen
 * joins it to the characters around it (`.`, `(`, `/`, `=` may: `order.legMagnitudePolicy()`).
 */
export function isWholeIdentifier(text: string, start: number, end: number): boolean {
  return !IDENTIFIER_CHARACTER.test(text.charAt(start - 1)) && !IDENTIFIER_CHARACTER.test(text.charAt(end));
}

const IDENTIFIER_CHARACTER = /[\p{L}\p{N}\p{M}_-]/u;

/** White space, and the brackets of a link around its text: `[circuit breaker](https://…)`. */
function endsToken(code: number): boolean {
  return isSpace(code) || code === 0x5b || code === 0x5d;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0xa0;
}

const CAPITALISED = /^\p{Lu}[\p{Ll}\p{N}'’-]*\p{Ll}[\p{Ll}\p{N}'’-]*$/u;
const WORD_BEFORE = /(\p{L}[\p{L}\p{N}'’-]*)([ \t]+)$/u;
const WORD_AFTER = /^[ \t]+(\p{L}[\p{L}\p{N}'’-]*)/u;
const SENTENCE_START = /(?:^|[.!?:;|>*#+-]|^\s*\d+[.)])\s*$/u;
const HEADING = /^[ \t]{0,3}#/;
/** The line under a setext heading: `===` or `---` alone on it. */
const SETEXT_UNDERLINE = /^[ \t]{0,3}(?:=+|-+)[ \t]*(?:\r?\n|$)/;
const NEIGHBOURHOOD = 64;

/**
 * True when the occurrence is written Capitalised inside a longer name of Capitalised words
 * (none starting a sentence): "Query" before "Frontend", "Web Services" and "Services" in
 * "Amazon Web Services"; but not one word ending a name of two ("Frontend" in "Query
 * Frontend", "Service" in "Scheduler Service"), which says what the named thing is.
 * Headings and link texts, written in title case ("[Creating a New Discovery Token]"), are
 * left alone: ATX headings (`## Client Overview`) and setext ones (a line underlined with
 * `===` or `---`, as etcd's design docs write them).
 */
function insideProperName(text: string, start: number, end: number): boolean {
  let firstEnd = start;
  while (firstEnd < end && !isSpace(text.charCodeAt(firstEnd))) firstEnd++;
  if (!CAPITALISED.test(text.slice(start, firstEnd))) return false;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (HEADING.test(text.slice(lineStart, Math.min(start, lineStart + NEIGHBOURHOOD)))) return false;
  if (isSetextHeading(text, start)) return false;
  const lineBefore = text.slice(lineStart, start);
  if (lineBefore.lastIndexOf('[') > lineBefore.lastIndexOf(']')) return false;
  const after = WORD_AFTER.exec(text.slice(end, end + NEIGHBOURHOOD));
  if (after && CAPITALISED.test(after[1])) return true;
  const namedBefore = capitalisedWordsBefore(text, lineStart, start);
  // The last word of a name of two says what the named thing is: the Scheduler Service is a
  // service, the Query Frontend a frontend, the Go Runtime a runtime (the word before it, as
  // "Query" is, only qualifies it). A longer name is a product's ("Amazon Web Services").
  return namedBefore > 1 || (namedBefore === 1 && firstEnd < end);
}

/**
 * True when the occurrence is a Capitalised word inside a sentence, after another word of it
 * on its line: not at a sentence's, line's, list item's or table cell's start, not in a heading
 * (where title case capitalises every word). "the Go client", "a public Git repository": the
 * writer spelled the word as a name.
 */
export function capitalisedInSentence(text: string, start: number, end: number): boolean {
  if (!CAPITALISED.test(text.slice(start, end))) return false;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (HEADING.test(text.slice(lineStart, Math.min(start, lineStart + NEIGHBOURHOOD))) || isSetextHeading(text, start)) return false;
  const before = text.slice(Math.max(lineStart, start - NEIGHBOURHOOD), start);
  return /\p{L}/u.test(before) && !SENTENCE_START.test(before.replace(/[\s"'“‘(\[_*`]+$/u, ''));
}

/** How many Capitalised words (at most two) stand right before `start` on its line, none starting a sentence. */
function capitalisedWordsBefore(text: string, lineStart: number, start: number): number {
  let count = 0;
  let at = start;
  while (count < 2) {
    const before = WORD_BEFORE.exec(text.slice(Math.max(lineStart, at - NEIGHBOURHOOD), at));
    if (!before || !CAPITALISED.test(before[1])) break;
    const beforeStart = at - before[0].length;
    if (SENTENCE_START.test(text.slice(Math.max(lineStart, beforeStart - NEIGHBOURHOOD), beforeStart))) break;
    count++;
    at = beforeStart;
  }
  return count;
}

/** True when the line holding `offset` is underlined as a setext heading. */
function isSetextHeading(text: string, offset: number): boolean {
  const lineEnd = text.indexOf('\n', offset);
  if (lineEnd === -1) return false;
  return SETEXT_UNDERLINE.test(text.slice(lineEnd + 1, lineEnd + 1 + NEIGHBOURHOOD));
}

// The signs that make a name another name: `N+1` is not `N-1`, `C#` is not `C`, `TCP/IP` not
// "TCP IP". The scan reads words and lets hyphens, dots and apostrophes vary; these it may not.
const SIGNIFICANT_SIGNS = /[+#&/@%*=<>~^|]/gu;
const HAS_SIGN = /[+#&/@%*=<>~^|]/u;

/** True when the occurrence writes other signs than every name the notes give the term. */
export function signsDisagree(written: string, names: readonly string[]): boolean {
  const signs = signsOf(written);
  if (signs === '' && names.every((name) => !HAS_SIGN.test(name))) return false;
  return !names.some((name) => signsOf(name) === signs);
}

function signsOf(text: string): string {
  return (text.match(SIGNIFICANT_SIGNS) ?? []).join('');
}
