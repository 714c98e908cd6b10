// The cold index of two (or more) checkouts against the floor, alternated in fresh processes:
//
//   npx tsc -p scripts/bench   (in each checkout: the index is run from out/bench)
//   node scripts/bench/coldCompare.mjs <rounds> <notes folder> <checkout> [<checkout>…]
//
// Each round runs, per checkout, the floor (list the files, read each, markdown-it's parse, as
// the bench's floor child) and then the CLI's one-thread index (`loadNotes`), each in a fresh
// process. Printed per checkout: medians of the wall time, of the main thread's CPU time (read
// from /proc: on a shared machine the wall time swings with the neighbours' load, the thread's
// own CPU time less), and of the ratios to the floor of the same round. Linux only.

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const [, , roundsArgument, folderArgument, ...checkouts] = process.argv;

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4], process.argv[5]);
} else {
  if (!roundsArgument || !folderArgument || checkouts.length === 0) {
    console.error('usage: node scripts/bench/coldCompare.mjs <rounds> <notes folder> <checkout> [<checkout>…]');
    process.exit(2);
  }
  compare(Number(roundsArgument), path.resolve(folderArgument), checkouts.map((checkout) => path.resolve(checkout)));
}

function compare(rounds, folder, roots) {
  const runs = new Map(roots.map((root) => [root, []]));
  for (let round = 0; round < rounds; round++) {
    for (const root of roots) {
      const floor = run(root, 'floor', folder);
      const index = run(root, 'index', folder);
      runs.get(root).push({ floor, index });
      console.error(`round ${round + 1}: ${root}: floor ${floor.wall} ms, index ${index.wall} ms (main thread CPU ${floor.main}, ${index.main} ms)`);
    }
  }
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  };
  for (const [root, done] of runs) {
    const ratios = done.map(({ floor, index }) => index.wall / floor.wall);
    const cpuRatios = done.map(({ floor, index }) => index.main / floor.main);
    console.log(`${root}: index ${median(done.map((r) => r.index.wall))} ms (floor ${median(done.map((r) => r.floor.wall))} ms), ratio median ${median(ratios).toFixed(2)} (min ${Math.min(...ratios).toFixed(2)}); main thread CPU: index ${median(done.map((r) => r.index.main))} ms (min ${Math.min(...done.map((r) => r.index.main))}), floor ${median(done.map((r) => r.floor.main))} ms, ratio median ${median(cpuRatios).toFixed(2)}`);
  }
}

function run(root, task, folder) {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', task, root, folder], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${task} in ${root} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1));
}

async function child(task, root, folder) {
  const { createRequire } = await import('node:module');
  const fs = await import('node:fs');
  const require = createRequire(path.join(root, 'package.json'));
  const core = (module) => require(path.join(root, 'out', 'bench', 'server', 'src', 'core', module));
  const { findNoteFiles } = core('notes/noteFiles');
  const { loadNotes } = core('workspace/load');
  const MarkdownIt = require('markdown-it');
  // utime and stime of this process's main thread, in clock ticks of 10 ms.
  const mainThreadMs = () => {
    const fields = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  };
  const mainStart = mainThreadMs();
  const start = performance.now();
  if (task === 'floor') {
    const markdown = new MarkdownIt();
    for (const file of findNoteFiles([folder]).files) markdown.parse(fs.readFileSync(file, 'utf8'), {});
  } else {
    loadNotes([folder]);
  }
  console.log(JSON.stringify({ wall: Math.round(performance.now() - start), main: mainThreadMs() - mainStart }));
}
