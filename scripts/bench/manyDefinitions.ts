// A term defined in thousands of notes: how long its hover, completion and references take.
// `npx tsc -p scripts/bench && node out/bench/scripts/bench/manyDefinitions.js [notes] [term]`
// (5,000 notes and `cache` by default; an everyday word such as `change` is judged by its sense,
// whose profile reads what every defining note says). Each note defines the term once and uses it once; the notes are written
// to a temporary folder and indexed as the server indexes them. Each request is timed twice:
// the first pays for what the index builds lazily (the matcher, on references), the second not.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { NotesWorkspace } from '../../server/src/core/workspace/notesWorkspace';
import { completion } from '../../server/src/features/completion';
import type { FeatureContext } from '../../server/src/features/context';
import { hover } from '../../server/src/features/hover';
import { references } from '../../server/src/features/references';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 5000);
  const term = process.argv[3] ?? 'cache';
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'an-many-definitions-'));
  try {
    for (let i = 0; i < count; i++) {
      fs.writeFileSync(path.join(folder, `n${i}.md`), `# AREA ${i}\n\n## topic${i}\n\n* _${term}_: a store kept near its reader, number ${i} https://example.com/${i}\n* ${term} is used here too\n`);
    }
    const workspace = new NotesWorkspace();
    await workspace.configure({ entries: [folder], baseFolders: [], ignoreTerms: [], maxFileBytes: 1_000_000 });
    const doc = TextDocument.create('file:///design/doc.md', 'markdown', 1, `we use a ${term} here, near its reader\n${term.slice(0, 2)}\n`);
    const context: FeatureContext = { workspace, documents: { get: (uri) => (uri === doc.uri ? doc : undefined), all: () => [doc] }, languages: () => ['markdown'] };
    const time = <T>(work: () => T): [number, T] => {
      const begin = performance.now();
      const value = work();
      return [performance.now() - begin, value];
    };
    hover(context, doc.uri, { line: 0, character: 1 }); // a plain word first: the lookup tables are built
    for (const round of ['first', 'again']) {
      const [hoverMs, card] = time(() => hover(context, doc.uri, { line: 0, character: 10 }));
      const [completionMs, list] = time(() => completion(context, doc.uri, { line: 1, character: 2 }));
      const [referencesMs, locations] = time(() => references(context, doc.uri, { line: 0, character: 10 }, true));
      const value = card && typeof card.contents === 'object' && 'value' in card.contents ? card.contents.value : '';
      console.log(`${round}: hover ${hoverMs.toFixed(1)} ms (${value.length} characters), completion ${completionMs.toFixed(1)} ms (${list.items.length} items), references ${referencesMs.toFixed(1)} ms (${locations.length} locations)`);
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

void main();
