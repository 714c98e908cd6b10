// Versioning the API (and the assets' API level) is the vault's API versioning; a server's or
// a client's software version is another sense.
const apiVersioning = new Set(['0:2', '33:41', '34:13', '38:56', '43:33', '43:86', '46:13', '47:18', '67:45']);
export default {
  terms: {
    ADR: 'gold', Logging: 'gold',
    'API versioning': (h) => (apiVersioning.has(`${h.line}:${h.character}`) ? 'gold' : 'other-sense'),
    Release: (h) => (h.line === 108 ? 'gold' : 'other-sense'), // "release cycle"; else a version
    'Service discovery': 'other-sense', // users discovering offline assets
  },
  at: {},
  extraGold: [
    { line: 64, text: 'SemVer', term: 'Semantic versioning' },
    { line: 154, text: 'test', term: 'Testing' },
    { line: 155, text: 'test', term: 'Testing' },
    { line: 162, text: 'testing', term: 'Testing' },
  ],
};
