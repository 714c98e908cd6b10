export default {
  terms: {
    action: 'everyday-word', API: 'gold', bootstrap: 'gold', build: 'everyday-word', cluster: 'gold', curl: 'gold',
    data: 'everyday-word', 'discovery service': 'gold', 'discovery token': 'gold', document: 'everyday-word',
    documentation: 'gold', epoch: 'other-sense', etcd: 'gold', 'etcd discovery': 'gold', 'etcd member': 'gold',
    failure: 'other-sense', feature: 'everyday-word', fetch: 'other-sense', functions: 'everyday-word', Host: 'everyday-word',
    implementation: 'everyday-word', 'initial cluster': 'gold', internals: 'everyday-word', key: 'gold', keyspace: 'gold',
    layer: 'everyday-word', list: 'everyday-word', member: 'gold', monitoring: 'gold', new: 'everyday-word',
    'open source': 'gold', peer: 'gold', Protocol: 'other-sense', repository: 'gold', request: 'gold',
    runtime: 'everyday-word', server: 'gold', Service: 'gold', status: 'other-sense', store: 'other-sense',
    token: { gold: 'discovery token' }, value: 'gold', workflow: 'other-sense',
    process: (h, line) => /etcd process/.test(line.slice(h.character - 5, h.character + 12)) ? 'gold' : 'everyday-word',
  },
  at: {
  },
  extraGold: [],
};
