// The PD client batches TSO requests to amortise gRPC calls: the notes' `batching`, not the
// NATS pull `batch` nor the ML `batch size`. "TSO Follower Proxy" is the name of a feature.
const batching = { gold: 'batching' };
const featureName = { '73:60': 'part-of-name', '73:64': 'part-of-name', '84:2': 'part-of-name', '84:6': 'part-of-name' };
export default {
  terms: {
    batch: batching, 'batch size': { gold: 'batching', text: 'batch' }, body: 'gold', bottleneck: 'gold', channel: 'gold',
    client: 'gold', cluster: 'gold', complexity: 'gold', Connection: 'other-sense', design: 'everyday-word',
    feature: 'everyday-word', fetch: 'other-sense', follower: 'gold', Forwarded: 'everyday-word', Go: 'gold', gRPC: 'gold',
    implementation: 'everyday-word', just: 'everyday-word', kind: 'everyday-word', latency: 'gold', leader: 'gold',
    let: 'everyday-word', make: 'everyday-word', new: 'everyday-word', Once: 'function-word', PD: 'gold',
    performance: 'gold', pprof: 'gold', PR: 'gold', process: 'everyday-word', QPS: 'gold',
    request: (h) => h.line === 9 ? 'everyday-word' : 'gold', response: 'gold', Result: 'other-sense', RFC: 'gold',
    runtime: 'gold', scalability: 'gold', scheduling: 'other-sense', 'secondary index': 'everyday-word',
    Send: 'everyday-word', server: 'gold', Service: 'gold', session: 'other-sense', strategy: 'everyday-word',
    stream: 'gold', 'tail latency': 'gold', TiDB: 'gold', time: 'everyday-word', TSO: 'gold',
  },
  at: { ...featureName },
  extraGold: [
    { line: 10, text: 'concurrently', term: 'concurrency' },
    { line: 78, text: 'batched', term: 'batching' },
  ],
};
