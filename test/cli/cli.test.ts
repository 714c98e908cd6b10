import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scratchFolder } from '../support/scratch';

const root = path.join(__dirname, '..', '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const fixtures = path.join(root, 'test', 'fixtures');

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('architecture-notes CLI (built dist/cli.js)', () => {
  before(function () {
    if (!fs.existsSync(cli)) this.skip();
  });

  it('define prints the definition of "circuit breaker" from the bundled notes', () => {
    const { code, out } = run('define', 'circuit breaker');
    assert.equal(code, 0);
    assert.match(out, /^circuit breaker/);
    assert.match(out, /ZA › semantics/);
    assert.match(out, /error handling/);
    assert.match(out, /https:\/\/github\.com\/Netflix\/Hystrix\/wiki\/How-it-Works/);
  });

  it('check on paths that are all skipped says no notes were checked, instead of an all-clear', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'check-empty-'));
    try {
      fs.writeFileSync(path.join(folder, 'tool.ts'), 'export {};\n');
      const { code, out, err } = run('check', '/dev/zero', path.join(folder, 'missing.md'));
      assert.equal(code, 2);
      assert.doesNotMatch(out, /no problems found/);
      assert.match(err, /no notes were read/);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('define --json gives every definition with its section path', () => {
    const { code, out } = run('define', 'horizontal scaling', '--json');
    assert.equal(code, 0);
    const [entry] = JSON.parse(out);
    assert.deepEqual(entry.definitions.map((d: { sectionPath: string[] }) => d.sectionPath), [['PATTERNS', 'monolith'], ['ZA', 'semantics']]);
  });

  it('define finds a term by acronym expansion and falls back to mentions', () => {
    assert.match(run('define', 'single point of failure').out, /^SPoF/);
    const cqrs = run('define', 'CQRS');
    assert.equal(cqrs.code, 0);
    assert.match(cqrs.out, /no definition, but the notes mention it/);
  });

  it('an unknown term is a clear message and exit 1, not a stack trace', () => {
    const { code, err } = run('define', 'quantum blockchain synergy');
    assert.equal(code, 1);
    assert.match(err, /not defined or mentioned/);
    assert.doesNotMatch(err, /at .*\.js:\d+/);
  });

  it('define takes no near miss for the term: not defined, the closest named, exit 1, and marked so in JSON', () => {
    const folder = scratchFolder('an-cli-');
    fs.writeFileSync(path.join(folder, 'glossary.md'), '# Glossary\n\n**HTTP/2**: binary framing.\n\n**IPv6**: 128-bit addresses.\n\n**OAuth 2.0**: delegated authorisation.\n\n**RFC 7231**: HTTP/1.1 semantics.\n');
    const near = run('define', 'IPv4', '--notes', folder, '--no-bundled');
    assert.equal(near.code, 1);
    assert.equal(near.out, '');
    assert.match(near.err, /"IPv4" is not defined; closest: IPv6\./);
    const json = run('define', 'IPv4', '--notes', folder, '--no-bundled', '--json');
    assert.equal(json.code, 1);
    const answer = JSON.parse(json.out);
    assert.deepEqual(answer.definitions, []);
    assert.deepEqual(answer.closest.map((c: { term: string; match: string }) => [c.term, c.match]), [['IPv6', 'closest']]);
    // The term itself, in another case, is still the answer.
    const exact = run('define', 'ipv6', '--notes', folder, '--no-bundled');
    assert.equal(exact.code, 0);
    assert.match(exact.out, /^IPv6/);
  });

  it('define lists no file outside the notes among a term\'s references, in text or JSON', () => {
    const folder = scratchFolder('an-cli-');
    fs.writeFileSync(path.join(folder, 'secrets.md'), '# PATTERNS\n\n## secrets\n\n* _vault_: keeps the secrets https://example.com/vault of the [accounts](file:///etc/passwd)\n');
    const text = run('define', 'vault', '--notes', folder, '--no-bundled');
    assert.equal(text.code, 0);
    assert.match(text.out, /https:\/\/example\.com\/vault/);
    assert.doesNotMatch(text.out, /file:\/\/\/etc\/passwd/);
    const json = JSON.parse(run('define', 'vault', '--notes', folder, '--no-bundled', '--json').out);
    assert.deepEqual(json[0].references.map((link: { url: string }) => link.url), ['https://example.com/vault']);
  });

  it('search ranks terms, quotes and links, and --kind filters', () => {
    const { code, out } = run('search', 'scaling', '--json');
    assert.equal(code, 0);
    const kinds = new Set(JSON.parse(out).map((r: { kind: string }) => r.kind));
    assert.ok(kinds.has('term') && kinds.has('quote'), [...kinds].join());
    const quotes = JSON.parse(run('search', 'scaling', '--kind', 'quote', '--json').out);
    assert.ok(quotes.length > 0 && quotes.every((r: { kind: string }) => r.kind === 'quote'));
    assert.equal(run('search', 'x', '--kind', 'bogus').code, 2);
  });

  it('terms lists every term once', () => {
    const { code, out } = run('terms', '--json');
    assert.equal(code, 0);
    const terms = JSON.parse(out).map((t: { term: string }) => t.term);
    assert.ok(terms.includes('circuit breaker') && terms.includes('SPoF'));
    assert.equal(new Set(terms).size, terms.length);
    assert.ok(!terms.includes('benefits'));
  });

  it('--concept-notes chooses which vault notes define terms, as the setting does', () => {
    const vault = path.join(fixtures, 'vault');
    const termsWith = (...options: string[]) => {
      const { code, out, err } = run('terms', '--json', '--no-bundled', '--notes', vault, ...options);
      assert.equal(code, 0, err);
      return new Set<string>(JSON.parse(out).map((t: { term: string }) => t.term));
    };
    const all = termsWith();
    const inConcepts = termsWith('--concept-notes', 'folders:concepts');
    assert.ok(all.has('Idempotency') && inConcepts.has('Idempotency'));
    assert.ok(inConcepts.size < all.size, `${inConcepts.size} terms from concepts/, ${all.size} from the whole vault`);
    for (const term of inConcepts) assert.ok(all.has(term), term);
    const wrong = run('terms', '--concept-notes', 'sometimes');
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /--concept-notes "sometimes" is not "all"/);
    assert.match(run('terms', '--concept-notes').err, /--concept-notes needs a choice/);
  });

  it('scan finds terms in a design doc with line and column', () => {
    const folder = scratchFolder('an-cli-');
    const doc = path.join(folder, 'design.md');
    fs.writeFileSync(doc, '# Plan\n\nWe keep the Monoliths but add circuit breakers.\nSee `fan out` and https://example.com/circuit-breaker.\n');
    const { code, out } = run('scan', doc, '--json');
    assert.equal(code, 0);
    const found = JSON.parse(out).map((f: { line: number; character: number; text: string }) => `${f.line}:${f.character}:${f.text}`);
    assert.deepEqual(found, ['2:12:Monoliths', '2:30:circuit breakers']);
    // A match over a line break is printed on its one line, as every other.
    fs.writeFileSync(doc, 'We add a circuit\nbreaker here.\n');
    const plain = run('scan', doc).out.trim().split('\n');
    assert.equal(plain.length, 1, plain.join('\n'));
    assert.match(plain[0], /:1:10 {2}circuit breaker {2}→/);
  });

  it('scan --explain also lists the occurrences left out, each with the step that refused it', () => {
    const folder = scratchFolder('an-cli-');
    const doc = path.join(folder, 'design.md');
    fs.writeFileSync(doc, '# Plan\n\nWe keep the Monoliths but add circuit breakers.\nSee `fan out` and the `circuit breaker` class.\n');
    const { code, out } = run('scan', doc, '--explain', '--json');
    assert.equal(code, 0);
    const explained: { text: string; verdict: string }[] = JSON.parse(out);
    assert.deepEqual(explained.filter((e) => e.verdict === 'mention').map((e) => e.text), ['Monoliths', 'circuit breakers']);
    const plain = run('scan', doc, '--explain').out;
    assert.match(plain, /circuit breakers\s+→\s+circuit breaker\s+hovered/);
  });

  it('scan --explain also names the terms kept quiet by a hover: off mark', () => {
    const folder = scratchFolder('an-cli-');
    try {
      fs.writeFileSync(path.join(folder, 'a.md'), '# AREA\n## topic\n* _quiet term_: something <!-- hover: off -->\n* _fan out_: one to many\n');
      const doc = path.join(folder, 'design.txt');
      fs.writeFileSync(doc, 'A quiet term here, and a fan out there.\n');
      const explained: { text: string; verdict: string }[] = JSON.parse(run('scan', doc, '--no-bundled', '--notes', path.join(folder, 'a.md'), '--explain', '--json').out);
      assert.deepEqual(explained.map((e) => [e.text, e.verdict]), [['quiet term', 'off'], ['fan out', 'mention']]);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('scan applies a Contextive glossary only where its paths say, as the editor does', () => {
    const folder = scratchFolder('an-cli-');
    try {
      fs.writeFileSync(path.join(folder, 'team.glossary.yml'), ['contexts:', '  - name: Payments', '    domainVisionStatement: Take money safely.', '    paths:', '      - docs', '    terms:', '      - name: Refund', '        definition: Money returned to a customer.', ''].join('\n'));
      for (const sub of ['docs', 'other']) {
        fs.mkdirSync(path.join(folder, sub));
        fs.writeFileSync(path.join(folder, sub, 'design.md'), '# Plan\n\nEach Refund is logged.\n');
      }
      // The glossary alone is the notes: the design docs beside it are no notes.
      const scan = (sub: string, ...more: string[]) => run('scan', path.join(folder, sub, 'design.md'), '--no-bundled', '--notes', path.join(folder, 'team.glossary.yml'), '--json', ...more);
      assert.deepEqual(JSON.parse(scan('docs').out).map((f: { term: string }) => f.term), ['Refund']);
      assert.deepEqual(JSON.parse(scan('other').out), []);
      const explained: { text: string; verdict: string }[] = JSON.parse(scan('other', '--explain').out);
      assert.deepEqual(explained.map((e) => [e.text, e.verdict]), [['Refund', 'scope']]);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('repair prints the repaired text and reports ambiguous spots with exit 1', () => {
    const { code, out, err } = run('repair', path.join(fixtures, 'architecture.raw.md'));
    const clean = fs.readFileSync(path.join(fixtures, 'architecture.md'), 'utf8');
    assert.equal(out.split('\n').length, clean.split('\n').length);
    assert.ok(out.includes('# ⛩️'));
    assert.equal(code, err.trim() === '' ? 0 : 1);
  });

  it('repair --write rewrites atomically and keeps the original', () => {
    const folder = scratchFolder('an-cli-');
    const file = path.join(folder, 'note.md');
    const damaged = Buffer.from('## caf\u00c3\u00a9 \u00e2\u20ac\u2122\n', 'utf8');
    fs.writeFileSync(file, damaged);
    run('repair', file, '--write');
    assert.deepEqual(fs.readFileSync(file + '.orig'), damaged);
    assert.equal(fs.readFileSync(file, 'utf8'), '## café ’\n');
    assert.deepEqual(fs.readdirSync(folder).sort(), ['note.md', 'note.md.orig']);
  });

  it('check lists problems in notes and exits 1', () => {
    const { code, out } = run('check');
    assert.equal(code, 1);
    assert.match(out, /empty-definition\s+"n db" has no definition yet/);
    assert.match(out, /missing-note\s+`sql\.md` is not among the indexed notes/);
  });

  it('check reports the glossary entries of a note left out past the limit, instead of an all-clear', () => {
    const folder = scratchFolder('an-cli-');
    const entries = Array.from({ length: 50_002 }, (_, i) => `**Gadget ${i}**: def ${i}.\n`).join('\n');
    fs.writeFileSync(path.join(folder, 'many.md'), `# Glossary\n\n${entries}`);
    const { code, out } = run('check', folder);
    assert.equal(code, 1, out);
    // The first entry left out, Gadget 50000, stands on line 3 + 2 × 50,000.
    assert.match(out, /many\.md:100003:1\s+entries-left-out\s+2 more glossary entries are left out, from this one on: at most 50,000 are read from one note/);
    assert.doesNotMatch(out, /no problems found/);
  });

  it('unreadable files and unknown commands give one clear line', () => {
    const missing = run('scan', path.join(os.tmpdir(), 'no-such-file.md'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read .*no such file/);
    const unknown = run('frobnicate');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown command "frobnicate"/);
    const binary = path.join(scratchFolder('an-cli-'), 'blob.md');
    fs.writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
    const refused = run('scan', binary);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /not a text file/);
  });
});
