#!/usr/bin/env node
// Runs the in-VS-Code mocha suite inside code-server (VS Code's server build), driven by a
// headless Chromium: the same `extensionTestsPath` contract as @vscode/test-electron, on a
// machine that cannot download desktop VS Code. Install first: scripts/e2e/install-code-server.sh.
// Starting and stopping code-server is scripts/lib/code-server.mjs's; this file adds the test
// payload, the relay of mocha's report, the timeout and the screenshots.
//
// Usage: node scripts/e2e/run-code-server.mjs [--timeout SECONDS] [--screenshot DIR]
//          [--workspace DIR] [--tests FILE] [--install-vsix FILE] [--verbose]
// --install-vsix installs FILE with code-server's CLI into this run's fresh extensions folder
// and tests that installed copy instead of the repo's (see `npm run test:vsix`).
// Exit code: the suite's (0 when every test passed), 1 when it could not run, 124 on timeout,
// 130 when interrupted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format, parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import {
  chromiumPath,
  codeServerEntry,
  codeServerEnvironment,
  codeServerVersion,
  createProfile,
  freePort,
  node24,
  remote,
  repoRoot,
  runCodeServerCli,
  spawnCodeServer,
  workbenchUrl,
} from '../lib/code-server.mjs';
import { hoverPhrase } from './editor-page.mjs';

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

requireFile(codeServerEntry, 'run scripts/e2e/install-code-server.sh');
requireFile(node24, 'run scripts/e2e/install-code-server.sh');
requireFile(chromiumPath, 'run scripts/e2e/install-code-server.sh (it installs Debian chromium)');
requireFile(extensionTestsPath, 'build first: node esbuild.mjs && npx tsc -p .');
if (vsixPath) requireFile(vsixPath, 'build it first: npm run package');
else requireFile(path.join(repoRoot, 'dist', 'client.js'), 'build first: node esbuild.mjs');
requireFile(workspaceDir, 'pass an existing folder to --workspace');

// The profile's temp dir also holds this run's Chromium profile, workbench log and, for a
// .vsix run, the development stub; it is kept when the run fails.
const profile = createProfile('e2e');
const tempDir = profile.dir;
const browserProfileDir = path.join(tempDir, 'chromium-profile');
fs.mkdirSync(browserProfileDir);
// The extensionTestsPath contract needs a development extension. The repo root would shadow
// an installed copy (same id), so a .vsix run gets an empty one with another name and nothing
// to activate, and the installed Architecture Notes is the one that runs.
const developmentPath = vsixPath ? path.join(tempDir, 'development-stub') : repoRoot;
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
    printLogTail(profile.logPath, 20);
    if (workbenchProblems.length > 0) {
      log(`last workbench errors and warnings (all of its log: ${workbenchLogPath}):`);
      process.stderr.write(workbenchProblems.slice(-10).join('\n') + '\n');
    }
  } else {
    await takeScreenshot('final');
  }
  await browserContext?.close().catch(() => {});
  await codeServer?.stop();
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

const codeServerEnv = codeServerEnvironment(profile, {
  // Inherited by the extension host, where test/e2e/index.ts reads it.
  E2E_LOG_TAG: suiteLogTag,
  // Read by test/e2e/installed.e2e.ts, which checks that the extension runs from here. Only
  // this runner says which copy is under test: an inherited value is dropped, since it would
  // send that test looking for the wrong one.
  E2E_EXPECT_INSTALLED: vsixPath ? profile.extensionsDir : undefined,
});

// The same command a person would use (`code-server --install-extension FILE`), into the
// fresh extensions folder this run starts code-server with.
function installVsix() {
  const installLogPath = path.join(tempDir, 'install-extension.log');
  const result = runCodeServerCli(profile, ['--install-extension', vsixPath], { env: codeServerEnv, timeout: 120_000 });
  fs.writeFileSync(installLogPath, `${result.stdout ?? ''}${result.stderr ?? ''}`);
  if (result.status !== 0) {
    printLogTail(installLogPath, 20);
    return false;
  }
  log(`installed ${path.basename(vsixPath)} into ${profile.extensionsDir}: ${fs.readdirSync(profile.extensionsDir).join(', ')}`);
  return true;
}

async function startCodeServer(port) {
  codeServer = spawnCodeServer({
    profile,
    port,
    env: codeServerEnv,
    onExit: (code, signal) => void finish(EXIT_CANNOT_RUN, `code-server exited early (code ${code}, signal ${signal})`),
  });
  // An exit at startup has been reported by onExit already; finish() runs once.
  await codeServer.waitUntilReady().catch((error) => finish(EXIT_CANNOT_RUN, error.message));
}

// A test inside VS Code cannot press keys or see the workbench: it logs a line with this tag and
// a JSON request, and the runner acts on the page as a person would. Used by
// test/e2e/usability.e2e.ts and formats.e2e.ts. Requests (all optional, done in this order):
//   press, type, delay  press a key chord (or a list of them, `delay` ms apart), then type text
//                       at `delay` ms per key (default 30);
//   click, hasText, clickInside
//                       click the first element matching the selector `click` whose text holds
//                       `hasText`, or the element matching `clickInside` within it;
//   hover               move the mouse onto this phrase in the editor and wait for a hover on it;
//   watch               from now on, record the text of every element matching this selector;
//   read, out           write to the file `out` a JSON object { seen, now }: the recorded texts
//                       and the text (for inputs, the value) of what matches `read` now.
const keyboardTag = '[architecture-notes-e2e-keys] ';

async function actForSuite(request) {
  try {
    const { press, type, delay = 30, click, hasText, clickInside, hover, watch, read, out } = JSON.parse(request);
    // A list of chords is pressed in order, `delay` ms apart: Ctrl+Alt+N then Escape, as fast as a person.
    for (const [i, chord] of (Array.isArray(press) ? press : press ? [press] : []).entries()) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      await page.keyboard.press(chord);
    }
    if (type) await page.keyboard.type(type, { delay });
    if (click) {
      const target = page.locator(click, hasText ? { hasText } : {}).first();
      await (clickInside ? target.locator(clickInside).first() : target).click({ timeout: 5000 });
    }
    if (hover) await hoverPhrase(page, hover);
    if (watch) {
      await page.evaluate((selector) => {
        const seen = (globalThis.__suiteSeen ??= []);
        const record = () => {
          for (const element of document.querySelectorAll(selector)) {
            const text = element.textContent?.trim();
            if (text && !seen.includes(text)) seen.push(text);
          }
        };
        globalThis.__suiteObserver?.disconnect();
        globalThis.__suiteObserver = new MutationObserver(record);
        globalThis.__suiteObserver.observe(document.body, { childList: true, subtree: true, characterData: true });
        record();
      }, watch);
    }
    if (out) {
      const found = await page.evaluate((selector) => ({
        seen: globalThis.__suiteSeen ?? [],
        now: selector ? [...document.querySelectorAll(selector)].map((element) => ('value' in element ? element.value : element.textContent)) : [],
      }), read ?? '');
      fs.writeFileSync(out, JSON.stringify(found));
    }
  } catch (error) {
    workbenchProblems.push(`[runner] could not act on ${request}: ${error.message}`);
    const { out } = (() => { try { return JSON.parse(request); } catch { return {}; } })();
    if (out) fs.writeFileSync(out, JSON.stringify({ error: error.message }));
  }
}

function onAutomationLog(type, args) {
  // The arguments of a console call, format string first (mocha logs '%s (%dms)' and values).
  const message = format(...(Array.isArray(args) ? args : [args]));
  if (message.startsWith(keyboardTag)) {
    void actForSuite(message.slice(keyboardTag.length));
    return;
  }
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
  browserContext = await chromium.launchPersistentContext(browserProfileDir, {
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

  // A folder that holds a `.code-workspace` file opens as that multi-root workspace.
  const workspaceFile = fs.readdirSync(workspaceDir).find((name) => name.endsWith('.code-workspace'));
  const url = workbenchUrl(port, workspaceFile ? path.join(workspaceDir, workspaceFile) : workspaceDir, [
    ['extensionDevelopmentPath', remote(port, developmentPath)],
    ['extensionTestsPath', remote(port, extensionTestsPath)],
  ]);
  log(`opening ${url}`);
  await page.goto(url);

  return suiteExit;
}

if (vsixPath && !installVsix()) {
  await finish(EXIT_CANNOT_RUN, `code-server could not install ${vsixPath}`);
}
const port = await freePort();
log(`starting code-server ${codeServerVersion} on 127.0.0.1:${port} (log: ${profile.logPath})`);
await startCodeServer(port);
log(`code-server ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
const exitCode = await runSuiteInBrowser(port);
log(`suite finished with exit code ${exitCode} after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
await finish(exitCode);
