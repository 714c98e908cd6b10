// Add Notes Folder…: pick folders and append them to `architectureNotes.notesPaths`, in this
// workspace's settings, in the user's, or (in a multi-root window) in one workspace folder's
// own, whose documents alone then use those notes, as the person chooses.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../../server/src/protocol';
import { notesPathEntry, notesPathTargets, type NotesPathTarget } from './folderNotesPaths';

interface TargetChoice extends vscode.QuickPickItem {
  target: NotesPathTarget;
}

/**
 * Without arguments, asks for the folders and where to write them. A caller (a keybinding, a
 * task, a test) may give the folders and the target: `'user'`, `'workspace'`, or a workspace
 * folder's URI for that folder's own settings.
 */
export async function addNotesFolder(log: vscode.LogOutputChannel, given?: unknown, givenTarget?: unknown): Promise<void> {
  const folders = urisOf(given) ?? await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: true,
    openLabel: 'Add Notes Folder',
    title: 'Folders with your Markdown notes',
    // Where notes are likely to be; without it the dialog may start in the extension's own folder.
    defaultUri: pickerStart(),
  });
  if (!folders || folders.length === 0) return;
  const offered = notesPathTargets(fileFolders(), vscode.workspace.isTrusted, folders.map((f) => f.fsPath));
  // Folders given without a target they may go to are still shown to the person before any write.
  const target = targetOf(givenTarget, offered) ?? await chooseTarget(offered, urisOf(given) !== undefined);
  if (target === undefined) return;

  const scope = target.kind === 'folder' ? vscode.Uri.file(target.folder) : undefined;
  const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const inspected = configuration.inspect<string[]>('notesPaths');
  const current = (target.kind === 'user' ? inspected?.globalValue : target.kind === 'workspace' ? inspected?.workspaceValue : inspected?.workspaceFolderValue) ?? [];
  const added = folders.map((folder) => notesPathEntry(folder.fsPath, baseOf(target, folder))).filter((entry) => !current.includes(entry));
  const where = describe(target);
  if (added.length === 0) {
    log.info(`Add Notes Folder: those folders are already in architectureNotes.notesPaths (${where}).`);
    return;
  }
  const configurationTarget = target.kind === 'user' ? vscode.ConfigurationTarget.Global : target.kind === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.WorkspaceFolder;
  await configuration.update('notesPaths', [...current, ...added], configurationTarget);
  log.info(`Added to architectureNotes.notesPaths (${where}): ${added.join(', ')}`);
}

/**
 * The workspace folder of the file in the active editor, else the first workspace folder, else
 * the home folder: in a multi-root window the dialog opened in the first folder whatever the
 * user was working in.
 */
export function pickerStart(): vscode.Uri {
  const active = vscode.window.activeTextEditor?.document.uri;
  const activeFolder = active && vscode.workspace.getWorkspaceFolder(active);
  if (activeFolder?.uri.scheme === 'file') return activeFolder.uri;
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  return folder?.uri ?? vscode.Uri.file(os.homedir());
}

/** The workspace folders on disk, where settings paths can point. */
function fileFolders(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

async function chooseTarget(offered: NotesPathTarget[], confirm: boolean): Promise<NotesPathTarget | undefined> {
  // Workspace values of notesPaths are ignored in untrusted workspaces, and without a folder
  // open there are no workspace settings: then only the user settings make sense.
  if (offered.length === 1 && !confirm) return offered[0];
  const choices: TargetChoice[] = offered.map((target) => {
    if (target.kind === 'workspace') return { label: 'This Workspace', description: 'workspace settings', target };
    if (target.kind === 'user') return { label: 'All Workspaces', description: 'user settings', target };
    const name = path.basename(target.folder);
    return { label: `Only ${name}`, description: `the folder's own settings: for ${name}'s files alone`, target };
  });
  const chosen = await vscode.window.showQuickPick(choices, { title: 'Add the notes folder for' });
  return chosen?.target;
}

/** The settings path for a picked folder is relative to this folder, when inside it. */
function baseOf(target: NotesPathTarget, picked: vscode.Uri): string | undefined {
  if (target.kind === 'folder') return target.folder;
  if (target.kind === 'workspace') return vscode.workspace.getWorkspaceFolder(picked)?.uri.fsPath;
  return undefined;
}

function describe(target: NotesPathTarget): string {
  return target.kind === 'user' ? 'user settings' : target.kind === 'workspace' ? 'workspace settings' : `${path.basename(target.folder)}'s folder settings`;
}

/** Folders a caller gave: file URIs only (a command's arguments are anything). */
function urisOf(given: unknown): vscode.Uri[] | undefined {
  const list = Array.isArray(given) ? given : given === undefined ? undefined : [given];
  const uris = list?.filter((item): item is vscode.Uri => item instanceof vscode.Uri && item.scheme === 'file');
  return uris && uris.length > 0 ? uris : undefined;
}

/** The target a caller gave, when it is one of those offered. */
function targetOf(given: unknown, offered: NotesPathTarget[]): NotesPathTarget | undefined {
  if (given === 'user' || given === 'workspace') return offered.find((t) => t.kind === given);
  if (given instanceof vscode.Uri) return offered.find((t) => t.kind === 'folder' && t.folder === given.fsPath);
  return undefined;
}
