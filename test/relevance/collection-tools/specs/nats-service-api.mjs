// NATS micro: services, endpoints, subjects, queue groups, requests and responses in NATS's
// sense. Errors sent back to clients in headers are not Go `error` values; the `error` a
// `stop(error?)` call receives is. "Metadata for Stream and Consumer ADR-33" is a title.
const adrTitle = { '42:16': 'part-of-name', '42:27': 'part-of-name' };
export default {
  terms: {
    account: 'gold', ADR: 'gold', Allow: 'everyday-word', API: 'gold', build: 'everyday-word', callback: 'gold',
    client: 'gold', complexity: 'gold', Connection: 'other-sense', consistency: 'everyday-word',
    context: 'everyday-word', data: 'everyday-word', design: 'everyday-word', documentation: 'gold', drain: 'gold',
    endpoint: 'gold', error: (h) => h.line === 55 ? 'gold' : 'other-sense', field: 'gold', functions: 'gold',
    header: 'gold', immutable: 'gold', impl: 'everyday-word', implementation: 'everyday-word',
    internals: 'everyday-word', JSON: 'gold', kind: 'everyday-word', map: 'everyday-word', match: 'everyday-word',
    method: (h) => h.line === 82 || h.line === 88 ? 'other-sense' : 'gold', metric: 'gold', monitoring: 'gold',
    NATS: 'gold', 'NATS micro': 'gold', new: 'everyday-word', object: 'other-sense', observability: 'gold',
    Once: 'function-word', pass: 'everyday-word', process: 'everyday-word', promise: 'gold',
    queue: { gold: 'queue group' }, 'queue group': 'gold', regex: 'gold', release: 'gold', request: 'gold',
    reset: 'everyday-word', response: 'gold', 'response time': 'gold', revision: 'other-sense', RTT: 'gold',
    SemVer: 'gold', Send: 'everyday-word', Service: 'gold', 'service API': 'gold', 'service instance': 'gold',
    set: 'everyday-word', signal: 'everyday-word', spec: 'other-sense', statement: 'everyday-word',
    status: 'other-sense', string: 'other-sense', struct: 'gold', subject: 'gold', tag: 'other-sense',
    term: 'everyday-word', tooling: 'other-sense', tools: 'everyday-word', types: 'everyday-word',
    unknown: 'everyday-word', value: 'other-sense', version: 'gold',
    'vertical scaling': { gold: 'horizontal scaling', text: 'scale up or down' }, wildcard: 'gold',
  },
  at: { ...adrTitle, '22:39': 'part-of-longer-term' },
  extraGold: [
    { line: 22, text: 'micro-services', term: 'microservices' },
    { line: 45, text: 'serialized', term: 'serialization' },
    { line: 69, text: 'instances', term: 'service instance' },
    { line: 69, text: 'instance', term: 'service instance', occurrence: 1 },
    { line: 198, text: 'discover services', term: 'service discovery' },
  ],
};
