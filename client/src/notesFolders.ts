// Add Notes Folder…: pick folders and append them to `architectureNotes.notesPaths`, in this
// workspace's settings or in the user's, as the person chooses.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../../server/src/protocol';

interface TargetChoice extends vscode.QuickPickItem {
  target: vscode.ConfigurationTarget;
}

export async function addNotesFolder(log: vscode.LogOutputChannel): Promise<void> {
  const folders = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: true,
    openLabel: 'Add Notes Folder',
    title: 'Folders with your Markdown notes',
    // Where notes are likely to be; without it the dialog may start in the extension's own folder.
    defaultUri: pickerStart(),
  });
  if (!folders || folders.length === 0) return;
  const target = await chooseTarget();
  if (target === undefined) return;

  const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const inspected = configuration.inspect<string[]>('notesPaths');
  const current = (target === vscode.ConfigurationTarget.Global ? inspected?.globalValue : inspected?.workspaceValue) ?? [];
  const added = folders.map((folder) => settingPath(folder, target)).filter((entry) => !current.includes(entry));
  if (added.length === 0) {
    log.info('Add Notes Folder: those folders are already in architectureNotes.notesPaths.');
    return;
  }
  await configuration.update('notesPaths', [...current, ...added], target);
  log.info(`Added to architectureNotes.notesPaths (${target === vscode.ConfigurationTarget.Global ? 'user' : 'workspace'} settings): ${added.join(', ')}`);
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

async function chooseTarget(): Promise<vscode.ConfigurationTarget | undefined> {
  // Workspace values of notesPaths are ignored in untrusted workspaces, and without a folder
  // open there are no workspace settings: then only the user settings make sense.
  if (!vscode.workspace.workspaceFolders?.length || !vscode.workspace.isTrusted) return vscode.ConfigurationTarget.Global;
  const choices: TargetChoice[] = [
    { label: 'This Workspace', description: 'workspace settings', target: vscode.ConfigurationTarget.Workspace },
    { label: 'All Workspaces', description: 'user settings', target: vscode.ConfigurationTarget.Global },
  ];
  const chosen = await vscode.window.showQuickPick(choices, { title: 'Add the notes folder for' });
  return chosen?.target;
}

/** Inside a workspace folder and saved in the workspace, a relative path travels with it. */
function settingPath(folder: vscode.Uri, target: vscode.ConfigurationTarget): string {
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(folder);
  if (target === vscode.ConfigurationTarget.Workspace && workspaceFolder) {
    const relative = path.relative(workspaceFolder.uri.fsPath, folder.fsPath);
    if (relative === '') return '.';
    if (!relative.startsWith('..')) return relative.split(path.sep).join('/');
  }
  return folder.fsPath;
}
