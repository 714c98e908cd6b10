// Which folder a file of the in-VS-Code suite is written for: shared by the suite's entry
// (index.ts, inside VS Code) and the desktop runner (runTestElectron.ts, plain Node), so it
// imports nothing from VS Code. scripts/e2e/run.sh applies the same rule in bash.
import * as fs from 'fs';
import * as path from 'path';

/** NAME.e2e.ts (or .js) runs in `e2eFolder`/NAME-workspace when that folder exists, else in `e2eFolder`/workspace. */
export function workspaceFor(testFile: string, e2eFolder: string): string {
  const own = path.join(e2eFolder, `${testFile.replace(/\.e2e\.[jt]s$/, '')}-workspace`);
  return path.resolve(fs.existsSync(own) ? own : path.join(e2eFolder, 'workspace'));
}

/** What to open for a folder of tests: its `.code-workspace` file when it holds one (a multi-root workspace), else the folder. */
export function openTarget(folder: string): string {
  const file = fs.readdirSync(folder).find((name) => name.endsWith('.code-workspace'));
  return file ? path.join(folder, file) : folder;
}
