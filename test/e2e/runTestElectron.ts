// Runs the in-VS-Code suite in a desktop VS Code that @vscode/test-electron downloads. Use it on
// machines that can reach VS Code's update server; elsewhere scripts/e2e/run-code-server.mjs runs
// the same suite in code-server. Run from the repo root after building: node out/test/e2e/runTestElectron.js
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { openTarget, workspaceFor } from './workspaces';

async function main(): Promise<void> {
  // Compiled to out/test/e2e/, three levels below the repo root.
  const repoRoot = path.resolve(__dirname, '../../..');
  const extensionTestsPath = path.join(__dirname, 'index.js');
  // One run per folder the selected tests are written for (workspaces.ts).
  const e2eSources = path.join(repoRoot, 'test/e2e');
  const only = (process.env.E2E_FILES ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  const workspaces = [...new Set(fs.readdirSync(e2eSources)
    .filter((name) => name.endsWith('.e2e.ts'))
    .filter((name) => only.length === 0 || only.includes(name.slice(0, -'.e2e.ts'.length)))
    .map((name) => workspaceFor(name, e2eSources)))].sort();

  for (const workspace of workspaces) {
    // Fresh profile folders so installed extensions and settings of the machine cannot leak in.
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'architecture-notes-e2e-'));
    try {
      const exitCode = await runTests({
        version: process.env.E2E_VSCODE_VERSION ?? 'stable',
        extensionDevelopmentPath: repoRoot,
        extensionTestsPath,
        launchArgs: [
          openTarget(workspace),
          '--disable-extensions',
          '--disable-workspace-trust',
          `--user-data-dir=${path.join(profile, 'user-data')}`,
          `--extensions-dir=${path.join(profile, 'extensions')}`,
        ],
      });
      if (exitCode !== 0) process.exitCode = exitCode;
    } finally {
      fs.rmSync(profile, { recursive: true, force: true });
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
