import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import fc from 'fast-check';
import { findGlossary, fitTitle, fitsWikilink, glossaryEdit, linkDestination, linkLabel, spacedInsertion, glossaryText, linkTarget, mergedInOrder, overlapsAny, overlapsSorted, unlinkableSpans, withoutGlossary } from '../../server/src/core/query/docEdits';
import { NotesSearch } from '../../server/src/core/query/search';
import { NotesWorkspace } from '../../server/src/core/workspace/notesWorkspace';
import { codeActions, INSERT_GLOSSARY, LINK_EVERY_MENTION, LINK_TERM, OPEN_REFERENCE, REFERENCES_IN_MENU } from '../../server/src/features/codeActions';
import { ClientCommands, Commands, type ReferenceChoice } from '../../server/src/protocol';
import { termCard, termUnder, type FeatureContext } from '../../server/src/features/context';
import { search } from '../../server/src/features/search';
import { documentSymbols } from '../../server/src/features/symbols';
import { noteTree } from '../../server/src/core/query/outline';

// The code actions and the search ranking, called directly on in-memory notes and docs. Edits
// are applied to the text the way an editor applies a WorkspaceEdit, so a test can run an
// action twice and see what the second run changes.

const notesFolder = path.join(path.parse(process.cwd()).root, 'in-memory-notes');
const noteUri = pathToFileURL(path.join(notesFolder, 'patterns.md')).href;

const LONG_DESCRIPTION = 'an extremely long description '.repeat(20).trim();
const NOTE = [
  '# PATTERNS',
  '',
  '## scaling',
  '',
  '* _horizontal scaling_: add machines https://en.wikipedia.org/wiki/Scalability#Horizontal',
  '* _vertical scaling_: bigger machines',
  '> The bigger problem isn\'t scaling, it\'s getting to the point where you have to scale.',
  '',
  '## resilience',
  '',
  '* _circuit breaker_: stops calling a failing dependency for a while https://martinfowler.com/bliki/CircuitBreaker.html',
  `* _bulkhead_: isolate failures [${LONG_DESCRIPTION}](https://example.com/a/very/long/path/that/goes/on/and/on/for/ever/bulkhead.html)`,
  '',
].join('\n');

async function inMemory(docs: Record<string, string>) {
  const workspace = new NotesWorkspace();
  await workspace.configure({ entries: [notesFolder], baseFolders: [], ignoreTerms: [], maxFileBytes: 5_000_000 });
  const open = new Map<string, TextDocument>();
  const put = (uri: string, text: string) => {
    const previous = open.get(uri);
    open.set(uri, TextDocument.create(uri, 'markdown', (previous?.version ?? 0) + 1, text));
    workspace.noteOpened(uri, text);
  };
  put(noteUri, NOTE);
  for (const [uri, text] of Object.entries(docs)) put(uri, text);
  const context: FeatureContext = { workspace, documents: { get: (uri) => open.get(uri), all: () => [...open.values()] }, languages: () => ['markdown'] };
  return { context, put, text: (uri: string) => open.get(uri)!.getText() };
}

/** Applies one action's edits to the doc, as the editor does with a WorkspaceEdit. */
function apply(text: string, uri: string, action: CodeAction): string {
  const edits = (action.edit?.changes?.[uri] ?? []) as TextEdit[];
  return TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), edits);
}

function positionOf(text: string, phrase: string, occurrence = 0) {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) offset = text.indexOf(phrase, offset + 1);
  assert.ok(offset >= 0, `"${phrase}" is in the text`);
  return TextDocument.create('untitled:x', 'markdown', 1, text).positionAt(offset + 1);
}

const actionsAt = (context: FeatureContext, uri: string, text: string, phrase: string, only?: string[], occurrence = 0) => {
  const at = positionOf(text, phrase, occurrence);
  return codeActions(context, uri, { start: at, end: at }, { diagnostics: [], only }, { canResolve: false });
};

describe('code actions and search, called directly', () => {
  it('offers term actions as refactors, never as quick fixes, with titles that show where a link goes', async () => {
    const uri = 'untitled:design.md';
    const doc = '# Design\n\nEvery call goes through a circuit breaker.\n';
    const { context } = await inMemory({ [uri]: doc });
    const actions = actionsAt(context, uri, doc, 'circuit breaker');
    assert.ok(actions.length > 0);
    assert.ok(actions.every((a) => a.kind?.startsWith('refactor') || a.kind?.startsWith('source')), actions.map((a) => a.kind).join(', '));
    assert.deepEqual(actionsAt(context, uri, doc, 'circuit breaker', ['quickfix']), [], 'nothing to fix in this doc');
    const link = actions.find((a) => a.kind === LINK_TERM)!;
    assert.equal(link.title, 'Link “circuit breaker” to martinfowler.com/bliki/CircuitBreaker.html');
    assert.equal(apply(doc, uri, link), '# Design\n\nEvery call goes through a [circuit breaker](https://martinfowler.com/bliki/CircuitBreaker.html).\n');
    const open = actions.filter((a) => a.kind === OPEN_REFERENCE);
    assert.deepEqual(open.map((a) => a.title), ['Open reference: martinfowler.com/bliki/CircuitBreaker.html']);
  });

  it("leads a rare word without a definition to the notes' mentions, an everyday one only when selected", async () => {
    const uri = 'untitled:design.md';
    const doc = 'The export job would start a long query that blocks other work, so CQRS splits it.\n';
    const { context, put } = await inMemory({ [uri]: doc });
    put(noteUri, `${NOTE}\n## reading\n\n* how a planner does its work https://example.com/planner, and CQRS in practice https://example.com/cqrs\n`);
    const opens = (actions: CodeAction[]) => actions.filter((a) => a.kind === OPEN_REFERENCE).map((a) => a.title);
    assert.deepEqual(opens(actionsAt(context, uri, doc, 'work')), [], 'an everyday word under the cursor');
    assert.ok(opens(actionsAt(context, uri, doc, 'CQRS')).some((title) => title.includes('example.com')), 'a rare word: its mentions lead on');
    const document = TextDocument.create(uri, 'markdown', 1, doc);
    const selected = { start: document.positionAt(doc.indexOf('work')), end: document.positionAt(doc.indexOf('work') + 'work'.length) };
    assert.ok(opens(codeActions(context, uri, selected, { diagnostics: [] }, { canResolve: false })).length > 0, 'a selection is looked up whatever it is');
  });

  it('caps every title at 80 characters, keeping where the link goes', async () => {
    const uri = 'untitled:design.md';
    const doc = 'Each pool sits behind a bulkhead.\n';
    const { context } = await inMemory({ [uri]: doc });
    const actions = actionsAt(context, uri, doc, 'bulkhead');
    const open = actions.find((a) => a.kind === OPEN_REFERENCE);
    assert.ok(open, actions.map((a) => a.title).join('; '));
    for (const action of actions) assert.ok(action.title.length <= 80, `${action.title.length}: ${action.title}`);
    // A 600-character description is left out; where the link goes stays.
    assert.equal(open.title, 'Open reference: example.com/…/bulkhead.html');
    assert.equal(linkTarget('https://www.example.com/'), 'example.com');
    assert.equal(fitTitle('Link “', 'x'.repeat(200), '” to a.com').length, 80);
  });

  it('on a note offers only the term under the cursor, and nothing for an ordinary word', async () => {
    const { context } = await inMemory({});
    const onTerm = actionsAt(context, noteUri, NOTE, 'circuit breaker');
    const titles = onTerm.map((a) => a.title);
    assert.ok(titles.every((t) => !/wikipedia|example\.com/.test(t)), titles.join('; '));
    // No edits of the note's own text: it is written in the notes' dialect.
    assert.ok(onTerm.every((a) => !a.edit), titles.join('; '));
    assert.deepEqual(actionsAt(context, noteUri, NOTE, 'machines').filter((a) => a.kind === OPEN_REFERENCE), []);
    assert.deepEqual(actionsAt(context, noteUri, NOTE, 'dependency').filter((a) => a.kind === OPEN_REFERENCE), []);
  });

  it('links every mention of a term in one edit, leaving code, headings, links and URLs alone', async () => {
    const uri = 'untitled:design.md';
    const doc = [
      '# Why a circuit breaker',
      '',
      'The circuit breaker opens after five failures; a [circuit breaker](https://example.com/cb) exists',
      'already for the cache. Set `circuit breaker` in the config.',
      '',
      '```',
      'new circuit breaker()',
      '```',
      '',
      'A second circuit breaker guards the queue.',
      '',
    ].join('\n');
    const { context } = await inMemory({ [uri]: doc });
    const every = actionsAt(context, uri, doc, 'circuit breaker', ['refactor'], 1).find((a) => a.kind === LINK_EVERY_MENTION);
    assert.ok(every, 'offered');
    assert.equal(every.title, 'Link every mention of “circuit breaker” in this doc (2) to martinfowler.com');
    assert.ok(every.title.length <= 80);
    const linked = apply(doc, uri, every);
    const url = 'https://martinfowler.com/bliki/CircuitBreaker.html';
    assert.equal(linked, doc
      .replace('The circuit breaker opens', `The [circuit breaker](${url}) opens`)
      .replace('A second circuit breaker', `A second [circuit breaker](${url})`));
    // Once all are linked, there is nothing left to offer.
    const { context: after } = await inMemory({ [uri]: linked });
    const again = actionsAt(after, uri, linked, 'circuit breaker', undefined, 3);
    assert.equal(again.filter((a) => a.kind === LINK_EVERY_MENTION || a.kind === LINK_TERM).length, 0, again.map((a) => a.title).join('; '));
  });

  it('links every mention in the doc\'s own words, none in the glossary Insert glossary wrote', async () => {
    const uri = 'untitled:design.md';
    const doc = '# Design\n\nThe primary is a SPoF until a replica runs.\n\nThe queue is a SPoF too.\n';
    const { context, put } = await inMemory({ [uri]: doc });
    put(pathToFileURL(path.join(notesFolder, 'risks.md')).href, '# RISKS\n\n## availability\n\n* _SPoF_: single point of failure https://example.com/spof\n');
    const glossary = codeActions(context, uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, { diagnostics: [], only: ['source'] }, { canResolve: false }).find((a) => a.kind === INSERT_GLOSSARY);
    const withGlossary = apply(doc, uri, glossary!);
    const item = '- **SPoF**: single point of failure [example.com/spof](https://example.com/spof)';
    assert.ok(withGlossary.endsWith(`## Glossary\n\n${item}\n`), withGlossary);
    put(uri, withGlossary);
    const every = actionsAt(context, uri, withGlossary, 'SPoF', ['refactor']).find((a) => a.kind === LINK_EVERY_MENTION);
    assert.equal(every?.title, 'Link every mention of “SPoF” in this doc (2) to example.com/spof');
    const linked = apply(withGlossary, uri, every);
    assert.equal(linked, withGlossary.replace('a SPoF until', 'a [SPoF](https://example.com/spof) until').replace('a SPoF too', 'a [SPoF](https://example.com/spof) too'));
    // Words written after the glossary are the doc's own again.
    const more = `${withGlossary}\nA third SPoF: the DNS.\n`;
    put(uri, more);
    assert.match(actionsAt(context, uri, more, 'SPoF', ['refactor']).find((a) => a.kind === LINK_EVERY_MENTION)?.title ?? '', /in this doc \(3\)/);
  });

  it('offers "link every mention" for a term two notes define, whichever sense fits the doc first', async () => {
    const uri = 'untitled:resilience.md';
    const doc = 'The circuit breaker stops calling a failing dependency.\n\nA second circuit breaker guards the queue of the failing dependency.\n';
    const { context, put } = await inMemory({ [uri]: doc });
    // Another note defines it in an electrician's sense: the doc's sense is the patterns note's.
    put(pathToFileURL(path.join(notesFolder, 'house.md')).href, '# HOUSE\n\n## wiring\n\n* _circuit breaker_: trips when the current in a wire is too high https://example.com/fuse\n');
    assert.equal(context.workspace.index.lookup('circuit breaker')[0].definitions.length, 2);
    const every = actionsAt(context, uri, doc, 'circuit breaker', ['refactor']).find((a) => a.kind === LINK_EVERY_MENTION);
    assert.ok(every, 'offered');
    assert.match(every.title, /\(2\) to martinfowler\.com$/);
  });

  it('outlines a note for the editor in the file\'s order, while the Patterns view puts PATTERNS first', async () => {
    const uri = pathToFileURL(path.join(notesFolder, 'two-areas.md')).href;
    const { context, put } = await inMemory({});
    put(uri, '# HEURISTICS\n\n## factors\n\n* _fan out_: requests per incoming request\n\n# PATTERNS\n\n## resilience\n\n* _bulkhead_: isolate failures\n');
    assert.deepEqual(documentSymbols(context, uri).map((s) => s.name), ['HEURISTICS', 'PATTERNS']);
    assert.deepEqual(noteTree(context.workspace.index.note(uri)!, 'two-areas.md').children.map((c) => c.label), ['PATTERNS', 'HEURISTICS']);
  });

  it('writes into the glossary the sense of a term that its mention fits, not the first note\'s', async () => {
    const uri = 'untitled:resilience.md';
    const doc = 'The circuit breaker stops calling a failing dependency for a while.\n';
    const { context, put } = await inMemory({ [uri]: doc });
    put(pathToFileURL(path.join(notesFolder, 'a-house.md')).href, '# HOUSE\n\n## wiring\n\n* _circuit breaker_: trips when the current in a wire is too high\n');
    assert.match(context.workspace.index.lookup('circuit breaker')[0].definitions[0].text, /current in a wire/, 'the electrician\'s note comes first');
    const glossary = codeActions(context, uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, { diagnostics: [], only: ['source'] }, { canResolve: false }).find((a) => a.kind === INSERT_GLOSSARY);
    assert.ok(glossary);
    const written = apply(doc, uri, glossary);
    assert.match(written, /\*\*circuit breaker\*\*: stops calling a failing dependency/);
  });

  it('writes into the glossary the definition the hover shows first: the notes\' distilled one before inbox material', async () => {
    const uri = 'untitled:payments.md';
    const doc = 'We add a circuit breaker.\n\nThe mobile app polls the ledger, payments are posted once, and a kill switch forces an upgrade.\n';
    const { context, put } = await inMemory({ [uri]: doc });
    put(pathToFileURL(path.join(notesFolder, 'a-seed.md')).href, '# ZA\n\n## semantics\n\n---\n\n* _circuit breaker_: error handling\n* e.g. the downstream call fails, return an empty list and poll the downstream\n* _kill switch_: force upgrade of the mobile app\n* _ledger_: payments posted once\n');
    const hovered = termUnder(context, uri, positionOf(doc, 'circuit breaker'));
    assert.match(hovered?.entry.definitions[0].text ?? '', /^stops calling a failing dependency/, 'the hover\'s first card');
    const glossary = codeActions(context, uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, { diagnostics: [], only: ['source'] }, { canResolve: false }).find((a) => a.kind === INSERT_GLOSSARY);
    assert.match(apply(doc, uri, glossary!), /\*\*circuit breaker\*\*: stops calling a failing dependency for a while /);
  });

  it('cites in the glossary a term\'s own reference or none, never a link that is only related to it', async () => {
    const uri = 'untitled:services.md';
    const doc = 'Each fan out costs a call, and the kill switch stops them all.\n';
    const { context, put } = await inMemory({ [uri]: doc });
    // Neither term has a link the policy opens; the lines that mention them do.
    put(pathToFileURL(path.join(notesFolder, 'heuristics.md')).href, [
      '# HEURISTICS', '', '## factors', '',
      '* _fan out_: requests to other services to handle one incoming request',
      '* _kill switch_: stops every call at once [the runbook](command:workbench.action.quit)',
      '', '## incidents', '',
      '* a fan out of ten hurt memory usage https://news.example.com/item?id=1',
      '* the kill switch was tested in the drill https://example.com/drill',
      '',
    ].join('\n'));
    const hover = termUnder(context, uri, positionOf(doc, 'fan out'))!;
    const card = termCard(context, hover.entry, hover.text);
    assert.match(card, /\*No references of its own\.\*\n\n\*\*Related in the notes\*\*\n\n- \[[^\]]*\]\(https:\/\/news\.example\.com\//, 'the card calls the link related');
    const glossary = codeActions(context, uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, { diagnostics: [], only: ['source'] }, { canResolve: false }).find((a) => a.kind === INSERT_GLOSSARY);
    const written = apply(doc, uri, glossary!);
    assert.ok(written.endsWith([
      '## Glossary', '',
      '- **fan out**: requests to other services to handle one incoming request',
      '- **kill switch**: stops every call at once the runbook',
      '',
    ].join('\n')), written);
  });

  it('links a term to a link of its own first, and calls a link only related to it related', async () => {
    const uri = 'untitled:services.md';
    const doc = 'Each fan out costs a call, and every fan out adds latency; a retry budget caps them.\n';
    const { context, put } = await inMemory({ [uri]: doc });
    put(pathToFileURL(path.join(notesFolder, 'heuristics.md')).href, [
      '# HEURISTICS', '', '## factors', '',
      '* _fan out_: requests to other services to handle one incoming request',
      '* _retry budget_: a cap on retries per second https://sre.example.com/retry-budget',
      '', '## incidents', '',
      '* a fan out of ten hurt memory usage https://news.example.com/item?id=1',
      '* the retry budget was spent in a minute https://status.example.com/incident',
      '',
    ].join('\n'));
    // No link of its own: the only one is a line that mentions it.
    const fanOut = actionsAt(context, uri, doc, 'fan out');
    const fanOutOpen = fanOut.filter((a) => a.kind === OPEN_REFERENCE).map((a) => a.title);
    assert.equal(fanOutOpen.length, 1);
    assert.match(fanOutOpen[0], /^Open related reference: .*news\.example\.com/);
    assert.equal(fanOut.find((a) => a.kind === LINK_TERM)?.title, 'Link “fan out” to news.example.com/item (related)');
    assert.equal(fanOut.find((a) => a.kind === LINK_EVERY_MENTION)?.title, 'Link every mention of “fan out” in this doc (2) to news.example.com (related)');
    // A link of its own: that one first, unqualified, and the related one after it.
    const budget = actionsAt(context, uri, doc, 'retry budget');
    const budgetOpen = budget.filter((a) => a.kind === OPEN_REFERENCE).map((a) => a.title);
    assert.equal(budgetOpen.length, 2, budgetOpen.join('; '));
    assert.match(budgetOpen[0], /^Open reference: .*sre\.example\.com\/retry-budget/);
    assert.match(budgetOpen[1], /^Open related reference: .*status\.example\.com/);
    const link = budget.find((a) => a.kind === LINK_TERM)!;
    assert.equal(link.title, 'Link “retry budget” to sre.example.com/retry-budget');
    assert.equal(apply(doc, uri, link), doc.replace('retry budget', '[retry budget](https://sre.example.com/retry-budget)'));
  });

  it('offers every reference the notes give a term: four in the menu, not the first three', async () => {
    const uri = 'untitled:rollout.md';
    const doc = 'The rollout goes out behind a feature flag.\n';
    const { context, put } = await inMemory({ [uri]: doc });
    put(pathToFileURL(path.join(notesFolder, 'delivery.md')).href, [
      '# DELIVERY', '', '## releases', '',
      '* _feature flag_: a switch that turns code on without a deploy https://one.example.com/flags https://two.example.com/toggles https://three.example.com/launch https://four.example.com/kill-switch',
      '',
    ].join('\n'));
    const opens = actionsAt(context, uri, doc, 'feature flag').filter((a) => a.kind === OPEN_REFERENCE);
    assert.deepEqual(opens.map((a) => a.command?.arguments?.[0]), [
      'https://one.example.com/flags',
      'https://two.example.com/toggles',
      'https://three.example.com/launch',
      'https://four.example.com/kill-switch',
    ], opens.map((a) => a.title).join('; '));
    assert.ok(opens.every((a) => a.command?.command === Commands.openReference && /^Open reference: /.test(a.title)), opens.map((a) => a.title).join('; '));
  });

  it(`past ${REFERENCES_IN_MENU} references, offers the first ones and "Show all N references…" with every one, where the client can list them`, async () => {
    const uri = 'untitled:rollout.md';
    const doc = 'The rollout goes out behind a feature flag.\n';
    const { context, put } = await inMemory({ [uri]: doc });
    const urls = Array.from({ length: REFERENCES_IN_MENU + 3 }, (_, i) => `https://ref${i + 1}.example.com/flags`);
    put(pathToFileURL(path.join(notesFolder, 'delivery.md')).href, [
      '# DELIVERY', '', '## releases', '',
      `* _feature flag_: a switch that turns code on without a deploy ${urls.join(' ')}`,
      '',
    ].join('\n'));
    const at = positionOf(doc, 'feature flag');
    const withList = codeActions(context, uri, { start: at, end: at }, { diagnostics: [] }, { canResolve: false, canShowReferences: true }).filter((a) => a.kind === OPEN_REFERENCE);
    const opens = withList.filter((a) => a.command?.command === Commands.openReference);
    assert.deepEqual(opens.map((a) => a.command?.arguments?.[0]), urls.slice(0, REFERENCES_IN_MENU));
    const all = withList.filter((a) => a.command?.command === ClientCommands.showReferences);
    assert.equal(all.length, 1, withList.map((a) => a.title).join('; '));
    assert.equal(all[0].title, `Show all ${urls.length} references of “feature flag”…`);
    assert.equal(withList[withList.length - 1], all[0], 'Show all comes after the references it adds to');
    const [term, choices] = all[0].command!.arguments as [string, ReferenceChoice[]];
    assert.equal(term, 'feature flag');
    assert.deepEqual(choices.map((c) => c.url), urls);
    assert.ok(choices.every((c) => !c.related), 'the term\'s own links are not called related');
    // A client that cannot list them gets no action that would do nothing.
    const without = codeActions(context, uri, { start: at, end: at }, { diagnostics: [] }, { canResolve: false }).filter((a) => a.kind === OPEN_REFERENCE);
    assert.deepEqual(without.map((a) => a.command?.command), Array(REFERENCES_IN_MENU).fill(Commands.openReference));
  });

  it('offers a link to the note that defines the term before a web link only related to it', async () => {
    const docUri = pathToFileURL(path.join(path.parse(process.cwd()).root, 'docs', 'design.md')).href;
    const doc = 'Backoff with jitter stops a retry storm.\n';
    const { context, put } = await inMemory({ [docUri]: doc });
    put(pathToFileURL(path.join(notesFolder, 'Retry Storm.md')).href, '# Retry Storm\n\nClients retrying at once keep a struggling service down.\n');
    put(pathToFileURL(path.join(notesFolder, 'Idempotency.md')).href, '# Idempotency\n\nSafe to repeat. A retry storm repeats every call: https://example.com/idem\n');
    const titles = actionsAt(context, docUri, doc, 'retry storm').filter((a) => a.kind === LINK_TERM).map((a) => a.title);
    assert.deepEqual(titles, ['Link “retry storm” to the note Retry Storm', 'Link “retry storm” to example.com/idem (related)']);
  });

  it('links a term to the note named as it, before a Note Definitions file that also defines it', async () => {
    const docUri = pathToFileURL(path.join(path.parse(process.cwd()).root, 'docs', 'design.md')).href;
    const doc = 'Every call goes through a backpressure valve.\n';
    const { context, put } = await inMemory({ [docUri]: doc });
    put(pathToFileURL(path.join(notesFolder, 'A definitions.md')).href, '---\ndef-type: consolidated\n---\n# Backpressure\nSlowing the sender down.\n');
    put(pathToFileURL(path.join(notesFolder, 'Backpressure.md')).href, '# Backpressure\n\nA consumer that cannot keep up tells the producer to slow down.\n');
    assert.equal(context.workspace.index.lookup('backpressure')[0].definitions.length, 2);
    const link = actionsAt(context, docUri, doc, 'backpressure').find((a) => a.title.includes('to the note'));
    assert.equal(link?.title, 'Link “backpressure” to the note Backpressure');
    assert.equal((link.edit?.changes?.[docUri] as TextEdit[])[0].newText, '[backpressure](../in-memory-notes/Backpressure.md)');
  });

  it('inserts a glossary that a second run leaves unchanged, and replaces its own earlier one', async () => {
    const uri = 'untitled:design.md';
    const doc = '# Design\n\nWe chose horizontal scaling, behind a circuit breaker.\n\n## Next steps\n\nNone.\n';
    const { context, put } = await inMemory({ [uri]: doc });
    const glossaryOf = (c: FeatureContext) => codeActions(c, uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, { diagnostics: [], only: ['source'] }, { canResolve: false }).find((a) => a.kind === INSERT_GLOSSARY);
    const first = glossaryOf(context);
    assert.ok(first);
    assert.equal(first.title, 'Insert glossary of the terms this doc uses');
    const once = apply(doc, uri, first);
    assert.equal(once, doc + [
      '',
      '## Glossary',
      '',
      '- **circuit breaker**: stops calling a failing dependency for a while [martinfowler.com/bliki/CircuitBreaker.html](https://martinfowler.com/bliki/CircuitBreaker.html)',
      '- **horizontal scaling**: add machines [en.wikipedia.org/wiki/Scalability](https://en.wikipedia.org/wiki/Scalability#Horizontal)',
      '',
    ].join('\n'));
    put(uri, once);
    assert.equal(glossaryOf(context), undefined, 'the second run has nothing to change');
    // The doc changes: the glossary is rebuilt in place, not appended again.
    const edited = once.replace('behind a circuit breaker', 'with vertical scaling');
    put(uri, edited);
    const third = glossaryOf(context);
    assert.ok(third);
    const rebuilt = apply(edited, uri, third);
    assert.equal(rebuilt.match(/## Glossary/g)?.length, 1);
    assert.ok(rebuilt.includes('- **vertical scaling**: bigger machines'), rebuilt);
    assert.ok(!rebuilt.includes('**circuit breaker**'), rebuilt);
  });

  it('leaves out of the glossary and of "link every mention" the terms of a Contextive glossary that does not apply to the doc', async () => {
    const glossaryUri = pathToFileURL(path.join(notesFolder, 'payments', 'team.glossary.yml')).href;
    const uri = pathToFileURL(path.join(path.parse(process.cwd()).root, 'elsewhere', 'design.md')).href;
    const doc = '# Design\n\nEach Refund goes behind a circuit breaker. A Refund is logged.\n';
    const { context, put } = await inMemory({ [uri]: doc });
    put(glossaryUri, ['contexts:', '  - name: Payments', '    terms:', '      - name: Refund', '        definition: Money returned to a customer https://example.com/refund', ''].join('\n'));
    assert.ok(context.workspace.index.lookup('Refund').length > 0, 'the glossary is indexed');
    const at = (phrase: string) => ({ start: positionOf(doc, phrase), end: positionOf(doc, phrase) });
    const glossary = codeActions(context, uri, at('# Design'), { diagnostics: [], only: ['source'] }, { canResolve: false }).find((a) => a.kind === INSERT_GLOSSARY);
    assert.ok(glossary);
    const written = apply(doc, uri, glossary);
    assert.ok(written.includes('**circuit breaker**') && !written.includes('**Refund**'), written);
    assert.ok(!codeActions(context, uri, at('Refund'), { diagnostics: [] }, { canResolve: false }).some((a) => a.kind === LINK_EVERY_MENTION));
  });

  it('keeps the glossary in front of a heading that follows it, and writes no link the notes hold but may not be opened', () => {
    const text = '# Doc\n\n## Glossary\n\n- **old**: what an earlier run wrote\n\n## After\n\nText.\n';
    const glossary = glossaryText([{ term: 'b', definition: 'see [evil](command:x) <b>bold</b> file:///etc/passwd' }, { term: 'a', definition: 'first' }]);
    assert.equal(glossary, '## Glossary\n\n- **a**: first\n- **b**: see evil bold\n');
    const change = glossaryEdit(text, glossary)!;
    const next = text.slice(0, change.start) + change.newText + text.slice(change.end);
    assert.equal(next, '# Doc\n\n## Glossary\n\n- **a**: first\n- **b**: see evil bold\n\n## After\n\nText.\n');
    assert.equal(glossaryEdit(next, glossary), undefined);
    // A doc with Windows line ends still has its glossary found again, not a second one appended.
    assert.equal(glossaryEdit('# Doc\r\n\r\n## Glossary\r\n\r\n- **old**: x\r\n', glossary)?.start, 9);
    // And written in its line ends, replaced or appended, and found unchanged the next time.
    const crlf = '# Doc\r\n\r\n## Glossary\r\n\r\n- **old**: x\r\n\r\n## After\r\n';
    const replaced = glossaryEdit(crlf, glossary)!;
    assert.equal(replaced.newText, glossary.replace(/\n/g, '\r\n') + '\r\n');
    const crlfNext = crlf.slice(0, replaced.start) + replaced.newText + crlf.slice(replaced.end);
    assert.equal(glossaryEdit(crlfNext, glossary), undefined);
    assert.equal(glossaryEdit('# Doc\r\n\r\nText.\r\n', glossary)?.newText, '\r\n' + glossary.replace(/\n/g, '\r\n'));
    assert.equal(glossaryEdit('# Doc\r\n\r\nText.\r\n\r\n', glossary)?.newText, glossary.replace(/\n/g, '\r\n'));
  });

  it('never replaces a Glossary section the writer filled by hand, nor one shown in a code block or a comment', () => {
    const glossary = glossaryText([{ term: 'fan out', definition: 'requests per request' }]);
    const own = '# Design\n\n## Glossary\n\nMy own words.\n\n- **SLA**: our contract\n\n### More\n\nText.\n\n## Next\n\nkeep\n';
    assert.equal(findGlossary(own)?.handWritten, true);
    assert.equal(glossaryEdit(own, glossary), undefined, 'nothing overwrites it');
    assert.equal(withoutGlossary(own), own, 'its words are the doc\'s own');
    for (const shown of ['```markdown\n## Glossary\n\nan example\n```\n\nAfter the fence.\n', '<!--\n## Glossary\n\n- **x**: y\n-->\n\nAfter the comment.\n', '```\n## Glossary\n']) {
      const text = `# Design\n\n${shown}`;
      assert.equal(findGlossary(text), undefined, shown);
      const change = glossaryEdit(text, glossary)!;
      assert.equal(change.start, text.length, 'the glossary goes at the end, the shown one stays');
      assert.equal(change.end, text.length);
    }
  });

  it('offers no glossary action on a doc whose Glossary is the writer\'s own', async () => {
    const uri = 'untitled:own-glossary.md';
    const withOwn = '# Design\n\nEach call goes through a circuit breaker.\n\n## Glossary\n\nOur words, by hand.\n';
    const { context } = await inMemory({ [uri]: withOwn, 'untitled:no-glossary.md': 'Each call goes through a circuit breaker.\n' });
    const offered = codeActions(context, 'untitled:no-glossary.md', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, { diagnostics: [], only: ['source'] }, { canResolve: true });
    assert.ok(offered.some((a) => a.kind === INSERT_GLOSSARY), 'offered on a doc without one');
    for (const canResolve of [true, false]) {
      const actions = codeActions(context, uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, { diagnostics: [], only: ['source'] }, { canResolve });
      assert.equal(actions.find((a) => a.kind === INSERT_GLOSSARY), undefined);
    }
  });

  it('rebuilds its own glossary when the writer has gone on writing after it, and keeps what they wrote', async () => {
    const uri = 'untitled:design.md';
    const doc = '# Design\n\nWe chose horizontal scaling.\n';
    const { context, put } = await inMemory({ [uri]: doc });
    const glossaryOf = (canResolve: boolean) => codeActions(context, uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, { diagnostics: [], only: ['source'] }, { canResolve }).find((a) => a.kind === INSERT_GLOSSARY);
    const once = apply(doc, uri, glossaryOf(false)!);
    // The glossary was the last section: what the writer adds at the end lands under its heading.
    const later = 'We also add a bulkhead per tenant.\nWe run a saga for refunds.\n';
    const edited = `${once}\n${later}`;
    put(uri, edited);
    assert.deepEqual(findGlossary(edited), { start: doc.length + 1, end: edited.indexOf(later), handWritten: false });
    assert.ok(glossaryOf(true), 'still offered');
    const rebuilt = apply(edited, uri, glossaryOf(false)!);
    assert.equal(rebuilt, doc + [
      '',
      '## Glossary',
      '',
      // The note's link label is part of its sentence: the entry cuts the text short.
      `- **bulkhead**: isolate failures ${'an extremely long description '.repeat(5).slice(0, 142)}… [example.com/…/bulkhead.html](https://example.com/a/very/long/path/that/goes/on/and/on/for/ever/bulkhead.html)`,
      '- **horizontal scaling**: add machines [en.wikipedia.org/wiki/Scalability](https://en.wikipedia.org/wiki/Scalability#Horizontal)',
      '',
      later,
    ].join('\n'));
    put(uri, rebuilt);
    assert.equal(glossaryOf(false), undefined, 'a second run changes nothing');
    // Written on the line right after the items, the words are the writer's all the same.
    const glued = once + later;
    assert.equal(glossaryEdit(glued, glossaryText([{ term: 'horizontal scaling', definition: 'add machines' }]))?.end, once.length);
  });

  it('spaces an inserted link off the words next to it, and adds no space where there is one', () => {
    assert.equal(spacedInsertion('[a](u)', 'e', ''), ' [a](u)');
    assert.equal(spacedInsertion('[a](u)', 'e', 'w'), ' [a](u) ');
    assert.equal(spacedInsertion('[a](u)', ' ', '.'), '[a](u)');
    assert.equal(spacedInsertion('[a](u)', '(', ')'), '[a](u)');
    assert.equal(spacedInsertion('[a](u)', '', ''), '[a](u)');
  });

  it('finds the places a mention may not become a link', () => {
    const text = '## A heading\nplain `code` [a](b) https://x.y/z <https://q> end\n    indented\n';
    const spans = unlinkableSpans(text);
    const at = (phrase: string) => overlapsAny(spans, text.indexOf(phrase), text.indexOf(phrase) + phrase.length);
    assert.deepEqual(['heading', 'code', '[a]', 'x.y', 'q>', 'indented', 'plain', 'end'].map(at), [true, true, true, true, true, true, false, false]);
  });

  it('answers overlapsSorted over the merged spans as overlapsAny over every span, wherever asked', () => {
    const text = '## A heading\nplain `code` [a](b) https://x.y/z <https://q> end\n    indented\n<!-- a `comment` [x](y) -->\n';
    const spans = unlinkableSpans(text);
    assert.ok(spans.every((span, i) => i === 0 || spans[i - 1].end < span.start), 'in order and apart');
    fc.assert(fc.property(fc.nat(text.length), fc.nat(12), (start, length) => {
      const end = Math.min(text.length, start + length + 1);
      assert.equal(overlapsSorted(spans, start, end), overlapsAny(spans, start, end));
    }));
    // Spans that overlap or touch, in any order, merged: the same answers as the spans themselves.
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(60), fc.nat(8)), { maxLength: 12 }), fc.nat(70), fc.nat(6), (raw, start, length) => {
      const given = raw.map(([s, l]) => ({ start: s, end: s + l + 1 }));
      const merged = mergedInOrder(given);
      assert.equal(overlapsSorted(merged, start, start + length + 1), overlapsAny(given, start, start + length + 1));
    }));
  });

  it('links no mention inside a wikilink or an HTML block, and still links the prose after the block', () => {
    const text = 'See [[fan out]] and [[Notes|fan out]].\n\n<details>\n<summary>More</summary>\nfan out in html block\n</details>\n\nfan out in prose\n\n<div>fan out</div>\n';
    const spans = unlinkableSpans(text);
    const at = (phrase: string, from = 0) => {
      const start = text.indexOf(phrase, from);
      return overlapsAny(spans, start, start + phrase.length);
    };
    assert.deepEqual([at('fan out]]'), at('fan out]].'), at('fan out in html'), at('fan out in prose'), at('fan out</div>')], [true, true, true, false, true]);
  });

  it('writes a link destination and label that no file name or term can end early', () => {
    assert.equal(linkDestination(['..', 'v', 'y)[b](command:evil2)(.md']), '../v/y%29%5Bb%5D%28command%3Aevil2%29%28.md');
    assert.equal(linkDestination(['notes', "it's a (big) note!.md"]), 'notes/it%27s%20a%20%28big%29%20note%21.md');
    assert.equal(linkLabel('a ] b [c\\'), 'a \\] b \\[c\\\\');
    assert.deepEqual(['Circuit Breaker', 'a]]b', 'a|b', 'x#Heading', ' padded'].map(fitsWikilink), [true, false, false, true, false]);
  });

  it('search ranks the terms named by the query above quotes, says what matched, and lists the terms for an empty query', async () => {
    const { context } = await inMemory({});
    const results = new NotesSearch(context.workspace.index).search('scaling');
    const kinds = results.map((r) => r.kind);
    assert.deepEqual(results.slice(0, 2).map((r) => [r.label, r.match]).sort(), [['horizontal scaling', 'words'], ['vertical scaling', 'words']]);
    assert.ok(kinds.includes('quote'), kinds.join(', '));
    const order = ['term', 'topic', 'quote', 'link'];
    assert.deepEqual([...kinds].sort((a, b) => order.indexOf(a) - order.indexOf(b)), kinds, 'terms, then topics, quotes, links');
    assert.equal(results.find((r) => r.kind === 'topic')?.match, 'exact');
    assert.equal(results.find((r) => r.kind === 'quote')?.match, 'text');
    const empty = search(context, { query: '' });
    // Terms A to Z, then the topics A to Z.
    assert.deepEqual(empty.map((i) => i.label), ['bulkhead', 'circuit breaker', 'horizontal scaling', 'vertical scaling', 'resilience', 'scaling']);
    // The status counts what that list holds, the terms and the topics apart.
    const status = context.workspace.status();
    assert.deepEqual([status.terms, status.topics], [empty.filter((i) => i.kind === 'term').length, empty.filter((i) => i.kind === 'topic').length]);
    assert.deepEqual([status.terms, status.topics], [4, 2]);
    assert.ok(empty.every((i) => i.match === 'all'));
    assert.deepEqual(search(context, { query: ' ', kinds: ['topic'] }).map((i) => i.label), ['resilience', 'scaling']);
  });
});
