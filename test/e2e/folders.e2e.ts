// Folders of notes renamed, moved and deleted while VS Code runs, as a user does in the explorer:
// VS Code reports such a folder as one event on the folder, none on the notes in it, and the
// hover has to follow all the same. The notes live in a scratch folder inside the workspace
// (where VS Code's own watcher of the workspace serves the extension's), removed at the end.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ArchitectureNotesApi } from '../../client/src/api';
import { eventually, nextReady } from './waiting';

const extensionId = 'architecture-notes.architecture-notes';

let api: ArchitectureNotesApi;

const note = (topic: string, term: string) => `# ${topic}\n\n## ${topic.toLowerCase()}\n\n* _${term}_: a term the folder tests move around\n`;

describe('folders of notes moved on disk', function () {
  const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const scratch = path.join(workspace, `e2e-folders-${process.pid}`);
  const notes = path.join(scratch, 'notes');
  const doc = path.join(scratch, 'doc.md');
  const configuration = () => vscode.workspace.getConfiguration('architectureNotes');

  /** Where the term's definitions are, relative to the scratch folder: none once it is gone. */
  async function definedIn(term: string): Promise<string[]> {
    const document = await vscode.workspace.openTextDocument(doc);
    const position = document.positionAt(document.getText().indexOf(term) + 2);
    const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', document.uri, position);
    return (found ?? []).map((location) => path.relative(scratch, ('targetUri' in location ? location.targetUri : location.uri).fsPath)).sort();
  }

  /** Waits until the term is defined in `where` (nowhere: []), 10 s at most; `meanwhile` runs at each look. */
  async function followed(term: string, where: string[], what: string, meanwhile?: () => void): Promise<void> {
    const seen = await eventually(() => (meanwhile?.(), definedIn(term)), (files) => files.join() === where.join(), 10_000);
    assert.deepStrictEqual(seen, where, `${what}: after 10 s "${term}" is defined in ${JSON.stringify(seen)}`);
  }

  before(async () => {
    api = await vscode.extensions.getExtension<ArchitectureNotesApi>(extensionId)!.activate();
    await api.ready;
    fs.mkdirSync(path.join(notes, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(notes, 'sub', 'x.md'), note('SUB', 'quokka relay'));
    fs.writeFileSync(path.join(notes, 'top.md'), note('TOP', 'wombat ledger'));
    fs.writeFileSync(doc, '# Doc\n\nThe quokka relay, the wombat ledger, the numbat gauge and the bilby index are here.\n');
    // User settings: the run's own temporary profile, nothing written into the repo.
    await nextReady(api, () => configuration().update('notesPaths', [notes], vscode.ConfigurationTarget.Global));
  });

  after(async () => {
    await nextReady(api, () => configuration().update('notesPaths', undefined, vscode.ConfigurationTarget.Global));
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  // In about one run in three here (code-server 4.139.1) VS Code's own watcher saw the scratch
  // folder made but none of the notes made in it at once, and then nothing under it at all,
  // even with a note rewritten each second for a minute (its trace log shows the folder's event
  // alone). The server follows the disk itself beside the watchers it registers, which this
  // scenario relies on in those runs.
  it('follows a note added and changed, then a subfolder renamed, moved out, and the notes folder itself moved away, back and deleted', async () => {
    assert.deepStrictEqual(await definedIn('quokka relay'), ['notes/sub/x.md']);
    // The server registers its watchers while it indexes, and three notes are indexed before
    // VS Code's watches hold: a note written at once may come too soon, so it is written again
    // each second until it is seen. From then on the watches hold.
    let written = 0;
    await followed('numbat gauge', ['notes/gauge.md'], 'a note added', () => {
      if (Date.now() - written < 1000) return;
      fs.writeFileSync(path.join(notes, 'gauge.md'), note('GAUGE', 'numbat gauge'));
      written = Date.now();
    });

    // A note changed on disk: its own event, through the watcher of note changes.
    fs.writeFileSync(path.join(notes, 'gauge.md'), note('GAUGE', 'numbat gauge') + '* _bilby index_: a term written later\n');
    await followed('bilby index', ['notes/gauge.md'], 'a note changed');

    await vscode.workspace.fs.rename(vscode.Uri.file(path.join(notes, 'sub')), vscode.Uri.file(path.join(notes, 'renamed')));
    await followed('quokka relay', ['notes/renamed/x.md'], 'a subfolder renamed');

    await vscode.workspace.fs.rename(vscode.Uri.file(path.join(notes, 'renamed')), vscode.Uri.file(path.join(scratch, 'outside')));
    await followed('quokka relay', [], 'a subfolder moved out of the notes');

    await vscode.workspace.fs.rename(vscode.Uri.file(notes), vscode.Uri.file(path.join(scratch, 'notes-old')));
    await followed('wombat ledger', [], 'the notes folder moved away');
    await vscode.workspace.fs.rename(vscode.Uri.file(path.join(scratch, 'notes-old')), vscode.Uri.file(notes));
    await followed('wombat ledger', ['notes/top.md'], 'the notes folder moved back');

    await vscode.workspace.fs.delete(vscode.Uri.file(notes), { recursive: true, useTrash: false });
    await followed('numbat gauge', [], 'the notes folder deleted');
  });
});
