// Benchmark of the term matcher against the obvious alternative: one big case-insensitive
// RegExp alternation of every term, longest first. Both run on the same generated terms and
// document (seeded, so every run sees the same input) and must find the same matches (the
// exit code is 1 when they do not); the build time, the scan speed of each and their ratio
// are printed. Times are CPU times, fastest of several runs, so that other work on the
// machine disturbs them less.
//
//   npx tsc -p . && node out/scripts/bench-matcher.js [terms=20000] [megabytes=1] [seed=7]

import { performance } from 'node:perf_hooks';
import { TermMatcher, type MatcherEntry } from '../server/src/core/index/matcher';
import { phraseKey, wordKey, words } from '../server/src/core/text/normalize';

const termCount = Number(process.argv[2] ?? 20_000);
const megabytes = Number(process.argv[3] ?? 1);
const seed = Number(process.argv[4] ?? 7);

/** mulberry32: a small seeded PRNG, enough for reproducible test data. */
function prng(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The character class table is built once per process, on first use; measured apart.
const warmUp = time(() => words('warm up'));

const random = prng(seed);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'br', 'cr', 'dr', 'fl', 'gr', 'pl', 'st', 'tr', 'sh', 'ch', 'th', ''];
const NUCLEI = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'oo', 'ou', 'y'];
const CODAS = ['', '', '', 'n', 'r', 's', 't', 'l', 'm', 'nd', 'st', 'ck', 'ng', 'x', 'rt'];

function englishLikeWord(): string {
  const syllables = 1 + Math.floor(random() * 3);
  let word = '';
  for (let i = 0; i < syllables; i++) word += pick(ONSETS) + pick(NUCLEI) + pick(CODAS);
  return word;
}

/**
 * Words whose keys differ from each other and from every key in `taken`: the regex knows
 * nothing of plurals, so a word that folds onto another word's key would make the two
 * matchers disagree for a reason that is not a bug.
 */
function vocabulary(size: number, taken: Set<string>): string[] {
  const result: string[] = [];
  while (result.length < size) {
    const word = englishLikeWord();
    const key = wordKey(word);
    if (word.length < 2 || taken.has(key)) continue;
    taken.add(key);
    result.push(word);
  }
  return result;
}

const takenKeys = new Set<string>();
const termWords = vocabulary(Math.max(2000, Math.round(termCount * 0.4)), takenKeys);
const fillerWords = vocabulary(3000, takenKeys);

const terms: string[] = [];
const termKeys = new Set<string>();
while (terms.length < termCount) {
  const roll = random();
  const length = roll < 0.4 ? 1 : roll < 0.75 ? 2 : roll < 0.93 ? 3 : 4;
  const parts: string[] = [];
  for (let i = 0; i < length; i++) parts.push(pick(termWords));
  const term = parts.reduce((phrase, part) => phrase + (random() < 0.1 ? '-' : ' ') + part);
  const key = phraseKey(term);
  if (termKeys.has(key)) continue;
  termKeys.add(key);
  terms.push(term);
}

function capitalised(word: string): string {
  return word[0].toUpperCase() + word.slice(1);
}

const targetLength = megabytes * 1024 * 1024;
const chunks: string[] = [];
let length = 0;
let sentences = 0;
while (length < targetLength) {
  const tokens: string[] = [];
  const count = 8 + Math.floor(random() * 13);
  for (let i = 0; i < count; i++) tokens.push(random() < 0.08 ? pick(terms) : pick(fillerWords));
  tokens[0] = capitalised(tokens[0]);
  let sentence = tokens.reduce((text, token) => text + (random() < 0.1 ? ', ' : ' ') + token) + '.';
  sentence += ++sentences % 6 === 0 ? '\n' : ' ';
  chunks.push(sentence);
  length += sentence.length;
}
const document = chunks.join('');

/**
 * Wall-clock and CPU time of one run. CPU time is what the figures use: the machine may be
 * running other work, which stretches wall-clock time but not the work done here.
 */
function time<T>(run: () => T): { value: T; ms: number; cpuMs: number } {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const value = run();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { value, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** Runs `run` several times; keeps the fastest and the median CPU time. */
function fastestOf<T>(runs: number, run: () => T): { value: T; ms: number; median: number } {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const result = time(run);
    value = result.value;
    times.push(result.cpuMs);
  }
  times.sort((a, b) => a - b);
  return { value, ms: times[0], median: times[Math.floor(times.length / 2)] };
}

const entries: MatcherEntry[] = terms.map((phrase, id) => ({ phrase, id }));
const build = time(() => new TermMatcher(entries));
const matcher = build.value;

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
const regexBuild = time(() => {
  const alternatives = [...terms].sort((a, b) => b.length - a.length).map(escape);
  const regex = new RegExp(`\\b(?:${alternatives.join('|')})\\b`, 'gi');
  regex.exec('compile'); // irregexp compiles on first use
  return regex;
});
const regex = regexBuild.value;

const runs = 25;
const ours = fastestOf(runs, () => matcher.scan(document));
const oursMarkdown = fastestOf(runs, () => matcher.scan(document, { markdown: true }));
const theirs = fastestOf(runs, () => {
  const spans: [number, number][] = [];
  regex.lastIndex = 0;
  for (let found = regex.exec(document); found; found = regex.exec(document)) spans.push([found.index, found.index + found[0].length]);
  return spans;
});

const ourSpans = ours.value.map((match) => `${match.start}:${match.end}`);
const theirSpans = theirs.value.map(([start, end]) => `${start}:${end}`);
let firstDifference = -1;
for (let i = 0; i < Math.max(ourSpans.length, theirSpans.length); i++) {
  if (ourSpans[i] !== theirSpans[i]) {
    firstDifference = i;
    break;
  }
}
const idsRight = ours.value.every((match) => phraseKey(terms[match.id]) === phraseKey(match.text));

const mb = document.length / (1024 * 1024);
const speed = (ms: number): string => `${(mb / (ms / 1000)).toFixed(1)} MB/s`;
console.log(`terms: ${terms.length}, document: ${mb.toFixed(2)} MB (${document.length} UTF-16 units), seed ${seed}`);
console.log(`class table (once per process): ${warmUp.cpuMs.toFixed(1)} ms CPU`);
console.log(`build (CPU): TermMatcher ${build.cpuMs.toFixed(1)} ms, RegExp ${regexBuild.cpuMs.toFixed(1)} ms (incl. compile)`);
console.log(`scan CPU time (fastest of ${runs}; median): TermMatcher ${ours.ms.toFixed(1)} ms = ${speed(ours.ms)} (${ours.median.toFixed(1)} ms); markdown mode ${oursMarkdown.ms.toFixed(1)} ms = ${speed(oursMarkdown.ms)} (${oursMarkdown.median.toFixed(1)} ms)`);
console.log(`scan CPU time (fastest of ${runs}; median): RegExp ${theirs.ms.toFixed(1)} ms = ${speed(theirs.ms)} (${theirs.median.toFixed(1)} ms)`);
console.log(`ratio (RegExp time / TermMatcher time): ${(theirs.ms / ours.ms).toFixed(1)}x fastest, ${(theirs.median / ours.median).toFixed(1)}x median`);
console.log(`matches: TermMatcher ${ourSpans.length}, RegExp ${theirSpans.length}, markdown mode ${oursMarkdown.value.length}`);
if (firstDifference !== -1 || !idsRight) {
  console.log(`MISMATCH at match #${firstDifference}: ours ${ourSpans[firstDifference]} "${ours.value[firstDifference]?.text}", RegExp ${theirSpans[firstDifference]}; ids right: ${idsRight}`);
  process.exitCode = 1;
} else {
  console.log('same matches: yes');
}
