export default {
  terms: {
    'Circuit breaker': 'gold', gRPC: 'gold', HTTP: 'gold', QPS: 'gold', 'Retry with backoff': 'gold',
    'Rate limiting': (h) => (h.line === 109 ? 'gold' : 'everyday-word'), // "limiting number of retries"
    Testing: 'everyday-word', // "requests to test after cooldown": trial requests
  },
  at: {},
  extraGold: [],
};
