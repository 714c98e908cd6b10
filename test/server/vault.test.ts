// A vault over JSON-RPC: the test vault (test/fixtures/vault, ordinary Obsidian, Foam, Dendron
// and zk notes, Note Definitions files) indexed by the server, hovered and followed from a
// design doc and from its own wikilinks, with its problems published as diagnostics.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeActionRequest, DefinitionRequest, DiagnosticSeverity, DocumentLinkRequest, HoverRequest, type CodeAction, type Location, type MarkupContent, type TextEdit } from 'vscode-languageserver-protocol/node';
import type { OutlineNode } from '../../server/src/protocol';
import { readSettings } from '../../server/src/settings';
import { fixturesFolder, locate, startClient, type TestClient } from './helpers';
import { wholeOutline } from './outlineRows';

const vaultFolder = path.join(fixturesFolder, 'vault');

/** The test vault as files under `vault/` of the workspace. */
function vaultFiles(folder = vaultFolder): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) Object.assign(files, vaultFiles(full));
    else if (entry.name.endsWith('.md')) files[path.join('vault', path.relative(vaultFolder, full)).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
  }
  return files;
}

const design = [
  '# Payments design',
  '',
  'Every payment request is idempotent: it carries a key, so a retry after a timeout is safe.',
  'Order events leave through the outbox pattern; failed ones land in the dead letter queue.',
  'Reads of the balance are quorum reads, and each lease holder checks its fencing token.',
].join('\n');

describe('server: a vault of concept notes', () => {
  let client: TestClient;
  const files = vaultFiles();
  const designUri = () => client.uri('docs/payments.md');

  before(async () => {
    client = await startClient({ files, initializationOptions: { notesPaths: ['vault'], includeBundledNotes: false } });
    await client.open(designUri(), design);
  });
  after(() => client.dispose());

  async function hoverText(uri: string, text: string, snippet: string): Promise<string | undefined> {
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: locate(text, snippet).at });
    return hover ? (hover.contents as MarkupContent).value : undefined;
  }

  it('hovers a concept by an alias, a Dendron title and Note Definitions phrases in a design doc', async () => {
    assert.match(await hoverText(designUri(), design, 'idempotent') ?? '', /doing it twice has the same effect/);
    assert.match(await hoverText(designUri(), design, 'outbox pattern') ?? '', /outbox table in the same transaction/);
    assert.match(await hoverText(designUri(), design, 'dead letter queue') ?? '', /set aside for inspection/);
    assert.match(await hoverText(designUri(), design, 'quorum reads') ?? '', /waits for a majority of replicas/);
    assert.match(await hoverText(designUri(), design, 'fencing token') ?? '', /old leader's late writes/);
  });

  it('goes to the title\'s line in the note', async () => {
    const locations = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: designUri() }, position: locate(design, 'outbox pattern').at }) as Location[];
    assert.deepEqual(locations.map((l) => [l.uri, l.range.start.line]), [[client.uri('vault/concepts/Transactional Outbox.md'), 1]]);
  });

  it('does not make a meeting note\'s headings terms', async () => {
    const doc = 'Action items and decisions go to the tracker.\n';
    const uri = client.uri('docs/process.md');
    await client.open(uri, doc);
    assert.equal(await hoverText(uri, doc, 'Action items'), undefined);
    assert.equal(await hoverText(uri, doc, 'decisions'), undefined);
  });

  it('shows the target\'s card on a wikilink in a note, and goes to that note', async () => {
    const relative = 'vault/concepts/Retry with Backoff.md';
    const uri = client.uri(relative);
    await client.open(uri, files[relative]);
    assert.match(await hoverText(uri, files[relative], 'Idempotency|') ?? '', /doing it twice has the same effect/);
    const locations = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: locate(files[relative], '[[Idempotency').at }) as Location[];
    assert.deepEqual(locations.map((l) => l.uri), [client.uri('vault/concepts/Idempotency.md')]);
    // `[[Sharding#Rebalancing|…]]` opens the note at that heading.
    const hashing = 'vault/concepts/Consistent Hashing.md';
    const hashingUri = client.uri(hashing);
    await client.open(hashingUri, files[hashing]);
    const atHeading = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: hashingUri }, position: locate(files[hashing], '[[Sharding').at }) as Location[];
    const shardingLines = files['vault/concepts/Sharding.md'].split('\n');
    assert.deepEqual(atHeading.map((l) => [l.uri, shardingLines[l.range.start.line]]), [[client.uri('vault/concepts/Sharding.md'), '## Rebalancing']]);
  });

  it('publishes a broken wikilink and malformed frontmatter at their lines', async () => {
    const hashing = client.uri('vault/concepts/Consistent Hashing.md');
    await client.open(hashing, files['vault/concepts/Consistent Hashing.md']);
    const broken = await client.diagnosticsFor(hashing, (p) => p.diagnostics.some((d) => d.code === 'broken-wikilink'));
    assert.deepEqual(broken.diagnostics.filter((d) => d.code === 'broken-wikilink').map((d) => d.range.start.line), [7]);
    // The link to a heading of an existing note is not broken.
    assert.ok(!broken.diagnostics.some((d) => /Sharding/.test(JSON.stringify(d.message))));
    // Its wikilinks that lead somewhere are links to open.
    const links = await client.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri: hashing } });
    assert.deepEqual(links?.map((link) => [link.range.start.line, link.target]), [[5, client.uri('vault/concepts/Sharding.md')]]);
    const malformed = client.uri('vault/broken/Malformed Frontmatter.md');
    await client.open(malformed, files['vault/broken/Malformed Frontmatter.md']);
    const published = await client.diagnosticsFor(malformed, (p) => p.diagnostics.some((d) => d.code === 'frontmatter'));
    assert.equal(published.diagnostics.find((d) => d.code === 'frontmatter')?.range.start.line, 2);
    // Every field of the note is lost until it is fixed: a warning, as a broken wikilink is.
    assert.equal(published.diagnostics.find((d) => d.code === 'frontmatter')?.severity, DiagnosticSeverity.Warning);
    // The rest of the note is indexed all the same.
    const doc = 'Tail latency falls with hedged requests.\n';
    const uri = client.uri('docs/latency.md');
    await client.open(uri, doc);
    assert.match(await hoverText(uri, doc, 'hedged requests') ?? '', /second replica/);
  });

  it('outlines the vault as one row, by folder and by tag inside it, a note with its terms and no headings of its own', async () => {
    const outline = await wholeOutline(client.connection);
    // One row for the vault, named as its notes path: its folders and tags were rows of the first level.
    assert.deepEqual(outline.map((node) => [node.kind, node.label]), [['folder', 'vault']]);
    const inVault = outline[0].children ?? [];
    const folders = inVault.filter((node) => node.kind === 'folder');
    assert.deepEqual(folders.map((node) => node.label), ['broken', 'concepts', 'definitions', 'dendron', 'meetings', 'topics', 'zk']);
    const concepts = folders.find((node) => node.label === 'concepts')!;
    assert.equal(concepts.children?.length, 19);
    const idempotency = concepts.children!.find((node) => node.label === 'Idempotency')!;
    assert.deepEqual(idempotency.children?.map((node) => [node.kind, node.label]), [['term', 'Idempotency']]);
    const tag = inVault.find((node) => node.kind === 'tag' && node.label === '#resilience');
    assert.deepEqual(tag?.children?.map((node) => node.label), ['Bulkhead', 'Circuit Breaker', 'Rate Limiting', 'Retry with Backoff']);
    const labels = (nodes: OutlineNode[] | undefined): string[] => (nodes ?? []).flatMap((node) => [node.label, ...labels(node.children)]);
    assert.ok(!labels(outline).includes('Action items'));
    assert.equal(folders.find((node) => node.label === 'definitions')?.termCount, 4);
  });

  it('links a term as [[Note]] inside the vault and as a relative Markdown link outside it', async () => {
    const inVault = 'vault/concepts/Leader Election.md';
    const noteText = `${files[inVault]}\nA bulkhead keeps the election traffic apart.\n`;
    const noteUri = client.uri(inVault);
    await client.open(noteUri, noteText);
    const edits = async (uri: string, text: string, snippet: string) => {
      const at = locate(text, snippet).at;
      const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: at, end: at }, context: { diagnostics: [] } }) as CodeAction[];
      return actions.flatMap((a) => (a.title.includes('to the note') ? (a.edit?.changes?.[uri] ?? []) as TextEdit[] : [])).map((e: TextEdit) => e.newText);
    };
    assert.deepEqual(await edits(noteUri, noteText, 'bulkhead keeps'), ['[[Bulkhead|bulkhead]]']);
    assert.deepEqual(await edits(designUri(), design, 'outbox pattern'), ['[outbox pattern](../vault/concepts/Transactional%20Outbox.md)']);
    // A phrase of a consolidated Note Definitions file is linked at its heading.
    assert.deepEqual(await edits(designUri(), design, 'fencing token'), ['[fencing token](../vault/definitions/architecture-terms.md#fencing-token)']);
    const withFencing = `${noteText}The fencing token stops a late leader.\n`;
    await client.change(noteUri, withFencing);
    assert.deepEqual(await edits(noteUri, withFencing, 'fencing token stops'), ['[[architecture-terms#Fencing token|fencing token]]']);
  });
});

describe('server: the conceptNotes setting', () => {
  it('is read from initializationOptions without a prefix; a bad value is a warning and "all"', () => {
    assert.deepEqual(readSettings({ conceptNotes: ['concepts', 'zk'] }, undefined).settings.conceptNotes, ['concepts', 'zk']);
    assert.equal(readSettings(undefined, { architectureNotes: { conceptNotes: 'tagged:concept' } }).settings.conceptNotes, 'tagged:concept');
    const bad = readSettings({ conceptNotes: 'concepts only' }, undefined);
    assert.equal(bad.settings.conceptNotes, 'all');
    assert.match(bad.warnings.join('\n'), /conceptNotes "concepts only"/);
  });

  it('lets only the notes tagged concept define terms', async () => {
    const client = await startClient({ files: vaultFiles(), initializationOptions: { notesPaths: ['vault'], includeBundledNotes: false, conceptNotes: 'tagged:concept' } });
    try {
      const doc = 'The Architecture sync, 3 November moved the idempotency key into the header.\n';
      const uri = client.uri('docs/minutes.md');
      await client.open(uri, doc);
      const at = (snippet: string) => client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: locate(doc, snippet).at });
      assert.equal(await at('Architecture sync'), null);
      assert.ok(await at('idempotency'));
    } finally {
      await client.dispose();
    }
  });
});
