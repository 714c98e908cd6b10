// How fast parseNote reads the 1,000-note generated corpus, next to markdown-it alone on the
// same texts and, optionally, an earlier build of the parser.
//
//   tsc -p scripts/bench && node out/bench/scripts/bench/parser-speed.js [rounds] [reference parser.js]
//
// The files are read once, before any timing: this measures parsing, not the disk. Two figures:
//   warm  every contender parses every file once per round, in one process, taking turns (the
//         order alternates); the fastest round of each is kept.
//   cold  every contender parses every file once in a fresh process, as a cold index does, with
//         no round before it to compile its code; processes alternate, the fastest is kept.
// The machine may be busy with other work, and the fastest run is the least disturbed.
// markdown-it runs with its default preset, as `npm run bench`'s floor does.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import MarkdownIt from 'markdown-it';
import { parseNote } from '../../server/src/core/formats/dialect/parser';
import { corpusFolder, loadParser, markdownFiles } from './parser-equivalence';

type Run = (uri: string, text: string) => unknown;

/** The contenders by name; `reference` is a compiled parser.js of another build, if given. */
function contenders(reference: string | undefined): Map<string, () => Run> {
  const all = new Map<string, () => Run>([['parseNote (this tree)', () => parseNote]]);
  if (reference) all.set('parseNote (reference)', () => loadParser(reference));
  all.set('markdown-it alone', () => {
    const markdown = new MarkdownIt();
    return (_uri, text) => markdown.parse(text, {});
  });
  return all;
}

function readCorpus(): string[] {
  return markdownFiles(corpusFolder).map((file) => fs.readFileSync(file, 'utf8'));
}

function parseAll(run: Run, texts: string[]): number {
  const start = performance.now();
  for (let i = 0; i < texts.length; i++) run(`file:///corpus/${i}.md`, texts[i]);
  return performance.now() - start;
}

/** In a child process: one pass of one contender, its time printed as the last line. */
function coldChild(name: string, reference: string | undefined): void {
  const texts = readCorpus();
  const run = contenders(reference).get(name)!();
  console.log(parseAll(run, texts));
}

function main(): void {
  if (process.argv[2] === '--cold-child') return coldChild(process.argv[3], process.argv[4] || undefined);
  const rounds = Number(process.argv[2] ?? 5);
  const reference = process.argv[3];
  const texts = readCorpus();
  const megabytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1024 / 1024;
  const names = [...contenders(reference).keys()];
  const runs = [...contenders(reference).values()].map((make) => make());

  const warm = names.map(() => Infinity);
  for (let round = 0; round < rounds; round++) {
    const order = names.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) warm[i] = Math.min(warm[i], parseAll(runs[i], texts));
  }

  const cold = names.map(() => Infinity);
  for (let round = 0; round < rounds; round++) {
    const order = names.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      const child = spawnSync(process.execPath, [__filename, '--cold-child', names[i], reference ?? ''], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`${names[i]}: ${child.stderr}`);
      cold[i] = Math.min(cold[i], Number(child.stdout.trim().split('\n').pop()));
    }
  }

  console.log(`${texts.length} notes, ${megabytes.toFixed(1)} MB, fastest of ${rounds}:`);
  const floor = names.length - 1;
  for (const [label, times] of [['warm', warm], ['cold', cold]] as const) {
    for (const [i, name] of names.entries()) {
      const ms = times[i];
      console.log(`  ${label}  ${name.padEnd(22)} ${ms.toFixed(0).padStart(5)} ms  ${(megabytes / (ms / 1000)).toFixed(1).padStart(5)} MB/s  ${(ms / texts.length).toFixed(3)} ms/note  ${(ms / times[floor]).toFixed(2)} × markdown-it`);
    }
  }
}

main();
