// The language server's process, started the moment VS Code activates the extension: before the
// language client library and the views are loaded, which under a window still starting takes
// hundreds of milliseconds that the server spends loading its own code and the bundled notes
// meanwhile. The client takes this process when it starts (languageClient.ts) and gets a new one
// from here on every restart.
//
// Only `node:` modules here, no value import of vscode-languageclient: this module is part of what
// VS Code loads before the server can start.
import { fork, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import type * as vscode from 'vscode';

export class ServerProcesses {
  private waiting: ChildProcess | undefined;
  private current: ChildProcess | undefined;

  /**
   * `serverModule`: dist/server.js; `cwd`: the first workspace folder on disk, as the client
   * library would choose; `codeCacheFolder`: where the server keeps V8's code cache of its bundle
   * (a folder of the extension's own storage: see server/src/entry.ts).
   */
  constructor(private readonly serverModule: string, private readonly cwd: string | undefined, private readonly codeCacheFolder?: string) {}

  /** Starts a server now, for the client's first start to take. */
  startEarly(): ChildProcess {
    this.waiting ??= this.fork();
    return this.waiting;
  }

  /** The process the client talks to: the one started early while it is unused, otherwise a new one (a restart). */
  take(log: Pick<vscode.OutputChannel, 'append'>): ChildProcess {
    const child = this.waiting ?? this.fork();
    this.waiting = undefined;
    this.current = child;
    // Unread pipes fill up and block the server's writes: what it prints goes to the log.
    const append = (data: Buffer | string) => log.append(typeof data === 'string' ? data : data.toString('utf8'));
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    return child;
  }

  /**
   * After the client stopped the server (shutdown and exit sent): a server still running 2 s
   * later is killed (SIGKILL: it is stuck), as the client library does with the processes it
   * starts itself.
   */
  stopped(): void {
    const child = this.current;
    this.current = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const timer = setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }, 2000);
    child.once('exit', () => clearTimeout(timer));
  }

  /** Kills a server started early that no client took (activation failed before the start). */
  dispose(): void {
    this.waiting?.kill();
    this.waiting = undefined;
  }

  private fork(): ChildProcess {
    const codeCache = this.codeCacheFolder ? [`--code-cache=${this.codeCacheFolder}`] : [];
    return fork(this.serverModule, ['--node-ipc', `--clientProcessId=${process.pid}`, ...codeCache], {
      // Under desktop VS Code the extension host's executable is Electron: run it as plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ASAR: '1' },
      execArgv: [],
      cwd: this.cwd,
      // stdin, stdout and stderr piped (stdout and stderr go to the log), plus the IPC channel the protocol runs on.
      silent: true,
    });
  }
}

/** The folder the server runs in: the first workspace folder when it is a folder on disk, as vscode-languageclient picks it. */
export function serverWorkingFolder(folders: readonly vscode.WorkspaceFolder[] | undefined): string | undefined {
  const folder = folders?.[0]?.uri;
  if (folder?.scheme !== 'file') return undefined;
  try {
    return statSync(folder.fsPath).isDirectory() ? folder.fsPath : undefined;
  } catch {
    return undefined;
  }
}
