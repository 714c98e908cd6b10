// PD's scheduler, operators, stores, regions, peers and Raft snapshots, in TiKV's sense. The
// sending window is a flow-control window (the TCP note's `window`), also where the doc calls
// it a sliding window. "[Follower Replica]" is the title of another RFC.
const verbScheduler = new Set(['20:279', '131:128']);
const rfcTitle = { '146:5': 'part-of-name', '146:14': 'part-of-name' };
export default {
  terms: {
    algorithm: 'gold', Allow: 'everyday-word', API: 'gold', backlog: 'other-sense', bottleneck: 'gold',
    candidate: 'other-sense', change: 'everyday-word', cluster: 'gold', compaction: 'gold', compatibility: 'gold',
    concurrent: { gold: 'concurrency' }, consumer: 'gold', controller: 'other-sense', design: 'everyday-word',
    epoch: 'other-sense', FIFO: 'other-sense', follower: 'gold', functions: 'everyday-word', generator: 'other-sense',
    'hard link': 'gold', 'hot region': 'gold', key: 'everyday-word', leader: 'gold', limits: 'everyday-word',
    log: 'other-sense', make: 'everyday-word', migration: 'other-sense', model: 'other-sense', new: 'everyday-word',
    node: 'gold', operator: 'gold', PD: 'gold', peer: 'gold', performance: 'gold', policy: 'other-sense', PR: 'gold',
    process: 'everyday-word', producer: 'gold', prototype: 'other-sense', Raft: 'gold', region: 'gold',
    'region leader': 'gold', replica: 'gold', RFC: 'gold', RocksDB: 'gold', 'scale in': 'gold', 'scale out': 'gold',
    scheduler: (h) => verbScheduler.has(`${h.line}:${h.character}`) ? 'everyday-word' : 'gold',
    scheduling: 'other-sense', Send: 'everyday-word', 'sliding window': { gold: 'window' }, snapshot: 'gold',
    store: (h) => h.line === 130 ? { gold: 'store limit', text: 'store limiter' } : 'gold', 'store limit': 'gold',
    task: 'other-sense', term: 'everyday-word', time: 'everyday-word', token: 'other-sense', types: 'everyday-word',
    value: 'other-sense', window: 'gold',
  },
  at: { ...rfcTitle },
  extraGold: [
    { line: 20, text: 'TIKV', term: 'TiKV' },
    { line: 35, text: 'TIKV', term: 'TiKV' },
    { line: 105, text: 'TIKV', term: 'TiKV' },
  ],
};
