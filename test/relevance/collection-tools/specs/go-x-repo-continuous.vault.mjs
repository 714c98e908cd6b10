// The vault's Release note is the practice of releasing (process, cycle, policy, automation);
// "a major Go release" is a version, another sense.
export default {
  terms: {
    'API versioning': (h) => (h.line === 156 ? 'everyday-word' : 'other-sense'), // Go versions
    Go: 'gold',
    Release: (h) => (h.line === 165 ? 'gold' : 'other-sense'),
  },
  at: {},
  extraGold: [
    { line: 52, text: 'review', term: 'Review' },
    { line: 54, text: 'toilsome', term: 'Toil' },
    { line: 65, text: 'release', term: 'Release' },
    { line: 75, text: 'go', term: 'Go', occurrence: 0 },
    { line: 82, text: 'go', term: 'Go', occurrence: 0 },
    { line: 104, text: 'release', term: 'Release', occurrence: 0 },
    { line: 105, text: 'release', term: 'Release', occurrence: 0 },
    { line: 123, text: 'release', term: 'Release', occurrence: 0 },
    { line: 172, text: 'Release', term: 'Release', occurrence: 0 },
    { line: 178, text: 'release', term: 'Release' },
  ],
};
