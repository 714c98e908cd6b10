// Multi-root workspaces in a real VS Code: test/e2e/roots-workspace/roots.code-workspace opens
// two services, billing and shipping, each naming its own notes in its folder's
// `.vscode/settings.json`. VS Code reads each folder's value, the client sends it to the server
// with the folder, and a design doc hovers its own service's terms, not the other's.
// Run alone: E2E_FILES=roots npm run test:e2e.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ArchitectureNotesApi } from '../../client/src/api';
import { eventually } from './waiting';

const extensionId = 'architecture-notes.architecture-notes';

async function hoverText(document: vscode.TextDocument, phrase: string): Promise<string> {
  const offset = document.getText().indexOf(phrase);
  assert.ok(offset >= 0, `${document.uri.fsPath} does not contain "${phrase}"`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(offset + 2));
  return hovers.flatMap((hover) => hover.contents).map((part) => (typeof part === 'string' ? part : part.value)).join('\n');
}

describe('a multi-root workspace: each folder\'s own notesPaths', () => {
  let folders: Record<string, vscode.Uri>;

  before(async function () {
    const extension = vscode.extensions.getExtension<ArchitectureNotesApi>(extensionId);
    assert.ok(extension, `${extensionId} is not installed in this VS Code`);
    assert.ok(vscode.workspace.workspaceFile?.fsPath.endsWith('roots.code-workspace'), `this file runs in test/e2e/roots-workspace/roots.code-workspace, not ${vscode.workspace.workspaceFile?.fsPath}`);
    folders = Object.fromEntries((vscode.workspace.workspaceFolders ?? []).map((f) => [path.basename(f.uri.fsPath), f.uri]));
    const api = await extension.activate();
    const status = await api.ready;
    assert.strictEqual(status.state, 'ready');
  });

  it('reads each folder\'s own value, as the folder gives it', () => {
    for (const name of ['billing', 'shipping']) {
      const inspected = vscode.workspace.getConfiguration('architectureNotes', folders[name]).inspect<string[]>('notesPaths');
      assert.deepStrictEqual(inspected?.workspaceFolderValue, ['notes'], name);
    }
  });

  it('hovers a folder\'s own terms in its docs, not the other folder\'s', async () => {
    const billing = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folders.billing, 'design.md'));
    const shipping = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folders.shipping, 'design.md'));
    // The first hover may come while the server still reads the folders' notes.
    assert.match(await eventually(() => hoverText(billing, 'dunning run'), (text) => /chases unpaid invoices/.test(text), 30_000, 250), /chases unpaid invoices/);
    assert.match(await eventually(() => hoverText(shipping, 'leg plan'), (text) => /between depots/.test(text), 30_000, 250), /between depots/);
    assert.strictEqual(await hoverText(shipping, 'dunning run'), '');
    assert.strictEqual(await hoverText(billing, 'leg plan'), '');
  });

  it('Add Notes Folder… writes a folder\'s own settings, and those notes hover in that folder only', async () => {
    const settingsFile = vscode.Uri.joinPath(folders.billing, '.vscode', 'settings.json');
    const before = await vscode.workspace.fs.readFile(settingsFile);
    const billing = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folders.billing, 'design.md'));
    const shipping = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folders.shipping, 'design.md'));
    assert.strictEqual(await hoverText(billing, 'settlement batch'), '', 'billing/more-notes is indexed before it is added');
    try {
      await vscode.commands.executeCommand('architectureNotes.addNotesFolder', [vscode.Uri.joinPath(folders.billing, 'more-notes')], folders.billing);
      const inspected = vscode.workspace.getConfiguration('architectureNotes', folders.billing).inspect<string[]>('notesPaths');
      assert.deepStrictEqual(inspected?.workspaceFolderValue, ['notes', 'more-notes'], 'written relative to billing, in its own settings');
      assert.strictEqual(inspected?.workspaceValue, undefined, 'the workspace\'s settings were changed');
      assert.match(await eventually(() => hoverText(billing, 'settlement batch'), (text) => /sent to the bank/.test(text), 30_000, 250), /sent to the bank/);
      assert.strictEqual(await hoverText(shipping, 'settlement batch'), '', 'billing\'s added notes hover in shipping');
    } finally {
      await vscode.workspace.fs.writeFile(settingsFile, before);
    }
  });
});
