// Labelling aid for the large config: writes labels/<doc>.large.json from a hand-written
// judgement spec (specs/<doc>.mjs): every tool hit must be judged, by its position, by its
// term for this doc, or by the global rules (front matter, link references and URLs are
// markup; English function words; single letters and numbers). It stops and lists the terms
// no rule judges, so a new hit cannot slip into the labels unread. Run from the repository
// root after `node esbuild.mjs`, then `node test/relevance/fillColumns.mjs`.
//   node test/relevance/collection-tools/judge.mjs <doc-name-without-.md> [large|vault]
// The vault config's specs are specs/<doc>.vault.mjs and its labels labels/<doc>.vault.json.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
const doc = process.argv[2];
const config = process.argv[3] ?? 'large';
const notes = { large: 'test/relevance/collection', vault: 'test/relevance/vault' }[config];
const spec = (await import(`./specs/${doc}${config === 'large' ? '' : `.${config}`}.mjs`)).default;
const file = `test/relevance/docs/${doc}.md`;
const lines = readFileSync(file, 'utf8').split('\n');
const hits = JSON.parse(execFileSync('node', ['dist/cli.js', 'scan', file, '--no-bundled', '--notes', notes, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 }));
// English function words that SQL, Python or JS notes define as keywords; anything else is judged per doc.
const FUNCTION = new Set(['a*', 'and', 'or', 'not', 'in', 'is', 'from', 'with', 'this', 'as', 'any', 'all', 'when', 'where', 'between', 'like']);
let fm = -1;
if (lines[0] === '---') fm = lines.indexOf('---', 1);
const gold = [], wrong = [], unjudged = new Set();
for (const h of hits) {
  const key = `${h.line}:${h.character}`;
  const line = lines[h.line];
  let v = spec.at?.[key];
  if (v === undefined && h.line <= fm) v = 'inside-markup';
  if (v === undefined && /^\s*\[[^\]]+\]:\s/.test(line) && h.character < line.indexOf(']:') + 2 + 200) v = 'inside-markup';
  if (v === undefined) {
    const before = line.slice(0, h.character);
    if (/\]\[[^\]]*$/.test(before) || /\]\([^)]*$/.test(before) || /<[^>]*$/.test(before) && /^[^<]*>/.test(line.slice(h.character))) v = 'inside-markup';
  }
  if (v === undefined) v = spec.terms?.[h.term];
  if (v === undefined && FUNCTION.has(h.term.toLowerCase())) v = 'function-word';
  if (v === undefined && /^(\d+|[a-z]|[A-Z]|[0-9]xx)$/.test(h.term)) v = 'letter-or-number';
  if (v === undefined) { unjudged.add(h.term); continue; }
  if (typeof v === 'function') v = v(h, line);
  if (v === 'gold') gold.push({ line: h.line, character: h.character, text: h.text.split('\n')[0], term: h.term });
  else if (typeof v === 'object' && v.gold) gold.push({ line: h.line, character: h.character, text: v.text ?? h.text, term: v.gold, ...(v.text ? { character: undefined } : {}) });
  else wrong.push({ line: h.line, character: h.character, text: h.text.split('\n')[0], term: h.term, reason: v });
}
if (unjudged.size) { console.log('UNJUDGED:', [...unjudged].join(' | ')); process.exit(1); }
for (const g of spec.extraGold ?? []) gold.push(g);
const clean = (e) => Object.fromEntries(Object.entries(e).filter(([, x]) => x !== undefined));
gold.sort((a, b) => a.line - b.line || (a.character ?? 0) - (b.character ?? 0));
writeFileSync(`test/relevance/labels/${doc}.${config}.json`, JSON.stringify({ doc: `${doc}.md`, config, gold: gold.map(clean), wrong: wrong.map(clean) }, null, 2) + '\n');
console.log(`${doc}: ${gold.length} gold, ${wrong.length} wrong`);
