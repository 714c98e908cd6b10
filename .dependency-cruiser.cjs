// The dependency rule of the code, checked by `npm test` (test/core/layers.test.ts):
// the core is a pipeline of stages (text and the note model → notes → formats → index →
// relevance → query → workspace), each importing only earlier stages; it imports neither VS Code, the
// language server libraries nor the custom protocol; features import the core, never the
// reverse; the client reaches the server only through the protocol module.
const CORE = '^server/src/core/';
const stage = (name) => `${CORE}${name}/`;
const LATER = {
  text: ['notes', 'formats', 'index', 'relevance', 'query', 'workspace'],
  notes: ['formats', 'index', 'relevance', 'query', 'workspace'],
  formats: ['index', 'relevance', 'query', 'workspace'],
  index: ['relevance', 'query', 'workspace'],
  relevance: ['query', 'workspace'],
  query: ['workspace'],
};

module.exports = {
  forbidden: [
    {
      name: 'core-is-editor-free',
      comment: 'The core runs without an editor: no VS Code, no LSP libraries, no protocol, nothing of the server around it.',
      severity: 'error',
      from: { path: CORE },
      to: { path: ['^node_modules/(vscode|vscode-languageserver[^/]*|vscode-languageclient|vscode-jsonrpc)/', '^server/src/(?!core/)', '^client/'] },
    },
    {
      name: 'core-model-is-a-leaf',
      comment: 'The note model is what every stage shares: it imports no stage.',
      severity: 'error',
      from: { path: `${CORE}model\\.ts$` },
      to: { path: `${CORE}(text|notes|formats|index|relevance|query|workspace)/` },
    },
    ...Object.entries(LATER).map(([from, later]) => ({
      name: `core-${from}-imports-only-earlier-stages`,
      comment: `A stage imports only the stages before it: ${from} may not import ${later.join(', ')}.`,
      severity: 'error',
      from: { path: stage(from) },
      to: { path: later.map(stage) },
    })),
    {
      name: 'features-over-core',
      comment: 'Features import the core; the core never imports a feature.',
      severity: 'error',
      from: { path: CORE },
      to: { path: '^server/src/features/' },
    },
    {
      name: 'client-through-protocol',
      comment: 'The client shares only the protocol module (and pure helpers of the core) with the server.',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^server/src/(?!protocol\\.ts$|core/)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^(server|client)/src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(out|dist|node_modules)/' },
  },
};
