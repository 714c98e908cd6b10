// A NATS queue group hands each message to one member: the work queue of the Message queue note.
export default {
  terms: {
    ADR: 'gold', 'API versioning': 'other-sense', 'Message queue': 'gold', Microservices: 'gold',
    Observability: 'gold', 'Semantic versioning': 'gold', 'Service discovery': 'gold',
  },
  at: {},
  extraGold: [
    { line: 36, text: 'SemVer', term: 'Semantic versioning', occurrence: 0 },
    { line: 36, text: 'SemVer', term: 'Semantic versioning', occurrence: 1 },
    { line: 198, text: 'discover services', term: 'Service discovery' },
  ],
};
