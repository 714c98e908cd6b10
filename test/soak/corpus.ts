// Seeded material for the soak test: notes in the notes dialect, design docs that use their
// terms, and the random text that edits insert (dialect fragments, prose, hostile Unicode).
// The same seed gives the same notes and the same edits, so a failure can be replayed.

/** A small, fast PRNG (mulberry32): good enough to pick edits, and reproducible from a seed. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** One of the choices, each as likely as its weight. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [choice, weight] of choices) {
      roll -= weight;
      if (roll < 0) return choice;
    }
    return choices[choices.length - 1][0];
  }
}

const WORDS = [
  'cache', 'queue', 'shard', 'replica', 'saga', 'outbox', 'gateway', 'broker', 'ledger', 'circuit', 'breaker',
  'bulkhead', 'throttle', 'lease', 'quorum', 'consensus', 'gossip', 'partition', 'tenant', 'sidecar', 'mesh',
  'event', 'snapshot', 'projection', 'read', 'write', 'path', 'hot', 'cold', 'storage', 'retry', 'budget',
  'timeout', 'deadline', 'canary', 'rollout', 'feature', 'flag', 'schema', 'migration', 'index', 'bloom',
  'filter', 'rate', 'limiter', 'token', 'bucket', 'leader', 'election', 'vector', 'clock', 'log', 'compaction',
  'tombstone', 'handoff', 'merkle', 'tree', 'hashing', 'load', 'shedding', 'cell', 'strangler', 'fig', 'layer',
  'ports', 'adapters', 'modular', 'plugin', 'pool', 'worker', 'fanout', 'idempotent', 'backoff', 'jitter',
];

const FILLER = [
  'the', 'a', 'when', 'every', 'service', 'request', 'data', 'team', 'deploy', 'users', 'slow', 'fast', 'under',
  'load', 'we', 'keep', 'one', 'per', 'region', 'before', 'after', 'fails', 'works', 'until', 'traffic', 'grows',
  'costs', 'more', 'than', 'expected', 'db', 'svc', 'req', 'w/', 'vs.', 'e.g.', 'i.e.', 'bc', 'n', 'hw/sw',
];

const ACRONYMS: readonly (readonly [string, string])[] = [
  ['CQRS', 'command query responsibility segregation'], ['WAL', 'write-ahead log'], ['LSM', 'log-structured merge'],
  ['CDC', 'change data capture'], ['SLO', 'service level objective'], ['RPO', 'recovery point objective'],
  ['MVCC', 'multi-version concurrency control'], ['DLQ', 'dead letter queue'],
];

const AREAS = ['# ⠎ PATTERNS', '# 💡 HEURISTICS', '# ➖ SERVERLESS', '# 🟨 ZA', '# DATA', '# 🧱 INFRA'];
const LABELS = ['KLEPPMANN', 'UNCLE BOB', 'ROADMAPS', 'FACTORS', 'WALKTHROUGHS', 'COMPATIBILITY https://example.org/compat'];
const FACETS = ['benefits', 'drawbacks', 'sink', 'communcation'];
const HOSTS = ['news.ycombinator.com/item?id=', 'example.org/post/', 'blog.example.com/20', 'www.youtube.com/watch?v='];
const BOOKS = ['📙 Kleppmann [112]', '📙 Getting Real [42]', '[Kleppmann 4.128]', '[11]', '📙 Kleppmann 1.18', '📻 DHH (STT)'];

/** The terms the notes define, shared between notes so that one term has definitions in several. */
export function termPool(random: Random, size: number): string[] {
  const terms = new Set<string>();
  while (terms.size < size) {
    const words = random.int(1, 3);
    terms.add(Array.from({ length: words }, () => random.pick(WORDS)).join(' '));
  }
  return [...terms];
}

export function url(random: Random): string {
  return `https://${random.pick(HOSTS)}${random.int(1, 99_999)}`;
}

export function prose(random: Random, words: number, terms: readonly string[] = []): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(terms.length > 0 && random.chance(0.15) ? random.pick(terms) : random.pick(random.chance(0.5) ? WORDS : FILLER));
  return out.join(' ');
}

/** One definition line, in any of the dialect's forms. */
export function definitionLine(random: Random, terms: readonly string[]): string {
  const term = random.pick(terms);
  const text = () => prose(random, random.int(0, 12), terms);
  const source = () => (random.chance(0.5) ? ` ${url(random)}` : '') + (random.chance(0.3) ? ` ${random.pick(BOOKS)}` : '');
  switch (random.int(0, 6)) {
    case 0: {
      const [acronym, expansion] = random.pick(ACRONYMS);
      return random.chance(0.5) ? `* _${acronym} (${expansion})_: ${text()}${source()}` : `* _${acronym}_: ${expansion}${source()}`;
    }
    case 1:
      return `* _${term}_: aka ${random.pick(terms)} ${text()}${source()}`;
    case 2:
      return `* ${term}: ${text()}`;
    case 3:
      return `* _${random.pick(FACETS)}_: ${text()}${source()}`;
    case 4:
      return `* _${term}_:`;
    default:
      return `* _${term}_: ${text()}${source()}`;
  }
}

/** A note in the dialect: areas, topics, labels, definitions with their continuations, quotes, links, an inbox below `---`. */
export function note(random: Random, terms: readonly string[], noteNames: readonly string[]): string {
  const lines: string[] = [];
  if (random.chance(0.3)) lines.push('# ⛩️', '');
  const areas = random.int(1, 3);
  for (let a = 0; a < areas; a++) {
    lines.push(random.pick(AREAS), '');
    const topics = random.int(1, 4);
    for (let t = 0; t < topics; t++) {
      lines.push(`## ${random.pick(terms)}`, '');
      if (random.chance(0.3)) lines.push(`* = ${random.pick(terms)}, ${random.pick(terms)}`);
      if (random.chance(0.3)) lines.push(`🗄️ \`${random.pick(noteNames)}\` ${random.pick(WORDS)}`);
      const items = random.int(2, 8);
      for (let i = 0; i < items; i++) {
        const roll = random.int(0, 9);
        if (roll === 0) lines.push(random.pick(LABELS));
        if (roll <= 5) lines.push(definitionLine(random, terms));
        else if (roll === 6) lines.push(`> ${prose(random, random.int(3, 20), terms)} - ${url(random)}`);
        else if (roll === 7) lines.push(`* aka ${random.pick(terms)} (from ${random.pick(WORDS)})`);
        else if (roll === 8) lines.push(`* ${prose(random, random.int(1, 4))} ${url(random)}`);
        else lines.push('```sh', `curl ${url(random)} # _${random.pick(terms)}_: not a definition`, '```');
      }
      if (random.chance(0.4)) {
        lines.push('', '---', '');
        for (let i = random.int(1, 4); i > 0; i--) lines.push(`* ${prose(random, random.int(0, 3))} ${url(random)}`);
      }
      lines.push('');
    }
  }
  return lines.join('\n') + '\n';
}

/** A design doc: prose that uses the notes' terms (and acronyms), with headings, links and code. */
export function designDoc(random: Random, terms: readonly string[]): string {
  const lines = [`# Design: ${prose(random, 3)}`, ''];
  for (let s = random.int(3, 6); s > 0; s--) {
    lines.push(`## ${prose(random, random.int(1, 4))}`, '');
    for (let p = random.int(1, 3); p > 0; p--) {
      const sentence = prose(random, random.int(20, 60), terms) + (random.chance(0.3) ? ` ${random.pick(ACRONYMS)[0]}` : '');
      lines.push(random.chance(0.2) ? `${sentence} [${random.pick(terms)}](${url(random)})` : sentence, '');
    }
    if (random.chance(0.2)) lines.push('```', `${random.pick(terms)} = ${random.int(0, 9)}`, '```', '');
  }
  return lines.join('\n');
}

/**
 * Characters that break naive text handling: lone surrogates, NUL, BOM, lone CR, CRLF,
 * bidi and zero-width controls, combining marks, astral emoji, CJK, the mojibake of `’`.
 */
const HOSTILE = [
  '\uD800', '\uDC00', '\u0000', '\uFEFF', '\r', '\r\n', '\u202E', '\u2066', '\u200B', '\u0301', '😀', '⛩️',
  '进步', 'â€™', '\u0007', '\u2028', '\t', '\\', '_', '*', '`', '[', ']', '(', ')', '<a onclick=x>', '](command:x)',
];

export function garbage(random: Random, length: number): string {
  let out = '';
  while (out.length < length) {
    const roll = random.int(0, 9);
    if (roll < 6) out += random.pick(HOSTILE);
    else if (roll < 8) out += String.fromCharCode(random.int(0x20, 0xffff));
    else out += String.fromCodePoint(random.int(0x10000, 0x10ffff));
  }
  return out;
}

/** Text that an edit inserts: a definition, a dialect fragment, prose, or hostile characters. */
export function insertion(random: Random, terms: readonly string[], noteNames: readonly string[]): string {
  switch (random.weighted([['definition', 4], ['fragment', 3], ['prose', 3], ['garbage', 2], ['lines', 1]] as const)) {
    case 'definition':
      return `${definitionLine(random, terms)}\n`;
    case 'fragment':
      return random.pick([
        '## ', '# ', '* ', '> ', '_', '**', '[', '](', ')', '`', '```\n', '\n---\n', '\n', `${url(random)} `, random.pick(BOOKS),
        `🗄️ \`${random.pick(noteNames)}\``, `\n${random.pick(LABELS)}\n`, '* = ', `_${random.pick(terms)}_`, `## ${random.pick(terms)}\n`,
      ]);
    case 'prose':
      return prose(random, random.int(1, 15), terms);
    case 'garbage':
      return garbage(random, random.int(1, 12));
    default:
      return note(random, terms, noteNames).split('\n').slice(0, random.int(2, 12)).join('\n');
  }
}
