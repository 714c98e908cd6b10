// etcd's discovery service is a registry where new members find each other's addresses:
// service discovery in the vault note's sense.
export default {
  terms: { 'Service discovery': 'gold' },
  at: {},
  extraGold: [
    { line: 6, text: 'discover', term: 'Service discovery', occurrence: 0 },
  ],
};
