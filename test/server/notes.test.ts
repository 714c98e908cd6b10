// Features inside the notes themselves: document symbols, links and hovers on cross-references,
// diagnostics, and the custom requests the sidebar and the search box use.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionRequest, DocumentLinkRequest, DocumentSymbolRequest, HoverRequest, SymbolKind, type CodeAction, type Diagnostic,
  type DocumentSymbol, type MarkupContent, type Range, type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { repairEncoding } from '../../server/src/core/notes/encodingRepair';
import { SearchRequest, type SearchKind } from '../../server/src/protocol';
import { bundledNotesFolder, locate, offsetAt, readFixture, seedNoteUri, startClient, textAt, unescapeMarkdown, type TestClient } from './helpers';
import { wholeOutline } from './outlineRows';

const seed = fs.readFileSync(path.join(bundledNotesFolder, 'architecture.md'), 'utf8');

// A small notes folder of the user's own: one note refers to another that is indexed
// (`sql.md`) and to one that is not (`missing.md`).
const sqlNote = '# 🗃️ DATA\n\n## migrations\n\n* _schema migration_: changing tables in place\n';
const storageNote = [
  '# 🧪 STORAGE',
  '',
  '## logs',
  '',
  '🗄️ `sql.md` migrations',
  '🗄️ `missing.md` perf',
  '',
  '* _write-ahead log_: append-only record of changes',
  '* _write-ahead log_: the same term again',
  '* _read replica_:',
  '',
].join('\n');

describe('server: the notes', () => {
  let client: TestClient;
  let storageUri: string;
  let sqlUri: string;

  before(async () => {
    client = await startClient({ files: { 'notes/sql.md': sqlNote, 'notes/storage.md': storageNote }, initializationOptions: { notesPaths: ['notes'] } });
    storageUri = client.uri('notes/storage.md');
    sqlUri = client.uri('notes/sql.md');
    await client.open(storageUri, storageNote);
  });
  after(() => client.dispose());

  describe('document symbols', () => {
    let symbols: DocumentSymbol[];
    before(async () => {
      symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: seedNoteUri } }) as DocumentSymbol[];
    });
    const child = (parent: DocumentSymbol[] | undefined, name: string) => parent?.find((s) => s.name === name);

    it('nest areas › topics › labels › terms', () => {
      const heuristics = child(symbols, 'HEURISTICS');
      assert.equal(heuristics?.kind, SymbolKind.Namespace);
      const factors = child(heuristics?.children, 'factors');
      assert.equal(factors?.kind, SymbolKind.Class);
      const kleppmann = child(factors?.children, 'KLEPPMANN');
      assert.equal(kleppmann?.kind, SymbolKind.Key);
      const reliability = child(kleppmann?.children, 'reliability');
      assert.equal(reliability?.kind, SymbolKind.Constant);
      assert.equal(textAt(seed, reliability.selectionRange), 'reliability');
      const semantics = child(child(symbols, 'ZA')?.children, 'semantics');
      assert.ok(child(semantics?.children, 'circuit breaker'));
    });

    it('put a term written under an area, before its first topic, inside that area', () => {
      // `* separation of concerns: …` stands right under `# 💡 HEURISTICS`.
      const heuristics = child(symbols, 'HEURISTICS');
      assert.ok(child(heuristics?.children, 'separation of concerns'), 'under HEURISTICS');
      assert.deepEqual(symbols.filter((s) => s.kind === SymbolKind.Constant).map((s) => s.name), [], 'no term outside every area');
    });

    it('span their whole section, so that the breadcrumbs know where the cursor is', () => {
      const contains = (outer: Range, inner: Range) =>
        offsetAt(seed, outer.start) <= offsetAt(seed, inner.start) && offsetAt(seed, inner.end) <= offsetAt(seed, outer.end);
      const check = (symbol: DocumentSymbol) => {
        assert.ok(contains(symbol.range, symbol.selectionRange), `${symbol.name}: selection inside range`);
        for (const inner of symbol.children ?? []) {
          assert.ok(contains(symbol.range, inner.range), `${inner.name} inside ${symbol.name}`);
          check(inner);
        }
      };
      symbols.forEach(check);
      // A line in the middle of the monolith topic is inside it.
      const monolith = child(child(symbols, 'PATTERNS')?.children, 'monolith');
      assert.ok(monolith);
      const inside = locate(seed, '* just use one big db').start;
      assert.ok(monolith.range.start.line < inside.line && inside.line <= monolith.range.end.line, JSON.stringify(monolith.range));
    });
  });

  describe('cross-references', () => {
    it('link to a note that is indexed, and only to such a note', async () => {
      const links = await client.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri: storageUri } });
      assert.ok(links);
      assert.deepEqual(links.map((l) => [textAt(storageNote, l.range), l.target]), [['sql.md', sqlUri]]);
    });

    it('hover with the note they point to, or say that it is missing', async () => {
      const present = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: storageUri }, position: locate(storageNote, 'sql.md').at });
      assert.ok(present);
      const presentText = unescapeMarkdown((present.contents as MarkupContent).value);
      assert.ok(presentText.includes('sql.md** › migrations'), presentText);
      assert.ok(presentText.includes(path.join(client.folder, 'notes', 'sql.md')), presentText);
      assert.equal(textAt(storageNote, present.range!), 'sql.md');

      const missing = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: storageUri }, position: locate(storageNote, 'missing.md').at });
      assert.ok(missing);
      assert.match(unescapeMarkdown((missing.contents as MarkupContent).value), /missing\.md\*\* is not among the indexed notes/);
    });
  });

  describe('diagnostics', () => {
    it('report empty and duplicate definitions and missing notes in an open note', async () => {
      const published = await client.diagnosticsFor(storageUri, (p) => p.diagnostics.length > 0);
      const found = published.diagnostics.map((d) => [d.code, textAt(storageNote, d.range)]).sort();
      assert.deepEqual(found, [['duplicate-definition', 'write-ahead log'], ['empty-definition', 'read replica'], ['missing-note', 'missing.md']]);
      const duplicate = published.diagnostics.find((d) => d.code === 'duplicate-definition');
      assert.equal(duplicate?.range.start.line, locate(storageNote, '_write-ahead log_', 1).start.line, 'the second definition is the duplicate');
      for (const diagnostic of published.diagnostics) assert.equal(diagnostic.source, 'architecture-notes');
    });

    it('report encoding damage with a repair', async function () {
      if (!repairEncoding('â€™').changed) {
        this.skip(); // pending: core/notes/encodingRepair.ts is still the identity stand-in, so no damage can be found yet
      }
      const raw = readFixture('architecture.raw.md');
      const rawUri = client.uri('notes/damaged.md');
      await client.open(rawUri, raw);
      const published = await client.diagnosticsFor(rawUri, (p) => p.diagnostics.some((d) => d.code === 'encoding-damage'));
      const damage = published.diagnostics.filter((d: Diagnostic) => d.code === 'encoding-damage' || d.code === 'encoding-ambiguous');
      // `# ⛩️` arrived as `# â›©ï¸`: the gate reads back for certain.
      const gate = damage.find((d) => d.range.start.line === 0 && d.code === 'encoding-damage');
      assert.ok(gate);
      assert.equal(textAt(raw, gate.range), 'â›©');
      assert.match(gate.message as string, /"⛩"/);

      const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: rawUri }, range: gate.range, context: { diagnostics: damage } }) as CodeAction[];
      const repair = actions.find((a) => a.title.startsWith('Repair encoding damage'));
      assert.ok(repair);
      const edits = [...(repair.edit?.changes?.[rawUri] as TextEdit[])].sort((a, b) => offsetAt(raw, b.range.start) - offsetAt(raw, a.range.start));
      let repaired = raw;
      for (const edit of edits) repaired = repaired.slice(0, offsetAt(raw, edit.range.start)) + edit.newText + repaired.slice(offsetAt(raw, edit.range.end));
      assert.equal(repaired.split('\n')[0], '# ⛩️');

      // Where a byte was lost, one choice per candidate, each replacing just that spot.
      const ambiguous = damage.find((d) => d.code === 'encoding-ambiguous');
      assert.ok(ambiguous);
      const choices = actions.filter((a) => a.title.startsWith('Replace with') && a.diagnostics?.[0]?.range.start.line === ambiguous.range.start.line && a.diagnostics?.[0]?.range.start.character === ambiguous.range.start.character);
      assert.ok(choices.length >= 2, actions.map((a) => a.title).join('; '));
      for (const choice of choices) assert.deepEqual((choice.edit?.changes?.[rawUri] as TextEdit[])[0].range, ambiguous.range);
    });
  });

  describe('custom requests', () => {
    it('outline: one tree per note, PATTERNS first', async () => {
      const outline = await wholeOutline(client.connection);
      const seedTree = outline.find((n) => n.uri === seedNoteUri);
      assert.ok(seedTree);
      assert.equal(seedTree.kind, 'note');
      assert.equal(seedTree.label, 'architecture.md');
      assert.equal(seedTree.children?.[0].label, 'PATTERNS');
      const monolith = seedTree.children?.[0].children?.find((c) => c.label === 'monolith');
      assert.equal(monolith?.kind, 'topic');
      assert.ok(monolith?.children?.some((c) => c.kind === 'term' && c.label === 'horizontal scaling'));
      assert.ok(outline.some((n) => n.uri === sqlUri));
    });

    it('search: each kind returns only that kind', async () => {
      const queries: Record<SearchKind, string> = { term: 'circuit breaker', topic: 'monolith', quote: 'monolith', link: 'monolith' };
      for (const [kind, query] of Object.entries(queries) as [SearchKind, string][]) {
        const items = await client.connection.sendRequest(SearchRequest, { query, kinds: [kind], limit: 5 });
        assert.ok(items.length > 0, kind);
        assert.ok(items.length <= 5, kind);
        for (const item of items) assert.equal(item.kind, kind);
      }
    });

    it('search: a term defined both as a topic and as a term is found as a term too', async () => {
      // `## monolith` is a topic; `* _monolith_: single service, single data store` defines it as a term.
      const items = await client.connection.sendRequest(SearchRequest, { query: 'monolith', kinds: ['term'], limit: 5 });
      const monolith = items.find((i) => i.label === 'monolith');
      assert.ok(monolith, JSON.stringify(items.map((i) => i.label)));
      assert.equal(monolith.section, 'ZA › semantics');
      assert.equal(monolith.detail, 'single service, single data store');
    });

    it('search: quotes and links point at their lines', async () => {
      const [quote] = await client.connection.sendRequest(SearchRequest, { query: 'telemetry', kinds: ['quote'], limit: 1 });
      assert.ok(seed.split('\n')[quote.range.start.line].includes('copious amounts of telemetry'));
      const [link] = await client.connection.sendRequest(SearchRequest, { query: 'circuit breaker', kinds: ['link'], limit: 1 });
      assert.ok(link.url && textAt(seed, link.range).includes(link.url), JSON.stringify(link));
    });
  });
});
