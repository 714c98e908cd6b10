// The vault config's judgement of etcd-client.md (see README: rules for the vault config).
export default {
  terms: {
    'API versioning': 'other-sense', // client and gRPC release versions, not how an API evolves
    'Cache invalidation': 'everyday-word', // "request was invalid"
    Debugging: 'gold', gRPC: 'gold', 'Health check': 'gold', HTTP: 'gold', Protobuf: 'gold',
    Replication: 'gold', 'Retry with backoff': 'gold', RPC: 'gold', Timeout: 'gold', TLS: 'gold',
    Sharding: 'other-sense', // a "partitioned node" is a network partition
  },
  at: {},
  extraGold: [
    { line: 15, text: 'testing', term: 'Testing' },
    { line: 15, text: 'Raft', term: 'Raft' },
    { line: 21, text: 'Go', term: 'Go' },
    { line: 65, text: 'Go client', term: 'Go' },
  ],
};
