export default {
  terms: { ADR: 'gold', Go: 'gold', Timeout: 'gold' },
  at: {},
  extraGold: [],
};
