// How fast parseNote reads the 1,000-note generated corpus, next to markdown-it alone on the
// same texts and, optionally, an earlier build of the parser.
//
//   tsc -p scripts/bench && node out/bench/scripts/bench/parser-speed.js [rounds] [reference parser.js]
//
// The files are read once, before any timing: this measures parsing, not the disk. Each round
// parses every file once with each contender in turn, alternating which goes first, and the
// fastest round of each is kept: the machine may be busy with other work, and the fastest round
// is the least disturbed. markdown-it runs with its default preset, as `npm run bench`'s floor does.

import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import MarkdownIt from 'markdown-it';
import { parseNote } from '../../server/src/core/parser';
import { corpusFolder, loadParser, markdownFiles, type Parse } from './parser-equivalence';

interface Contender { name: string; run: (uri: string, text: string) => unknown; fastest: number }

function main(): void {
  const rounds = Number(process.argv[2] ?? 5);
  const referenceFile = process.argv[3];
  const files = markdownFiles(corpusFolder);
  const texts = files.map((file) => fs.readFileSync(file, 'utf8'));
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);

  const markdown = new MarkdownIt();
  const contenders: Contender[] = [{ name: 'parseNote (this tree)', run: parseNote, fastest: Infinity }];
  if (referenceFile) {
    const reference: Parse = loadParser(referenceFile);
    contenders.push({ name: 'parseNote (reference)', run: reference, fastest: Infinity });
  }
  contenders.push({ name: 'markdown-it alone', run: (_uri, text) => markdown.parse(text, {}), fastest: Infinity });

  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const contender of order) {
      const start = performance.now();
      for (let i = 0; i < texts.length; i++) contender.run(`file:///corpus/${i}.md`, texts[i]);
      contender.fastest = Math.min(contender.fastest, performance.now() - start);
    }
  }

  const megabytes = bytes / 1024 / 1024;
  console.log(`${texts.length} notes, ${megabytes.toFixed(1)} MB, fastest of ${rounds} rounds:`);
  const floor = contenders[contenders.length - 1].fastest;
  for (const { name, fastest } of contenders) {
    console.log(`  ${name.padEnd(24)} ${fastest.toFixed(0).padStart(6)} ms  ${(megabytes / (fastest / 1000)).toFixed(1).padStart(6)} MB/s  ${(fastest / texts.length).toFixed(3)} ms/note  ${(fastest / floor).toFixed(2)} × markdown-it`);
  }
}

main();
