import { readFileSync } from 'node:fs';
const img = (h, line) => line.startsWith('![') ? 'inside-markup' : 'gold';
// "balancer" is the doc's own short name for the client's load balancer (its glossary says so).
const lines = readFileSync('test/relevance/docs/etcd-client.md', 'utf8').split('\n');
const balancer = [];
lines.forEach((l, line) => {
  if (line < 5 || l.startsWith('![')) return;
  const masked = l.replace(/`[^`]*`/g, (m) => ' '.repeat(m.length)).replace(/\]\([^)]*\)/g, (m) => ' '.repeat(m.length));
  for (const m of masked.matchAll(/\b(balancers?|balancing|balance loads)\b/gi)) {
    if (/load $/i.test(masked.slice(0, m.index))) continue;
    balancer.push({ line, character: m.index, text: m[0], term: 'load balancer' });
  }
});
export default {
  terms: {
    advanced: 'everyday-word', API: 'gold', 'at-most-once': 'gold', AWS: 'part-of-name', 'backwards compatibility': 'gold',
    binding: 'other-sense', branch: 'gold', 'breaking change': 'gold', caching: { gold: 'cache' }, candidate: 'other-sense',
    change: 'everyday-word', client: img, 'client URL': 'gold', clientv3: 'gold', cluster: 'gold', compatibility: 'gold',
    component: 'other-sense', Connect: 'everyday-word', Connection: 'other-sense', consistency: 'other-sense',
    data: 'everyday-word', deadlock: 'gold', debugging: 'gold', 'default value': 'other-sense', dependency: 'gold',
    design: 'everyday-word', document: 'everyday-word', endpoint: 'gold',
    error: (h) => h.line === 65 ? 'gold' : 'other-sense',
    etcd: (h, line) => line[h.character + 4] === '#' ? 'part-of-name' : 'gold',
    event: 'gold', failover: 'gold', failure: 'other-sense', 'false positive': 'gold', fault: 'gold', feature: 'everyday-word',
    global: 'other-sense', Go: 'gold', gRPC: 'gold', 'high availability': 'gold', 'HTTP/2': 'gold',
    implementation: 'everyday-word', injection: 'other-sense', interface: 'gold', internals: 'everyday-word',
    keepalive: 'gold', layer: 'everyday-word', leader: (h) => h.line === 123 ? 'everyday-word' : 'gold', list: 'everyday-word',
    liveness: 'gold', 'load balancer': 'gold', maintainer: 'gold', majority: 'everyday-word', make: 'everyday-word',
    map: 'everyday-word', membership: 'gold', message: (h) => h.line === 63 ? 'gold' : 'other-sense',
    'network partition': 'gold', never: 'everyday-word', new: 'everyday-word', node: 'gold', object: 'other-sense',
    partition: { gold: 'network partition' }, performance: 'gold', policy: 'other-sense', property: 'other-sense',
    Protobuf: 'gold', Protocol: 'other-sense', Raft: 'gold', release: 'gold', replica: 'gold', request: 'gold',
    requirement: 'gold', resolver: 'gold', Result: 'everyday-word', retry: 'gold', 'round robin': 'gold', RPC: 'gold',
    Send: 'everyday-word', server: 'gold', 'Server Components': 'other-sense', Service: 'gold', set: 'everyday-word',
    status: 'other-sense', store: 'other-sense', stream: 'part-of-longer-term', Sync: 'everyday-word', TCP: 'gold',
    term: 'everyday-word', time: { gold: 'timeout', text: 'time-out' }, timeout: 'gold', TLS: 'gold', trigger: 'other-sense',
    types: 'everyday-word', Upgrade: 'gold', upstream: 'gold', version: 'gold', Via: 'function-word', view: 'other-sense',
    watch: 'gold',
  },
  at: {},
  extraGold: [
    { line: 15, text: 'faulty', term: 'fault' },
    { line: 15, text: 'server', term: 'server', occurrence: 2 },
    { line: 15, text: 'architectural', term: 'architecture' },
    { line: 39, text: 'status error', term: 'gRPC status code' },
    { line: 49, text: 'retrying', term: 'retry' },
    { line: 63, text: 'encode', term: 'serialization' },
    { line: 63, text: 'stream RPCs', term: 'streaming RPC' },
    { line: 65, text: 'retried', term: 'retry' },
    { line: 79, text: 'partitioned', term: 'network partition' },
    { line: 91, text: 'error code', term: 'gRPC status code' },
    { line: 97, text: 'Stream RPCs', term: 'streaming RPC' },
    { line: 105, text: 'streaming requests', term: 'streaming RPC' },
    { line: 105, text: 'partitioned', term: 'network partition', occurrence: 0 },
    { line: 105, text: 'partitioned', term: 'network partition', occurrence: 1 },
    { line: 121, text: 'tightly coupled', term: 'coupling' },
    { line: 123, text: 'roundrobin', term: 'round robin' },
    { line: 123, text: 'Upgrading', term: 'Upgrade' },
    { line: 125, text: 'pool of TCP connections', term: 'connection pool' },
    { line: 125, text: 'backoff', term: 'exponential backoff' },
    { line: 135, text: 'Streaming request', term: 'streaming RPC' },
    { line: 135, text: 'partitioned', term: 'network partition' },
    { line: 135, text: 'health checking', term: 'health check' },
    ...balancer,
  ],
};
