// Untrusted content: notes written to attack the reader (test/fixtures/hostile/*.md). Their
// command, javascript and data links, raw HTML with handlers, link titles that try to break
// out of Markdown, and zero-width and bidi characters in terms must never become a clickable
// command, a non-web link, live HTML or a spoofed name in anything the core produces for a
// user: hovers and completion documentation (termMarkdown, markdownLink), terminal text
// (termText), outline and sidebar items (noteTree) and search items (NotesSearch).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NotesIndex, TermEntry } from '../../server/src/core/index/notesIndex';
import { referencesFor, termAt } from '../../server/src/core/query/lookup';
import type { Note } from '../../server/src/core/model';
import { noteTree, type TreeNode } from '../../server/src/core/query/outline';
import { parseNote } from '../../server/src/core/formats/dialect/parser';
import { escapeMarkdown, inlineMarkdown, markdownLink, plainText, termMarkdown, termText } from '../../server/src/core/query/present';
import { NotesSearch } from '../../server/src/core/query/search';
import { words } from '../../server/src/core/text/normalize';
import { exercise, fixturesFolder, seedIndex } from './pipeline';
import { assertSafeMarkdown, CONTROL_OR_BIDI, isHttpOrFile, rendered, renderedTargets } from './safety';

const hostileFolder = path.join(fixturesFolder, 'hostile');
const fixtureNames = fs.readdirSync(hostileFolder).filter((name) => name.endsWith('.md')).sort();

/** Characters that hide, reorder or control what a reader sees. */

interface Loaded {
  text: string;
  note: Note;
  index: NotesIndex;
  entries: TermEntry[];
}

function load(name: string): Loaded {
  const text = fs.readFileSync(path.join(hostileFolder, name), 'utf8');
  const uri = `file:///notes/hostile/${name}`;
  const note = parseNote(uri, text);
  const index = seedIndex();
  index.upsert(note);
  const entries = [...index.terms()].filter((entry) => entry.definitions.some((d) => d.uri === uri));
  return { text, note, index, entries };
}

function hoverOf(index: NotesIndex, entry: TermEntry): string {
  return termMarkdown(entry, referencesFor(index, entry.term, entry), {
    definitionLink: (definition) => `${definition.uri}#L${definition.termRange.start.line + 1}`,
    isIndexedNote: (url) => index.has(url),
  });
}

function* treeNodes(node: TreeNode): Generator<TreeNode> {
  yield node;
  for (const child of node.children) yield* treeNodes(child);
}

describe('hardening: hostile notes', () => {
  it('the fixtures are all there', () => {
    assert.deepEqual(fixtureNames, ['command-links.md', 'file-links.md', 'invisible.md', 'link-titles.md', 'raw-html.md', 'script-links.md']);
  });

  for (const name of fixtureNames) {
    describe(name, () => {
      const loaded = load(name);

      it('goes through the whole core without error', () => {
        exercise(loaded.text, { uri: `file:///notes/hostile/${name}` });
        assert.ok(loaded.entries.length > 0, 'the note defines terms');
      });

      it('hovers (and completion documentation) render no HTML and link only to http, https or file', () => {
        for (const entry of loaded.entries) assertSafeMarkdown(hoverOf(loaded.index, entry), `hover for ${JSON.stringify(entry.term)}`);
      });

      it('hovers carry no control, zero-width or bidi characters', () => {
        for (const entry of loaded.entries) {
          const hover = hoverOf(loaded.index, entry);
          assert.ok(!CONTROL_OR_BIDI.test(hover), `hover for ${JSON.stringify(entry.term)}: ${JSON.stringify(hover.match(CONTROL_OR_BIDI)?.[0])}`);
        }
      });

      it('every link of the note, shown with its description, is clickable only when it is http, https or file', () => {
        assert.ok(loaded.note.links.length > 0);
        for (const link of loaded.note.links) {
          const markdown = markdownLink(link.description, link.url);
          assertSafeMarkdown(markdown, link.url);
          if (!isHttpOrFile(link.url)) {
            assert.ok(!renderedTargets(markdown).some((target) => target === link.url), `${link.url} became a link`);
          }
        }
      });

      it('the hover of whatever term stands under the cursor, anywhere in the note, is safe', () => {
        const lines = loaded.text.split(/\r\n|\r|\n/);
        for (const line of lines) {
          for (const word of words(line)) {
            const found = termAt(loaded.index, line, word.start);
            if (found) assertSafeMarkdown(hoverOf(loaded.index, found.entry), `term under the cursor in ${JSON.stringify(line)}`);
          }
        }
      });

      it('terminal text holds no control, zero-width or bidi characters (no escape sequences reach a terminal)', () => {
        for (const entry of loaded.entries) {
          const text = termText(entry, referencesFor(loaded.index, entry.term, entry));
          const found = text.replace(/\n/g, '').match(CONTROL_OR_BIDI);
          assert.equal(found, null, `terminal text for ${JSON.stringify(entry.term)} holds ${JSON.stringify(found?.[0])}`);
        }
      });

      it('outline and sidebar items carry only http, https or file URLs', () => {
        for (const node of treeNodes(noteTree(loaded.note, name))) {
          if (node.url !== undefined) assert.ok(isHttpOrFile(node.url), `${node.kind} "${node.label}" carries ${node.url}`);
          if (node.kind === 'reference') assert.ok(isHttpOrFile(node.detail ?? ''), `reference detail ${node.detail}`);
        }
      });

      it('search items carry only http, https or file URLs', () => {
        const search = new NotesSearch(loaded.index);
        const queries = ['command', 'javascript', 'click', 'evil', 'alert', 'link', 'x', 'quote', ...loaded.entries.map((e) => e.term)];
        let results = 0;
        for (const query of queries) {
          for (const result of search.search(query)) {
            results++;
            if (result.url !== undefined) assert.ok(isHttpOrFile(result.url), `search "${query}" → ${result.kind} "${result.label}" carries ${result.url}`);
          }
        }
        assert.ok(results > 0, 'the searches found something');
      });
    });
  }

  it('the hostile links were read (so the checks above saw them) and safe links still work', () => {
    const commands = load('command-links.md');
    assert.ok(commands.note.links.filter((l) => /^command:/i.test(l.url.trim())).length >= 5);
    const withSafe = commands.entries.find((e) => e.term === 'openReference');
    assert.ok(withSafe, 'openReference is defined');
    assert.ok(renderedTargets(hoverOf(commands.index, withSafe)).includes('https://example.com/safe'));
    const scripts = load('script-links.md');
    // A file link is clickable only when it is an indexed note.
    scripts.index.upsert(parseNote('file:///notes/other.md', '# OTHER\n'));
    assert.ok(scripts.note.links.some((l) => /^javascript:/i.test(l.url)));
    const safe = scripts.entries.find((e) => e.term === 'safe links');
    assert.ok(safe);
    const targets = renderedTargets(hoverOf(scripts.index, safe));
    for (const expected of ['file:///notes/other.md', 'http://example.org/plain', 'https://example.com/docs']) assert.ok(targets.includes(expected), expected);
  });

  it('a local file outside the notes is never clickable in a hover, however its scheme is spelled', () => {
    const { index, entries } = load('file-links.md');
    const manual = entries.find((e) => e.term === 'terminal manual');
    assert.ok(manual && manual.definitions[0].links.some((l) => l.url === 'FILE:///usr/bin/xterm'), 'the capitalised link was read');
    for (const entry of entries) {
      const hover = hoverOf(index, entry);
      const files = renderedTargets(hover).filter((target) => /^file:/i.test(target.trim()) && !index.has(target.replace(/#.*$/, '')));
      assert.deepEqual(files, [], `hover for ${entry.term}`);
    }
    assert.ok(renderedTargets(hoverOf(index, entries.find((e) => e.term === 'web manual')!)).includes('https://example.com/manual'));
  });

  it('a term spelled with invisible characters is shown without them and does not merge with the plain term', () => {
    const { index, entries } = load('invisible.md');
    const spoof = entries.find((e) => e.term === 'ca\u200bche');
    assert.ok(spoof);
    assert.match(hoverOf(index, spoof), /^\*\*cache\*\*/);
    assert.notEqual(spoof, index.lookupExact('cache')[0]);
  });

  it('a definition keeps its emphasis, code and web links, and nothing else a note writes', () => {
    const definition = 'An **idempotency key** makes a `POST` safe to _retry_, see [the RFC](https://example.com/rfc) or *Stripe*.';
    const html = rendered(inlineMarkdown(definition));
    for (const part of ['<strong>idempotency key</strong>', '<code>POST</code>', '<em>retry</em>', '<a href="https://example.com/rfc">the RFC</a>', '<em>Stripe</em>']) assert.ok(html.includes(part), `${part} in ${html}`);
    for (const text of ['https://e.com/`<img onerror=x>`', 'a@b.co`[x](command:y)`', '**[x](command:y)**', '*<img src=x onerror=y>*', '`</code><script>x</script>`', '[**x**](javascript:y)', '__![x](https://e.com/i.png)__', '_[a](<command:x>)_', '**a** **', '* not a list', 'snake_case_names and 2*3*4']) {
      assertSafeMarkdown(inlineMarkdown(text), text);
      assert.ok(renderedTargets(inlineMarkdown(text)).every(isHttpOrFile), text);
    }
    // Words with underscores or stars inside are not emphasis, as in CommonMark.
    assert.ok(!rendered(inlineMarkdown('snake_case_names and 2*3*4')).includes('<em>'));
  });

  it('a definition shows an entity or an escaped character as a Markdown reader sees it, and a split surrogate as U+FFFD', () => {
    assert.equal(inlineMarkdown('&lt;script&gt; and \\*stars\\* &amp; `&lt;kept&gt;`'), '&lt;script&gt; and \\*stars\\* &amp; `&lt;kept&gt;`');
    assert.equal(rendered(inlineMarkdown('&lt;script&gt; and \\*stars\\*')), '<p>&lt;script&gt; and *stars*</p>\n');
    assert.equal(escapeMarkdown('X\uddf1 monolith \ud83d'), 'X\ufffd monolith \ufffd');
    assert.equal(escapeMarkdown('ok \ud83d\ude00'), 'ok \ud83d\ude00');
  });

  it('keeps the zero-width joiner inside an emoji sequence, and drops it anywhere else', () => {
    assert.equal(plainText('chef 👩\u200D🍳 and 👍🏽\u200D👩 and ❤️\u200D🔥'), 'chef 👩\u200D🍳 and 👍🏽\u200D👩 and ❤️\u200D🔥');
    assert.equal(plainText('ad\u200Dmin \u200D👩 👩\u200D x\u200C'), 'admin 👩 👩 x');
  });

  it('plainText gives what a reader sees of a line: link and image labels, wikilink names, no tag, comment or control character', () => {
    assert.equal(plainText('Idem [x](command:evil) <b>b</b>'), 'Idem x b');
    assert.equal(plainText('![logo](javascript:alert(1)) [[Sharding|shards]] and [[Raft]]'), 'logo shards and Raft');
    assert.equal(plainText('<img src=x onerror=alert(1)>see <https://example.com/a> <!-- hidden --> \u202Eevil\u202C'), 'see https://example.com/a evil');
    assert.equal(plainText('a < b and c > d, x <= y'), 'a < b and c > d, x <= y');
    assert.equal(plainText('A **write-ahead log** records each _change_ with `fsync`, *first*'), 'A write-ahead log records each change with fsync, first');
    assert.equal(plainText('snake_case_name and 2 * 3 * 4 stay'), 'snake_case_name and 2 * 3 * 4 stay');
    // Bounded patterns: a run of openers is read in linear time and kept as written.
    for (const opener of ['[', '<', '[[', '![', '<!--', '[x](']) {
      const run = opener.repeat(20_000);
      const started = process.hrtime.bigint();
      assert.equal(plainText(run + ' tail'), run + ' tail');
      assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 2_000, `a run of ${opener} took too long`);
    }
  });

  it('escapeMarkdown leaves no way to open a link, an image, HTML or an entity', () => {
    for (const text of ['[x](command:y)', '![x](javascript:y)', '<img src=x onerror=y>', '&#106;avascript:', '<command:x>', '[x]: command:y']) {
      assertSafeMarkdown(escapeMarkdown(text), text);
      assert.deepEqual(renderedTargets(escapeMarkdown(text)), [], text);
    }
  });
});
