import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { NotesWorkspace } from '../../server/src/core/workspace/notesWorkspace';
import { codeActions, INSERT_GLOSSARY, LINK_EVERY_MENTION, LINK_TERM, OPEN_REFERENCE } from '../../server/src/features/codeActions';
import { MAX_SCANNED_DOCUMENT, scanInSlices, termUnder, type FeatureContext } from '../../server/src/features/context';
import { documentTerms } from '../../server/src/features/documentTerms';
import { highlights } from '../../server/src/features/highlights';
import { references } from '../../server/src/features/references';

// A design doc of tens of megabytes, a term on every line: one keystroke in it scanned it all
// again and sent a million ranges to the editor. Past MAX_SCANNED_DOCUMENT it is not scanned as
// a whole; the term under the cursor is still found, from the text around it.

const notesFolder = path.join(path.parse(process.cwd()).root, 'in-memory-notes');
const NOTE = '# RESILIENCE\n\n## failures\n\n* _circuit breaker_: stops calling a failing dependency for a while https://example.com/cb\n* _retry storm_: retries that pile up on a struggling service\n';

async function contextWith(uri: string, text: string): Promise<FeatureContext> {
  const workspace = new NotesWorkspace();
  await workspace.configure({ entries: [notesFolder], baseFolders: [], ignoreTerms: [], maxFileBytes: 5_000_000 });
  workspace.noteOpened(pathToFileURL(path.join(notesFolder, 'resilience.md')).href, NOTE);
  const document = TextDocument.create(uri, 'markdown', 1, text);
  return { workspace, documents: { get: (u) => (u === uri ? document : undefined), all: () => [document] }, languages: () => ['markdown'] };
}

describe('a design doc too long to scan as a whole', () => {
  const uri = 'untitled:huge.md';
  const line = 'Each call goes through a circuit breaker, so that no retry storm builds up.\n';
  const text = line.repeat(Math.ceil((MAX_SCANNED_DOCUMENT + 1) / line.length));
  const middle = Math.floor(text.length / line.length / 2);
  const at = { line: middle, character: line.indexOf('circuit') + 2 };

  it('still hovers the term under the cursor, anywhere in it', async () => {
    const context = await contextWith(uri, text);
    const found = termUnder(context, uri, at);
    assert.equal(found?.entry.term, 'circuit breaker');
    assert.deepEqual(found.range, { start: { line: middle, character: line.indexOf('circuit') }, end: { line: middle, character: line.indexOf('circuit') + 'circuit breaker'.length } });
    assert.equal(termUnder(context, uri, { line: 0, character: line.indexOf('retry') + 1 })?.entry.term, 'retry storm');
  });

  it('offers no whole-document answer: In This Document, highlights, references in it, links and glossary', async () => {
    const context = await contextWith(uri, text);
    await scanInSlices(context, uri);
    assert.deepEqual(documentTerms(context, { uri }), []);
    assert.deepEqual(highlights(context, uri, at), []);
    assert.ok(references(context, uri, at, true).every((location) => location.uri !== uri));
    const actions = codeActions(context, uri, { start: at, end: at }, { diagnostics: [] }, { canResolve: true });
    assert.ok(actions.some((a) => a.kind === OPEN_REFERENCE), 'its reference can still be opened');
    assert.equal(actions.filter((a) => a.kind === LINK_TERM || a.kind === LINK_EVERY_MENTION || a.kind === INSERT_GLOSSARY).length, 0);
  });

  it('scans a doc at the limit as before', async () => {
    const short = line.repeat(3);
    const context = await contextWith(uri, short);
    assert.equal(documentTerms(context, { uri }).find((t) => t.term === 'circuit breaker')?.count, 3);
    assert.equal(highlights(context, uri, { line: 1, character: line.indexOf('circuit') + 2 }).length, 3);
  });
});
