export default {
  terms: {
    gRPC: 'gold', QPS: 'gold',
    'Tail latency': (h) => (h.line === 13 ? 'gold' : 'other-sense'), // average or plain latency elsewhere
  },
  at: {},
  extraGold: [
    { line: 11, text: 'Go', term: 'Go' },
    { line: 71, text: 'Go', term: 'Go' },
  ],
};
