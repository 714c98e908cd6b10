import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { NotesIndex } from '../../server/src/core/index/notesIndex';
import { sortedInSteps } from '../../server/src/core/steps';
import { parseNote } from '../../server/src/core/formats/dialect/parser';

const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');
const seedText = fs.readFileSync(path.join(fixtures, 'architecture.md'), 'utf8');

function seedIndex(options = {}): NotesIndex {
  const index = new NotesIndex(options);
  index.upsert(parseNote('file:///notes/architecture.md', seedText));
  return index;
}

const termOf = (index: NotesIndex, phrase: string) => index.lookup(phrase).map((e) => e.term);

describe('index lookups', () => {
  const index = seedIndex();

  it('finds a term in any case, with hyphens, spaces or underscores', () => {
    for (const phrase of ['fan out', 'Fan-Out', 'FAN_OUT', 'fan  out']) assert.deepEqual(termOf(index, phrase), ['fan out'], phrase);
  });

  it('finds a term by its plural and possessive', () => {
    assert.deepEqual(termOf(index, 'monoliths'), ['monolith']);
    assert.deepEqual(termOf(index, 'bounded contexts'), ['bounded context']);
    assert.deepEqual(termOf(index, "circuit breaker's"), ['circuit breaker']);
  });

  it('links acronyms and their expansions both ways', () => {
    assert.deepEqual(termOf(index, 'single point of failure'), ['SPoF']);
    assert.deepEqual(termOf(index, 'SPoF'), ['SPoF']);
    assert.deepEqual(termOf(index, 'service oriented'), ['SOA']);
    assert.deepEqual(termOf(index, 'SOA'), ['SOA']);
  });

  it('finds a term by its alias and a topic by its heading or equivalence', () => {
    assert.deepEqual(termOf(index, 'yak shaving'), ['bikeshedding']);
    assert.deepEqual(termOf(index, 'microservices'), ['microservices']);
    assert.deepEqual(termOf(index, 'event-driven'), ['event-driven']);
    assert.deepEqual(termOf(index, 'event driven'), ['event-driven']);
    assert.deepEqual(termOf(index, 'distributed monolith'), ['microservices']);
  });

  it('returns every definition of a repeated term with its section path', () => {
    const [entry] = index.lookup('horizontal scaling');
    assert.deepEqual(entry.definitions.map((d) => d.sectionPath.join(' › ')), ['PATTERNS › monolith', 'ZA › semantics']);
  });

  it('finds what the user meant when the notes misspell it, or the user does', () => {
    assert.deepEqual(termOf(index, 'evolvabilty'), ['evolvability']);
    assert.deepEqual(termOf(index, 'maintainabilty'), ['maintainability']);
  });

  it('never turns a facet into a term', () => {
    for (const facet of ['benefits', 'drawbacks', 'sink', 'communcation']) assert.deepEqual(index.lookupExact(facet), [], facet);
  });

  it('finds the lines that mention a phrase without a definition, with their links', () => {
    const mentions = index.mentions('CQRS');
    assert.ok(mentions.length >= 1);
    assert.ok(mentions[0].links.some((l) => l.url === 'https://roadmap.sh/backend'));
    // The author's misspelling "tentant" is found from the right spelling.
    const tenant = index.mentions('db per tenant');
    assert.ok(tenant.some((m) => m.links.some((l) => l.url === 'https://news.ycombinator.com/item?id=39004963')));
  });

  it('leaves ignored terms out of the matcher', () => {
    const ignoring = seedIndex({ ignoreTerms: ['architecture'] });
    const { matcher, entries } = ignoring.matcher();
    const found = matcher.scan('our architecture has a circuit breaker').map((m) => entries[m.id].term);
    assert.deepEqual(found, ['circuit breaker']);
  });
});

describe('index updates', () => {
  // Small notes drawn from a fixed pool, so that edits add, move and remove shared terms.
  const pool = [
    '* _fan out_: many requests [11]', '* _circuit breaker_: error handling https://a.example/cb',
    '* _SPoF_: single point of failure', '* _bikeshedding_: aka yak shaving', '* _cache_: fast https://b.example',
    '> a quote about caches - https://c.example', '* db per tentant https://d.example', '* _caches_: again',
  ];
  const noteText = (picks: number[]) => `# AREA\n\n## topic ${picks[0] ?? 0}\n\n${picks.map((p) => pool[p % pool.length]).join('\n')}\n`;
  const edit = fc.record({ note: fc.integer({ min: 0, max: 4 }), remove: fc.boolean(), picks: fc.array(fc.nat(), { maxLength: 6 }) });

  it('equals an index built from scratch after any sequence of edits', () => {
    fc.assert(fc.property(fc.array(edit, { maxLength: 25 }), (edits) => {
      const incremental = new NotesIndex();
      const current = new Map<string, string>();
      for (const { note, remove, picks } of edits) {
        const uri = `file:///n${note}.md`;
        if (remove) {
          incremental.remove(uri);
          current.delete(uri);
        } else {
          const text = noteText(picks);
          incremental.upsert(parseNote(uri, text));
          current.set(uri, text);
        }
      }
      const scratch = new NotesIndex();
      for (const [uri, text] of current) scratch.upsert(parseNote(uri, text));
      assert.deepEqual(incremental.snapshot(), scratch.snapshot());
    }), { numRuns: 200 });
  });

  it('forgets a removed note entirely', () => {
    const index = seedIndex();
    assert.ok(index.remove('file:///notes/architecture.md'));
    assert.deepEqual(index.snapshot(), new NotesIndex().snapshot());
    assert.equal(index.remove('file:///notes/architecture.md'), false);
  });
});

describe('index misses', () => {
  it('finds nothing for a phrase that is neither defined nor close to a name', () => {
    const index = seedIndex();
    assert.deepEqual(index.lookup('nonexistent thing'), []);
    assert.deepEqual(index.lookup('zzzz'), []);
  });
});

describe('index matching in prose', () => {
  it('does not light up a single word that only a loose definition names, but still finds it', () => {
    const index = seedIndex();
    const [start] = index.lookup('start');
    assert.equal(start?.term, 'start');
    assert.equal(index.matchable(start), false);
    const { matcher, entries } = index.matcher();
    const found = matcher.scan('We start with separation of concerns and a circuit breaker.').map((m) => entries[m.id].term);
    assert.deepEqual(found, ['separation of concerns', 'circuit breaker']);
  });

  it('keeps its matcher through an edit that changes no name, and builds it again when one does', () => {
    const index = new NotesIndex();
    const a = (text: string) => index.upsert(parseNote('file:///notes/a.md', `# AREA\n## topic\n${text}\n`));
    index.upsert(parseNote('file:///notes/b.md', '# B\n* _bulkhead_: isolate failures\n'));
    a('* _circuit breaker_: stop calling a failing service');
    const doc = 'A circuit breaker and a bulkhead; a fuse trips too.';
    const found = () => {
      const { matcher, entries } = index.matcher();
      return matcher.scan(doc).map((m) => `${m.text}→${entries[m.id].term}: ${entries[m.id].definitions[0].text}`);
    };
    const first = index.matcher().matcher;
    assert.deepEqual(found(), ['circuit breaker→circuit breaker: stop calling a failing service', 'bulkhead→bulkhead: isolate failures']);
    // Another text, the same names: the same matcher, over the entries as they now are.
    a('* _circuit breaker_: open after five failures in a row');
    assert.equal(index.matcher().matcher, first);
    assert.deepEqual(found(), ['circuit breaker→circuit breaker: open after five failures in a row', 'bulkhead→bulkhead: isolate failures']);
    // A new name (an alias), a term marked off, an ignored term, a removed note: built again.
    a('* _circuit breaker_: aka fuse, open after five failures in a row');
    const withAlias = index.matcher().matcher;
    assert.notEqual(withAlias, first);
    assert.deepEqual(found().map((f) => f.split(':')[0]), ['circuit breaker→circuit breaker', 'bulkhead→bulkhead', 'fuse→circuit breaker']);
    a('* _circuit breaker_: aka fuse, open after five failures <!-- hover: off -->');
    assert.deepEqual(found().map((f) => f.split(':')[0]), ['bulkhead→bulkhead']);
    a('* _circuit breaker_: aka fuse, open after five failures');
    index.setIgnoredTerms(['bulkhead']);
    assert.deepEqual(found().map((f) => f.split(':')[0]), ['circuit breaker→circuit breaker', 'fuse→circuit breaker']);
    index.setIgnoredTerms([]);
    index.remove('file:///notes/b.md');
    assert.deepEqual(found().map((f) => f.split(':')[0]), ['circuit breaker→circuit breaker', 'fuse→circuit breaker']);
  });

  describe('its matcher, built in idle slices', () => {
    // Enough names for many slices: 600 terms with an alias each.
    const notes = () => {
      const index = new NotesIndex();
      for (let n = 0; n < 6; n++) {
        const lines = ['# AREA', '## topic'];
        for (let t = 0; t < 100; t++) lines.push(`* _term${n}x${t} widget_: aka gadget${n}x${t}, thing number ${t}`);
        index.upsert(parseNote(`file:///notes/n${n}.md`, lines.join('\n')));
      }
      return index;
    };
    const doc = 'The term3x7 widget and gadget5x99, then term0x0 widgets.';
    const found = (built: { matcher: { scan(text: string): { text: string; id: number }[] }; entries: { term: string }[] }) => built.matcher.scan(doc).map((m) => `${m.text}→${built.entries[m.id].term}`);

    it('is the matcher built at once, pausing between slices', async () => {
      const sliced = notes();
      let pauses = 0;
      await sliced.prepareMatcher(undefined, async () => void pauses++, 0);
      assert.ok(pauses > 3, `paused ${pauses} times`);
      const prepared = sliced.matcher();
      assert.deepEqual(found(prepared), found(notes().matcher()));
      assert.deepEqual(found(prepared), ['term3x7 widget→term3x7 widget', 'gadget5x99→term5x99 widget', 'term0x0 widgets→term0x0 widget']);
      // Asked again, no new pass.
      await sliced.prepareMatcher(undefined, async () => void pauses++, 0);
      assert.equal(sliced.matcher().matcher, prepared.matcher);
    });

    it('is finished by a scan asked meanwhile, and dropped by a change to the notes', async () => {
      const index = notes();
      let pauses = 0;
      let scanned: string[] = [];
      await index.prepareMatcher(undefined, async () => {
        if (++pauses === 2) scanned = found(index.matcher());
      }, 0);
      assert.deepEqual(scanned, found(notes().matcher()));
      const changing = notes();
      let changed = false;
      await changing.prepareMatcher(undefined, async () => {
        if (changed) return;
        changed = true;
        changing.upsert(parseNote('file:///notes/extra.md', '# X\n* _gadget5x99_: a term of its own'));
      }, 0);
      // The pass begun before the change is not kept: the matcher is the changed index's.
      assert.deepEqual(found(changing.matcher()).slice(1, 2), ['gadget5x99→gadget5x99']);
    });

    it('sorts as Array.prototype.sort does, in steps', () => {
      fc.assert(fc.property(fc.array(fc.string(), { maxLength: 300 }), (items) => {
        let steps = 0;
        const sorting = sortedInSteps(items, (a, b) => a.localeCompare(b));
        let step = sorting.next();
        while (!step.done) {
          steps++;
          step = sorting.next();
        }
        assert.deepEqual(step.value, [...items].sort((a, b) => a.localeCompare(b)));
        assert.ok(items.length < 100 || steps > 0);
      }));
    });
  });

  it('does not light up a topic that has distilled nothing above its `---`, but still finds it', () => {
    const index = seedIndex();
    const [semantics] = index.lookup('semantics');
    assert.equal(semantics?.term, 'semantics');
    assert.equal(index.matchable(semantics), false);
    // A topic with text of its own above its split stays a word to hover.
    assert.equal(index.matchable(index.lookup('KISS')[0]), true);
    const { matcher, entries } = index.matcher();
    const found = matcher.scan('The semantics of a monolith, and the factors of KISS.').map((m) => entries[m.id].term);
    assert.deepEqual(found, ['monolith', 'KISS']);
  });
});
