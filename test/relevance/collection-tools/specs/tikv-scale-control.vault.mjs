export default {
  terms: { Compaction: 'gold', Raft: 'gold', Replication: 'gold' },
  at: {},
  extraGold: [
    { line: 105, text: 'testing', term: 'Testing' },
  ],
};
