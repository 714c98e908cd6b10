// The command-palette commands that are not tied to a view: look up, open notes, re-index,
// show output and the walkthrough's sample document.
import * as vscode from 'vscode';
import { HoverRequest, type LanguageClient } from 'vscode-languageclient/node';
import { OutlineRequest, ReindexRequest, type OutlineNode } from '../../server/src/protocol';
import { withIndexProgress } from './indexFeedback';
import { showInformation } from './notify';
import { notesLevelAfter, notesPickItem } from './presentation';
import type { IndexStatusTracker } from './indexStatus';
import type { NotesSearcher } from './search';
import { isTermDocument } from './settings';

export const NotesCommands = {
  search: 'architectureNotes.search',
  lookUpTerm: 'architectureNotes.lookUpTerm',
  openNotes: 'architectureNotes.openNotes',
  addNotesFolder: 'architectureNotes.addNotesFolder',
  reindex: 'architectureNotes.reindex',
  showOutput: 'architectureNotes.showOutput',
  openSample: 'architectureNotes.openSample',
} as const;

/** Shows the hover when a known term is under the cursor; otherwise searches for the word there. */
export async function lookUpTermAtCursor(client: LanguageClient, searcher: NotesSearcher): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    searcher.show();
    return;
  }
  const { document, selection } = editor;
  if (isTermDocument(document)) {
    const params = client.code2ProtocolConverter.asTextDocumentPositionParams(document, selection.active);
    const hover = await client.sendRequest(HoverRequest.type, params);
    if (hover) {
      await vscode.commands.executeCommand('editor.action.showHover');
      return;
    }
  }
  const wordRange = selection.isEmpty ? document.getWordRangeAtPosition(selection.active) : selection;
  searcher.show(wordRange ? document.getText(wordRange).trim().slice(0, 100) : '');
}

/**
 * Opens one of the indexed notes; the only one straight away. Where the outline groups the
 * notes (by folder or tag, or pages of a long folder), a group opens the list of its notes:
 * labelled by one note of it, a group opened that note and left the others out of reach.
 */
export async function openNotes(client: LanguageClient): Promise<void> {
  let level: OutlineNode | undefined;
  for (;;) {
    const rows = await client.sendRequest(OutlineRequest, level ? { parent: level.id } : {});
    if (!level && rows.every((row) => row.kind === 'more')) {
      const add = 'Add Notes Folder…';
      const answer = await showInformation('No notes are indexed yet.', add);
      if (answer === add) await vscode.commands.executeCommand(NotesCommands.addNotesFolder);
      return;
    }
    const items = rows.map((row) => ({ ...notesPickItem(row, (uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri))), row }));
    const only = !level && items.length === 1 && items[0].opens;
    const title = level && level.kind !== 'more' ? `Open Notes: ${level.label}` : 'Open Notes';
    const chosen = only ? items[0] : await vscode.window.showQuickPick(items, { title, matchOnDescription: true });
    if (!chosen) return;
    if (chosen.opens) {
      await vscode.window.showTextDocument(vscode.Uri.parse(chosen.row.uri));
      return;
    }
    level = notesLevelAfter(level, chosen.row);
  }
}

/** Reads every note again; starts the server first if it had stopped for good. */
export async function reindexNotes(client: LanguageClient, index: IndexStatusTracker, log: vscode.LogOutputChannel): Promise<void> {
  if (!client.isRunning()) {
    log.info('Starting the language server again.');
    await client.start();
    return;
  }
  await withIndexProgress(log, async () => {
    const status = await client.sendRequest(ReindexRequest);
    index.update(status);
    return status;
  });
}

/**
 * A design doc to try the hover on, as an unsaved draft so nothing is written anywhere. The
 * draft opened before is shown again while it is open: each call made another dirty Untitled
 * tab that asked to be saved on closing.
 */
export async function openSampleDesignDoc(context: vscode.ExtensionContext): Promise<void> {
  if (sampleDraft && !sampleDraft.isClosed) {
    await vscode.window.showTextDocument(sampleDraft);
    return;
  }
  const sample = vscode.Uri.joinPath(context.extensionUri, 'media', 'walkthrough', 'sample-design.md');
  const content = new TextDecoder().decode(await vscode.workspace.fs.readFile(sample));
  sampleDraft = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.window.showTextDocument(sampleDraft);
}

let sampleDraft: vscode.TextDocument | undefined;
