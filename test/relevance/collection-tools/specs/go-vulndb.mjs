const goName = { '29:48': 'part-of-name', '123:9': 'part-of-name', '125:28': 'part-of-name', '128:6': 'part-of-name', '4:1': 'inside-markup' };
export default {
  terms: {
    Accept: 'everyday-word', Allow: 'everyday-word', build: 'everyday-word', candidate: 'other-sense', change: 'everyday-word',
    CI: 'gold', collection: 'everyday-word', command: 'other-sense', consumer: 'other-sense', CVE: 'gold', dataset: 'other-sense',
    dependency: 'gold', design: 'everyday-word', disclosure: 'gold', downstream: 'gold', 'false positive': 'gold', functions: 'gold',
    future: 'everyday-word', Go: 'gold', 'Go proposal': 'gold', HTTP: 'gold', index: 'other-sense', internals: 'everyday-word',
    JSON: 'gold', just: 'everyday-word', leader: 'other-sense', list: (h) => h.line === 63 ? 'other-sense' : 'everyday-word',
    maintainer: 'gold', make: 'everyday-word', method: 'gold', mirror: 'other-sense', module: 'gold', new: 'everyday-word',
    package: 'gold', page: 'other-sense', precision: 'gold', process: 'everyday-word', program: 'other-sense', Protocol: 'other-sense',
    query: 'everyday-word', range: 'part-of-longer-term', repository: 'gold', runtime: 'everyday-word', sample: 'everyday-word',
    security: 'other-sense', set: 'everyday-word', severity: 'other-sense', stream: 'other-sense', Symbol: 'other-sense',
    time: 'everyday-word', tooling: 'other-sense', tools: 'everyday-word', trace: 'other-sense', 'transitive dependency': 'gold',
    triage: 'gold', types: 'gold', version: 'gold', Via: 'function-word', vulnerability: 'gold', 'vulnerability database': 'gold',
    web: 'everyday-word', workspace: 'gold',
  },
  at: { ...goName, '29:51': 'part-of-name', '4:12': 'inside-markup', '115:0': 'inside-markup', '115:13': 'inside-markup', '115:19': 'inside-markup', '115:22': 'inside-markup' },
  extraGold: [
    { line: 36, text: 'version ranges', term: 'affected version range' },
    { line: 83, text: 'cacheable', term: 'cache' },
    { line: 105, text: 'vulnerable', term: 'vulnerability' },
  ],
};
