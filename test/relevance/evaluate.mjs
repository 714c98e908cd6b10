// Precision and recall of the product's hovers on real design docs, against hand labels.
// A measurement, not a test: it exits 0 whatever the figures, unless `--check P R` is given
// (then 1 when the total precision or recall falls below P or R, as fractions or percents).
//   node esbuild.mjs --quiet && node test/relevance/evaluate.mjs [--set heldout] [--details] [--json] [--check P R] [--steps]
// `--set heldout` scores the held-out docs (heldout/docs, heldout/labels) instead of the tuned
// ones, with only the configs that have labels there.
// See test/relevance/README.md for the labelling guidelines and the matching rules.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', '..', 'dist', 'cli.js');
// The doc set measured: the tuned docs by default, the held-out docs with `--set heldout`.
const SETS = { default: here, heldout: join(here, 'heldout') };
let docsDir = join(here, 'docs');
let labelsDir = join(here, 'labels');

// One entry per notes collection. `notes: null` is the collection that ships with the
// product; any other is a folder given to the CLI instead of it. Each config has its own
// labels, `labels/<doc>.<labels>.json`, because what counts as a mention depends on the notes.
const CONFIGS = [
  { name: 'bundled', notes: null, labels: 'bundled' },
  { name: 'large', notes: join(here, 'collection'), labels: 'large' },
  { name: 'vault', notes: join(here, 'vault'), labels: 'vault' },
];

function cliArgs(config) {
  return config.notes === null ? [] : ['--no-bundled', '--notes', config.notes];
}

function runCli(args) {
  return JSON.parse(execFileSync(process.execPath, [cli, ...args, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

// Every name of every term (alias, acronym, expansion) leads to the term the CLI reports,
// so a label may name a term by any of its names.
function termNames(config) {
  const names = new Map();
  const entries = runCli(['terms', ...cliArgs(config)]);
  for (const entry of entries) for (const name of entry.names) names.set(name.toLowerCase(), entry.term);
  // A term's own name wins over another term's alias: `message` names the term message, even
  // where a note gives `record` the alias "message".
  for (const entry of entries) names.set(entry.term.toLowerCase(), entry.term);
  return names;
}

const overlaps = (a, b) => a.line === b.line
  && a.character < b.character + b.text.length && b.character < a.character + a.text.length;

function scoreDoc(hits, labels, canonical) {
  const gold = labels.gold.map((g) => ({ ...g, term: canonical(g.term), matched: false }));
  const wrong = labels.wrong.map((w) => ({ ...w, term: canonical(w.term) }));
  const tp = [];
  const fp = [];
  for (const hit of hits) {
    const match = gold.find((g) => !g.matched && g.term === hit.term && overlaps(g, hit));
    if (match) {
      match.matched = true;
      tp.push(hit);
      continue;
    }
    const labelled = wrong.find((w) => w.line === hit.line && w.character === hit.character && w.term === hit.term);
    const onGold = gold.find((g) => overlaps(g, hit));
    const reason = labelled?.reason
      ?? (onGold && onGold.term !== hit.term ? 'wrong-term (auto)' : onGold ? 'duplicate (auto)' : null);
    fp.push({ ...hit, reason });
  }
  const fn = gold.filter((g) => !g.matched);
  return { hits: hits.length, tp, fp, fn };
}

const ratio = (num, den) => (den === 0 ? null : num / den);
function figures(tp, fp, fn) {
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 = precision === null || recall === null || precision + recall === 0
    ? null : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
const pct = (x) => (x === null ? '    -' : `${(100 * x).toFixed(1).padStart(5)}`);

// The relevance stage's steps in the order the core applies them (core/relevance/relevance.ts).
const STEPS = ['admission', 'markup', 'written', 'sense', 'topicality'];

/**
 * What each relevance step buys: the figures with no step applied, then with the steps added
 * one by one. Runs `scan --explain`, which reports every occurrence with the first step that
 * leaves it out, so one scan per doc gives every row.
 */
function evaluateSteps(config) {
  const { labelled, canonical } = labelledDocs(config);
  const explained = labelled.map(({ file, labels }) => ({ file, labels, occurrences: runCli(['scan', join(docsDir, file), '--explain', ...cliArgs(config)]) }));
  return ['none', ...STEPS].map((step, applied) => {
    let tp = 0; let fp = 0; let fn = 0;
    for (const { labels, occurrences } of explained) {
      const hits = occurrences.filter((o) => o.verdict === 'mention' || STEPS.indexOf(o.verdict) >= applied);
      const scored = scoreDoc(hits, labels, canonical);
      tp += scored.tp.length; fp += scored.fp.length; fn += scored.fn.length;
    }
    return { step: applied === 0 ? 'no relevance step' : `+ ${step}`, hits: tp + fp, tp, fp, fn, ...figures(tp, fp, fn) };
  });
}

function labelledDocs(config) {
  const canonicalNames = termNames(config);
  const canonical = (term) => canonicalNames.get(term.toLowerCase()) ?? term;
  const labelled = [];
  for (const file of readdirSync(docsDir).filter((f) => f.endsWith('.md') && f !== 'SOURCES.md').sort()) {
    const labelFile = join(labelsDir, `${file.replace(/\.md$/, '')}.${config.labels}.json`);
    if (existsSync(labelFile)) labelled.push({ file, labels: JSON.parse(readFileSync(labelFile, 'utf8')) });
  }
  return { labelled, canonical };
}

function printSteps(config, rows) {
  console.log(`\nconfig: ${config.name}, the relevance steps added one by one`);
  console.log(`${'step'.padEnd(20)} ${'hits'.padStart(5)} ${'TP'.padStart(5)} ${'FP'.padStart(5)} ${'FN'.padStart(4)}   prec%  recall%   F1%`);
  for (const r of rows) console.log(`${r.step.padEnd(20)} ${String(r.hits).padStart(5)} ${String(r.tp).padStart(5)} ${String(r.fp).padStart(5)} ${String(r.fn).padStart(4)}   ${pct(r.precision)}    ${pct(r.recall)}  ${pct(r.f1)}`);
}

function evaluate(config) {
  const canonicalNames = termNames(config);
  const unknownTerms = new Set();
  const canonical = (term) => {
    const found = canonicalNames.get(term.toLowerCase());
    if (!found) unknownTerms.add(term);
    return found ?? term;
  };
  const docs = [];
  const unlabelled = [];
  for (const file of readdirSync(docsDir).filter((f) => f.endsWith('.md') && f !== 'SOURCES.md').sort()) {
    const labelFile = join(labelsDir, `${file.replace(/\.md$/, '')}.${config.labels}.json`);
    if (!existsSync(labelFile)) { unlabelled.push(file); continue; }
    const labels = JSON.parse(readFileSync(labelFile, 'utf8'));
    const hits = runCli(['scan', join(docsDir, file), ...cliArgs(config)]);
    docs.push({ doc: file, ...scoreDoc(hits, labels, canonical) });
  }
  return { config: config.name, docs, unlabelled, unknownTerms: [...unknownTerms] };
}

function summarise(result) {
  const rows = result.docs.map((d) => ({
    doc: d.doc, hits: d.hits, tp: d.tp.length, fp: d.fp.length, fn: d.fn.length,
    ...figures(d.tp.length, d.fp.length, d.fn.length),
  }));
  const sum = (key) => rows.reduce((n, r) => n + r[key], 0);
  const total = { doc: 'TOTAL', hits: sum('hits'), tp: sum('tp'), fp: sum('fp'), fn: sum('fn') };
  Object.assign(total, figures(total.tp, total.fp, total.fn));
  const categories = {};
  const uncategorised = [];
  for (const d of result.docs) {
    for (const hit of d.fp) {
      if (hit.reason === null) uncategorised.push({ doc: d.doc, line: hit.line, character: hit.character, text: hit.text, term: hit.term });
      const key = hit.reason ?? 'UNCATEGORISED';
      categories[key] = (categories[key] ?? 0) + 1;
    }
  }
  return { config: result.config, rows, total, categories, uncategorised, unlabelled: result.unlabelled, unknownTerms: result.unknownTerms };
}

function printSummary(summary, result, details) {
  console.log(`\nconfig: ${summary.config}`);
  console.log(`${'doc'.padEnd(28)} ${'hits'.padStart(5)} ${'TP'.padStart(4)} ${'FP'.padStart(4)} ${'FN'.padStart(4)}   prec%  recall%   F1%`);
  for (const r of [...summary.rows, summary.total]) {
    console.log(`${r.doc.padEnd(28)} ${String(r.hits).padStart(5)} ${String(r.tp).padStart(4)} ${String(r.fp).padStart(4)} ${String(r.fn).padStart(4)}   ${pct(r.precision)}    ${pct(r.recall)}  ${pct(r.f1)}`);
  }
  const cats = Object.entries(summary.categories).sort((a, b) => b[1] - a[1]);
  console.log(`false positives by category: ${cats.length ? cats.map(([k, n]) => `${k} ${n}`).join(', ') : 'none'}`);
  if (summary.uncategorised.length) {
    console.log('hits in no gold mention and in no "wrong" label (label them):');
    for (const u of summary.uncategorised) console.log(`  ${u.doc}:${u.line}:${u.character} "${u.text}" -> ${u.term}`);
  }
  if (summary.unlabelled.length) console.log(`docs without labels for this config: ${summary.unlabelled.join(', ')}`);
  if (summary.unknownTerms.length) console.log(`label terms this config's notes do not define: ${summary.unknownTerms.join(', ')}`);
  if (!details) return;
  for (const d of result.docs) {
    for (const hit of d.fp) console.log(`  FP ${d.doc}:${hit.line}:${hit.character} "${hit.text}" -> ${hit.term} (${hit.reason ?? 'uncategorised'})`);
    for (const g of d.fn) console.log(`  FN ${d.doc}:${g.line}:${g.character} "${g.text}" (${g.term})`);
  }
}

function parseArgs(argv) {
  const options = { details: false, json: false, check: null, steps: false, set: 'default' };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--details') options.details = true;
    else if (argv[i] === '--set') {
      options.set = argv[i + 1];
      if (!Object.hasOwn(SETS, options.set)) throw new Error(`--set needs one of: ${Object.keys(SETS).join(', ')}`);
      i += 1;
    }
    else if (argv[i] === '--json') options.json = true;
    else if (argv[i] === '--steps') options.steps = true;
    else if (argv[i] === '--check') {
      const [p, r] = [Number(argv[i + 1]), Number(argv[i + 2])];
      if (!Number.isFinite(p) || !Number.isFinite(r)) throw new Error('--check needs two numbers: minimum precision and recall');
      // 0.8 and 80 both mean 80 %.
      options.check = { precision: p > 1 ? p / 100 : p, recall: r > 1 ? r / 100 : r };
      i += 2;
    } else throw new Error(`unknown argument: ${argv[i]}`);
  }
  return options;
}

let options;
try {
  options = parseArgs(process.argv.slice(2));
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
docsDir = join(SETS[options.set], 'docs');
labelsDir = join(SETS[options.set], 'labels');
// The default set measures every config; another set only the configs it has labels for.
const hasLabels = (config) => readdirSync(labelsDir).some((f) => f.endsWith(`.${config.labels}.json`));
const configs = options.set === 'default' ? CONFIGS : CONFIGS.filter(hasLabels);
if (options.steps) {
  for (const config of configs) printSteps(config, evaluateSteps(config));
  process.exit(0);
}
const results = configs.map(evaluate);
const summaries = results.map(summarise);
if (options.json) console.log(JSON.stringify(summaries, null, 2));
else summaries.forEach((s, i) => printSummary(s, results[i], options.details));

if (options.check) {
  const failing = summaries.filter((s) => (s.total.precision ?? 1) < options.check.precision || (s.total.recall ?? 1) < options.check.recall);
  for (const s of failing) {
    console.error(`${s.config}: precision ${pct(s.total.precision)}%, recall ${pct(s.total.recall)}% is below ${100 * options.check.precision}% / ${100 * options.check.recall}%`);
  }
  process.exit(failing.length ? 1 : 0);
}
