#!/usr/bin/env node
// `npm start`: builds the extension and opens it in a real VS Code, with samples/ as the folder,
// samples/design-doc.md in an editor and the bundled notes indexed, so hovers, the Architecture
// Notes views and Search Notes… can be tried at once. Which VS Code, first that works:
//   desktop    `code` on PATH, as an Extension Development Host (like F5)
//   download   desktop VS Code fetched by @vscode/test-electron into .vscode-test/
//   code-server VS Code's server build from .e2e/ (installed on first use), in a browser
//
// Usage: npm start -- [--editor auto|desktop|download|code-server] [--port N] [--no-open]
//                     [--no-build]
// --port and --no-open concern code-server: it listens on 127.0.0.1 only and runs until Ctrl-C.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  build,
  freePort,
  installCodeServerIfMissing,
  log,
  portIsFree,
  repoRoot,
  sampleDoc,
  sampleFolder,
  sampleUrl,
  startCodeServer,
} from './lib/code-server.mjs';

const usage = `Usage: npm start -- [options]
  --editor auto|desktop|download|code-server   which VS Code to open (default: auto, in that order)
  --port N        code-server port on 127.0.0.1 (default: a free one)
  --no-open       code-server: only print the address, do not open a browser
  --no-build      skip 'node esbuild.mjs'
  -h, --help      this text`;

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      editor: { type: 'string', default: 'auto' },
      port: { type: 'string' },
      open: { type: 'boolean', default: true },
      build: { type: 'boolean', default: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowNegative: true,
  }));
} catch (error) {
  process.stderr.write(`${error.message}\n${usage}\n`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const editors = ['auto', 'desktop', 'download', 'code-server'];
if (!editors.includes(options.editor)) {
  process.stderr.write(`--editor takes one of ${editors.join(', ')}, not '${options.editor}'\n`);
  process.exit(2);
}
const port = options.port === undefined ? undefined : Number(options.port);
if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
  process.stderr.write(`--port takes a port number, not '${options.port}'\n`);
  process.exit(2);
}

// The arguments both desktop variants take: this repo as the extension under development, the
// sample folder as the workspace and the sample doc opened in it.
const desktopArguments = [`--extensionDevelopmentPath=${repoRoot}`, '--new-window', sampleFolder, sampleDoc];

function findOnPath(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

// `code` hands the window to VS Code and returns at once; VS Code lives on without us.
async function openInDesktopCode(codeCommand) {
  log(`opening the sample in ${codeCommand} as an Extension Development Host`);
  const child = spawn(codeCommand, desktopArguments, { stdio: 'inherit' });
  const [code] = await new Promise((resolve) => child.on('exit', (...result) => resolve(result)));
  return code ?? 1;
}

// Resolves to the path of a downloaded (or cached) desktop VS Code, or undefined when it
// cannot be had. The idle timeout bounds the wait on a machine that cannot reach the update
// server without cutting a real download short.
async function downloadDesktopCode() {
  try {
    const { downloadAndUnzipVSCode } = await import('@vscode/test-electron');
    log('trying to download desktop VS Code with @vscode/test-electron (into .vscode-test/)');
    return await downloadAndUnzipVSCode({
      version: 'stable',
      cachePath: path.join(repoRoot, '.vscode-test'),
      timeout: 15_000,
    });
  } catch (error) {
    log(`no desktop VS Code download: ${String(error?.message ?? error).split('\n')[0]}`);
    return undefined;
  }
}

// A downloaded VS Code is a second installation: its own profile keeps it from handing the
// window to a VS Code the user already runs and from touching that one's settings.
async function runDownloadedCode(executable) {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'architecture-notes-start-'));
  log(`opening the sample in ${executable} (profile in ${stateDir}); close the window or press Ctrl-C to stop`);
  const child = spawn(
    executable,
    [
      '--user-data-dir', path.join(stateDir, 'user-data'),
      '--extensions-dir', path.join(stateDir, 'extensions'),
      '--disable-workspace-trust',
      ...desktopArguments,
    ],
    { stdio: 'inherit', detached: true },
  );
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, stop);
  const [code] = await new Promise((resolve) => child.on('exit', (...result) => resolve(result)));
  stop();
  fs.rmSync(stateDir, { recursive: true, force: true });
  return code ?? 0;
}

function hasDisplay() {
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function openInBrowser(url) {
  const opener = findOnPath('xdg-open');
  if (!opener) return;
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => {});
  child.unref();
}

async function runCodeServer() {
  installCodeServerIfMissing();
  const chosenPort = port ?? (await freePort());
  if (port !== undefined && !(await portIsFree(port))) {
    log(`port ${port} on 127.0.0.1 is already in use: pick another with --port, or leave it out`);
    return 1;
  }
  log(`starting code-server on 127.0.0.1:${chosenPort}`);
  let finished;
  let interrupted = false;
  const done = new Promise((resolve) => {
    finished = resolve;
  });
  // Registered before code-server starts: it runs in its own process group, so Ctrl-C reaches
  // only this script, which must pass it on even while waiting for code-server to answer.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      interrupted = true;
      finished(0);
    });
  }
  const server = await startCodeServer({
    port: chosenPort,
    onExit: (code, signal) => {
      log(`code-server exited on its own (code ${code}, signal ${signal})`);
      finished(1);
    },
  });
  const url = sampleUrl(chosenPort);
  if (!interrupted) {
    process.stdout.write(
      `\nArchitecture Notes is running in code-server (VS Code's server build) on 127.0.0.1:${chosenPort}.\n` +
      `Open this address in a browser on this machine:\n\n${url}\n\n` +
      `The sample is ${path.relative(repoRoot, sampleDoc)}; rest the mouse on "circuit breaker", or open the\n` +
      `Architecture Notes view in the Activity Bar. Code-server's log: ${server.logPath}\n` +
      `Press Ctrl-C to stop.\n`,
    );
    if (options.open && hasDisplay()) openInBrowser(url);
  }

  const exitCode = await done;
  log('stopping code-server');
  await server.stop({ keepState: exitCode !== 0 });
  return exitCode;
}

async function main() {
  if (options.build) {
    log('building: node esbuild.mjs');
    build();
  }
  if (options.editor === 'auto' || options.editor === 'desktop') {
    const codeCommand = findOnPath('code');
    if (codeCommand) return openInDesktopCode(codeCommand);
    if (options.editor === 'desktop') {
      log("no 'code' command on PATH (in VS Code: Shell Command: Install 'code' command in PATH)");
      return 1;
    }
  }
  if (options.editor === 'auto' || options.editor === 'download') {
    const executable = await downloadDesktopCode();
    if (executable) return runDownloadedCode(executable);
    if (options.editor === 'download') return 1;
    log('falling back to code-server');
  }
  return runCodeServer();
}

try {
  process.exitCode = await main();
} catch (error) {
  log(error?.message ?? String(error));
  process.exitCode = 1;
}
