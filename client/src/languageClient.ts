// Creates the LanguageClient that talks to the bundled language server (`dist/server.js`) over
// node IPC, in the process serverProcess.ts started. Everything the server says goes to the log
// channel; nothing pops up.
import * as vscode from 'vscode';
import {
  CloseAction, ErrorAction, IPCMessageReader, IPCMessageWriter, LanguageClient, RevealOutputChannelOn, ShowMessageNotification, State,
  type DocumentSelector, type ErrorHandler, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import { CLIENT_COMMANDS_OPTION, CLIENT_WARNINGS_OPTION, ClientCommands, ClientWarnings, SETTINGS_SECTION } from '../../server/src/protocol';
import { showServerMessage } from './notify';
import { iconlessCompletion, iconlessSymbols } from './presentation';
import type { ServerProcesses } from './serverProcess';
import { folderNotesPathsForServer, notesPathsForServer, readNotesSettings, termLanguages, TERM_SCHEMES } from './settings';

export const CLIENT_ID = 'architectureNotes';

export function termDocumentSelector(): DocumentSelector {
  return termLanguages().flatMap((language) => TERM_SCHEMES.map((scheme) => ({ scheme, language })));
}

export function createNotesClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, servers: ServerProcesses): LanguageClient {
  // A function rather than the module's path: the first start takes the server started at
  // activation, already loading; a restart gets a new one.
  const serverOptions: ServerOptions = async () => {
    const child = servers.take(log);
    child.once('exit', (code, signal) => {
      if (code !== 0) log.warn(`The language server exited with ${code === null ? `signal ${signal}` : `code ${code}`}.`);
    });
    return { reader: new IPCMessageReader(child), writer: new IPCMessageWriter(child) };
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: termDocumentSelector(),
    // A function, so that a restart sends the settings of the moment. The client commands are
    // registered in extension.ts: the server offers the actions that run them.
    // The client shows a missing notes path itself, with a button to the setting (indexFeedback.ts).
    initializationOptions: () => ({
      ...readNotesSettings(), cacheFolder: context.globalStorageUri.fsPath,
      [CLIENT_COMMANDS_OPTION]: [ClientCommands.ignoreTerm, ClientCommands.showReferences], [CLIENT_WARNINGS_OPTION]: [ClientWarnings.missingNotesPaths],
    }),
    // No `synchronize.configurationSection`: the server registers for configuration changes
    // itself and pulls the section; declaring it here too would send every change twice and
    // index the notes twice.
    outputChannel: log,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: quietErrorHandler(log),
    initializationFailedHandler: (error) => {
      log.error(`The language server failed to start: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    },
    // Hover text comes from the user's notes: it must never run commands or render HTML.
    markdown: { isTrusted: false, supportHtml: false },
    middleware: {
      // Names from the notes, where VS Code would draw a `$(name)` in them as an icon: the Go to
      // Symbol lists and the suggest widget (presentation.ts). The server's answers stay as
      // written for the other editors.
      provideDocumentSymbols: async (document, token, next) => {
        const symbols = await next(document, token);
        return symbols ? iconlessSymbols<vscode.SymbolInformation | vscode.DocumentSymbol>(symbols) as typeof symbols : symbols;
      },
      provideWorkspaceSymbols: async (query, token, next) => {
        const symbols = await next(query, token);
        return symbols ? iconlessSymbols(symbols) : symbols;
      },
      provideCompletionItem: async (document, position, context, token, next) => {
        const answer = await next(document, position, context, token);
        for (const item of Array.isArray(answer) ? answer : answer?.items ?? []) iconlessCompletion(item);
        return answer;
      },
      resolveCompletionItem: async (item, token, next) => {
        const resolved = await next(item, token);
        return resolved ? iconlessCompletion(resolved) : resolved;
      },
      workspace: {
        // The server pulls its settings; in Restricted Mode it gets only the notes paths it may
        // read, and is told so that its glossaries' imports stay inside the workspace. Each
        // workspace folder's own notes paths come with them: the section holds the window's alone.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return result.map((value, i) => (params.items[i]?.section === SETTINGS_SECTION && value && typeof value === 'object'
            ? { ...value, notesPaths: notesPathsForServer().allowed, folderNotesPaths: folderNotesPathsForServer().allowed, workspaceTrusted: vscode.workspace.isTrusted }
            : value));
        },
      },
    },
  };
  const client = new NotesLanguageClient(CLIENT_ID, 'Architecture Notes', serverOptions, clientOptions);
  // The server's messages name paths and setting values, which VS Code would read links in.
  // vscode-languageclient 11 has no middleware for window/showMessage: a handler registered
  // before the start takes the place of its own once the server is initialized, and again after
  // each restart (the server sends none before).
  context.subscriptions.push(client.onNotification(ShowMessageNotification.type, showServerMessage));
  context.subscriptions.push(client.onDidChangeState(({ newState }) => {
    if (newState === State.Stopped) servers.stopped();
  }));
  return client;
}

/**
 * A request in flight when the window reloads or closes fails as the channel to the server
 * closes ("Channel has been closed"); VS Code then logged each code-action or hover provider
 * that had asked as "provider FAILED". The answer no longer matters: such a failure, while the
 * client is stopping or once it has stopped, gives the request's empty answer instead.
 */
class NotesLanguageClient extends LanguageClient {
  override handleFailedRequest<T>(type: Parameters<LanguageClient['handleFailedRequest']>[0], token: vscode.CancellationToken | undefined, error: unknown, defaultValue: T, showNotification?: boolean, throwOnCancel?: boolean): T {
    if (this.state !== State.Running || isChannelClosed(error)) return defaultValue;
    return super.handleFailedRequest(type, token, error, defaultValue, showNotification, throwOnCancel);
  }
}

/** Node's error for a message sent on a closed IPC channel, or the extension host's as it goes. */
function isChannelClosed(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (error as NodeJS.ErrnoException).code === 'ERR_IPC_CHANNEL_CLOSED' || /\bchannel (?:has been )?closed\b/i.test(error.message);
}

/** Restarts a crashed server a few times, then stays down; reports to the log only. */
function quietErrorHandler(log: vscode.LogOutputChannel): ErrorHandler {
  const maxRestarts = 4;
  const windowMs = 3 * 60 * 1000;
  const restarts: number[] = [];
  return {
    error: (error, _message, count) => {
      log.error(`Connection to the language server: ${error.message}`);
      return { action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
    },
    closed: () => {
      const now = Date.now();
      while (restarts.length > 0 && now - restarts[0] > windowMs) restarts.shift();
      if (restarts.length >= maxRestarts) {
        log.error(`The language server stopped ${maxRestarts + 1} times in 3 minutes and will not be restarted. Run "Architecture Notes: Re-index Notes" to try again.`);
        return { action: CloseAction.DoNotRestart, handled: true };
      }
      restarts.push(now);
      log.warn('The language server stopped; restarting it.');
      return { action: CloseAction.Restart, handled: true };
    },
  };
}
