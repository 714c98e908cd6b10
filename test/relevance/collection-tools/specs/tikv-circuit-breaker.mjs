const goErr = new Set(['89:115', '92:5', '94:44', '94:131']);
export default {
  terms: {
    account: 'everyday-word', API: 'gold', apply: 'everyday-word', callback: 'gold', change: 'everyday-word',
    'circuit breaker': 'gold', cluster: 'gold', cooldown: 'other-sense', 'default value': 'other-sense',
    design: 'everyday-word', error: (h) => goErr.has(`${h.line}:${h.character}`) ? 'gold' : 'other-sense',
    failure: 'other-sense', feature: 'everyday-word', functions: 'gold', global: 'other-sense', Go: 'everyday-word',
    'half-open': 'gold', implementation: 'everyday-word', key: 'everyday-word', leader: 'gold', limits: 'everyday-word',
    new: 'everyday-word', node: 'gold', Once: 'function-word', 'open state': 'gold', overload: 'gold', package: 'gold',
    pattern: (h) => h.line === 105 ? 'other-sense' : 'gold', PD: 'gold', PR: 'gold', probes: 'other-sense',
    process: 'everyday-word', range: 'other-sense', 'rate limiting': 'gold', recover: 'other-sense', request: 'gold',
    Result: 'other-sense', retry: 'gold', 'retry storm': 'gold', RFC: 'gold', scope: 'other-sense', Send: 'everyday-word',
    server: 'gold', set: 'everyday-word', state: 'other-sense', 'state machine': 'other-sense', strategy: 'everyday-word',
    struct: 'gold', test: 'everyday-word', TiDB: 'gold', TiKV: 'gold', time: 'everyday-word', trigger: 'other-sense',
    types: (h) => h.line === 20 ? 'everyday-word' : 'gold', unit: 'other-sense',
  },
  at: { '36:53': 'inside-markup', '27:18': 'inside-markup', '27:22': 'inside-markup' },
  extraGold: [
    { line: 7, text: 'overloading', term: 'overload' },
    { line: 12, text: 'metastable state', term: 'metastable failure' },
    { line: 13, text: 'cascading effects', term: 'cascading failure' },
    { line: 41, text: 'qps', term: 'QPS' },
    { line: 46, text: 'open', term: 'open state', occurrence: 0 },
    { line: 46, text: 'jittered', term: 'jitter' },
    { line: 51, text: 'closed', term: 'closed state' },
  ],
};
