// Completion reads only the names whose folded form (lower case, `-` and `_` as spaces) starts
// with the first character of the folded word typed (core/query/nameStarts.ts): it must offer
// exactly the names whose folded form starts with the whole word, also where lower case changes
// a character outside ASCII or its length, and after the notes change.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { NotesWorkspace } from '../../server/src/core/workspace/notesWorkspace';
import { completion } from '../../server/src/features/completion';
import type { FeatureContext } from '../../server/src/features/context';

const NAMES = [
  'K-Means', 'kanban board', 'Kelvin scale', 'kappa architecture', 'İstanbul protocol', 'istio mesh', 'Łódź cache', 'łukasiewicz logic',
  'Ärger', 'ärger management', 'Über service', 'über-service', '2PC', '2-phase commit', 'two phase', 'Two-Phase Commit', 'TWO PHASE LOCKING',
  'event sourcing', 'Event-Sourcing', 'event_store', 'ΣIGMA', 'σigma rule', 'ǅemal pattern', 'ǆungla',
];

const fold = (name: string) => name.toLowerCase().replace(/[-_]/g, ' ');

describe('completion: the names that start with the word typed', () => {
  it('offers what folding every name offers', async () => {
    const folder = path.join(path.parse(process.cwd()).root, 'in-memory-completion');
    const noteUri = pathToFileURL(path.join(folder, 'names.md')).href;
    const note = ['# NAMES', '', '## names', '', ...NAMES.map((name) => `* _${name}_: a name to complete`), ''].join('\n');
    const workspace = new NotesWorkspace();
    await workspace.configure({ entries: [folder], baseFolders: [], ignoreTerms: [], maxFileBytes: 5_000_000 });
    workspace.noteOpened(noteUri, note);
    const docs = new Map<string, TextDocument>();
    const context: FeatureContext = { workspace, documents: { get: (uri) => docs.get(uri), all: () => [...docs.values()] }, languages: () => ['markdown'] };
    const names = [...workspace.index.terms()].filter((entry) => workspace.index.matchable(entry)).flatMap((entry) => entry.names.map((name) => ({ name, key: entry.key })));
    // Names of one key are one term (`über-service` is `Über service`): the ones that test the folding are there.
    for (const name of ['K-Means', 'İstanbul protocol', 'Łódź cache', 'ΣIGMA', 'ǅemal pattern', '2-phase commit']) assert.ok(names.some((n) => n.name === name), name);
    const typedWords = ['ka', 'Ka', '\u212Aa', 'ke', 'K-m', 'k m', 'k_M', 'İs', 'is', 'i\u0307s', 'Ło', 'ło', 'är', 'ÄR', 'üb', 'Über-', '2p', '2-', 'tw', 'TWO', 'two p', 'ev', 'event_', 'event s', 'σi', 'ΣI', 'ǅe', 'ǆe', 'ǆu', 'zz'];
    for (const typed of typedWords) {
      const uri = `untitled:typed-${typedWords.indexOf(typed)}.md`;
      const text = `Notes on ${typed}`;
      docs.set(uri, TextDocument.create(uri, 'markdown', 1, text));
      const word = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*$/u.exec(text)?.[0] ?? '';
      const expected = names.filter(({ name }) => fold(name).startsWith(fold(word))).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(({ name }) => name);
      const offered = completion(context, uri, { line: 0, character: text.length }).items.map((item) => item.label);
      assert.deepEqual(offered, word.length < 2 ? [] : expected, JSON.stringify(typed));
    }
    // After an edit, the table is the index's new one.
    workspace.noteOpened(noteUri, note.replace('* _kanban board_', '* _Kaizen loop_'));
    const uri = 'untitled:after-edit.md';
    docs.set(uri, TextDocument.create(uri, 'markdown', 1, 'Notes on ka'));
    const offered = completion(context, uri, { line: 0, character: 'Notes on ka'.length }).items.map((item) => item.label);
    assert.ok(offered.includes('Kaizen loop') && !offered.includes('kanban board'), offered.join(', '));
  });
});
