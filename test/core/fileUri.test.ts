// Issue 15, point 8: one note indexed twice (two identical tree roots), and the bundled note
// served with bundled notes off. The cause: the index keyed a note read from disk by Node's
// spelling of its URI and the same note opened in the editor by the editor's spelling
// (VS Code writes `%40` for `@`, `c%3A` for `C:`), so opening a note added a second copy, which
// a settings change then did not remove. These tests fail without canonicalFileUri.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { canonicalFileUri } from '../../server/src/core/notes/fileUri';
import { NotesWorkspace } from '../../server/src/core/workspace/notesWorkspace';

const NOTE = '# PATTERNS\n\n## resilience\n\n* _circuit breaker_: stops calling a failing service https://example.com/cb\n';

/** How VS Code's URI class writes a file path: every reserved character percent-encoded. */
function editorSpelling(file: string): string {
  return 'file://' + file.split('/').map((part) => encodeURIComponent(part)).join('/');
}

describe('file URI spelling (issue 15, point 8)', () => {
  let dir: string;
  let bundled: string;
  let bundledFile: string;
  let userFile: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'an-uri-'));
    // `@` and `+` are written as they are by Node and encoded by VS Code.
    bundled = path.join(dir, 'ext@1.0+x', 'notes-data');
    fs.mkdirSync(bundled, { recursive: true });
    bundledFile = path.join(bundled, 'architecture.md');
    fs.writeFileSync(bundledFile, NOTE);
    const user = path.join(dir, 'my notes');
    fs.mkdirSync(user);
    userFile = path.join(user, 'mine.md');
    fs.writeFileSync(userFile, '# SQL\n\n## migrations\n\n* _expand and contract_: add, move, drop\n');
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('spells the editor\'s and Node\'s URI of a file the same', () => {
    const editor = editorSpelling(bundledFile);
    assert.notEqual(editor, pathToFileURL(bundledFile).href, 'the test needs a path the two spell differently');
    assert.equal(canonicalFileUri(editor), pathToFileURL(bundledFile).href);
    assert.equal(canonicalFileUri('untitled:Untitled-1'), 'untitled:Untitled-1');
    assert.equal(canonicalFileUri('file://%zz'), 'file://%zz', 'a malformed URI is kept, not thrown on');
  });

  it('indexes a note once when it is also open in the editor', async () => {
    const workspace = new NotesWorkspace();
    await workspace.configure({ entries: [bundled, userFile], baseFolders: [], ignoreTerms: [], maxFileBytes: 5_000_000 });
    assert.equal(workspace.status().notes, 2);
    const terms = workspace.status().terms;
    workspace.noteOpened(editorSpelling(bundledFile), NOTE);
    assert.equal(workspace.status().notes, 2, 'opening the note added a second copy');
    assert.equal(workspace.status().terms, terms);
    assert.ok(workspace.index.note(editorSpelling(bundledFile)), 'the editor\'s spelling must find the note');
    workspace.noteClosed(editorSpelling(bundledFile));
    assert.equal(workspace.status().notes, 2);
  });

  it('drops the open bundled note when bundled notes are turned off', async () => {
    const workspace = new NotesWorkspace();
    await workspace.configure({ entries: [bundled, userFile], baseFolders: [], ignoreTerms: [], maxFileBytes: 5_000_000 });
    workspace.noteOpened(editorSpelling(bundledFile), NOTE);
    await workspace.configure({ entries: [userFile], baseFolders: [], ignoreTerms: [], maxFileBytes: 5_000_000 });
    assert.equal(workspace.status().notes, 1, 'the bundled note is still served with bundled notes off');
    assert.equal(workspace.index.note(pathToFileURL(bundledFile).href), undefined);
    assert.equal(workspace.index.note(editorSpelling(bundledFile)), undefined);
  });
});
