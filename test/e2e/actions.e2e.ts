// Issue 15, points 6 and 7, in a real VS Code: the term actions are refactors and source
// actions (never the "Quick Fix" that ESLint and cSpell users read as "a problem here"), their
// titles say where a link goes and stay short, a doc gets "Insert glossary…", and the bundled
// note puts nothing in the Problems panel; Max File Size is asked in megabytes.
// Run alone: E2E_FILES=actions npm run test:e2e.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ArchitectureNotesApi } from '../../client/src/api';
import type { PatternNode } from '../../client/src/patternsTree';

const extensionId = 'architecture-notes.architecture-notes';

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite must be started with test/e2e/workspace as its folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function actionsAt(document: vscode.TextDocument, phrase: string, only?: vscode.CodeActionKind): Promise<vscode.CodeAction[]> {
  const at = document.getText().indexOf(phrase);
  assert.ok(at >= 0, `"${phrase}" is not in ${document.uri.fsPath}`);
  const range = new vscode.Range(document.positionAt(at + 1), document.positionAt(at + 1));
  // While the window is still settling (another editor opening), VS Code may cancel a request: ask again.
  for (let tries = 0; ; tries++) {
    try {
      return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range, only?.value)) ?? [];
    } catch (error) {
      if (!/Canceled/.test(String(error)) || tries >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function findNode(api: ArchitectureNotesApi, parent: PatternNode | undefined, matches: (node: PatternNode) => boolean): Promise<PatternNode | undefined> {
  for (const child of (await api.patterns.getChildren(parent)) ?? []) {
    if (matches(child)) return child;
    const found = await findNode(api, child, matches);
    if (found) return found;
  }
  return undefined;
}

describe('code actions and the bundled note (issue 15, points 6 and 7)', () => {
  let api: ArchitectureNotesApi;
  let design: vscode.TextDocument;

  before(async () => {
    const extension = vscode.extensions.getExtension<ArchitectureNotesApi>(extensionId);
    assert.ok(extension, `${extensionId} is not installed in this VS Code`);
    api = await extension.activate();
    await api.ready;
    design = await vscode.workspace.openTextDocument(workspaceFile('design.md'));
    await vscode.window.showTextDocument(design);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('offers the term actions as refactors, none as a quick fix, with short titles that say where a link goes', async () => {
    // The server answers once it has the document: ask again until the term's actions come.
    let all: vscode.CodeAction[] = [];
    for (let tries = 0; tries < 100 && !all.some((a) => a.kind?.value.includes('architectureNotes')); tries++) {
      all = await actionsAt(design, 'circuit breaker');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const actions = all.filter((a) => a.kind && (a.kind.value.includes('architectureNotes') || a.kind.value.startsWith('quickfix')));
    assert.ok(actions.length > 0, `no action of ours on a term among: ${all.map((a) => `${a.title} (${a.kind?.value})`).join(' | ')}`);
    for (const action of actions) {
      assert.ok(!vscode.CodeActionKind.QuickFix.contains(action.kind!), `"${action.title}" is a quick fix (${action.kind!.value})`);
      assert.ok(action.title.length <= 80, `"${action.title}" is ${action.title.length} characters`);
    }
    const link = actions.find((a) => /^Link “circuit breaker” to /.test(a.title));
    assert.ok(link, `no link action among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(vscode.CodeActionKind.RefactorRewrite.contains(link.kind!), link.kind!.value);
    // Where it goes: a host and a path, not the bare domain.
    assert.match(link.title, /to [a-z0-9.-]+\.[a-z]+\/\S/i, link.title);
  });

  it('offers "Insert glossary of the terms this doc uses" as a source action of the doc', async () => {
    // As above, asked again for a while: under load a request has come back with no action at
    // all (twice in many runs, the cause not found), though the server offers it for this doc.
    let actions: vscode.CodeAction[] = [];
    for (let tries = 0; tries < 50 && !actions.some((a) => /glossary/i.test(a.title)); tries++) {
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      actions = await actionsAt(design, 'Order service', vscode.CodeActionKind.Source);
    }
    const glossary = actions.find((a) => /glossary/i.test(a.title));
    assert.ok(glossary, `no glossary action among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(vscode.CodeActionKind.Source.contains(glossary.kind!), glossary.kind!.value);
  });

  it('inserts a reference from the Patterns view as a word of its own, not glued to the word before', async () => {
    const reference = await findNode(api, undefined, (n) => n.node.kind === 'reference' && /^https?:/.test(n.node.url ?? ''));
    assert.ok(reference, 'no reference in the Patterns tree');
    const draft = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'see here\n' });
    const editor = await vscode.window.showTextDocument(draft);
    editor.selection = new vscode.Selection(0, 3, 0, 3);
    await vscode.commands.executeCommand('architectureNotes.patterns.insertLink', reference);
    const text = draft.getText();
    assert.match(text, /^see \[[^\]]+\]\(https?:[^)]+\) here\n$/, JSON.stringify(text));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('puts no problem of the bundled note in the Problems panel, and asks Max File Size in megabytes', async () => {
    const bundled = vscode.Uri.file(vscode.extensions.getExtension(extensionId)!.extensionPath + '/notes-data/architecture.md');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(bundled));
    // Give the server time to publish, as it does for any other note it has problems with.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const problems = vscode.languages.getDiagnostics(bundled).filter((d) => d.source === 'architecture-notes');
    assert.deepEqual(problems.map((d) => d.message), []);
    const setting = vscode.workspace.getConfiguration('architectureNotes').inspect<number>('maxFileSizeMB');
    assert.equal(setting?.defaultValue, 5);
  });
});
