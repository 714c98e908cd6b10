export default {
  terms: {
    'API versioning': 'other-sense', // module and dependency versions
    Microservices: 'gold',
  },
  at: {},
  extraGold: [],
};
