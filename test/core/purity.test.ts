import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

// The notes engine must stay usable without an editor: nothing in core/ may import VS Code,
// the language server libraries, or the server and client code around it.
const core = path.join(__dirname, '..', '..', '..', 'server', 'src', 'core');
const FORBIDDEN = [/^vscode$/, /^vscode-languageserver/, /^vscode-languageclient/, /^vscode-jsonrpc/, /^\.\.\//];

describe('the core', () => {
  it('imports nothing from VS Code, the LSP libraries or the code around it', () => {
    const files = fs.readdirSync(core).filter((f) => f.endsWith('.ts'));
    assert.ok(files.length >= 10, `expected the core's files in ${core}`);
    const offending: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(path.join(core, file), 'utf8');
      for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const source = match[1] ?? match[2];
        if (FORBIDDEN.some((pattern) => pattern.test(source))) offending.push(`${file}: ${source}`);
      }
    }
    assert.deepEqual(offending, []);
  });
});
