// What one huge note costs the server: memory once indexed, and the time and reading of one
// hover on one of its terms, next to the same for a small note. Run in a process of its own:
//
//   npx tsc -p scripts/bench && node --expose-gc out/bench/scripts/bench/hugeNote.js [definitions]
//
// The default is 100,000 definitions (about 6.5 MB). The note is written to a temporary folder
// and indexed as the server does (main thread), with maxFileSize raised to the largest allowed.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { referencesFor, termAt } from '../../server/src/core/query/lookup';
import { REFERENCES_SHOWN, termMarkdown } from '../../server/src/core/query/present';
import { NotesWorkspace } from '../../server/src/core/workspace/notesWorkspace';

/** A made-up word for a number: `n` in base 26, letters only, four letters at least. */
export function word(n: number): string {
  n += 26 ** 3;
  let out = '';
  do {
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26);
  } while (n > 0);
  return out;
}

/** A note of `count` definitions under topics of 100, each with one link, some with a continuation. */
export function hugeNoteText(count: number): string {
  const lines: string[] = ['# PATTERNS', ''];
  for (let i = 0; i < count; i++) {
    if (i % 100 === 0) lines.push('', `## topic ${word(i / 100)}`, '');
    lines.push(`* _fan ${word(i)}_: calls to other services https://example.com/${i} [11]`);
    if (i % 10 === 0) lines.push(`  * aka the ${word(i)} spread`);
  }
  return lines.join('\n') + '\n';
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function heap(): { heapUsed: number; rss: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

async function main(): Promise<void> {
  if (!(globalThis as { gc?: () => void }).gc) console.log('(run with node --expose-gc for heap figures after a collection)');
  const count = Number(process.argv[2] ?? 100_000);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'huge-note-'));
  try {
    const text = hugeNoteText(count);
    fs.writeFileSync(path.join(folder, 'huge.md'), text);
    fs.writeFileSync(path.join(folder, 'small.md'), hugeNoteText(20).replaceAll('fan ', 'small '));
    const bytes = Buffer.byteLength(text);
    const before = heap();
    const workspace = new NotesWorkspace();
    const started = performance.now();
    await workspace.configure({ entries: [folder], baseFolders: [], ignoreTerms: [], maxFileBytes: 1024 * 1024 * 1024 });
    const indexMs = performance.now() - started;
    const status = workspace.status();
    const indexed = heap();
    console.log(`note: ${count} definitions, ${mb(bytes)}; indexed in ${indexMs.toFixed(0)} ms; ${status.notes} notes, skipped: ${JSON.stringify(status.skipped.map((s) => s.reason))}`);
    console.log(`after indexing: heap ${mb(indexed.heapUsed - before.heapUsed)} more (${((indexed.heapUsed - before.heapUsed) / bytes).toFixed(1)}× the note), rss ${mb(indexed.rss)}`);
    const hover = (term: string) => {
      const doc = `we use ${term} here`;
      const t0 = performance.now();
      const found = termAt(workspace.index, doc, doc.indexOf(term) + 1);
      const markdown = found ? termMarkdown(found.entry, referencesFor(workspace.index, found.text, found.entry, REFERENCES_SHOWN)) : '';
      return { ms: performance.now() - t0, found: !!found, length: markdown.length };
    };
    for (const [label, term] of [['small note', `small ${word(7)}`], ['huge note (first)', `fan ${word(Math.floor(count / 2))}`], ['huge note (another)', `fan ${word(Math.floor(count / 3))}`]] as const) {
      const result = hover(term);
      console.log(`hover on a term of the ${label}: ${result.ms.toFixed(1)} ms (found ${result.found}, ${result.length} characters)`);
    }
    const hovered = heap();
    console.log(`after the hovers: heap ${mb(hovered.heapUsed - before.heapUsed)} more (${((hovered.heapUsed - before.heapUsed) / bytes).toFixed(1)}× the note), rss ${mb(hovered.rss)}`);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

if (require.main === module) void main();
