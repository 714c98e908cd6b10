// Runs inside the extension host as the `extensionTestsPath` of one fresh VS Code start, driven
// by scripts/e2e/activation.mjs. It opens a Markdown document the way a person would, waits for
// VS Code to activate the installed Architecture Notes and for its index of the bundled notes,
// then reads the times VS Code itself recorded and writes them, as JSON, to ACTIVATION_PROBE_OUT.
//
// VS Code's figures come from "Developer: Startup Performance" (the `perf:` document), whose
// "Extension Activation Stats" table lists what the extension host measured for each extension:
// loading its code, the activate() call, and the wait for the promise activate() returned.
// "Developer: Show Running Extensions" shows the same data (its figure is the first two added).
// No public API exposes these times; the document is the one place an extension can read them.
// The extension host's performance marks add the wall time of the whole activation.
'use strict';
const fs = require('fs');
const path = require('path');
const { format } = require('util');
// Provided by the extension host to every module it loads, this one included.
const vscode = require('vscode');

const extensionId = 'architecture-notes.architecture-notes';
const startupPerformanceUri = vscode.Uri.from({ scheme: 'perf', path: 'Startup Performance' });
const logTag = process.env.E2E_LOG_TAG ?? '';

function report(...args) {
  console.log(logTag + format(...args));
}

async function eventually(what, deadlineMs, check, pollMs = 10) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up after ${deadlineMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/**
 * The row of `id` in the "Extension Activation Stats" table of the Startup Performance
 * document, or undefined while the table does not list it yet. The columns are those VS Code
 * writes: Extension | Eager | Load Code | Call Activate | Finish Activate | Event | By.
 */
function activationStatsRow(text, id) {
  const heading = text.indexOf('Extension Activation Stats');
  if (heading < 0) return undefined;
  const lines = text.slice(heading).split('\n');
  const cells = (line) => line.split('|').slice(1, -1).map((cell) => cell.trim());
  const header = lines.find((line) => line.trim().startsWith('|'));
  if (!header) return undefined;
  const names = cells(header);
  const expected = ['Extension', 'Eager', 'Load Code', 'Call Activate', 'Finish Activate', 'Event', 'By'];
  if (names.join('|') !== expected.join('|')) {
    throw new Error(`the Extension Activation Stats table has other columns than expected: ${names.join(', ')}`);
  }
  const row = lines.map(cells).find((values) => values[0] === id);
  if (!row) return undefined;
  const number = (value, column) => {
    const parsed = Number(value);
    // The extension host writes -1 for a step it did not time.
    if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`no ${column} time for ${id}: '${value}'`);
    return parsed;
  };
  return {
    eager: row[1] === 'true',
    loadCodeMs: number(row[2], 'Load Code'),
    callActivateMs: number(row[3], 'Call Activate'),
    finishActivateMs: number(row[4], 'Finish Activate'),
    activationEvent: row[5],
    activatedBy: row[6],
  };
}

/**
 * Milliseconds from `openedAt` until a hover at ACTIVATION_PROBE_HOVER (JSON: line, character,
 * and the first words of the card's definition) shows that definition; undefined when no
 * position was given (scripts/e2e/activation.mjs gives one when dist/cli.js can scan the doc).
 * The hover is asked of the extension's language client, as the editor's hover asks it, every
 * 25 ms from the moment the extension is active: often enough to time a second, seldom enough
 * not to slow the start it times. Not through `vscode.executeHoverProvider`: that command
 * answers once every hover provider has, the built-in Markdown language server's among them,
 * which in a fresh window starts seconds after ours.
 */
async function timeToFirstHover(extension, document, openedAt) {
  const wanted = process.env.ACTIVATION_PROBE_HOVER;
  if (!wanted) return undefined;
  const { line, character, definitionStart } = JSON.parse(wanted);
  // Markdown escapes some punctuation; the card is compared without the escapes.
  const shows = (hover) => {
    const contents = hover?.contents;
    const parts = Array.isArray(contents) ? contents : contents ? [contents] : [];
    return parts.some((part) => (typeof part === 'string' ? part : part.value).replace(/\\/g, '').includes(definitionStart));
  };
  return eventually(`a hover at ${line}:${character} showing "${definitionStart}"`, 60_000, async () => {
    if (!extension.isActive) return undefined;
    const client = extension.exports.client;
    const answer = await client.sendRequest('textDocument/hover', { textDocument: { uri: client.code2ProtocolConverter.asUri(document.uri) }, position: { line, character } });
    return shows(answer) ? Date.now() - openedAt : undefined;
  }, 25);
}

exports.run = async function run() {
  const outFile = process.env.ACTIVATION_PROBE_OUT;
  const documentPath = process.env.ACTIVATION_PROBE_DOCUMENT;
  if (!outFile || !documentPath) throw new Error('ACTIVATION_PROBE_OUT and ACTIVATION_PROBE_DOCUMENT must be set');

  const extension = vscode.extensions.getExtension(extensionId);
  if (!extension) throw new Error(`${extensionId} is not installed in this VS Code`);
  const installedInto = process.env.E2E_EXPECT_INSTALLED;
  if (installedInto && path.relative(installedInto, extension.extensionPath).startsWith('..')) {
    throw new Error(`${extensionId} runs from ${extension.extensionPath}, not from the extensions folder ${installedInto}`);
  }
  // A person opens a design doc; VS Code then activates the extension on `onLanguage:markdown`.
  // In some starts the workbench has already made a plain-text model by then, and VS Code has
  // activated it on `onLanguage:plaintext` instead, as it would in anyone's window: the times
  // below are VS Code's either way, and the Event column says which it was.
  const openedAt = Date.now();
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(documentPath));
  const documentOpenedAt = Date.now();
  await vscode.window.showTextDocument(document);
  const editorShownAt = Date.now();
  // What a person meets first: from opening the doc until a hover on one of its terms shows the
  // bundled notes' card (activation, the server's start and its index together).
  const firstHoverMs = await timeToFirstHover(extension, document, openedAt);
  // Polled rather than awaited through extension.activate(), which would start the activation
  // itself (reason: API call) if it ran before VS Code reacted to the Markdown document.
  await eventually('the extension to activate', 60_000, () => (extension.isActive ? true : undefined));
  const api = await extension.activate();
  const status = await api.ready;
  const indexReadyAt = Date.now();
  if (status.state !== 'ready') throw new Error(`the index did not become ready: ${JSON.stringify(status)}`);

  // The extension host marks each step of an activation with Date.now() in a list of its own
  // (vs/base/common/performance), kept on globalThis and shared with every module it loads.
  const marks = globalThis.MonacoPerformanceMarks?.getMarks() ?? [];
  const markTime = (step) => {
    const name = `code/extHost/${step}/${extensionId}`;
    const mark = marks.find((candidate) => candidate.name === name);
    if (!mark) throw new Error(`the extension host has no performance mark ${name}`);
    return mark.startTime;
  };
  const willLoadCode = markTime('willLoadExtensionCode');
  const didActivate = markTime('didActivateExtension');
  // Where the wait for the first hover went: the server's own times of its start
  // (architectureNotes/debug/startup), from the same clock, after the doc was asked for.
  const server = await api.client.sendRequest('architectureNotes/debug/startup');
  const sinceOpened = (at) => (typeof at === 'number' ? at - openedAt : undefined);
  const startSteps = {
    // VS Code's own part: the document read and its model made, then shown in an editor (a
    // hover is asked from then on, as a person could only hover then).
    documentOpened: sinceOpened(documentOpenedAt),
    editorShown: sinceOpened(editorShownAt),
    extensionCodeLoading: sinceOpened(willLoadCode),
    serverProcessStarted: sinceOpened(server.processStarted),
    serverListening: sinceOpened(server.listening),
    serverInitialize: sinceOpened(server.initialize),
    extensionActivated: sinceOpened(didActivate),
    serverInitialized: sinceOpened(server.initialized),
    serverSettingsRead: sinceOpened(server.settingsRead),
    serverFirstIndexReady: sinceOpened(server.firstIndexReady),
    firstHover: firstHoverMs,
  };

  // The workbench registers the `perf:` document only once the command has been run.
  await vscode.commands.executeCommand('perfview.show');
  const perfDocument = await vscode.workspace.openTextDocument(startupPerformanceUri);
  // VS Code fills the document once the workbench has finished restoring, and again on every
  // change of an extension's status.
  const vscodeTimes = await eventually('Startup Performance to list the extension', 60_000, () =>
    activationStatsRow(perfDocument.getText(), extensionId),
  );

  const result = {
    extensionId,
    extensionVersion: extension.packageJSON.version,
    extensionPath: extension.extensionPath,
    vscodeVersion: vscode.version,
    vscode: vscodeTimes,
    marks: {
      // From the extension host starting to load dist/client.js to activate()'s promise settled.
      activationWallMs: didActivate - willLoadCode,
      // From the same start until the language server reported the bundled notes indexed.
      indexReadyMs: indexReadyAt - willLoadCode,
      // From asking VS Code to open the design doc until a hover on a term gave the notes' card.
      firstHoverMs,
    },
    // Each step of the start, in ms after VS Code was asked to open the doc.
    startSteps,
    index: status,
  };
  fs.writeFileSync(outFile, JSON.stringify(result, null, 2));
  report(`activation: ${JSON.stringify(result.vscode)}`);
};
