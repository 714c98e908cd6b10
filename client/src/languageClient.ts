// Creates the LanguageClient that runs the bundled language server (`dist/server.js`) over
// node IPC. Everything the server says goes to the log channel; nothing pops up.
import * as vscode from 'vscode';
import {
  CloseAction, ErrorAction, LanguageClient, RevealOutputChannelOn, TransportKind,
  type DocumentSelector, type ErrorHandler, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import { CLIENT_COMMANDS_OPTION, ClientCommands, SETTINGS_SECTION } from '../../server/src/protocol';
import { notesPathsForServer, readNotesSettings, termLanguages, TERM_SCHEMES } from './settings';

export const CLIENT_ID = 'architectureNotes';

export function termDocumentSelector(): DocumentSelector {
  return termLanguages().flatMap((language) => TERM_SCHEMES.map((scheme) => ({ scheme, language })));
}

export function createNotesClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: termDocumentSelector(),
    // A function, so that a restart sends the settings of the moment. The client commands are
    // registered in extension.ts: the server offers the actions that run them.
    initializationOptions: () => ({ ...readNotesSettings(), cacheFolder: context.globalStorageUri.fsPath, [CLIENT_COMMANDS_OPTION]: [ClientCommands.ignoreTerm] }),
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
      workspace: {
        // The server pulls its settings; in Restricted Mode it gets only the notes paths it may read.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return result.map((value, i) => (params.items[i]?.section === SETTINGS_SECTION && value && typeof value === 'object'
            ? { ...value, notesPaths: notesPathsForServer().allowed }
            : value));
        },
      },
    },
  };
  return new LanguageClient(CLIENT_ID, 'Architecture Notes', serverOptions, clientOptions);
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
