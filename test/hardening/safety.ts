// What "safe Markdown" means for everything a note can put in front of a user: rendered by
// a permissive Markdown renderer (raw HTML on, bare URLs and e-mail addresses linked as
// GitHub-flavoured Markdown and VS Code's hovers do, no URL filter of its own), it yields no
// HTML, and every link or image it makes points at http, https or file. The renderer's own
// link filter is switched off so that it cannot hide a dangerous link that our escaping let
// through.

import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

const renderer = new MarkdownIt({ html: true, linkify: true });
renderer.validateLink = () => true;
// Protocol-relative `//host` is linked by this renderer alone, not by GFM or VS Code.
renderer.linkify.add('//', null);

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'file:']);

/** True when a link target's scheme is http, https or file (a malformed host is still a web link). */
/** A control, zero-width or bidi character no text shown to the user may hold; the zero-width joiner only inside an emoji sequence (👩‍🍳). */
export const CONTROL_OR_BIDI = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|(?<!\p{Extended_Pictographic}[\ufe0f\u{1f3fb}-\u{1f3ff}]?)\u200d|\u200d(?!\p{Extended_Pictographic})/u;

export function isHttpOrFile(url: string): boolean {
  try {
    return SAFE_PROTOCOLS.has(new URL(url).protocol);
  } catch {
    return /^(?:https?|file):/i.test(url);
  }
}

/** A link target as a browser would read its scheme: percent-escapes decoded where possible. */
function decoded(target: string): string {
  try {
    return decodeURIComponent(target);
  } catch {
    return target;
  }
}

function* allTokens(tokens: Token[]): Generator<Token> {
  for (const token of tokens) {
    yield token;
    if (token.children) yield* allTokens(token.children);
  }
}

/** The targets of every link and image that the Markdown renders to. */
export function renderedTargets(markdown: string): string[] {
  const targets: string[] = [];
  for (const token of allTokens(renderer.parse(markdown, {}))) {
    if (token.type === 'link_open') targets.push(String(token.attrGet('href') ?? ''));
    if (token.type === 'image') targets.push(String(token.attrGet('src') ?? ''));
  }
  return targets;
}

/** Fails when the Markdown would render HTML or a link to anything but http, https or file. */
export function assertSafeMarkdown(markdown: string, context = ''): void {
  const where = context ? ` (${context})` : '';
  for (const token of allTokens(renderer.parse(markdown, {}))) {
    assert.ok(token.type !== 'html_block' && token.type !== 'html_inline', `raw HTML survives${where}: ${JSON.stringify(token.content)}`);
  }
  for (const target of renderedTargets(markdown)) {
    assert.ok(isHttpOrFile(target), `a clickable link to ${JSON.stringify(target)}${where}`);
    assert.ok(!/^\s*command:/i.test(decoded(target)), `a command link${where}: ${target}`);
  }
  const rendered = renderer.render(markdown);
  assert.ok(!/<(?:script|iframe|object|embed|svg|img|a)\b[^>]*\bon\w+=/i.test(rendered), `an event handler survives${where}`);
}

/** The HTML a Markdown renderer that allows HTML and autolinks makes of `markdown`. */
export function rendered(markdown: string): string {
  return renderer.render(markdown);
}
