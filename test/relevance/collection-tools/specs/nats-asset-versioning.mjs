// The unmarshal error logged at 158 is the Go error the decoder returns; the others are the
// API's error replies or a verb.
const goErr = new Set(['158:35']);
const g = (line, text, term, occurrence) => ({ line, text, term, ...(occurrence === undefined ? {} : { occurrence }) });
export default {
  terms: {
    ADR: 'gold', advisory: 'other-sense', Allow: 'everyday-word', API: 'gold', 'API version': 'gold',
    'API versioning': 'gold', assert: 'everyday-word', 'asset versioning': 'other-sense', branch: 'gold',
    class: 'everyday-word', client: 'gold', cluster: 'gold', compatibility: 'gold', Connect: 'everyday-word',
    consumer: 'gold', context: 'other-sense', cycle: 'other-sense', data: 'everyday-word', design: 'everyday-word',
    Drop: 'everyday-word', endpoint: 'gold', error: (h) => goErr.has(`${h.line}:${h.character}`) ? 'gold' : 'other-sense',
    failure: 'other-sense', feature: 'everyday-word', field: 'gold', future: 'everyday-word', Go: 'gold',
    header: 'gold', Host: 'everyday-word', JetStream: 'gold', JSON: 'gold', key: 'gold', layer: 'everyday-word',
    leader: 'gold', list: 'everyday-word', log: 'gold', 'maintenance window': 'gold', map: 'gold',
    match: 'everyday-word', nack: 'other-sense', new: 'everyday-word', Once: 'function-word', package: 'gold',
    project: 'everyday-word', property: 'everyday-word', release: 'gold', request: 'gold', requirement: 'other-sense',
    response: 'gold', Result: 'everyday-word', revision: 'other-sense', SemVer: 'gold', server: 'gold',
    set: 'everyday-word', signal: 'everyday-word', statement: 'other-sense', status: 'other-sense',
    store: 'everyday-word', stream: 'gold', string: 'other-sense', subject: 'gold', tag: 'other-sense',
    Terraform: 'gold', test: 'gold', time: 'everyday-word', tools: 'everyday-word', value: 'everyday-word',
    version: 'gold',
  },
  // "the API" inside "versioning the API", a mention of API versioning.
  at: { '33:56': 'part-of-longer-term', '34:28': 'part-of-longer-term' },
  extraGold: [
    g(20, 'Leafnode', 'leaf node'),
    g(28, 'leafnode', 'leaf node'),
    g(28, 'upgrading', 'Upgrade'),
    g(31, 'Leafnodes', 'leaf node'),
    g(33, 'versioning the API', 'API versioning'),
    g(34, 'Versioning the API', 'API versioning'),
    g(34, 'upgrading', 'Upgrade'),
    g(39, 'compatability', 'compatibility'),
    g(46, 'upgraded', 'Upgrade'),
    g(99, 'logged', 'log'),
    g(142, 'incompatible', 'compatibility'),
    g(146, 'unmarshalling', 'deserialization'),
    g(149, 'incompatible', 'compatibility', 0),
    g(149, 'incompatible', 'compatibility', 1),
    g(154, 'Unmarshall', 'deserialization'),
    g(157, 'unmarshalling', 'deserialization'),
    g(158, 'unmarshal', 'deserialization'),
    g(158, 'compatible', 'compatibility'),
    g(159, 'logged', 'log'),
    g(161, 'unmarshalling', 'deserialization'),
    g(166, 'incompatible', 'compatibility'),
    g(169, 'Incompatible', 'compatibility'),
  ],
};
