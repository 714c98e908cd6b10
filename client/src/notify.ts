// Every notification the extension shows goes through here: their messages name terms from the
// notes, paths from the settings (a workspace's own are someone else's words) and the server's
// warnings, and VS Code makes `[label](command:…)` in a message a link that runs the command.
// Each message is shown as written, never as a link (withoutLinks, presentation.ts).
import * as vscode from 'vscode';
import { MessageType, type ShowMessageParams } from 'vscode-languageclient/node';
import { withoutLinks } from './presentation';

export function showInformation<T extends string>(message: string, ...items: T[]): Thenable<T | undefined> {
  return vscode.window.showInformationMessage(withoutLinks(message), ...items);
}

export function showWarning<T extends string>(message: string, ...items: T[]): Thenable<T | undefined> {
  return vscode.window.showWarningMessage(withoutLinks(message), ...items);
}

export function showError<T extends string>(message: string, ...items: T[]): Thenable<T | undefined> {
  return vscode.window.showErrorMessage(withoutLinks(message), ...items);
}

/**
 * The server's window/showMessage (a mistyped setting, a notes path that does not exist), shown
 * as the language client would (an error, a warning, else information) but through withoutLinks.
 * The server sends the text as it is, for the other editors, which read no links in it.
 */
export function showServerMessage({ type, message }: ShowMessageParams): void {
  if (type === MessageType.Error) void showError(message);
  else if (type === MessageType.Warning) void showWarning(message);
  else void showInformation(message);
}
