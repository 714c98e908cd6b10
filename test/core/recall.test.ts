import * as assert from 'node:assert/strict';
import { NotesIndex } from '../../server/src/core/index/notesIndex';
import { parseNote } from '../../server/src/core/formats/dialect/parser';
import { termAt, termsInDocument } from '../../server/src/core/query/lookup';

// Mentions that a design doc writes differently from the notes (issue 13): each must be found
// by the scan of a document and by the lookup under the cursor alike.

function indexOf(notes: string): NotesIndex {
  const index = new NotesIndex();
  index.upsert(parseNote('file:///notes/terms.md', notes));
  return index;
}

/** Each occurrence the scan finds, as `written → term`. */
function scanned(index: NotesIndex, text: string): string[] {
  return termsInDocument(index, text, true)
    .flatMap(({ entry, occurrences }) => occurrences.map((o) => ({ at: o.start, label: `${o.text} → ${entry.term}` })))
    .sort((a, b) => a.at - b.at)
    .map((o) => o.label);
}

/** The term under the cursor in the middle of `written`, found in `text`. */
function hovered(index: NotesIndex, text: string, written: string): string | undefined {
  const at = text.indexOf(written);
  assert.ok(at >= 0, written);
  const found = termAt(index, text, at + Math.floor(written.length / 2));
  return found && `${found.text} → ${found.entry.term}`;
}

function assertFound(index: NotesIndex, text: string, expected: string[]): void {
  assert.deepEqual(scanned(index, text), expected);
  for (const label of expected) assert.equal(hovered(index, text, label.split(' → ')[0]), label);
}

describe('recall: mentions written differently from the notes', () => {
  describe('inflections and derived forms', () => {
    const index = indexOf(['## storage', '* _replication_: copies on several nodes', '* _sharding_: data split by key', '* _scalability_: grows with load', '* _concurrency_: many at once', '* _coupling_: how much one part knows of another', '* _architecture_: the shape of a system', '* _container_: a packaged process', '* _maintainability_: ease of change'].join('\n'));

    it('finds the inflected and derived forms of a term', () => {
      const text = 'The log is replicated and sharded; the design is scalable and concurrent, the parts tightly coupled, an architectural choice.';
      assertFound(index, text, ['replicated → replication', 'sharded → sharding', 'scalable → scalability', 'concurrent → concurrency', 'coupled → coupling', 'architectural → architecture']);
    });

    it('does not fold a verb into an agent noun or a capacity', () => {
      assert.deepEqual(scanned(index, 'The map contains what the team maintains.'), []);
    });
  });

  describe('joined, hyphenated and split spellings', () => {
    const index = indexOf(['## services', '* _multi-tenant_: one deployment, many customers', '* _microservices_: small services', '* _handoff_: passing work to another owner'].join('\n'));

    it('finds a hyphenated name joined or apart, and a joined one split at a prefix', () => {
      const text = 'A multitenant store, multi tenant queues; micro-services and micro services; every hand-off.';
      assertFound(index, text, ['multitenant → multi-tenant', 'multi tenant → multi-tenant', 'micro-services → microservices', 'micro services → microservices', 'hand-off → handoff']);
    });

    it('does not show the other spellings as names of the term', () => {
      assert.deepEqual(index.lookupExact('multitenant').map((entry) => entry.names), [['multi-tenant']]);
    });

    it('finds a name of two words of four letters or more written joined, as a compound', () => {
      const compounds = indexOf(['## storage', '* _leaf node_: a server at the edge', '* _file system_: files on a disk', '* _key store_: where keys are kept'].join('\n'));
      assertFound(compounds, 'Each Leafnode has a filesystem.', ['Leafnode → leaf node', 'filesystem → file system']);
      // Shorter words joined are too often another word.
      assert.deepEqual(scanned(compounds, 'The keystore is locked.'), []);
      assert.equal(hovered(compounds, 'The keystore is locked.', 'keystore'), undefined);
    });

    it('finds a joined compound of two common words written apart or hyphenated, as the reverse of joining', () => {
      const joined = indexOf(['## flow', '* _backpressure_: slowing producers when consumers fall behind', '* _mirrormaker_: copies topics between clusters', '* _together_: an everyday word'].join('\n'));
      assertFound(joined, 'We need back-pressure here, back pressure there; the Mirror Maker copies.', ['back-pressure → backpressure', 'back pressure → backpressure', 'Mirror Maker → mirrormaker']);
      // A part shorter than four letters, or not a common word, splits nothing: "to gether", "toge ther".
      assert.deepEqual(scanned(joined, 'We went to gether and toge ther.'), []);
      // Nor does a word that is itself common, or derived: "some thing", "maintain ability".
      const words = indexOf(['## qualities', '* _something_: a placeholder', '* _maintainability_: how easily it changes'].join('\n'));
      assert.deepEqual(scanned(words, 'Do some thing to maintain ability.'), []);
      assert.deepEqual(joined.lookupExact('back pressure').map((entry) => entry.names), [['backpressure']]);
    });

    it('splits a joined word inside a longer name as a phrasal noun or a compound, not at a prefix', () => {
      const longer = indexOf(['## retries', '* _exponential backoff_: waits that double', '* _backpressure signal_: a consumer asking for less', '* _prevent list_: what must not happen'].join('\n'));
      assertFound(longer, 'We use exponential back-off, exponential back off, and a back-pressure signal.', ['exponential back-off → exponential backoff', 'exponential back off → exponential backoff', 'back-pressure signal → backpressure signal']);
      assert.deepEqual(scanned(longer, 'A pre vent list.'), []);
    });
  });

  describe('negated capacities', () => {
    const index = indexOf(['## qualities', '* _compatibility_: old and new work together', '* _availability_: the share of time a system answers', '* _formation_: how a cluster is first put together'].join('\n'));

    it('finds a capacity with a negative prefix', () => {
      assertFound(index, 'Incompatible assets, a time of unavailability.', ['Incompatible → compatibility', 'unavailability → availability']);
    });

    it('gives no other word a negative prefix', () => {
      assert.deepEqual(scanned(index, 'The information was kept.'), []);
      assert.equal(hovered(index, 'The information was kept.', 'information'), undefined);
    });
  });

  describe("an agent's office in a name of two words", () => {
    const index = indexOf(['## consensus', '* _leader election_: choosing the node that orders writes', '* _leader_: the node that orders writes'].join('\n'));

    it('finds the -ship form of an agent noun that starts a name', () => {
      assertFound(index, 'A new leadership election starts.', ['leadership election → leader election']);
    });

    it('does not take the -ship form alone for the agent', () => {
      assert.deepEqual(scanned(index, 'Strong leadership helps.'), []);
      assert.equal(hovered(index, 'Strong leadership helps.', 'leadership'), undefined);
    });
  });

  describe('the activity of an agent noun that ends a name', () => {
    const index = indexOf(['## resilience', '* _circuit breaker_: stops calls to a failing dependency', '* _rate limiter_: caps the requests a client may make', '* _scheduler_: decides when jobs run', '* _load balancing_: spreading requests over servers', '* _load balancer_: the proxy that spreads them'].join('\n'));

    it('finds the -ing form of the agent noun that ends a name of several words', () => {
      assertFound(index, 'Envoy does circuit breaking; rate limiting comes later.', ['circuit breaking → circuit breaker', 'rate limiting → rate limiter']);
    });

    it('does not take the verb of a one-word agent noun, nor the activity the notes define as a term of its own', () => {
      assert.deepEqual(scanned(index, 'Scheduling is hard; the schedule slipped.'), []);
      assertFound(index, 'Load balancing needs a load balancer.', ['Load balancing → load balancing', 'load balancer → load balancer']);
    });
  });

  describe('phrasal verbs of noun terms', () => {
    const index = indexOf(['## resilience', '* _backoff_: waiting longer after each failure', '* _failover_: a standby takes over', '* _scale out_: more machines'].join('\n'));

    it('finds the verb written apart, inflected, and the noun of a verb written joined', () => {
      const text = 'Clients back off, then backed off again; the primary fails over; we scaleout.';
      assertFound(index, text, ['back off → backoff', 'backed off → backoff', 'fails over → failover', 'scaleout → scale out']);
    });
  });

  describe('numeronyms', () => {
    const index = indexOf(['## ops', '* _Kubernetes_: container orchestration', '* _o11y_: observability'].join('\n'));

    it('finds a numeronym for the word of the notes and the word for a numeronym', () => {
      assertFound(index, 'Run it on k8s, and Observability matters.', ['k8s → Kubernetes', 'Observability → o11y']);
    });
  });

  describe('word order and adverbs of an adjective and a gerund', () => {
    const index = indexOf(['## scaling', '* _horizontal scaling_: more machines', '* _vertical scaling_: a bigger machine'].join('\n'));

    it('finds the verb with its adverb, in either order, and the capacity', () => {
      const text = 'Readers are scaling horizontally; writers scale vertically; horizontally scaling is cheap; horizontal scalability.';
      assertFound(index, text, ['scaling horizontally → horizontal scaling', 'scale vertically → vertical scaling', 'horizontally scaling → horizontal scaling', 'horizontal scalability → horizontal scaling']);
    });

    it('turns the words around only with the adverb written: "version semantics" is no semantic versioning', () => {
      const named = indexOf(['## versions', '* _semantic versioning_: MAJOR.MINOR.PATCH', '* _horizontal scaling_: more machines'].join('\n'));
      assert.deepEqual(scanned(named, 'The version semantics of a list; a scaling horizontal plan.'), []);
      assertFound(named, 'Versioning semantically, scaling horizontally.', ['Versioning semantically → semantic versioning', 'scaling horizontally → horizontal scaling']);
    });

    it('does not turn two-word names of other shapes around', () => {
      const other = indexOf(['## storage', '* _service discovery_: finding instances', '* _data store_: where state lives'].join('\n'));
      assert.deepEqual(scanned(other, 'A discovery service will store data.'), []);
    });
  });

  describe('acronyms in lower case', () => {
    const index = indexOf(['## terms', '* _SPoF_: single point of failure', '* _central processing unit_: aka CPU', '* _REST_: representational state transfer', '* _DEFAULT_: a column default in SQL', '* _IO_: input and output'].join('\n'));

    it('finds an acronym or an acronym alias of three letters or more typed in lower case', () => {
      assertFound(index, 'The cpu is a spof here.', ['cpu → central processing unit', 'spof → SPoF']);
    });

    it('keeps in capitals an acronym whose lower case is a word, a long word in capitals, and a two-letter one', () => {
      assert.deepEqual(scanned(index, 'Take a rest, by default, then io.'), []);
      assert.equal(hovered(index, 'Take a rest, by default, then io.', 'rest'), undefined);
      assert.equal(hovered(index, 'Take a rest, by default, then io.', 'default'), undefined);
    });
  });

  describe('names in mixed case set in capitals', () => {
    const index = indexOf(['## terms', '* _TiKV_: a distributed key-value store', '* _APIs_: application programming interfaces', '* _CPU_: central processing unit'].join('\n'));

    it('finds a mixed-case name written all in capitals', () => {
      assertFound(index, 'Each TIKV node and each TiKV store.', ['TIKV → TiKV', 'TiKV → TiKV']);
    });

    it('does not set in capitals a name whose only lower-case letters end it, nor change other cases', () => {
      assert.deepEqual(scanned(index, 'The APIS bee, a Tikv typo, a cPU.'), []);
      assert.equal(hovered(index, 'The APIS bee, a Tikv typo, a cPU.', 'APIS'), undefined);
    });
  });

  describe('ignored terms', () => {
    it('ignores the other spellings of an ignored term, and an ignored other spelling, in the scan and under the cursor', () => {
      const notes = ['## platform', '* _multi-tenant_: one deployment, many customers', '* _microservices_: small services'].join('\n');
      const index = new NotesIndex({ ignoreTerms: ['multi-tenant', 'micro services'] });
      index.upsert(parseNote('file:///notes/terms.md', notes));
      const text = 'A multitenant store of micro-services.';
      assert.deepEqual(scanned(index, text), []);
      assert.equal(hovered(index, text, 'multitenant'), undefined);
      assert.equal(hovered(index, text, 'micro-services'), undefined);
    });
  });
});

