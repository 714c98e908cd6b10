// Going to a place in a note, and opening a reference: the two ways every view leaves itself.
import * as vscode from 'vscode';
import { Commands, type OutlineNode } from '../../server/src/protocol';
import { parseLink } from '../../server/src/core/query/urlPolicy';
import { spacedInsertion } from '../../server/src/core/query/docEdits';
import { referencePickItems } from './presentation';

export type ProtocolRange = OutlineNode['range'];

export function toRange(range: ProtocolRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** Opens a note with the given range selected and in view. */
export async function revealInNote(uri: string, range: ProtocolRange): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const selection = toRange(range);
  const editor = await vscode.window.showTextDocument(document, { selection, preview: true });
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

/**
 * Opens a reference found in the notes, by the server's URL policy (the same module): web
 * links go to the browser; file links go through the server, which opens them, inside the
 * editor, only when they are indexed notes. Anything else (a `command:` or `javascript:` link
 * written into a note) is refused. Only the parsed URL is passed on, never the raw text.
 */
export async function openReference(url: string, log: vscode.LogOutputChannel): Promise<boolean> {
  const shown = JSON.stringify(url.slice(0, 200));
  const link = parseLink(url);
  if (link.scheme === 'none') {
    log.warn(`Not opening ${shown}: ${link.reason}; only http, https and links into the notes are opened.`);
    return false;
  }
  if (link.scheme === 'web') return vscode.env.openExternal(vscode.Uri.parse(link.url.href, true));
  try {
    return (await vscode.commands.executeCommand<boolean>(Commands.openReference, link.url.href)) === true;
  } catch (error) {
    log.warn(`Not opening ${shown}: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

/**
 * Show all references: every reference the notes give a term, to open one (the server's
 * ClientCommands.showReferences, offered in the code actions past the ones their menu holds).
 */
export async function showReferences(term: unknown, choices: unknown, log: vscode.LogOutputChannel): Promise<boolean> {
  const items = referencePickItems(choices);
  if (items.length === 0) return false;
  const name = typeof term === 'string' ? term.slice(0, 100) : '';
  const chosen = await vscode.window.showQuickPick(items, { title: name ? `References of “${name}” (${items.length})` : `References (${items.length})`, matchOnDescription: true });
  return chosen ? openReference(chosen.url, log) : false;
}

/** `[text](url)` with the brackets and parentheses that would end the link early escaped. */
export function markdownLink(text: string, url: string): string {
  const label = text.replace(/[\\[\]]/g, (c) => '\\' + c);
  const target = url.replace(/[\s()<>]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
  return `[${label}](${target})`;
}

/** Puts a link to `url` at every cursor of the active editor; a selection becomes the link text. */
export async function insertLinkAtCursor(label: string, url: string, log: vscode.LogOutputChannel): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    log.info('Insert Link at Cursor: no editor is open.');
    return false;
  }
  const isMarkdown = editor.document.languageId === 'markdown';
  const document = editor.document;
  return editor.edit((edit) => {
    for (const selection of editor.selections) {
      const selected = document.getText(selection);
      const link = isMarkdown ? markdownLink(selected || label, url) : url;
      if (selected) {
        edit.replace(selection, link);
        continue;
      }
      // At a bare cursor, a space on each side where a word touches: `see[x](u)` reads as glued.
      const line = document.lineAt(selection.start.line).text;
      const before = line.charAt(selection.start.character - 1);
      const after = line.charAt(selection.end.character);
      edit.replace(selection, spacedInsertion(link, before, after));
    }
  });
}
