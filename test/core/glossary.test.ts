import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_GLOSSARY_ENTRIES, readGlossaryEntries } from '../../server/src/core/formats/glossary';
import { MAX_TABLE_ROWS } from '../../server/src/core/formats/glossary/tables';
import { readNote } from '../../server/src/core/formats/readNote';
import type { NoteProblem } from '../../server/src/core/model';
import { NotesIndex } from '../../server/src/core/index/notesIndex';
import { noteReader } from '../../server/src/core/notes/noteFiles';
import { explainDocument, termsInDocument } from '../../server/src/core/query/lookup';
import { glossaryText } from '../../server/src/core/query/docEdits';
import { noteTree } from '../../server/src/core/query/outline';
import { termMarkdown, termText } from '../../server/src/core/query/present';
import { NotesWorkspace } from '../../server/src/core/workspace/notesWorkspace';
import { completion } from '../../server/src/features/completion';
import type { FeatureContext } from '../../server/src/features/context';
import { definition } from '../../server/src/features/definition';
import { noteDiagnostics } from '../../server/src/features/diagnostics';
import { documentTerms } from '../../server/src/features/documentTerms';
import { hover } from '../../server/src/features/hover';
import { references } from '../../server/src/features/references';
import { search } from '../../server/src/features/search';

const glossaries = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'glossaries');
const fixture = (name: string) => fs.readFileSync(path.join(glossaries, name), 'utf8');
const read = (name: string) => readGlossaryEntries(`file:///notes/${name}`, fixture(name));
const terms = (name: string) => read(name).map((d) => d.term);

describe('glossary conventions: bold leads', () => {
  it('reads `**Term**: text`, `**Term:** text` and the three dashes, on lines and as list items', () => {
    assert.deepEqual(terms('bold-leads.md'), [
      'Saga', 'Outbox', 'Idempotent consumer', 'Dead letter queue', 'Backpressure',
      'Competing consumers', 'Message broker', 'Event sourcing', 'CQRS',
    ]);
  });

  it('keeps the text, the links, the section and where the term stands', () => {
    const byTerm = new Map(read('bold-leads.md').map((d) => [d.term, d]));
    const saga = byTerm.get('Saga')!;
    assert.equal(saga.kind, 'term');
    assert.equal(saga.format, 'glossary');
    assert.match(saga.text, /^a sequence of local transactions.*See \[the pattern\]\(https:\/\/microservices\.io\/patterns\/data\/saga\.html\)\.$/);
    assert.deepEqual(saga.links.map((l) => [l.url, l.description]), [['https://microservices.io/patterns/data/saga.html', 'the pattern']]);
    assert.deepEqual(saga.sectionPath, ['Messaging']);
    const lines = fixture('bold-leads.md').split('\n');
    assert.equal(lines[saga.termRange.start.line].slice(saga.termRange.start.character, saga.termRange.end.character), 'Saga');
    // A line that starts nothing continues the entry above it.
    const backpressure = byTerm.get('Backpressure')!;
    assert.equal(backpressure.text, 'a consumer slowing its producers down when it cannot keep up.');
    assert.equal(backpressure.range.end.line, backpressure.range.start.line + 1);
    const competing = byTerm.get('Competing consumers')!;
    assert.equal(lines[competing.termRange.start.line].slice(competing.termRange.start.character, competing.termRange.end.character), 'Competing consumers');
    assert.equal(byTerm.get('CQRS')!.expansion, 'Command Query Responsibility Segregation');
  });

  it('names a heading entry without the HTML pinned in it', () => {
    const [entry] = readGlossaryEntries('file:///x.md', '# Glossary\n\n## <a id="saga"></a>Saga\n\nA sequence of local transactions.\n');
    assert.equal(entry?.term, 'Saga');
  });

  it('skips labels, bold in the middle of a sentence, pseudo-headings, front matter and code', () => {
    const found = terms('bold-leads.md');
    for (const word of ['Note', 'Warning', 'Pros', 'Kafka', 'Fake term', 'Indented code', 'title', 'Messaging glossary']) assert.ok(!found.includes(word), word);
    const labels = readGlossaryEntries('file:///x.md', '**Important**: read this\n\n**TODO**: later\n\n**NB**: mind the gap\n\n**Update 2**: fixed\n\nSee **Saga**: the pattern.\n');
    assert.deepEqual(labels.map((d) => d.term), []);
  });

  it('keeps a link whose destination holds parentheses whole, in a glossary page and a concept note alike', () => {
    const page = readNote('file:///g/Glossary.md', '# Glossary\n\n**Bulkhead**: isolating resources ([wiki](https://en.wikipedia.org/wiki/Bulkhead_(partition))).\n');
    const concept = readNote('file:///v/Bulkhead.md', '---\naliases: [bulkheads]\n---\n# Bulkhead\n\nIsolating resources per dependency.\n\n- [paren](https://en.wikipedia.org/wiki/Bulkhead_(partition))\n- [md](<https://example.com/x y>)\n');
    assert.deepEqual(page.definitions[0].links.map((l) => [l.url, l.description]), [['https://en.wikipedia.org/wiki/Bulkhead_(partition)', 'wiki']]);
    assert.deepEqual(concept.definitions[0].links.map((l) => [l.url, l.description]), [['https://en.wikipedia.org/wiki/Bulkhead_(partition)', 'paren'], ['https://example.com/x y', 'md']]);
  });

  it('an acronym whose definition opens with the words it stands for has them as another name', () => {
    const page = readNote('file:///g/Acronyms.md', [
      '# Acronyms', '', '| Acronym | Meaning |', '|---|---|',
      '| QPS | Queries per second |',
      '| ADR | Architecture decision record: a short document recording one decision |',
      '| CRDT | Conflict-free replicated data type: merges concurrent updates |',
      '| SLO | a target for an SLI |', '',
    ].join('\n'));
    assert.deepEqual(page.definitions.map((d) => [d.term, d.expansion]), [
      ['QPS', 'Queries per second'], ['ADR', 'Architecture decision record'], ['CRDT', 'Conflict-free replicated data type'], ['SLO', undefined],
    ]);
    const index = new NotesIndex();
    index.upsert(page);
    const doc = 'The gateway caps each tenant at 500 queries per second.';
    assert.deepEqual(termsInDocument(index, doc, true).map((t) => `${t.occurrences[0].text}→${t.entry.term}`), ['queries per second→QPS']);
  });

  it('an acronym in brackets after the name is another name of the term', () => {
    const [slo] = readGlossaryEntries('file:///x.md', '**Service level objective (SLO)**: the target a service commits to.\n');
    assert.equal(slo.term, 'Service level objective');
    assert.deepEqual(slo.aliases, ['SLO']);
  });
});

describe('glossary conventions: the case of a term', () => {
  it('reads a page\'s entries, set in sentence case, in lower case too', () => {
    const index = new NotesIndex();
    index.upsert(readNote('file:///notes/payments-glossary.md', [
      '# Payments glossary',
      '',
      "- **Settlement**: the transfer of funds from the acquirer to the merchant's account.",
      "- **Authorization**: the issuer's approval to hold funds for a card payment.",
      '',
    ].join('\n')));
    const doc = 'After authorization the issuer holds the funds; settlement moves them to the merchant at night.';
    assert.deepEqual(explainDocument(index, doc, true).map((o) => [o.text, o.verdict]), [['authorization', 'mention'], ['settlement', 'mention']]);
  });
});

describe('glossary conventions: a definition keeps its inline Markdown', () => {
  // A page of type signatures: what code spans hold is code, `<A>` in it no HTML tag.
  const TYPES = [
    '# Terms',
    '',
    '| Term | Definition |',
    '|------|------------|',
    '| Functor | A type `F<A>` with a `map` from `F<A>` to `F<B>`. |',
    '',
    'Monad',
    ': A functor with `flatMap: F<A> => (A => F<B>) => F<B>`.',
    '',
    '**Monomorphisation**: the compiler emits one copy of `Vec<T>` per concrete `T`, e.g. `Vec<u8>`.',
    '',
    '**Trait object**: a `dyn Trait` pointer, *dynamically* dispatched, see [the book](https://doc.rust-lang.org/book/ch17-02-trait-objects.html).',
    '',
  ].join('\n');
  const byTerm = () => new Map(readGlossaryEntries('file:///notes/terms.md', TYPES).map((d) => [d.term, d]));

  it('keeps code spans whole, `<…>` in them included, in a table, a definition list and a bold lead', () => {
    const found = byTerm();
    assert.equal(found.get('Functor')?.text, 'A type `F<A>` with a `map` from `F<A>` to `F<B>`.');
    assert.equal(found.get('Monad')?.text, 'A functor with `flatMap: F<A> => (A => F<B>) => F<B>`.');
    assert.equal(found.get('Monomorphisation')?.text, 'the compiler emits one copy of `Vec<T>` per concrete `T`, e.g. `Vec<u8>`.');
  });

  it('keeps emphasis and inline links as written, as a concept note does, the link still among its links', () => {
    const objects = byTerm().get('Trait object')!;
    assert.equal(objects.text, 'a `dyn Trait` pointer, *dynamically* dispatched, see [the book](https://doc.rust-lang.org/book/ch17-02-trait-objects.html).');
    assert.deepEqual(objects.links.map((l) => [l.url, l.description]), [['https://doc.rust-lang.org/book/ch17-02-trait-objects.html', 'the book']]);
  });

  it('still takes HTML, images and bare URLs out of the text, but not out of code', () => {
    const [entry] = readGlossaryEntries('file:///x.md', '**Bulkhead**: isolate <img src=x onerror=alert(1)> resources ![diagram](d.png) per consumer https://example.com/b, as `code <b>` says.\n');
    assert.equal(entry.text, 'isolate resources per consumer , as `code <b>` says.');
    assert.deepEqual(entry.links.map((l) => l.url), ['https://example.com/b']);
    // A link inside a code span is code: neither taken out nor a reference.
    const [coded] = readGlossaryEntries('file:///x.md', '**Link syntax**: written `[text](https://example.com)` in Markdown.\n');
    assert.equal(coded.text, 'written `[text](https://example.com)` in Markdown.');
    assert.deepEqual(coded.links, []);
  });

  it('a card shows the code spans and emphasis, and the terminal prints them as written', () => {
    const index = new NotesIndex();
    index.upsert(readNote('file:///notes/terms.md', TYPES));
    const card = (term: string) => termMarkdown(index.lookupExact(term)[0], []);
    assert.match(card('functor'), /— A type `F<A>` with a `map` from `F<A>` to `F<B>`\./);
    assert.match(card('monad'), /`flatMap: F<A> => \(A => F<B>\) => F<B>`/);
    assert.match(card('trait object'), /a `dyn Trait` pointer, \*dynamically\* dispatched, see \[the book\]\(https:\/\/doc\.rust-lang\.org\/book\/ch17-02-trait-objects\.html\)/);
    assert.match(termText(index.lookupExact('functor')[0], []), /A type `F<A>` with a `map` from `F<A>` to `F<B>`\./);
  });

  it('Insert glossary writes the code spans whole, and never cuts one', () => {
    const found = byTerm();
    const written = glossaryText([
      { term: 'Functor', definition: found.get('Functor')!.text },
      { term: 'Trait object', definition: found.get('Trait object')!.text },
    ]);
    assert.match(written, /^- \*\*Functor\*\*: A type `F<A>` with a `map` from `F<A>` to `F<B>`\.$/m);
    assert.match(written, /^- \*\*Trait object\*\*: a `dyn Trait` pointer, \*dynamically\* dispatched, see the book\.$/m);
    const long = `${'word '.repeat(30)}then \`<img src=x onerror=alert(1)> [x](javascript:y)\` ends it`;
    const cut = glossaryText([{ term: 'Long', definition: long }]);
    assert.match(cut, /word then…$/m);
    assert.doesNotMatch(cut, /<img/);
  });
});

describe('glossary conventions: definition lists', () => {
  it('reads one term, several terms sharing definitions, several definitions, and loose entries', () => {
    const found = read('definition-lists.md');
    assert.deepEqual(found.map((d) => d.term), ['Shard', 'Replica', 'Quorum']);
    const replica = found[1];
    assert.deepEqual(replica.aliases, ['Follower']);
    assert.equal(replica.text, "A copy of a leader's data that applies its log.");
    assert.deepEqual(replica.continuation, ['In Kafka, a broker that copies a partition.']);
    assert.equal(found[2].text, 'A majority of the nodes, whose agreement makes a write durable.');
    // The entry ends at its last line of text.
    assert.equal(found[0].range.end.line, 3);
  });

  it('a long line over a `:` line is prose, not a term', () => {
    assert.ok(!terms('definition-lists.md').some((t) => t.startsWith('Not a term')));
  });
});

describe('glossary conventions: tables', () => {
  it('reads tables whose header names a term and a definition column, in any case and order', () => {
    const found = read('tables.md');
    assert.deepEqual(found.map((d) => d.term), ['Bounded context', 'Aggregate', 'Ubiquitous language', 'SLO', 'RPO', 'Scatter-gather', 'Read model']);
    const scatter = found.find((d) => d.term === 'Scatter-gather')!;
    assert.equal(scatter.text, 'A request that reaches every shard.');
    assert.deepEqual(scatter.aliases, ['broadcast query']);
    const line = fixture('tables.md').split('\n')[scatter.termRange.start.line];
    assert.equal(line.slice(scatter.termRange.start.character, scatter.termRange.end.character), 'Scatter-gather');
  });

  it('ignores a table without both columns', () => {
    assert.ok(!terms('tables.md').includes('Alice'));
  });

  it('reads a huge table within bounds, and no more rows than the limit, which it says at the first row left out', () => {
    const rows = MAX_TABLE_ROWS + 500;
    const text = '| Term | Definition |\n|---|---|\n' + Array.from({ length: rows }, (_, i) => `| term${i} | definition number ${i} |`).join('\n') + '\n';
    const started = performance.now();
    const problems: NoteProblem[] = [];
    const found = readGlossaryEntries('file:///huge.md', text, problems);
    const elapsed = performance.now() - started;
    assert.ok(found.length <= MAX_TABLE_ROWS && found.length >= MAX_TABLE_ROWS - 1, String(found.length));
    assert.equal(found[0].term, 'term0');
    assert.ok(elapsed < 5000, `${elapsed} ms`);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.equal(problems[0].kind, 'entries-left-out');
    assert.equal(text.split('\n')[problems[0].range.start.line], `| term${found.length} | definition number ${found.length} |`);
    assert.match(problems[0].message, /^500 more rows are left out of this glossary table, from this one on: at most 20,000 rows/);
    // A table of other data, as long, defines nothing and says nothing.
    const data = '| Host | Port |\n|---|---|\n' + Array.from({ length: rows }, (_, i) => `| h${i} | ${i} |`).join('\n') + '\n';
    const quiet: NoteProblem[] = [];
    assert.deepEqual(readGlossaryEntries('file:///data.md', data, quiet), []);
    assert.deepEqual(quiet, []);
  });
});

describe('glossary conventions: the limit of entries in one note', () => {
  it('says how many entries past the limit are left out, at the first of them', () => {
    const count = MAX_GLOSSARY_ENTRIES + 3;
    // A label among them (`**Note**: …`) defines nothing and is not counted as left out.
    const text = '# Glossary\n\n' + Array.from({ length: count }, (_, i) => `**Gadget ${i}**: def ${i}.\n`).join('\n') + '\n**Note**: not a term.\n';
    const note = readNote('file:///notes/many.md', text);
    assert.equal(note.definitions.length, MAX_GLOSSARY_ENTRIES);
    const problems = note.problems.filter((p) => p.kind === 'entries-left-out');
    assert.equal(problems.length, 1, JSON.stringify(note.problems));
    const [problem] = problems;
    const lines = text.split('\n');
    assert.equal(lines[problem.range.start.line], `**Gadget ${MAX_GLOSSARY_ENTRIES}**: def ${MAX_GLOSSARY_ENTRIES}.`);
    assert.match(problem.message, /^3 more glossary entries are left out, from this one on: at most 50,000 are read from one note/);
  });

  it('a note within the limit has no such problem', () => {
    const note = readNote('file:///notes/few.md', '# Glossary\n\n**Saga**: steps.\n\n**Outbox**: rows.\n');
    assert.deepEqual(note.problems, []);
  });
});

describe('glossary conventions: headings under a Glossary heading', () => {
  it('each sub-heading is a term, its first paragraph or its Definition field the text', () => {
    const found = read('headings.md');
    assert.deepEqual(found.map((d) => d.term), ['Ledger', 'Settlement', 'Authorisation', 'Chargeback']);
    const [ledger, settlement, authorisation, chargeback] = found;
    assert.equal(ledger.text, 'The book of record of every money movement, append-only.');
    assert.deepEqual(ledger.sectionPath, ['Payments handbook', 'Glossary']);
    assert.equal(settlement.text, 'the transfer of funds that completes a payment.');
    assert.deepEqual(settlement.aliases, ['clearing', 'payout']);
    assert.deepEqual(authorisation.sectionPath, ['Payments handbook', 'Glossary', 'A']);
    assert.equal(chargeback.text, '');
  });

  it('headings outside the glossary are not terms', () => {
    const found = terms('headings.md');
    for (const heading of ['Deploys', 'Refund', 'How we work', 'Runbook', 'A', 'Glossary']) assert.ok(!found.includes(heading), heading);
  });
});

describe('glossary conventions: odd input', () => {
  it('unclosed bold, empty bold, a sentence in bold and raw HTML give no term; empty definitions stay terms', () => {
    const found = read('hostile.md');
    assert.deepEqual(found.map((d) => [d.term, d.text]), [
      ['Empty', ''], ['Blank definition', ''], ['Pipe | term', 'a term with a pipe'], ['Emoji 🚀', 'a term with an emoji'],
    ]);
  });

  it('never throws on odd text', () => {
    for (const text of ['', '**', '**:', '| Term | Definition |\n|---|', 'Term\n:', '# Glossary\n##', '---\nfront: [', '\r\n\r**A**: b\r', '`'.repeat(10_000), '**a**: '.repeat(5_000), ': x\n'.repeat(1000)]) {
      assert.doesNotThrow(() => readGlossaryEntries('file:///odd.md', text), JSON.stringify(text.slice(0, 30)));
    }
  });

  it('reads the entries after a list nested past markdown-it\'s limit, and the bold leads deep inside it', () => {
    const list = (depth: number) => Array.from({ length: depth }, (_, i) => '  '.repeat(i) + '- level\n').join('');
    for (const depth of [30, 50, 51, 10_000]) {
      const found = readGlossaryEntries('file:///g.md', `# Glossary\n\n**Nestterm**: x\n\n${list(depth)}\n**Afternest**: after\n\n**Another**: second\n`);
      assert.deepEqual(found.map((d) => d.term), ['Nestterm', 'Afternest', 'Another'], `depth ${depth}`);
    }
    const deep = readGlossaryEntries('file:///g.md', `# Glossary\n\n**Nestterm**: x\n\n${list(60)}${'  '.repeat(60)}- **Deepterm**: deep\n`);
    assert.deepEqual(deep.map((d) => [d.term, d.termRange.start.line]), [['Nestterm', 2], ['Deepterm', 64]]);
  });

  it('a U+2028 or U+2029 inside a line is the line\'s text, as it is to editors (only CR and LF end a line)', () => {
    for (const separator of ['\u2028', '\u2029']) {
      const bold = readGlossaryEntries('file:///g.md', `# Glossary\n\n**Termls**: text with ${separator} inside\n\n**Plainls**: ok\n`);
      assert.deepEqual(bold.map((d) => [d.term, d.text]), [['Termls', 'text with inside'], ['Plainls', 'ok']], JSON.stringify(separator));
      const list = readGlossaryEntries('file:///g.md', `Term A\nTerm B\n: a definition with ${separator} inside\n`);
      assert.deepEqual(list.map((d) => [d.term, d.aliases, d.text]), [['Term A', ['Term B'], 'a definition with inside']], JSON.stringify(separator));
      const field = readGlossaryEntries('file:///g.md', `# Glossary\n\n## Headterm\n\n**Definition**: a field with ${separator} inside\n`);
      assert.deepEqual(field.map((d) => [d.term, d.text]), [['Headterm', 'a field with inside']], JSON.stringify(separator));
    }
  });

  it('counts lines as editors do: CRLF and lone CR', () => {
    const [saga] = readGlossaryEntries('file:///x.md', '# G\r\n\r\n**Saga**: steps\r**Outbox**: rows\r\n');
    assert.equal(saga.termRange.start.line, 2);
    assert.equal(readGlossaryEntries('file:///x.md', '# G\r\n\r\n**Saga**: steps\r**Outbox**: rows\r\n')[1].termRange.start.line, 3);
  });
});

describe('glossary conventions in the note model', () => {
  it('readNote adds glossary entries to a note without dialect definitions, and leaves dialect notes alone', () => {
    const glossary = readNote('file:///notes/headings.md', fixture('headings.md'));
    const ledger = glossary.definitions.filter((d) => d.term === 'Ledger');
    // The glossary term replaces the topic the dialect made of the same heading.
    assert.deepEqual(ledger.map((d) => [d.kind, d.format]), [['term', 'glossary']]);
    const dialect = readNote('file:///notes/a.md', '# PATTERNS\n\n## saga\n\n* _saga_: steps with compensations\n\n**Outbox**: rows\n');
    assert.deepEqual(dialect.definitions.filter((d) => d.kind === 'term').map((d) => [d.term, d.format]), [['saga', undefined]]);
  });

  it('a stored note keeps the definitions\' format', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-'));
    try {
      const file = path.join(folder, 'bold-leads.md');
      fs.writeFileSync(file, fixture('bold-leads.md'));
      const uri = pathToFileURL(file).href;
      const index = new NotesIndex();
      const text = fixture('bold-leads.md');
      index.upsert(readNote(uri, text), { text, read: noteReader(file) });
      const [entry] = index.lookupExact('saga');
      assert.equal(entry.definitions[0].format, 'glossary');
      assert.equal(JSON.parse(JSON.stringify(entry.definitions[0])).format, 'glossary');
      assert.equal(index.lookupExact('idempotent consumer')[0].definitions[0].format, 'glossary');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('the outline lists a glossary page with its terms', () => {
    const note = readNote('file:///notes/tables.md', fixture('tables.md'));
    const tree = noteTree(note, 'tables.md');
    assert.equal(tree.label, 'tables.md');
    assert.deepEqual(tree.children.map((c) => [c.kind, c.label]).slice(0, 2), [['term', 'Bounded context'], ['term', 'Aggregate']]);
    assert.equal(tree.termCount, 7);
  });
});

// Every editor feature, called directly over a workspace of open glossary pages.
const notesFolder = path.join(path.parse(process.cwd()).root, 'in-memory-glossaries');
const noteUri = (name: string) => pathToFileURL(path.join(notesFolder, name)).href;
const docUri = 'untitled:design.md';
const DOC = '# Design\n\nOrders run as a saga; the outbox relays events. We keep a ledger of every payment.\n';
const DIALECT = '# PATTERNS\n\n## transactions\n\n* _saga_: long-running transaction split into steps with compensations\n';

async function workspaceOf(files: Record<string, string>, doc = DOC): Promise<FeatureContext & { docs: Map<string, TextDocument> }> {
  const workspace = new NotesWorkspace();
  await workspace.configure({ entries: [notesFolder], baseFolders: [], ignoreTerms: [], maxFileBytes: 5_000_000 });
  const docs = new Map<string, TextDocument>();
  for (const [name, text] of Object.entries(files)) {
    docs.set(noteUri(name), TextDocument.create(noteUri(name), 'markdown', 1, text));
    workspace.noteOpened(noteUri(name), text);
  }
  docs.set(docUri, TextDocument.create(docUri, 'markdown', 1, doc));
  return { workspace, documents: { get: (uri) => docs.get(uri), all: () => [...docs.values()] }, languages: () => ['markdown'], docs };
}

function at(text: string) {
  const offset = DOC.indexOf(text);
  assert.ok(offset >= 0, text);
  return TextDocument.create(docUri, 'markdown', 1, DOC).positionAt(offset + 1);
}

describe('glossary terms in every feature', () => {
  let context: Awaited<ReturnType<typeof workspaceOf>>;
  before(async () => {
    context = await workspaceOf({ 'bold-leads.md': fixture('bold-leads.md'), 'headings.md': fixture('headings.md'), 'patterns.md': DIALECT });
  });

  it('hover shows every definition of a term, each with its source; a glossary one names its page', () => {
    const card = hover(context, docUri, at('saga'));
    assert.ok(card && typeof card.contents === 'object' && 'value' in card.contents);
    assert.match(card.contents.value, /bold-leads\.md › Messaging\* — a sequence of local transactions/);
    assert.match(card.contents.value, /\*PATTERNS › transactions\* — long-running transaction/);
    const ledger = hover(context, docUri, at('ledger'));
    assert.ok(ledger && typeof ledger.contents === 'object' && 'value' in ledger.contents);
    assert.match(ledger.contents.value, /headings\.md › Payments handbook › Glossary\* — The book of record/);
  });

  it('definition goes to the term\'s line; references find the doc\'s uses', () => {
    const targets = definition(context, docUri, at('outbox'));
    assert.deepEqual(targets.map((t) => [t.uri, t.range.start.line]), [[noteUri('bold-leads.md'), 8]]);
    const uses = references(context, docUri, at('outbox'), false).filter((l) => l.uri === docUri);
    assert.deepEqual(uses.map((l) => l.range.start.line), [2]);
  });

  it('completion, search and In This Document know glossary terms', () => {
    const doc = context.docs.get(docUri)!;
    const list = completion(context, docUri, doc.positionAt(DOC.indexOf('outbox') + 3));
    assert.ok(list.items.some((item) => item.label === 'Outbox'), list.items.map((i) => i.label).join(', '));
    assert.ok(search(context, { query: 'dead letter' }).some((item) => item.label === 'Dead letter queue'));
    const inDoc = documentTerms(context, { uri: docUri }).map((t) => t.term.toLowerCase()).sort();
    assert.deepEqual(inDoc, ['ledger', 'outbox', 'saga']);
    // Each says where it comes from as a hover does: the page, not "(top)".
    const outbox = list.items.find((item) => item.label === 'Outbox')!;
    assert.ok(outbox.detail && !outbox.detail.includes('(top)') && /\.md/.test(outbox.detail), outbox.detail);
    assert.ok(documentTerms(context, { uri: docUri }).every((t) => !t.section.includes('(top)') && t.section !== ''), JSON.stringify(documentTerms(context, { uri: docUri })));
  });

  it('a term defined differently in two places gets an Information diagnostic; the same words do not', async () => {
    const note = context.workspace.index.note(noteUri('bold-leads.md'))!;
    const diagnostics = noteDiagnostics(context, note).filter((d) => d.code === 'different-definition');
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].severity, 3);
    assert.match(String(diagnostics[0].message), /`Saga` is defined differently in patterns\.md › PATTERNS › transactions \(line 5\)/);
    assert.equal(diagnostics[0].range.start.line, 6);
    // The other place, to open with a click.
    assert.deepEqual(diagnostics[0].relatedInformation?.map((r) => [r.location.uri.endsWith('/patterns.md'), r.location.range.start.line]), [[true, 4]]);
    const same = await workspaceOf({ 'a.md': '**Outbox**: a table of messages.\n', 'b.md': '| Term | Definition |\n|---|---|\n| outbox | A table of messages |\n' });
    assert.deepEqual(noteDiagnostics(same, same.workspace.index.note(noteUri('a.md'))!).map((d) => d.code), []);
    // Nor do the same words with their markup: a glossary keeps its emphasis and links.
    const marked = await workspaceOf({ 'a.md': '**Outbox**: a *table* of [messages](https://example.com/m).\n', 'b.md': '| Term | Definition |\n|---|---|\n| outbox | A table of messages |\n' });
    assert.deepEqual(noteDiagnostics(marked, marked.workspace.index.note(noteUri('a.md'))!).map((d) => d.code), []);
  });

  it('two bounded contexts of Contextive glossaries may define a term differently; one context, or another format, may not', async () => {
    const yaml = [
      'contexts:',
      '  - name: Ordering',
      '    terms:',
      '      - name: Order Line',
      '        definition: One product and quantity inside an order.',
      '  - name: Fulfilment',
      '    terms:',
      '      - name: Order Line',
      '        definition: In fulfilment, a line to pick from the warehouse.',
      '      - name: Shipment',
      '        definition: A package sent to one address.',
      '      - name: Shipment',
      '        definition: Every package of one order.',
      '',
    ].join('\n');
    const other = 'contexts:\n  - name: Billing\n    terms:\n      - name: Shipment\n        definition: A line on an invoice for carriage.\n';
    const contexts = await workspaceOf({ 'orders.glossary.yml': yaml, 'billing.glossary.yml': other });
    const differing = (name: string) => noteDiagnostics(contexts, contexts.workspace.index.note(noteUri(name))!)
      .filter((d) => d.code === 'different-definition').map((d) => [d.range.start.line, String(d.message).replace(/ "[^"]*"/g, '')]);
    assert.deepEqual(differing('orders.glossary.yml'), [
      [9, '`Shipment` is defined differently in this note › Fulfilment (line 12):.'],
      [11, '`Shipment` is defined differently in this note › Fulfilment (line 10):.'],
    ]);
    assert.deepEqual(differing('billing.glossary.yml'), []);
    // A glossary page in other words: as before, whatever the context.
    const withPage = await workspaceOf({ 'orders.glossary.yml': yaml, 'terms.md': '# Terms\n\n**Order Line**: a row of an invoice.\n\n**Shipment**: A package sent to one address.\n' });
    const lines = noteDiagnostics(withPage, withPage.workspace.index.note(noteUri('orders.glossary.yml'))!)
      .filter((d) => d.code === 'different-definition' && /Order Line/.test(String(d.message)));
    assert.deepEqual(lines.map((d) => [d.range.start.line, /terms\.md/.test(String(d.message)), /this note/.test(String(d.message))]), [[3, true, false], [7, true, false]]);
  });

  it('the dialect\'s own repeated terms are not reported', async () => {
    const dialectOnly = await workspaceOf({ 'a.md': DIALECT, 'b.md': '# PATTERNS\n\n## sagas\n\n* _saga_: choreography or orchestration\n' });
    assert.deepEqual(noteDiagnostics(dialectOnly, dialectOnly.workspace.index.note(noteUri('a.md'))!).map((d) => d.code), []);
  });
});
