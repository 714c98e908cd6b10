// The command behind "Don't show hovers for X": adds the term to `architectureNotes.ignoreTerms`
// in the workspace's or the user's settings. The server pulls the changed settings and indexes
// again without the term (server/src/indexing.ts).
import * as vscode from 'vscode';
import { SETTINGS_SECTION, type IgnoreScope } from '../../server/src/protocol';
import { ignoreTermWrites } from './ignoreTermLists';
import { showError, showInformation, showWarning } from './notify';

export async function ignoreTerm(term: unknown, scope: unknown, log: vscode.LogOutputChannel): Promise<void> {
  if (typeof term !== 'string' || term.trim() === '' || (scope !== 'workspace' && scope !== 'user')) {
    log.warn(`Don't show hovers: expected a term and "workspace" or "user", got ${JSON.stringify([term, scope])}.`);
    return;
  }
  if (scope === 'workspace' && !vscode.workspace.workspaceFolders?.length) {
    void showWarning(`There is no workspace to keep "${term}" out of: open a folder, or choose "anywhere".`);
    return;
  }
  const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const writes = ignoreTermWrites(configuration.inspect<unknown>('ignoreTerms') ?? {}, term.trim(), scope as IgnoreScope);
  try {
    if (writes.user) await configuration.update('ignoreTerms', writes.user, vscode.ConfigurationTarget.Global);
    if (writes.workspace) await configuration.update('ignoreTerms', writes.workspace, vscode.ConfigurationTarget.Workspace);
  } catch (error) {
    void showError(`Could not change architectureNotes.ignoreTerms: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const where = scope === 'user' ? 'anywhere' : 'in this workspace';
  log.info(`"${term}" added to architectureNotes.ignoreTerms (${scope} settings).`);
  void showInformation(`No more hovers for "${term}" ${where}. Remove it from "Architecture Notes: Ignore Terms" in the settings to undo.`);
}
