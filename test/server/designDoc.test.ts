// The features a writer meets in an ordinary design doc (test/fixtures/design-doc.md), over a
// real JSON-RPC connection, with the bundled seed note as the only notes.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionRequest, CodeActionResolveRequest, CompletionRequest, CompletionResolveRequest, DefinitionRequest, DocumentHighlightRequest, ExecuteCommandRequest, HoverRequest,
  ReferencesRequest, ResponseError, WorkspaceSymbolRequest, type CodeAction, type Hover, type Location,
  type MarkupContent, type Position, type Range, type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { Commands, DocumentTermsRequest } from '../../server/src/protocol';
import { bundledNotesFolder, locate, positionAt, readFixture, seedNoteUri, startClient, textAt, unescapeMarkdown, type TestClient } from './helpers';

const doc = readFixture('design-doc.md');
const seed = fs.readFileSync(path.join(bundledNotesFolder, 'architecture.md'), 'utf8');

describe('server: a design doc', () => {
  let client: TestClient;
  let uri: string;

  before(async () => {
    client = await startClient();
    uri = client.uri('design-doc.md');
    await client.open(uri, doc);
  });
  after(() => client.dispose());

  const hover = (position: Position) => client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  const hoverText = (found: Hover) => unescapeMarkdown((found.contents as MarkupContent).value);
  const actionsAt = (range: Range, only?: string[]) =>
    client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [], only } }) as Promise<CodeAction[]>;
  /** The text a location covers, in the design doc or the seed note. */
  const locationText = (location: Location) => textAt(location.uri === uri ? doc : seed, location.range);

  describe('hover', () => {
    // [as written in the doc, which occurrence, the term the notes define]
    const cases: [string, number, string][] = [
      ['monoliths', 0, 'monolith'],
      ['circuit breakers', 0, 'circuit breaker'],
      ['Fan-Out', 0, 'fan out'],
      ['kill-switch', 0, 'kill switch'],
      ['SPoF', 0, 'SPoF'],
      ['SOA', 0, 'SOA'],
      ['yak shaving', 0, 'bikeshedding'],
      ['single point of failure', 0, 'SPoF'],
      ['microservices', 0, 'microservices'],
      ['Horizontal scaling', 0, 'horizontal scaling'],
      ['service mesh', 0, 'service mesh'],
    ];
    for (const [written, occurrence, term] of cases) {
      it(`finds "${term}" where the doc writes "${written}", over exactly those words`, async () => {
        const place = locate(doc, written, occurrence, Math.floor(written.length / 2));
        const found = await hover(place.at);
        assert.ok(found, `no hover on "${written}"`);
        assert.deepEqual(found.range, { start: place.start, end: place.end });
        assert.ok(hoverText(found).startsWith(`**${term}**`), hoverText(found));
      });
    }

    it('shows the section path, the citation and an "Open in notes" link for elastic', async () => {
      const found = await hover(locate(doc, 'elastic').at);
      assert.ok(found);
      const text = hoverText(found);
      assert.match(text, /\*ZA › semantics\*/);
      assert.match(text, /scales automatically with load/);
      assert.ok(text.includes('📙 Kleppmann, p. 17'), text);
      const [definition] = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: locate(doc, 'elastic').at }) as Location[];
      const open = (found.contents as MarkupContent).value.match(/\[Open in notes\]\(([^)]+)\)/);
      assert.ok(open, 'no "Open in notes" link');
      assert.equal(open[1], `${seedNoteUri}#L${definition.range.start.line + 1},${definition.range.start.character + 1}`);
    });

    it('lists the references with their hosts', async () => {
      const found = await hover(locate(doc, 'circuit breakers').at);
      assert.ok(found);
      const text = hoverText(found);
      assert.match(text, /\*\*References\*\*/);
      assert.ok(text.includes('- [error handling](https://github.com/Netflix/Hystrix/wiki/How-it-Works) (github.com)'), text);
    });

    it('finds nothing on ordinary words', async () => {
      for (const word of ['benefits', 'drawbacks', 'sink', 'the', 'system', 'Billing', 'network', 'deploy', 'payments', 'Friday']) {
        const found = await hover(locate(doc, word, 0, 1).at);
        assert.equal(found, null, `"${word}" got a hover: ${found && hoverText(found).split('\n')[0]}`);
      }
    });

    it('finds nothing inside inline code or a URL', async () => {
      assert.equal(await hover(locate(doc, '`circuit breaker`', 0, 3).at), null);
      assert.equal(await hover(locate(doc, 'service-mesh-evaluation', 0, 3).at), null);
    });
  });

  describe('code actions', () => {
    it('offers to open the references of a term', async () => {
      const at = locate(doc, 'circuit breakers').at;
      const actions = await actionsAt({ start: at, end: at });
      const open = actions.filter((a) => a.command?.command === Commands.openReference);
      assert.ok(open.length >= 1);
      assert.equal(open[0].title, 'Open reference: error handling (github.com/Netflix/Hystrix/wiki/How-it-Works)');
      assert.equal(open[0].kind, 'refactor.architectureNotes.openReference', 'a term is no problem: not a quick fix');
      assert.deepEqual(open[0].command?.arguments, ['https://github.com/Netflix/Hystrix/wiki/How-it-Works']);
    });

    it('offers to link the term as written, with a correct edit', async () => {
      const place = locate(doc, 'circuit breakers');
      const actions = await actionsAt({ start: place.at, end: place.at });
      const link = actions.find((a) => a.title === 'Link “circuit breakers” to github.com/Netflix/Hystrix/wiki/How-it-Works');
      assert.ok(link, actions.map((a) => a.title).join('; '));
      const edits = link.edit?.changes?.[uri] as TextEdit[];
      assert.deepEqual(edits, [{ range: { start: place.start, end: place.end }, newText: '[circuit breakers](https://github.com/Netflix/Hystrix/wiki/How-it-Works)' }]);
    });

    it('offers references for CQRS, which the notes mention but do not define', async () => {
      const at = locate(doc, 'CQRS').at;
      // Asked for quick fixes only, there are none: nothing is wrong with the doc.
      assert.deepEqual(await actionsAt({ start: at, end: at }, ['quickfix']), []);
      const actions = await actionsAt({ start: at, end: at }, ['refactor']);
      const urls = actions.filter((a) => a.command?.command === Commands.openReference).map((a) => a.command?.arguments?.[0]);
      assert.ok(urls.includes('https://roadmap.sh/backend'), JSON.stringify(urls));
    });

    it('inserts a glossary of the terms the document uses, built when picked', async () => {
      const start = { line: 0, character: 0 };
      const actions = await actionsAt({ start, end: start }, ['source']);
      const offered = actions.find((a) => a.title === 'Insert glossary of the terms this doc uses');
      assert.ok(offered, actions.map((a) => a.title).join('; '));
      assert.equal(offered.kind, 'source.architectureNotes.insertGlossary');
      assert.equal(offered.edit, undefined, 'the edit waits until the action is picked');
      const add = await client.connection.sendRequest(CodeActionResolveRequest.type, offered);
      const [edit] = add.edit?.changes?.[uri] as TextEdit[];
      const end = positionAt(doc, doc.length);
      assert.deepEqual(edit.range, { start: end, end }, 'the section goes at the end of the document');
      assert.match(edit.newText, /^\n?\n## Glossary\n\n/);
      assert.ok(edit.newText.includes('- **circuit breaker**: '), edit.newText);
      // The definition is written out; the link is labelled with where it goes.
      assert.ok(edit.newText.includes('- **circuit breaker**: error handling [github.com/Netflix/Hystrix/wiki/How-it-Works](https://github.com/Netflix/Hystrix/wiki/How-it-Works)'), edit.newText);
      // One line per term, however often the document uses it.
      const terms = edit.newText.split('\n').filter((l) => l.startsWith('- **')).map((l) => l.slice(4, l.indexOf('**', 4)));
      assert.equal(new Set(terms).size, terms.length);
      assert.ok(terms.includes('monolith') && terms.includes('SPoF'), terms.join(', '));
    });

    it('opens an https reference in the browser through window/showDocument', async () => {
      const result = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: Commands.openReference, arguments: ['https://github.com/Netflix/Hystrix/wiki/How-it-Works'] });
      assert.equal(result, true);
      const shown = client.requests.filter((r) => r.method === 'window/showDocument').pop();
      assert.deepEqual(shown?.params, { uri: 'https://github.com/Netflix/Hystrix/wiki/How-it-Works', external: true, takeFocus: true });
    });

    it('opens a note of the index inside the editor', async () => {
      await client.connection.sendRequest(ExecuteCommandRequest.type, { command: Commands.openReference, arguments: [seedNoteUri] });
      const shown = client.requests.filter((r) => r.method === 'window/showDocument').pop();
      assert.deepEqual(shown?.params, { uri: seedNoteUri, external: false, takeFocus: true });
    });

    it('refuses command:, javascript:, data: and files outside the notes, with an error', async () => {
      const before = client.requests.length;
      const outside = client.write('secret.md', 'not a note');
      for (const url of ['command:workbench.action.quit', 'javascript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd', outside]) {
        await assert.rejects(
          client.connection.sendRequest(ExecuteCommandRequest.type, { command: Commands.openReference, arguments: [url] }),
          (error: ResponseError<unknown>) => error.code === -32602 && /Refusing to open/.test(error.message),
          url,
        );
      }
      assert.equal(client.requests.length, before, 'nothing was shown');
    });
  });

  describe('navigation', () => {
    it('goes to every definition of a repeated term', async () => {
      const locations = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: locate(doc, 'Horizontal scaling').at }) as Location[];
      assert.equal(locations.length, 2);
      for (const location of locations) {
        assert.equal(location.uri, seedNoteUri);
        assert.equal(locationText(location), 'horizontal scaling');
      }
      const lines = seed.split('\n');
      const headingAbove = (line: number) => lines.slice(0, line).reverse().find((l) => l.startsWith('## '));
      assert.deepEqual(locations.map((l) => headingAbove(l.range.start.line)), ['## monolith', '## semantics']);
    });

    it('finds the references of a term, each over the words that name it', async () => {
      const position = locate(doc, 'Horizontal scaling').at;
      const withDeclarations = await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position, context: { includeDeclaration: true } }) as Location[];
      const names = /^(horizontal[ -]scaling|shared-nothing architecture)$/i;
      for (const location of withDeclarations) assert.match(locationText(location), names, JSON.stringify(location));
      assert.ok(withDeclarations.some((l) => l.uri === uri));
      // The seed quotes "horizontal-scaling" under the monolith topic: a use, not a definition.
      assert.ok(withDeclarations.some((l) => l.uri === seedNoteUri && locationText(l) === 'horizontal-scaling'));
      const keys = withDeclarations.map((l) => `${l.uri}:${l.range.start.line}:${l.range.start.character}`);
      assert.equal(new Set(keys).size, keys.length, 'no location twice');

      const definitions = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position }) as Location[];
      const withoutDeclarations = await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position, context: { includeDeclaration: false } }) as Location[];
      for (const definition of definitions) {
        assert.ok(withDeclarations.some((l) => l.uri === definition.uri && l.range.start.line === definition.range.start.line && l.range.start.character === definition.range.start.character));
        assert.ok(!withoutDeclarations.some((l) => l.uri === definition.uri && l.range.start.line === definition.range.start.line && l.range.start.character === definition.range.start.character), 'declarations left out');
      }
      assert.equal(withoutDeclarations.length, withDeclarations.length - definitions.length);
    });

    it('highlights every use of a term in the document, plural included', async () => {
      const highlights = await client.connection.sendRequest(DocumentHighlightRequest.type, { textDocument: { uri }, position: locate(doc, 'monolith', 1).at });
      assert.ok(highlights);
      const expected = [...doc.matchAll(/\bmonoliths?\b/gi)].length;
      assert.equal(highlights.length, expected);
      for (const highlight of highlights) assert.match(textAt(doc, highlight.range), /^monoliths?$/i);
    });

    it('lists the terms the document uses, with their counts and ranges', async () => {
      const terms = await client.connection.sendRequest(DocumentTermsRequest, { uri });
      const byTerm = new Map(terms.map((t) => [t.term, t]));
      assert.equal(byTerm.get('monolith')?.count, [...doc.matchAll(/\bmonoliths?\b/gi)].length);
      assert.deepEqual(byTerm.get('SPoF')?.ranges.map((r) => textAt(doc, r)), ['single point of failure', 'SPoF']);
      assert.equal(byTerm.get('elastic')?.section, 'ZA › semantics');
      assert.equal(byTerm.get('elastic')?.definition.startsWith('scales automatically with load'), true);
      for (const word of ['benefits', 'drawbacks', 'sink', 'CQRS']) assert.ok(!byTerm.has(word), word);
    });

    it('finds symbols by a fuzzy query', async () => {
      const symbols = await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'circbrk' });
      assert.ok(symbols && symbols.length >= 1);
      const [first] = symbols;
      assert.equal(first.name, 'circuit breaker');
      assert.equal(first.containerName, 'ZA › semantics');
      assert.ok('range' in first.location);
      assert.equal(textAt(seed, first.location.range), 'circuit breaker');
    });
  });

  describe('completion', () => {
    let draft: string;
    before(async () => {
      draft = client.uri('draft.md');
      await client.open(draft, 'We should add a ci\nand a c\n');
    });

    it('completes a term after two letters, documented by its definition', async () => {
      const list = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: draft }, position: { line: 0, character: 18 } });
      assert.ok(list && 'items' in list);
      const item = list.items.find((i) => i.label === 'circuit breaker');
      assert.ok(item, list.items.map((i) => i.label).join(', '));
      // The card comes with the item's resolve, when the editor shows it.
      assert.equal(item.documentation, undefined);
      const resolved = await client.connection.sendRequest(CompletionResolveRequest.type, item);
      const documentation = resolved.documentation as MarkupContent;
      assert.equal(documentation.kind, 'markdown');
      assert.match(unescapeMarkdown(documentation.value), /error handling/);
      assert.deepEqual(item.textEdit, { range: { start: { line: 0, character: 16 }, end: { line: 0, character: 18 } }, newText: 'circuit breaker' });
      for (const other of list.items) assert.ok(other.label.toLowerCase().startsWith('ci'), other.label);
    });

    it('resolves an item of odd or stale data to itself, without a card', async () => {
      for (const data of [undefined, 42, { uri: 1, key: [], name: null }, { uri: draft, key: 'no such term', name: 'no such term' }]) {
        const resolved = await client.connection.sendRequest(CompletionResolveRequest.type, { label: 'x', data });
        assert.equal(resolved.label, 'x');
        assert.equal(resolved.documentation, undefined);
      }
    });

    it('offers nothing after one letter', async () => {
      const list = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: draft }, position: { line: 1, character: 7 } });
      assert.ok(list && 'items' in list);
      assert.deepEqual(list.items, []);
    });
  });
});

describe('server: a long design doc just opened', () => {
  let client: TestClient;
  after(() => client?.dispose());

  it('answers a hover sent behind In This Document and code actions before their scan of the doc ends', async () => {
    client = await startClient();
    // About 2 MB of the fixture: its scan takes many slices.
    const long = `${doc}\n`.repeat(Math.ceil(2_000_000 / doc.length));
    const uri = client.uri('long-design-doc.md');
    await client.open(uri, long);
    const answered: string[] = [];
    const place = locate(long, 'circuit breakers', 0, 3);
    const terms = client.connection.sendRequest(DocumentTermsRequest, { uri }).then((items) => { answered.push('terms'); return items; });
    const actions = client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: place.at, end: place.at }, context: { diagnostics: [] } }).then(() => answered.push('actions'));
    const found = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: place.at });
    answered.push('hover');
    const items = await terms;
    await actions;
    assert.ok(found, 'no hover on "circuit breakers"');
    assert.deepEqual(answered, ['hover', 'terms', 'actions']);
    // The scan In This Document waited for is the one the doc gets.
    assert.ok(items.some((item) => item.term === 'circuit breaker' && item.count >= 2));
  });
});
