import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readGlossary, MAX_GLOSSARY_CHARACTERS } from '../../server/src/core/formats/contextive/glossary';
import { resolveImport } from '../../server/src/core/formats/contextive/imports';
import { appliesTo, glossaryFolder } from '../../server/src/core/formats/contextive/scope';
import { readNote } from '../../server/src/core/formats/readNote';
import { NotesIndex } from '../../server/src/core/index/notesIndex';
import type { Definition } from '../../server/src/core/model';
import { termAt, termsInDocument } from '../../server/src/core/query/lookup';
import { noteTree } from '../../server/src/core/query/outline';
import { termMarkdown } from '../../server/src/core/query/present';
import { codeSpellings } from '../../server/src/core/text/variants';
import { fetchGlossaryText, GlossaryImports, IMPORT_RETRY_MS } from '../../server/src/core/workspace/glossaryImports';
import { NotesWorkspace, fileToUri } from '../../server/src/core/workspace/notesWorkspace';

// Contextive glossaries (docs/FORMATS-contextive.md): the reader, where terms apply, the
// code spellings of a term, and the imports the workspace loads.

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'contextive');
const fixture = (relative: string) => fs.readFileSync(path.join(FIXTURES, relative), 'utf8');
const PROJECT_FILE = '/repo/project.glossary.yml';
const PROJECT_URI = pathToFileURL(PROJECT_FILE).href;
const docUri = (relative: string) => pathToFileURL(path.join('/repo', relative)).href;

function projectIndex(): NotesIndex {
  const index = new NotesIndex();
  index.upsert(readNote(PROJECT_URI, fixture('workspace/project.glossary.yml')));
  return index;
}

/** The term hovered at the `occurrence`-th place `word` stands in `text`, in the document at `uri`. */
function hovered(index: NotesIndex, text: string, word: string, uri: string, occurrence = 0): { term?: string; definitions: Definition[] } {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) offset = text.indexOf(word, offset + 1);
  assert.notEqual(offset, -1, word);
  const found = termAt(index, text, offset + 1, true, uri);
  return { term: found?.entry.term, definitions: found?.entry.definitions ?? [] };
}

describe('Contextive glossaries', () => {
  describe('the reader', () => {
    const { note, imports } = readGlossary(PROJECT_URI, fixture('workspace/project.glossary.yml'));
    const byTerm = (term: string, context?: string) => note.definitions.find((d) => d.term === term && (!context || d.context?.name === context));

    it('reads every term of both contexts, each with its context', () => {
      assert.deepEqual(note.definitions.map((d) => `${d.context?.name}: ${d.term}`), [
        'Cargo: Cargo', 'Cargo: Leg', 'Cargo: Policy', 'Cargo: Leg Magnitude Policy', 'Cargo: Vessel', 'Billing: Policy',
      ]);
      assert.ok(note.definitions.every((d) => d.format === 'contextive' && d.kind === 'term'));
      const cargo = byTerm('Cargo')!;
      assert.equal(cargo.text, 'A unit of transportation that needs moving and delivery to its delivery location.');
      assert.deepEqual(cargo.aliases, ['unit']);
      assert.deepEqual(cargo.examples, ['Multiple Customers are involved with a Cargo, each playing a different role.', 'The Cargo delivery goal is specified.']);
      assert.deepEqual(cargo.context, { name: 'Cargo', vision: 'To manage the routing of cargo through transportation legs', meta: [['Owner:', '[Routing team](https://wiki.example.com/teams/routing)']] });
      assert.deepEqual(cargo.paths, ['CargoDemo']);
      assert.deepEqual(cargo.sectionPath, ['Cargo']);
      assert.deepEqual(byTerm('Leg Magnitude Policy')?.meta, [['Status:', 'proposed']]);
      assert.equal(byTerm('Vessel')?.text, '', 'a term may have no definition yet');
      assert.deepEqual(byTerm('Policy', 'Billing')?.paths, ['BillingDemo']);
      assert.deepEqual(note.problems, []);
    });

    it('points each term at the line of its name, and each context at its own lines', () => {
      const lines = fixture('workspace/project.glossary.yml').split('\n');
      for (const definition of note.definitions) {
        const { start, end } = definition.termRange;
        assert.equal(lines[start.line].slice(start.character, end.character), definition.term);
        assert.match(lines[start.line], /- name: /);
      }
      assert.deepEqual(note.sections.map((s) => [s.name, lines[s.headingRange.start.line].trim()]), [['Cargo', '- name: Cargo'], ['Billing', '- name: Billing']]);
    });

    it('keeps a multi-line definition whole, and the prose lines for the mention search', () => {
      assert.equal(byTerm('Policy', 'Cargo')?.text, 'A set of rules that the routing service must follow\nwhen evaluating legs that conform to the desired routing specification.');
      assert.ok(note.lines.some((l) => l.text.startsWith('when evaluating legs')));
      assert.ok(note.lines.some((l) => l.text.includes('The Cargo delivery goal is specified.')));
    });

    it('lists its imports where they are written', () => {
      assert.deepEqual(imports.map((i) => [i.spec, i.range.start.line]), [['shared/common.yml', 3], ['https://glossaries.example.com/finance.glossary.yml', 4]]);
    });

    it('is chosen for YAML files, by name', () => {
      assert.equal(readNote('file:///repo/.contextive/definitions.yml', 'contexts:\n  - terms:\n      - name: Order\n').definitions[0]?.term, 'Order');
      assert.equal(readNote('https://example.com/terms.yaml?raw=1', 'contexts:\n  - terms:\n      - name: Order\n').definitions[0]?.format, 'contextive');
      assert.equal(readNote('file:///repo/notes.md', '* _order_: a request\n').definitions[0]?.format, undefined);
    });

    it('reports malformed YAML at its line, and keeps what it could read', () => {
      const read = readGlossary('file:///repo/malformed.glossary.yml', fixture('bad/malformed.glossary.yml'));
      const [problem] = read.note.problems;
      assert.equal(problem?.kind, 'syntax-error');
      assert.match(problem.message, /quote/i);
      assert.equal(problem.range.start.line, 6, 'the line of the unclosed quote');
      assert.ok(read.note.definitions.some((d) => d.term === 'Fine Term'));
    });

    it('says what is wrong with YAML that does not parse, and where, rather than what type a value should have', () => {
      const read = readGlossary('file:///repo/bad.glossary.yml', [
        'contexts:',
        '  - name: Billing',
        '    terms:',
        '      - name: Invoice',
        '        definition: A bill: sent monthly',
        '      - name: Credit Note',
        '        definition: [unclosed',
        '',
      ].join('\n'));
      assert.deepEqual(read.note.problems.map((p) => [p.kind, p.range.start.line, p.range.start.character, p.message]), [
        ['syntax-error', 4, 20, 'YAML syntax error on line 5, column 21: Nested mappings are not allowed in compact mappings. A value that holds ": " needs quotes.'],
        // Found where the file ends, shown where the bracket opens.
        ['syntax-error', 6, 20, 'YAML syntax error on line 8, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]. The `[` on line 7 is not closed.'],
      ]);
      assert.ok(!read.note.problems.some((p) => /is text/.test(p.message)), 'no type mismatch where the YAML is broken');
      // A value of the wrong type that parses is still a type mismatch.
      const list = readGlossary('file:///repo/list.glossary.yml', 'contexts:\n  - terms:\n      - name: Refund\n        definition: [money, back]\n');
      assert.deepEqual(list.note.problems.map((p) => [p.range.start.line, p.message]), [[3, '`definition` is text (Markdown).']]);
    });

    it('makes no term of a name the parser had to guess at: an unclosed quote that runs on over the lines after it', () => {
      const read = readGlossary('file:///repo/open.glossary.yml', ['contexts:', '  - name: X', '    terms:', '      - name: Cargo', '        definition: goods', '      - name: "unterminated', '        definition: foo', '   bad indent: ['].join('\n'));
      assert.deepEqual(read.note.definitions.map((d) => d.term), ['Cargo']);
      assert.ok(read.note.problems.some((p) => /quote/i.test(p.message) && p.range.start.line === 5), JSON.stringify(read.note.problems));
    });

    it('reports a list reached through an alias once, where the alias is written, not at its anchor', () => {
      const read = readGlossary('file:///repo/alias.glossary.yml', [
        'contexts:',
        '  - name: X',
        '    terms:',
        '      - name: Cargo',
        '        examples: &nested',
        '          - [a, b]',
        '          - [c, d]',
        '          - [e, f]',
        '      - name: Leg',
        '        examples: *nested',
      ].join('\n'));
      const problems = read.note.problems.filter((p) => /examples/.test(p.message)).map((p) => p.range.start.line);
      // Each wrong item of the anchored list at its own line; the alias's list once, at the alias.
      assert.deepEqual(problems, [5, 6, 7, 9], JSON.stringify(read.note.problems));
      assert.deepEqual(read.note.definitions.map((d) => d.term), ['Cargo', 'Leg']);
    });

    it('reports a misindented term once, at its line, with what the parser says, and keeps the terms above it', () => {
      const read = readGlossary('file:///repo/shipping.glossary.yml', [
        'contexts:',
        '  - name: Shipping',
        '    terms:',
        '      - name: Cargo',
        '        definition: A unit of goods',
        '     - name: Leg',
        '       definition: part of a voyage',
        '',
      ].join('\n'));
      assert.deepEqual(read.note.problems.map((p) => [p.kind, p.range.start.line, p.message]), [['syntax-error', 5, 'YAML syntax error on line 6, column 1: A block sequence may not be used as an implicit map key.']]);
      assert.deepEqual(read.note.definitions.map((d) => d.term), ['Cargo']);
    });

    it('reports what is not a glossary without throwing: wrong shapes, a term without a name', () => {
      const read = readGlossary('file:///repo/odd.glossary.yml', [
        'contexts:',
        '  - name: Odd',
        '    terms:',
        '      - definition: no name here',
        '      - just a string',
        '      - name: [a, list]',
        '      - name: 42',
        '        definition: a number is a name too',
        '',
      ].join('\n'));
      assert.deepEqual(read.note.definitions.map((d) => d.term), ['42']);
      assert.deepEqual(read.note.problems.map((p) => p.range.start.line), [3, 4, 5, 5]);
      for (const text of ['', '# only a comment\n', '- a list\n', 'contexts: 3\n', 'contexts:\n  - 3\n', ':\n:\n- [\n']) {
        assert.doesNotThrow(() => readGlossary('file:///repo/x.glossary.yml', text));
        assert.deepEqual(readGlossary('file:///repo/x.glossary.yml', text).note.definitions, []);
      }
    });

    it('refuses an alias bomb with a problem, at once', () => {
      const started = Date.now();
      const read = readGlossary('file:///repo/bomb.glossary.yml', fixture('bad/bomb.glossary.yml'));
      assert.ok(Date.now() - started < 1000);
      assert.deepEqual(read.note.definitions, []);
      assert.equal(read.note.problems.length, 1);
      assert.match(read.note.problems[0].message, /alias/);
      const loop = readGlossary('file:///repo/loop.glossary.yml', 'contexts: &c\n  - name: Loop\n    terms: *c\n');
      assert.match(loop.note.problems[0]?.message ?? '', /without end|holds it/);
    });

    it('follows an ordinary alias', () => {
      const read = readGlossary('file:///repo/alias.glossary.yml', [
        'shared: &rules A set of rules.',
        'contexts:',
        '  - name: One',
        '    terms:',
        '      - name: Policy',
        '        definition: *rules',
        '',
      ].join('\n'));
      assert.equal(read.note.definitions[0]?.text, 'A set of rules.');
    });

    it('refuses a huge document with a problem', () => {
      const read = readGlossary('file:///repo/huge.glossary.yml', 'x'.repeat(MAX_GLOSSARY_CHARACTERS + 1));
      assert.deepEqual(read.note.definitions, []);
      assert.match(read.note.problems[0]?.message ?? '', /larger than/);
    });
  });

  describe('code spellings', () => {
    it('are the words apart and joined, from a phrase or an identifier', () => {
      assert.deepEqual(codeSpellings('Leg Magnitude Policy'), ['legmagnitudepolicy']);
      assert.deepEqual(codeSpellings('legMagnitudePolicy'), ['leg magnitude policy']);
      assert.deepEqual(codeSpellings('LEG_MAGNITUDE_POLICY'), ['legmagnitudepolicy']);
      assert.deepEqual(codeSpellings('HTTPServer'), ['http server']);
      assert.deepEqual(codeSpellings('Cargo'), []);
      assert.deepEqual(codeSpellings('gRPC'), [], 'a split that leaves one letter is none');
    });

    it('match a glossary term in a document, written as code', () => {
      const index = projectIndex();
      const doc = fixture('workspace/CargoDemo/routing.md');
      const uri = docUri('CargoDemo/routing.md');
      for (const spelling of ['Leg Magnitude Policy', 'LegMagnitudePolicy', 'LEG_MAGNITUDE_POLICY', 'leg-magnitude-policy', 'legMagnitudePolicy']) {
        assert.equal(hovered(index, doc, spelling, uri).term, 'Leg Magnitude Policy', spelling);
      }
      const code = 'const limit = config.legMagnitudePolicy(); // LEG_MAGNITUDE_POLICY_ID is another name\n';
      assert.equal(termAt(index, code, code.indexOf('legMagnitudePolicy') + 2, false, uri)?.entry.term, 'Leg Magnitude Policy', 'a whole identifier inside code');
      assert.equal(termAt(index, code, code.indexOf('_MAGNITUDE_POLICY_ID') + 3, false, uri)?.entry.term, undefined, 'a part of a longer identifier is not');
      const scanned = termsInDocument(index, doc, true, uri).find((t) => t.entry.term === 'Leg Magnitude Policy');
      assert.deepEqual(scanned?.occurrences.map((o) => o.text), ['Leg Magnitude Policy', 'LegMagnitudePolicy', 'LEG_MAGNITUDE_POLICY', 'leg-magnitude-policy', 'legMagnitudePolicy']);
    });

    it('are a glossary term\'s only: a dialect term keeps its spellings', () => {
      const index = new NotesIndex();
      index.upsert(readNote('file:///notes/a.md', '# PATTERNS\n## routing\n* _leg magnitude policy_: ranks legs\n'));
      const text = 'the legMagnitudePolicy and the leg magnitude policy';
      assert.equal(termAt(index, text, text.indexOf('legMagnitudePolicy') + 1, true, 'file:///docs/x.md'), undefined);
      assert.equal(termAt(index, text, text.indexOf('leg magnitude') + 1, true, 'file:///docs/x.md')?.entry.term, 'leg magnitude policy');
    });
  });

  describe('scope', () => {
    it('a glossary applies in its folder and below; `.contextive/definitions.yml` from the folder above', () => {
      assert.equal(glossaryFolder('/repo/shipping/shipping.glossary.yml'), '/repo/shipping');
      assert.equal(glossaryFolder('/repo/.contextive/definitions.yml'), '/repo');
      assert.ok(appliesTo(['/repo/shipping'], undefined, '/repo/shipping/src/Order.cs'));
      assert.ok(!appliesTo(['/repo/shipping'], undefined, '/repo/payments/Order.cs'));
      assert.ok(!appliesTo(['/repo/shipping'], undefined, '/repo/shipping-old/Order.cs'));
      assert.ok(appliesTo(['/repo'], ['CargoDemo'], '/repo/CargoDemo/deep/LegPolicy.cs'));
      assert.ok(appliesTo(['/repo'], ['./CargoDemo/'], '/repo/CargoDemo/LegPolicy.cs'));
      assert.ok(appliesTo(['/repo'], ['**/*.cs'], '/repo/CargoDemo/LegPolicy.cs'));
      assert.ok(!appliesTo(['/repo'], ['CargoDemo'], '/repo/BillingDemo/Policy.cs'));
      assert.ok(appliesTo(['/repo/a', '/repo/b'], ['src'], '/repo/b/src/x.md'), 'any of the folders');
    });

    it('shows, for a term two contexts define, the definition whose paths hold the document', () => {
      const index = projectIndex();
      const cargo = hovered(index, 'The policy is set.', 'policy', docUri('CargoDemo/routing.md'));
      assert.deepEqual(cargo.definitions.map((d) => d.context?.name), ['Cargo']);
      const billing = hovered(index, 'The policy is set.', 'policy', docUri('BillingDemo/invoices.md'));
      assert.deepEqual(billing.definitions.map((d) => d.context?.name), ['Billing']);
    });

    it('leaves out a term whose definitions are all out of scope, in a hover and in a scan', () => {
      const index = projectIndex();
      const readme = fixture('workspace/README.md');
      assert.equal(hovered(index, readme, 'Leg Magnitude Policy', docUri('README.md')).term, undefined);
      assert.equal(hovered(index, readme, 'Leg Magnitude Policy', docUri('../elsewhere/README.md')).term, undefined);
      assert.ok(!termsInDocument(index, readme, true, docUri('README.md')).some((t) => t.entry.term === 'Leg Magnitude Policy'));
      // A longer term out of scope does not hide a shorter one in scope.
      const billing = fixture('workspace/BillingDemo/invoices.md');
      const found = hovered(index, billing, 'Policy', docUri('BillingDemo/invoices.md'), 1);
      assert.equal(found.term, 'Policy');
      assert.deepEqual(found.definitions.map((d) => d.context?.name), ['Billing']);
      // Without a document (the command line's scan), every definition applies.
      assert.ok(termsInDocument(index, readme, true).some((t) => t.entry.term === 'Leg Magnitude Policy'));
    });

    it('follows the folders the workspace sets, and leaves other notes everywhere', () => {
      const index = projectIndex();
      index.upsert(readNote('file:///notes/a.md', '# PATTERNS\n## routing\n* _saga_: a sequence of local transactions\n'));
      index.setGlossaryFolders(PROJECT_URI, ['/elsewhere']);
      assert.equal(hovered(index, 'a Leg Magnitude Policy', 'Leg', docUri('CargoDemo/routing.md')).term, undefined);
      assert.equal(hovered(index, 'a Leg Magnitude Policy', 'Leg', 'file:///elsewhere/CargoDemo/x.md').term, 'Leg Magnitude Policy');
      assert.equal(hovered(index, 'a saga here', 'saga', 'file:///anywhere/x.md').term, 'saga');
      assert.equal(hovered(index, 'a Leg Magnitude Policy', 'Leg', 'untitled:Untitled-1').term, undefined, 'an unsaved document is in no folder');
    });
  });

  describe('the card and the outline', () => {
    it('show the context, its vision, the definition and the examples', () => {
      const index = projectIndex();
      const entry = termAt(index, 'the cargo', 5, true, docUri('CargoDemo/x.md'))!.entry;
      const card = termMarkdown(entry, []);
      assert.match(card, /\*Cargo\* — To manage the routing of cargo through transportation legs/);
      assert.match(card, /Owner: \[Routing team\]\(https:\/\/wiki\.example\.com\/teams\/routing\)/);
      assert.match(card, /A unit of transportation that needs moving/);
      assert.match(card, /- “The Cargo delivery goal is specified\.”/);
    });

    it('escape what a glossary says but for links the URL policy opens', () => {
      const index = new NotesIndex();
      index.upsert(readNote(PROJECT_URI, [
        'contexts:',
        '  - name: "<img src=x onerror=alert(1)>"',
        '    domainVisionStatement: "[run](command:workbench.action.terminal.new) and [docs](https://example.com/d)"',
        '    terms:',
        '      - name: Order',
        '        definition: "**bold** <script>x</script>"',
        '',
      ].join('\n')));
      const card = termMarkdown(termAt(index, 'an order', 4, true, docUri('x.md'))!.entry, []);
      assert.doesNotMatch(card, /<img|<script>|\]\(command:/);
      assert.match(card, /\[docs\]\(https:\/\/example\.com\/d\)/);
    });

    it('group the terms by context', () => {
      const tree = noteTree(readNote(PROJECT_URI, fixture('workspace/project.glossary.yml')), 'project.glossary.yml');
      assert.deepEqual(tree.children.map((c) => [c.label, c.detail, c.children.map((t) => t.label)]), [
        ['Cargo', 'To manage the routing of cargo through transportation legs', ['Cargo', 'Leg', 'Policy', 'Leg Magnitude Policy', 'Vessel']],
        ['Billing', 'Compute and levy charges for shipping', ['Policy']],
      ]);
    });
  });

  describe('the index', () => {
    it('keeps what a glossary says when it stores the note, and in its state', () => {
      const text = fixture('workspace/project.glossary.yml');
      const index = new NotesIndex();
      index.upsert(readNote(PROJECT_URI, text), { text, read: () => text });
      const check = (from: NotesIndex) => {
        const found = termAt(from, 'a LegMagnitudePolicy', 4, true, docUri('CargoDemo/x.md'));
        const definition = found?.entry.definitions[0];
        assert.equal(definition?.format, 'contextive');
        assert.equal(definition?.context?.vision, 'To manage the routing of cargo through transportation legs');
        assert.deepEqual(definition?.examples, ['The leg magnitude policy is selecting the fastest leg, but we need it to select the cheapest leg.']);
        assert.deepEqual(definition?.paths, ['CargoDemo']);
        assert.deepEqual(definition?.meta, [['Status:', 'proposed']]);
      };
      check(index);
      const copy = new NotesIndex();
      copy.loadState(JSON.parse(JSON.stringify(index.exportState(), (_key, value: unknown) => (value instanceof Int32Array ? { int32: [...value] } : value instanceof Uint8Array ? { uint8: [...value] } : value)), (_key, value: { int32?: number[]; uint8?: number[] }) => (value?.int32 ? Int32Array.from(value.int32) : value?.uint8 ? Uint8Array.from(value.uint8) : value)), () => () => text);
      check(copy);
      assert.deepEqual(copy.snapshot(), index.snapshot());
    });
  });

  describe('imports', () => {
    it('decide the scheme on the parsed URL', () => {
      const importer = 'file:///repo/project.glossary.yml';
      assert.deepEqual(resolveImport('shared/common.yml', importer), { kind: 'file', uri: 'file:///repo/shared/common.yml', file: '/repo/shared/common.yml' });
      assert.deepEqual(resolveImport('../up.glossary.yml', importer), { kind: 'file', uri: 'file:///up.glossary.yml', file: '/up.glossary.yml' });
      assert.equal(resolveImport('HTTPS://Example.com/a.yml', importer).kind, 'https');
      assert.equal((resolveImport('HTTPS://Example.com/a.yml', importer) as { uri: string }).uri, 'https://example.com/a.yml');
      for (const refused of ['http://example.com/a.yml', 'javascript:alert(1)', 'ftp://example.com/a.yml', 'data:text/plain,contexts:', 'https://[bad']) {
        assert.equal(resolveImport(refused, importer).kind, 'refused', refused);
      }
      const remote = 'https://example.com/glossaries/main.glossary.yml';
      assert.deepEqual(resolveImport('other.yml', remote), { kind: 'https', uri: 'https://example.com/glossaries/other.yml' });
      assert.equal(resolveImport('file:///etc/passwd', remote).kind, 'refused', 'a remote glossary reads no local file');
      assert.equal(resolveImport('/etc/passwd', remote).kind, 'https', 'a path in a remote glossary stays on its host');
    });

    describe('in a workspace', () => {
      let folder: string;
      beforeEach(() => {
        folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'contextive-')));
        fs.cpSync(path.join(FIXTURES, 'workspace'), folder, { recursive: true });
      });
      afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

      const open = async (fetchGlossary: (url: string) => Promise<string>) => {
        const workspace = new NotesWorkspace({ fetchGlossary });
        await workspace.configure({ entries: [], baseFolders: [folder], ignoreTerms: [], maxFileBytes: 1024 * 1024 });
        await workspace.glossaryImportsSettled;
        return workspace;
      };
      const termIn = (workspace: NotesWorkspace, relative: string, word: string) => {
        const text = fs.readFileSync(path.join(folder, relative), 'utf8');
        return termAt(workspace.index, text, text.indexOf(word) + 1, true, fileToUri(path.join(folder, relative)))?.entry;
      };

      it('finds the glossaries without any setting, and loads their local and https imports', async () => {
        const fetched: string[] = [];
        const workspace = await open(async (url) => {
          fetched.push(url);
          return fixture('remote/finance.glossary.yml');
        });
        assert.deepEqual(fetched, ['https://glossaries.example.com/finance.glossary.yml']);
        assert.equal(termIn(workspace, 'CargoDemo/routing.md', 'Leg Magnitude Policy')?.term, 'Leg Magnitude Policy');
        const customer = termIn(workspace, 'CargoDemo/routing.md', 'Customer');
        assert.equal(customer?.definitions[0].uri, fileToUri(path.join(folder, 'shared', 'common.yml')));
        assert.equal(customer?.definitions[0].context?.name, 'Shared Kernel');
        assert.equal(termIn(workspace, 'CargoDemo/routing.md', 'Ledger Entry')?.definitions[0].uri, 'https://glossaries.example.com/finance.glossary.yml');
        assert.deepEqual(workspace.importProblems(fileToUri(path.join(folder, 'project.glossary.yml'))), []);
        // Imported terms apply where the importing glossary applies: the whole folder here.
        assert.equal(termIn(workspace, 'README.md', 'cargo')?.term, undefined, 'the Cargo context stays narrowed by its paths');
      });

      it('in a workspace the user has not trusted, imports only files inside it and fetches no URL', async () => {
        const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'outside-')));
        try {
          fs.writeFileSync(path.join(outside, 'private.yml'), 'contexts:\n  - terms:\n      - name: Secret Ledger\n        definition: read from outside the workspace\n');
          fs.writeFileSync(path.join(folder, 'project.glossary.yml'), `imports:\n  - shared/common.yml\n  - ${path.join(outside, 'private.yml')}\n  - https://glossaries.example.com/finance.glossary.yml\ncontexts:\n  - terms:\n      - name: Root Term\n`);
          fs.writeFileSync(path.join(folder, 'doc.md'), 'Root Term, Customer, Secret Ledger and Ledger Entry.\n');
          const fetched: string[] = [];
          const workspace = new NotesWorkspace({ fetchGlossary: async (url) => (fetched.push(url), fixture('remote/finance.glossary.yml')) });
          await workspace.configure({ entries: [], baseFolders: [folder], ignoreTerms: [], maxFileBytes: 1024 * 1024, trusted: false });
          await workspace.glossaryImportsSettled;
          assert.deepEqual(fetched, [], 'no URL fetched');
          assert.equal(termIn(workspace, 'doc.md', 'Root Term')?.term, 'Root Term');
          assert.equal(termIn(workspace, 'doc.md', 'Customer')?.term, 'Customer', 'a file inside the workspace is imported');
          assert.equal(termIn(workspace, 'doc.md', 'Secret Ledger'), undefined, 'a file outside it is not');
          assert.equal(termIn(workspace, 'doc.md', 'Ledger Entry'), undefined);
          const problems = workspace.importProblems(fileToUri(path.join(folder, 'project.glossary.yml')));
          assert.deepEqual(problems.map((p) => [p.range.start.line, p.message]), [
            [2, 'Import not loaded: the workspace is not trusted, and only files inside its folders are imported.'],
            [3, 'Import not loaded: the workspace is not trusted, and no URL is fetched for it.'],
          ]);
          // Trusted: the same glossary imports all three.
          await workspace.configure({ entries: [], baseFolders: [folder], ignoreTerms: [], maxFileBytes: 1024 * 1024, trusted: true });
          await workspace.glossaryImportsSettled;
          assert.equal(termIn(workspace, 'doc.md', 'Secret Ledger')?.term, 'Secret Ledger');
          assert.deepEqual(fetched, ['https://glossaries.example.com/finance.glossary.yml']);
        } finally {
          fs.rmSync(outside, { recursive: true, force: true });
        }
      });

      it('in a workspace the user has not trusted, imports no file that a symbolic link inside it points out of it', async () => {
        const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'outside-')));
        try {
          fs.writeFileSync(path.join(outside, 'private.yml'), 'contexts:\n  - terms:\n      - name: Secret Ledger\n        definition: read from outside the workspace\n');
          fs.symlinkSync(path.join(outside, 'private.yml'), path.join(folder, 'inside.yml'));
          fs.writeFileSync(path.join(folder, 'project.glossary.yml'), 'imports:\n  - inside.yml\ncontexts:\n  - terms:\n      - name: Root Term\n');
          fs.writeFileSync(path.join(folder, 'doc.md'), 'Root Term and Secret Ledger.\n');
          const workspace = new NotesWorkspace({ fetchGlossary: async () => '' });
          await workspace.configure({ entries: [], baseFolders: [folder], ignoreTerms: [], maxFileBytes: 1024 * 1024, trusted: false });
          await workspace.glossaryImportsSettled;
          assert.equal(termIn(workspace, 'doc.md', 'Root Term')?.term, 'Root Term');
          assert.equal(termIn(workspace, 'doc.md', 'Secret Ledger'), undefined, 'the file the link points at is outside');
          assert.deepEqual(workspace.importProblems(fileToUri(path.join(folder, 'project.glossary.yml'))).map((p) => p.message), ['Import not loaded: the workspace is not trusted, and only files inside its folders are imported.']);
        } finally {
          fs.rmSync(outside, { recursive: true, force: true });
        }
      });

      it('indexes no imported file that is not a glossary, so that links to it stay closed', async () => {
        const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'outside-')));
        try {
          const secrets = path.join(outside, 'passwd');
          fs.writeFileSync(secrets, 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n');
          fs.writeFileSync(path.join(folder, 'project.glossary.yml'), `imports:\n  - ${secrets}\ncontexts:\n  - terms:\n      - name: Root Term\n`);
          const workspace = await open(async () => '');
          assert.equal(workspace.index.has(fileToUri(secrets)), false);
          const problems = workspace.importProblems(fileToUri(path.join(folder, 'project.glossary.yml')));
          assert.deepEqual(problems.map((p) => p.range.start.line), [1]);
          assert.match(problems[0].message, /is not a Contextive glossary/);
        } finally {
          fs.rmSync(outside, { recursive: true, force: true });
        }
      });

      it('reports an unreachable import once, on its line, and serves the local glossaries', async () => {
        const workspace = await open(async () => {
          throw new Error('unreachable (ENOTFOUND)');
        });
        const problems = workspace.importProblems(fileToUri(path.join(folder, 'project.glossary.yml')));
        assert.equal(problems.length, 1);
        assert.equal(problems[0].kind, 'unreachable-import');
        assert.equal(problems[0].range.start.line, 4);
        assert.match(problems[0].message, /ENOTFOUND/);
        assert.equal(termIn(workspace, 'CargoDemo/routing.md', 'Leg Magnitude Policy')?.term, 'Leg Magnitude Policy');
        assert.equal(termIn(workspace, 'CargoDemo/routing.md', 'Customer')?.term, 'Customer', 'the local import still loads');
      });

      it('fetches a URL that failed once only, whatever glossary is edited, and again when its importer is saved', async () => {
        const fetched: string[] = [];
        const logs: string[] = [];
        const workspace = new NotesWorkspace({
          log: (message) => logs.push(message),
          fetchGlossary: async (url) => {
            fetched.push(url);
            throw new Error('unreachable (ECONNRESET)');
          },
        });
        fs.writeFileSync(path.join(folder, 'other.glossary.yml'), 'contexts:\n  - name: Billing\n    terms:\n      - name: Invoice\n');
        // A missing local file is reported as well, and logged once too.
        const project = path.join(folder, 'project.glossary.yml');
        fs.writeFileSync(project, fs.readFileSync(project, 'utf8').replace('  - shared/common.yml\n', '  - shared/common.yml\n  - shared/missing.yml\n'));
        await workspace.configure({ entries: [], baseFolders: [folder], ignoreTerms: [], maxFileBytes: 1024 * 1024 });
        await workspace.glossaryImportsSettled;
        assert.deepEqual(fetched, ['https://glossaries.example.com/finance.glossary.yml']);
        const notLoaded = () => logs.filter((line) => line.includes('Import not loaded'));
        assert.equal(notLoaded().length, 2, notLoaded().join('\n'));
        // Keystrokes in an unrelated glossary, and in the importer itself, unsaved.
        const other = fileToUri(path.join(folder, 'other.glossary.yml'));
        for (let typed = 1; typed <= 5; typed++) {
          workspace.noteOpened(other, `${'#'.repeat(typed)}\ncontexts:\n  - name: Billing\n    terms:\n      - name: Invoice\n`);
          await workspace.glossaryImportsSettled;
        }
        workspace.noteOpened(fileToUri(project), `# edited\n${fs.readFileSync(project, 'utf8')}`);
        await workspace.glossaryImportsSettled;
        workspace.noteClosed(fileToUri(project));
        await workspace.glossaryImportsSettled;
        assert.equal(fetched.length, 1, 'fetched again on an edit');
        assert.equal(notLoaded().length, 2, notLoaded().join('\n'));
        assert.equal(workspace.importProblems(fileToUri(project)).length, 2, 'the warnings stay on their lines');
        // The importer saved: its URL is tried again.
        fs.appendFileSync(project, '# saved\n');
        workspace.fileChanged(project);
        await workspace.glossaryImportsSettled;
        assert.equal(fetched.length, 2);
        // Indexed again from scratch (Re-index Notes): tried again too.
        await workspace.reindex();
        await workspace.glossaryImportsSettled;
        assert.equal(fetched.length, 3);
      });

      it('follows a cycle of imports once, and a missing file is a warning', async () => {
        fs.writeFileSync(path.join(folder, 'project.glossary.yml'), 'imports: [loop/a.yml, missing.yml]\ncontexts:\n  - terms:\n      - name: Root Term\n');
        fs.mkdirSync(path.join(folder, 'loop'));
        fs.writeFileSync(path.join(folder, 'loop', 'a.yml'), 'imports: [b.yml]\ncontexts:\n  - terms:\n      - name: Alpha Term\n');
        fs.writeFileSync(path.join(folder, 'loop', 'b.yml'), 'imports: [a.yml, ../project.glossary.yml]\ncontexts:\n  - terms:\n      - name: Beta Term\n');
        fs.writeFileSync(path.join(folder, 'doc.md'), 'Root Term, Alpha Term and Beta Term.\n');
        const workspace = await open(async () => '');
        for (const term of ['Root Term', 'Alpha Term', 'Beta Term']) assert.equal(termIn(workspace, 'doc.md', term)?.term, term);
        const problems = workspace.importProblems(fileToUri(path.join(folder, 'project.glossary.yml')));
        assert.deepEqual(problems.map((p) => p.message.includes('missing.yml')), [true]);
      });

      it('a glossary in a folder applies there only; an import takes it where the importer applies', async () => {
        fs.mkdirSync(path.join(folder, 'payments', 'src'), { recursive: true });
        fs.mkdirSync(path.join(folder, 'shipping', 'acl'), { recursive: true });
        fs.writeFileSync(path.join(folder, 'payments', 'payments.glossary.yml'), 'contexts:\n  - name: Payments\n    terms:\n      - name: Refund\n');
        fs.writeFileSync(path.join(folder, 'shipping', 'acl', 'payments-import.glossary.yml'), 'imports:\n  - ../../payments/payments.glossary.yml\n');
        for (const doc of ['payments/src/a.md', 'shipping/acl/b.md', 'shipping/c.md']) fs.writeFileSync(path.join(folder, doc), 'A Refund is due.\n');
        const workspace = await open(async () => '');
        assert.equal(termIn(workspace, 'payments/src/a.md', 'Refund')?.term, 'Refund');
        assert.equal(termIn(workspace, 'shipping/acl/b.md', 'Refund')?.term, 'Refund');
        assert.equal(termIn(workspace, 'shipping/c.md', 'Refund'), undefined);
      });

      it('reads a changed glossary again, and the older `.contextive/definitions.yml`', async () => {
        const workspace = await open(async () => '');
        fs.mkdirSync(path.join(folder, '.contextive'));
        const legacy = path.join(folder, '.contextive', 'definitions.yml');
        fs.writeFileSync(legacy, 'contexts:\n  - terms:\n      - name: Manifest\n        definition: The list of what a vessel carries.\n');
        fs.writeFileSync(path.join(folder, 'doc.md'), 'The Manifest is ready.\n');
        assert.ok(workspace.isNoteFile(legacy));
        assert.ok(!workspace.isNoteFile(path.join(folder, '.hidden', 'x.glossary.yml')));
        workspace.fileChanged(legacy);
        await workspace.glossaryImportsSettled;
        assert.equal(termIn(workspace, 'doc.md', 'Manifest')?.definitions[0].text, 'The list of what a vessel carries.');
        workspace.fileDeleted(legacy);
        assert.equal(termIn(workspace, 'doc.md', 'Manifest'), undefined);
      });
    });

    it('try a URL that failed again once IMPORT_RETRY_MS have passed, not before', async () => {
      let clock = 1_000_000;
      let calls = 0;
      const imports = new GlossaryImports(new NotesIndex(), {
        fetch: async () => {
          calls++;
          throw new Error('unreachable (ECONNRESET)');
        },
        maxFileBytes: () => 1024 * 1024,
        onChange: () => undefined,
        now: () => clock,
      });
      const glossaries = [{ uri: 'file:///repo/a.glossary.yml', text: 'imports:\n  - https://glossaries.example.com/x.yml\n' }];
      await imports.update(glossaries);
      assert.equal(calls, 1);
      clock += IMPORT_RETRY_MS - 1;
      await imports.update(glossaries);
      assert.equal(calls, 1, 'too soon');
      clock += 1;
      await imports.update(glossaries);
      assert.equal(calls, 2, 'the back-off is over');
      assert.equal(imports.problems('file:///repo/a.glossary.yml').length, 1);
    });

    describe('fetching', () => {
      let server: http.Server;
      let base: string;
      before(async () => {
        server = http.createServer((request, response) => {
          if (request.url === '/ok.glossary.yml') response.end('contexts:\n  - terms:\n      - name: Remote\n');
          else if (request.url === '/large') response.end('x'.repeat(10_000));
          else if (request.url === '/slow') response.writeHead(200).write('contexts:'); // and never ends
          else if (request.url === '/redirect') response.writeHead(302, { location: 'ftp://example.com/x' }).end();
          else response.writeHead(404).end();
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      });
      after(() => {
        server.closeAllConnections();
        server.close();
      });

      it('gets the text, within a size and a time limit', async () => {
        assert.match(await fetchGlossaryText(`${base}/ok.glossary.yml`, { timeoutMs: 2000, maxBytes: 1000 }), /name: Remote/);
        await assert.rejects(fetchGlossaryText(`${base}/large`, { timeoutMs: 2000, maxBytes: 1000 }), /larger than 1000 bytes/);
        const started = Date.now();
        await assert.rejects(fetchGlossaryText(`${base}/slow`, { timeoutMs: 300, maxBytes: 1000 }), /no answer within 0.3 s/);
        assert.ok(Date.now() - started < 2000);
        await assert.rejects(fetchGlossaryText(`${base}/missing`, { timeoutMs: 2000, maxBytes: 1000 }), /404/);
        await assert.rejects(fetchGlossaryText(`${base}/redirect`, { timeoutMs: 2000, maxBytes: 1000 }));
        const closed = http.createServer();
        await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
        const port = (closed.address() as AddressInfo).port;
        await new Promise((resolve) => closed.close(resolve));
        await assert.rejects(fetchGlossaryText(`http://127.0.0.1:${port}/x`, { timeoutMs: 2000, maxBytes: 1000 }), /unreachable \(ECONNREFUSED\)/);
      });
    });
  });
});
