// The one rule for every link that leaves the notes: hovers, code actions, the openReference
// command, search items, outline nodes, and the client that opens them. A URL written in a
// note is untrusted text. It is read by the WHATWG URL parser, judged by the scheme the parser
// found (a check of the raw text takes `FILE:`, ` file:` or `fi<TAB>le:` for something else),
// and only the parser's own `href` is passed on, so that what was judged is what gets opened.
//   http, https      → the browser
//   file             → inside the editor, and only when the file is one of the indexed notes
//   anything else    → never a link (command:, vscode:, javascript:, data:, mailto:, unparsable)

/**
 * Whether a `file:` URL (without query or fragment) names one of the indexed notes: that
 * note's own URI (or `true`: the URL given is it), else undefined or false.
 */
export type IndexedNoteTest = (fileUrl: string) => string | boolean | undefined;

/** What may be done with a URL from a note. */
export type LinkVerdict =
  | { open: 'external'; href: string }
  | { open: 'editor'; href: string }
  | { open: 'never'; reason: string };

/** A URL's scheme as the parser reads it, before anyone knows which notes are indexed. */
export type ParsedLink = { scheme: 'web' | 'file'; url: URL } | { scheme: 'none'; reason: string };

// Browsers refuse longer URLs; a longer one is no reference, and would bloat every hover.
export const MAX_URL_LENGTH = 8192;

const WEB_SCHEMES = new Set(['http:', 'https:']);
const WEB_HOST = /^(?:\[[0-9a-f:.]+\]|[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?)$/i;

/** Reads a URL and tells web links and file links from everything that is never a link. */
export function parseLink(raw: string): ParsedLink {
  if (raw.length > MAX_URL_LENGTH) return { scheme: 'none', reason: 'the URL is too long' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { scheme: 'none', reason: 'not a valid URL' };
  }
  if (WEB_SCHEMES.has(url.protocol)) {
    // The parser takes hosts no name server has (`http:$:0` has the host `$`), which Markdown
    // renderers then rewrite into something else again: only a host of a real name's letters
    // (the parser has already made an international name ASCII) or an IP address is a link.
    return WEB_HOST.test(url.hostname) ? { scheme: 'web', url } : { scheme: 'none', reason: 'the host is no name a browser could reach' };
  }
  // A host in a file URL is a network share (SMB on Windows): never a note.
  if (url.protocol === 'file:') return url.hostname === '' ? { scheme: 'file', url } : { scheme: 'none', reason: 'a file on another machine' };
  return { scheme: 'none', reason: `${url.protocol} links are never opened` };
}

/** The verdict on a URL: to the browser, into the editor (an indexed note), or never. */
export function judgeLink(raw: string, isIndexedNote: IndexedNoteTest = () => false): LinkVerdict {
  const parsed = parseLink(raw);
  if (parsed.scheme === 'none') return { open: 'never', reason: parsed.reason };
  if (parsed.scheme === 'web') return { open: 'external', href: parsed.url.href };
  const file = new URL(parsed.url.href);
  file.search = '';
  file.hash = '';
  const note = isIndexedNote(file.href);
  if (!note) return { open: 'never', reason: 'the file is not one of the indexed notes' };
  // The note's own URI is what opens, not the spelling the note wrote (`file:////…`, `%6E`,
  // `?query`): what was judged is what the editor gets. A line anchor (`#L12`) stays.
  return { open: 'editor', href: (typeof note === 'string' ? note : file.href) + (LINE_ANCHOR.test(parsed.url.hash) ? parsed.url.hash : '') };
}

const LINE_ANCHOR = /^#L\d{1,9}(?:,\d{1,9})?$/;

/** The normalised URL to pass on when the link may be opened; undefined when it may not. */
export function openableHref(raw: string, isIndexedNote?: IndexedNoteTest): string | undefined {
  const verdict = judgeLink(raw, isIndexedNote);
  return verdict.open === 'never' ? undefined : verdict.href;
}

/** The host of a URL without `www.`; for file URLs, the file name; '' for anything else. */
export function hostOf(raw: string): string {
  const parsed = parseLink(raw);
  if (parsed.scheme === 'none') return '';
  if (parsed.scheme === 'web') return parsed.url.hostname.replace(/^www\./, '');
  const name = parsed.url.pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
