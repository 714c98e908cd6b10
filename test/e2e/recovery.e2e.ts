// Crash recovery: when the language server process dies, the client starts a new one and the
// hover works again. The server is killed with SIGKILL, as a crash or the OOM killer would.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { ArchitectureNotesApi } from '../../client/src/api';
import type { IndexStatus } from '../../server/src/protocol';

const extensionId = 'architecture-notes.architecture-notes';

/** Every server process met by the last look, for the failure messages. */
const seen: string[] = [];
/** The extension host's child processes that run the bundled server (Linux /proc). */
function serverProcesses(): number[] {
  const found: number[] = [];
  seen.length = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const command = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (command.includes('dist/server.js')) seen.push(`${entry} (parent ${parent})`);
      if (parent === process.pid && command.includes('dist/server.js')) found.push(Number(entry));
    } catch {
      // The process ended while it was being read.
    }
  }
  return found;
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

describe('crash recovery', function () {
  let api: ArchitectureNotesApi;
  let document: vscode.TextDocument;
  let position: vscode.Position;

  before(async function () {
    if (process.platform !== 'linux') this.skip();
    api = await vscode.extensions.getExtension<ArchitectureNotesApi>(extensionId)!.activate();
    await api.ready;
    const folder = vscode.workspace.workspaceFolders![0];
    document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'design.md'));
    await vscode.window.showTextDocument(document);
    position = document.positionAt(document.getText().indexOf('circuit breaker') + 3);
  });

  it('restarts the language server after it is killed, and hovers again', async () => {
    const before = serverProcesses();
    assert.equal(before.length, 1, `expected one server process, found ${before.join(', ') || 'none'} (host ${process.pid}; servers ${seen.join(' ')})`);

    // The new server announces itself with a full index; wait for that event, bounded.
    const reindexed = new Promise<IndexStatus>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no index from a restarted server within 30 s')), 30_000);
      // The extension repeats its last status when the connection drops; a new server's own
      // index starts with "indexing".
      let indexing = false;
      const subscription = api.onIndexStatus((status) => {
        if (status.state === 'indexing') indexing = true;
        if (!indexing || status.state !== 'ready' || status.notes === 0) return;
        clearTimeout(timer);
        subscription.dispose();
        resolve(status);
      });
    });
    process.kill(before[0], 'SIGKILL');
    const status = await reindexed;
    assert.ok(status.terms > 0);

    const after = serverProcesses();
    assert.equal(after.length, 1, `servers after the restart: ${seen.join(' ') || 'none'} (host ${process.pid})`);
    assert.notEqual(after[0], before[0], 'a new server process runs');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    assert.match(hoverText(hovers), /circuit breaker/);
  });
});
