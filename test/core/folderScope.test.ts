import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readNote } from '../../server/src/core/formats/readNote';
import { NotesIndex } from '../../server/src/core/index/notesIndex';
import { termAt, termsInDocument } from '../../server/src/core/query/lookup';
import { NotesWorkspace } from '../../server/src/core/workspace/notesWorkspace';

// Notes that a workspace folder's own settings name apply to that folder's documents only (a
// monorepo's services, each with its own glossary); notes the window's settings name apply
// everywhere. In memory: the notes are open documents in folders that do not exist.

const ROOT = path.join(path.parse(process.cwd()).root, 'in-memory-monorepo');
const A = path.join(ROOT, 'billing');
const B = path.join(ROOT, 'shipping');
const uriOf = (...parts: string[]) => pathToFileURL(path.join(...parts)).href;

const A_NOTE = '# BILLING\n\n## money\n\n* _dunning run_: the batch that chases unpaid invoices\n* _ledger_: the billing ledger of record\n';
const B_NOTE = '# SHIPPING\n\n## routes\n\n* _leg plan_: the legs a parcel takes between depots\n* _ledger_: the shipping log of handovers\n';
const SHARED_NOTE = '# SHARED\n\n## platform\n\n* _service mesh_: the proxies between the services\n';

/** The term hovered at `word` in `text`, for the document at `uri`. */
function hovered(index: NotesIndex, text: string, word: string, uri?: string) {
  const found = termAt(index, text, text.indexOf(word) + 1, true, uri);
  return found && { term: found.entry.term, notes: found.entry.definitions.map((d) => d.uri) };
}

describe('notes scoped to a workspace folder', () => {
  describe('in the index', () => {
    const aNote = uriOf(A, 'notes', 'billing.md');
    const bNote = uriOf(B, 'notes', 'shipping.md');
    const shared = uriOf(ROOT, 'notes', 'shared.md');
    const index = () => {
      const made = new NotesIndex();
      made.upsert(readNote(aNote, A_NOTE));
      made.upsert(readNote(bNote, B_NOTE));
      made.upsert(readNote(shared, SHARED_NOTE));
      made.setNoteFolders((uri) => (uri === aNote ? [A] : uri === bNote ? [B] : undefined));
      return made;
    };
    const text = 'The dunning run and the leg plan go through the service mesh; each keeps a ledger.';

    it('applies a folder\'s notes to the documents in that folder only', () => {
      const scoped = index();
      assert.equal(hovered(scoped, text, 'dunning', uriOf(A, 'src', 'doc.md'))?.term, 'dunning run');
      assert.equal(hovered(scoped, text, 'dunning', uriOf(B, 'src', 'doc.md')), undefined);
      assert.equal(hovered(scoped, text, 'leg plan', uriOf(B, 'doc.md'))?.term, 'leg plan');
      assert.equal(hovered(scoped, text, 'leg plan', uriOf(A, 'doc.md')), undefined);
      assert.equal(hovered(scoped, text, 'leg plan', uriOf(ROOT, 'shipping-old', 'doc.md')), undefined, 'a folder whose name starts alike is another folder');
      const inA = termsInDocument(scoped, text, true, uriOf(A, 'doc.md')).map((t) => t.entry.term).sort();
      assert.deepEqual(inA, ['dunning run', 'ledger', 'service mesh']);
    });

    it('shows, for a term both folders define, the definition of the document\'s folder', () => {
      const scoped = index();
      assert.deepEqual(hovered(scoped, text, 'ledger', uriOf(A, 'doc.md'))?.notes, [aNote]);
      assert.deepEqual(hovered(scoped, text, 'ledger', uriOf(B, 'doc.md'))?.notes, [bNote]);
      assert.equal(hovered(scoped, text, 'ledger', uriOf(ROOT, 'README.md')), undefined);
    });

    it('leaves the other notes everywhere, and every note to a scan of no place', () => {
      const scoped = index();
      for (const uri of [uriOf(A, 'doc.md'), uriOf(B, 'doc.md'), uriOf(ROOT, 'doc.md'), 'untitled:Untitled-1']) {
        assert.equal(hovered(scoped, text, 'service mesh', uri)?.term, 'service mesh', uri);
      }
      assert.equal(hovered(scoped, text, 'dunning', 'untitled:Untitled-1'), undefined, 'an unsaved document is in no folder');
      assert.equal(hovered(scoped, text, 'dunning')?.term, 'dunning run');
      assert.equal(termsInDocument(scoped, text, true).length, 4);
    });

    it('applies every note everywhere again once no note is scoped, and answers anew when the scope changes', () => {
      const scoped = index();
      const inB = uriOf(B, 'doc.md');
      assert.equal(hovered(scoped, text, 'dunning', inB), undefined);
      scoped.setNoteFolders((uri) => (uri === aNote ? [A, B] : undefined));
      assert.equal(hovered(scoped, text, 'dunning', inB)?.term, 'dunning run');
      assert.equal(hovered(scoped, text, 'dunning', uriOf(ROOT, 'doc.md')), undefined);
      scoped.setNoteFolders(undefined);
      assert.ok(!scoped.hasNoteFolders);
      assert.equal(hovered(scoped, text, 'dunning', uriOf(ROOT, 'doc.md'))?.term, 'dunning run');
    });
  });

  describe('in a workspace', () => {
    const open = async (entries: string[], folderEntries: { folder: string; entries: string[] }[]) => {
      const workspace = new NotesWorkspace();
      await workspace.configure({ entries, folderEntries, baseFolders: [A, B], ignoreTerms: [], maxFileBytes: 5_000_000 });
      workspace.noteOpened(uriOf(A, 'notes', 'billing.md'), A_NOTE);
      workspace.noteOpened(uriOf(B, 'docs', 'glossary', 'shipping.md'), B_NOTE);
      workspace.noteOpened(uriOf(ROOT, 'shared', 'shared.md'), SHARED_NOTE);
      return workspace;
    };
    const text = 'The dunning run and the leg plan go through the service mesh.';

    it('resolves a folder\'s relative paths against that folder alone, globs too', async () => {
      const workspace = await open([path.join(ROOT, 'shared')], [{ folder: A, entries: ['notes'] }, { folder: B, entries: ['docs/**/*.md'] }]);
      assert.ok(workspace.isNoteUri(uriOf(A, 'notes', 'billing.md')));
      assert.ok(!workspace.isNoteUri(uriOf(B, 'notes', 'x.md')), 'billing\'s `notes` is not looked for under shipping');
      assert.ok(workspace.isNoteUri(uriOf(B, 'docs', 'glossary', 'shipping.md')));
      assert.deepEqual(workspace.index.noteFoldersOf(uriOf(A, 'notes', 'billing.md')), [A]);
      assert.deepEqual(workspace.index.noteFoldersOf(uriOf(B, 'docs', 'glossary', 'shipping.md')), [B]);
      assert.equal(workspace.index.noteFoldersOf(uriOf(ROOT, 'shared', 'shared.md')), undefined);
      assert.equal(hovered(workspace.index, text, 'dunning', uriOf(A, 'x.md'))?.term, 'dunning run');
      assert.equal(hovered(workspace.index, text, 'dunning', uriOf(B, 'x.md')), undefined);
      assert.equal(hovered(workspace.index, text, 'leg plan', uriOf(B, 'x.md'))?.term, 'leg plan');
      assert.equal(hovered(workspace.index, text, 'service mesh', uriOf(B, 'x.md'))?.term, 'service mesh');
    });

    it('takes an absolute folder written with a trailing separator as the same folder', async () => {
      const shared = path.join(ROOT, 'shared');
      const workspace = await open([], [{ folder: B, entries: [shared + path.sep] }]);
      assert.deepEqual(workspace.index.noteFoldersOf(uriOf(shared, 'shared.md')), [B]);
      assert.equal(hovered(workspace.index, text, 'service mesh', uriOf(A, 'x.md')), undefined, 'shipping\'s notes stay out of billing');
      assert.equal(hovered(workspace.index, text, 'service mesh', uriOf(B, 'x.md'))?.term, 'service mesh');
    });

    it('applies a note everywhere that the window\'s settings name as well', async () => {
      const workspace = await open(['notes'], [{ folder: A, entries: ['notes/billing.md'] }, { folder: B, entries: [path.join(ROOT, 'shared')] }]);
      // The window's `notes` is looked for under each workspace folder: billing's note is named by both.
      assert.equal(workspace.index.noteFoldersOf(uriOf(A, 'notes', 'billing.md')), undefined);
      assert.equal(hovered(workspace.index, text, 'dunning', uriOf(B, 'x.md'))?.term, 'dunning run');
      assert.deepEqual(workspace.index.noteFoldersOf(uriOf(ROOT, 'shared', 'shared.md')), [B]);
      assert.equal(hovered(workspace.index, text, 'service mesh', uriOf(A, 'x.md')), undefined);
    });

    it('scopes a note two folders name to both, and to everywhere once the folders\' settings are gone', async () => {
      const shared = path.join(ROOT, 'shared');
      const workspace = await open([], [{ folder: A, entries: [shared] }, { folder: B, entries: [shared] }]);
      assert.deepEqual(workspace.index.noteFoldersOf(uriOf(shared, 'shared.md')), [A, B]);
      assert.equal(hovered(workspace.index, text, 'service mesh', uriOf(ROOT, 'x.md')), undefined);
      await workspace.configure({ entries: [shared], baseFolders: [A, B], ignoreTerms: [], maxFileBytes: 5_000_000 });
      workspace.noteOpened(uriOf(shared, 'shared.md'), SHARED_NOTE);
      assert.ok(!workspace.index.hasNoteFolders);
      assert.equal(hovered(workspace.index, text, 'service mesh', uriOf(ROOT, 'x.md'))?.term, 'service mesh');
    });
  });
});
