// The URL policy (core/urlPolicy.ts) as properties: whatever the raw text of a link (the
// scheme in any case, white space and control characters around it or inside it, which the
// WHATWG parser drops, percent-encoding, fullwidth look-alikes, backslashes and slashes), the
// policy never sends a non-web URL to the browser, never opens a file that is not an indexed
// note, and passes on only the parser's own URL.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { markdownLink } from '../../server/src/core/query/present';
import { hostOf, judgeLink, parseLink, type LinkVerdict } from '../../server/src/core/query/urlPolicy';
import { runs } from './bounds';
import { renderedTargets } from './safety';

const INDEXED = new Set(['file:///notes/a.md', 'file:///notes/b%20c.md']);
const isIndexedNote = (url: string) => INDEXED.has(url);

/** The scheme the WHATWG parser reads, or undefined when the text is no URL. */
function parsedScheme(raw: string): string | undefined {
  try {
    return new URL(raw).protocol;
  } catch {
    return undefined;
  }
}

const withoutQueryOrFragment = (href: string) => {
  const url = new URL(href);
  url.search = '';
  url.hash = '';
  return url.href;
};

const toFullwidth = (text: string) => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** A scheme name, each letter in either case, fullwidth now and then, with tabs or line breaks inside. */
const scheme = fc
  .tuple(
    fc.constantFrom('file', 'http', 'https', 'command', 'javascript', 'data', 'mailto', 'ftp', 'vscode', 'vscode-insiders', 'jar', 'smb'),
    fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
    fc.array(fc.constantFrom('', '', '', '\t', '\n', '\r', '\u0000', ' '), { minLength: 16, maxLength: 16 }),
    fc.nat(9),
  )
  .map(([name, upper, inserted, fullwidth]) => {
    const cased = [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c) + inserted[i]).join('');
    return fullwidth === 0 ? toFullwidth(cased) : cased;
  });
const colon = fc.constantFrom(':', ':', ':', '：', '%3A', '\t:');
const slashes = fc.constantFrom('', '/', '//', '///', '////', '\\', '\\\\', '\\\\\\', '/\\', '\\/', '//localhost/', '//evil.example/', '//LOCALHOST', '/\t/');
const rest = fc.oneof(
  fc.constantFrom(
    'notes/a.md', '/notes/a.md', 'usr/bin/xterm', 'etc/passwd', 'bin/sh', 'notes/%61.md', 'notes/a%2Emd', 'notes/../notes/a.md', 'notes/./a.md',
    'notes/a.md#L3,1', 'notes/a.md?x=1', 'notes/b c.md', 'notes/b%20c.md', 'notes%2Fa.md', 'notes\\a.md', 'example.com/manual', 'Example.COM',
    'ｅｘａｍｐｌｅ.com/a', 'workbench.action.quit', 'alert(1)', 'text/html,<b>x</b>', 'someone@example.com', '%2e%2e/etc/passwd', 'C:/Windows/system32/calc.exe',
  ),
  fc.string({ maxLength: 20 }),
);
const padding = fc.array(fc.constantFrom(' ', '\t', '\n', '\r', '\u0000', '\u001f', '\u00a0', '\u3000', '\ufeff', '\u200b'), { maxLength: 3 }).map((units) => units.join(''));

/** A raw link as a note could write it. */
const rawLink = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(padding, scheme, colon, slashes, rest, padding).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
);

describe('hardening: the URL policy', () => {
  it('never sends to the browser a URL whose parsed scheme is not http or https', () => {
    fc.assert(fc.property(rawLink, (raw) => {
      const verdict = judgeLink(raw, isIndexedNote);
      if (verdict.open !== 'external') return;
      assert.ok(['http:', 'https:'].includes(parsedScheme(raw) ?? ''), JSON.stringify(raw));
      assert.ok(['http:', 'https:'].includes(parsedScheme(verdict.href) ?? ''), verdict.href);
    }), { numRuns: runs(3000) });
  });

  it('never opens a file that is not an indexed note, and a note only inside the editor', () => {
    fc.assert(fc.property(rawLink, (raw) => {
      const verdict = judgeLink(raw, isIndexedNote);
      if (parsedScheme(raw) === 'file:') assert.notEqual(verdict.open, 'external', JSON.stringify(raw));
      if (verdict.open !== 'editor') return;
      assert.equal(parsedScheme(verdict.href), 'file:');
      assert.ok(INDEXED.has(withoutQueryOrFragment(verdict.href)), `${JSON.stringify(raw)} opens ${verdict.href}`);
    }), { numRuns: runs(3000) });
  });

  it('passes on exactly the URL the parser read, and asks about files only by their parsed URL', () => {
    fc.assert(fc.property(rawLink, (raw) => {
      const asked: string[] = [];
      const verdict = judgeLink(raw, (url) => {
        asked.push(url);
        return isIndexedNote(url);
      });
      for (const url of asked) assert.equal(url, withoutQueryOrFragment(new URL(raw).href));
      if (verdict.open === 'external') assert.equal(verdict.href, new URL(raw).href);
      // A note opens by its URL without the query, and with no fragment but a line anchor.
      if (verdict.open === 'editor') {
        const opened = new URL(verdict.href);
        assert.equal(withoutQueryOrFragment(verdict.href), withoutQueryOrFragment(new URL(raw).href));
        assert.equal(opened.search, '');
        assert.match(opened.hash, /^(#L\d+(,\d+)?)?$/);
      }
      // Judging the URL passed on gives the same answer: what was checked is what is opened.
      if (verdict.open !== 'never') assert.deepEqual(judgeLink(verdict.href, isIndexedNote), verdict);
    }), { numRuns: runs(3000) });
  });

  it('opens a note by its own URI, not by the spelling the note wrote', () => {
    const own = 'file:///notes/n.md';
    const canonical = (url: string) => (new URL(url).pathname.replace(/^\/+/, '/').replace('%6E', 'n') === '/notes/n.md' ? own : undefined);
    for (const written of ['file:////notes/n.md', 'file:///notes/%6E.md', 'file:///notes/n.md?q=command:x', 'file:///notes/n.md#command:x', 'file://localhost/notes/n.md', 'file:/notes/n.md']) {
      assert.deepEqual(judgeLink(written, canonical), { open: 'editor', href: own }, written);
    }
    assert.deepEqual(judgeLink('file:///notes/n.md#L12,4', canonical), { open: 'editor', href: `${own}#L12,4` });
  });

  it('anything but http, https and file is never a link, whatever the predicate says', () => {
    fc.assert(fc.property(rawLink, (raw) => {
      const scheme = parsedScheme(raw);
      if (scheme === 'http:' || scheme === 'https:' || scheme === 'file:') return;
      assert.equal(judgeLink(raw, () => true).open, 'never', JSON.stringify(raw));
      assert.equal(parseLink(raw).scheme, 'none');
      assert.equal(hostOf(raw), '');
    }), { numRuns: runs(3000) });
  });

  it('a hover link made of any raw URL points only at the web or an indexed note', () => {
    fc.assert(fc.property(rawLink, fc.string({ maxLength: 20 }), (raw, text) => {
      for (const target of renderedTargets(markdownLink(text, raw, isIndexedNote))) {
        const scheme = parsedScheme(target);
        assert.ok(scheme === 'http:' || scheme === 'https:' || (scheme === 'file:' && INDEXED.has(withoutQueryOrFragment(target))), `${JSON.stringify(raw)} → ${target}`);
      }
    }), { numRuns: runs(1000) });
  });

  it('reads the spellings a check of the raw text gets wrong the way the browser does', () => {
    const cases: [string, LinkVerdict['open'], string?][] = [
      ['FILE:///usr/bin/xterm', 'never'],
      ['File:///bin/sh', 'never'],
      ['fIlE:///bin/sh', 'never'],
      [' file:///etc/passwd', 'never'],
      ['file:\\\\\\etc\\passwd', 'never'],
      ['file://evil.example/share/a.md', 'never'],
      ['ＦＩＬＥ:///usr/bin/xterm', 'never'],
      ['file：///usr/bin/xterm', 'never'],
      ['//evil.example/x', 'never'],
      ['command:workbench.action.quit', 'never'],
      ['vscode://evil/x', 'never'],
      ['javascript:alert(1)', 'never'],
      ['data:text/html,x', 'never'],
      ['mailto:someone@example.com', 'never'],
      ['ftp://files.example/x', 'never'],
      ['FILE:///notes/a.md', 'editor', 'file:///notes/a.md'],
      [' \tfi\tle:///notes/a.md#L3 ', 'editor', 'file:///notes/a.md#L3'],
      ['file://LOCALHOST/notes/a.md', 'editor', 'file:///notes/a.md'],
      ['file:\\\\\\notes\\a.md', 'editor', 'file:///notes/a.md'],
      ['file:///notes/b c.md', 'editor', 'file:///notes/b%20c.md'],
      ['HTTPS://Example.COM/manual', 'external', 'https://example.com/manual'],
      ['\nhttp:\\\\evil.example\\x', 'external', 'http://evil.example/x'],
      ['https://ｅｘａｍｐｌｅ.com/a', 'external', 'https://example.com/a'],
    ];
    for (const [raw, open, href] of cases) {
      const verdict = judgeLink(raw, isIndexedNote);
      assert.equal(verdict.open, open, JSON.stringify(raw));
      if (href) assert.deepEqual(verdict, { open, href }, JSON.stringify(raw));
    }
    // Without knowing the index, no file link opens.
    assert.equal(judgeLink('file:///notes/a.md').open, 'never');
  });

  it('takes a web link only to a host a browser could reach, and shows anything else that looks like one as code', () => {
    // The parser reads `http:$:0` as the host `$`, which a Markdown renderer rewrites into `http://:0$/`.
    for (const raw of ['http:$:0', 'https://a^b.example/', 'http://exa mple.com']) assert.equal(judgeLink(raw).open, 'never', raw);
    for (const raw of ['https://example.com/x', 'http://my_host.example.org', 'http://[::1]:8080/', 'http://127.0.0.1/', 'https://bücher.example/']) assert.equal(judgeLink(raw).open, 'external', raw);
    // Text that a renderer would link by itself, though the parser refuses it, is a code span: nothing to click.
    assert.deepEqual(renderedTargets(markdownLink('', 'http://^')), []);
    assert.deepEqual(renderedTargets(markdownLink('see', 'https://example.com/a')), ['https://example.com/a']);
  });

  it('names a link by its parsed host or file name', () => {
    assert.equal(hostOf('HTTPS://www.Example.com/x'), 'example.com');
    assert.equal(hostOf('FILE:///usr/bin/xterm'), 'xterm');
    assert.equal(hostOf('file:///notes/b%20c.md'), 'b c.md');
    assert.equal(hostOf('file:///notes/%E0%A4%A.md'), '%E0%A4%A.md');
    assert.equal(hostOf('javascript:alert(1)'), '');
  });
});
