// A multi-root workspace over JSON-RPC: two services, each with the notes its own folder's
// settings name (folderNotesPaths), and a design doc in each. A doc hovers its own service's
// terms and the window's, never the other service's; folders' settings changed, and folders
// added and removed, index again.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { DidChangeWorkspaceFoldersNotification, HoverRequest, type Hover, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { changeSettings, startClient, until, type TestClient } from './helpers';

const files = {
  'billing/notes/billing.md': '# BILLING\n\n## money\n\n* _dunning run_: the batch that chases unpaid invoices\n',
  'shipping/notes/shipping.md': '# SHIPPING\n\n## routes\n\n* _leg plan_: the legs a parcel takes between depots\n',
  'platform/mesh.md': '# PLATFORM\n\n## network\n\n* _service mesh_: the proxies between the services\n',
};
const DOC = 'The dunning run and the leg plan both go through the service mesh.\n';

/** What a hover on `phrase` in the doc at `relative` shows first: the card's heading, or null. */
async function hoverIn(client: TestClient, relative: string, phrase: string): Promise<string | null> {
  const uri = client.uri(relative);
  await client.open(uri, DOC);
  const found: Hover | null = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: DOC.indexOf(phrase) + 1 } });
  return found ? (found.contents as MarkupContent).value.split('\n')[0] : null;
}

const folderSettings = (client: TestClient, perFolder: Record<string, string[]>, notesPaths: string[] = []) => ({
  includeBundledNotes: false,
  notesPaths,
  folderNotesPaths: Object.entries(perFolder).map(([folder, paths]) => ({ folder: path.join(client.folder, folder), notesPaths: paths })),
});

describe('server: notes named by a workspace folder\'s own settings', () => {
  let client: TestClient;
  afterEach(async () => {
    await client?.dispose();
    client = undefined as unknown as TestClient;
  });

  it('hover a folder\'s own terms in its docs and the window\'s everywhere, not another folder\'s', async () => {
    client = await startClient({ files, workspaceFolders: ['billing', 'shipping'], pulledSettings: { includeBundledNotes: false } });
    await changeSettings(client, folderSettings(client, { billing: ['notes'], shipping: ['notes'] }, [path.join(client.folder, 'platform')]));
    assert.match(await hoverIn(client, 'billing/design.md', 'dunning run') ?? '', /dunning run/);
    assert.equal(await hoverIn(client, 'shipping/design.md', 'dunning run'), null);
    assert.match(await hoverIn(client, 'shipping/design.md', 'leg plan') ?? '', /leg plan/);
    assert.equal(await hoverIn(client, 'billing/design.md', 'leg plan'), null);
    for (const doc of ['billing/design.md', 'shipping/design.md']) assert.match(await hoverIn(client, doc, 'service mesh') ?? '', /service mesh/, doc);
  });

  it('takes them from initializationOptions in an editor that has no configuration to pull', async () => {
    client = await startClient({
      files, workspaceFolders: ['billing', 'shipping'], configuration: false,
      initializationOptionsIn: (folder) => ({ includeBundledNotes: false, folderNotesPaths: [{ folder: path.join(folder, 'shipping'), notesPaths: 'notes' }] }),
    });
    assert.equal(client.statuses.at(-1)?.notes, 1);
    assert.match(await hoverIn(client, 'shipping/design.md', 'leg plan') ?? '', /leg plan/);
    assert.equal(await hoverIn(client, 'billing/design.md', 'leg plan'), null);
  });

  it('index again when a folder\'s notes paths change, and when folders are added or removed', async () => {
    client = await startClient({ files, workspaceFolders: ['billing'], pulledSettings: { includeBundledNotes: false } });
    await changeSettings(client, folderSettings(client, { billing: ['notes'] }));
    assert.equal(await hoverIn(client, 'shipping/design.md', 'leg plan'), null);
    // Shipping joins the workspace, with its own notes path.
    client.pulledSettings = folderSettings(client, { billing: ['notes'], shipping: ['notes'] });
    let indexed = client.nextFullIndex();
    await client.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
      event: { added: [{ uri: client.uri('shipping'), name: 'shipping' }], removed: [] },
    });
    await indexed;
    assert.match(await hoverIn(client, 'shipping/design.md', 'leg plan') ?? '', /leg plan/);
    assert.equal(await hoverIn(client, 'shipping/design.md', 'dunning run'), null);
    // Shipping's settings name billing's notes too: its docs get them, billing's docs still do.
    await changeSettings(client, folderSettings(client, { billing: ['notes'], shipping: ['notes', '../billing/notes'] }));
    assert.match(await hoverIn(client, 'shipping/design.md', 'dunning run') ?? '', /dunning run/);
    assert.match(await hoverIn(client, 'billing/design.md', 'dunning run') ?? '', /dunning run/);
    // Billing leaves the workspace: its notes, which only folders' settings named, go with it
    // from billing's docs; shipping's own setting still names them for shipping.
    client.pulledSettings = folderSettings(client, { shipping: ['notes', '../billing/notes'] });
    indexed = client.nextFullIndex();
    await client.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
      event: { added: [], removed: [{ uri: client.uri('billing'), name: 'billing' }] },
    });
    await indexed;
    assert.equal(await hoverIn(client, 'billing/design.md', 'dunning run'), null);
    assert.match(await hoverIn(client, 'shipping/design.md', 'dunning run') ?? '', /dunning run/);
  });

  it('look a window\'s relative notes path up under a folder added later too', async () => {
    client = await startClient({ files, workspaceFolders: ['billing'], pulledSettings: { includeBundledNotes: false, notesPaths: ['notes'] } });
    assert.equal(await hoverIn(client, 'billing/design.md', 'leg plan'), null);
    const indexed = client.nextFullIndex();
    await client.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
      event: { added: [{ uri: client.uri('shipping'), name: 'shipping' }], removed: [] },
    });
    await indexed;
    assert.match(await hoverIn(client, 'billing/design.md', 'leg plan') ?? '', /leg plan/, 'the window\'s notes apply everywhere');
  });

  it('warns of a folderNotesPaths of the wrong shape and keeps the folders\' notes in force', async () => {
    client = await startClient({ files, workspaceFolders: ['billing', 'shipping'], pulledSettings: { includeBundledNotes: false } });
    await changeSettings(client, folderSettings(client, { billing: ['notes'] }));
    client.pulledSettings = { includeBundledNotes: false, folderNotesPaths: [{ folder: 'billing', notesPaths: ['notes'] }] };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await until(async () => client.messages.some((m) => m.includes('folderNotesPaths must be a list')), 'the warning');
    assert.match(await hoverIn(client, 'billing/design.md', 'dunning run') ?? '', /dunning run/);
  });
});
