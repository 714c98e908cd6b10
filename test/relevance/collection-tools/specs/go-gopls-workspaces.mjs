// `[go/packages]` is a reference link whose text is a path: markup, like the path itself.
const goPackages = { '122:1': 'inside-markup', '122:4': 'inside-markup', '133:5': 'inside-markup', '133:8': 'inside-markup', '148:21': 'inside-markup', '148:24': 'inside-markup' };
export default {
  terms: {
    alert: 'everyday-word', Allow: 'everyday-word', API: 'gold', command: 'other-sense', compatibility: 'gold',
    complexity: 'everyday-word', context: 'everyday-word', dependency: 'gold', design: 'everyday-word',
    document: 'everyday-word', error: 'everyday-word', 'fan-out': 'other-sense', feature: 'everyday-word',
    find: 'everyday-word', functions: 'gold', Go: 'everyday-word', gopls: 'gold', implementation: 'everyday-word',
    infrastructure: 'other-sense', match: 'everyday-word', method: 'gold', microservices: 'gold', model: 'other-sense',
    module: 'gold', monorepo: 'gold', new: 'everyday-word', Once: 'function-word', package: 'gold', pattern: 'other-sense',
    process: 'everyday-word', project: 'other-sense', propagation: 'other-sense', query: 'other-sense', rename: 'gold',
    'replace directive': 'gold', requirement: 'other-sense', scope: 'other-sense', session: 'other-sense',
    set: 'everyday-word', struct: 'gold', time: 'everyday-word', 'type checker': 'gold',
    types: (h) => h.line === 52 ? { gold: 'type checker', text: 'type-checking' } : 'gold',
    value: 'everyday-word', version: 'gold', view: 'other-sense', workspace: 'gold', 'workspace folder': 'gold',
  },
  at: { ...goPackages },
  extraGold: [
    { line: 0, text: 'Proposal', term: 'Go proposal' },
    { line: 18, text: 'depend', term: 'dependency' },
    { line: 49, text: 'deps', term: 'dependency' },
    { line: 68, text: 'filesystem', term: 'file system' },
    { line: 189, text: 'opt-in flag', term: 'feature toggle' },
  ],
};
