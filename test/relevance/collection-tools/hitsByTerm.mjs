// Labelling aid for the large config: the tool's hits on one doc grouped by term, each with
// the term's first definition and a few words around every hit, function words left out.
//   node test/relevance/collection-tools/hitsByTerm.mjs <doc-name-without-.md> [large|vault]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
const doc = process.argv[2];
// The notes folder of each config these aids serve (evaluate.mjs's CONFIGS).
const notes = { large: 'test/relevance/collection', vault: 'test/relevance/vault' }[process.argv[3] ?? 'large'];
const skip = new Set(['a*','and','or','not','in','is','from','with','this','as','any','all','when','n','0','g','o']);
const file = `test/relevance/docs/${doc}.md`;
const lines = readFileSync(file, 'utf8').split('\n');
const hits = JSON.parse(execFileSync('node', ['dist/cli.js', 'scan', file, '--no-bundled', '--notes', notes, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 }));
const by = new Map();
for (const h of hits) { if (skip.has(h.term.toLowerCase())) continue; if (!by.has(h.term)) by.set(h.term, []); by.get(h.term).push(h); }
for (const [term, hs] of [...by].sort((a, b) => a[0].localeCompare(b[0]))) {
  console.log(`## ${term} (${hs.length}) = ${hs[0].definition.slice(0, 70)}`);
  for (const h of hs) {
    const l = lines[h.line];
    const ctx = l.slice(Math.max(0, h.character - 30), h.character + h.text.length + 30).replace(/\s+/g, ' ');
    console.log(`  ${h.line}:${h.character} …${ctx}…`);
  }
}
