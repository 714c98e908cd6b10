// The benchmark corpus: notes in the notes dialect, generated from a seeded PRNG so that every
// run (and every machine) indexes the same bytes. What a note contains, and how densely, is
// taken from the seed note (notes-data/architecture.md): its prose words and link hosts are
// the vocabulary, and the rates of definitions, links, quotes, labels, citations and
// cross-references per KB were measured on it (see `measureDensity`, printed by the bench next
// to the corpus's own). Terms come from one shared pool, drawn with a Zipf law, so that the
// same terms are defined in many notes, as in a real collection.
//
// Note i depends only on i, so the 1,000-note corpus is the first 1,000 notes of the
// 10,000-note one. Corpora are written once under bench-results/ and reused while their
// manifest says they came from this generator version.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseNote } from '../../server/src/core/formats/dialect/parser';
import { isFacet } from '../../server/src/core/formats/dialect/parser';
import type { Note } from '../../server/src/core/model';
import { phraseKey, wordKey, words } from '../../server/src/core/text/normalize';
import { nameVariants } from '../../server/src/core/text/variants';

/** Bump when the generator's output changes, so that cached corpora are rebuilt. */
export const GENERATOR_VERSION = 7;
const CORPUS_SEED = 20_240_611;
/** Mean size of a generated note, in bytes: 10,000 notes make about 100 MB. */
const MEAN_NOTE_BYTES = 10_000;
/**
 * Distinct terms and topics to draw from. With a Zipf-Mandelbrot law over them, 10,000 notes
 * define about 150,000 terms: the commonest term in some 230 notes, the thousandth in about
 * 20, and most of the pool once or twice.
 */
const TERM_POOL = 60_000;
const TOPIC_POOL = 10_000;

/** The repository: above this script (compiled to out/scripts/bench/), or above the working folder. */
export function repoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'notes-data'))) return dir;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(`cannot find the repository root above ${__dirname} or ${process.cwd()}`);
}

export function seedNotePath(): string {
  return path.join(repoRoot(), 'notes-data', 'architecture.md');
}

// ---- randomness ---------------------------------------------------------------------------

export type Random = () => number;

/** mulberry32: small, fast and good enough for test data. */
export function prng(seed: number): Random {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
export const between = (random: Random, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
export const chance = (random: Random, p: number): boolean => random() < p;

/**
 * Draws indexes 0..n-1 with probability ∝ 1 / (rank + 1 + offset)^s (Zipf-Mandelbrot): a few
 * items are common, most are rare, and the offset keeps the commonest from dominating.
 */
export class Zipf {
  private readonly cumulative: Float64Array;

  constructor(n: number, s: number, offset = 0) {
    this.cumulative = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) this.cumulative[i] = total += 1 / Math.pow(i + 1 + offset, s);
    for (let i = 0; i < n; i++) this.cumulative[i] /= total;
  }

  draw(random: Random): number {
    return firstReaching(this.cumulative, random());
  }
}

/** The first place in an ascending list of cumulative shares whose share reaches `target` (binary search). */
function firstReaching(cumulative: ArrayLike<number>, target: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (cumulative[mid] < target) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Items drawn in proportion to how often they occur. */
export class Weighted<T> {
  private readonly items: T[] = [];
  private readonly cumulative: number[];

  constructor(counts: Map<T, number>) {
    const sorted = [...counts].sort((a, b) => b[1] - a[1]);
    const cumulative: number[] = [];
    let total = 0;
    for (const [item, count] of sorted) {
      this.items.push(item);
      cumulative.push(total += count);
    }
    this.cumulative = cumulative.map((c) => c / total);
  }

  draw(random: Random): T {
    return this.items[firstReaching(this.cumulative, random())];
  }
}

// ---- what the seed says -------------------------------------------------------------------

/** Counts per KB of the constructs a note's index is made of. */
export interface Density {
  kilobytes: number;
  notes: number;
  perKb: {
    definitions: number;
    topics: number;
    links: number;
    quotes: number;
    labels: number;
    citations: number;
    crossReferences: number;
    reminders: number;
    sections: number;
    proseLines: number;
  };
}

export function measureDensity(notes: { note: Note; bytes: number }[]): Density {
  let bytes = 0;
  const totals = { definitions: 0, topics: 0, links: 0, quotes: 0, labels: 0, citations: 0, crossReferences: 0, reminders: 0, sections: 0, proseLines: 0 };
  for (const { note, bytes: size } of notes) {
    bytes += size;
    totals.definitions += note.definitions.filter((d) => d.kind === 'term').length;
    totals.topics += note.definitions.filter((d) => d.kind === 'topic').length;
    totals.links += note.links.length;
    totals.quotes += note.quotes.length;
    totals.labels += note.sections.reduce((sum, s) => sum + s.labels.length, 0);
    totals.citations += note.citations.length;
    totals.crossReferences += note.crossReferences.length;
    totals.reminders += note.reminders.length;
    totals.sections += note.sections.length;
    totals.proseLines += note.lines.length;
  }
  const kilobytes = bytes / 1024;
  const perKb = Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, round(v / kilobytes, 3)])) as Density['perKb'];
  return { kilobytes: round(kilobytes, 1), notes: notes.length, perKb };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Vocabulary read off the seed note: its prose words with their counts, its link hosts, its books. */
interface SeedVocabulary {
  proseWords: Map<string, number>;
  termWords: string[];
  hosts: Map<string, number>;
  books: string[];
}

function readSeed(text: string): SeedVocabulary {
  const note = parseNote('file:///seed.md', text);
  const proseWords = new Map<string, number>();
  for (const line of note.lines) {
    for (const word of words(line.text)) {
      // Plain lower-case words only: the generator adds its own acronyms and names.
      if (!/^[a-z][a-z']{1,14}$/.test(word.text)) continue;
      // `aka` names what follows it: in random prose it would make the rest of a line an alias.
      if (word.text === 'aka') continue;
      proseWords.set(word.text, (proseWords.get(word.text) ?? 0) + 1);
    }
  }
  const termWords = new Set<string>();
  for (const definition of note.definitions) {
    for (const word of words(definition.term)) if (/^[a-z]{2,}$/i.test(word.text)) termWords.add(word.text.toLowerCase());
  }
  const hosts = new Map<string, number>();
  for (const link of note.links) {
    try {
      const host = new URL(link.url).hostname;
      if (host) hosts.set(host, (hosts.get(host) ?? 0) + 1);
    } catch {
      // a truncated URL in the seed says nothing about hosts
    }
  }
  const books = [...new Set(note.citations.map((c) => c.book))];
  return { proseWords, termWords: [...termWords].sort(), hosts, books };
}

// ---- the generator ------------------------------------------------------------------------

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'br', 'cr', 'dr', 'fl', 'gr', 'pl', 'st', 'tr', 'sh', 'ch', 'th', ''];
const NUCLEI = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'oo', 'ou', 'io'];
const CODAS = ['', '', 'n', 'r', 't', 'l', 'm', 'nd', 'ck', 'ng', 'x', 'rt', 'sk'];
const AREA_ICONS = ['💡', '⠎', '➖', '🟨', '🔧', '📦', '🧱', '🌐', '🔒', '⚙️', '🗃️', '📈'];
const NOTE_ICONS = ['⛩️', '🏛️', '🧭', '🪵', '🛰️', '🧪', '🗂️', '🕸️'];
const FIRST_NAMES = ['Martin', 'Kleppmann', 'Fowler', 'Hickey', 'Knuth', 'Brooker', 'Evans', 'Newman', 'Beck', 'Ford', 'Richards', 'Vernon', 'Hohpe', 'Nygard', 'Kernighan'];

/** Pronounceable nonsense: the long tail of a real vocabulary (names, jargon, typos). */
export function inventedWord(random: Random): string {
  const syllables = between(random, 1, 3);
  let word = '';
  for (let i = 0; i < syllables; i++) word += pick(random, ONSETS) + pick(random, NUCLEI) + pick(random, CODAS);
  return word.length >= 3 ? word : word + 'ex';
}

export interface Pools {
  prose: Weighted<string>;
  invented: string[];
  inventedZipf: Zipf;
  terms: string[];
  termZipf: Zipf;
  topics: string[];
  topicZipf: Zipf;
  areas: string[];
  labels: string[];
  books: string[];
  hosts: Weighted<string>;
}

let pools: Pools | undefined;

/** Everything notes draw from, built once from the seed and the corpus seed (the vault generator draws from it too). */
export function buildPools(): Pools {
  if (pools) return pools;
  const seed = readSeed(fs.readFileSync(seedNotePath(), 'utf8'));
  const random = prng(CORPUS_SEED);
  const invented: string[] = [];
  const inventedSeen = new Set<string>(seed.proseWords.keys());
  while (invented.length < 30_000) {
    const word = inventedWord(random);
    if (inventedSeen.has(word)) continue;
    inventedSeen.add(word);
    invented.push(word);
  }
  const proseWords = [...seed.proseWords.keys()];
  // Terms are made of content words: not of the seed's commonest words (`that`, `with`).
  const common = new Set([...seed.proseWords].sort((a, b) => b[1] - a[1]).slice(0, 150).map(([w]) => w));
  const longProseWords = proseWords.filter((w) => w.length > 4 && !common.has(w));
  // The seed's own term words, less the little words inside its phrases (`of`, `n`, `db`).
  const seedTermWords = seed.termWords.filter((w) => w.length > 2 && !common.has(w));
  const commonInvented = invented.slice(0, 8000);
  const termWord = (): string => (chance(random, 0.35) ? pick(random, seedTermWords) : chance(random, 0.5) ? pick(random, longProseWords) : pick(random, commonInvented));

  // Terms: mostly one or two words, some acronyms; unique by key, never a facet word.
  const terms: string[] = [];
  const termKeys = new Set<string>();
  while (terms.length < TERM_POOL) {
    let term: string;
    const roll = random();
    if (roll < 0.06) {
      term = Array.from({ length: between(random, 2, 5) }, () => String.fromCharCode(65 + Math.floor(random() * 26))).join('');
    } else {
      const length = roll < 0.45 ? 1 : roll < 0.8 ? 2 : roll < 0.95 ? 3 : 4;
      term = Array.from({ length }, termWord).join(chance(random, 0.12) ? '-' : ' ');
    }
    const key = phraseKey(term);
    if (!key || termKeys.has(key) || isFacet(term)) continue;
    termKeys.add(key);
    terms.push(term);
  }
  const topics: string[] = [];
  const topicKeys = new Set<string>();
  while (topics.length < TOPIC_POOL) {
    const topic = Array.from({ length: between(random, 1, 3) }, termWord).join(chance(random, 0.2) ? '-' : ' ');
    const key = phraseKey(topic);
    if (!key || topicKeys.has(key) || isFacet(topic)) continue;
    topicKeys.add(key);
    topics.push(topic);
  }
  const upper = (): string => (chance(random, 0.5) ? pick(random, seedTermWords) : pick(random, invented)).toUpperCase().replace(/[^A-Z]/g, '');
  const areas = Array.from({ length: 60 }, () => (chance(random, 0.2) ? `${upper()} ${upper()}` : upper())).filter((a) => a.length >= 2);
  const labels = Array.from({ length: 400 }, () => (chance(random, 0.25) ? `${upper()} ${upper()}` : upper())).filter((a) => a.length >= 2);
  const books = [...seed.books];
  while (books.length < 300) {
    const name = chance(random, 0.5) ? pick(random, FIRST_NAMES) : capitalise(pick(random, invented));
    books.push(chance(random, 0.4) ? `${name} ${capitalise(pick(random, proseWords))}` : name);
  }
  pools = {
    prose: new Weighted(seed.proseWords),
    invented,
    inventedZipf: new Zipf(invented.length, 1.05),
    terms,
    termZipf: new Zipf(terms.length, 1, 100),
    topics,
    topicZipf: new Zipf(topics.length, 1, 50),
    areas: [...new Set(areas)],
    labels: [...new Set(labels)],
    books: [...new Set(books)],
    hosts: new Weighted(seed.hosts),
  };
  return pools;
}

export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** The file name of note i, relative to the corpus folder: a few dozen folders, as people keep them. */
export function noteFileName(i: number): string {
  const random = prng(CORPUS_SEED ^ Math.imul(i + 1, 0x9e3779b1));
  const { invented, topics } = buildPools();
  const slug = `${topics[i % topics.length]}-${pick(random, invented)}`.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  return `${String(i % 40).padStart(2, '0')}/${slug}-${i}.md`;
}

/** The text of note i. */
export function generateNote(i: number, count: number): string {
  const random = prng(CORPUS_SEED + i * 7919);
  const p = buildPools();
  const word = (): string => (chance(random, 0.88) ? p.prose.draw(random) : p.invented[p.inventedZipf.draw(random)]);
  const prose = (min: number, max: number): string => Array.from({ length: between(random, min, max) }, word).join(' ');
  const term = (): string => p.terms[p.termZipf.draw(random)];
  const topic = (): string => p.topics[p.topicZipf.draw(random)];
  const book = (): string => p.books[Math.floor(Math.pow(random(), 2.5) * p.books.length)];
  const url = (): string => {
    const host = p.hosts.draw(random);
    if (host === 'news.ycombinator.com') return `https://news.ycombinator.com/item?id=${between(random, 20_000_000, 42_000_000)}`;
    if (host === 'www.youtube.com') return `https://www.youtube.com/watch?v=${Math.floor(random() * 2 ** 52).toString(36).slice(0, 11)}`;
    if (host === 'github.com') return `https://github.com/${pick(random, p.invented)}/${word()}-${word()}`;
    const segments = Array.from({ length: between(random, 1, 3) }, () => Array.from({ length: between(random, 1, 4) }, word).join('-'));
    return `https://${host}/${segments.join('/')}${chance(random, 0.2) ? '.html' : ''}`;
  };
  const links = (min: number, max: number): string => Array.from({ length: between(random, min, max) }, url).join(' ');
  const page = (): string => (chance(random, 0.8) ? String(between(random, 1, 600)) : `${between(random, 1, 12)}.${between(random, 1, 200)}`);
  const citation = (): string => {
    const roll = random();
    if (roll < 0.45) return `📙 ${book()} [${page()}]`;
    if (roll < 0.7) return `[${book()} ${page()}]`;
    return `📙 ${book()} ${page()}`;
  };
  const otherNote = (): string => path.posix.basename(noteFileName(Math.floor(random() * count)));

  const out: string[] = [];
  let bytes = 0;
  const emit = (line: string) => {
    out.push(line);
    bytes += Buffer.byteLength(line) + 1;
  };
  // Sizes vary around the mean (a log-normal spread, clipped), as real notes do.
  const target = Math.min(60_000, Math.max(1_500, MEAN_NOTE_BYTES * Math.exp(0.55 * gaussian(random) - 0.32)));

  emit(`# ${pick(random, NOTE_ICONS)}`);
  emit('');
  emit('## 参考');
  emit('');
  emit('🗄');
  for (let k = between(random, 1, 5); k > 0; k--) emit(`* \`${otherNote()}\` ${prose(1, 2)}`);
  if (chance(random, 0.6)) {
    emit('📚');
    for (let k = between(random, 1, 3); k > 0; k--) emit(`* ${book()} ${prose(1, 4)}`);
  }
  emit('');
  emit('## 进步');
  emit('');
  emit('---');
  emit('');
  emit(links(1, 4));
  emit('');
  for (let k = between(random, 3, 12); k > 0; k--) emit(`* ${chance(random, 0.5) ? prose(1, 4) + ' ' : ''}${links(1, 2)}`);
  emit('');

  /** One definition, maybe followed by the quotes and items that continue it. */
  const definition = () => {
    const roll = random();
    let name = term();
    if (roll < 0.05 && /^[A-Z]+$/.test(name)) name = `${name} (${prose(2, 3)})`;
    let text = roll < 0.02 ? '' : prose(2, 14);
    if (chance(random, 0.06)) text += ` aka ${term()}`;
    if (chance(random, 0.3)) text += ` ${citation()}`;
    if (chance(random, 0.45)) text += ` ${links(1, 3)}`;
    emit(`* _${name}_:${text ? ' ' + text : ''}`);
    if (chance(random, 0.2)) emit(`> ${prose(6, 40)}${chance(random, 0.4) ? ' ' + url() : ''}`);
    if (chance(random, 0.1)) emit(`* aka ${term()} ${url()}`);
    if (chance(random, 0.1)) emit(`* e.g. ${prose(3, 12)}`);
  };
  const looseDefinition = () => emit(`* ${prose(1, 3)}: ${prose(3, 12)}${chance(random, 0.4) ? ' ' + links(1, 2) : ''}`);
  const linkItem = () => emit(`* ${chance(random, 0.55) ? prose(1, 6) + ' ' : ''}${links(1, 3)}`);
  const quote = () => {
    const long = chance(random, 0.3);
    const source = random();
    const tail = source < 0.5 ? ` ${url()}` : source < 0.7 ? ` - ${capitalise(word())} ${capitalise(word())}` : source < 0.8 ? ` ${citation()}` : '';
    emit(`> ${prose(long ? 60 : 8, long ? 260 : 40)}${tail}`);
  };
  const label = () => emit(`${pick(random, p.labels)}${chance(random, 0.2) ? ' ' + url() : ''}`);
  const reminder = () => {
    const roll = random();
    if (roll < 0.4) emit(`📍 ${prose(3, 10)}`);
    else if (roll < 0.7) emit(`> ❓ ${prose(4, 16)}?`);
    else emit(`* ${prose(1, 3)} 📻 ${capitalise(word())} (${word().slice(0, 3).toUpperCase()}) ${url()}`);
  };
  const code = () => {
    emit('```sh');
    for (let k = between(random, 1, 4); k > 0; k--) emit(`${word()} run --${word()} ${word()}:/${word()}/${word()} ${word()}`);
    emit('```');
  };

  while (bytes < target) {
    emit(`# ${pick(random, AREA_ICONS)} ${pick(random, p.areas)}`);
    emit('');
    if (chance(random, 0.4)) {
      for (let k = between(random, 1, 3); k > 0; k--) linkItem();
      emit('');
    }
    for (let topics = between(random, 2, 7); topics > 0 && bytes < target; topics--) {
      emit(`## ${topic()}`);
      emit('');
      if (chance(random, 0.3)) emit(`🗄️ \`${otherNote()}\` ${prose(1, 2)}`);
      if (chance(random, 0.25)) quote();
      // Distilled material: groups under labels, then maybe a `---` and raw links below it.
      for (let groups = between(random, 1, 4); groups > 0; groups--) {
        if (chance(random, 0.3)) label();
        for (let items = between(random, 2, 8); items > 0; items--) {
          const roll = random();
          if (roll < 0.31) definition();
          else if (roll < 0.35) looseDefinition();
          else if (roll < 0.76) linkItem();
          else if (roll < 0.88) quote();
          else if (roll < 0.93) reminder();
          else emit(`* ${prose(3, 12)}${chance(random, 0.3) ? ' ' + citation() : ''}`);
        }
        if (chance(random, 0.08)) code();
        emit('');
      }
      if (chance(random, 0.35)) {
        emit('---');
        emit('');
        for (let k = between(random, 2, 8); k > 0; k--) chance(random, 0.8) ? linkItem() : quote();
        emit('');
      }
    }
  }
  return out.join('\n') + '\n';
}

/** A standard normal draw (Box-Muller). */
export function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

// ---- corpora on disk ----------------------------------------------------------------------

export interface Corpus {
  folder: string;
  files: string[];
  bytes: number;
  /** Generated here, or a real folder named by NOTES_BENCH_DIR. */
  generated: boolean;
}

interface Manifest {
  version: number;
  seed: number;
  count: number;
  files: string[];
  bytes: number;
}

export function benchResultsFolder(): string {
  return path.join(repoRoot(), 'bench-results');
}

/** The corpus of `count` notes, generated on first use and kept until the generator changes. */
export function ensureCorpus(count: number, root = benchResultsFolder()): Corpus {
  const folder = path.join(root, `corpus-${count}`);
  const manifestFile = path.join(folder, 'manifest.json');
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
    if (manifest.version === GENERATOR_VERSION && manifest.seed === CORPUS_SEED && manifest.count === count) {
      const files = manifest.files.map((f) => path.join(folder, f));
      if (files.every((f) => fs.existsSync(f))) return { folder, files, bytes: manifest.bytes, generated: true };
    }
  } catch {
    // no corpus yet, or an unreadable one: generate it
  }
  fs.rmSync(folder, { recursive: true, force: true });
  const relative: string[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const name = noteFileName(i);
    const text = generateNote(i, count);
    const file = path.join(folder, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    relative.push(name);
    bytes += Buffer.byteLength(text);
  }
  const manifest: Manifest = { version: GENERATOR_VERSION, seed: CORPUS_SEED, count, files: relative, bytes };
  // The manifest is a `.json`, so the notes' own file walk never picks it up.
  fs.writeFileSync(manifestFile, JSON.stringify(manifest));
  return { folder, files: relative.map((f) => path.join(folder, f)), bytes, generated: true };
}

/** A folder of real notes (NOTES_BENCH_DIR), taken as it is. */
export function realCorpus(folder: string, listFiles: (folder: string) => string[]): Corpus {
  const files = listFiles(folder);
  const bytes = files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
  return { folder, files, bytes, generated: false };
}

// ---- design documents ---------------------------------------------------------------------

export interface DesignDocOptions {
  bytes: number;
  /** Names of terms to write into the prose. */
  names: string[];
  /** Share of words that are term names. */
  termRate?: number;
  /** Plain prose only (no headings, code or URLs): for comparing matchers on equal terms. */
  plain?: boolean;
  seed?: number;
}

/**
 * A design document that uses the notes' terms among filler words. Filler words are
 * invented words whose key is no word of any name nor of any other spelling the matcher
 * holds for it (`concerns unding` of "concerns under": a filler "und" beside "concerns" was
 * matched), so the only matches in the text are the names written into it (as the notes
 * spell them).
 */
export function designDoc(options: DesignDocOptions): { text: string; termOffsets: number[] } {
  const random = prng(options.seed ?? 99);
  const nameWordKeys = new Set<string>();
  for (const name of options.names) {
    for (const spelling of [name, ...nameVariants(name)]) for (const word of words(spelling)) nameWordKeys.add(wordKey(word.text));
  }
  const filler: string[] = [];
  const seen = new Set<string>();
  while (filler.length < 4000) {
    const word = inventedWord(random);
    const key = wordKey(word);
    if (nameWordKeys.has(key) || seen.has(key)) continue;
    seen.add(key);
    filler.push(word);
  }
  // As in English, the commonest words are the shortest.
  filler.sort((a, b) => a.length - b.length);
  const fillerZipf = new Zipf(filler.length, 1);
  const names = options.names.filter((n) => n.trim() !== '');
  const nameZipf = new Zipf(names.length, 0.8);
  const termRate = options.termRate ?? 0.08;
  const chunks: string[] = [];
  const termOffsets: number[] = [];
  let length = 0;
  let paragraph = 0;
  const add = (text: string) => {
    chunks.push(text);
    length += text.length;
  };
  while (length < options.bytes) {
    if (!options.plain && paragraph % 8 === 0) add(`## ${capitalise(filler[fillerZipf.draw(random)])} ${filler[fillerZipf.draw(random)]}\n\n`);
    const item = !options.plain && chance(random, 0.3);
    let paragraphText = item ? '- ' : '';
    for (let s = between(random, 2, 6); s > 0; s--) {
      const separator = chance(random, 0.1) ? ', ' : ' ';
      let previousWasName = false;
      for (let w = between(random, 8, 22); w > 0; w--) {
        // In plain mode two names never stand side by side: the matcher would read `fan` and
        // `out` as `fan-out` (spaces and hyphens are alike to it), a RegExp of names would not.
        if (chance(random, termRate) && !(options.plain && previousWasName)) {
          previousWasName = true;
          termOffsets.push(length + paragraphText.length);
          paragraphText += names[nameZipf.draw(random)];
        } else {
          previousWasName = false;
          paragraphText += filler[fillerZipf.draw(random)];
        }
        paragraphText += w > 1 ? separator : '.';
      }
      if (!options.plain && chance(random, 0.05)) paragraphText += ` https://example.com/${filler[fillerZipf.draw(random)]}`;
      paragraphText += s > 1 ? ' ' : '';
    }
    add(`${paragraphText}\n\n`);
    if (!options.plain && chance(random, 0.03)) add('```ts\nconst x = run(config);\n```\n\n');
    paragraph++;
  }
  return { text: chunks.join(''), termOffsets };
}

/** Terms of the shared pool from the commonest (rank 0) on: names that the generated notes define. */
export function poolTerms(fromRank: number, toRank: number): string[] {
  return buildPools().terms.slice(fromRank, toRank);
}
