import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { ServerProcesses, serverWorkingFolder } from '../../client/src/serverProcess';

// A stand-in for dist/server.js: tells its arguments and folder over the IPC channel, prints a
// line on stderr, then waits; it ignores SIGTERM when asked to, as a stuck server would.
const fakeServer = `
process.send({ argv: process.argv.slice(2), cwd: process.cwd(), electronAsNode: process.env.ELECTRON_RUN_AS_NODE });
process.stderr.write('fake server says hello\\n');
if (process.argv.includes('--stubborn')) process.on('SIGTERM', () => undefined);
setInterval(() => undefined, 1000);
`;

function firstMessage(child: ChildProcess): Promise<{ argv: string[]; cwd: string; electronAsNode?: string }> {
  return new Promise((resolve) => child.once('message', resolve as (message: unknown) => void));
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

describe('the language server process, started at activation', () => {
  let folder: string;
  let script: string;
  const started: ChildProcess[] = [];
  const logged: string[] = [];
  const log = { append: (text: string) => void logged.push(text) };

  before(() => {
    folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'arch-notes-server-process-')));
    script = path.join(folder, 'server.js');
    fs.writeFileSync(script, fakeServer);
  });

  afterEach(async () => {
    for (const child of started.splice(0)) child.kill('SIGKILL');
    logged.length = 0;
  });

  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('hands the process started early to the client\'s first start, and a new one to each restart', async () => {
    const servers = new ServerProcesses(script, folder, path.join(folder, 'code-cache'));
    servers.startEarly();
    const first = servers.take(log);
    started.push(first);
    const message = await firstMessage(first);
    assert.deepEqual(message.argv, ['--node-ipc', `--clientProcessId=${process.pid}`, `--code-cache=${path.join(folder, 'code-cache')}`]);
    assert.equal(message.cwd, folder);
    // Desktop VS Code's extension host runs on Electron: the fork must run as Node.
    assert.equal(message.electronAsNode, '1');

    const second = servers.take(log);
    started.push(second);
    assert.notEqual(second.pid, first.pid);
    await firstMessage(second);
  });

  it('sends what the server prints to the log, so that its pipes never fill', async () => {
    const servers = new ServerProcesses(script, folder);
    servers.startEarly();
    const child = servers.take(log);
    started.push(child);
    await firstMessage(child);
    const deadline = Date.now() + 5000;
    while (!logged.join('').includes('fake server says hello') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.match(logged.join(''), /fake server says hello/);
  });

  it('kills a server still running 2 s after the client stopped it, even one that ignores SIGTERM', async () => {
    const stubborn = path.join(folder, 'stubborn.js');
    fs.writeFileSync(stubborn, fakeServer.replace("process.argv.includes('--stubborn')", 'true'));
    const servers = new ServerProcesses(stubborn, folder);
    const child = servers.take(log);
    started.push(child);
    await firstMessage(child);
    const stoppedAt = Date.now();
    servers.stopped();
    await exited(child);
    assert.ok(Date.now() - stoppedAt >= 1900, `killed ${Date.now() - stoppedAt} ms after the stop, before its 2 s`);
    assert.equal(child.signalCode, 'SIGKILL');
  });

  it('kills a server started early that no client took, and only that one', async () => {
    const servers = new ServerProcesses(script, folder);
    const taken = servers.take(log);
    started.push(taken);
    const early = servers.startEarly();
    started.push(early);
    servers.dispose();
    await exited(early);
    assert.equal(taken.exitCode, null);
    assert.equal(taken.signalCode, null);
  });
});

describe('the folder the language server runs in', () => {
  const folderOf = (scheme: string, fsPath: string) => [{ uri: { scheme, fsPath } }] as unknown as vscode.WorkspaceFolder[];

  it('is the first workspace folder when it is a folder on disk', () => {
    assert.equal(serverWorkingFolder(folderOf('file', os.tmpdir())), os.tmpdir());
  });

  it('is left to the process when there is no folder, a remote one, or one that is gone', () => {
    assert.equal(serverWorkingFolder(undefined), undefined);
    assert.equal(serverWorkingFolder([]), undefined);
    assert.equal(serverWorkingFolder(folderOf('vscode-vfs', os.tmpdir())), undefined);
    assert.equal(serverWorkingFolder(folderOf('file', path.join(os.tmpdir(), 'no-such-folder-arch-notes'))), undefined);
  });
});
