import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { NotesWorkspace } from '../../server/src/core/workspace/notesWorkspace';
import { codeActions } from '../../server/src/features/codeActions';
import { completion } from '../../server/src/features/completion';
import type { FeatureContext } from '../../server/src/features/context';
import { documentTerms } from '../../server/src/features/documentTerms';
import { highlights } from '../../server/src/features/highlights';
import { hover } from '../../server/src/features/hover';
import { search } from '../../server/src/features/search';

// Notes named by a workspace folder's own settings, through the editor features: a design doc
// in one service gets the cards, completion, In This Document and code actions of its own
// folder's notes and of the notes named for the whole window, not of another service's notes.

const ROOT = path.join(path.parse(process.cwd()).root, 'in-memory-services');
const BILLING = path.join(ROOT, 'billing');
const SHIPPING = path.join(ROOT, 'shipping');
const uriOf = (...parts: string[]) => pathToFileURL(path.join(...parts)).href;

const BILLING_NOTE = '# BILLING\n\n## money\n\n* _dunning run_: the batch that chases unpaid invoices https://billing.example.com/dunning\n';
const SHIPPING_NOTE = '# SHIPPING\n\n## routes\n\n* _leg plan_: the legs a parcel takes between depots https://shipping.example.com/legs\n';
const SHARED_NOTE = '# SHARED\n\n## platform\n\n* _service mesh_: the proxies between the services https://mesh.example.com\n';
const DOC = '# Design\n\nThe dunning run and the leg plan both go through the service mesh.\n';

async function services(): Promise<FeatureContext> {
  const workspace = new NotesWorkspace();
  await workspace.configure({
    entries: [path.join(ROOT, 'shared')], baseFolders: [BILLING, SHIPPING], ignoreTerms: [], maxFileBytes: 5_000_000,
    folderEntries: [{ folder: BILLING, entries: ['notes'] }, { folder: SHIPPING, entries: ['notes'] }],
  });
  const docs = new Map<string, TextDocument>();
  const open = (uri: string, text: string) => {
    docs.set(uri, TextDocument.create(uri, 'markdown', 1, text));
    workspace.noteOpened(uri, text);
  };
  open(uriOf(BILLING, 'notes', 'billing.md'), BILLING_NOTE);
  open(uriOf(SHIPPING, 'notes', 'shipping.md'), SHIPPING_NOTE);
  open(uriOf(ROOT, 'shared', 'shared.md'), SHARED_NOTE);
  open(uriOf(BILLING, 'design.md'), DOC);
  open(uriOf(SHIPPING, 'design.md'), DOC);
  return { workspace, documents: { get: (uri) => docs.get(uri), all: () => [...docs.values()] }, languages: () => ['markdown'] };
}

const position = (text: string, phrase: string, extra = 1) => TextDocument.create('untitled:x', 'markdown', 1, text).positionAt(text.indexOf(phrase) + extra);

describe('notes scoped to a workspace folder, in the editor features', () => {
  let context: FeatureContext;
  const inBilling = uriOf(BILLING, 'design.md');
  const inShipping = uriOf(SHIPPING, 'design.md');
  before(async () => {
    context = await services();
  });

  it('hover and highlights: a folder\'s own terms and the window\'s, not another folder\'s', () => {
    assert.ok(hover(context, inBilling, position(DOC, 'dunning run')));
    assert.equal(hover(context, inShipping, position(DOC, 'dunning run')), null);
    assert.ok(hover(context, inShipping, position(DOC, 'leg plan')));
    assert.equal(hover(context, inBilling, position(DOC, 'leg plan')), null);
    for (const uri of [inBilling, inShipping]) assert.ok(hover(context, uri, position(DOC, 'service mesh')), uri);
    assert.equal(highlights(context, inShipping, position(DOC, 'dunning run')).length, 0);
  });

  it('In This Document lists the terms that apply there', () => {
    assert.deepEqual(documentTerms(context, { uri: inBilling }).map((t) => t.term).sort(), ['dunning run', 'service mesh']);
    assert.deepEqual(documentTerms(context, { uri: inShipping }).map((t) => t.term).sort(), ['leg plan', 'service mesh']);
  });

  it('completion offers a folder\'s terms in that folder only', () => {
    const typed = (uri: string, text: string) => {
      const docs = new Map([[uri, TextDocument.create(uri, 'markdown', 1, text)]]);
      const local: FeatureContext = { ...context, documents: { get: (u) => docs.get(u), all: () => [...docs.values()] } };
      return completion(local, uri, { line: 0, character: text.length }).items.map((item) => item.label);
    };
    assert.ok(typed(uriOf(BILLING, 'new.md'), 'dun').includes('dunning run'));
    assert.deepEqual(typed(uriOf(SHIPPING, 'new.md'), 'dun'), []);
    assert.ok(typed(uriOf(SHIPPING, 'new.md'), 'serv').includes('service mesh'));
  });

  it('code actions link and list only the terms that apply', () => {
    const range = (phrase: string) => {
      const at = position(DOC, phrase);
      return { start: at, end: at };
    };
    const titles = (uri: string, phrase: string) => codeActions(context, uri, range(phrase), { diagnostics: [] }, { canResolve: false }).map((a) => a.title);
    assert.ok(titles(inBilling, 'dunning run').some((t) => t.includes('billing.example.com')));
    assert.ok(!titles(inShipping, 'dunning run').some((t) => t.includes('billing.example.com/dunning') && t.startsWith('Link')));
    const glossary = codeActions(context, inShipping, range('The'), { diagnostics: [] }, { canResolve: false }).find((a) => a.title.startsWith('Insert glossary'));
    const inserted = JSON.stringify(glossary?.edit);
    assert.match(inserted, /leg plan/);
    assert.match(inserted, /service mesh/);
    assert.doesNotMatch(inserted, /dunning/);
  });

  it('search, which belongs to no document, finds every note\'s terms', () => {
    const labels = search(context, { query: 'dunning' }).map((item) => item.label);
    assert.ok(labels.includes('dunning run'), labels.join(', '));
  });
});
