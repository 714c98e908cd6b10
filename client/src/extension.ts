// The extension's entry (dist/client.js). It starts the language server's process first, then
// loads the rest: the language client library, the views and the commands are most of this
// bundle, and the server loads its own code and the bundled notes while VS Code runs them.
// Everything past the server's start lives in activation.ts, required here and not imported: it
// is a bundle of its own (dist/activation.js, see esbuild.mjs), read and compiled only once the
// server is on its way.
import * as vscode from 'vscode';
import type { ArchitectureNotesApi } from './api';
import { ServerProcesses, serverWorkingFolder } from './serverProcess';

type Activation = typeof import('./activation');
let activation: Activation | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ArchitectureNotesApi> {
  const codeCache = vscode.Uri.joinPath(context.globalStorageUri, 'code-cache').fsPath;
  const servers = new ServerProcesses(context.asAbsolutePath('dist/server.js'), serverWorkingFolder(vscode.workspace.workspaceFolders), codeCache);
  servers.startEarly();
  context.subscriptions.push(servers);
  activation = require('./activation') as Activation;
  return activation.activateNotes(context, servers);
}

export async function deactivate(): Promise<void> {
  await activation?.deactivateNotes();
}
