// Links that leave the server, over JSON-RPC: a note that writes a local file's link so that a
// check of the raw text (`FILE:`, `File:`, a leading space) takes it for a web link must never
// get that file opened by the operating system, offered as a reference, carried by a search
// item or an outline node, or made clickable in a hover. Only http(s) goes to the browser,
// and only the indexed notes open, inside the editor.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest, CodeActionResolveRequest, ErrorCodes, ExecuteCommandRequest, HoverRequest,
  type CodeAction, type MarkupContent, type ResponseError, type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { Commands, SearchRequest, type OutlineNode } from '../../server/src/protocol';
import { renderedTargets } from '../hardening/safety';
import { bundledNotesFolder, locate, readFixture, startClient, type TestClient } from './helpers';
import { wholeOutline } from './outlineRows';

const fileLinks = readFixture('hostile/file-links.md');
const otherNote = '# DATA\n\n## storage\n\n* _cold storage_: data kept where it is cheap to keep\n';
// Written once the folder is known: a link to an indexed note, with its scheme in capitals.
const linkingNote = (otherFile: string) => `# LINKS\n\n## between notes\n\n* _note link_: see [the storage note](FILE://${otherFile.replace(/\\/g, '/').replace(/^(?=[A-Za-z]:)/, '/')})\n`;
const design = 'The terminal manual, the password file, the system shell, the mixed case shell, the network share, the web manual and the note link.\n';

/** The raw links of the fixture, as a note or a client could send them to be opened. */
const HOSTILE_URLS = [
  'FILE:///usr/bin/xterm', ' file:///etc/passwd', 'File:///bin/sh', 'fIlE:///bin/sh', 'file:\\\\etc\\passwd', '\tfile:///etc/passwd',
  'fi\tle:///bin/sh', 'file://evil.example/share/notes.md', 'FILE://localhost/usr/bin/xterm', 'file:///usr/bin/xterm#L1',
];
const TERMS = ['terminal manual', 'password file', 'system shell', 'mixed case shell', 'network share'];

describe('server: links that leave the server', () => {
  let client: TestClient;
  let noteUris: string[];
  let otherUri: string;
  const designUri = () => client.uri('design.md');

  before(async () => {
    client = await startClient({ files: { 'notes/file-links.md': fileLinks, 'notes/other.md': otherNote }, initializationOptions: { notesPaths: ['notes'] } });
    otherUri = client.uri('notes/other.md');
    client.write('notes/linking.md', linkingNote(path.join(client.folder, 'notes', 'other.md')));
    // The note written after the first index is read in when it is opened.
    await client.open(client.uri('notes/linking.md'), linkingNote(path.join(client.folder, 'notes', 'other.md')));
    noteUris = ['notes/file-links.md', 'notes/other.md', 'notes/linking.md'].map((relative) => client.uri(relative));
    await client.open(designUri(), design);
  });
  after(() => client.dispose());

  /** True for a file URL of one of the notes the server indexed (the bundled ones included). */
  const isIndexedNote = (url: string) => {
    const bare = url.replace(/#.*$/, '');
    return noteUris.includes(bare) || bare.startsWith(pathToFileURL(bundledNotesFolder).href + '/');
  };
  /** A URL that may leave the server: http(s), or an indexed note exactly as the server indexed it. */
  const mayLeave = (url: string | undefined) => url === undefined || /^https?:\/\//.test(url) || isIndexedNote(url);

  async function actionsOn(term: string): Promise<CodeAction[]> {
    const at = locate(design, term).at;
    return await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: designUri() }, range: { start: at, end: at }, context: { diagnostics: [] } }) as CodeAction[];
  }

  it('offers no local file outside the notes as a reference to open', async () => {
    for (const term of TERMS) {
      for (const action of await actionsOn(term)) {
        if (action.command?.command !== Commands.openReference) continue;
        const url = action.command.arguments?.[0] as string;
        assert.ok(mayLeave(url), `${term}: "${action.title}" opens ${JSON.stringify(url)}`);
      }
    }
  });

  it('writes no local file outside the notes into a document as a link', async () => {
    for (const term of TERMS) {
      for (const action of await actionsOn(term)) {
        for (const edit of (action.edit?.changes?.[designUri()] ?? []) as TextEdit[]) {
          assert.ok(!/file:|xterm|passwd|bin.sh/i.test(edit.newText), `${term}: "${action.title}" writes ${JSON.stringify(edit.newText)}`);
        }
      }
    }
    const start = { line: 0, character: 0 };
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: designUri() }, range: { start, end: start }, context: { diagnostics: [], only: ['source'] } }) as CodeAction[];
    const add = actions.find((a) => a.kind === 'source.architectureNotes.insertGlossary');
    assert.ok(add, 'the design doc uses terms with references');
    const resolved = await client.connection.sendRequest(CodeActionResolveRequest.type, add);
    const newText = ((resolved.edit?.changes?.[designUri()] ?? []) as TextEdit[]).map((e) => e.newText).join('\n');
    assert.ok(newText.includes('https://example.com/manual'), newText);
    assert.ok(!/xterm|passwd|bin.sh|evil\.example/i.test(newText), newText);
  });

  it('refuses to open each spelling of a local file outside the notes, and never asks the editor to', async () => {
    const before = client.requests.length;
    for (const url of HOSTILE_URLS) {
      await assert.rejects(
        client.connection.sendRequest(ExecuteCommandRequest.type, { command: Commands.openReference, arguments: [url] }),
        (error: ResponseError<unknown>) => error.code === ErrorCodes.InvalidParams && /Refusing to open/.test(error.message),
        JSON.stringify(url),
      );
    }
    assert.deepEqual(client.requests.slice(before).filter((r) => r.method === 'window/showDocument'), []);
  });

  it('opens a note linked with a capitalised scheme inside the editor, by the normalised URL', async () => {
    const at = locate(design, 'note link').at;
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: designUri() }, range: { start: at, end: at }, context: { diagnostics: [] } }) as CodeAction[];
    const open = actions.find((a) => a.command?.command === Commands.openReference);
    assert.deepEqual(open?.command?.arguments, [otherUri]);
    for (const url of [otherUri.replace(/^file:/, 'FILE:'), ` ${otherUri}`]) {
      assert.equal(await client.connection.sendRequest(ExecuteCommandRequest.type, { command: Commands.openReference, arguments: [url] }), true);
      const shown = client.requests.filter((r) => r.method === 'window/showDocument').pop();
      assert.deepEqual(shown?.params, { uri: otherUri, external: false, takeFocus: true }, JSON.stringify(url));
    }
  });

  it('opens a web link in the browser', async () => {
    await client.connection.sendRequest(ExecuteCommandRequest.type, { command: Commands.openReference, arguments: [' HTTPS://Example.com/manual'] });
    const shown = client.requests.filter((r) => r.method === 'window/showDocument').pop();
    assert.deepEqual(shown?.params, { uri: 'https://example.com/manual', external: true, takeFocus: true });
  });

  it('search items carry no local file outside the notes', async () => {
    for (const query of ['manual', 'passwd', 'shell', 'share', 'password file']) {
      for (const item of await client.connection.sendRequest(SearchRequest, { query, limit: 50 })) {
        assert.ok(mayLeave(item.url), `${query}: ${JSON.stringify(item)}`);
      }
    }
    const [web] = await client.connection.sendRequest(SearchRequest, { query: 'web manual', kinds: ['link'], limit: 1 });
    assert.equal(web?.url, 'https://example.com/manual');
  });

  it('outline nodes carry no local file outside the notes', async () => {
    const outline = await wholeOutline(client.connection);
    const fixtureTree = outline.find((n) => n.uri === noteUris[0]);
    assert.ok(fixtureTree, 'the fixture is indexed');
    const walk = function* (node: OutlineNode): Generator<OutlineNode> {
      yield node;
      for (const child of node.children ?? []) yield* walk(child);
    };
    const nodes = outline.flatMap((tree) => [...walk(tree)]);
    for (const node of nodes) assert.ok(mayLeave(node.url), JSON.stringify({ label: node.label, url: node.url }));
    assert.ok(nodes.some((n) => n.url === 'https://example.com/manual'), 'the web link is still there');
  });

  it('hovers make no local file outside the notes clickable', async () => {
    for (const term of TERMS) {
      const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: designUri() }, position: locate(design, term).at });
      assert.ok(hover, term);
      const markdown = (hover.contents as MarkupContent).value;
      for (const target of renderedTargets(markdown)) assert.ok(mayLeave(target), `${term}: a clickable ${JSON.stringify(target)} in ${markdown}`);
    }
  });
});
