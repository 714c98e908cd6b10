// Checks that the parser reads every note exactly as an earlier build of it did: a speed-up of
// parseNote must not change a single field of its output, since the note cache, the index and
// every feature read that output.
//
//   git archive <commit> server/src/core tsconfig.json | tar -x -C /tmp/parser-ref
//   (compile /tmp/parser-ref with tsc, node_modules linked in)
//   tsc -p scripts/bench && node out/bench/scripts/bench/parser-equivalence.js \
//     /tmp/parser-ref/out/server/src/core/parser.js
//
// It parses the 1,000-note generated corpus, the seed note, its damaged copy and the other
// fixtures, each also with CRLF and lone-CR line ends, plus notes shuffled together from their
// lines (some cut short at a random point), with both parsers, and requires the two notes to be
// deeply and strictly equal (an absent field differs from one set to undefined) and to serialise
// to the same JSON (same keys in the same order, as the note cache writes them).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Note } from '../../server/src/core/model';
import { FACET_WORDS, isFacet, parseNote } from '../../server/src/core/formats/dialect/parser';
import { repoRoot } from './corpus';

export type Parse = (uri: string, text: string) => Note;

export const corpusFolder = path.join(repoRoot(), 'bench-results', 'corpus-1000');

/** Every Markdown file under `folder`, in a stable order. */
export function markdownFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...markdownFiles(full));
    else if (entry.name.endsWith('.md')) found.push(full);
  }
  return found.sort();
}

/** The parser exported by a compiled parser.js of another build. */
export function loadParser(file: string): Parse {
  return loadModule(file).parseNote;
}

function loadModule(file: string): { parseNote: Parse; isFacet: (term: string) => boolean } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(path.resolve(file)) as { parseNote: Parse; isFacet: (term: string) => boolean };
  if (typeof loaded.parseNote !== 'function') throw new Error(`${file} exports no parseNote`);
  return loaded;
}

/** Every word one slip (a letter dropped, doubled, changed or swapped) from a facet word, and a few more. */
function nearFacetWords(): string[] {
  const words: string[] = [];
  for (const word of [...FACET_WORDS, 'communication', 'Trade-Offs']) {
    for (let i = 0; i <= word.length; i++) {
      words.push(word.slice(0, i) + word.slice(i + 1), word.slice(0, i) + 'x' + word.slice(i), word.slice(0, i) + 'é' + word.slice(i + 1));
      words.push(word.slice(0, i) + '😀' + word.slice(i + 1), word.slice(0, i) + '😀😀' + word.slice(i));
      if (i + 1 < word.length) words.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
    }
    words.push(word + 's', word.toUpperCase(), `${word} ${word}`, word + '😀', word + 'ab');
  }
  return words;
}

/** A small seeded generator, so that a failure can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Notes made of random lines of `sources`, some cut short, to reach states no real note shows. */
function shuffledNotes(sources: string[], count: number, seed: number): string[] {
  const random = prng(seed);
  const lines = sources.flatMap((text) => text.split(/\r\n?|\n/));
  const notes: string[] = [];
  for (let n = 0; n < count; n++) {
    const picked: string[] = [];
    const length = 1 + Math.floor(random() * 60);
    for (let i = 0; i < length; i++) {
      let line = lines[Math.floor(random() * lines.length)];
      if (random() < 0.15) line = line.slice(0, Math.floor(random() * (line.length + 1)));
      picked.push(line);
    }
    notes.push(picked.join(random() < 0.1 ? '\r\n' : '\n'));
  }
  return notes;
}

// Lines that the generated corpus lacks: characters beyond the BMP inside URLs and terms, white
// space other than spaces, links side by side, markers with variation selectors.
const EDGE_LINES = [
  '* _cache_: http://😀. and https://x.io/😀😀, then (http://a.b/c).',
  '* _café (coffee)_:\u00a0 text\u2003with\u3000odd\tspaces https://ex.am/ple  ',
  '> quote 😀 text https://a.b/😀 more - Someone https://c.d',
  '> ❓\uFE0F why https://a.b',
  '🗄\uFE0F',
  '📚 ',
  '\t* nested: item [Kleppmann 4.128] [6] 📙 Fowler [12] https://x.y/z',
  'KLEPPMANN https://a.b',
  '* separation of concerns: [a](https://a.b) [b](<https://c.d> "t") https://e.f',
  '* term: `a.md` section 📙 Book [1:12:30] `b.md`',
  '= one, two , three https://x.y',
  '* aka yak shaving or bikeshedding; aKa thing https://k.l',
  '  📍 pin 📝 todo 📻 podcast',
  '# 🧪 AREA ##',
  '## topic name',
  '---',
  '',
  '   ',
  '```',
  '    indented',
];

function compare(reference: Parse, candidate: Parse, name: string, text: string): void {
  const uri = `file:///notes/${name}`;
  const expected = reference(uri, text);
  const actual = candidate(uri, text);
  assert.deepStrictEqual(actual, expected, `${name}: the notes differ`);
  assert.equal(JSON.stringify(actual), JSON.stringify(expected), `${name}: the notes serialise differently`);
}

function main(): void {
  const referenceFile = process.argv[2];
  if (!referenceFile) throw new Error('usage: parser-equivalence.js <reference parser.js>');
  const referenceModule = loadModule(referenceFile);
  const reference = referenceModule.parseNote;

  const fixtures = [
    path.join(repoRoot(), 'notes-data', 'architecture.md'),
    ...markdownFiles(path.join(repoRoot(), 'test', 'fixtures')),
  ];
  const corpus = markdownFiles(corpusFolder);
  let compared = 0;
  let bytes = 0;
  for (const file of [...fixtures, ...corpus]) {
    const text = fs.readFileSync(file, 'utf8');
    const name = path.relative(repoRoot(), file);
    compare(reference, parseNote, name, text);
    compared++;
    bytes += text.length;
  }
  const fixtureTexts = fixtures.map((file) => fs.readFileSync(file, 'utf8'));
  for (const [index, text] of fixtureTexts.entries()) {
    const name = path.relative(repoRoot(), fixtures[index]);
    compare(reference, parseNote, `${name} (CRLF)`, text.replace(/\r?\n/g, '\r\n'));
    compare(reference, parseNote, `${name} (CR)`, text.replace(/\r?\n/g, '\r'));
    compared += 2;
  }
  const shuffled = shuffledNotes([...fixtureTexts, ...corpus.slice(0, 20).map((file) => fs.readFileSync(file, 'utf8'))], 3000, 20261128);
  shuffled.push(...shuffledNotes([EDGE_LINES.join('\n'), fixtureTexts[0]], 2000, 7));
  for (const [index, text] of shuffled.entries()) compare(reference, parseNote, `shuffled note ${index}`, text);
  compared += shuffled.length;

  // isFacet is asked of every term: the same answers for the corpus's terms and near-misses.
  const terms = new Set(nearFacetWords());
  for (const file of corpus.slice(0, 300)) for (const definition of parseNote('file:///t.md', fs.readFileSync(file, 'utf8')).definitions) terms.add(definition.term);
  for (const term of terms) assert.equal(isFacet(term), referenceModule.isFacet(term), `isFacet(${JSON.stringify(term)}) differs`);
  console.log(`${compared} notes parsed alike by both parsers (${corpus.length} corpus files, ${(bytes / 1024 / 1024).toFixed(1)} MB of files, ${shuffled.length} shuffled notes); isFacet alike on ${terms.size} terms`);
}

if (require.main === module) main();
