export default {
  terms: {
    'API versioning': 'other-sense', // module versions
    CI: 'gold', Go: 'gold', HTTP: 'gold',
  },
  at: {},
  extraGold: [
    { line: 54, text: 'git', term: 'Git' },
  ],
};
