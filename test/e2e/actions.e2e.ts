// Issue 15, points 6 and 7, in a real VS Code: the term actions are refactors and source
// actions (never the "Quick Fix" that ESLint and cSpell users read as "a problem here"), their
// titles say where a link goes and stay short, a doc gets "Insert glossary…", and the bundled
// note puts nothing in the Problems panel; Max File Size is asked in megabytes.
// Run alone: E2E_FILES=actions npm run test:e2e.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ArchitectureNotesApi } from '../../client/src/api';
import type { PatternNode } from '../../client/src/patternsTree';
import { askPage, eventually, nextReady, pageDriven } from './waiting';

const extensionId = 'architecture-notes.architecture-notes';

/** Asks the runner to act on the page (see waiting.ts). */
function page(request: { type?: string; read: string }): Promise<string[]> {
  return askPage('actions', request);
}

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

  it('offers every reference the notes give a term, and past ten "Show all N references…", which lists them all to pick one', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'an-e2e-references-'));
    const many = Array.from({ length: 13 }, (_, i) => `https://ref${i + 1}.example.com/flags`);
    const four = Array.from({ length: 4 }, (_, i) => `https://canary${i + 1}.example.com/release`);
    fs.writeFileSync(path.join(folder, 'delivery.md'), [
      '# DELIVERY', '', '## releases', '',
      `* _feature flag_: a switch that turns code on without a deploy ${many.join(' ')}`,
      `* _canary release_: a release to a few users first ${four.join(' ')}`,
      '',
    ].join('\n'));
    const configuration = () => vscode.workspace.getConfiguration('architectureNotes');
    try {
      // User settings: the run's own temporary profile, nothing written into the repo.
      await nextReady(api, () => configuration().update('notesPaths', [folder], vscode.ConfigurationTarget.Global));
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'We ship behind a feature flag, then as a canary release.\n' });
      await vscode.window.showTextDocument(doc);
      const opens = async (phrase: string, count: number) => {
        const found = await eventually(async () => (await actionsAt(doc, phrase)).filter((a) => a.kind?.value.endsWith('architectureNotes.openReference')), (a) => a.length >= count, 10_000, 100);
        return found;
      };
      const canary = await opens('canary release', 4);
      assert.deepStrictEqual(canary.map((a) => a.command?.arguments?.[0]), four, canary.map((a) => a.title).join(' | '));
      const flag = await opens('feature flag', 11);
      assert.deepStrictEqual(flag.slice(0, 10).map((a) => a.command?.arguments?.[0]), many.slice(0, 10), flag.map((a) => a.title).join(' | '));
      const all = flag[10];
      assert.strictEqual(all?.title, 'Show all 13 references of “feature flag”…', flag.map((a) => a.title).join(' | '));
      if (!pageDriven) return;
      // The list, as VS Code shows it: every reference, one to pick.
      void vscode.commands.executeCommand(all.command!.command, ...(all.command!.arguments ?? []));
      const title = await eventually(() => page({ read: '.quick-input-widget .quick-input-title' }), (texts) => texts.some((t) => t.includes('feature flag')), 10_000, 100);
      assert.ok(title.some((t) => t.includes('References of “feature flag” (13)')), `the pick's title: ${JSON.stringify(title)}`);
      const rows = await page({ read: '.quick-input-widget .monaco-list-row' });
      assert.ok(rows[0]?.includes('ref1.example.com'), `the first row: ${JSON.stringify(rows)}`);
      // The last one, past the ten of the menu, is there too.
      await page({ type: 'ref13', read: '' });
      const filtered = await eventually(() => page({ read: '.quick-input-widget .monaco-list-row' }), (texts) => texts.some((t) => t.includes('ref13.example.com')), 10_000, 200);
      assert.ok(filtered.some((t) => t.includes('ref13.example.com')), `after typing "ref13": ${JSON.stringify(filtered)}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      if (configuration().inspect('notesPaths')?.globalValue !== undefined) {
        await nextReady(api, () => configuration().update('notesPaths', undefined, vscode.ConfigurationTarget.Global));
      }
      fs.rmSync(folder, { recursive: true, force: true });
    }
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
