// Contextive glossaries over a real JSON-RPC connection: found in the workspace folder without
// any setting, hovered (context, vision, definition, examples) in their scope only, code
// spellings included, go to definition on the YAML line, imports (a local file and an https
// URL, fetched by an injected fetcher: no network here), and the diagnostics of bad YAML and
// of an import that cannot be loaded.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CompletionRequest, DefinitionRequest, DiagnosticSeverity, DidChangeWatchedFilesNotification, DocumentSymbolRequest, FileChangeType, HoverRequest,
  type CompletionList, type DocumentSymbol, type Hover, type Location, type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { locate, startClient, until, type TestClient } from './helpers';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'contextive');
const fixture = (relative: string) => fs.readFileSync(path.join(FIXTURES, relative), 'utf8');
const FINANCE_URL = 'https://glossaries.example.com/finance.glossary.yml';

const POLICY_CODE = [
  '// Ranks the legs of a route.',
  'export const LEG_MAGNITUDE_POLICY = "lowest";',
  'export function legMagnitudePolicy(legs: Leg[]) {',
  '  return new LegMagnitudePolicy(config.legMagnitudePolicy, "leg-magnitude-policy");',
  '}',
  '',
].join('\n');

const cardOf = (hover: Hover | null) => (hover?.contents as MarkupContent | undefined)?.value ?? '';

describe('server: Contextive glossaries', () => {
  let client: TestClient;
  const fetched: string[] = [];

  before(async () => {
    const files: Record<string, string> = {};
    for (const relative of ['project.glossary.yml', 'shared/common.yml', 'CargoDemo/routing.md', 'BillingDemo/invoices.md', 'README.md']) {
      files[relative] = fixture(path.join('workspace', relative));
    }
    files['CargoDemo/policy.ts'] = POLICY_CODE;
    files['bad/malformed.glossary.yml'] = fixture('bad/malformed.glossary.yml');
    files['bad/bomb.glossary.yml'] = fixture('bad/bomb.glossary.yml');
    files['partners/partners.glossary.yml'] = 'imports:\n  - https://partners.example.com/terms.yml\ncontexts:\n  - name: Partners\n    terms:\n      - name: Carrier\n        definition: A company that moves cargo for us.\n';
    files['ignored/.gitignore'] = 'secret.glossary.yml\n';
    files['ignored/secret.glossary.yml'] = 'contexts:\n  - terms:\n      - name: Hidden Term\n';
    client = await startClient({
      files,
      // No notes folder named: the glossaries are found in the workspace folder by themselves.
      initializationOptions: { languages: ['markdown', 'typescript'] },
      serverDeps: {
        fetchGlossary: async (url) => {
          fetched.push(url);
          if (url === FINANCE_URL) return fixture('remote/finance.glossary.yml');
          throw new Error('unreachable (ENOTFOUND)');
        },
      },
    });
    for (const relative of ['CargoDemo/routing.md', 'BillingDemo/invoices.md', 'README.md']) await client.open(client.uri(relative), files[relative]);
    await client.open(client.uri('CargoDemo/policy.ts'), POLICY_CODE, 'typescript');
  });
  after(() => client.dispose());

  const hoverAt = async (relative: string, snippet: string, occurrence = 0): Promise<Hover | null> => {
    const text = fs.readFileSync(path.join(client.folder, relative), 'utf8');
    return client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri(relative) }, position: locate(text, snippet, occurrence, 2).at });
  };
  /** Waits, status after status (never on a timer), until the imports loaded in the background have come in. */
  const once = async (loaded: () => Promise<boolean>) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const next = client.nextStatus(() => true);
      if (await loaded()) return;
      await next;
    }
    assert.fail('the imports did not come in');
  };

  it('hovers a term with its context, the vision, the definition and the examples', async () => {
    const card = cardOf(await hoverAt('CargoDemo/routing.md', 'Leg Magnitude Policy'));
    assert.match(card, /^\*\*Leg Magnitude Policy\*\*/);
    assert.match(card, /\*Cargo\* — To manage the routing of cargo through transportation legs/);
    assert.match(card, /A policy that helps the routing engine select the legs with the lowest magnitude\./);
    assert.match(card, /- “The leg magnitude policy is selecting the fastest leg, but we need it to select the cheapest leg\.”/);
    assert.match(card, /Status: proposed/);
  });

  it('matches the code spellings of a term, in prose and in code', async () => {
    for (const spelling of ['LegMagnitudePolicy', 'LEG_MAGNITUDE_POLICY', 'leg-magnitude-policy', 'legMagnitudePolicy']) {
      assert.match(cardOf(await hoverAt('CargoDemo/routing.md', spelling)), /^\*\*Leg Magnitude Policy\*\*/, spelling);
    }
    for (const [spelling, occurrence] of [['LEG_MAGNITUDE_POLICY', 0], ['legMagnitudePolicy', 0], ['LegMagnitudePolicy', 0], ['legMagnitudePolicy', 1], ['leg-magnitude-policy', 0]] as const) {
      const hover = await hoverAt('CargoDemo/policy.ts', spelling, occurrence);
      assert.match(cardOf(hover), /^\*\*Leg Magnitude Policy\*\*/, `${spelling} in code`);
      const text = POLICY_CODE;
      const { start, end } = locate(text, spelling, occurrence);
      assert.deepEqual(hover?.range, { start, end }, 'the whole identifier');
    }
  });

  it('goes to the YAML line of the term', async () => {
    const text = fixture('workspace/CargoDemo/routing.md');
    const locations = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: client.uri('CargoDemo/routing.md') }, position: locate(text, 'legMagnitudePolicy').at }) as Location[];
    assert.equal(locations.length, 1);
    assert.equal(locations[0].uri, client.uri('project.glossary.yml'));
    const glossary = fixture('workspace/project.glossary.yml');
    assert.deepEqual(locations[0].range, { start: locate(glossary, 'Leg Magnitude Policy').start, end: locate(glossary, 'Leg Magnitude Policy').end });
  });

  it('hovers a term only where its glossary and context apply', async () => {
    const billing = cardOf(await hoverAt('BillingDemo/invoices.md', 'Policy'));
    assert.match(billing, /\*Billing\* — Compute and levy charges for shipping/);
    assert.match(billing, /A set of payment rules/);
    assert.doesNotMatch(billing, /routing service/, 'not the Cargo context\'s policy');
    assert.equal(await hoverAt('BillingDemo/invoices.md', 'Leg Magnitude Policy'), null, 'the Cargo context applies in CargoDemo only');
    assert.equal(await hoverAt('README.md', 'Leg Magnitude Policy'), null);
    // Completion offers what applies, the same way.
    const offered = async (relative: string) => {
      const text = 'the leg';
      const uri = client.write(relative, text);
      await client.open(uri, text);
      const list = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: text.length } }) as CompletionList;
      return list.items.map((item) => item.label);
    };
    assert.ok((await offered('CargoDemo/draft.md')).includes('Leg Magnitude Policy'));
    assert.ok(!(await offered('BillingDemo/draft.md')).includes('Leg Magnitude Policy'));
  });

  it('loads a local import and an https import in the background, and applies them where the importer applies', async () => {
    await once(async () => !!(await hoverAt('CargoDemo/routing.md', 'Ledger Entry')));
    assert.match(cardOf(await hoverAt('CargoDemo/routing.md', 'Ledger Entry')), /\*Finance\* — Keep the books of the shipping business/);
    assert.match(cardOf(await hoverAt('CargoDemo/routing.md', 'Customer')), /\*Shared Kernel\*[\s\S]*A party that books cargo/);
    assert.ok(fetched.includes(FINANCE_URL));
  });

  it('reports an unreachable import once, on its line, and YAML errors at theirs', async () => {
    const partners = client.uri('partners/partners.glossary.yml');
    const partnersText = fs.readFileSync(path.join(client.folder, 'partners/partners.glossary.yml'), 'utf8');
    await client.open(partners, partnersText);
    const unreachable = await client.diagnosticsFor(partners, (p) => p.diagnostics.length > 0);
    assert.equal(unreachable.diagnostics.length, 1);
    assert.equal(unreachable.diagnostics[0].severity, DiagnosticSeverity.Warning);
    assert.equal(unreachable.diagnostics[0].range.start.line, 1);
    assert.match(String(unreachable.diagnostics[0].message), /ENOTFOUND/);
    // The glossary's own terms are served all the same.
    assert.match(cardOf(await hoverAt('partners/partners.glossary.yml', 'Carrier')), /A company that moves cargo for us/);

    const malformed = client.uri('bad/malformed.glossary.yml');
    await client.open(malformed, fixture('bad/malformed.glossary.yml'));
    const syntax = await client.diagnosticsFor(malformed, (p) => p.diagnostics.length > 0);
    assert.deepEqual(syntax.diagnostics.map((d) => [d.range.start.line, d.severity, d.code]), [[6, DiagnosticSeverity.Warning, 'syntax-error']]);
    // What the parser says, and where it found it, beside where to look.
    assert.equal(syntax.diagnostics[0].message, 'YAML syntax error on line 9, column 1: Missing closing "quote. The quote opened on line 7 is not closed.');

    const bomb = client.uri('bad/bomb.glossary.yml');
    await client.open(bomb, fixture('bad/bomb.glossary.yml'));
    const refused = await client.diagnosticsFor(bomb, (p) => p.diagnostics.length > 0);
    assert.match(String(refused.diagnostics[0].message), /alias bomb/);
  });

  it('fetches an unreachable import no more, and logs it no more, while another glossary is typed in', async () => {
    const partnersUrl = 'https://partners.example.com/terms.yml';
    const tries = () => fetched.filter((url) => url === partnersUrl).length;
    const logged = () => client.logs.filter((line) => line.includes(`Import not loaded: ${partnersUrl}`)).length;
    await until(async () => tries() > 0 && logged() > 0, 'the first fetch');
    const [triesBefore, loggedBefore] = [tries(), logged()];
    const uri = client.write('typing/typing.glossary.yml', 'contexts:\n  - name: Typing\n    terms:\n      - name: Keystroke\n');
    await client.open(uri, 'contexts:\n  - name: Typing\n    terms:\n      - name: Keystroke\n', 'yaml');
    for (let typed = 1; typed <= 5; typed++) {
      await client.change(uri, `${'#'.repeat(typed)}\ncontexts:\n  - name: Typing\n    terms:\n      - name: Keystroke\n`);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    // The imports were worked out again after the last keystroke: the typed term hovers.
    const doc = client.write('typing/doc.md', 'One Keystroke more.\n');
    await client.open(doc, 'One Keystroke more.\n');
    await until(async () => /Typing/.test(cardOf(await hoverAt('typing/doc.md', 'Keystroke'))), 'the typed glossary indexed');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(tries(), triesBefore, 'fetched again on keystrokes in another glossary');
    assert.equal(logged(), loggedBefore, client.logs.filter((line) => line.includes('Import not loaded')).join('\n'));
  });

  it('leaves out a glossary the ignore files leave out', async () => {
    const text = 'The Hidden Term here.\n';
    const uri = client.write('ignored/doc.md', text);
    await client.open(uri, text);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: locate(text, 'Hidden Term').at });
    assert.equal(hover, null);
  });

  it('outlines a glossary by context', async () => {
    const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: client.uri('project.glossary.yml') } }) as DocumentSymbol[];
    const names = (list: DocumentSymbol[] | undefined) => (list ?? []).map((s) => s.name);
    const contexts = symbols.flatMap((s) => (s.name === 'Cargo' || s.name === 'Billing' ? [s] : s.children ?? []));
    assert.deepEqual(names(contexts), ['Cargo', 'Billing']);
    assert.deepEqual(names(contexts[0].children), ['Cargo', 'Leg', 'Policy', 'Leg Magnitude Policy', 'Vessel']);
  });

  it('picks up a glossary created on disk', async () => {
    const text = 'contexts:\n  - name: Port\n    terms:\n      - name: Berth Window\n        definition: When a vessel may moor.\n';
    const uri = client.write('CargoDemo/port.glossary.yml', text);
    const indexed = client.nextStatus((s) => s.state === 'ready');
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type: FileChangeType.Created }] });
    await indexed;
    const doc = 'Ask for a berth window.\n';
    const docUri = client.write('CargoDemo/port.md', doc);
    await client.open(docUri, doc);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: docUri }, position: locate(doc, 'berth window').at });
    assert.match(cardOf(hover), /When a vessel may moor/);
  });
});
