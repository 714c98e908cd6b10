// Smoke test: the extension is installed, activates on a Markdown file, and its language
// server answers a hover through VS Code. What the hover says is checked in the feature suite.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { eventually } from './waiting';

const extensionId = 'architecture-notes.architecture-notes';

function designDocUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite must be started with test/e2e/workspace as its folder');
  return vscode.Uri.joinPath(folder.uri, 'design.md');
}

function hoverText(hover: vscode.Hover): string {
  return hover.contents
    .map((part) => (typeof part === 'string' ? part : part.value))
    .join('\n')
    .trim();
}

describe('smoke', () => {
  let document: vscode.TextDocument;

  before(async () => {
    document = await vscode.workspace.openTextDocument(designDocUri());
    await vscode.window.showTextDocument(document);
  });

  it('is installed and activates when a Markdown file is opened', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not installed in this VS Code`);
    assert.strictEqual(document.languageId, 'markdown');
    const active = await eventually(() => extension.isActive, (isActive) => isActive, 30_000, 100);
    assert.ok(active, `${extensionId} did not activate after design.md was opened`);
    // isActive is also true when activate() threw; activate() on an activated extension
    // returns its exports, or rejects with the error its activation failed with.
    await extension.activate();
  });

  it('returns a hover for "circuit" from the language server', async () => {
    const offset = document.getText().indexOf('circuit breaker');
    assert.ok(offset >= 0, 'design.md no longer mentions "circuit breaker"');
    const position = document.positionAt(offset + 'cir'.length);

    // The server may still be reading the notes or the document when the first request
    // arrives, and answers nothing until it has; ask again until it answers or time is up.
    const hovers = await eventually(
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position),
      (answer) => answer.some((hover) => hoverText(hover).length > 0),
      20_000,
      100,
    );

    const texts = hovers.map(hoverText).filter((text) => text.length > 0);
    assert.ok(
      texts.length > 0,
      `expected a hover with contents at ${position.line}:${position.character}, got ${hovers.length} hover(s): ${JSON.stringify(hovers.map(hoverText))}`,
    );
  });
});
