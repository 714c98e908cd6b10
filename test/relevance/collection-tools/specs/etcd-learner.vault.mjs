export default {
  terms: {
    'Cache invalidation': 'everyday-word', // "invalid URLs"
    Consensus: 'gold', 'Leader election': 'gold', 'Log replication': 'gold', Quorum: 'gold',
    Raft: 'gold', Replication: 'gold',
    Sharding: 'other-sense', // network partitions
    Timeout: 'other-sense', // Raft's election timeout, not a deadline on a call
    Linearizability: (h) => (h.text.toLowerCase() === 'consistency' ? 'other-sense' : 'gold'),
  },
  at: {
    '101:312': 'gold', // "strong consistency mode"
  },
  extraGold: [
    { line: 18, text: 'heartbeats', term: 'Heartbeat' },
    { line: 35, text: 'leadership election', term: 'Leader election' },
    { line: 40, text: 'leadership election', term: 'Leader election' },
    { line: 45, text: 'leadership election', term: 'Leader election' },
    { line: 64, text: 'Kubernetes', term: 'Kubernetes' },
    { line: 64, text: 'outage', term: 'Incident' },
    { line: 66, text: 'Raft', term: 'Raft' },
  ],
};
