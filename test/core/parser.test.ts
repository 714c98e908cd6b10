import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseNote } from '../../server/src/core/formats/dialect/parser';
import type { Definition, Note } from '../../server/src/core/model';

const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');
const seedText = fs.readFileSync(path.join(fixtures, 'architecture.md'), 'utf8');

function definitionsOf(note: Note, term: string): Definition[] {
  return note.definitions.filter((d) => d.term === term);
}

function only(note: Note, term: string): Definition {
  const found = definitionsOf(note, term);
  assert.equal(found.length, 1, `expected one definition of "${term}", found ${found.length}`);
  return found[0];
}

/** Line of the first occurrence of a snippet in a text (zero-based). */
function lineOf(text: string, snippet: string): number {
  const at = text.indexOf(snippet);
  assert.notEqual(at, -1, `fixture lacks ${snippet}`);
  return text.slice(0, at).split('\n').length - 1;
}

describe('parser on the seed note', () => {
  const note = parseNote('file:///notes/architecture.md', seedText);

  it('reads the icon, the areas and the topics with their decoration stripped', () => {
    assert.equal(note.icon, '⛩️');
    const areas = note.sections.filter((s) => s.kind === 'area').map((s) => s.name);
    assert.deepEqual(areas, ['HEURISTICS', 'PATTERNS', 'SERVERLESS', 'ZA']);
    const patterns = note.sections.filter((s) => s.kind === 'topic' && s.path[0] === 'PATTERNS').map((s) => s.name);
    assert.deepEqual(patterns, ['event-driven', 'layered', 'microkernel', 'microservices', 'monolith']);
    const factors = note.sections.find((s) => s.name === 'factors');
    assert.equal(factors?.decoration, '⭕️');
    assert.deepEqual(factors?.path, ['HEURISTICS', 'factors']);
    assert.equal(note.sections.find((s) => s.name === '参考')?.kind, 'references');
    assert.equal(note.sections.find((s) => s.name === '进步')?.kind, 'inbox');
  });

  it('SOA has the expansion "service oriented"', () => {
    const soa = only(note, 'SOA');
    assert.equal(soa.expansion, 'service oriented');
    assert.equal(soa.text, 'n services, n data stores');
    assert.deepEqual(soa.sectionPath, ['ZA', 'semantics']);
  });

  it('an acronym whose text spells it out gets that text as its expansion', () => {
    assert.equal(only(note, 'SPoF').expansion, 'single point of failure');
    assert.equal(only(note, 'SSoT').expansion, 'single source of truth');
  });

  it('takes fewer words in parentheses than the term has for a qualifier of it, not an expansion', () => {
    const parsed = parseNote('file:///notes/db.md', ['# DATABASES', '## scaling', '* _secondary index (distributed)_: local or global', '* _LSM tree (log-structured merge tree)_: sorted runs', '* _CL (changelist)_: a change under review'].join('\n'));
    const secondary = only(parsed, 'secondary index');
    assert.equal(secondary.expansion, undefined);
    assert.equal(secondary.text, '(distributed) local or global');
    assert.equal(only(parsed, 'LSM tree').expansion, 'log-structured merge tree');
    assert.equal(only(parsed, 'CL').expansion, 'changelist');
  });

  it('bikeshedding has the alias "yak shaving"', () => {
    assert.deepEqual(only(note, 'bikeshedding').aliases, ['yak shaving']);
  });

  it('an `aka` continuation item names an alias of the definition above it', () => {
    const backwards = only(note, 'backwards compatible');
    assert.ok(backwards.aliases.includes('open-closed principle'), JSON.stringify(backwards.aliases));
    assert.ok(backwards.quotes.some((q) => q.text === 'is the old data really old?'));
  });

  it('horizontal scaling has two definitions, under monolith and under semantics', () => {
    const paths = definitionsOf(note, 'horizontal scaling').map((d) => d.sectionPath.join(' › '));
    assert.deepEqual(paths, ['PATTERNS › monolith', 'ZA › semantics']);
    const second = definitionsOf(note, 'horizontal scaling')[1];
    assert.deepEqual(second.aliases, ['shared-nothing architecture']);
  });

  it('the [6] after reliability cites Kleppmann page 6', () => {
    const reliability = only(note, 'reliability');
    assert.equal(reliability.label, 'KLEPPMANN');
    assert.deepEqual(reliability.citations.map((c) => [c.book, c.page, c.kind]), [['Kleppmann', '6', 'page-only']]);
    assert.equal(only(note, 'fan out').citations[0]?.page, '11');
  });

  it('reads book and bracket citations with their pages', () => {
    const forward = only(note, 'forward compatibility');
    assert.deepEqual(forward.citations.map((c) => `${c.book} ${c.page}`), ['Kleppmann 112', 'Kleppmann 129']);
    assert.deepEqual(only(note, 'evolvability').citations.map((c) => [c.book, c.page, c.kind]), [['Kleppmann', '4.128', 'bracket']]);
    assert.ok(note.citations.some((c) => c.book === 'Getting Real' && c.page === '42'));
    assert.ok(note.citations.some((c) => c.book === 'Kleppmann' && c.page === '17,22'));
    // A timestamp in brackets under SERVERLESS cites no book.
    assert.ok(!note.citations.some((c) => c.page === '1:12:30'));
  });

  it('benefits is a facet of microservices, not a term', () => {
    assert.equal(definitionsOf(note, 'benefits').length, 0);
    const facets = note.facets.filter((f) => f.sectionPath.join('/') === 'PATTERNS/microservices').map((f) => f.word);
    assert.deepEqual(facets, ['sink', 'benefits', 'drawbacks', 'communcation']);
    // The facet's links still belong to its topic.
    const microservices = definitionsOf(note, 'microservices').find((d) => d.kind === 'topic')!;
    assert.ok(microservices.links.some((l) => l.url === 'https://segment.com/blog/goodbye-microservices/'));
  });

  it('the topic microservices is also called distributed monolith and modularity', () => {
    const topic = definitionsOf(note, 'microservices').find((d) => d.kind === 'topic')!;
    assert.deepEqual(topic.equivalences, ['distributed monolith', 'modularity']);
  });

  it('reads cross-references with their sections', () => {
    const refs = note.crossReferences.map((r) => `${r.file}${r.section ? ' > ' + r.section : ''}`);
    assert.ok(refs.includes('dbms.md > perf'), refs.join(', '));
    assert.ok(refs.includes('sql.md > migrations'), refs.join(', '));
    assert.ok(refs.includes('analytics.md > tooling > BI'), refs.join(', '));
    assert.ok(refs.includes('containers.md > volumes'), refs.join(', '));
    const sql = note.crossReferences.find((r) => r.file === 'sql.md')!;
    const line = lineOf(seedText, 'COMPATIBILITY https://');
    assert.equal(sql.fileRange.start.line, line);
    assert.equal(seedText.split('\n')[line].slice(sql.fileRange.start.character, sql.fileRange.end.character), 'sql.md');
  });

  it('marks links after a `---` inside a topic as inbox material', () => {
    const monolithSplit = lineOf(seedText, '* _bikeshedding_');
    const bikeshed = note.links.find((l) => l.url === 'http://bikeshed.org/')!;
    assert.equal(bikeshed.inbox, true);
    assert.ok(bikeshed.range.start.line >= monolithSplit);
    const danluu = note.links.find((l) => l.url === 'https://danluu.com/simple-architectures/')!;
    assert.equal(danluu.inbox, false);
    assert.deepEqual(danluu.sectionPath, ['PATTERNS', 'monolith']);
    assert.equal(danluu.description, 'monolith + db');
    assert.equal(only(note, 'bikeshedding').inbox, true);
  });

  it('marks a topic inbox when nothing but pointers to other notes stands above its `---`', () => {
    const topics = new Map(note.definitions.filter((d) => d.kind === 'topic').map((d) => [d.term, d.inbox]));
    // `## semantics` has nothing above its split, `## factors` only `🗄️ \`eng.md\` factors`.
    assert.equal(topics.get('semantics'), true);
    assert.equal(topics.get('factors'), true);
    // Text of their own above the split: a quote, links, items.
    for (const name of ['KISS', 'monolith', 'no code', 'Docker db data mgmt']) assert.equal(topics.get(name), false, name);
    // No split at all: an empty pattern is still a pattern.
    assert.equal(topics.get('layered'), false);
  });

  it('leaves a topic distilled when its split comes under a later label, or after items of its own', () => {
    const parse = (...lines: string[]) => parseNote('file:///n.md', lines.join('\n'));
    const topic = (n: Note) => n.definitions.find((d) => d.kind === 'topic')!;
    assert.equal(topic(parse('# AREA', '## caching', '* warm the cache first https://a.example/', '---', '* https://b.example/')).inbox, false);
    assert.equal(topic(parse('# AREA', '## caching', '> a quote of its own', '---', '* https://b.example/')).inbox, false);
    assert.equal(topic(parse('# AREA', '## caching', '🗄', '* `sql.md` indexes', '', '---', '* https://b.example/')).inbox, true);
    // Only the topic's own section counts: a split in the next topic says nothing of this one.
    const two = parse('# AREA', '## caching', '## sharding', '---', '* https://b.example/');
    assert.deepEqual(two.definitions.map((d) => [d.term, d.inbox]), [['caching', false], ['sharding', true]]);
  });

  it('keeps citations out of the definition text, and facet words out of link descriptions', () => {
    assert.equal(only(note, 'elastic').text, 'scales automatically with load');
    assert.equal(only(note, 'forward compatibility').text, "old code can handle new data; typically harder to do typically old code doesn't touch new fields");
    const sinkLink = note.links.find((l) => l.url === 'https://martinfowler.com/architecture/')!;
    assert.equal(sinkLink.description, '');
    const equivalence = note.links.find((l) => l.url === 'https://news.ycombinator.com/item?id=31727453')!;
    assert.equal(equivalence.description, 'distributed monolith, modularity');
  });

  it('describes a bare link by the words before it', () => {
    const tenant = note.links.find((l) => l.url === 'https://news.ycombinator.com/item?id=39004963')!;
    assert.equal(tenant.description, 'db per tentant');
    const breaker = only(note, 'circuit breaker');
    assert.equal(breaker.links[0].description, 'error handling');
    assert.equal(breaker.text, 'error handling');
  });

  it('gathers continuation items under the definition they follow', () => {
    const breaker = only(note, 'circuit breaker');
    assert.equal(breaker.continuation.length, 2);
    assert.match(breaker.continuation[1], /^avoid fault in one part/);
  });

  it('reads labels with their scope', () => {
    const factors = note.sections.find((s) => s.name === 'factors')!;
    assert.deepEqual(factors.labels.map((l) => l.name), ['FACTORS', 'COMPATIBILITY', 'KLEPPMANN']);
    const compatibility = factors.labels[1];
    assert.equal(compatibility.url, 'https://thorben-janssen.com/update-database-schema-without-downtime/');
    assert.ok(compatibility.scope.end.line < factors.labels[2].range.start.line);
  });

  it('reads loose and empty definitions and reports the empty one', () => {
    const separation = only(note, 'separation of concerns');
    assert.equal(separation.loose, true);
    assert.equal(separation.text, 'HTML for content/semantics, CSS for style');
    const empty = only(note, 'n db');
    assert.equal(empty.text, '');
    assert.ok(note.problems.some((p) => p.kind === 'empty-definition' && p.range.start.line === empty.termRange.start.line));
  });

  it('reads quotes with their sources, and questions, pins and podcasts as reminders', () => {
    const knuth = note.quotes.find((q) => q.text.startsWith('We should forget about small efficiencies'))!;
    assert.equal(knuth.source?.name, 'Donald Knuth');
    const fitzpatrick = note.quotes.find((q) => q.text.startsWith('I used to tolerate'))!;
    assert.equal(fitzpatrick.source?.url, 'https://golangweekly.com/issues/533');
    assert.match(fitzpatrick.source?.name ?? '', /^Brad Fitzpatrick/);
    const kinds = note.reminders.map((r) => r.kind);
    assert.ok(kinds.includes('question'));
    assert.ok(kinds.includes('pin'));
    assert.ok(kinds.includes('podcast'));
    assert.ok(!note.quotes.some((q) => q.text.includes('where are you with Kleppmann notes')));
  });

  it('never reads terms or links inside code fences', () => {
    assert.ok(!note.links.some((l) => l.url.includes('postgres_data')));
    const fence = lineOf(seedText, 'docker run -d --name postgres');
    assert.ok(!note.lines.some((l) => l.line === fence));
  });

  it('keeps the ranges of terms on the text', () => {
    const lines = seedText.split('\n');
    for (const definition of note.definitions) {
      const { start, end } = definition.termRange;
      assert.equal(start.line, end.line);
      assert.equal(lines[start.line].slice(start.character, end.character), definition.term, `range of ${definition.term}`);
    }
  });
});

describe('parser on small notes', () => {
  it('reports a term defined twice in one section', () => {
    const note = parseNote('file:///n.md', '# AREA\n\n## topic\n\n* _cache_: fast\n* _caches_: again\n');
    assert.equal(note.problems.filter((p) => p.kind === 'duplicate-definition').length, 1);
  });

  it('reads CRLF text with the same ranges as LF text', () => {
    const lf = parseNote('file:///a.md', '## t\n\n* _fan out_: many requests [11]\n');
    const crlf = parseNote('file:///a.md', '## t\r\n\r\n* _fan out_: many requests [11]\r\n');
    assert.deepEqual(crlf.definitions.map((d) => [d.term, d.text, d.termRange]), lf.definitions.map((d) => [d.term, d.text, d.termRange]));
  });

  it('a link or URL inside a code span is code: kept in the definition, not read as a link', () => {
    const note = parseNote('file:///a.md', '## t\n\n* _zeta term_: `code [x](command:y)` and `https://in.code/x` then [ok](https://ok.com) and ``a ` [b](c)``\n');
    assert.deepEqual(note.links.map((l) => [l.url, l.description]), [['https://ok.com', 'ok']]);
    assert.equal(only(note, 'zeta term').text, '`code [x](command:y)` and `https://in.code/x` then ok and ``a ` [b](c)``');
  });

  it('a Markdown link inside a definition leaves its label, emphasis around it included; a bare URL is cut out', () => {
    const note = parseNote('file:///a.md', [
      '## sagas',
      '',
      '* _saga_: see [the ADR](adr/0007-saga.md) for why, and ask [the payments team](mailto:payments@example.com) before changing it',
      '* _strangler fig_: replace it piece by piece, as [Fowler describes](https://martinfowler.com/bliki/StranglerFigApplication.html) and **as we did in [ADR 3](adr/0003.md)**',
      '* _outbox_: a table written with the data https://example.com/outbox then relayed',
    ].join('\n'));
    assert.equal(only(note, 'saga').text, 'see the ADR for why, and ask the payments team before changing it');
    assert.equal(only(note, 'strangler fig').text, 'replace it piece by piece, as Fowler describes and **as we did in ADR 3**');
    assert.equal(only(note, 'outbox').text, 'a table written with the data then relayed');
    // The links stay the definition's links.
    assert.deepEqual(note.links.map((l) => l.url).slice(0, 3), ['adr/0007-saga.md', 'mailto:payments@example.com', 'https://martinfowler.com/bliki/StranglerFigApplication.html']);
  });

  it('a bare URL that a "see" leads in to at the end of a sentence takes those words with it, and is named by its address', () => {
    const note = parseNote('file:///a.md', [
      '## storage',
      '',
      '* _write-ahead log_: changes are logged before they are applied. See https://www.postgresql.org/docs/current/wal-intro.html',
      '* _vacuum_: reclaims dead rows (see https://en.wikipedia.org/wiki/Vacuum_(database)) in the background',
      '* _cqrs_: split reads from writes, cf. https://martinfowler.com/bliki/CQRS.html',
      '* _fencing_: look at https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html for why',
      '* _lease_: see https://example.com/ for more',
      '',
      '- Fowler on sagas: https://microservices.io/patterns/data/saga.html',
    ].join('\n'));
    assert.equal(only(note, 'write-ahead log').text, 'changes are logged before they are applied.');
    assert.equal(only(note, 'vacuum').text, 'reclaims dead rows in the background');
    assert.equal(only(note, 'cqrs').text, 'split reads from writes');
    // Words that do not lead in, or a URL that does not end the sentence: the prose stays.
    assert.equal(only(note, 'fencing').text, 'look at for why');
    assert.equal(only(note, 'lease').text, 'see for more');
    assert.deepEqual(note.links.map((l) => [l.url, l.description]), [
      ['https://www.postgresql.org/docs/current/wal-intro.html', 'wal intro'],
      ['https://en.wikipedia.org/wiki/Vacuum_(database)', 'Vacuum (database)'],
      ['https://martinfowler.com/bliki/CQRS.html', 'CQRS'],
      ['https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html', 'look at'],
      ['https://example.com/', 'lease'],
      ['https://microservices.io/patterns/data/saga.html', 'Fowler on sagas'],
    ]);
  });

  it('a citation beside a "see" and its URL does not keep the "see" in the definition', () => {
    const note = parseNote('file:///a.md', [
      '## resilience',
      '',
      '* _circuit breaker_: stop calling a failing dependency so it can recover 📙 Nygard [95] see https://martinfowler.com/bliki/CircuitBreaker.html',
      '* _bulkhead_: isolate pools so one failure stays put, see https://learn.microsoft.com/azure/architecture/patterns/bulkhead 📙 Nygard [98]',
    ].join('\n'));
    assert.equal(only(note, 'circuit breaker').text, 'stop calling a failing dependency so it can recover');
    assert.equal(only(note, 'bulkhead').text, 'isolate pools so one failure stays put');
    assert.deepEqual(note.links.map((l) => l.description), ['CircuitBreaker', 'bulkhead']);
    assert.equal(only(note, 'circuit breaker').citations.length, 1);
    assert.equal(only(note, 'bulkhead').citations.length, 1);
  });

  it('an autolink takes its angle brackets with it: no "< >" is left in the definition', () => {
    const note = parseNote('file:///a.md', '## t\n\n* _zeta term_: see <https://a.example/path> for more\n* _eta_: <https://b.example/>\n');
    assert.equal(only(note, 'zeta term').text, 'see for more');
    assert.equal(only(note, 'eta').text, '');
    assert.deepEqual(note.links.map((l) => [l.url, l.range.start.character, l.range.end.character]), [['https://a.example/path', 19, 43], ['https://b.example/', 9, 29]]);
  });

  it('a Markdown link may have a title in either quotes, with escaped quotes inside', () => {
    const note = parseNote('file:///a.md', '## t\n\n* _zeta term_: see [the guide](https://a.example/p "a \\"quoted\\" title") now\n* _eta_: [b](https://b.example/ \'single\')\n');
    assert.deepEqual(note.links.map((l) => [l.url, l.description]), [['https://a.example/p', 'the guide'], ['https://b.example/', 'b']]);
    assert.equal(only(note, 'zeta term').text, 'see the guide now');
    assert.equal(only(note, 'eta').text, '');
  });

  it('a Markdown link destination keeps its balanced parentheses, and one in angle brackets its spaces (CommonMark)', () => {
    const text = '## t\n\n* _bulkhead_: see [the ship](https://en.wikipedia.org/wiki/Bulkhead_(partition)) and [a note](<https://example.com/x y>) and [esc](https://example.com/a\\)b)\n';
    const note = parseNote('file:///a.md', text);
    assert.deepEqual(note.links.map((l) => [l.url, l.description]), [
      ['https://en.wikipedia.org/wiki/Bulkhead_(partition)', 'the ship'],
      ['https://example.com/x y', 'a note'],
      ['https://example.com/a)b', 'esc'],
    ]);
    assert.equal(only(note, 'bulkhead').text, 'see the ship and a note and esc');
    // A link's range is the whole of it, closing parenthesis included.
    const first = note.links[0];
    assert.equal(text.split('\n')[2].slice(first.range.start.character, first.range.end.character), '[the ship](https://en.wikipedia.org/wiki/Bulkhead_(partition))');
  });

  it('a fence after a list nested past markdown-it\'s limit is still code, and so is one inside it', () => {
    const list = (depth: number) => Array.from({ length: depth }, (_, i) => '  '.repeat(i) + '* level\n').join('');
    const fenced = '```\n* _fencedterm_: inside a code fence\n```\n';
    for (const depth of [9, 10, 11, 60, 10_000]) {
      const note = parseNote('file:///a.md', `# 💡 HEURISTICS\n\n## topic\n\n* _realterm_: x\n${list(depth)}\n${fenced}\n* _afterterm_: y\n`);
      assert.deepEqual(note.definitions.map((d) => d.term), ['topic', 'realterm', 'afterterm'], `depth ${depth}`);
    }
    const indent = '  '.repeat(60);
    const deep = parseNote('file:///a.md', `# 💡 HEURISTICS\n\n## topic\n\n${list(60)}${fenced.replace(/^/gm, indent).trimEnd()}\n\n* _afterterm_: y\n`);
    assert.deepEqual(deep.definitions.map((d) => d.term), ['topic', 'afterterm']);
    // A fence left open that deep ends with its list: the lines after the list are read.
    const unclosed = parseNote('file:///a.md', `# 💡 HEURISTICS\n\n## topic\n\n${list(60)}${indent}\`\`\`\n${indent}* _fencedterm_: x\n* _afterterm_: y\n`);
    assert.deepEqual(unclosed.definitions.map((d) => d.term), ['topic', 'afterterm']);
  });

  it('a Markdown link is a link with its text as description, not a citation', () => {
    const note = parseNote('file:///a.md', '## t\n\n* _x_: see [the docs](https://example.com/docs) [Kleppmann 3]\n');
    assert.deepEqual(note.links.map((l) => [l.url, l.description]), [['https://example.com/docs', 'the docs']]);
    assert.deepEqual(note.citations.map((c) => [c.book, c.page]), [['Kleppmann', '3']]);
  });
});

describe('parser on the damaged copy of the seed', () => {
  const rawText = fs.readFileSync(path.join(fixtures, 'architecture.raw.md'), 'utf8');
  const clean = parseNote('file:///notes/architecture.md', seedText);
  const damaged = parseNote('file:///notes/architecture.md', rawText);
  const rawLines = rawText.split('\n');

  it('reads the same terms, links, citations and cross-references as from the clean note', () => {
    const view = (note: Note) => ({
      // A topic's text is its first quote, which here starts with an ambiguous 📍/📝.
      definitions: note.definitions.map((d) => [d.term, d.kind === 'term' ? d.text : '', d.sectionPath.join('/'), d.aliases.join(','), d.expansion ?? '']),
      links: note.links.map((l) => [l.url, l.description, l.inbox]),
      citations: note.citations.map((c) => `${c.book} ${c.page}`),
      crossReferences: note.crossReferences.map((r) => `${r.file} ${r.section ?? ''}`),
      sections: note.sections.map((s) => s.name),
    });
    assert.deepEqual(view(damaged), view(clean));
  });

  it('points every range at the damaged file as it is on disk', () => {
    for (const definition of damaged.definitions) {
      const { start, end } = definition.termRange;
      assert.equal(rawLines[start.line].slice(start.character, end.character).includes(definition.term.slice(-3)), true, definition.term);
    }
    const sql = damaged.crossReferences.find((r) => r.file === 'sql.md')!;
    assert.equal(rawLines[sql.fileRange.start.line].slice(sql.fileRange.start.character, sql.fileRange.end.character), 'sql.md');
  });

  it('reports the damage: certain repairs, and ambiguous spots with their candidates', () => {
    const ambiguous = damaged.problems.filter((p) => p.kind === 'encoding-ambiguous');
    assert.ok(damaged.problems.some((p) => p.kind === 'encoding-damage'));
    assert.ok(ambiguous.length > 0);
    for (const spot of ambiguous) assert.ok((spot.candidates?.length ?? 0) >= 2);
    assert.ok(ambiguous.some((p) => p.candidates!.includes('📍')));
    // A character no one can see is named: the repair of a variation selector read as "".
    const selector = damaged.problems.find((p) => p.kind === 'encoding-damage' && p.candidates?.[0] === '\uFE0F');
    assert.ok(selector, 'the seed damaged a variation selector');
    assert.match(selector.message, /reads "\uFE0F" \(U\+FE0F\)\.$/);
    const visible = damaged.problems.find((p) => p.kind === 'encoding-damage' && p.candidates?.[0] === '’');
    assert.ok(visible && !visible.message.includes('U+'), visible?.message);
  });
});
