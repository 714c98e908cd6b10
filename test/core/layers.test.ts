import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// The dependency rule (.dependency-cruiser.cjs) checked by dependency-cruiser over the real
// sources, and the same rules shown to catch a violation in a small tree made for the test,
// so that a configuration that no longer matches anything cannot pass unnoticed.
const root = path.join(__dirname, '..', '..', '..');
const depcruise = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const config = path.join(root, '.dependency-cruiser.cjs');

function cruise(cwd: string, paths: string[]): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [depcruise, ...paths, '--config', config, '--output-type', 'err', '--no-cache'], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the dependency rule', function () {
  this.timeout(60_000);

  it('holds for the server, the core and the client', () => {
    const { status, output } = cruise(root, ['server/src', 'client/src']);
    assert.equal(status, 0, output);
    assert.match(output, /no dependency violations found \((\d+) modules/);
    const modules = Number(/\((\d+) modules/.exec(output)![1]);
    assert.ok(modules >= 40, `expected the whole source tree to be cruised, saw ${modules} modules`);
  });

  it('catches a core file that imports the LSP library, a later stage, a feature or the protocol', () => {
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'));
    try {
      const write = (file: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
        fs.writeFileSync(path.join(tree, file), text);
      };
      write('tsconfig.json', '{ "compilerOptions": { "module": "node16", "moduleResolution": "node16", "strict": true } }');
      write('node_modules/vscode-languageserver/package.json', '{ "name": "vscode-languageserver", "main": "index.js" }');
      write('node_modules/vscode-languageserver/index.js', 'exports.x = 1;\n');
      write('server/src/protocol.ts', 'export const P = 1;\n');
      write('server/src/features/hover.ts', 'export const H = 1;\n');
      write('server/src/core/query/lookup.ts', 'export const L = 1;\n');
      write('server/src/core/notes/noteFiles.ts',
        "import { x } from 'vscode-languageserver';\nimport { P } from '../../protocol';\nimport { H } from '../../features/hover';\nimport { L } from '../query/lookup';\nexport const all = [x, P, H, L];\n");
      const { status, output } = cruise(tree, ['server/src']);
      assert.notEqual(status, 0, output);
      for (const rule of ['core-is-editor-free', 'core-notes-imports-only-earlier-stages', 'features-over-core']) assert.match(output, new RegExp(rule), output);
    } finally {
      fs.rmSync(tree, { recursive: true, force: true });
    }
  });
});
