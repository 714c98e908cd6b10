// One build script for every bundle: the VS Code client, the language server and the CLI.
// `--watch` rebuilds on change; `--production` minifies and drops source maps; `--quiet`
// prints only warnings and errors.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const quiet = process.argv.includes('--quiet');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: quiet ? 'warning' : 'info',
};

const bundles = [
  // The client runs in VS Code's extension host, which provides `vscode` itself.
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  // The server, and the worker threads of a full index it starts from the same file (server/src/main.ts).
  { ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

if (watch) {
  for (const options of bundles) {
    const context = await esbuild.context(options);
    await context.watch();
  }
  console.log('[watch] build started');
} else {
  await Promise.all(bundles.map((options) => esbuild.build(options)));
}
