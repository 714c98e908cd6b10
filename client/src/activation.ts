// Activation, once extension.ts has started the server's process: the language client on it,
// then the views, commands and status bar hung on the client. Everything else lives in one file
// per feature.
import * as vscode from 'vscode';
import type { ArchitectureNotesApi } from './api';
import { BundledNotesReadonly } from './bundledNotes';
import { lookUpTermAtCursor, NotesCommands, openNotes, openSampleDesignDoc, reindexNotes } from './commands';
import { DocumentTermsProvider, goToNextOccurrence, NEXT_OCCURRENCE_COMMAND } from './documentTerms';
import { DocumentTermsSource } from './documentTermsSource';
import { ignoreTerm } from './ignoreTerms';
import { MissingPathsWarning } from './indexFeedback';
import { IndexStatusTracker } from './indexStatus';
import { createNotesClient, termDocumentSelector } from './languageClient';
import { showReferences } from './noteLocations';
import { addNotesFolder } from './notesFolders';
import { showWarning } from './notify';
import { registerPatternCommands } from './patternsCommands';
import { PatternsTreeProvider } from './patternsTree';
import { NotesSearcher, SEARCH_TYPE_AHEAD_COMMAND, type TypeAhead } from './search';
import { NotesStatusBar } from './statusBar';
import { folderNotesPathsForServer, notesPathsForServer } from './settings';
import { TermHighlighter } from './termHighlights';
import { DidChangeConfigurationNotification, type LanguageClient } from 'vscode-languageclient/node';
import { ClientCommands } from '../../server/src/protocol';
import type { ServerProcesses } from './serverProcess';

let client: LanguageClient | undefined;

export async function activateNotes(context: vscode.ExtensionContext, servers: ServerProcesses): Promise<ArchitectureNotesApi> {
  const log = vscode.window.createOutputChannel('Architecture Notes', { log: true });
  client = createNotesClient(context, log, servers);
  const notesClient = client;
  const index = new IndexStatusTracker(notesClient);
  const searcher = new NotesSearcher(notesClient, log, index, context.globalState);
  const termsSource = new DocumentTermsSource(notesClient, index);

  const patterns = new PatternsTreeProvider(notesClient, index, log, context.extensionUri);
  const patternsView = vscode.window.createTreeView('architectureNotes.patterns', { treeDataProvider: patterns, showCollapseAll: true });
  const documentTerms = new DocumentTermsProvider(termsSource, index, log);
  const documentTermsView = vscode.window.createTreeView('architectureNotes.documentTerms', { treeDataProvider: documentTerms });

  const statusBar = new NotesStatusBar(index, NotesCommands.search);
  const bundledNotes = new BundledNotesReadonly(context.extensionUri);
  context.subscriptions.push(
    log, index, patterns, patternsView, documentTerms, documentTermsView,
    statusBar,
    new MissingPathsWarning(index, log),
    bundledNotes,
    new TermHighlighter(termsSource, index, log),
    ...registerPatternCommands(patternsView, log),
    vscode.commands.registerCommand(NotesCommands.search, (query?: unknown) => {
      // From the keybinding, the active editor was made read-only first (package.json): the pick lifts it.
      const editor = vscode.window.activeTextEditor;
      const fromKeybinding = typeof query === 'object' && query !== null && (query as { fromKeybinding?: unknown }).fromKeybinding === true;
      const release = fromKeybinding && editor && !bundledNotes.isBundled(editor.document.uri)
        ? () => void vscode.commands.executeCommand('workbench.action.files.resetActiveEditorReadonlyInSession')
        : undefined;
      searcher.show(typeof query === 'string' ? query : '', release, fromKeybinding);
    }),
    vscode.commands.registerCommand(SEARCH_TYPE_AHEAD_COMMAND, (key?: TypeAhead) => searcher.typeAhead(key)),
    vscode.commands.registerCommand(NotesCommands.lookUpTerm, () => lookUpTermAtCursor(notesClient, searcher)),
    vscode.commands.registerCommand(NotesCommands.openNotes, () => openNotes(notesClient)),
    vscode.commands.registerCommand(NotesCommands.addNotesFolder, (folders?: unknown, target?: unknown) => addNotesFolder(log, folders, target)),
    vscode.commands.registerCommand(NotesCommands.reindex, () => reindexNotes(notesClient, index, log)),
    vscode.commands.registerCommand(NotesCommands.showOutput, () => log.show(true)),
    vscode.commands.registerCommand(NotesCommands.openSample, () => openSampleDesignDoc(context)),
    vscode.commands.registerCommand(NEXT_OCCURRENCE_COMMAND, goToNextOccurrence),
    vscode.commands.registerCommand(ClientCommands.ignoreTerm, (term?: unknown, scope?: unknown) => ignoreTerm(term, scope, log)),
    vscode.commands.registerCommand(ClientCommands.showReferences, (term?: unknown, choices?: unknown) => showReferences(term, choices, log)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      // Trusted now: the workspace's notes paths all count; the server pulls its settings again.
      notesClient.sendNotification(DidChangeConfigurationNotification.type, { settings: null }).catch(() => undefined);
    }),
    // The language client tells the server of folders added and removed; the server then pulls
    // the settings, with the new folders' own notes paths.
    vscode.workspace.onDidChangeWorkspaceFolders(() => reportRefusedPaths(log)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('architectureNotes.notesPaths')) reportRefusedPaths(log);
      // The document selector is fixed when the client starts: a new list of languages needs a restart.
      if (!event.affectsConfiguration('architectureNotes.languages')) return;
      notesClient.clientOptions.documentSelector = termDocumentSelector();
      log.info('Languages changed; restarting the language server.');
      notesClient.restart().catch((error: unknown) => log.error(`Restart failed: ${String(error)}`));
    }),
  );

  reportRefusedPaths(log);
  // A window keeps its context keys when the extension host restarts: keys must not stay
  // routed to a Search Notes box that a crashed host was opening.
  searcher.handBackKeys();

  // Activation ends once the server has answered `initialize`, so its hover, definition and
  // other providers are registered for whoever awaited the activation. The notes are indexed
  // after that, in the background; `ready` tells when they are in.
  try {
    await notesClient.start();
  } catch (error) {
    const reason = `The language server could not start: ${error instanceof Error ? error.message : String(error)}`;
    log.error(reason);
    index.fail(reason);
  }

  return {
    ready: index.ready,
    onIndexStatus: index.onDidChange,
    indexStatus: () => index.status,
    client: notesClient,
    patterns,
    search: (query) => searcher.find(query),
    searcher,
    statusBar,
    documentTermsView: documentTerms,
    documentTerms: (document) => termsSource.termsIn(document),
  };
}

export async function deactivateNotes(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** Says, once per change, which notes paths Restricted Mode keeps the server from reading. */
let lastRefused = '';
function reportRefusedPaths(log: vscode.LogOutputChannel): void {
  const refused = [...notesPathsForServer().refused, ...folderNotesPathsForServer().refused];
  const key = refused.join('\n');
  if (key === lastRefused) return;
  lastRefused = key;
  if (refused.length === 0) return;
  const message = `Restricted Mode: Architecture Notes does not read notes outside this workspace named in its settings (${refused.join(', ')}). Trust the workspace to read them.`;
  log.warn(message);
  void showWarning(message, 'Manage Workspace Trust').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  });
}
