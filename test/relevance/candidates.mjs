// Labelling aid: prints every line of a doc where a concept of the notes MIGHT be mentioned
// (a deliberately broad set of stems, wider than the product's matcher), with the product's
// hits on that line, so the labeller reads each candidate in context instead of trusting
// the tool. It decides nothing: the labels in labels/*.json are written by hand.
//   node test/relevance/candidates.mjs test/relevance/docs/<name>.md
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const STEMS = [
  'architect', 'automatisch', 'backward', 'compatib', 'open.closed', 'baked', 'flat data',
  'bikeshed', 'yak', 'bounded context', 'business org', 'circuit.?breaker', 'clarity',
  'coupl', 'decoupl', 'datasette', 'data.oriented', 'DOA', 'docker', 'elastic', 'auto.?scal',
  'event.driven', 'evolv', 'factor', 'fan.?out', 'fans.?out', 'fault domain',
  'failure domain', 'forward', 'horizontal', 'scal(e|es|ed|ing).?(out|up)', 'shared.nothing',
  'jamstack', 'kill.?switch', 'KISS', 'keep it simple', 'layer', 'maintainab', 'makerpad',
  'microkernel', 'micro.?service', 'modular', 'monolith', 'multi.?tenan', 'tenan',
  'no.?code', 'low.?code', 'nodes?', 'patterns?', 'pull', 'push', 'reliab', 'resilien',
  'retool', 'scal', 'semantic', 'separation of concerns', 'service', 'mesh', 'sketch',
  'SOA', 'SOLID', 'single point', 'SPoF', 'source of truth', 'SSoT', 'sql\\.js', 'start',
  'static site', 'tooljet', 'vertical', 'zapier', 'go(es|ing)? wrong', 'simplicity',
];
const pattern = new RegExp(`\\b(${STEMS.join('|')})\\w*`, 'gi');

const file = process.argv[2];
const lines = readFileSync(file, 'utf8').split('\n');
const hits = JSON.parse(execFileSync('node', ['dist/cli.js', 'scan', file, '--json'], { encoding: 'utf8' }));
let inFence = false;
lines.forEach((line, index) => {
  if (/^\s*(```|~~~)/.test(line)) { inFence = !inFence; return; }
  const found = [...line.matchAll(pattern)].map((m) => `${m[0]}@${m.index}`);
  const tool = hits.filter((h) => h.line === index).map((h) => `${h.text}@${h.character}=>${h.term}`);
  if (found.length === 0 && tool.length === 0) return;
  console.log(`${index}${inFence ? ' [fence]' : ''}: ${line}`);
  if (found.length) console.log(`   cand: ${found.join(' | ')}`);
  if (tool.length) console.log(`   TOOL: ${tool.join(' | ')}`);
});
