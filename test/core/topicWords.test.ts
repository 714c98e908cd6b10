// Topicality's counts of each note's content words (core/index/topicWords.ts): kept by the
// index as notes come and go, written in the snapshot, and the same after a warm start as
// after a cold index, so that the relevance answers are too.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseNote } from '../../server/src/core/formats/dialect/parser';
import { NotesIndex } from '../../server/src/core/index/notesIndex';
import { termAt, termsInDocument } from '../../server/src/core/query/lookup';
import { decodeSnapshot, encodeSnapshot, SnapshotFolder, SNAPSHOT_FORMAT } from '../../server/src/core/workspace/snapshot';
import { NotesWorkspace } from '../../server/src/core/workspace/notesWorkspace';
import { scratchFolder } from '../support/scratch';

const subjects = [
  ['# KUBERNETES', '## objects', '* _status_: observed state of an object, written by controllers into the cluster', '* _pod_: the smallest deployable unit, one or more containers on a node', '* _kubelet_: the node agent that runs pods'].join('\n'),
  ['# CONSENSUS', '## raft', '* _leader_: the member that appends entries to the replicated log and sends heartbeats', '* _quorum_: a majority of members; raft commits an entry once a quorum has it', '* _term_: raft epoch; a new leader election starts a new term'].join('\n'),
];
const fillers = Array.from({ length: 12 }, (_, n) => [`# AREA${n}`, `## topic${n}`, ...Array.from({ length: 4 }, (_, d) => `* _gadget${n}x${d}_: widget number ${d} of shelf ${n}, sprocket and flange`)].join('\n'));
const docs = [
  'The leader sends heartbeats to every member; a quorum of members must acknowledge each entry of the replicated log before raft commits it. The member status in the cluster state shows the leader.',
  'The kubelet on each node runs the pods and reports their status; controllers write the status of each object in the cluster.',
];

/** What the relevance stage answers on the docs: every hit of a scan, and the hover on each `status`. */
function relevanceAnswers(index: NotesIndex): unknown {
  return docs.map((doc) => ({
    hits: termsInDocument(index, doc, true).flatMap(({ entry, occurrences }) => occurrences.map((o) => `${o.start}:${o.text}→${entry.term}`)).sort(),
    status: termAt(index, doc, doc.indexOf('status') + 2)?.entry.term,
  }));
}

/** Each note's counts by key, from the index's state: what the vectors are made of. */
function topicCounts(index: NotesIndex): Record<string, Record<string, number>> {
  const state = index.exportState();
  const byNote: Record<string, Record<string, number>> = {};
  for (const [note, uri] of state.noteUris.entries()) {
    const pairs = state.noteTopics[note];
    if (pairs.length === 0) continue;
    byNote[uri] = {};
    for (let at = 0; at < pairs.length; at += 2) byNote[uri][state.topicKeys[pairs[at]]] = pairs[at + 1];
  }
  return byNote;
}

describe('topic words: what topicality counts per note', () => {
  let scratch: string;
  let notesFolder: string;
  let snapshotFolder: string;
  const settings = () => ({ entries: [notesFolder], baseFolders: [], ignoreTerms: [], maxFileBytes: 5 * 1024 * 1024 });

  beforeEach(() => {
    scratch = scratchFolder('an-topics-');
    notesFolder = path.join(scratch, 'notes');
    snapshotFolder = path.join(scratch, 'snapshots');
    fs.mkdirSync(notesFolder, { recursive: true });
    [...subjects, ...fillers].forEach((text, n) => fs.writeFileSync(path.join(notesFolder, `note${n}.md`), text));
  });

  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('counts the content words of the definitions a note files (its headings are topics): no function word, number or short word', () => {
    const index = new NotesIndex();
    index.upsert(parseNote('file:///notes/a.md', '# CONSENSUS\n## raft logs\n* _quorum_: a majority of the 5 members; a quorum of members is needed\n'));
    assert.deepEqual(topicCounts(index), { 'file:///notes/a.md': { raft: 3, log: 3, consensus: 2, quorum: 2, majority: 1, member: 2, need: 1 } });
  });

  it("counts no contraction of a function word (`don't`, `isn't`, `we'll`, curly apostrophe or straight): they name no subject", () => {
    const index = new NotesIndex();
    index.upsert(parseNote('file:///notes/a.md', "# CONSENSUS\n## raft logs\n* _quorum_: don't commit, isn\u2019t safe, we'll wait for a majority\n"));
    assert.deepEqual(topicCounts(index), { 'file:///notes/a.md': { raft: 3, log: 3, consensus: 2, quorum: 1, commit: 1, safe: 1, wait: 1, majority: 1 } });
  });

  it('after a warm start: the counts and the relevance answers of a cold index, the notes not read again', async () => {
    const cold = new NotesWorkspace({ snapshots: new SnapshotFolder(snapshotFolder, { version: 'v1' }) });
    await cold.configure(settings());
    cold.writeSnapshot();
    const messages: string[] = [];
    const warm = new NotesWorkspace({ snapshots: new SnapshotFolder(snapshotFolder, { version: 'v1' }), log: (m) => messages.push(m) });
    await warm.configure(settings());
    assert.ok(messages.includes(`Index snapshot: ${subjects.length + fillers.length} of ${subjects.length + fillers.length} notes taken up unchanged.`), messages.join('\n'));
    assert.deepEqual(topicCounts(warm.index), topicCounts(cold.index));
    assert.deepEqual(relevanceAnswers(warm.index), relevanceAnswers(cold.index));
    // The answers themselves: the consensus doc's `status` is not the Kubernetes term, the other doc's is.
    assert.deepEqual((relevanceAnswers(warm.index) as { status?: string }[]).map((a) => a.status), [undefined, 'status']);
  });

  it('a snapshot of the format before the counts is not used: the notes are read again, with the same answers', async () => {
    const cold = new NotesWorkspace({ snapshots: new SnapshotFolder(snapshotFolder, { version: 'v1' }) });
    await cold.configure(settings());
    cold.writeSnapshot();
    // The same file as the previous format would have it in its header.
    const [file] = fs.readdirSync(snapshotFolder);
    const bytes = fs.readFileSync(path.join(snapshotFolder, file));
    const headerEnd = bytes.indexOf(0x0a);
    const header = JSON.parse(bytes.subarray(0, headerEnd).toString('utf8')) as { format: number };
    assert.equal(header.format, SNAPSHOT_FORMAT);
    header.format = SNAPSHOT_FORMAT - 1;
    fs.writeFileSync(path.join(snapshotFolder, file), Buffer.concat([Buffer.from(JSON.stringify(header)), bytes.subarray(headerEnd)]));
    const messages: string[] = [];
    const log = (m: string) => messages.push(m);
    const warm = new NotesWorkspace({ snapshots: new SnapshotFolder(snapshotFolder, { version: 'v1', log }), log });
    await warm.configure(settings());
    assert.ok(messages.some((m) => /not used: another format/.test(m)), messages.join('\n'));
    assert.ok(!messages.some((m) => m.includes('taken up unchanged')), messages.join('\n'));
    assert.deepEqual(topicCounts(warm.index), topicCounts(cold.index));
    assert.deepEqual(relevanceAnswers(warm.index), relevanceAnswers(cold.index));
  });

  it('a snapshot whose counts name no key, or count nothing, is refused as damaged', () => {
    const index = new NotesIndex();
    subjects.forEach((text, n) => index.upsert(parseNote(`file:///notes/note${n}.md`, text)));
    const state = index.exportState();
    const stamps = state.noteUris.map(() => null);
    assert.ok(typeof decodeSnapshot(encodeSnapshot({ state, stamps }, 'v1', 'k'), 'v1', 'k') !== 'string');
    const nowhere = structuredClone(state);
    nowhere.noteTopics[0][0] = state.topicKeys.length;
    assert.match(decodeSnapshot(encodeSnapshot({ state: nowhere, stamps }, 'v1', 'k'), 'v1', 'k') as string, /damaged \(topic words\)/);
    const nothing = structuredClone(state);
    nothing.noteTopics[1][1] = 0;
    assert.match(decodeSnapshot(encodeSnapshot({ state: nothing, stamps }, 'v1', 'k'), 'v1', 'k') as string, /damaged \(topic words\)/);
    const odd = structuredClone(state);
    odd.noteTopics[0] = odd.noteTopics[0].subarray(1);
    assert.match(decodeSnapshot(encodeSnapshot({ state: odd, stamps }, 'v1', 'k'), 'v1', 'k') as string, /damaged \(topic words\)/);
  });

  it('after many edits (the unused keys dropped along the way), and after a restart: the counts and answers of a fresh index', () => {
    const fresh = () => {
      const index = new NotesIndex();
      [...subjects, ...fillers].forEach((text, n) => index.upsert(parseNote(`file:///notes/note${n}.md`, text)));
      return index;
    };
    const edited = fresh();
    relevanceAnswers(edited);
    // Every version of a note brings a thousand words of its own: 30,000 keys in all, most of them unused once edited again.
    for (let version = 0; version < 30; version++) {
      const words = Array.from({ length: 1000 }, (_, w) => `word${version}x${w}`).join(' ');
      edited.upsert(parseNote('file:///notes/scratch.md', `# SCRATCH\n* _scratchpad_: ${words}\n`));
      if (version % 10 === 0) relevanceAnswers(edited);
    }
    edited.remove('file:///notes/scratch.md');
    // A filler rewritten about consensus, and one that no longer defines anything.
    const rewritten = '# CONSENSUS\n## raft\n* _learner_: a raft member that receives the log but has no vote in the quorum\n';
    edited.upsert(parseNote('file:///notes/note3.md', rewritten));
    edited.upsert(parseNote('file:///notes/note4.md', '# AREA\nno definitions any more\n'));
    assert.ok(edited.topicWords.idLimit < 15_000, `${edited.topicWords.idLimit} ids: the keys of the scratch note's versions were dropped along the way`);
    const expected = fresh();
    expected.upsert(parseNote('file:///notes/note3.md', rewritten));
    expected.upsert(parseNote('file:///notes/note4.md', '# AREA\nno definitions any more\n'));
    assert.deepEqual(topicCounts(edited), topicCounts(expected));
    assert.deepEqual(relevanceAnswers(edited), relevanceAnswers(expected));
    assert.equal(edited.topicWords.noteCount, subjects.length + fillers.length - 1);
    // And the same once restored from the state (the edited index's ids, numbered again).
    const restored = new NotesIndex();
    restored.loadState(edited.exportState(), () => () => undefined);
    assert.deepEqual(topicCounts(restored), topicCounts(expected));
    assert.deepEqual(relevanceAnswers(restored), relevanceAnswers(expected));
  });
});
