import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

// Compiled to out/test/grammar/, so the repository root is three levels up.
const ROOT = path.resolve(__dirname, '..', '..', '..');
const MARKDOWN_SCOPE = 'text.html.markdown';
const DIALECT_SUFFIX = '.architecture-notes';
const SEED = fs.readFileSync(path.join(ROOT, 'notes-data', 'architecture.md'), 'utf8');

interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
}

function injectionContribution(): GrammarContribution {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const grammars: GrammarContribution[] = manifest.contributes?.grammars ?? [];
  const found = grammars.find((g) => g.injectTo?.includes(MARKDOWN_SCOPE));
  assert.ok(found, 'package.json contributes no grammar injected into Markdown');
  return found;
}

// vscode-oniguruma loads its WASM once per process; later calls return the same promise.
async function onigLib(): Promise<textmate.IOnigLib> {
  const wasm = fs.readFileSync(path.join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  return {
    createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
    createOnigString: (text) => new oniguruma.OnigString(text),
  };
}

async function loadMarkdownWithInjection(markdownGrammarFile: string): Promise<textmate.IGrammar> {
  const contribution = injectionContribution();
  const files: Record<string, string> = {
    [MARKDOWN_SCOPE]: markdownGrammarFile,
    [contribution.scopeName]: path.join(ROOT, contribution.path),
  };
  const registry = new textmate.Registry({
    onigLib: onigLib(),
    loadGrammar: async (scopeName) => {
      const file = files[scopeName];
      // Languages embedded by a full Markdown grammar (css, yaml, …) are not needed here.
      return file ? textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName) => (scopeName === MARKDOWN_SCOPE ? [contribution.scopeName] : undefined),
  });
  const grammar = await registry.loadGrammar(MARKDOWN_SCOPE);
  assert.ok(grammar, `could not load ${markdownGrammarFile}`);
  return grammar;
}

interface TokenizedLine {
  text: string;
  tokens: textmate.IToken[];
}

function tokenize(grammar: textmate.IGrammar, text: string): TokenizedLine[] {
  let state = textmate.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return { text: line, tokens: result.tokens };
  });
}

/** `scope` matches itself and its dotted descendants, as in theme selectors. */
function hasScope(scopes: string[], scope: string): boolean {
  return scopes.some((s) => s === scope || s.startsWith(scope + '.'));
}

function dialectScopes(line: TokenizedLine): string[] {
  return line.tokens.flatMap((t) => t.scopes.filter((s) => s.endsWith(DIALECT_SUFFIX)));
}

function lineContaining(doc: TokenizedLine[], needle: string): TokenizedLine {
  const found = doc.find((l) => l.text.includes(needle));
  assert.ok(found, `no line contains ${JSON.stringify(needle)}`);
  return found;
}

/**
 * Asserts that `fragment` (its first occurrence in the line that contains `lineNeedle`) is
 * tokenised exactly: tokens start and end at its edges, and every one of them carries `scope`.
 */
function assertScoped(doc: TokenizedLine[], lineNeedle: string, fragment: string, scope: string): void {
  const line = lineContaining(doc, lineNeedle);
  const start = line.text.indexOf(fragment);
  assert.ok(start >= 0, `${JSON.stringify(fragment)} not in ${JSON.stringify(line.text)}`);
  const end = start + fragment.length;
  const covering = line.tokens.filter((t) => t.startIndex < end && t.endIndex > start);
  const describe = covering.map((t) => `${JSON.stringify(line.text.slice(t.startIndex, t.endIndex))}: ${t.scopes.join(' ')}`);
  assert.strictEqual(covering[0].startIndex, start, `token does not start at ${JSON.stringify(fragment)}:\n${describe.join('\n')}`);
  assert.strictEqual(covering[covering.length - 1].endIndex, end, `token does not end with ${JSON.stringify(fragment)}:\n${describe.join('\n')}`);
  for (const token of covering) {
    assert.ok(hasScope(token.scopes, scope), `${JSON.stringify(fragment)} lacks ${scope}:\n${describe.join('\n')}`);
  }
}

function textsWithScope(doc: TokenizedLine[], scope: string): string[] {
  return doc.flatMap((line) =>
    line.tokens.filter((t) => hasScope(t.scopes, scope)).map((t) => line.text.slice(t.startIndex, t.endIndex)),
  );
}

const FACET_WORDS = new Set(['benefits', 'drawbacks', 'sink', 'communcation']);

describe('notes grammar: manifest', () => {
  it('contributes the injection grammar to Markdown, pointing at an existing file with the same scope name', () => {
    const contribution = injectionContribution();
    assert.deepStrictEqual(contribution.injectTo, [MARKDOWN_SCOPE]);
    const raw = JSON.parse(fs.readFileSync(path.join(ROOT, contribution.path), 'utf8'));
    assert.strictEqual(raw.scopeName, contribution.scopeName);
    assert.match(raw.injectionSelector, /text\.html\.markdown/);
    assert.match(raw.injectionSelector, /-markup\.fenced_code/);
    assert.match(raw.injectionSelector, /-markup\.inline\.raw/);
  });
});

/** VS Code's own Markdown grammar, when a local VS Code (e2e or test download) ships one. */
function findVsCodeMarkdownGrammar(): string | undefined {
  const inExtensions = path.join('extensions', 'markdown-basics', 'syntaxes', 'markdown.tmLanguage.json');
  const candidates: string[] = [];
  const e2e = path.join(ROOT, '.e2e');
  if (fs.existsSync(e2e)) {
    for (const dir of fs.readdirSync(e2e)) {
      candidates.push(path.join(e2e, dir, 'node_modules', 'code-server', 'lib', 'vscode', inExtensions));
    }
  }
  const vscodeTest = path.join(ROOT, '.vscode-test');
  if (fs.existsSync(vscodeTest)) {
    for (const dir of fs.readdirSync(vscodeTest)) {
      candidates.push(path.join(vscodeTest, dir, 'resources', 'app', inExtensions));
    }
  }
  return candidates.find((file) => fs.existsSync(file));
}

const BASE_GRAMMARS: { name: string; file: () => string | undefined }[] = [
  { name: 'the minimal Markdown fixture', file: () => path.join(ROOT, 'test', 'fixtures', 'markdown-base.tmLanguage.json') },
  { name: "VS Code's own Markdown grammar (pending unless a local VS Code ships it)", file: findVsCodeMarkdownGrammar },
];

for (const base of BASE_GRAMMARS) {
  describe(`notes grammar on the seed note, injected into ${base.name}`, function () {
    let seed: TokenizedLine[];
    let grammar: textmate.IGrammar;

    before(async function () {
      const file = base.file();
      if (!file) {
        this.skip();
        return;
      }
      grammar = await loadMarkdownWithInjection(file);
      seed = tokenize(grammar, SEED);
    });

    it('scopes definition terms, and a term and its expansion separately', () => {
      assertScoped(seed, '* _fan out_:', 'fan out', 'entity.name.type.term');
      assertScoped(seed, '* _SOA (service oriented)_', 'SOA', 'entity.name.type.term');
      assertScoped(seed, '* _SOA (service oriented)_', 'service oriented', 'entity.other.attribute-name.expansion');
      assertScoped(seed, '* _n db_:', 'n db', 'entity.name.type.term');
      assertScoped(seed, '* _sink_: https://martinfowler', 'sink', 'variable.language.facet');
    });

    it('keeps the Markdown list and paragraph around a definition', () => {
      const line = lineContaining(seed, '* _fan out_:');
      const term = line.tokens.find((t) => hasScope(t.scopes, 'entity.name.type.term'));
      assert.ok(term);
      assert.ok(hasScope(term.scopes, 'markup.list.unnumbered.markdown'), term.scopes.join(' '));
      assert.ok(hasScope(term.scopes, 'meta.paragraph.markdown'), term.scopes.join(' '));
      assert.ok(hasScope(line.tokens[0].scopes, 'punctuation.definition.list.begin.markdown'));
    });

    it('finds as many definition terms as items that open with an underscored phrase', () => {
      // Independent count: list items whose text opens with _phrase_ (facets counted apart).
      const itemOpeners = [...SEED.matchAll(/^[ \t]*[*+-][ \t]+_([^_\n]+)_/gm)].map((m) => m[1].replace(/\s*\(.*\)$/, ''));
      const expectedTerms = itemOpeners.filter((w) => !FACET_WORDS.has(w));
      const expectedFacets = itemOpeners.filter((w) => FACET_WORDS.has(w));
      const terms = textsWithScope(seed, 'entity.name.type.term');
      const facets = textsWithScope(seed, 'variable.language.facet');
      assert.ok(terms.length >= 40, `only ${terms.length} terms`);
      assert.deepStrictEqual(terms, expectedTerms);
      assert.deepStrictEqual(facets, expectedFacets);
    });

    it('scopes whole lines in capitals as labels, and only those', () => {
      assertScoped(seed, 'KLEPPMANN', 'KLEPPMANN', 'markup.heading.label');
      assertScoped(seed, 'UNCLE BOB', 'UNCLE BOB', 'markup.heading.label');
      assertScoped(seed, 'COMPATIBILITY https://', 'COMPATIBILITY', 'markup.heading.label');
      assertScoped(
        seed,
        'COMPATIBILITY https://',
        'https://thorben-janssen.com/update-database-schema-without-downtime/',
        'markup.underline.link',
      );
      const expected = SEED.split('\n')
        .filter((l) => /^[A-Z][A-Z ]*[A-Z](?:\s+(?:https?:\/\/|🗄).*)?\s*$/.test(l))
        .map((l) => l.split(/\s+(?=https?:|🗄)/)[0].trim());
      assert.deepStrictEqual(textsWithScope(seed, 'markup.heading.label'), expected);
      assert.ok(expected.length >= 8, `only ${expected.length} labels in the seed`);
      const prose = lineContaining(seed, 'Kleppmann https://www.davidreis.me');
      assert.ok(!prose.tokens.some((t) => hasScope(t.scopes, 'markup.heading.label')));
    });

    it('scopes book citations with their page', () => {
      assertScoped(seed, '_backwards compatible_', 'Kleppmann', 'entity.name.function.book');
      assertScoped(seed, '_backwards compatible_', '112', 'constant.numeric.page');
      assertScoped(seed, '_backwards compatible_', '📙 Kleppmann [112]', 'meta.citation.book');
      assertScoped(seed, "don't waste time", 'Getting Real', 'entity.name.function.book');
      assertScoped(seed, "don't waste time", '42', 'constant.numeric.page');
      assertScoped(seed, '📙 Kleppmann 1.18', '1.18', 'constant.numeric.page');
      assertScoped(seed, '📙 Kleppmann [17,22]', '17,22', 'constant.numeric.page');
    });

    it('scopes bracket and page-only citations', () => {
      assertScoped(seed, '_evolvability_', '[Kleppmann 4.128]', 'meta.citation.bracket');
      assertScoped(seed, '_evolvability_', 'Kleppmann', 'entity.name.function.book');
      assertScoped(seed, '_evolvability_', '4.128', 'constant.numeric.page');
      assertScoped(seed, 'ongoing maintenance [Kleppmann 18]', '18', 'constant.numeric.page');
      assertScoped(seed, '_reliability_', '[6]', 'meta.citation.page');
      assertScoped(seed, '_reliability_', '6', 'constant.numeric.page');
      // A video timestamp in brackets is not a page.
      const timestamp = lineContaining(seed, '[1:12:30]');
      assert.deepStrictEqual(dialectScopes(timestamp), []);
    });

    it('scopes cross-references inline and as items after a lone 🗄', () => {
      assertScoped(seed, 'COMPATIBILITY https://', 'sql.md', 'markup.underline.link.note');
      assertScoped(seed, 'COMPATIBILITY https://', 'migrations', 'entity.other.attribute-name.section');
      assertScoped(seed, 'COMPATIBILITY https://', '🗄️', 'keyword.other.marker.cross-reference');
      assertScoped(seed, '* `dbms.md` perf', 'dbms.md', 'markup.underline.link.note');
      assertScoped(seed, '* `dbms.md` perf', 'perf', 'entity.other.attribute-name.section');
      assertScoped(seed, '* `analytics.md` tooling > BI', 'tooling > BI', 'entity.other.attribute-name.section');
      // A note mentioned inside an item is inline code, not a cross-reference.
      const mention = lineContaining(seed, "re: `link.md` 'speed'");
      assert.deepStrictEqual(dialectScopes(mention), []);
    });

    it('scopes questions, pins, podcasts, AI chats and book lists', () => {
      const restAfter = (line: string, marker: string) => line.slice(line.indexOf(marker) + marker.length);
      const question = lineContaining(seed, '> ❓ where are you').text;
      assertScoped(seed, '> ❓ where are you', '❓', 'keyword.other.marker.question');
      assertScoped(seed, '> ❓ where are you', restAfter(question, '❓'), 'markup.italic.question');
      assertScoped(seed, '📍 need to review', '📍', 'keyword.other.marker.pin');
      assertScoped(seed, '📍 need to review', ' need to review SQL of Twitter example', 'markup.bold.pin');
      const quotedPin = lineContaining(seed, '> 📍 Regarding RDS').text;
      assertScoped(seed, '> 📍 Regarding RDS', restAfter(quotedPin, '📍'), 'markup.bold.pin');
      assertScoped(seed, '📻 DHH (STT)', 'DHH (STT)', 'entity.name.function.podcast');
      assertScoped(seed, '🧠', '🧠', 'keyword.other.marker.ai-chat');
      assertScoped(seed, '📚', '📚', 'keyword.other.marker.book-list');
    });

    it('scopes aka and = names', () => {
      assertScoped(seed, '_bikeshedding_: aka yak shaving', 'aka', 'keyword.other.alias');
      assertScoped(seed, '_bikeshedding_: aka yak shaving', 'yak shaving', 'entity.name.type.alias');
      assertScoped(seed, '* aka open-closed principle (from SOLID)', 'open-closed principle', 'entity.name.type.alias');
      assertScoped(seed, '* = distributed monolith', '=', 'keyword.operator.equivalence');
      assertScoped(seed, '* = distributed monolith', 'distributed monolith', 'entity.name.type.alias');
      assertScoped(seed, '* = distributed monolith', 'modularity', 'entity.name.type.alias');
    });

    it('leaves the seed fenced code alone', () => {
      const fenced = seed.filter((l) => l.text.startsWith('docker run'));
      assert.strictEqual(fenced.length, 2);
      for (const line of fenced) {
        assert.ok(hasScope(line.tokens[0].scopes, 'markup.fenced_code.block.markdown'), line.tokens[0].scopes.join(' '));
        assert.deepStrictEqual(dialectScopes(line), []);
      }
    });

    it('gives ordinary prose, links and headings no dialect scopes', () => {
      for (const needle of [
        '* https://12factor.net/',
        'do you have creds for the m',
        '> We should forget about small efficiencies',
        '* just use one big db https://',
        '* separation of concerns: HTML for content',
        '## monolith',
        '# 💡 HEURISTICS',
        'https://bytebytego.com/',
      ]) {
        assert.deepStrictEqual(dialectScopes(lineContaining(seed, needle)), [], needle);
      }
    });

    it('does not scan fenced or inline code, and does not take Markdown links for citations', () => {
      const sample = [
        'KLEPPMANN',
        '* _fan out_: requests per request [11]',
        '```sh',
        'KLEPPMANN',
        '* _fan out_: requests per request [11]',
        'echo 📙 Kleppmann [112] 🗄️ `sql.md` migrations',
        '```',
        '* in code: `📙 Kleppmann [112]` and `[Kleppmann 18]`',
        '* see [Kleppmann 18](https://example.com/k18) and [6](https://example.com/p6) and [x](https://y)',
      ].join('\n');
      const doc = tokenize(grammar, sample);
      // Control: the same lines outside the fence are highlighted.
      assert.ok(hasScope(doc[0].tokens[0].scopes, 'markup.heading.label'));
      assert.ok(doc[1].tokens.some((t) => hasScope(t.scopes, 'entity.name.type.term')));
      for (const inside of doc.slice(2, 7)) {
        assert.deepStrictEqual(dialectScopes(inside), [], inside.text);
      }
      assert.deepStrictEqual(dialectScopes(doc[7]), [], doc[7].text);
      assert.ok(doc[7].tokens.some((t) => hasScope(t.scopes, 'markup.inline.raw')));
      assert.deepStrictEqual(dialectScopes(doc[8]), [], doc[8].text);
      assert.ok(doc[8].tokens.some((t) => hasScope(t.scopes, 'markup.underline.link.markdown')));
    });
  });
}
