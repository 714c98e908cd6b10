// The extension's features, checked inside a real VS Code through the same entry points people
// use: the hover, code action and definition providers, the Patterns view's data, the search
// behind Search Notes… and the "In This Document" view. Expected values are read from the
// bundled notes and the test documents, so the suite follows the notes instead of freezing them.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ArchitectureNotesApi } from '../../client/src/api';
import type { PatternNode } from '../../client/src/patternsTree';

const extensionId = 'architecture-notes.architecture-notes';

let api: ArchitectureNotesApi;
let notesUri: vscode.Uri;
let notesLines: string[];

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite must be started with test/e2e/workspace as its folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** The text of a hover part, with Markdown escapes removed so it reads as the notes do. */
function plain(part: vscode.MarkdownString | vscode.MarkedString): string {
  const value = typeof part === 'string' ? part : part.value;
  return value.replace(/\\(.)/g, '$1');
}

/** Where a word sits in a document, as a position a few characters into it. */
function positionOf(document: vscode.TextDocument, phrase: string): vscode.Position {
  const offset = document.getText().indexOf(phrase);
  assert.ok(offset >= 0, `${document.uri.path} does not contain "${phrase}"`);
  return document.positionAt(offset + 2);
}

/** The definition lines of a term in the bundled notes: `* _term_: definition …`. */
function definitionLines(term: string): { line: number; text: string }[] {
  const marker = `_${term}_:`;
  return notesLines.flatMap((text, line) => (text.includes(marker) ? [{ line, text }] : []));
}

async function childrenOf(element?: PatternNode): Promise<PatternNode[]> {
  return (await api.patterns.getChildren(element)) ?? [];
}

async function treeItem(element: PatternNode): Promise<vscode.TreeItem> {
  return api.patterns.getTreeItem(element);
}

async function findNode(parent: PatternNode | undefined, matches: (node: PatternNode) => boolean): Promise<PatternNode | undefined> {
  for (const child of await childrenOf(parent)) {
    if (matches(child)) return child;
    const found = await findNode(child, matches);
    if (found) return found;
  }
  return undefined;
}

async function countTerms(element: PatternNode): Promise<number> {
  let count = 0;
  for (const child of await childrenOf(element)) count += (child.node.kind === 'term' ? 1 : 0) + (await countTerms(child));
  return count;
}

/**
 * Opening a Markdown file also activates VS Code's own Markdown extensions, which register
 * their providers while they start. VS Code cancels a code-action request whenever the set of
 * providers changes under it, so the suite waits for those activations to finish first.
 */
async function otherMarkdownExtensionsActivated(): Promise<void> {
  const activating = vscode.extensions.all.filter((extension) => {
    const events: unknown = extension.packageJSON?.activationEvents;
    return extension.id !== extensionId && Array.isArray(events) && events.includes('onLanguage:markdown');
  });
  await Promise.all(activating.map((extension) => Promise.resolve(extension.activate()).catch(() => undefined)));
}

describe('features', () => {
  let design: vscode.TextDocument;

  before(async () => {
    const extension = vscode.extensions.getExtension<ArchitectureNotesApi>(extensionId);
    assert.ok(extension, `${extensionId} is not installed in this VS Code`);
    api = await extension.activate();
    // The extension's own signal that the notes are indexed: no sleeping, no polling.
    const status = await api.ready;
    assert.strictEqual(status.state, 'ready');
    notesUri = vscode.Uri.joinPath(extension.extensionUri, 'notes-data', 'architecture.md');
    notesLines = new TextDecoder().decode(await vscode.workspace.fs.readFile(notesUri)).split(/\r?\n/);
    design = await vscode.workspace.openTextDocument(workspaceFile('design.md'));
    await vscode.window.showTextDocument(design);
    await otherMarkdownExtensionsActivated();
  });

  it('reports an index with the bundled notes and their terms', () => {
    const status = api.indexStatus();
    assert.ok(status, 'no index status after ready');
    assert.ok(status.notes >= 1, `expected the bundled note, got ${status.notes} notes`);
    const definedInSeed = notesLines.filter((line) => /^\s*[*-] _[^_]+_:/.test(line)).length;
    assert.ok(status.terms > 0 && status.terms <= definedInSeed * 3, `implausible term count ${status.terms} for ${definedInSeed} definition lines`);
  });

  it('hovers a term in a design doc with what the notes say about it', async () => {
    const [seed] = definitionLines('circuit breaker');
    assert.ok(seed, 'the bundled notes no longer define "circuit breaker"');
    const definition = /_:\s*(.*?)\s+https?:/.exec(seed.text)?.[1];
    const firstUrl = /https?:\/\/\S+/.exec(seed.text)?.[0];
    assert.ok(definition && firstUrl, `unexpected shape of the seed line: ${seed.text}`);

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', design.uri, positionOf(design, 'circuit breaker'));
    const ours = hovers.flatMap((h) => h.contents).filter((part) => plain(part).includes('circuit breaker'));
    assert.strictEqual(ours.length, 1, `expected one hover about "circuit breaker", got: ${JSON.stringify(hovers.map((h) => h.contents.map(plain)))}`);
    const text = plain(ours[0]);
    assert.ok(text.includes(definition), `the hover does not include the definition "${definition}":\n${text}`);
    assert.ok(text.includes(firstUrl), `the hover does not link ${firstUrl}:\n${text}`);
    // Note text is untrusted: the hover must not be able to run commands.
    const part = ours[0];
    if (typeof part !== 'string' && 'isTrusted' in part) assert.ok(!part.isTrusted, 'the hover Markdown is trusted');
  });

  it('offers "Open reference" code actions with the term\'s links', async () => {
    const [seed] = definitionLines('circuit breaker');
    const seedUrls: string[] = seed.text.match(/https?:\/\/\S+/g) ?? [];
    const position = positionOf(design, 'circuit breaker');
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider', design.uri, new vscode.Range(position, position),
    );
    const openReference = actions.filter((a) => a.title.startsWith('Open reference:'));
    assert.ok(openReference.length >= 1, `no "Open reference" action among: ${actions.map((a) => a.title).join(' | ')}`);
    for (const action of openReference) {
      const command = 'command' in action && typeof action.command === 'object' ? action.command : (action as vscode.Command);
      assert.strictEqual(command.command, 'architectureNotes.openReference');
      const url = String(command.arguments?.[0]);
      assert.ok(seedUrls.includes(url), `"${action.title}" opens ${url}, which is not among the notes' links for the term`);
    }
  });

  it('goes to both definitions of "horizontal scaling" from the walkthrough\'s sample doc', async () => {
    const expectedLines = definitionLines('horizontal scaling').map((d) => d.line);
    assert.strictEqual(expectedLines.length, 2, 'the bundled notes should define "horizontal scaling" twice');

    await vscode.commands.executeCommand('architectureNotes.openSample');
    const sample = vscode.window.activeTextEditor?.document;
    assert.ok(sample, 'Open Sample Design Doc did not open an editor');
    assert.strictEqual(sample.uri.scheme, 'untitled');
    assert.strictEqual(sample.languageId, 'markdown');

    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider', sample.uri, positionOf(sample, 'horizontal scaling'),
    );
    const targets = locations.map((l) => ('targetUri' in l ? { uri: l.targetUri, range: l.targetRange } : l));
    assert.strictEqual(targets.length, 2, `expected 2 definitions, got ${JSON.stringify(targets)}`);
    for (const target of targets) assert.strictEqual(target.uri.fsPath, notesUri.fsPath);
    assert.deepStrictEqual(targets.map((t) => t.range.start.line).sort((a, b) => a - b), expectedLines);

    // Asked again while the draft is open, it shows that draft rather than another Untitled tab.
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
    await vscode.commands.executeCommand('architectureNotes.openSample');
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), sample.uri.toString());
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('shows the notes in the Patterns tree, PATTERNS first and expanded, with term counts', async () => {
    // The view's focus command exists only when the view is contributed; it also opens the
    // sidebar, so a screenshot of the run shows the tree.
    await vscode.commands.executeCommand('architectureNotes.patterns.focus');
    const notes = await childrenOf();
    const bundled = notes.find((n) => n.node.uri === notesUri.toString());
    assert.ok(bundled, `the bundled note is not in the tree: ${notes.map((n) => n.node.uri).join(', ')}`);
    assert.strictEqual((await treeItem(bundled)).collapsibleState, vscode.TreeItemCollapsibleState.Expanded);

    const children = await childrenOf(bundled);
    assert.strictEqual(children[0]?.node.label, 'PATTERNS', `first in the note is ${children[0]?.node.label}`);
    assert.strictEqual((await treeItem(children[0])).collapsibleState, vscode.TreeItemCollapsibleState.Expanded);

    // Areas are the level-1 headings with a name; one that is only an emoji is the note's icon.
    const areaHeadings = notesLines.filter((line) => /^# .*\p{L}/u.test(line));
    const areas = children.filter((child) => child.node.kind === 'area');
    assert.strictEqual(areas.length, areaHeadings.length, `expected ${areaHeadings.length} areas, got ${areas.map((a) => a.node.label).join(', ')}`);
    for (const area of areas) {
      assert.ok(areaHeadings.some((heading) => heading.endsWith(area.node.label)), `area ${area.node.label} has no heading`);
      if (area !== children[0]) {
        const state = (await treeItem(area)).collapsibleState;
        assert.notStrictEqual(state, vscode.TreeItemCollapsibleState.Expanded, `${area.node.label} should start collapsed`);
      }
      const terms = await countTerms(area);
      const description = (await treeItem(area)).description;
      const expected = terms === 0 ? undefined : terms === 1 ? '1 term' : `${terms} terms`;
      assert.strictEqual(description, expected, `term count of ${area.node.label}`);
    }
    assert.ok((await countTerms(children[0])) > 0, 'PATTERNS has no terms');
  });

  it('reveals a term\'s definition from the tree and keeps its tooltip untrusted', async () => {
    const term = await findNode(undefined, (n) => n.node.kind === 'term' && n.node.label === 'horizontal scaling');
    assert.ok(term, 'no "horizontal scaling" term in the Patterns tree');
    const item = await treeItem(term);
    assert.ok(item.tooltip instanceof vscode.MarkdownString, 'a term\'s tooltip should be Markdown');
    assert.ok(!item.tooltip.isTrusted && !item.tooltip.supportHtml, 'a tooltip built from note text must be untrusted, without HTML');
    assert.ok(item.command, 'clicking a term should do something');

    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'no editor after revealing the term');
    assert.strictEqual(editor.document.uri.fsPath, notesUri.fsPath);
    assert.strictEqual(editor.document.getText(editor.selection), 'horizontal scaling');
  });

  it('gives references in the tree a link context menu and an open-in-browser click', async () => {
    const reference = await findNode(undefined, (n) => n.node.kind === 'reference');
    assert.ok(reference, 'no reference in the Patterns tree');
    const item = await treeItem(reference);
    assert.strictEqual(item.contextValue, 'reference');
    assert.strictEqual(item.command?.command, 'architectureNotes.patterns.openReference');
    assert.match(reference.node.url ?? '', /^https?:\/\//);
    assert.ok(notesLines[reference.node.range.start.line].includes(reference.node.url ?? '\u0000'), 'the reference\'s range is not on the line with its URL');
  });

  it('finds a term with Search Notes as the QuickPick shows it', async () => {
    const items = await api.search('circuit breaker');
    assert.ok(items.length > 0, 'no results for "circuit breaker"');
    const top = items[0];
    assert.strictEqual(top.result.kind, 'term');
    assert.strictEqual(top.result.label, 'circuit breaker');
    assert.strictEqual(top.label, '$(symbol-key) circuit breaker');
    const [seed] = definitionLines('circuit breaker');
    assert.ok(seed.text.includes(top.detail ?? '\u0000'), `detail "${top.detail}" is not the definition in the notes`);
    assert.strictEqual(top.result.range.start.line, seed.line);
    assert.ok(top.alwaysShow, 'results must not be filtered again by the QuickPick');
    assert.strictEqual(top.buttons?.length, 1, 'a result with a link has an Open Reference button');

    // Typing into a search box: partial words still find it, nonsense finds nothing.
    assert.ok((await api.search('circ')).some((i) => i.result.label === 'circuit breaker'), '"circ" does not find circuit breaker');
    assert.deepStrictEqual(await api.search('zqxjv wvkpq'), []);
  });

  it('opens Search Notes from the command palette with a query', async () => {
    await vscode.commands.executeCommand('architectureNotes.search', 'circuit');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  it('re-indexes on request, reporting indexing and then ready with the same notes', async () => {
    const before = api.indexStatus();
    assert.ok(before);
    const seen: string[] = [];
    const subscription = api.onIndexStatus((status) => seen.push(status.state));
    try {
      await vscode.commands.executeCommand('architectureNotes.reindex');
    } finally {
      subscription.dispose();
    }
    assert.ok(seen.indexOf('indexing') >= 0 && seen.lastIndexOf('ready') > seen.indexOf('indexing'), `status sequence: ${seen.join(' → ')}`);
    const after = api.indexStatus();
    assert.strictEqual(after?.state, 'ready');
    assert.strictEqual(after.notes, before.notes);
    assert.strictEqual(after.terms, before.terms);
  });

  it('lists the terms the open design doc uses, with counts, and jumps to the next one', async () => {
    await vscode.window.showTextDocument(design);
    const terms = await api.documentTerms(design);
    const breaker = terms.find((t) => t.term === 'circuit breaker');
    assert.ok(breaker, `"circuit breaker" not among ${terms.map((t) => t.term).join(', ')}`);
    const mentions = design.getText().toLowerCase().split('circuit breaker').length - 1;
    assert.strictEqual(breaker.count, mentions);
    assert.strictEqual(breaker.ranges.length, mentions);

    const editor = await vscode.window.showTextDocument(design);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('architectureNotes.documentTerms.nextOccurrence', { uri: design.uri, item: breaker });
    const after = vscode.window.activeTextEditor;
    assert.strictEqual(after?.document.uri.toString(), design.uri.toString());
    assert.strictEqual(after.document.getText(after.selection).toLowerCase(), 'circuit breaker');
  });

  it('stops a term\'s hovers from its code action, through the workspace\'s settings', async () => {
    const position = positionOf(design, 'node with');
    const hoversNode = async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', design.uri, position);
      return hovers.flatMap((h) => h.contents).some((part) => /\bnode\b/.test(plain(part)));
    };
    /** Settles when the server has indexed again (the settings change makes it). */
    const reindexed = () => new Promise<void>((resolve) => {
      let indexing = false;
      const subscription = api.onIndexStatus((status) => {
        if (status.state === 'indexing') indexing = true;
        else if (indexing && status.state === 'ready') {
          subscription.dispose();
          resolve();
        }
      });
    });
    assert.ok(await hoversNode(), 'no hover on "node" to begin with');
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider', design.uri, new vscode.Range(position, position), 'refactor',
    );
    const action = actions.find((a): a is vscode.CodeAction => a.title === 'Don\'t show hovers for "node" in this workspace');
    assert.ok(action?.command, `no such action among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.strictEqual(action.kind?.value, 'refactor.architectureNotes.ignoreTerm');
    const settingsFolder = workspaceFile('.vscode');
    const hadSettings = await vscode.workspace.fs.stat(settingsFolder).then(() => true, () => false);
    const configuration = () => vscode.workspace.getConfiguration('architectureNotes');
    try {
      const ignored = reindexed();
      await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
      assert.deepStrictEqual(configuration().inspect('ignoreTerms')?.workspaceValue, ['node']);
      await ignored;
      assert.ok(!(await hoversNode()), 'the ignored term still hovers');
    } finally {
      const restored = reindexed();
      await configuration().update('ignoreTerms', undefined, vscode.ConfigurationTarget.Workspace);
      if (!hadSettings) await vscode.workspace.fs.delete(settingsFolder, { recursive: true });
      await restored;
    }
    assert.ok(await hoversNode(), 'the hover is back once the setting is');
  });
});
