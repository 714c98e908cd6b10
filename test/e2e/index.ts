// Entry point of the in-VS-Code suite: VS Code loads this file as `extensionTestsPath` and calls
// `run()` inside the extension host; the promise it returns decides the suite's exit code.
import * as fs from 'fs';
import * as path from 'path';
import { format } from 'util';
// mocha 12 is an ES module; the extension host's Node (24 under code-server, >= 22.12 in
// current desktop VS Code) loads it through require(esm), whose default export is the class.
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { workspaceFor } from './workspaces';

export function run(): Promise<void> {
  // Under code-server the extension host's console reaches the runner mixed with the
  // workbench's own log lines, at the same level and with nothing to tell them apart, and the
  // extension host does not let console.log be replaced. So the report itself is tagged:
  // scripts/e2e/run-code-server.mjs sets E2E_LOG_TAG and prints only the lines carrying it.
  const logTag = process.env.E2E_LOG_TAG ?? '';
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(logTag + format(...args));

  const mocha = new Mocha({
    ui: 'bdd',
    // The output is read as plain text (a CI log or a forwarded console), never a terminal.
    color: false,
    // A first hover has to wait for the extension to activate and its server to start.
    timeout: 60_000,
  });

  // E2E_FILES=usability,smoke runs only those files (names without .e2e.js), for working on one.
  const only = (process.env.E2E_FILES ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  // A file NAME.e2e.js runs in test/e2e/NAME-workspace/ when that folder exists, every other one
  // in test/e2e/workspace/ (or in a folder given with --workspace); scripts/e2e/run.sh opens
  // each folder in turn.
  // A multi-root workspace is opened from its `.code-workspace` file, in the folder of its tests.
  const workspaceFile = vscode.workspace.workspaceFile?.scheme === 'file' ? vscode.workspace.workspaceFile.fsPath : undefined;
  const openFolder = path.resolve(workspaceFile ? path.dirname(workspaceFile) : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '');
  const e2eSources = path.resolve(__dirname, '../../../test/e2e');
  const allFiles = fs.readdirSync(__dirname).filter((name) => name.endsWith('.e2e.js'));
  const ownWorkspaces = new Set(allFiles.map((name) => workspaceFor(name, e2eSources)));
  const defaultWorkspace = path.join(e2eSources, 'workspace');
  const folderOfTests = ownWorkspaces.has(openFolder) ? openFolder : defaultWorkspace;
  const testFiles = allFiles
    .filter((name) => only.length === 0 || only.includes(name.slice(0, -'.e2e.js'.length)))
    .filter((name) => workspaceFor(name, e2eSources) === folderOfTests)
    .sort();
  for (const name of testFiles) {
    mocha.addFile(path.join(__dirname, name));
  }
  // E2E_GREP=pattern runs only the tests whose titles match, for working on one.
  if (process.env.E2E_GREP) mocha.grep(process.env.E2E_GREP);

  return new Promise((resolve, reject) => {
    if (testFiles.length === 0) {
      reject(new Error(`no *.e2e.js files in ${__dirname}${only.length ? ` named ${only.join(', ')} (E2E_FILES)` : ''} for the folder ${openFolder}`));
      return;
    }
    try {
      const runner = mocha.run((failures) => {
        // A closing line in the plain 'N passed, N failed' form that CI logs are read for.
        const { passes = 0, pending = 0 } = runner.stats ?? {};
        Mocha.reporters.Base.consoleLog(`e2e: ${passes} passed, ${failures} failed, ${pending} skipped`);
        if (failures > 0) {
          reject(new Error(`${failures} end-to-end test(s) failed`));
        } else {
          resolve();
        }
      });
    } catch (error) {
      reject(error);
    }
  });
}
