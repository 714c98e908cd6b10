// `go` written as the go.mod directive, the `go` line or the go command is code written as
// text; `golang` is the start of the path golang.org/x. Both are markup; "Go" is the language.
const goHit = (h) => h.text === 'Go' ? 'gold' : 'inside-markup';
// "golang.org/x" naming the x repos as a whole (not a path to one of them).
const xRepo = [0, 12, 21, 23, 25, 26, 37, 54, 63, 108, 112, 119, 179]
  .map((line) => ({ line, text: 'golang.org/x', term: 'x repo' }));
export default {
  terms: {
    account: 'everyday-word', Allow: 'everyday-word', apply: 'everyday-word', build: 'other-sense',
    'catch-up': 'everyday-word', change: 'everyday-word', command: 'other-sense', compatibility: 'gold',
    constraint: 'everyday-word', dependency: 'gold', feature: 'everyday-word', future: 'everyday-word',
    Go: goHit, 'go.mod': 'gold', image: 'inside-markup', implementation: 'everyday-word', just: 'everyday-word',
    list: 'other-sense', make: 'everyday-word', module: 'gold', 'N+1': 'letter-or-number', new: 'everyday-word',
    Once: 'function-word', package: 'gold', policy: 'other-sense', 'pre-release': 'gold', process: 'everyday-word',
    promise: 'other-sense', release: 'gold', repository: 'gold', scope: 'gold', security: 'other-sense',
    sequence: 'everyday-word', Service: 'gold', set: 'everyday-word', state: 'everyday-word', Sync: 'everyday-word',
    tag: 'gold', tagging: 'other-sense', time: 'everyday-word', Upgrade: 'gold', value: 'everyday-word',
    version: (h) => h.line === 156 ? 'everyday-word' : 'gold', workflow: 'other-sense', workspace: 'gold',
    'x repo': 'gold',
  },
  at: { '0:19': 'inside-markup' },
  extraGold: [
    ...xRepo,
    { line: 34, text: 'golang.org/x', term: 'x repo', occurrence: 0 },
    { line: 31, text: 'golang.org/x', term: 'x repo', occurrence: 0 },
    { line: 31, text: 'golang.org/x', term: 'x repo', occurrence: 1 },
    { line: 44, text: 'CL', term: 'changelist' },
    { line: 53, text: 'CLs', term: 'changelist' },
    { line: 54, text: 'toilsome', term: 'toil' },
    { line: 60, text: 'upgraded', term: 'Upgrade' },
    { line: 66, text: 'CLs', term: 'changelist' },
    { line: 84, text: 'CLs', term: 'changelist' },
    { line: 91, text: 'upgraded', term: 'Upgrade' },
    { line: 94, text: 'CLs', term: 'changelist' },
    { line: 110, text: 'upgraded', term: 'Upgrade' },
    { line: 162, text: 'tagging', term: 'tag' },
    { line: 179, text: 'tagging', term: 'tag' },
  ],
};
