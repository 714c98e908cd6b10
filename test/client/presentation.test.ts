import * as assert from 'node:assert/strict';
import { friendlyLabel, indexedSummary, labelWasChanged, notesLevelAfter, notesPickItem, orderResults, orderRows, plural, rememberRecent, resultDescription, statusText, withoutIcons } from '../../client/src/presentation';
import type { OutlineNode } from '../../server/src/protocol';

describe('client wording and order (issue 15)', () => {
  it("escapes a note's $(icon) so that the QuickPick shows it as written", () => {
    assert.equal(withoutIcons('$(warning) alarm term'), '\\$(warning) alarm term');
    assert.equal(withoutIcons('a $(x~spin) and \\$(kept) b'), 'a \\$(x~spin) and \\$(kept) b');
    assert.equal(withoutIcons('costs $5 (or $ 10)'), 'costs $5 (or $ 10)');
  });

  it('counts in the right number', () => {
    assert.equal(plural(1, 'note'), '1 note');
    assert.equal(plural(2, 'note'), '2 notes');
    assert.equal(plural(0, 'term'), '0 terms');
  });

  it('ends a re-index with "Indexed 2 notes, 56 terms (3 s)"', () => {
    assert.equal(indexedSummary(2, 56, 3_000), 'Indexed 2 notes, 56 terms (3 s)');
    assert.equal(indexedSummary(1, 1, 340), 'Indexed 1 note, 1 term (0.3 s)');
    assert.equal(indexedSummary(0, 0, 5), 'Indexed 0 notes, 0 terms (0.1 s)');
    assert.equal(indexedSummary(3, 9, 12_400), 'Indexed 3 notes, 9 terms (12 s)');
  });

  it('shows "$(book) 52 terms", with a warning icon when something was skipped', () => {
    assert.equal(statusText(52, 0), '$(book) 52 terms');
    assert.equal(statusText(1, 0), '$(book) 1 term');
    assert.equal(statusText(52, 2), '$(warning) 52 terms');
  });

  it('gives the dialect\'s headings readable labels and says when it changed one', () => {
    assert.equal(friendlyLabel('label', '参考'), 'References');
    assert.equal(friendlyLabel('label', '进步'), 'Inbox');
    assert.equal(friendlyLabel('label', '(inbox)'), 'Inbox');
    assert.equal(friendlyLabel('area', 'ZA'), 'Miscellany');
    assert.equal(friendlyLabel('area', 'PATTERNS'), 'Patterns');
    assert.equal(friendlyLabel('area', 'HEURISTICS'), 'Heuristics');
    assert.equal(friendlyLabel('area', ''), '(untitled)');
    assert.equal(friendlyLabel('topic', 'microservices'), 'microservices');
    assert.equal(friendlyLabel('term', 'CQRS'), 'CQRS', 'an acronym term is not an area name');
    assert.ok(labelWasChanged('area', 'ZA'));
    assert.ok(!labelWasChanged('topic', 'microservices'));
  });

  it('puts terms before links under a topic, keeping each group\'s order', () => {
    const rows = [
      { kind: 'reference' as const, id: 1 }, { kind: 'term' as const, id: 2 }, { kind: 'reference' as const, id: 3 },
      { kind: 'label' as const, id: 4 }, { kind: 'term' as const, id: 5 },
    ];
    assert.deepEqual(orderRows(rows).map((r) => r.id), [2, 5, 4, 1, 3]);
  });

  it('puts terms first among search results, quotes last, each kind in the server\'s order', () => {
    const results = [{ kind: 'quote' as const, id: 1 }, { kind: 'term' as const, id: 2 }, { kind: 'link' as const, id: 3 }, { kind: 'term' as const, id: 4 }, { kind: 'topic' as const, id: 5 }];
    assert.deepEqual(orderResults(results).map((r) => r.id), [2, 4, 5, 3, 1]);
  });

  it('describes a search result by its kind and section, and the other places that hold the same item', () => {
    assert.equal(resultDescription('link', 'ZA › semantics'), 'link · ZA › semantics');
    assert.equal(resultDescription('link', 'ZA › semantics', 1), 'link · ZA › semantics · also in 1 other place');
    assert.equal(resultDescription('quote', '', 3), 'quote · also in 3 other places');
  });

  it('keeps recent look-ups newest first, without duplicates, bounded', () => {
    const key = (s: string) => s;
    assert.deepEqual(rememberRecent(['a', 'b', 'c'], 'b', key), ['b', 'a', 'c']);
    assert.deepEqual(rememberRecent(['a', 'b'], 'c', key, 2), ['c', 'a']);
  });
});

describe('Open Notes: notes and their groups', () => {
  const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const row = (kind: OutlineNode['kind'], label: string, extra: Partial<OutlineNode> = {}): OutlineNode => ({ id: `${kind}:${label}`, kind, label, uri: 'file:///vault/Concepts/Backpressure.md', range: at, ...extra });
  const relative = (uri: string) => uri.replace('file:///vault/', '');

  it('opens a note, and lists a folder or tag by its name and how many notes it holds, not by one of its notes', () => {
    assert.deepEqual(notesPickItem(row('note', 'Backpressure', { termCount: 1 }), relative), { label: 'Backpressure', description: 'Concepts/Backpressure.md', detail: '1 term', opens: true });
    const folder = notesPickItem(row('folder', 'Concepts', { detail: '4 notes' }), relative);
    assert.deepEqual(folder, { label: '$(folder) Concepts', description: '4 notes', opens: false });
    assert.equal(notesPickItem(row('tag', '#concept', { detail: '2 notes' }), relative).label, '$(tag) #concept');
  });

  it('goes into the group chosen, and to the next page of the same group on "… more"', () => {
    const folder = row('folder', 'Concepts');
    assert.equal(notesLevelAfter(undefined, folder), folder);
    const more = row('more', '… 40 more', { id: 'folder:Concepts/more:200' });
    const next = notesLevelAfter(folder, more);
    assert.deepEqual([next.id, next.kind, next.label], ['folder:Concepts/more:200', 'folder', 'Concepts']);
    assert.equal(notesLevelAfter(undefined, more).id, more.id);
  });
});
