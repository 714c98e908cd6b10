// A mixed workspace over JSON-RPC: the notes dialect (the bundled notes), a vault of concept
// notes, a glossary page and a Contextive glossary with two contexts and imports, all indexed
// at once by one server. A design doc hovers a term of each format, and a term defined in two
// formats shows both definitions, each with its source, in one card.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { fixturesFolder, locate, startClient, type TestClient } from './helpers';

/** Every file below `folder` whose name `keep` accepts, under `prefix` in the workspace. */
function filesOf(folder: string, prefix: string, keep: (name: string) => boolean): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !keep(entry.name)) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[[prefix, path.relative(folder, full).split(path.sep).join('/')].filter(Boolean).join('/')] = fs.readFileSync(full, 'utf8');
  }
  return files;
}

const design = [
  '# Routing design',
  '',
  'Each Cargo is booked once: the booking request is idempotent, so a retry is safe.',
  'The booking flow is a saga; reads and writes are split with CQRS.',
  'Calls to the pricing service go through a circuit breaker.',
].join('\n');

describe('server: a workspace of every note format at once', () => {
  let client: TestClient;
  const designUri = () => client.uri('CargoDemo/design.md');

  before(async () => {
    const files = {
      ...filesOf(path.join(fixturesFolder, 'vault', 'concepts'), 'notes/vault', (name) => name.endsWith('.md')),
      'notes/messaging-glossary.md': fs.readFileSync(path.join(fixturesFolder, 'glossaries', 'bold-leads.md'), 'utf8'),
      // Found in the workspace folder without any setting, as Contextive finds them.
      'project.glossary.yml': fs.readFileSync(path.join(fixturesFolder, 'contextive', 'workspace', 'project.glossary.yml'), 'utf8'),
      'shared/common.yml': fs.readFileSync(path.join(fixturesFolder, 'contextive', 'workspace', 'shared', 'common.yml'), 'utf8'),
    };
    client = await startClient({
      files,
      // The bundled notes stay in: they are the dialect of this workspace.
      initializationOptions: { notesPaths: ['notes'] },
      serverDeps: { fetchGlossary: async () => { throw new Error('offline (ENOTFOUND)'); } },
    });
    await client.open(designUri(), design);
  });
  after(() => client.dispose());

  async function card(snippet: string): Promise<string> {
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: designUri() }, position: locate(design, snippet).at });
    return hover ? (hover.contents as MarkupContent).value : '';
  }

  it('hovers a term of each format in one design doc', async () => {
    // Contextive: the context's name and vision, the definition.
    const cargo = await card('Cargo');
    assert.match(cargo, /To manage the routing of cargo/);
    assert.match(cargo, /A unit of transportation that needs moving/);
    // A vault concept note, by its alias.
    assert.match(await card('idempotent'), /doing it twice has the same effect/);
    // A glossary page, named in the card.
    const saga = await card('saga');
    assert.match(saga, /a sequence of local transactions/);
    assert.match(saga, /messaging-glossary\.md/);
  });

  it('shows every definition of a term defined in two formats in one card, each with its source', async () => {
    const cqrs = await card('CQRS');
    assert.match(cqrs, /Separate models for writes \(commands\) and reads/, 'the vault note');
    assert.match(cqrs, /separate models for writes and reads/, 'the glossary page');
    assert.match(cqrs, /messaging-glossary\.md/);
    assert.match(cqrs, /CQRS\.md/);
    const breaker = await card('circuit breaker');
    assert.match(breaker, /stops calling a failing dependency/, 'the vault note');
    assert.match(breaker, /error handling/, 'the bundled notes, in the dialect');
  });

  it('reports the unreachable import once and still serves the local glossaries', async () => {
    const uri = client.uri('project.glossary.yml');
    await client.open(uri, fs.readFileSync(path.join(client.folder, 'project.glossary.yml'), 'utf8'));
    const published = await client.diagnosticsFor(uri, (p) => p.diagnostics.length > 0);
    const messages = published.diagnostics.map((d) => String(d.message));
    assert.equal(messages.filter((m) => /glossaries\.example\.com/.test(m)).length, 1, messages.join('\n'));
    assert.match(await card('Cargo'), /A unit of transportation/);
  });
});
