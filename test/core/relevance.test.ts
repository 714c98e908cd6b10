// The relevance stage (core/relevance/): which occurrences of the notes' names are mentions.
// Each rule is checked through both ways in that every feature uses, the scan of a document
// (termsInDocument) and the term under a cursor (termAt), which must agree.

import * as assert from 'node:assert/strict';
import { parseNote } from '../../server/src/core/formats/dialect/parser';
import { readNote } from '../../server/src/core/formats/readNote';
import { NotesIndex } from '../../server/src/core/index/notesIndex';
import { explainDocument, termAt, termsInDocument } from '../../server/src/core/query/lookup';
import { profileOf, windowOverlap } from '../../server/src/core/relevance/sense';
import { isEverydayKey } from '../../server/src/core/relevance/vocabulary';
import { fieldOf, givesToolSense } from '../../server/src/core/relevance/fields';
import { documentSimilarityBy, hasDiscourse, prepareTopicality } from '../../server/src/core/relevance/topicality';
import { wordKey } from '../../server/src/core/text/normalize';
import { capitalisedInSentence } from '../../server/src/core/relevance/markup';

function indexOf(...notes: string[]): NotesIndex {
  const index = new NotesIndex();
  notes.forEach((text, n) => index.upsert(parseNote(`file:///notes/note${n}.md`, text)));
  return index;
}

/** Every hit of a scan as `text→term`, in document order. */
function hits(index: NotesIndex, text: string): string[] {
  return termsInDocument(index, text, true)
    .flatMap(({ entry, occurrences }) => occurrences.map((o) => ({ at: o.start, label: `${o.text}→${entry.term}` })))
    .sort((a, b) => a.at - b.at)
    .map((h) => h.label);
}

/** The term a hover finds in the middle of the `occurrence`-th `written` in text, if any. */
function hoverOn(index: NotesIndex, text: string, written: string, occurrence = 0): string | undefined {
  let at = -1;
  for (let n = 0; n <= occurrence; n++) at = text.indexOf(written, at + 1);
  assert.ok(at >= 0, `"${written}" is not in the text`);
  const found = termAt(index, text, at + Math.floor(written.length / 2));
  return found && `${found.text}→${found.entry.term}`;
}

describe('relevance: term admission', () => {
  const index = indexOf(
    [
      '# SQL',
      '## operators',
      '* _IN_: membership test in a WHERE clause',
      '* _is_: comparison with NULL',
      '* _not_: negation of a predicate',
      '* _IN clause_: list of values a column may take',
      '# DNS',
      '## records',
      '* _A_: address record, maps a name to an IPv4 address',
      '* _A record_: same as A',
      '* _I_: the imaginary unit, in the complex numbers note',
      '* _404_: HTTP status for a missing resource',
      '* _n_: the number of replicas',
      '* _CQRS_: command query responsibility segregation',
    ].join('\n'),
  );

  it('never matches a function word alone, in any case, but does as part of a longer name', () => {
    const doc = 'The key is in the table, IN or not. An IN clause lists values.';
    assert.deepEqual(hits(index, doc), ['IN clause→IN clause']);
    assert.equal(hoverOn(index, doc, 'is'), undefined);
    assert.equal(hoverOn(index, doc, 'IN'), undefined);
    assert.equal(hoverOn(index, doc, 'not'), undefined);
    assert.equal(hoverOn(index, doc, 'IN clause'), 'IN clause→IN clause');
  });

  it('never matches a single letter or a bare number alone, so not a sentence-initial "A" or "I"', () => {
    const doc = 'A client asks. I think so. Got a 404 for n = 3. An A record points here.';
    assert.deepEqual(hits(index, doc), ['A record→A record']);
    assert.equal(hoverOn(index, doc, 'A client'), undefined);
    assert.equal(hoverOn(index, doc, 'I think'), undefined);
    assert.equal(hoverOn(index, doc, '404'), undefined);
  });

  it('never matches a name of numbers only, a daily note\'s date or a version, but does one with a word', () => {
    const dated = indexOf(['# journal', '## days', '* _2024-05-03_: worked on the payment service', '* _1.2.3_: the release with the fix', '* _2024-05-02 architecture sync_: the meeting'].join('\n'));
    const doc = 'On 2024-05-03 we shipped 1.2.3; the 2024-05-02 architecture sync agreed.';
    assert.deepEqual(hits(dated, doc), ['2024-05-02 architecture sync→2024-05-02 architecture sync']);
    assert.deepEqual(dated.lookup('2024-05-03').map((e) => e.term), ['2024-05-03']);
  });

  it('hovers a two-letter acronym alias only where the words around it are its note\'s', () => {
    const sourcing = new NotesIndex();
    sourcing.upsert(readNote('file:///vault/Event sourcing.md', '---\naliases: [ES]\n---\n# Event sourcing\n\nStoring every change as an event in an append-only log, replayed into projections.\n'));
    const doc = 'We ship ES modules targeting ES2020, and the ES team reviews them.\n\nOrders are kept so: ES stores every change as an event in the log, replayed into projections.\n';
    assert.deepEqual(hits(sourcing, doc), ['ES→Event sourcing']);
    assert.equal(hoverOn(sourcing, doc, 'ES', 0), undefined, 'ES modules');
    assert.equal(hoverOn(sourcing, doc, 'ES', 2), undefined, 'the ES team');
    assert.equal(hoverOn(sourcing, doc, 'ES', 3), 'ES→Event sourcing');
  });

  it('still finds those terms by name', () => {
    assert.deepEqual(index.lookup('A').map((e) => e.term), ['A']);
    assert.deepEqual(index.lookup('in').map((e) => e.term), ['IN']);
    assert.deepEqual(index.lookup('404').map((e) => e.term), ['404']);
  });

  it('matches an acronym written in capitals in capitals, and all in lower case only where that spells no word', () => {
    const doc = 'We use CQRS here; cqrs as people type it, but Cqrs is not it.';
    assert.deepEqual(hits(index, doc), ['CQRS→CQRS', 'cqrs→CQRS']);
    assert.equal(hoverOn(index, doc, 'Cqrs'), undefined);
  });
});

describe('relevance: markup', () => {
  const index = indexOf(
    [
      '# CLOUD',
      '## services',
      '* _web service_: a service other programs call over HTTP',
      '* _service_: a running component that serves an API to others',
      '* _cluster_: machines that work as one',
      '* _frontend_: the part of a system that users talk to',
      '* _packages_: Go source directories compiled together',
    ].join('\n'),
  );

  it('finds no term in front matter, HTML tags and attributes, URLs, inline code or reference labels', () => {
    const doc = [
      '---',
      'title: The cluster service',
      '---',
      '<img src="cluster.png" alt="a cluster service">',
      'See https://example.com/cluster/service and `cluster.service()` and [the docs][cluster-service].',
      '',
      '[cluster-service]: /docs/cluster-service',
    ].join('\n');
    assert.deepEqual(hits(index, doc), []);
    for (const [written, occurrence] of [['cluster', 0], ['service', 0], ['cluster', 1], ['service', 1], ['cluster', 2], ['cluster', 3], ['cluster', 4], ['cluster', 5]] as const) {
      assert.equal(hoverOn(index, doc, written, occurrence), undefined, `${written} #${occurrence}`);
    }
  });

  it('finds no term inside a code-like token, a path or an issue reference', () => {
    const doc = 'Set SET_cluster, read pkg.cluster.dev and golang.org/x/tools/go/packages; see etcd-io/cluster#123.';
    assert.deepEqual(hits(index, doc), []);
    assert.equal(hoverOn(index, doc, 'packages'), undefined);
  });

  it('takes a dot between digits for a version number, not for code: a name with a release stays a mention', () => {
    const doc = '*frontend-grpc1.23*: the frontend on gRPC 1.23; frontend.v1 and 1.frontend are code.';
    assert.deepEqual(hits(index, doc), ['frontend→frontend', 'frontend→frontend']);
    assert.equal(hoverOn(index, doc, 'frontend'), 'frontend→frontend');
    assert.equal(hoverOn(index, doc, 'frontend', 2), undefined);
    assert.equal(hoverOn(index, doc, 'frontend', 3), undefined);
  });

  it('finds no term inside a longer proper name written in capitals, but does in prose and in headings', () => {
    const doc = ['We run on Amazon Web Services behind the Frontend Gateway.', 'Our web services sit behind a frontend.', '## Frontend Design'].join('\n');
    assert.deepEqual(hits(index, doc), ['web services→web service', 'frontend→frontend', 'Frontend→frontend']);
    assert.equal(hoverOn(index, doc, 'Web Services'), undefined);
    assert.equal(hoverOn(index, doc, 'Services'), undefined);
    assert.equal(hoverOn(index, doc, 'Frontend'), undefined);
    assert.equal(hoverOn(index, doc, 'Frontend Design'), 'Frontend→frontend');
  });

  it('takes the last word of a name of two words for what the named thing is, and not the word that qualifies it', () => {
    const names = indexOf(['# SYSTEMS', '* _service_: a running component that serves an API to others', '* _scheduler_: what decides when jobs run', '* _query_: a read of the data', '* _frontend_: the part of a system that users talk to'].join('\n'));
    const doc = 'Jobs go to the Scheduler Service, and reads to the Query Frontend. The Dapr Scheduler Service is ours.';
    assert.deepEqual(hits(names, doc), ['Service→service', 'Frontend→frontend']);
    assert.equal(hoverOn(names, doc, 'Service'), 'Service→service');
    assert.equal(hoverOn(names, doc, 'Query'), undefined);
    assert.equal(hoverOn(names, doc, 'Scheduler'), undefined);
    // A longer name is a product's: its last word is part of the name.
    assert.equal(hoverOn(names, doc, 'Service', 1), undefined);
  });

  it('reads a setext heading (underlined with === or ---) as a heading, not as a proper name', () => {
    const doc = ['Frontend Overview', '=================', '', 'Cluster Frontend', '----------------', '', 'The Frontend Team runs it.', '', '---'].join('\n');
    assert.deepEqual(hits(index, doc), ['Frontend→frontend', 'Cluster→cluster', 'Frontend→frontend']);
    assert.equal(hoverOn(index, doc, 'Frontend'), 'Frontend→frontend');
    assert.equal(hoverOn(index, doc, 'Cluster'), 'Cluster→cluster');
    // A thematic break after a blank line underlines nothing: the proper name stays one.
    assert.equal(hoverOn(index, doc, 'Frontend', 2), undefined);
  });
});

describe('relevance: a word written Capitalised inside a sentence', () => {
  const inSentence = (text: string, word = 'Git') => capitalisedInSentence(text, text.indexOf(word), text.indexOf(word) + word.length);

  it('is one after another word of its sentence, on its line', () => {
    assert.ok(inSentence('The registry moves from an ahead-of-time Git clone to HTTP.'));
    assert.ok(inSentence('Clients fetch it (Git or HTTP) on demand.'));
    assert.ok(inSentence('the index is a "Git" repository'));
  });

  it('is not one that starts a sentence, a line, a list item, a table cell or a heading, nor one in lower case', () => {
    for (const text of ['Git is fast.', 'It works. Git is fast.', '- Git clones', '| Git | 215 MiB |', '## Why Git', 'Why Git\n=======\n', 'Use: Git or HTTP', 'a git clone']) {
      assert.ok(!inSentence(text, text.includes('Git') ? 'Git' : 'git'), text);
    }
  });
});

describe('relevance: what is written', () => {
  const index = indexOf(
    [
      '# RUST',
      '## traits',
      '* _Send_: a type whose values may move to another thread',
      '# HTTP',
      '## request metadata',
      '* _Connection_: hop-by-hop field: keep-alive or close',
      '# NETWORKING',
      '## TCP',
      '* _connection pool_: reused open connections',
      '# RESILIENCE',
      '## capacity',
      '* _N+1_: one spare beyond what is needed',
      '# DISTRIBUTED',
      '## roles',
      '* _learner_: a member that receives the log but does not vote',
    ].join('\n'),
  );

  it('does not read a name the notes write only capitalised (a trait, a header) in the lower-case everyday word', () => {
    const doc = 'The client sends a request and keeps the connection open in a connection pool; its HTTP Connection value says keep-alive.';
    assert.deepEqual(hits(index, doc), ['connection pool→connection pool', 'Connection→Connection']);
    assert.equal(hoverOn(index, doc, 'sends'), undefined);
    assert.equal(hoverOn(index, doc, 'connection', 0), undefined);
    assert.equal(hoverOn(index, doc, 'Connection'), 'Connection→Connection');
  });

  it('does not take N-1 for N+1: the signs of a name must be the ones written', () => {
    const doc = 'Run N+1 replicas; the version must be at least 1.(N-1).0.';
    assert.deepEqual(hits(index, doc), ['N+1→N+1']);
    assert.equal(hoverOn(index, doc, 'N-1'), undefined);
  });

  it('skips an image whose alt text is a file name, but reads alt text written as words', () => {
    const doc = ['![server-learner-figure-01](img/fig.png)', '', '![A learner catching up](img/fig2.png)'].join('\n');
    assert.deepEqual(hits(index, doc), ['learner→learner']);
    assert.equal(hoverOn(index, doc, 'learner', 0), undefined);
  });
});

describe('relevance: commonness', () => {
  const index = indexOf(
    [
      '# GIT',
      '## review',
      "* _change_: Gerrit's unit of review, one commit identified by its Change-Id across patch sets",
      '# API',
      '## design',
      '* _idempotency_: repeating a request has the effect of doing it once',
      '* _change data capture_: streaming a database\'s row changes to other systems',
    ].join('\n'),
  );

  it('does not match an everyday word used in its everyday sense', () => {
    const doc = 'We change the API next week, a small change for clients.';
    assert.deepEqual(hits(index, doc), []);
    assert.equal(hoverOn(index, doc, 'change'), undefined);
  });

  it('matches a rare term, and a name of several words, everywhere', () => {
    const doc = 'Idempotency matters. We want idempotency for retries, and change data capture for the feed.';
    assert.deepEqual(hits(index, doc), ['Idempotency→idempotency', 'idempotency→idempotency', 'change data capture→change data capture']);
    assert.equal(hoverOn(index, doc, 'idempotency'), 'idempotency→idempotency');
  });
});

describe('relevance: sense', () => {
  const index = indexOf(
    [
      '# GIT',
      '## review',
      "* _change_: Gerrit's unit of review, one commit identified by its Change-Id across patch sets",
      '* _patch set_: one version of a Gerrit change',
      '# STORAGE',
      '## compaction',
      '* _tombstone_: a marker that a key was deleted, dropped by compaction',
    ].join('\n'),
  );

  it('matches an everyday word where the words around it share the note\'s words for that term', () => {
    const doc = 'Push the change to Gerrit; reviewers vote on each change before it lands.\n\nWe change the API next week.';
    assert.deepEqual(hits(index, doc), ['change→change', 'change→change']);
    assert.equal(hoverOn(index, doc, 'change'), 'change→change');
    assert.equal(hoverOn(index, doc, 'change', 2), undefined);
  });
});

describe('relevance: what the window shares with a note', () => {
  const index = indexOf(
    [
      '# API',
      '## evolution',
      '* _versioning_: how an API changes without breaking its clients: additive fields, a deprecation window, handled by the gateway',
    ].join('\n'),
  );

  it('counts no form of an everyday word, whatever its stem: "clients" and "handled" near "versions" say nothing of versioning', () => {
    const doc = 'Both versions handled the clients alike.\n\nThe old versions stay behind a deprecation window.';
    assert.equal(hoverOn(index, doc, 'versions'), undefined);
    assert.equal(hoverOn(index, doc, 'versions', 1), 'versions→versioning');
  });

  it('answers for each window and each profile asked in turn, though a window is read once', () => {
    const doc = 'Both versions handled the clients alike.\n\nThe old versions stay behind a deprecation window and an idempotency middleware.';
    const versioning = profileOf(index, index.lookupExact('versioning')[0]);
    const retries = indexOf('# Resilience\n* _retry_: safe only behind an idempotency middleware');
    const retry = profileOf(retries, retries.lookupExact('retry')[0]);
    const first = doc.indexOf('versions');
    const second = doc.indexOf('versions', first + 1);
    const asked = () => [windowOverlap(versioning, doc, first, first + 8), windowOverlap(versioning, doc, second, second + 8), windowOverlap(retry, doc, second, second + 8), windowOverlap(versioning, doc, second, second + 8)];
    // The second window holds "deprecation" (the versioning note's) and "idempotency middleware" (the retry note's).
    assert.deepEqual(asked(), [0, 1, 2, 1]);
    assert.deepEqual(asked(), [0, 1, 2, 1]);
  });

  it('knows the key of an everyday word for one, and a rare word\'s for none', () => {
    for (const word of ['clients', 'handled', 'many', 'packages', 'value']) assert.ok(isEverydayKey(wordKey(word)), word);
    for (const word of ['deprecation', 'middleware', 'idempotency', 'quorum']) assert.ok(!isEverydayKey(wordKey(word)), word);
  });
});

describe('relevance: a heading that says nothing of itself', () => {
  const index = indexOf(
    [
      '# GO',
      '## runtime',
      '* _goroutine_: a function running concurrently, multiplexed onto OS threads by the scheduler',
      '* _GOMAXPROCS_: how many OS threads run goroutines at once',
      '# PATTERNS',
      '## microservices',
      '* = distributed monolith',
      '* _service mesh_: sidecars that carry the traffic between services',
    ].join('\n'),
  );

  it('is judged as an everyday word: hovered where its section\'s words stand around it, not elsewhere', () => {
    const doc = 'The runtime parks a goroutine that blocks.\n\nOur build tooling has a slow runtime on CI.';
    assert.equal(hoverOn(index, doc, 'runtime'), 'runtime→runtime');
    assert.equal(hoverOn(index, doc, 'runtime', 1), undefined);
  });

  it('leaves alone a heading that holds names of its own', () => {
    assert.equal(hoverOn(index, 'We split the app into microservices last year.', 'microservices'), 'microservices→microservices');
  });

  it('takes a heading with only the links of items that define nothing as a heading still', () => {
    const sql = indexOf(['# SQL', '## design', '* _primary key_: unique, not null, identifies the row', '* _foreign key_: column referencing another table\'s key',
      '', '---', '', '* sqlfluff for lint https://sqlfluff.com/'].join('\n'));
    assert.equal(sql.lookup('design')[0].definitions[0].links.length, 1, 'the item below the rule gives its link to the heading');
    const doc = 'With the current design, the first load is slow.\n\nThe schema design gives each table a primary key and foreign key constraints.';
    assert.equal(hoverOn(sql, doc, 'design'), undefined);
    assert.equal(hoverOn(sql, doc, 'design', 1), 'design→design', 'beside its section\'s keys');
  });

  it('judges so a term defined by function words alone, rare as its word may be', () => {
    const glossed = indexOf(['# ENGINEERING', '## design', '* _interface_: what a module exposes to its callers', '* _implementation_: how it does it', '* _encapsulation_: a module hides its internals behind its interface'].join('\n'));
    assert.equal(hoverOn(glossed, 'The implementation of the new parser is done.', 'implementation'), undefined);
    assert.equal(hoverOn(glossed, 'Behind its interface, the implementation of the module can change.', 'implementation'), 'implementation→implementation');
    // A definition that says something keeps the rare word a term everywhere.
    assert.equal(hoverOn(glossed, 'The encapsulation is done.', 'encapsulation'), 'encapsulation→encapsulation');
  });
});

describe('the terms of a document, asked again', () => {
  it('are the same answer for the same text, and a new one once the notes or the text change', () => {
    const index = indexOf('# CONSENSUS\n## voting\n* _quorum_: a majority of the replicas\n');
    const doc = 'A quorum acknowledges the write; the memtable is flushed later.';
    const first = termsInDocument(index, doc, true);
    assert.equal(termsInDocument(index, doc, true), first, 'the kept answer');
    assert.deepEqual(first.map((t) => t.entry.term), ['quorum']);
    index.upsert(parseNote('file:///notes/more.md', '# STORAGE\n## buffers\n* _memtable_: the sorted buffer of recent writes\n'));
    assert.deepEqual(termsInDocument(index, doc, true).map((t) => t.entry.term), ['quorum', 'memtable']);
    assert.deepEqual(termsInDocument(index, 'No terms here.', true), []);
    assert.deepEqual(termsInDocument(index, doc, true).map((t) => t.entry.term), ['quorum', 'memtable']);
  });
});

describe('relevance: another form of a name', () => {
  const index = indexOf(
    [
      '# API',
      '## evolution',
      '* _versioning_: how an API changes without breaking its clients: additive fields, a deprecation window, a `/v2/` path for breaking changes',
      '* _replication_: copies of the data kept on several nodes, so that a failure loses nothing',
    ].join('\n'),
  );
  const doc = [
    'Versioning keeps clients working: additive fields first, a /v2/ path only for breaking changes.',
    '',
    'Each nightly build pins two versions of the toolchain.',
    '',
    'Old versions stay behind a deprecation window until every client has moved.',
    '',
    'The log is replicated.',
  ].join('\n');

  it('needs the note\'s sense in its own window for an everyday form the notes never write, not the whole doc\'s', () => {
    // The doc speaks of versioning throughout, but "versions" of a toolchain are things, not the practice.
    assert.deepEqual(hits(index, doc), ['Versioning→versioning', 'versions→versioning', 'replicated→replication']);
    assert.equal(hoverOn(index, doc, 'versions'), undefined);
    assert.equal(hoverOn(index, doc, 'versions', 1), 'versions→versioning');
  });

  it('keeps the doc-wide support for a rare form, which recall needs', () => {
    assert.equal(hoverOn(index, doc, 'replicated'), 'replicated→replication');
  });

  it('asks the context of a rare form too: the rarity of a name says nothing of its other forms', () => {
    // "replicate" is no everyday word, but it is not the name the notes give: here it copies a tool's flags, not data.
    const toolDoc = 'The new command line tool does not replicate the flags of the old one.';
    assert.deepEqual(hits(index, toolDoc), []);
    assert.equal(hoverOn(index, toolDoc, 'replicate'), undefined);
    assert.deepEqual(explainDocument(index, toolDoc, true).map((o) => `${o.text}:${o.verdict}`), ['replicate:sense']);
    // The name itself, as rare, is the term wherever it stands.
    assert.equal(hoverOn(index, 'The new tool does not need replication.', 'replication'), 'replication→replication');
  });
});

describe('relevance: the doc\'s subjects', () => {
  // Three notes on three subjects. The Kubernetes note defines `status` in its own sense; its
  // section shares "state" and "cluster" with a consensus doc, which is enough for the window
  // check but not for the doc to be about Kubernetes.
  const index = indexOf(
    ['# KUBERNETES', '## objects', '* _status_: observed state of an object, written by controllers into the cluster', '* _pod_: the smallest deployable unit, one or more containers on a node', '* _kubelet_: the node agent that runs pods'].join('\n'),
    ['# CONSENSUS', '## raft', '* _leader_: the member that appends entries to the replicated log and sends heartbeats', '* _quorum_: a majority of members; raft commits an entry once a quorum has it', '* _term_: raft epoch; a new leader election starts a new term'].join('\n'),
    ['# FRONTEND', '## react', '* _component_: a function of props that returns elements', '* _hook_: useState, useEffect: state inside a function component'].join('\n'),
  );
  const consensusDoc = 'The leader sends heartbeats to every member; a quorum of members must acknowledge each entry of the replicated log before raft commits it. The member status in the cluster state shows the leader.';

  it('does not read an everyday word as the term of a note the doc is not about', () => {
    assert.deepEqual(hits(index, consensusDoc).filter((h) => h.startsWith('status')), []);
    assert.equal(hoverOn(index, consensusDoc, 'status'), undefined);
    assert.equal(hoverOn(index, consensusDoc, 'leader', 1), 'leader→leader');
  });

  it('reads the same word as the term where the doc is about that note\'s subject', () => {
    const k8sDoc = 'The kubelet on each node runs the pods and reports their status; controllers write the status of each object in the cluster.';
    assert.deepEqual(hits(index, k8sDoc).filter((h) => h.startsWith('status')), ['status→status', 'status→status']);
    assert.equal(hoverOn(index, k8sDoc, 'status'), 'status→status');
  });

  it('explains each occurrence: hovered, or the step that left it out', () => {
    const verdicts = explainDocument(index, consensusDoc, true).map((o) => `${o.text}:${o.verdict}`);
    assert.ok(verdicts.includes('status:topicality'), verdicts.join(' '));
    assert.ok(verdicts.includes('quorum:mention'), verdicts.join(' '));
    // What the explanation calls a mention is exactly what the scan hovers.
    const mentions = explainDocument(index, consensusDoc, true).filter((o) => o.verdict === 'mention').map((o) => `${o.text}→${o.entry.term}`);
    assert.deepEqual(mentions, hits(index, consensusDoc));
  });
});

describe('relevance: a definition that names its field', () => {
  const index = indexOf(
    ['# LEARNING', '## training', '* _epoch_: (ML) one pass over the training data', '* _feature_: (ML) input variable to a model', '* _gradient_: direction of steepest ascent of the loss'].join('\n'),
    ['# PRODUCT', '## planning', '* _feature_: (product) user-visible capability', '* _roadmap_: what ships when'].join('\n'),
  );

  it('does not give a word that sense in a doc that names none of its fields', () => {
    const doc = 'Each epoch of the cluster begins when a leader is elected.\n\nThe new release adds a feature for operators.';
    assert.equal(hoverOn(index, doc, 'epoch'), undefined);
    assert.equal(hoverOn(index, doc, 'feature'), undefined);
    assert.ok(explainDocument(index, doc, true).some((o) => o.text === 'epoch' && o.verdict === 'sense'));
  });

  it('gives it where the doc names the field, or where the words around it speak for the sense', () => {
    assert.equal(hoverOn(index, 'We retrain the ML model after every epoch.', 'epoch'), 'epoch→epoch');
    assert.equal(hoverOn(index, 'The product team plans each feature on the roadmap.', 'feature'), 'feature→feature');
    // No field named, but "training" and "data" around it are the note's own words.
    assert.equal(hoverOn(index, 'Stop after the third epoch over the training data.', 'epoch'), 'epoch→epoch');
  });

  it('reads a field only at the head of a definition, as a name of one to three words', () => {
    const fields = (line: string) => fieldOf(parseNote('file:///n.md', `# A\n${line}`).definitions.find((d) => d.kind === 'term')!);
    assert.deepEqual(fields('* _set_: (data structures) unique elements'), ['data', 'structur']);
    assert.equal(fields('* _sample_: (timestamp, value) pair'), undefined);
    assert.equal(fields('* _match_: structural pattern matching (3.10)'), undefined);
    assert.equal(fields('* _term_: (a period of leadership in the consensus protocol) counter'), undefined);
  });
});

describe('relevance: a word the notes define only in a tool\'s sense', () => {
  const GO = ['# GO', '## standard library', '* _time_: package; `time.Time` carries a monotonic reading, compare with Equal',
    '* _context_: `context.Context`, cancellation + deadline + value', '* _goroutine_: a function running concurrently, scheduled by the runtime'].join('\n');
  const REVIEW = ['# REVIEW', '## gerrit', '* _change_: Gerrit\'s unit of review, one commit identified by its Change-Id across patch sets', '* _patch set_: one revision of a change'].join('\n');
  const index = indexOf(GO, REVIEW);
  // A doc about Go and about reviews: the subjects are the notes', the words are everyday.
  const doc = [
    'Go 1.11 introduced the module mode, and over time it became the default for every service.',
    '',
    'This change needs a release note before the next minor version ships.',
    '',
    'Compare two readings of the clock with the time package: its monotonic reading survives a clock step.',
    '',
    'Upload the change to Gerrit; each patch set keeps its Change-Id.',
  ].join('\n');

  it('does not give the word that sense where its window does not speak of the tool', () => {
    assert.equal(hoverOn(index, doc, 'time'), undefined, '"over time"');
    assert.equal(hoverOn(index, doc, 'change'), undefined, '"This change needs a release note"');
    assert.ok(explainDocument(index, doc, true).some((o) => o.text === 'time' && o.verdict === 'sense'));
  });

  it('gives it where the window speaks of the tool', () => {
    assert.equal(hoverOn(index, doc, 'time', 1), 'time→time', 'beside "package" and a monotonic reading');
    assert.equal(hoverOn(index, doc, 'change', 1), 'change→change', 'beside Gerrit and patch sets');
  });

  it('tells a tool\'s sense by code, an identifier or a name, and not in a concept note\'s prose', () => {
    const gives = (line: string) => givesToolSense(parseNote('file:///n.md', `# A\n${line}`).definitions.find((d) => d.kind === 'term')!);
    assert.equal(gives('* _error_: a value implementing `Error() string`'), true);
    assert.equal(gives('* _command_: request to do something (PlaceOrder); may be rejected'), true);
    assert.equal(gives('* _store_: a TiKV instance from the placement driver\'s view'), true);
    assert.equal(gives('* _match_: structural pattern matching (3.10)'), true, 'the release it came with');
    assert.equal(gives('* _availability_: share of time up, 99.9 % a month'), false, 'a figure is no release');
    assert.equal(gives('* _client_: the side that opens the connection'), false);
    assert.equal(gives('* _request_: method + target + headers + optional body'), false);
    assert.equal(gives('* _latency_: time to first byte over TCP'), false, 'an acronym is no product name');
    const concept = readNote('file:///vault/Service%20discovery.md', '# Service discovery\n\nHow a client finds a service\'s instances: a registry such as Consul, or `dig` on DNS.\n');
    assert.equal(concept.definitions.filter((d) => d.kind === 'term').some(givesToolSense), false);
  });
});

describe('relevance: the order of cards', () => {
  const index = indexOf(
    ['# REDIS', '## keyspace', '* _key_: a Redis key in the keyspace, with a TTL and an eviction policy'].join('\n'),
    ['# KAFKA', '## records', '* _key_: a Kafka record key, hashed to choose the partition of a topic'].join('\n'),
  );
  const firstNote = (doc: string, written: string) => {
    const at = doc.indexOf(written);
    return termAt(index, doc, at + 1)?.entry.definitions[0].uri;
  };

  it('puts first the definition whose note fits the words around the occurrence', () => {
    assert.equal(firstNote('Each Kafka record carries a key that picks its partition.', 'key'), 'file:///notes/note1.md');
    assert.equal(firstNote('Each Redis key has a TTL before eviction.', 'key'), 'file:///notes/note0.md');
  });

  it('keeps a distilled definition before inbox material where the words around the occurrence fit both alike', () => {
    const notes = indexOf(
      ['# RELIABILITY', '## resilience', '* _circuit breaker_: stop calling a failing dependency for a while, fail fast instead'].join('\n'),
      // An inbox grab bag: more of its words turn up in any doc than in a note's few lines on the term.
      ['# ZA', '## semantics', '---', '* _circuit breaker_: error handling', '* _kill switch_: force upgrade of the mobile app', '* _ledger_: payments posted once'].join('\n'),
    );
    const order = (doc: string) => termAt(notes, doc, doc.indexOf('circuit breaker') + 1)?.entry.definitions.map((d) => `${d.uri.slice(-8)}${d.inbox ? ' (inbox)' : ''}`);
    const doc = 'We add a circuit breaker.\n\nThe mobile app polls the ledger, payments are posted once, and a kill switch forces an upgrade.';
    assert.deepEqual(order(doc), ['note0.md', 'note1.md (inbox)']);
    // Where the window speaks for the inbox's sense, it still comes first.
    assert.deepEqual(order('The circuit breaker guards the ledger and its payments.'), ['note1.md (inbox)', 'note0.md']);
  });

  it('weighs, of a term many notes define, the senses of the notes nearest the doc, wherever they come in the index', () => {
    // Thirty notes define `key`, one per subject. The index orders them by URI, so the one whose
    // sense the doc means, note9.md, comes last.
    const subjects = ['pottery glaze kiln', 'violin bow rosin', 'sourdough starter flour', 'chess opening gambit', 'sailing knot rigging', 'beekeeping hive honey', 'orchid potting bark', 'typewriter ribbon platen', 'falconry hood jesses', 'origami crease fold', 'cider press apples', 'bonsai wire pruning', 'kayak paddle hull', 'lute fret gut', 'quilting batting seam', 'archery fletching nock', 'pipe organ stop rank', 'cheese rind brine', 'telescope eyepiece mount', 'fresco plaster pigment', 'tapestry loom weft', 'clock escapement pendulum', 'saddle stirrup girth', 'glassblowing furnace cullet', 'bookbinding signature awl', 'perfume accord sillage', 'mosaic tessera grout', 'lacquer urushi layer', 'calligraphy nib ink'];
    const notes = subjects.map((words) => {
      const [first, ...rest] = words.split(' ');
      return [`# ${first.toUpperCase()}`, `## ${first}`, `* _key_: a ${first} key, kept with the ${rest.join(' and the ')}`, `* _${rest[0]}_: part of ${first} work, beside the ${rest[1]}`].join('\n');
    });
    notes.splice(9, 0, ['# KAFKA', '## records', '* _key_: a Kafka record key, hashed to choose the partition of a topic', '* _partition_: an ordered log of a topic, read by consumers in offset order'].join('\n'));
    const many = indexOf(...notes);
    assert.equal(many.lookupExact('key')[0].definitions.at(-1)?.uri, 'file:///notes/note9.md');
    const doc = 'Each Kafka record carries a key. The producer hashes the key to choose the partition of the topic; consumers read the partition in offset order.';
    const found = termAt(many, doc, doc.indexOf('key') + 1);
    assert.equal(found?.entry.definitions.length, 30);
    assert.equal(found?.entry.definitions[0].uri, 'file:///notes/note9.md');
  });
});

describe('relevance: short forms (the head noun alone after the term in full)', () => {
  const index = indexOf(
    [
      '# NETWORKING',
      '## balancing',
      '* _load balancer_: spreads requests over the endpoints of a service',
      '* _workspace folder_: a root folder an editor opens',
      '* _backward compatibility_: old clients keep working with a new server',
      '* _partition_: a piece of a table stored on its own',
      '* _network partition_: nodes that cannot reach each other',
    ].join('\n'),
  );
  const doc = 'The client keeps a load balancer per target. The balancer picks an endpoint; balancers are pluggable.';

  it('takes the head noun for the term the doc named in full, by scan and by hover alike', () => {
    assert.deepEqual(hits(index, doc), ['load balancer→load balancer', 'balancer→load balancer', 'balancers→load balancer']);
    assert.equal(hoverOn(index, doc, 'balancer', 1), 'balancer→load balancer');
    assert.equal(hoverOn(index, doc, 'balancers'), 'balancers→load balancer');
    assert.ok(explainDocument(index, doc, true).some((o) => o.text === 'balancers' && o.entry.term === 'load balancer' && o.verdict === 'mention'));
  });

  it('looks for no short form when asked for names only (a hover while the notes are indexed)', () => {
    const shortForm = doc.indexOf('The balancer') + 6;
    assert.equal(termAt(index, doc, shortForm)?.entry.term, 'load balancer');
    assert.equal(termAt(index, doc, shortForm, true, undefined, false), undefined);
    assert.equal(termAt(index, doc, doc.indexOf('load balancer') + 1, true, undefined, false)?.entry.term, 'load balancer');
  });

  it('takes nothing where the doc never names the term in full', () => {
    const text = 'The balancer picks an endpoint.';
    assert.deepEqual(hits(index, text), []);
    assert.equal(hoverOn(index, text, 'balancer'), undefined);
  });

  it('takes nothing before the doc first names the term in full: the head refers back', () => {
    const text = '# Balancer choice\n\nThe client keeps a load balancer per target. The balancer picks an endpoint.';
    assert.deepEqual(hits(index, text), ['load balancer→load balancer', 'balancer→load balancer']);
    assert.equal(hoverOn(index, text, 'Balancer'), undefined);
  });

  it('leaves alone a head that is a term of its own, and another word of the same stem', () => {
    // `partition` keeps its own card, and `compatible` is no form of "compatibility" as written.
    const text = 'A network partition splits the partition map. Backward compatibility matters: the API stays compatible.';
    assert.deepEqual(hits(index, text), ['network partition→network partition', 'partition→partition', 'Backward compatibility→backward compatibility']);
  });

  it('takes no head that names a quality or an activity: the kind named in full is not the whole of it', () => {
    const kinds = indexOf(['# PERFORMANCE', '## tails', '* _p99 latency_: the slowest hundredth of requests', '* _strong consistency_: reads see the latest write', '* _rate limiting_: capping requests per client'].join('\n'));
    const text = 'We watch p99 latency and need strong consistency, with rate limiting at the edge. Latency grows with load; consistency costs a round trip; limiting the number of retries helps.';
    assert.deepEqual(hits(kinds, text), ['p99 latency→p99 latency', 'strong consistency→strong consistency', 'rate limiting→rate limiting']);
    assert.equal(hoverOn(kinds, text, 'consistency', 1), undefined);
  });

  it('takes no head that the notes name as what the term is a kind of: the bare head is the wider thing', () => {
    const glossary = new NotesIndex();
    glossary.upsert(readNote('file:///vault/glossary/Glossary.md', [
      '---',
      'title: Glossary',
      'tags: [glossary]',
      '---',
      '# Glossary',
      '',
      '**Backpressure**: a way for a slow consumer to make a fast producer slow down instead of buffering without bound.',
      '',
      '**Dead letter queue** — a queue where messages that could not be processed are parked for later inspection.',
      '',
    ].join('\n')));
    const text = '# Scaling\n\nFailed messages go to a dead-letter queue.\n\nThe worker pool will scale on queue depth. Producers see a 429 when the queue holds more than 100k messages.\n';
    assert.deepEqual(hits(glossary, text), ['dead-letter queue→Dead letter queue']);
    assert.equal(hoverOn(glossary, text, 'queue depth'), undefined);
    assert.equal(hoverOn(glossary, text, 'queue holds'), undefined);
    // A definition that restates the term ("aka …") or says what it does names no kind of it.
    const restated = indexOf(['# X', '## y', '* _load balancer_: aka load balancer; spreads requests over the endpoints of a service'].join('\n'));
    assert.deepEqual(hits(restated, 'The client keeps a load balancer per target. The balancer picks an endpoint.'), ['load balancer→load balancer', 'balancer→load balancer']);
    const coded = indexOf(['# GO', '## modules', '* _module proxy_: `proxy.golang.org`, caches module zips'].join('\n'));
    assert.deepEqual(hits(coded, 'We run a module proxy. The proxy caches zips.'), ['module proxy→module proxy', 'proxy→module proxy']);
  });

  it('takes a head shared by two terms the doc names for neither', () => {
    const two = indexOf(['# X', '## y', '* _load balancer_: spreads load', '* _network balancer_: balances at layer 4'].join('\n'));
    const text = 'A load balancer and a network balancer: the balancer here is which?';
    assert.deepEqual(hits(two, text), ['load balancer→load balancer', 'network balancer→network balancer']);
  });
});

describe('relevance: the parts of a concept note, explained in bold leads', () => {
  // A vault note on one concept that explains its states in bold leads, as a user keeps it,
  // beside notes on other subjects. Its leads are read as terms (formats/readNote.ts), but
  // they are parts of the note's concept: everyday words ("closed", "open") that mean the
  // states only where the words around them speak of a circuit breaker.
  const index = new NotesIndex();
  index.upsert(readNote('file:///vault/concepts/Circuit%20breaker.md', [
    '---',
    'tags: [concept, resilience]',
    '---',
    '# Circuit breaker',
    '',
    'A proxy that stops calling a failing dependency for a while after too many errors, then lets a trial call through (half-open) to see whether it has recovered.',
    '',
    '- **Closed**: calls pass through and failures are counted.',
    '- **Open**: calls fail fast without reaching the dependency.',
    '- **Half-open**: a limited number of trial calls are let through.',
    '',
  ].join('\n')));
  index.upsert(readNote('file:///vault/concepts/Sprint.md', '# Sprint\n\nA fixed period in which a team works through its tickets, closed by a review and a retro.\n'));
  index.upsert(readNote('file:///vault/concepts/Idempotency.md', '# Idempotency\n\nAn operation is idempotent when applying it several times has the same effect as applying it once.\n'));

  it('reads the leads as terms of their own', () => {
    assert.deepEqual(['Closed', 'Open', 'Half-open', 'Circuit breaker'].map((term) => index.lookupExact(term)[0]?.term), ['Closed', 'Open', 'Half-open', 'Circuit breaker']);
  });

  it('takes no part in everyday words where nothing around it speaks of the concept: not its sibling parts either', () => {
    const retro = '# Sprint retro\n\n## Open questions\n\nThe ticket was closed yesterday. The door is half-open. Registration is open to all teams and closed on Friday.\n';
    assert.deepEqual(hits(index, retro).filter((hit) => !hit.startsWith('Sprint')), []);
    assert.equal(hoverOn(index, retro, 'closed'), undefined);
    assert.equal(hoverOn(index, retro, 'half-open'), undefined);
    assert.equal(hoverOn(index, retro, 'open to'), undefined);
  });

  it('takes a part where its own window speaks of the concept, not where only the rest of the doc does', () => {
    const doc = [
      '# Payments',
      '',
      'Calls to the payment provider go through a circuit breaker, so that a failing dependency does not exhaust our connection pool. When the breaker is open, checkout answers with a clear error.',
      '',
      'Failures are counted per provider.',
      '',
      '## Open questions',
      '',
      '1. Do we need a second region?',
      '',
    ].join('\n');
    assert.deepEqual(hits(index, doc), ['circuit breaker→Circuit breaker', 'open→Open']);
    assert.equal(hoverOn(index, doc, 'open,'), 'open→Open');
    assert.equal(hoverOn(index, doc, 'Open questions'), undefined);
    assert.ok(explainDocument(index, doc, true).some((o) => o.text === 'Open' && o.verdict === 'sense'));
  });
});

describe('relevance: an everyday term written by a rare name of its own', () => {
  const index = indexOf(['# OPERATIONS', '## on call', '* _incident_: aka outage; an unplanned interruption of a service, and the work to end it'].join('\n'));

  it('takes the rare name wherever it stands, and the everyday name only where the sense is supported', () => {
    assert.deepEqual(hits(index, 'Even the slightest outage may cost a customer.'), ['outage→incident']);
    assert.deepEqual(hits(index, 'That incident at the party was funny.'), []);
  });
});

describe('relevance: a name made of everyday words only', () => {
  // Notes that define git's pull request and NATS's pull consumers: "pull request" is two
  // everyday words, and a doc about pulling messages from a stream means another thing by it.
  const index = indexOf(
    ['# GIT', '## review', '* _pull request_: ask to merge a branch; a reviewer approves it before the merge', '* _rebase_: replay commits of a branch on top of another'].join('\n'),
    ['# MESSAGING', '## NATS', '* _pull consumer_: a JetStream consumer that clients fetch batches of messages from', '* _stream_: messages a JetStream server stores on subjects'].join('\n'),
  );

  it('takes the name where the doc speaks of what the note speaks of', () => {
    const doc = 'Open a pull request once the branch builds; after the review, rebase and merge.';
    assert.deepEqual(hits(index, doc).filter((hit) => hit.includes('pull request')), ['pull request→pull request']);
    assert.equal(hoverOn(index, doc, 'pull request'), 'pull request→pull request');
  });

  // A design doc on NATS's pull consumers, long enough to have a subject of its own.
  const natsDoc = [
      '# Pull consumers',
      '',
      'A pull consumer sends a pull request to fetch a batch of messages from the stream. The JetStream server answers each pull request with up to that many messages, or with a status when none are pending.',
      '',
      '## Motivation',
      '',
      'Push consumers deliver messages to a subject as fast as the server can send them. Slow subscribers then fall behind, buffers grow, and flow control has to pause delivery. Applications that process work in parallel across many instances want to ask for work when they have capacity, not receive it unasked.',
      '',
      '## Design',
      '',
      'Clients publish a request to the consumer\'s next-message subject. The request names the batch size, an expiry, and whether the server may answer with no messages at all. Heartbeats keep idle requests alive across long waits, and a client that disconnects leaves its pending requests to expire.',
      '',
      'Acknowledgements work as they do for push consumers: explicit acks, negative acks with a redelivery delay, and terminal acks for poison messages. The ack wait bounds how long a message stays with one worker before another instance may receive it.',
      '',
      '## Compatibility',
      '',
      'Older libraries keep working: the wire format is unchanged, and servers without this feature reject unknown fields with a clear error.',
      '',
      '## Operations',
      '',
      'Operators monitor consumer lag, redelivery counts and the number of outstanding requests per stream. Dashboards chart throughput against latency percentiles, and alerts fire when acknowledgement backlogs exceed thresholds configured per tenant. Capacity planning uses these figures when sizing replicas, storage quotas and retention limits.',
  ].join('\n');

  it('takes no such name where neither its window, the doc nor its subject speaks for the note', () => {
    assert.ok(hasDiscourse(natsDoc));
    assert.deepEqual(hits(index, natsDoc).filter((hit) => hit.includes('pull request')), []);
    assert.equal(hoverOn(index, natsDoc, 'pull request', 1), undefined);
    assert.ok(explainDocument(index, natsDoc, true).some((o) => o.text === 'pull request' && o.verdict === 'sense'));
  });

  it('takes it in a doc of a few lines, which says too little of its subject to speak against the note', () => {
    const doc = natsDoc.split('\n').slice(0, 3).join('\n');
    assert.ok(!hasDiscourse(doc));
    assert.equal(hoverOn(index, doc, 'pull request'), 'pull request→pull request');
  });
});

describe('relevance: two everyday words in a row speak for a sense together', () => {
  const index = indexOf(['# GIT', '## review', '* _change_: what a pull request holds, read by a reviewer before the merge'].join('\n'), ['# MONEY', '## coins', '* _change_: coins given back after paying'].join('\n'));

  it('takes an everyday term whose window shares a phrase with its note, though neither word of it tells anything alone', () => {
    assert.deepEqual(hits(index, 'Each change needs a pull request.'), ['change→change']);
  });

  it('takes no such phrase across a sentence or from the words apart', () => {
    assert.deepEqual(hits(index, 'Each change needs a pull. Request it.'), []);
    assert.deepEqual(hits(index, 'Each change needs a request to pull.'), []);
  });
});

describe('relevance: what the sense check compares a window with', () => {
  const index = indexOf(
    [
      '# GIT',
      '## review',
      '* _change_: Gerrit unit of review, one commit across patch sets',
      '* _patch set_: revision of a Gerrit change',
      '## history',
      '* _rebase_: replay commits onto another base',
    ].join('\n'),
    ['# EVENTS', '## eventstorming', '* _change_: domain event recorded in the ledger'].join('\n'),
  );
  const entry = index.lookupExact('change')[0];

  it("holds the rare words of the term's definitions, sections and section neighbours, once each, and not its own words", () => {
    const profile = profileOf(index, entry);
    const keys: string[] = [];
    profile.forEachKey((key) => void keys.push(key));
    assert.equal(new Set(keys).size, keys.length, 'a key is given once');
    for (const word of ['Gerrit', 'revision', 'ledger', 'eventstorming']) assert.ok(profile.has(wordKey(word)), `${word} speaks for the sense`);
    assert.ok(!profile.has(wordKey('change')), 'the term itself says nothing of its sense');
    assert.ok(!profile.has(wordKey('rebase')) && !profile.has(wordKey('replay')), 'a term of another section is not a neighbour');
    assert.ok(!profile.has(wordKey('zebra')), 'a word the notes never use');
    assert.ok(!profile.isEmpty);
  });

  it("holds no pair of the term's own words: a second mention in the window is no evidence of the sense", () => {
    const patchSet = profileOf(index, index.lookupExact('patch set')[0]);
    assert.ok(!patchSet.has(`${wordKey('patch')} ${wordKey('set')}`) && !patchSet.has('patch set'), 'the pair the name makes');
    assert.ok(patchSet.has(wordKey('Gerrit')));
  });

  it('takes the section neighbours of a note stored from its text as of a note kept whole', () => {
    const notes = [
      ['# GIT', '## review', '* _change_: Gerrit unit of review', '* _patch set_: revision of a Gerrit change', '* _gerrit_ (topic): the review server', '## history', '* _rebase_: replay commits'].join('\n'),
      ['# EVENTS', '## eventstorming', '* _change_: domain event recorded in the ledger', '* _aggregate_: consistency boundary of a saga'].join('\n'),
    ];
    const stored = new NotesIndex();
    notes.forEach((text, n) => stored.upsert(parseNote(`file:///notes/note${n}.md`, text), { text, read: () => text }));
    const whole = indexOf(...notes);
    const profileKeys = (of: NotesIndex) => {
      const keys: string[] = [];
      profileOf(of, of.lookupExact('change')[0]).forEachKey((key) => void keys.push(key));
      return keys.sort();
    };
    assert.deepEqual(profileKeys(stored), profileKeys(whole));
    assert.ok(profileKeys(stored).includes(wordKey('saga')), 'a neighbour in the other note');
    // What the index files for a note is what its entries hold for it, one definition each.
    for (const of of [stored, whole]) {
      for (const uri of of.uris()) {
        const filed = of.filedDefinitions(uri).map((d) => `${d.term}|${d.kind}|${d.sectionPath.join('/')}`).sort();
        const inEntries = [...of.terms()].flatMap((e) => e.definitions.filter((d) => d.uri === uri)).map((d) => `${d.term}|${d.kind}|${d.sectionPath.join('/')}`).sort();
        assert.deepEqual(filed, inEntries, uri);
      }
    }
  });

  it('is worked out again when the index changes', () => {
    const before = profileOf(index, entry);
    index.upsert(parseNote('file:///notes/note2.md', ['# OPS', '## deploys', '* _change_: a change request under ITIL'].join('\n')));
    const after = profileOf(index, index.lookupExact('change')[0]);
    assert.notEqual(after, before);
    assert.ok(after.has(wordKey('ITIL')));
  });

  it('keeps, across edits, the profiles of terms that no changed note defines, and only those', () => {
    const notes = new NotesIndex();
    const a = (text: string) => notes.upsert(parseNote('file:///notes/a.md', `# GIT\n## review\n${text}`));
    const b = (text: string) => notes.upsert(parseNote('file:///notes/b.md', `# QUEUES\n## delivery\n${text}`));
    a('* _change_: Gerrit unit of review, one commit with its patch sets');
    b('* _offset_: position of a consumer in a partition\n* _lag_: how far a consumer is behind');
    const change = profileOf(notes, notes.lookupExact('change')[0]);
    const offset = profileOf(notes, notes.lookupExact('offset')[0]);
    // An edit of b: change's profile holds; offset's is read again, with what b says now.
    b('* _offset_: position of a consumer in a Kafka partition\n* _lag_: how far a consumer is behind');
    assert.equal(profileOf(notes, notes.lookupExact('change')[0]), change);
    const offsetAfter = profileOf(notes, notes.lookupExact('offset')[0]);
    assert.notEqual(offsetAfter, offset);
    assert.ok(offsetAfter.has(wordKey('Kafka')));
    // A note that comes to define change too: its profile is read again.
    b('* _offset_: position of a consumer\n* _change_: an event on a changefeed');
    const both = profileOf(notes, notes.lookupExact('change')[0]);
    assert.notEqual(both, change);
    assert.ok(both.has(wordKey('changefeed')) && both.has(wordKey('Gerrit')));
    // And when it stops defining it, read again without it.
    b('* _offset_: position of a consumer');
    const gone = profileOf(notes, notes.lookupExact('change')[0]);
    assert.ok(!gone.has(wordKey('changefeed')) && gone.has(wordKey('Gerrit')));
    // What each profile holds is what a fresh index's profile holds.
    const fresh = new NotesIndex();
    fresh.upsert(parseNote('file:///notes/a.md', '# GIT\n## review\n* _change_: Gerrit unit of review, one commit with its patch sets'));
    fresh.upsert(parseNote('file:///notes/b.md', '# QUEUES\n## delivery\n* _offset_: position of a consumer'));
    for (const term of ['change', 'offset']) {
      const keys = (index: NotesIndex) => {
        const found: string[] = [];
        profileOf(index, index.lookupExact(term)[0]).forEachKey((key) => found.push(key));
        return found.sort();
      };
      assert.deepEqual(keys(notes), keys(fresh), term);
    }
  });

  it('tells which notes changed since a version, or that it cannot', () => {
    const notes = new NotesIndex();
    const start = notes.version;
    notes.upsert(parseNote('file:///notes/a.md', '# A\n* _x_: y'));
    const afterA = notes.version;
    notes.upsert(parseNote('file:///notes/b.md', '# B\n* _z_: w'));
    notes.remove('file:///notes/a.md');
    assert.deepEqual([...notes.notesChangedSince(start)!].sort(), ['file:///notes/a.md', 'file:///notes/b.md']);
    assert.deepEqual([...notes.notesChangedSince(afterA)!].sort(), ['file:///notes/a.md', 'file:///notes/b.md']);
    assert.deepEqual([...notes.notesChangedSince(notes.version)!], []);
    const beforeIgnore = notes.version;
    notes.setIgnoredTerms(['z']);
    assert.equal(notes.notesChangedSince(beforeIgnore), undefined);
    // Too far back for the log.
    for (let n = 0; n < 300; n++) notes.upsert(parseNote('file:///notes/c.md', `# C\n* _c${n}_: d`));
    assert.equal(notes.notesChangedSince(afterA), undefined);
  });
});

describe("relevance: the doc's subjects, worked out in idle slices", () => {
  // The three notes of the tests above, among forty others: enough definitions for many slices.
  const subjects = [
    ['# KUBERNETES', '## objects', '* _status_: observed state of an object, written by controllers into the cluster', '* _pod_: the smallest deployable unit, one or more containers on a node', '* _kubelet_: the node agent that runs pods'].join('\n'),
    ['# CONSENSUS', '## raft', '* _leader_: the member that appends entries to the replicated log and sends heartbeats', '* _quorum_: a majority of members; raft commits an entry once a quorum has it', '* _term_: raft epoch; a new leader election starts a new term'].join('\n'),
  ];
  const fillers = Array.from({ length: 40 }, (_, n) => [`# AREA${n}`, `## topic${n}`, ...Array.from({ length: 5 }, (_, d) => `* _gadget${n}x${d}_: widget number ${d} of shelf ${n}, sprocket and flange`)].join('\n'));
  const consensusDoc = 'The leader sends heartbeats to every member; a quorum of members must acknowledge each entry of the replicated log before raft commits it. The member status in the cluster state shows the leader.';
  const k8sDoc = 'The kubelet on each node runs the pods and reports their status; controllers write the status of each object in the cluster.';
  const answers = (index: NotesIndex) => [hoverOn(index, consensusDoc, 'status'), hoverOn(index, k8sDoc, 'status'), hits(index, k8sDoc).join(' ')];

  it('gives the answers of the pass made at once, after pausing between many slices', async () => {
    const index = indexOf(...subjects, ...fillers);
    let pauses = 0;
    await prepareTopicality(index, async () => void pauses++, 0);
    assert.ok(pauses > 3, `paused ${pauses} times`);
    assert.deepEqual(answers(index), answers(indexOf(...subjects, ...fillers)));
    assert.deepEqual(answers(index), [undefined, 'status→status', 'kubelet→kubelet pods→pod status→status status→status object→objects']);
  });

  it('answers a hover asked between two slices as at once, from the counts, and goes on', async () => {
    const index = indexOf(...subjects, ...fillers);
    let pauses = 0;
    let asked: unknown[] | undefined;
    await prepareTopicality(index, async () => {
      if (++pauses === 2) asked = answers(index);
    }, 0);
    assert.ok(pauses > 2, 'the hover does not wait for the pass, nor end it');
    assert.deepEqual(asked, answers(indexOf(...subjects, ...fillers)));
  });

  it("gives the same similarities, to the last bit, from the counts as from the notes' vectors", () => {
    const index = indexOf(...subjects, ...fillers);
    // Docs whose words come in different orders and repeat, some shared with no note.
    const docs = [consensusDoc, k8sDoc, `${k8sDoc} ${consensusDoc}`, 'sprocket flange widget shelf gadget raft quorum pods zebra', fillers[3] + subjects[0], 'nothing here is in the notes'];
    for (const doc of docs) {
      const byCounts = documentSimilarityBy(index, doc, 'counts');
      const byVectors = documentSimilarityBy(index, doc, 'vectors');
      assert.deepEqual([...byCounts.similarity], [...byVectors.similarity], doc);
      assert.deepEqual([byCounts.best, byCounts.sharing, [...byCounts.noteIds]], [byVectors.best, byVectors.sharing, [...byVectors.noteIds]]);
    }
    assert.ok(documentSimilarityBy(index, consensusDoc, 'counts').best > 0);
  });

  it('is dropped by an edit between two slices: the answers follow the edited notes', async () => {
    const index = indexOf(...subjects, ...fillers);
    const raftStatus = ['# RAFT OPERATIONS', '## members', '* _status_: a raft member state: leader, follower or learner, by quorum heartbeats'].join('\n');
    let pauses = 0;
    await prepareTopicality(index, async () => {
      if (++pauses === 2) index.upsert(parseNote('file:///notes/raft-ops.md', raftStatus));
    }, 0);
    assert.equal(pauses, 2, 'the pass stops at the edit');
    assert.equal(hoverOn(index, consensusDoc, 'status'), 'status→status');
  });
});
