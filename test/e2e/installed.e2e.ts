// Which copy of the extension this run tests. `npm run test:e2e` loads the development copy in
// this repo; `npm run test:vsix` installs the .vsix and the runner sets E2E_EXPECT_INSTALLED to
// the extensions folder it installed into. Without this check a run meant for the .vsix could
// quietly load the repo's files and pass whatever the package holds.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ArchitectureNotesApi } from '../../client/src/api';

const extensionId = 'architecture-notes.architecture-notes';
// Compiled to out/test/e2e/, three levels below the repo root.
const repoRoot = path.resolve(__dirname, '../../..');
const installedInto = process.env.E2E_EXPECT_INSTALLED;

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Command lines of the extension host's child processes that run a `dist/server.js` (Linux /proc). */
function languageServerCommandLines(): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const commandLine = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      if (parent === process.pid && commandLine.includes(path.join('dist', 'server.js'))) found.push(commandLine);
    } catch {
      // The process ended while it was being read.
    }
  }
  return found;
}

describe('copy under test', () => {
  let extension: vscode.Extension<ArchitectureNotesApi>;

  before(() => {
    const found = vscode.extensions.getExtension<ArchitectureNotesApi>(extensionId);
    assert.ok(found, `${extensionId} is not installed in this VS Code`);
    extension = found;
  });

  if (installedInto) {
    it('is the copy installed from the .vsix, not the repo', () => {
      assert.ok(
        isInside(extension.extensionPath, installedInto),
        `${extensionId} runs from ${extension.extensionPath}, not from the extensions folder ${installedInto}`,
      );
      assert.ok(!isInside(extension.extensionPath, repoRoot), `${extension.extensionPath} is inside the repo ${repoRoot}`);
    });
  } else {
    it('is the development copy in this repo', () => {
      assert.strictEqual(path.resolve(extension.extensionPath), repoRoot);
    });
  }

  it("runs its language server from that copy's dist/server.js", async function () {
    if (!fs.existsSync('/proc/self/stat')) this.skip();
    const api = await extension.activate();
    assert.strictEqual((await api.ready).state, 'ready');
    const expected = path.join(extension.extensionPath, 'dist', 'server.js');
    const commandLines = languageServerCommandLines();
    assert.ok(commandLines.length > 0, `no language server process under the extension host (pid ${process.pid})`);
    for (const commandLine of commandLines) {
      assert.ok(commandLine.includes(expected), `a language server runs another copy than ${expected}: ${commandLine}`);
    }
  });

  it("keeps the server's code cache in the extension's storage", async function () {
    if (!fs.existsSync('/proc/self/stat')) this.skip();
    this.timeout(20000);
    await (await extension.activate()).ready;
    const folders = languageServerCommandLines().map((commandLine) => /--code-cache=(\S+)/.exec(commandLine)?.[1]);
    assert.ok(folders.length > 0 && folders.every(Boolean), `the server is started without a code cache folder: ${languageServerCommandLines().join('\n')}`);
    // Written about 3 s after the server's start (server/src/entry.ts).
    const written = () => folders.every((folder) => fs.existsSync(folder!) && fs.readdirSync(folder!).some((name) => /^server-[0-9a-f]{16}\.code-cache$/.test(name)));
    for (const deadline = Date.now() + 15000; !written() && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 200));
    assert.ok(written(), `no code cache in ${folders.join(', ')}`);
  });
});
