// What a card says of a definition, as a hover shows it (termMarkdown) and the terminal prints
// it (termText), driven on an index of in-memory notes.

import * as assert from 'node:assert/strict';
import { parseNote } from '../../server/src/core/formats/dialect/parser';
import { readNote } from '../../server/src/core/formats/readNote';
import { glossaryText } from '../../server/src/core/query/docEdits';
import { NotesIndex, type TermEntry } from '../../server/src/core/index/notesIndex';
import { referencesFor } from '../../server/src/core/query/lookup';
import { ownReferences, plainText, rankedReferences, REFERENCES_SHOWN, termMarkdown, termText } from '../../server/src/core/query/present';

/** An index of one dialect note, given line by line. */
function indexOfNote(uri: string, lines: string[]): NotesIndex {
  const index = new NotesIndex();
  index.upsert(parseNote(uri, lines.join('\n')));
  return index;
}

function entryOf(index: NotesIndex, term: string): TermEntry {
  const [entry] = index.lookupExact(term);
  assert.ok(entry, `no entry for ${term}`);
  return entry;
}

describe('cards: a definition written as links alone', () => {
  const index = indexOfNote('file:///notes/architecture.md', [
    '# ZA',
    '## semantics',
    '* _SOLID_: https://www.youtube.com/watch?v=solid',
    '* modular https://github.com/gauge-sh/tach',
    '* _service mesh_: [a guide](https://servicemesh.io/) https://example.com/mesh https://example.org/a https://example.org/b',
    '* _kill switch_: [kill switch](command:workbench.action.quit)',
    '* _n db_:',
  ]);

  it('shows its own links in place of the text, labelled by their host where the text is the term', () => {
    const card = termMarkdown(entryOf(index, 'SOLID'), []);
    assert.match(card, /— see \[youtube\.com\]\(https:\/\/www\.youtube\.com\/watch\?v=solid\)/);
    assert.doesNotMatch(card, /no definition yet/);
    // The link of the item below belongs to that item, shown as it is, not as the definition.
    assert.doesNotMatch(card, /see [^\n]*github/);
  });

  it('shows at most three, with their own text, and says how many more', () => {
    const card = termMarkdown(entryOf(index, 'service mesh'), []);
    assert.match(card, /— see \[a guide\]\(https:\/\/servicemesh\.io\/\), \[example\.com\]\(https:\/\/example\.com\/mesh\), \[example\.org\]\(https:\/\/example\.org\/a\) and 1 more/);
  });

  it('opens no link the URL policy refuses, and still says there is no text where there is no link', () => {
    const killSwitch = termMarkdown(entryOf(index, 'kill switch'), []);
    assert.doesNotMatch(killSwitch, /\]\(command:/);
    assert.match(termMarkdown(entryOf(index, 'n db'), []), /\(no definition yet\)/);
  });

  it('prints the same links in the terminal', () => {
    assert.match(termText(entryOf(index, 'SOLID'), []), /\n {4}see https:\/\/www\.youtube\.com\/watch\?v=solid\n/);
    assert.match(termText(entryOf(index, 'n db'), []), /\(no definition yet\)/);
  });
});

describe('cards: a definition with links in its sentence', () => {
  const index = indexOfNote('file:///notes/patterns.md', [
    '# PATTERNS',
    '## sagas',
    '* _saga_: see [the ADR](adr/0007-saga.md) for why, and ask [the payments team](mailto:payments@example.com) before changing it',
    '* _strangler fig_: replace it piece by piece, as [Fowler describes](https://martinfowler.com/bliki/StranglerFigApplication.html) and **as we did in [ADR 3](adr/0003.md)**',
  ]);

  it('reads as the sentence the note writes, the links\' words in it', () => {
    assert.match(termMarkdown(entryOf(index, 'saga'), []), /— see the ADR for why, and ask the payments team before changing it/);
    assert.match(termMarkdown(entryOf(index, 'strangler fig'), []), /as Fowler describes and \*\*as we did in ADR 3\*\*/);
    assert.match(termText(entryOf(index, 'strangler fig'), []), /as Fowler describes and \*\*as we did in ADR 3\*\*/);
  });
});

describe('cards: references of the term and those near it', () => {
  const index = indexOfNote('file:///notes/heuristics.md', [
    '# HEURISTICS',
    '## factors',
    'FACTORS',
    '* memory usage https://news.example.com/item?id=1',
    '* _fan out_: requests to other services to handle one incoming request',
    '* _throughput_: requests served per second https://example.com/throughput',
  ]);
  const references = (term: string) => rankedReferences(entryOf(index, term), [], index.definitionsIn(index.lookupExact('factors')[0], 'file:///notes/heuristics.md', 'topic'));

  it('says a term has no references of its own, and calls its section\'s links related', () => {
    const card = termMarkdown(entryOf(index, 'fan out'), references('fan out'));
    assert.doesNotMatch(card, /\*\*References\*\*/);
    assert.match(card, /\*No references of its own\.\*\n\n\*\*Related in the notes\*\*\n\n- \[memory usage\]/);
    assert.match(termText(entryOf(index, 'fan out'), references('fan out')), /no references of its own\n {2}related in the notes:\n {4}memory usage/);
  });

  it('lists the term\'s own links as its references, and its section\'s apart', () => {
    const card = termMarkdown(entryOf(index, 'throughput'), references('throughput'));
    assert.match(card, /\*\*References\*\*\n\n- \[[^\]]*\]\(https:\/\/example\.com\/throughput\)/);
    assert.match(card, /\*\*Related in the notes\*\*\n\n- \[memory usage\]/);
  });

  it('tells the term\'s own references from the related ones as the card does, for what Insert glossary cites', () => {
    assert.deepEqual(ownReferences(entryOf(index, 'fan out'), references('fan out')), []);
    assert.deepEqual(ownReferences(entryOf(index, 'throughput'), references('throughput')).map((link) => link.url), ['https://example.com/throughput']);
  });
});

describe('cards: a file link is a reference only to an indexed note', () => {
  const index = indexOfNote('file:///notes/secrets.md', [
    '# PATTERNS',
    '## secrets',
    '* _vault_: keeps the secrets file:///etc/passwd [the runbook](file:///notes/secrets.md) https://example.com/vault',
    '* _rotation_: new keys each month file:///etc/passwd https://example.com/1 https://example.com/2 https://example.com/3 https://example.com/4 https://example.com/5 [passwords](FILE:///etc/passwd)',
  ]);
  const isIndexedNote = (url: string) => index.has(url);

  it('lists a web link and a link to an indexed note, never one to another file', () => {
    const entry = entryOf(index, 'vault');
    const references = referencesFor(index, 'vault', entry, REFERENCES_SHOWN);
    assert.deepEqual(references.map((link) => link.url), ['file:///notes/secrets.md', 'https://example.com/vault']);
    const card = termMarkdown(entry, references, { isIndexedNote });
    assert.match(card, /\*\*References\*\*\n\n- \[[^\]]*\]\(file:\/\/\/notes\/secrets\.md\) \(secrets\.md\)\n- \[[^\]]*\]\(https:\/\/example\.com\/vault\)/);
    assert.doesNotMatch(card, /passwd/);
    assert.doesNotMatch(termText(entry, references), /passwd/);
  });

  it('fills the card\'s list with the references after it, decided on the parsed URL', () => {
    const entry = entryOf(index, 'rotation');
    const references = referencesFor(index, 'rotation', entry, REFERENCES_SHOWN);
    assert.deepEqual(references.map((link) => link.url), [1, 2, 3, 4, 5].map((n) => `https://example.com/${n}`));
    assert.doesNotMatch(termMarkdown(entry, rankedReferences(entry, []), { isIndexedNote }), /passwd/);
  });
});

describe('cards: markup a card cannot show is not shown as markup', () => {
  // A concept note whose description holds HTML and links no card may open, and a glossary page
  // with links the URL policy refuses, written as hostile notes write them.
  const index = new NotesIndex();
  index.upsert(readNote('file:///notes/hostile-links.md', [
    '---',
    'title: Service mesh',
    "description: 'A dedicated infrastructure layer <img src=x onerror=alert(1)> for service-to-service traffic. [click](command:workbench.action.terminal.new) and [js](javascript:alert(1))'",
    '---',
    '',
    'Links: [ok](https://istio.io/latest/docs/)',
  ].join('\n')));
  index.upsert(readNote('file:///notes/glossary.md', [
    '# Glossary',
    '',
    '**Bulkhead**: isolate resources per consumer. See [here](command:workbench.action.openSettings) or [docs](javascript:void(0)) and [real](https://learn.microsoft.com/azure/architecture/patterns/bulkhead).',
    '',
    '**Canary release**: rolling out to a small share of users first. [link](  javascript:alert(1)) [tab](java\tscript:alert(1)) [entity](&#106;avascript:alert(1))',
    '',
    '**Throttling**: limit the rate <script>alert(1)</script> of requests, as `code <b>` says.',
  ].join('\n')));
  const card = (term: string) => termMarkdown(entryOf(index, term), []);

  it('drops raw HTML instead of showing it escaped, and keeps it in code', () => {
    assert.match(card('service mesh'), /— A dedicated infrastructure layer +for service-to-service traffic\./);
    assert.doesNotMatch(card('service mesh'), /img|&lt;/);
    assert.match(card('throttling'), /— limit the rate +alert\(1\) of requests, as `code <b>` says\./);
    assert.doesNotMatch(card('throttling'), /script|&lt;/);
  });

  it('shows a link the URL policy refuses as its label, judged on the parsed URL, and keeps a web link a link', () => {
    assert.match(card('service mesh'), /service-to-service traffic\. click and js$/m);
    assert.match(card('bulkhead'), /See here or docs and \[real\]\(https:\/\/learn\.microsoft\.com\/azure\/architecture\/patterns\/bulkhead\)\./);
    // Spaces before `javascript:`, a tab inside it, an entity for its `j`: none is opened, none shows its markup.
    assert.match(card('canary release'), /users first\. link tab entity$/m);
    for (const term of ['service mesh', 'bulkhead', 'canary release']) {
      assert.doesNotMatch(card(term), /\\\[|\]\((?!https:)|javascript|command:/, term);
    }
  });

  it('the plain-text card shows the labels, without HTML, and the same words', () => {
    const plain = (term: string) => termText(entryOf(index, term), []);
    assert.match(plain('service mesh'), /\n {4}A dedicated infrastructure layer for service-to-service traffic\. click and js$/m);
    assert.match(plain('canary release'), /\n {4}rolling out to a small share of users first\. link tab entity$/);
    assert.match(plain('bulkhead'), /See here or docs and real\./);
    assert.match(plain('throttling'), /limit the rate alert\(1\) of requests, as `code <b>` says\./);
  });

  it('Insert glossary writes the labels, whole', () => {
    const written = glossaryText(['bulkhead', 'canary release', 'service mesh'].map((term) => ({ term, definition: entryOf(index, term).definitions[0].text })));
    assert.match(written, /^- \*\*canary release\*\*: rolling out to a small share of users first\. link tab entity$/m);
    assert.match(written, /^- \*\*bulkhead\*\*: isolate resources per consumer\. See here or docs and real\.$/m);
    assert.match(written, /^- \*\*service mesh\*\*: A dedicated infrastructure layer for service-to-service traffic\. click and js$/m);
  });
});

describe('plain text: a definition as the words a reader sees, for labels that show no Markdown', () => {
  it('drops HTML, emphasis marks and code spans\' backticks, and shows a link as its label', () => {
    assert.equal(plainText('sends <b>many</b> `Vec<T>` requests, see [the **ADR**](adr.md)'), 'sends many Vec<T> requests, see the ADR');
  });

  it('reads code spans as CommonMark pairs their backticks, and keeps what they hold as written', () => {
    assert.equal(plainText('use ``a`b`` and `` `tick` `` here'), 'use a`b and `tick` here');
    assert.equal(plainText('`[x](y)` and `<br/>` and `*a*` are code'), '[x](y) and <br/> and *a* are code');
  });

  it('takes emphasis out around code and inside other emphasis, and leaves an escaped or lone mark', () => {
    assert.equal(plainText('**bold `code`** and _**both**_'), 'bold code and both');
    assert.equal(plainText('\\*not emphasis\\* and 2 * 3 and snake_case_name'), '*not emphasis* and 2 * 3 and snake_case_name');
  });

  it('decodes entities outside code, and no entity brings back a bidi character', () => {
    assert.equal(plainText('AT&amp;T &lt;b&gt; `&amp;` &#x202E;flip'), 'AT&T <b> &amp; flip');
  });
});
