// Issue 14: the note formats people already keep, read in a real VS Code. Runs in
// test/e2e/formats-workspace/: a small vault (concept notes with frontmatter aliases), a glossary
// page with bold leads, both named by the folder's settings, and a Contextive glossary
// (project.glossary.yml) found without any setting. Each format's term is hovered through VS
// Code's hover machinery and with the mouse on the page, and the Patterns view is read both from
// its data and from the rows on screen. Expected texts are read from the fixture files, so the
// test follows them. Run alone: E2E_FILES=formats npm run test:e2e.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ArchitectureNotesApi } from '../../client/src/api';
import type { PatternNode } from '../../client/src/patternsTree';
import { askPage, eventually, pageDriven } from './waiting';

const extensionId = 'architecture-notes.architecture-notes';

let api: ArchitectureNotesApi;
let folder: vscode.Uri;
let design: vscode.TextDocument;

/** Asks the runner to act on the page (see waiting.ts). */
function page(request: { click?: string; hasText?: string; clickInside?: string; hover?: string; read: string }): Promise<string[]> {
  return askPage('formats', request);
}

function fixture(relative: string): string {
  return fs.readFileSync(vscode.Uri.joinPath(folder, relative).fsPath, 'utf8');
}

/** A concept note's definition: its first paragraph after the frontmatter. */
function firstParagraph(note: string): string {
  const body = note.replace(/^---\n[\s\S]*?\n---\n/, '');
  return body.split(/\n\s*\n/).map((p) => p.trim()).find((p) => p && !p.startsWith('#'))!.replace(/\s+/g, ' ');
}

function plain(part: vscode.MarkdownString | vscode.MarkedString): string {
  const value = typeof part === 'string' ? part : part.value;
  return value.replace(/\\(.)/g, '$1').replace(/\s+/g, ' ');
}

async function hoverText(phrase: string): Promise<string> {
  const offset = design.getText().indexOf(phrase);
  assert.ok(offset >= 0, `design.md does not contain "${phrase}"`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', design.uri, design.positionAt(offset + 2));
  return hovers.flatMap((hover) => hover.contents).map(plain).join('\n');
}

async function childrenOf(element?: PatternNode): Promise<PatternNode[]> {
  return (await api.patterns.getChildren(element)) ?? [];
}

async function findNode(parent: PatternNode | undefined, matches: (node: PatternNode) => boolean): Promise<PatternNode | undefined> {
  for (const child of await childrenOf(parent)) {
    if (matches(child)) return child;
    const found = await findNode(child, matches);
    if (found) return found;
  }
  return undefined;
}

describe('note formats (issue 14)', () => {
  // What each fixture says, read from the files.
  let idempotency: string;
  let saga: string;
  let legPolicy: { context: string; vision: string; definition: string; example: string };

  before(async function () {
    const extension = vscode.extensions.getExtension<ArchitectureNotesApi>(extensionId);
    assert.ok(extension, `${extensionId} is not installed in this VS Code`);
    const open = vscode.workspace.workspaceFolders?.[0];
    assert.ok(open && path.basename(open.uri.fsPath) === 'formats-workspace', `this file runs in test/e2e/formats-workspace, not ${open?.uri.fsPath}`);
    folder = open.uri;
    api = await extension.activate();
    const status = await api.ready;
    assert.strictEqual(status.state, 'ready');

    idempotency = firstParagraph(fixture('notes/concepts/Idempotency.md'));
    saga = /\*\*Saga\*\*:\s*(.*?)\./.exec(fixture('notes/glossary/messaging.md'))![1];
    const glossary = fixture('project.glossary.yml');
    legPolicy = {
      context: /- name: (.+)/.exec(glossary)![1],
      vision: /domainVisionStatement: (.+)/.exec(glossary)![1],
      definition: /name: Leg Magnitude Policy\n\s+definition: (.+)/.exec(glossary)![1],
      example: /examples:\n\s+- (.+)/.exec(glossary)![1],
    };

    design = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'design.md'));
    await vscode.window.showTextDocument(design);
  });

  it('indexes the vault, the glossary page and the Contextive glossary, and nothing bundled', () => {
    const status = api.indexStatus();
    assert.ok(status);
    // Three concept notes and the glossary page from `notes`, the glossary from the folder.
    assert.strictEqual(status.notes, 5, `expected 5 notes, got ${status.notes}`);
    assert.deepStrictEqual(status.skipped, []);
  });

  it('hovers a vault concept by its frontmatter alias with the note\'s first paragraph', async () => {
    const text = await hoverText('idempotent');
    assert.ok(text.includes(idempotency), `the hover on "idempotent" lacks the note's definition "${idempotency}":\n${text}`);
    assert.match(text, /Idempotency/, 'the hover does not name the note');
  });

  it('hovers a glossary page\'s bold lead with its definition', async () => {
    const text = await hoverText('saga');
    assert.ok(text.includes(saga), `the hover on "saga" lacks "${saga}":\n${text}`);
  });

  it('hovers a Contextive term, and its code spelling, with the context, its vision, the definition and an example', async () => {
    for (const phrase of ['Leg Magnitude Policy', 'LegMagnitudePolicy']) {
      const text = await hoverText(phrase);
      for (const [what, expected] of Object.entries(legPolicy)) {
        assert.ok(text.includes(expected), `the hover on "${phrase}" lacks the ${what} "${expected}":\n${text}`);
      }
    }
  });

  it('shows each format\'s card when the mouse rests on the word', async function () {
    if (!pageDriven) this.skip();
    await vscode.window.showTextDocument(design, { preserveFocus: false });
    const cases: [phrase: string, expected: string][] = [
      ['idempotent', idempotency],
      ['saga', saga],
      ['Leg Magnitude Policy', legPolicy.definition],
    ];
    for (const [phrase, expected] of cases) {
      const shown = await eventually(() => page({ hover: phrase, read: '.monaco-hover:not(.hidden)' }), (texts) => texts.some((t) => t.includes(expected)), 10_000, 100);
      assert.ok(shown.some((t) => t.includes(expected)), `the hover on screen over "${phrase}" does not say "${expected}": ${JSON.stringify(shown)}`);
    }
  });

  it('lists the vault as one row, by folder and tag inside it, the glossary page and the Contextive context in the Patterns view', async () => {
    const top = await childrenOf();
    const groups = top.filter((n) => n.node.kind === 'folder' || n.node.kind === 'tag');
    // One row for the vault, named as its notes path: its folders and tags were three and more rows of the first level.
    assert.deepStrictEqual(groups.map((n) => n.node.label), ['notes'], `the first level: ${top.map((n) => `${n.node.kind} ${n.node.label}`).join(', ')}`);
    const inVault = await childrenOf(groups[0]);
    assert.deepStrictEqual(inVault.filter((n) => n.node.kind === 'folder').map((n) => n.node.label), ['concepts', 'glossary']);
    assert.ok(inVault.some((n) => n.node.kind === 'tag' && n.node.label === '#concept'), `no #concept inside the vault: ${inVault.map((n) => n.node.label).join(', ')}`);
    const concepts = inVault.find((n) => n.node.kind === 'folder' && n.node.label === 'concepts');
    assert.ok(concepts, 'no "concepts" folder of the vault in the Patterns view');
    // A folder or tag row expands and runs nothing; a note row opens its note.
    for (const row of [groups[0], ...inVault.filter((n) => n.node.kind !== 'note')]) {
      const item = await api.patterns.getTreeItem(row);
      assert.strictEqual(item.command, undefined, `a click on the ${row.node.kind} "${row.node.label}" runs ${item.command?.command}`);
      assert.notStrictEqual(item.collapsibleState, vscode.TreeItemCollapsibleState.None, `the ${row.node.kind} "${row.node.label}" does not expand`);
    }
    const notes = (await childrenOf(concepts)).map((n) => n.node.label);
    assert.deepStrictEqual(notes, ['Bulkhead', 'CQRS', 'Idempotency']);
    const idempotencyNote = (await childrenOf(concepts)).find((n) => n.node.label === 'Idempotency')!;
    const noteTerms = (await childrenOf(idempotencyNote)).filter((n) => n.node.kind === 'term').map((n) => n.node.label);
    assert.deepStrictEqual(noteTerms, ['Idempotency']);

    const sagaTerm = await findNode(undefined, (n) => n.node.kind === 'term' && n.node.label === 'Saga');
    assert.ok(sagaTerm, 'the glossary page\'s "Saga" is not in the Patterns view');
    assert.match(sagaTerm.node.uri, /messaging\.md$/);

    const glossaryRoot = (await childrenOf()).find((n) => n.node.uri.endsWith('project.glossary.yml'));
    assert.ok(glossaryRoot, 'the Contextive glossary has no row of its own');
    const contexts = await childrenOf(glossaryRoot);
    assert.deepStrictEqual(contexts.map((n) => n.node.label), [legPolicy.context]);
    assert.strictEqual(contexts[0].node.detail, legPolicy.vision);
    const contextTerms = (await childrenOf(contexts[0])).map((n) => n.node.label);
    assert.deepStrictEqual(contextTerms, ['Leg', 'Leg Magnitude Policy']);
  });

  it('shows the vault note and the Contextive context as rows of the Patterns view on screen', async function () {
    if (!pageDriven) this.skip();
    await vscode.commands.executeCommand('architectureNotes.patterns.focus');
    const rows = '.part.sidebar .pane:has(.pane-header[aria-label^="Patterns"]) .monaco-list-row';
    // The glossary's root row starts expanded: its context is on screen at once.
    const first = await eventually(() => page({ read: rows }), (texts) => texts.some((t) => t.startsWith(legPolicy.context)), 10_000, 100);
    assert.ok(first.some((t) => t.startsWith(legPolicy.context)), `no row for the context "${legPolicy.context}": ${JSON.stringify(first)}`);
    // The vault's row and its folder start collapsed: a click on the row itself, as a person
    // clicks, expands it and opens no note (it opened the folder's first note, unexpanded).
    await vscode.window.showTextDocument(design);
    const noteOpened = () => vscode.window.visibleTextEditors.map((e) => e.document.uri.fsPath).filter((p) => p.includes(`${path.sep}notes${path.sep}`));
    await page({ click: `${rows}[aria-expanded="false"]`, hasText: 'notes', read: rows });
    const vaultOpen = await eventually(() => page({ read: rows }), (texts) => texts.some((t) => t.startsWith('concepts')), 10_000, 100);
    assert.ok(vaultOpen.some((t) => t.startsWith('concepts')), `no row for the folder "concepts" after a click on the vault's row: ${JSON.stringify(vaultOpen)}`);
    await page({ click: `${rows}[aria-expanded="false"]`, hasText: 'concepts', read: rows });
    const expanded = await eventually(() => page({ read: rows }), (texts) => texts.some((t) => t.startsWith('Idempotency')), 10_000, 100);
    assert.ok(expanded.some((t) => t.startsWith('Idempotency')), `no row for the vault note Idempotency after a click on "concepts": ${JSON.stringify(expanded)}`);
    // Time for an editor that a click would have opened to show.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.deepStrictEqual(noteOpened(), [], 'a click on a folder row opened a note');
    // A note row opens its note.
    await page({ click: rows, hasText: 'Idempotency', read: rows });
    const opened = await eventually(noteOpened, (paths) => paths.some((p) => p.endsWith('Idempotency.md')), 10_000, 100);
    assert.ok(opened.some((p) => p.endsWith('Idempotency.md')), `a click on the note row Idempotency opened ${JSON.stringify(opened)}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
