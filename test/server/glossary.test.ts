// Glossary pages (test/fixtures/glossaries/) as the only notes, over a real JSON-RPC
// connection: hover, go to definition, references and diagnostics on their terms, and the
// relevance model keeping an everyday word that a glossary defines to the docs about it.

import * as assert from 'node:assert/strict';
import {
  DefinitionRequest, HoverRequest, ReferencesRequest, type Hover, type Location, type MarkupContent, type Position,
} from 'vscode-languageserver-protocol/node';
import { locate, readFixture, startClient, textAt, unescapeMarkdown, type TestClient } from './helpers';

const boldLeads = readFixture('glossaries/bold-leads.md');
const headings = readFixture('glossaries/headings.md');
const tables = readFixture('glossaries/tables.md');
const definitionLists = readFixture('glossaries/definition-lists.md');
const dialect = '# PATTERNS\n\n## transactions\n\n* _saga_: long-running transaction split into steps with compensations\n';
// An everyday word, defined in a glossary page about the platform.
const platform = [
  '# Platform glossary', '',
  '**Service**: a deployable unit of the platform that owns its data, exposes an API over HTTP and is deployed by its own pipeline to the cluster.', '',
  '**Sidecar**: a container deployed next to a service in the cluster, that handles its traffic.', '',
].join('\n');

const doc = [
  '# Checkout design', '',
  'Checkout runs as a saga: each step writes to the outbox, and the ledger records every payment.',
  'A shard holds the orders of one region; a quorum of replicas acknowledges each write.',
  'Within this bounded context, a chargeback reverses a settlement.', '',
].join('\n');
const unrelated = [
  '# Team offsite', '',
  'Thanks to the hotel staff for the friendly service at dinner, and to the room service for the late snacks.',
  'Customer service called back the next morning; the service at the restaurant was slow but kind.',
  'Service at the bar was quick.', '',
].join('\n');
const related = [
  '# Payments API', '',
  'The payments service exposes an API over HTTP; a sidecar next to it in the cluster handles its traffic.',
  'Service owners deploy by their own pipeline to the cluster.', '',
].join('\n');

describe('server: glossary pages', () => {
  let client: TestClient;
  let uri: string;

  before(async () => {
    client = await startClient({
      files: {
        'notes/bold-leads.md': boldLeads, 'notes/headings.md': headings, 'notes/tables.md': tables, 'notes/definition-lists.md': definitionLists,
        'notes/patterns.md': dialect, 'notes/platform.md': platform,
      },
      initializationOptions: { notesPaths: ['notes'], includeBundledNotes: false },
    });
    uri = client.uri('checkout.md');
    await client.open(uri, doc);
  });
  after(() => client.dispose());

  const hoverIn = (target: string, position: Position) => client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: target }, position });
  const hoverText = (found: Hover) => unescapeMarkdown((found.contents as MarkupContent).value);
  const noteText = (location: Location) => {
    const name = location.uri.slice(location.uri.lastIndexOf('/') + 1);
    return { 'bold-leads.md': boldLeads, 'headings.md': headings, 'tables.md': tables, 'definition-lists.md': definitionLists, 'patterns.md': dialect }[name] ?? '';
  };

  const cases: [string, string, RegExp][] = [
    ['outbox', 'Outbox', /bold-leads\.md › Messaging\* — a table written in the same transaction/],
    ['ledger', 'Ledger', /headings\.md › Payments handbook › Glossary\* — The book of record/],
    ['shard', 'Shard', /definition-lists\.md › Data terms\* — A horizontal partition/],
    ['replicas', 'Replica', /A copy of a leader's data/],
    ['bounded context', 'Bounded context', /tables\.md › Team vocabulary\* — The part of a model/],
    ['chargeback', 'Chargeback', /no definition yet/],
  ];
  for (const [written, term, card] of cases) {
    it(`hovers "${written}" with the card of "${term}" and the page it comes from`, async () => {
      const place = locate(doc, written, 0, 2);
      const found = await hoverIn(uri, place.at);
      assert.ok(found, `no hover on "${written}"`);
      assert.deepEqual(found.range, { start: place.start, end: place.end });
      assert.ok(hoverText(found).startsWith(`**${term}**`), hoverText(found));
      assert.match(hoverText(found), card);
    });
  }

  it('a term defined in a glossary and in a dialect note shows both definitions in one card', async () => {
    const found = await hoverIn(uri, locate(doc, 'saga', 0, 2).at);
    assert.ok(found);
    const text = hoverText(found);
    assert.match(text, /bold-leads\.md › Messaging\* — a sequence of local transactions/);
    assert.match(text, /PATTERNS › transactions\* — long-running transaction/);
  });

  it('go to definition opens the term\'s line in its page', async () => {
    const locations = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: locate(doc, 'ledger', 0, 2).at })) as Location[];
    assert.deepEqual(locations.map((l) => [l.uri, textAt(noteText(l), l.range)]), [[client.uri('notes/headings.md'), 'Ledger']]);
    const settlement = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: locate(doc, 'settlement', 0, 2).at })) as Location[];
    assert.deepEqual(settlement.map((l) => [l.uri, l.range.start.line]), [[client.uri('notes/headings.md'), 14]]);
  });

  it('references list the definition and the doc\'s uses', async () => {
    const locations = (await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position: locate(doc, 'outbox', 0, 2).at, context: { includeDeclaration: true } })) ?? [];
    const declaration = locations.find((l) => l.uri === client.uri('notes/bold-leads.md'));
    assert.ok(declaration, JSON.stringify(locations));
    assert.equal(textAt(boldLeads, declaration.range), 'Outbox');
    assert.deepEqual(locations.filter((l) => l.uri === uri).map((l) => textAt(doc, l.range)), ['outbox']);
  });

  it('an open glossary page gets a different-definition diagnostic where another note defines its term otherwise', async () => {
    const noteUri = client.uri('notes/bold-leads.md');
    await client.open(noteUri, boldLeads);
    const published = await client.diagnosticsFor(noteUri, (p) => p.diagnostics.some((d) => d.code === 'different-definition'));
    const different = published.diagnostics.filter((d) => d.code === 'different-definition');
    assert.deepEqual(different.map((d) => textAt(boldLeads, d.range)), ['Saga']);
    assert.equal(different[0].severity, 3);
  });

  it('an everyday word a glossary defines ("Service") is not hovered in an unrelated doc, and is in a doc about it', async () => {
    const offsite = client.uri('offsite.md');
    await client.open(offsite, unrelated);
    const places = [...[0, 1, 2, 3].map((occurrence) => locate(unrelated, 'service', occurrence, 2)), locate(unrelated, 'Service at the bar', 0, 2)];
    for (const place of places) {
      const found = await hoverIn(offsite, place.at);
      assert.equal(found, null, `hover at ${JSON.stringify(place.at)}: ${found && hoverText(found)}`);
    }
    // The same word where the doc is about the platform's services: the page's sense holds.
    const api = client.uri('payments-api.md');
    await client.open(api, related);
    const service = await hoverIn(api, locate(related, 'Service owners', 0, 2).at);
    assert.ok(service && hoverText(service).startsWith('**Service**'), service ? hoverText(service) : 'no hover in the doc about services');
    const sidecar = await hoverIn(api, locate(related, 'sidecar', 0, 2).at);
    assert.ok(sidecar && hoverText(sidecar).startsWith('**Sidecar**'));
  });
});
