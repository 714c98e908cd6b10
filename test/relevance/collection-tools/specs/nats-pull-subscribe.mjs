// The large notes define `pull` and `pull request` for git only; NATS pull delivery is named
// by `pull consumer`, `pull-based delivery`, `batch` and `fetch`.
const g = (line, text, term, occurrence) => ({ line, text, term, ...(occurrence === undefined ? {} : { occurrence }) });
// Hits inside a longer mention of another term (pull based consumer, times out, long pull
// request, server error).
const longer = ['11:55', '17:2', '17:13', '118:24', '212:25', '177:31', '134:26', '134:33'];
export default {
  terms: {
    404: 'gold', account: (h) => h.line === 37 ? 'gold' : 'everyday-word', ADR: 'gold', API: 'gold', batch: 'gold',
    'batch size': 'other-sense', body: 'gold', client: 'gold', consumer: 'gold', context: 'other-sense',
    counter: 'other-sense', design: 'everyday-word', durable: 'gold', edge: 'gold',
    error: (h) => h.line === 248 ? 'gold' : 'other-sense', field: 'gold', Go: 'gold', implementation: 'everyday-word',
    inbox: 'gold', internals: 'everyday-word', JetStream: 'gold', limits: 'everyday-word', make: 'everyday-word',
    message: 'gold', new: 'everyday-word', Once: 'function-word', PR: 'other-sense', Protocol: 'other-sense',
    pull: 'other-sense', 'pull consumer': 'gold', request: (h) => [19, 111].includes(h.line) ? 'everyday-word' : 'gold',
    reset: 'other-sense', response: 'gold', Result: 'everyday-word', Send: 'everyday-word', server: 'gold',
    Service: 'gold', set: 'everyday-word', state: 'everyday-word', status: 'other-sense', stream: 'gold',
    subject: 'gold', subscriber: 'gold', tag: 'other-sense', term: 'everyday-word', time: 'everyday-word',
    timeout: 'gold', types: 'everyday-word', value: 'everyday-word', wildcard: 'gold',
  },
  at: Object.fromEntries(longer.map((k) => [k, 'part-of-longer-term'])),
  extraGold: [
    g(11, 'pull based', 'pull-based delivery'),
    g(17, 'pull based consumer', 'pull consumer'),
    g(36, 'batch', 'batch'),
    g(50, 'batch', 'batch'),
    g(68, 'batch', 'batch'),
    g(118, 'times out', 'timeout'),
    g(134, 'server error', '5xx'),
    g(177, 'long pull request', 'long polling'),
    g(212, 'times out', 'timeout'),
    g(278, 'leafnode', 'leaf node'),
  ],
};
