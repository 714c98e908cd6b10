// Issue 15: the extension used as a new user would, in a real VS Code. What a person sees and
// types goes through the page itself (scripts/e2e/run-code-server.mjs acts on requests this
// file logs: keys typed at 30 ms each, texts read off the workbench); the rest through the same
// providers and commands the views use. Run alone: E2E_FILES=usability npm run test:e2e.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ArchitectureNotesApi } from '../../client/src/api';
import type { PatternNode } from '../../client/src/patternsTree';
import type { SearchRow } from '../../client/src/search';
import { ClientCommands } from '../../server/src/protocol';
import { eventually, nextReady, PAGE_REQUEST_TAG, pageDriven } from './waiting';

const extensionId = 'architecture-notes.architecture-notes';

let api: ArchitectureNotesApi;
let extension: vscode.Extension<ArchitectureNotesApi>;

let requestCount = 0;
/** Asks the runner to act on the page; with `read`, resolves to what it read and what it saw change (askPage in waiting.ts reads only the first). */
async function page(request: { press?: string | string[]; type?: string; delay?: number; watch?: string; read?: string; collect?: boolean }): Promise<{ seen: string[]; now: string[] }> {
  const out = request.read !== undefined || request.collect ? path.join(os.tmpdir(), `an-e2e-${process.pid}-${++requestCount}.json`) : undefined;
  console.log(PAGE_REQUEST_TAG + JSON.stringify({ ...request, out }));
  if (!out) return { seen: [], now: [] };
  const text = await eventually(() => (fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : ''), (t) => t.length > 0, 10_000);
  fs.rmSync(out, { force: true });
  assert.ok(text, 'the runner did not answer a page request');
  const answer = JSON.parse(text) as { seen: string[]; now: string[]; error?: string };
  assert.ok(!answer.error, `page request failed: ${answer.error}`);
  return answer;
}

/** A notification's message as the page shows it. */
const NOTIFICATION_MESSAGE = '.notification-list-item-message';

/** The texts of what `selector` finds in the notification list, opened first: it can close on its own. */
async function notificationTexts(selector: string): Promise<string[]> {
  await vscode.commands.executeCommand('notifications.showList');
  return (await page({ read: selector })).now.map((t) => t.trim());
}

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite must be started with test/e2e/workspace as its folder');
  return vscode.Uri.joinPath(folder.uri, name);
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

function tooltipText(item: vscode.TreeItem): string {
  const tooltip = item.tooltip;
  return typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '').replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
}

async function closeEverything(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  await vscode.commands.executeCommand('notifications.hideList');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('usability (issue 15)', () => {
  let design: vscode.TextDocument;

  before(async () => {
    const found = vscode.extensions.getExtension<ArchitectureNotesApi>(extensionId);
    assert.ok(found, `${extensionId} is not installed in this VS Code`);
    extension = found;
    api = await extension.activate();
    await api.ready;
    design = await vscode.workspace.openTextDocument(workspaceFile('design.md'));
  });

  afterEach(async () => {
    // A failed test must not leave typed text in the workspace's design doc.
    if (design.isDirty) {
      await vscode.window.showTextDocument(design);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await closeEverything();
  });

  it('point 1: what is typed right after Ctrl+Alt+N at 30 ms per key goes into the search box, never into the document', async function () {
    if (!pageDriven) this.skip();
    // An unsaved copy: nothing typed by mistake can reach the workspace's files.
    const draft = await vscode.workspace.openTextDocument({ language: 'markdown', content: design.getText() });
    const before = draft.getText();
    const box = '.quick-input-widget .quick-input-box input';
    // Several tries: the lost keystrokes came 2 times out of 3.
    for (let attempt = 1; attempt <= 3; attempt++) {
      await vscode.window.showTextDocument(draft, { preserveFocus: false });
      await page({ press: 'Control+Alt+KeyN', type: 'cqrs', delay: 30 });
      const opened = await eventually(() => api.searcher.openQuery, (value) => value !== undefined, 10_000);
      const query = opened === undefined ? undefined : await eventually(() => api.searcher.openQuery ?? '', (value) => value === 'cqrs', 2_000);
      assert.strictEqual(draft.getText(), before, `attempt ${attempt}: typing went into the document (the box holds ${JSON.stringify(query)})`);
      assert.ok(query !== undefined, `attempt ${attempt}: Search Notes did not open`);
      // Every key typed before the box was up is in it, in order: none dropped, none in the document.
      assert.strictEqual(query, 'cqrs', `attempt ${attempt}: the search box holds ${JSON.stringify(query)}; it received: ${api.searcher.typeAheadTrail.join(' | ')}`);
      const shown = await eventually(() => page({ read: box }), ({ now }) => now.includes('cqrs'), 3_000);
      assert.deepStrictEqual(shown.now, ['cqrs'], `attempt ${attempt}: the box on screen shows ${JSON.stringify(shown.now)}`);
      // Once the box is up and the typing has paused, the box takes the keys itself.
      await eventually(() => api.searcher.typeAheadActive, (active) => !active, 3_000);
      await page({ type: 'xy', delay: 30 });
      const more = await eventually(() => api.searcher.openQuery, (value) => value === 'cqrsxy', 3_000);
      assert.strictEqual(more, 'cqrsxy', `attempt ${attempt}: typed into the box after the hand-over; it received: ${api.searcher.typeAheadTrail.join(' | ')}`);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await eventually(() => api.searcher.openQuery, (value) => value === undefined, 5_000);
    }
    // Once the box is closed, keys typed in the editor are the editor's again: it is writable
    // and no keybinding holds on to the letters.
    assert.strictEqual(api.searcher.typeAheadActive, false, 'keys are still routed to the closed search box');
    await vscode.window.showTextDocument(draft, { preserveFocus: false });
    await vscode.commands.executeCommand('cursorTop');
    await page({ type: 'zq', delay: 30 });
    const typed = await eventually(() => draft.getText(), (text) => text === 'zq' + before, 3_000);
    assert.strictEqual(typed.slice(0, 10), ('zq' + before).slice(0, 10), 'the editor did not take what was typed after Search Notes closed');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('point 1: Escape right after Ctrl+Alt+N cancels: no search box opens, the document is unchanged and takes keys again', async function () {
    if (!pageDriven) this.skip();
    // Escape at once, and 10 and 30 ms after: the box appears a round trip after the keys, and
    // an Escape before it went to the editor while the box opened all the same, keeping the keys.
    for (const delay of [0, 10, 30]) {
      // An unsaved copy: nothing typed by mistake can reach the workspace's files.
      const draft = await vscode.workspace.openTextDocument({ language: 'markdown', content: design.getText() });
      const before = draft.getText();
      await vscode.window.showTextDocument(draft, { preserveFocus: false });
      const trailBefore = api.searcher.typeAheadTrail.length;
      const documentsBefore = vscode.workspace.textDocuments.length;
      await page({ press: ['Control+Alt+KeyN', 'Escape'], delay });
      // The keybinding reached the extension (else the check below would hold for nothing).
      await eventually(() => api.searcher.typeAheadTrail.length, (length) => length > trailBefore, 5_000);
      await eventually(() => api.searcher.typeAheadActive, (active) => !active, 5_000);
      // Time for a box that Escape did not stop to show.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const trail = api.searcher.typeAheadTrail.join(' | ');
      assert.strictEqual(api.searcher.openQuery, undefined, `Escape ${delay} ms after Ctrl+Alt+N: the search box is open; it received: ${trail}`);
      assert.strictEqual(api.searcher.typeAheadActive, false, `Escape ${delay} ms after Ctrl+Alt+N: keys are still routed to the search box; it received: ${trail}`);
      assert.strictEqual(draft.getText(), before, `Escape ${delay} ms after Ctrl+Alt+N changed the document`);
      assert.strictEqual(vscode.workspace.textDocuments.length, documentsBefore, `Escape ${delay} ms after Ctrl+Alt+N: a document was opened`);
      // The editor is writable again and the letters are its own.
      await vscode.window.showTextDocument(draft, { preserveFocus: false });
      await vscode.commands.executeCommand('cursorTop');
      await page({ type: 'zq', delay: 30 });
      const typed = await eventually(() => draft.getText(), (text) => text === 'zq' + before, 3_000);
      assert.strictEqual(typed.slice(0, 10), ('zq' + before).slice(0, 10), `after Escape ${delay} ms after Ctrl+Alt+N, the editor did not take what was typed; the box holds ${JSON.stringify(api.searcher.openQuery)}; it received: ${api.searcher.typeAheadTrail.join(' | ')}`);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('point 1: terms come first with their kind, a miss offers Add Notes Folder…, and an empty query shows recent look-ups', async () => {
    const results = await api.search('scaling');
    const kinds = results.map((item) => item.result.kind);
    assert.ok(kinds.includes('term'), `no term among the results for "scaling": ${kinds.join(', ')}`);
    assert.strictEqual(kinds[0], 'term', `a ${kinds[0]} comes before the terms: ${kinds.join(', ')}`);
    assert.ok(kinds.indexOf('quote') === -1 || kinds.lastIndexOf('term') < kinds.indexOf('quote'), `a quote ranks above a term: ${kinds.join(', ')}`);
    for (const item of results) assert.ok(item.description?.startsWith(item.result.kind), `no kind badge on "${item.label}": ${item.description}`);
    if (pageDriven) {
      // The box on screen keeps that order: VS Code's own sorting by label would put a quote
      // that starts with "Scaling" first.
      await vscode.commands.executeCommand('architectureNotes.search', 'scaling');
      await eventually(() => api.searcher.openItems ?? [], (items) => items.some((i) => i.result), 5_000);
      const { now: rows } = await eventually(() => page({ read: '.quick-input-widget .monaco-list-row' }), ({ now }) => now.length >= 3, 5_000);
      const firstTerm = results[0].result.label;
      assert.ok(rows[0]?.includes(firstTerm) && rows[0].includes('term'), `the first row on screen is not the term "${firstTerm}": ${JSON.stringify(rows.slice(0, 3))}`);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    }

    await vscode.commands.executeCommand('architectureNotes.search', 'zzqxv no such words');
    const miss = await eventually(() => api.searcher.openItems ?? [], (items) => items.length > 0, 5_000);
    assert.strictEqual(miss.length, 1, `a search without results shows: ${miss.map((i) => i.label).join(' | ')}`);
    assert.strictEqual(miss[0].run, 'architectureNotes.addNotesFolder');
    assert.match(miss[0].label, /No match/);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');

    await vscode.commands.executeCommand('architectureNotes.search', 'circuit breaker');
    const found = await eventually(() => api.searcher.openItems ?? [], (items) => items.some((i) => i.result), 5_000);
    const first = found.find((i) => i.result);
    assert.ok(first?.result, 'no result for "circuit breaker"');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await eventually(() => api.searcher.openQuery, (value) => value === undefined, 5_000);

    await vscode.commands.executeCommand('architectureNotes.search');
    const recent = await eventually(() => api.searcher.openItems ?? [], (items) => items.length > 0, 5_000);
    assert.ok(recent.some((i) => i.result?.label === first.result?.label), `an empty query does not offer the recent look-up "${first.result.label}": ${recent.map((i) => i.label).join(' | ')}`);
    // Then every term, A to Z, to browse.
    const browsing = await eventually(() => api.searcher.openItems ?? [], (items) => items.filter((i) => i.result).length >= 20, 5_000);
    const listed = browsing.slice(browsing.findIndex((i) => i.label === 'terms, A to Z') + 1).filter((i) => i.result?.kind === 'term').map((i) => i.result!.label.toLowerCase());
    assert.ok(listed.length >= 20, `an empty query lists ${listed.length} terms: ${listed.join(' | ')}`);
    assert.deepEqual(listed.slice(0, 10), [...listed.slice(0, 10)].sort(), `the terms are not A to Z: ${listed.slice(0, 10).join(' | ')}`);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  it('point 1: the status tooltip counts what an empty Search Notes lists: its terms under the terms\' heading, its topics under their own', async () => {
    await vscode.window.showTextDocument(design);
    const status = api.indexStatus();
    assert.ok(status && status.state === 'ready');
    const tooltip = api.statusBar.shown.tooltip;
    const counted = (noun: string) => Number(new RegExp(`(\\d+) ${noun}s?\\b`).exec(tooltip)?.[1] ?? 0);
    await vscode.commands.executeCommand('architectureNotes.search');
    try {
      const rows = await eventually(() => api.searcher.openItems ?? [], (items) => items.filter((i) => i.result).length >= status.terms + status.topics, 10_000);
      // Each heading and the rows under it, up to the next heading.
      const parts = new Map<string, SearchRow[]>();
      let heading = '';
      for (const row of rows) {
        if (row.kind === vscode.QuickPickItemKind.Separator) parts.set((heading = row.label), []);
        else parts.get(heading)?.push(row);
      }
      const terms = parts.get('terms, A to Z') ?? [];
      const topics = parts.get('topics, A to Z') ?? [];
      assert.ok(terms.every((row) => row.result?.kind === 'term'), `rows under "terms, A to Z" that are no terms: ${terms.filter((row) => row.result?.kind !== 'term').map((row) => row.label).join(' | ')}`);
      assert.ok(topics.every((row) => row.result?.kind === 'topic'));
      assert.strictEqual(counted('term'), terms.length, `the tooltip "${tooltip}" against ${terms.length} rows under "terms, A to Z"`);
      assert.strictEqual(counted('topic'), topics.length, `the tooltip "${tooltip}" against ${topics.length} rows under "topics, A to Z"`);
      assert.ok(topics.length > 0, 'the bundled notes have topics: the check would prove nothing without them');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    }
  });

  it('point 1: a query without results shows in its row as typed, `$(zap)` as text, not as an icon', async function () {
    if (!pageDriven) this.skip();
    try {
      await vscode.commands.executeCommand('architectureNotes.search', 'zzqxv $(zap)');
      await eventually(() => api.searcher.openItems ?? [], (items) => items.some((i) => i.run), 5_000);
      const row = '.quick-input-widget .monaco-list-row';
      const { now: rows } = await eventually(() => page({ read: row }), ({ now }) => now.some((t) => t.includes('No match')), 5_000);
      // The zero-width space that keeps `$(` from being read as an icon is not seen.
      assert.ok(rows.some((t) => t.replaceAll('\u200B', '').includes('No match for "zzqxv $(zap)"')), `the row on screen: ${JSON.stringify(rows)}`);
      const { now: icons } = await page({ read: `${row} .codicon-zap` });
      assert.strictEqual(icons.length, 0, 'the query\'s $(zap) is drawn as an icon');
    } finally {
      // A closed box keeps its last value on the page, where point 5 reads the next box's value.
      await vscode.commands.executeCommand('architectureNotes.search');
      await eventually(() => api.searcher.openQuery, (value) => value === '', 5_000);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    }
  });

  it('point 1: Go to Symbol in Workspace gets a term named with `$(zap)` with its `$(` broken, as VS Code\'s `#` list would draw an icon', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'an-e2e-icons-'));
    const glossary = path.join(folder, 'icons.glossary.yml');
    fs.writeFileSync(glossary, 'contexts:\n  - name: Icons\n    terms:\n      - name: "Zapper $(zap) gauge"\n        definition: A gauge whose name writes an icon.\n');
    const configuration = () => vscode.workspace.getConfiguration('architectureNotes');
    try {
      // User settings: the run's own temporary profile, nothing written into the repo.
      await nextReady(api, () => configuration().update('notesPaths', [glossary], vscode.ConfigurationTarget.Global));
      const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'Zapper');
      const names = symbols.map((s) => s.name);
      // The `#` list draws `$(name)` in a symbol's name; the zero-width space in it is not seen.
      assert.ok(names.includes('Zapper $\u200B(zap) gauge'), `the symbols found: ${JSON.stringify(names)}`);
    } finally {
      if (configuration().inspect('notesPaths')?.globalValue !== undefined) {
        await nextReady(api, () => configuration().update('notesPaths', undefined, vscode.ConfigurationTarget.Global));
      }
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('point 2: a click on a topic row opens the note at its heading', async () => {
    const topic = await findNode(undefined, (n) => n.node.kind === 'topic' && n.node.range.start.line > 0);
    assert.ok(topic, 'no topic in the Patterns view');
    const item = await api.patterns.getTreeItem(topic);
    assert.ok(item.command, `a click on the topic "${topic.node.label}" does nothing`);
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const editor = await eventually(() => vscode.window.activeTextEditor, (e) => e?.document.uri.toString() === vscode.Uri.parse(topic.node.uri).toString(), 5_000);
    assert.ok(editor, 'no editor opened');
    assert.strictEqual(editor.document.uri.toString(), vscode.Uri.parse(topic.node.uri).toString());
    assert.strictEqual(editor.selection.start.line, topic.node.range.start.line, 'the note did not open at the heading');
  });

  it('point 2: terms before links, friendly labels with the raw one in the tooltip, definitions on terms, paths on note roots', async () => {
    const [root] = await childrenOf();
    assert.ok(root, 'the Patterns view is empty');
    const rootItem = await api.patterns.getTreeItem(root);
    assert.match(String(rootItem.description ?? ''), /architecture\.md/, `the note root does not show its path: ${rootItem.description}`);

    const mixed = await findNode(undefined, (n) => {
      const kinds = (n.node.children ?? []).map((c) => c.kind);
      return kinds.includes('term') && kinds.includes('reference');
    });
    assert.ok(mixed, 'no row with both terms and links under it');
    const kinds = (await childrenOf(mixed)).map((c) => c.node.kind);
    assert.ok(kinds.lastIndexOf('term') < kinds.indexOf('reference'), `under "${mixed.node.label}" a link comes before a term: ${kinds.join(', ')}`);

    const za = await findNode(undefined, (n) => n.node.kind === 'area' && n.node.label === 'ZA');
    assert.ok(za, 'the bundled notes have no ZA area any more');
    const zaItem = await api.patterns.getTreeItem(za);
    assert.notStrictEqual(zaItem.label, 'ZA', 'the area shows its raw label "ZA"');
    assert.match(tooltipText(zaItem), /ZA/, 'the tooltip does not show the raw label');
    const inbox = await findNode(undefined, (n) => n.node.label === '进步' || n.node.label === '(inbox)');
    if (inbox) assert.strictEqual((await api.patterns.getTreeItem(inbox)).label, 'Inbox');

    const term = await findNode(undefined, (n) => n.node.kind === 'term' && !!n.node.detail);
    assert.ok(term, 'no term with a definition');
    const termItem = await api.patterns.getTreeItem(term);
    assert.ok(tooltipText(termItem).includes(term.node.detail!.slice(0, 20)), `the term's tooltip lacks its definition: ${tooltipText(termItem)}`);
  });

  it('point 3: Re-index Notes shows progress and ends in "Indexed N notes, M terms (T s)"; the status item says "N terms"', async function () {
    if (!pageDriven) this.skip();
    await vscode.window.showTextDocument(design);
    // Under the test runner the workbench shows no toasts; the notification list has them all.
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('notifications.showList');
    await page({ watch: '.notification-list-item' });
    const status = await nextReady(api, () => vscode.commands.executeCommand('architectureNotes.reindex'));
    const noteWord = status.notes === 1 ? 'note' : 'notes';
    const termWord = status.terms === 1 ? 'term' : 'terms';
    const summary = new RegExp(`Indexed ${status.notes} ${noteWord}, ${status.terms} ${termWord} \\(\\d+(\\.\\d)? s\\)`);
    const { seen } = await eventually(() => page({ collect: true }), ({ seen: texts }) => texts.some((t) => summary.test(t)), 10_000);
    assert.ok(seen.some((t) => /re-indexing notes/i.test(t)), `no progress notification while re-indexing; saw: ${JSON.stringify(seen)}`);
    assert.ok(seen.some((t) => summary.test(t)), `no "${summary.source}" notification; saw: ${JSON.stringify(seen)}`);
    const shown = api.statusBar.shown;
    assert.strictEqual(shown.text, `$(book) ${status.terms} ${termWord}`);
    assert.strictEqual(shown.warning, false);
  });

  it('point 3: a notes path that does not exist warns with "Open Settings", and the status item turns to a warning that says why', async function () {
    if (!pageDriven) this.skip();
    await vscode.window.showTextDocument(design);
    const missing = path.join(os.tmpdir(), `an-e2e-missing-notes-${process.pid}`);
    const configuration = vscode.workspace.getConfiguration('architectureNotes');
    // Under the test runner the workbench shows no toasts; the notification list has them all.
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('notifications.showList');
    await page({ watch: '.notification-list-item' });
    try {
      // User settings: the run's own temporary profile, nothing written into the repo.
      const status = await nextReady(api, () => configuration.update('notesPaths', [missing], vscode.ConfigurationTarget.Global));
      assert.ok(status.skipped.some((s) => s.path === missing), `the server did not report ${missing}: ${JSON.stringify(status.skipped)}`);
      // The list can close on its own once clearAll emptied it (then the warning comes as a toast,
      // which the test runner hides): open it again each time and read what it holds as well.
      const listed = async () => {
        await vscode.commands.executeCommand('notifications.showList');
        const answer = await page({ read: '.notification-list-item' });
        return { seen: [...answer.seen, ...answer.now.map((t) => t.trim())] };
      };
      const { seen } = await eventually(listed, ({ seen: texts }) => texts.some((t) => t.includes(missing)), 10_000);
      const warning = seen.find((t) => t.includes(missing));
      assert.ok(warning, `no notification about ${missing}; saw: ${JSON.stringify(seen)}`);
      assert.match(warning, /does not exist/);
      assert.match(warning, /Open Settings/);
      const shown = api.statusBar.shown;
      assert.ok(shown.warning, `the status item looks as usual with a path skipped: ${shown.text}`);
      assert.ok(shown.tooltip.includes(missing), `the status tooltip does not say what was skipped: ${shown.tooltip}`);
    } finally {
      await nextReady(api, () => configuration.update('notesPaths', undefined, vscode.ConfigurationTarget.Global));
    }
  });

  it('point 3: a term named [label](command:…) shows in "No more hovers for …" as typed, not as a link', async function () {
    if (!pageDriven) this.skip();
    const configuration = () => vscode.workspace.getConfiguration('architectureNotes');
    const term = '[Open Keyboard Shortcuts](command:workbench.action.openGlobalKeybindings)';
    // Under the test runner the workbench shows no toasts; the notification list has them all.
    await vscode.commands.executeCommand('notifications.clearAll');
    try {
      // What the check looks for: a message written so, not made inert, is drawn with a link.
      void vscode.window.showInformationMessage('e2e control: [a link](command:workbench.action.openGlobalKeybindings)');
      const control = await eventually(() => notificationTexts(`${NOTIFICATION_MESSAGE} a`), (links) => links.includes('a link'), 10_000);
      assert.ok(control.includes('a link'), `VS Code drew no link in a message of [label](command:…): ${JSON.stringify(control)}`);

      await nextReady(api, () => vscode.commands.executeCommand(ClientCommands.ignoreTerm, term, 'user'));
      const texts = await eventually(() => notificationTexts(NOTIFICATION_MESSAGE), (now) => now.some((t) => t.includes('No more hovers')), 10_000);
      const shown = texts.find((t) => t.includes('No more hovers'));
      assert.ok(shown, `no "No more hovers" notification; saw: ${JSON.stringify(texts)}`);
      // The zero-width space that keeps `](` from being read as a link is not seen.
      assert.ok(shown.replaceAll('\u200B', '').includes(`No more hovers for "${term}" anywhere.`), `the message on screen: ${shown}`);
      const links = await notificationTexts(`${NOTIFICATION_MESSAGE} a`);
      assert.ok(!links.includes('Open Keyboard Shortcuts'), `the term's [label](command:…) is drawn as a link: ${JSON.stringify(links)}`);
    } finally {
      // User settings: the run's own temporary profile, nothing written into the repo.
      if (configuration().inspect('ignoreTerms')?.globalValue !== undefined) {
        await nextReady(api, () => configuration().update('ignoreTerms', undefined, vscode.ConfigurationTarget.Global));
      }
    }
  });

  it('point 3: the server\'s warning of a setting written [label](command:…) shows it as typed, not as a link', async function () {
    if (!pageDriven) this.skip();
    const configuration = () => vscode.workspace.getConfiguration('architectureNotes');
    const value = '[Open Keyboard Shortcuts](command:workbench.action.openGlobalKeybindings)';
    await vscode.commands.executeCommand('notifications.clearAll');
    try {
      // User settings: the run's own temporary profile, nothing written into the repo. The
      // server warns of the value with window/showMessage, which the client shows, and indexes
      // as before ("all").
      await configuration().update('conceptNotes', value, vscode.ConfigurationTarget.Global);
      const texts = await eventually(() => notificationTexts(NOTIFICATION_MESSAGE), (now) => now.some((t) => t.includes('Architecture Notes settings')), 10_000);
      const shown = texts.find((t) => t.includes('Architecture Notes settings'));
      assert.ok(shown, `no warning of the setting; saw: ${JSON.stringify(texts)}`);
      assert.ok(shown.replaceAll('\u200B', '').includes(`conceptNotes "${value}"`), `the message on screen: ${shown}`);
      const links = await notificationTexts(`${NOTIFICATION_MESSAGE} a`);
      assert.ok(!links.includes('Open Keyboard Shortcuts'), `the setting's [label](command:…) is drawn as a link: ${JSON.stringify(links)}`);
    } finally {
      await configuration().update('conceptNotes', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('point 4: In This Document shows what a term means at a glance; with no notes its empty state says so', async () => {
    await vscode.window.showTextDocument(design);
    const provider = api.documentTermsView;
    const nodes = await eventually(async () => (await provider.getChildren()) ?? [], (n) => n.length > 0, 10_000);
    const withDefinition = nodes.find((n) => n.item.definition);
    assert.ok(withDefinition, 'no term with a definition in design.md');
    const item = provider.getTreeItem(withDefinition);
    const glance = String(item.description ?? '');
    assert.ok(glance.includes(withDefinition.item.definition.replace(/\s+/g, ' ').trim().slice(0, 15)), `the row shows no meaning: "${glance}"`);

    const welcome = (extension.packageJSON.contributes.viewsWelcome as { view: string; contents: string; when?: string }[])
      .filter((w) => w.view === 'architectureNotes.documentTerms');
    const noNotes = welcome.filter((w) => w.when?.includes('architectureNotes.noNotes') && !w.when.includes('!architectureNotes.noNotes'));
    assert.strictEqual(noNotes.length, 1, 'In This Document has no empty state for "no notes indexed"');
    assert.match(noNotes[0].contents, /No notes are indexed/);
    assert.doesNotMatch(noNotes[0].contents, /Open a design doc/);
    const openDoc = welcome.filter((w) => /Open a design doc/.test(w.contents));
    assert.ok(openDoc.every((w) => w.when?.includes('!editorIsOpen')), 'In This Document asks to open a design doc while one is open');
  });

  it('point 5: the bundled note opens read-only, and Add Notes Folder… starts in the workspace folder', async function () {
    const bundled = vscode.Uri.joinPath(extension.extensionUri, 'notes-data', 'architecture.md');
    const editor = await vscode.window.showTextDocument(bundled);
    const text = editor.document.getText();
    // Give the read-only switch its moment, then type as a person would.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await vscode.commands.executeCommand('type', { text: 'typed into the bundled note' });
    assert.strictEqual(editor.document.getText(), text, 'the bundled note took an edit');
    if (editor.document.isDirty) await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    if (!pageDriven) this.skip();
    void vscode.commands.executeCommand('architectureNotes.addNotesFolder');
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const { now } = await eventually(() => page({ read: '.quick-input-widget .quick-input-box input' }), ({ now: values }) => values.some((v) => v.length > 0), 10_000);
    // The dialog opens at the folder (VS Code's own file dialog shows it from its parent, selected).
    const starts = [folder, path.dirname(folder)].map((p) => p.replace(/\/$/, ''));
    assert.ok(now.some((v) => starts.includes(v.replace(/\/$/, ''))), `the folder picker starts in ${JSON.stringify(now)}, not at ${folder}`);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  it('point 8: a note opened in the editor is indexed once, and the bundled note leaves with bundled notes off', async () => {
    const configuration = vscode.workspace.getConfiguration('architectureNotes');
    const before = api.indexStatus();
    assert.ok(before);
    const bundled = vscode.Uri.joinPath(extension.extensionUri, 'notes-data', 'architecture.md');
    await vscode.window.showTextDocument(bundled);
    await eventually(() => api.indexStatus()?.version, (v) => v !== before.version, 3_000);
    const roots = async () => (await childrenOf()).filter((n) => n.node.kind === 'note');
    (api.patterns as { refresh(): void } & vscode.TreeDataProvider<PatternNode>).refresh();
    const open = api.indexStatus()!;
    assert.strictEqual(open.notes, before.notes, `opening the bundled note changed the count of notes from ${before.notes} to ${open.notes}`);
    assert.strictEqual(open.terms, before.terms);
    assert.strictEqual((await roots()).length, before.notes, 'the Patterns view shows the note twice');
    try {
      const off = await nextReady(api, () => configuration.update('includeBundledNotes', false, vscode.ConfigurationTarget.Global));
      assert.strictEqual(off.notes, 0, `with bundled notes off (and the bundled note open), ${off.notes} notes are served`);
    } finally {
      await nextReady(api, () => configuration.update('includeBundledNotes', undefined, vscode.ConfigurationTarget.Global));
    }
  });
});
