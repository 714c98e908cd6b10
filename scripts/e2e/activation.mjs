#!/usr/bin/env node
// Measures how long VS Code takes to activate the packaged extension, installed from its .vsix
// with the bundled notes, as VS Code itself records it. Each run is a fresh start of code-server
// (VS Code's server build) through scripts/e2e/run-code-server.mjs --install-vsix: new profile,
// new extensions folder, new Chromium. In it, scripts/e2e/activation-probe.cjs opens a Markdown
// document, which activates the extension (on `onLanguage:markdown`, or on `onLanguage:plaintext`
// when the workbench made a plain-text model first), waits for the index of the bundled notes,
// and reads the times from "Developer: Startup Performance". It also times, from asking VS Code to
// open the doc, the first hover on one of its terms that shows the bundled notes' card. The
// figures are medians over the runs; the first hover and its steps are also given over the starts
// that opening the doc activated, apart from those VS Code had activated before it (a plain-text
// model of the workbench's own, `onLanguage:plaintext`), which time the open alone.
//
// Usage: node scripts/e2e/activation.mjs [--vsix FILE] [--runs N] [--json FILE] [--timeout SECONDS]
//   --vsix     the package to install (default: the newest .vsix in the repository root;
//              `npm run package` builds one)
//   --runs     fresh starts to take the median of (default 5)
//   --json     where to write the result (default bench-results/activation.json)
//   --timeout  per start, passed on to run-code-server.mjs (default 120)
// Exit code: 0 when measured; 2 when it cannot run here (no code-server, no .vsix), with the
// reason in the JSON as well; 1 when a start failed.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { chromiumPath, codeServerInstalled, codeServerVersion, repoRoot } from '../lib/code-server.mjs';

const runner = path.join(repoRoot, 'scripts', 'e2e', 'run-code-server.mjs');
const probe = path.join(repoRoot, 'scripts', 'e2e', 'activation-probe.cjs');
const designDoc = path.join(repoRoot, 'samples', 'design-doc.md');

const EXIT_START_FAILED = 1;
const EXIT_CANNOT_RUN = 2;

const { values: options } = parseArgs({
  options: {
    vsix: { type: 'string' },
    runs: { type: 'string', default: '5' },
    json: { type: 'string', default: path.join(repoRoot, 'bench-results', 'activation.json') },
    timeout: { type: 'string', default: '120' },
  },
});
const runs = Number(options.runs);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`[activation] --runs takes a whole number of starts, not '${options.runs}'\n`);
  process.exit(EXIT_CANNOT_RUN);
}
const jsonFile = path.resolve(options.json);

function log(message) {
  process.stderr.write(`[activation] ${message}\n`);
}

function writeResult(result) {
  fs.mkdirSync(path.dirname(jsonFile), { recursive: true });
  fs.writeFileSync(jsonFile, JSON.stringify(result, null, 2) + '\n');
  log(`written: ${path.relative(process.cwd(), jsonFile)}`);
}

/** Records why nothing was measured, so that `npm run bench` can say it in its table. */
function cannotMeasure(reason, exitCode) {
  log(`activation time not measured: ${reason}`);
  writeResult({ date: new Date().toISOString(), measured: false, reason });
  process.exit(exitCode);
}

function newestVsix() {
  const packages = fs
    .readdirSync(repoRoot)
    .filter((name) => name.endsWith('.vsix'))
    .map((name) => path.join(repoRoot, name))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return packages[0];
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const round = (value) => Math.round(value);

function gitCommit() {
  const result = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/**
 * Where the probe hovers, and what the card must say: the first term of the design doc whose
 * definition begins with plain words, as `dist/cli.js scan` finds it with the bundled notes.
 * Undefined when the CLI is not built (the first-hover figure is then left out).
 */
function hoverTarget() {
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) return undefined;
  const scan = spawnSync(process.execPath, [cli, 'scan', designDoc, '--json'], { encoding: 'utf8' });
  if (scan.status !== 0) return undefined;
  for (const hit of JSON.parse(scan.stdout)) {
    const start = /^[A-Za-z0-9 ]{8,}/.exec(hit.definition ?? '')?.[0];
    if (start) return { line: hit.line, character: hit.character, term: hit.term, definitionStart: start.trim() };
  }
  return undefined;
}
const hover = hoverTarget();

let currentStart;

/** One fresh start of code-server; resolves with what the probe wrote, rejects with the runner's output. */
function measureOnce(vsixFile, index) {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'architecture-notes-activation-'));
  // A folder holding only the design doc: nothing in it (settings, other notes) can change
  // what the extension does at activation.
  const document = path.join(workspace, 'design-doc.md');
  fs.copyFileSync(designDoc, document);
  const outFile = path.join(workspace, '.activation.json');
  const args = [runner, '--install-vsix', vsixFile, '--tests', probe, '--workspace', workspace, '--timeout', options.timeout];
  const child = (currentStart = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: {
      ...process.env,
      ACTIVATION_PROBE_OUT: outFile,
      ACTIVATION_PROBE_DOCUMENT: document,
      ...(hover ? { ACTIVATION_PROBE_HOVER: JSON.stringify(hover) } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      currentStart = undefined;
      try {
        if (code !== 0) {
          reject(new Error(`start ${index} failed (run-code-server.mjs exit ${code ?? signal}):\n${output.trimEnd()}`));
          return;
        }
        resolve(JSON.parse(fs.readFileSync(outFile, 'utf8')));
      } catch (error) {
        reject(error);
      } finally {
        fs.rmSync(workspace, { recursive: true, force: true });
      }
    });
  });
}

// ---- can it run here? ----

if (!codeServerInstalled() || !fs.existsSync(chromiumPath)) {
  cannotMeasure(`code-server ${codeServerVersion} is not installed; npm run test:e2e:install installs it`, EXIT_CANNOT_RUN);
}
const vsixFile = options.vsix ? path.resolve(options.vsix) : newestVsix();
if (!vsixFile || !fs.existsSync(vsixFile)) {
  cannotMeasure(vsixFile ? `no such package: ${vsixFile}` : 'no .vsix in the repository root; npm run package builds one', EXIT_CANNOT_RUN);
}

// ---- the runs ----

// A stop of this script stops the current start: run-code-server.mjs, on the signal, kills its
// code-server and browser itself, and this script exits once it has.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (!currentStart) process.exit(130);
    currentStart.kill(signal);
    currentStart.on('exit', () => process.exit(130));
  });
}

const loadAverageBefore = os.loadavg();
const starts = [];
for (let index = 1; index <= runs; index++) {
  let start;
  try {
    start = await measureOnce(vsixFile, index);
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    writeResult({ date: new Date().toISOString(), measured: false, reason: `start ${index} of ${runs} failed in code-server` });
    process.exit(EXIT_START_FAILED);
  }
  const times = start.vscode;
  log(
    `start ${index}/${runs}: load code ${times.loadCodeMs} ms, activate() ${times.callActivateMs} ms, ` +
      `its promise ${times.finishActivateMs} ms (${times.activationEvent}); notes indexed ${start.marks.indexReadyMs} ms after loading began` +
      (start.marks.firstHoverMs === undefined ? '' : `; first hover ${start.marks.firstHoverMs} ms after opening the doc`) +
      `\n[activation]   ms after opening the doc: ${JSON.stringify(start.startSteps)}`,
  );
  starts.push(start);
}

// ---- the figures ----

const perStart = starts.map(({ vscode: times, marks, startSteps }) => ({
  ...times,
  // Whether opening the doc is what started the extension. In some fresh windows VS Code has made
  // a plain-text model of its own before the probe opens the doc, and `onLanguage:plaintext` has
  // started the extension seconds earlier: the first hover then times the open alone, not the
  // activation, the server's start and the index that the first hover after an open waits for.
  activatedByTheOpen: startSteps.extensionCodeLoading >= 0,
  // Everything the extension host timed for this activation: loading dist/client.js, the
  // activate() call, and the wait for the promise it returned (the language server's
  // `initialize` answer). "Developer: Show Running Extensions" shows only the first two.
  totalMs: times.loadCodeMs + times.callActivateMs + times.finishActivateMs,
  runningExtensionsMs: times.loadCodeMs + times.callActivateMs,
  activationWallMs: marks.activationWallMs,
  indexReadyMs: marks.indexReadyMs,
  firstHoverMs: marks.firstHoverMs,
  startSteps,
}));
const medianOf = (key, of = perStart) => median(of.map((start) => start[key]));
const byTheOpen = perStart.filter((start) => start.activatedByTheOpen);
const before = perStart.filter((start) => !start.activatedByTheOpen);
const figures = {
  totalMs: medianOf('totalMs'),
  loadCodeMs: medianOf('loadCodeMs'),
  callActivateMs: medianOf('callActivateMs'),
  finishActivateMs: medianOf('finishActivateMs'),
  runningExtensionsMs: medianOf('runningExtensionsMs'),
  activationWallMs: medianOf('activationWallMs'),
  indexReadyMs: medianOf('indexReadyMs'),
  firstHoverMs: hover ? medianOf('firstHoverMs') : undefined,
  // The first hover of the starts that the open activated (the figure issue 16 sets under 1 s),
  // and of those activated before it.
  startsActivatedByTheOpen: byTheOpen.length,
  firstHoverActivatedByTheOpenMs: hover && byTheOpen.length ? medianOf('firstHoverMs', byTheOpen) : undefined,
  firstHoverActivatedBeforeMs: hover && before.length ? medianOf('firstHoverMs', before) : undefined,
  // Each step of the start (see activation-probe.cjs), in ms after VS Code was asked to open the
  // doc: over the starts the open activated when there are any (steps before the open would
  // pull the medians below zero).
  startSteps: Object.fromEntries(
    Object.keys(perStart[0].startSteps).map((step) => [
      step,
      median((byTheOpen.length ? byTheOpen : perStart).map((start) => start.startSteps[step]).filter((ms) => typeof ms === 'number')),
    ]),
  ),
};
const events = [...new Set(perStart.map((start) => start.activationEvent))];
// The parts are shown for the start whose total is the median (the lower one of the middle two
// for an even count), so that they add up to the total shown; each part's own median is in the JSON.
const medianStart = [...perStart].sort((a, b) => a.totalMs - b.totalMs)[Math.floor((perStart.length - 1) / 2)];
const summary =
  `activation ${round(medianStart.totalMs)} ms, median of ${runs} fresh starts in code-server ${codeServerVersion} ` +
  `(that start: load code ${medianStart.loadCodeMs} + activate() ${medianStart.callActivateMs} + its promise ` +
  `${medianStart.finishActivateMs} ms; Running Extensions shows ${medianStart.runningExtensionsMs} ms); medians: wall ` +
  `${round(figures.activationWallMs)} ms, bundled notes indexed ${round(figures.indexReadyMs)} ms after loading began` +
  (hover ? `; first hover (on "${hover.term}") ${round(figures.firstHoverMs)} ms after opening the design doc` : '') +
  (hover && byTheOpen.length
    ? `; in the ${byTheOpen.length} starts the open activated, ${round(figures.firstHoverActivatedByTheOpenMs)} ms (steps: ${JSON.stringify(figures.startSteps)})`
    : '') +
  (hover && before.length ? `; in the ${before.length} activated before the open, ${round(figures.firstHoverActivatedBeforeMs)} ms` : '');

const vsixBytes = fs.readFileSync(vsixFile);
writeResult({
  date: new Date().toISOString(),
  measured: true,
  command: `node scripts/e2e/activation.mjs${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}`,
  summary,
  commit: gitCommit(),
  // Other work on the machine slows every start; the load average tells how busy it was.
  machine: {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu: os.cpus()[0]?.model,
    loadAverageBefore,
    loadAverageAfter: os.loadavg(),
  },
  vsix: {
    file: vsixFile.startsWith(repoRoot + path.sep) ? path.relative(repoRoot, vsixFile) : vsixFile,
    bytes: vsixBytes.length,
    sha256: createHash('sha256').update(vsixBytes).digest('hex'),
    modified: fs.statSync(vsixFile).mtime.toISOString(),
  },
  vscode: { codeServer: codeServerVersion, version: starts[0].vscodeVersion },
  source: 'VS Code "Developer: Startup Performance", Extension Activation Stats (extension host timings)',
  activationEvents: events,
  hover,
  median: figures,
  medianStart,
  runs: perStart,
});
process.stdout.write(`${summary}\n`);
