// The notes that ship with the extension are read, not edited: an editor showing them is made
// read-only for the session (an edit would be lost with the next update of the extension).
import * as path from 'node:path';
import * as vscode from 'vscode';

export class BundledNotesReadonly implements vscode.Disposable {
  private readonly folder: string;
  private readonly subscription: vscode.Disposable;

  constructor(extensionUri: vscode.Uri) {
    this.folder = vscode.Uri.joinPath(extensionUri, 'notes-data').fsPath;
    this.subscription = vscode.window.onDidChangeActiveTextEditor((editor) => this.protect(editor));
    this.protect(vscode.window.activeTextEditor);
  }

  isBundled(uri: vscode.Uri): boolean {
    return uri.scheme === 'file' && uri.fsPath.startsWith(this.folder + path.sep);
  }

  private protect(editor: vscode.TextEditor | undefined): void {
    if (!editor || !this.isBundled(editor.document.uri)) return;
    // Acts on the active editor, which this one is at this moment.
    void vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession');
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
