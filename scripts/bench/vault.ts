// The benchmark's second corpus: a vault of concept notes as Obsidian, Foam, zk and Dendron
// users keep them (docs/FORMATS.md), generated from a seeded PRNG like the dialect corpus
// (corpus.ts), whose prose words and term pool it draws from.
//
// Most notes are concepts: one note per term, named by frontmatter `title`, a leading `# `
// heading or the file name, with aliases written as a flow list, a block list, a comma string
// or a single `alias:`, tags as lists, strings or inline `#tags`, a description in the
// frontmatter or as the body's first paragraph, and wikilinks to other notes (`[[Note]]`,
// `[[Note|shown]]`, `[[Note#Heading]]`, a few that lead nowhere). Around them: meeting notes
// whose headings (Decisions, Action items) are structure, not terms; daily notes named by
// their date; maps of content; and every hundredth note a glossary page (bold leads and a
// table). Wikilinks point at notes with a Zipf law, so a few hub notes are linked from many.
//
// Note i depends only on i and the vault's size (its links), so the plan of a note (its kind,
// file, title, aliases) is known without writing it: the bench's design doc and the unit test
// (test/core/benchVault.test.ts) read the intent from `planVaultNote` and `generateVaultNote`.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { isLabelWord } from '../../server/src/core/formats/glossary/entries';
import {
  benchResultsFolder, between, buildPools, capitalise, chance, gaussian, pick, prng, Zipf, type Corpus, type Random,
} from './corpus';

/** Bump when the generator's output changes, so that cached vaults are rebuilt. */
export const VAULT_GENERATOR_VERSION = 1;
const VAULT_SEED = 20_251_205;
/** Mean size of a concept note in bytes: real vault notes are short, a few paragraphs. */
const MEAN_CONCEPT_BYTES = 2_400;
/** Every hundredth note (from note 7 on) is a glossary page. */
const GLOSSARY_EVERY = 100;
const GLOSSARY_OFFSET = 7;

export type VaultNoteKind = 'concept' | 'meeting' | 'journal' | 'hub' | 'glossary';

/** What a note is meant to be, known from its number alone. */
export interface VaultNotePlan {
  index: number;
  kind: VaultNoteKind;
  /** The file, relative to the vault's folder. */
  file: string;
  /** The term the note itself defines (undefined for a glossary page: its title names the page). */
  title?: string;
  /** Its other names, as the frontmatter gives them. */
  aliases: string[];
  /** How another note's wikilink names it: its title or its file name. */
  linkName: string;
  /** A concept note's layout: file named by its title, by a zk timestamp or by a Dendron hierarchy. */
  style?: 'obsidian' | 'zk' | 'dendron';
  /** Whether the note has frontmatter. */
  frontmatter: boolean;
}

/** A written note and what a reader should find in it. */
export interface VaultNote extends VaultNotePlan {
  text: string;
  /** The glossary entries of a glossary page, in order. */
  glossaryTerms: string[];
  /** Headings in the body (`## Decisions`): the note's structure, never terms. */
  headings: string[];
  /** Wikilinks to notes (not embeds of images), in order: the name written and the note it leads to (none for a link to a note nobody wrote). */
  wikilinks: { target: string; note?: number }[];
}

// ---- what notes draw from -------------------------------------------------------------------

interface VaultPools {
  tags: string[];
  teams: string[];
  people: string[];
  hosts: string[];
}

let vaultPools: VaultPools | undefined;

function buildVaultPools(): VaultPools {
  if (vaultPools) return vaultPools;
  const p = buildPools();
  const random = prng(VAULT_SEED);
  const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const tags = [...new Set(p.topics.slice(0, 200).map(slug).filter((t) => /^[a-z][a-z0-9-]{2,20}$/.test(t) && yamlScalar(t) === t))].slice(0, 40);
  const teams = [...new Set(Array.from({ length: 30 }, () => capitalise(pick(random, p.invented))))];
  const people = [...new Set(Array.from({ length: 40 }, () => capitalise(pick(random, p.invented))))];
  const hosts = ['en.wikipedia.org', 'martinfowler.com', 'github.com', 'www.youtube.com', 'news.ycombinator.com', 'docs.aws.amazon.com', 'learn.microsoft.com', 'arxiv.org'];
  vaultPools = { tags, teams, people, hosts };
  return vaultPools;
}

const zipfByCount = new Map<number, Zipf>();
/** Link targets over a vault of `count` notes: a few hubs, a long tail. */
function linkZipf(count: number): Zipf {
  let zipf = zipfByCount.get(count);
  if (!zipf) zipfByCount.set(count, (zipf = new Zipf(count, 0.9, 20)));
  return zipf;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** Day i after 2015-01-01: a date of its own for every note number. */
function dateOf(i: number): { iso: string; words: string } {
  const date = new Date(Date.UTC(2015, 0, 1) + i * 86_400_000);
  return { iso: date.toISOString().slice(0, 10), words: `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}` };
}

/** A term of the shared pool as a note's title: acronyms as they are, else title case or sentence case. */
function asTitle(term: string, random: Random): string {
  if (/^[A-Z]+$/.test(term)) return term;
  const words = term.split(' ');
  return chance(random, 0.5) ? words.map(capitalise).join(' ') : [capitalise(words[0]), ...words.slice(1)].join(' ');
}

/** Names YAML would read as something other than a string (`no`, `null`) or that start with a YAML mark are quoted. */
function yamlScalar(text: string): string {
  if (/^(?:y|n|yes|no|true|false|on|off|null|~)$/i.test(text) || /^[-?:,\[\]{}#&*!|>'"%@`\d]/.test(text) || /[:#]/.test(text)) return JSON.stringify(text);
  return text;
}

const uncapitalise = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

function noteRandom(i: number, salt: number): Random {
  return prng(VAULT_SEED ^ Math.imul(i + 1, 0x9e3779b1) ^ salt);
}

// ---- the plan of a note --------------------------------------------------------------------

const planCache = new Map<number, VaultNotePlan>();

/** Note i's kind, file, title and aliases: what other notes need to link to it. */
export function planVaultNote(i: number): VaultNotePlan {
  const cached = planCache.get(i);
  if (cached) return cached;
  const plan = makePlan(i);
  if (planCache.size > 50_000) planCache.clear();
  planCache.set(i, plan);
  return plan;
}

function makePlan(i: number): VaultNotePlan {
  const random = noteRandom(i, 0x51a7);
  const p = buildPools();
  const v = buildVaultPools();
  const date = dateOf(i);
  if (i % GLOSSARY_EVERY === GLOSSARY_OFFSET) {
    const area = capitalise(p.topics[(i * 13) % p.topics.length]);
    // The areas come round again after `period` pages (past 10,000 notes): the later rounds
    // are numbered, so that no two pages share a file.
    const page = Math.floor(i / GLOSSARY_EVERY);
    const period = p.topics.length / gcd((13 * GLOSSARY_EVERY) % p.topics.length, p.topics.length);
    const round = Math.floor(page / period);
    const name = round === 0 ? `${area} glossary` : `${area} glossary ${round + 1}`;
    return { index: i, kind: 'glossary', file: `glossary/${name}.md`, aliases: [], linkName: name, frontmatter: true };
  }
  const roll = random();
  if (roll < 0.12) {
    const team = pick(random, v.teams);
    const base = `${date.iso} ${team} sync`;
    return { index: i, kind: 'meeting', file: `meetings/${base}.md`, title: `${team} sync, ${date.words}`, aliases: [], linkName: base, frontmatter: chance(random, 0.7) };
  }
  if (roll < 0.21) return { index: i, kind: 'journal', file: `journal/${date.iso}.md`, title: date.iso, aliases: [], linkName: date.iso, frontmatter: false };
  if (roll < 0.26) {
    const title = `${asTitle(p.terms[(40_000 + i) % p.terms.length], random)} overview`;
    return { index: i, kind: 'hub', file: `maps/${title}.md`, title, aliases: [], linkName: title, frontmatter: chance(random, 0.6) };
  }

  // A concept: the i-th term of the pool, so titles never repeat.
  const term = p.terms[i % p.terms.length];
  const title = asTitle(term, random);
  const acronym = /^[A-Z]+$/.test(title);
  const styleRoll = random();
  const style = styleRoll < 0.8 ? 'obsidian' : styleRoll < 0.92 ? 'zk' : 'dendron';
  // zk and Dendron notes always carry frontmatter (their title is there); an acronym note too:
  // `# CQRS` over `## See also` with nothing else would look like the dialect's areas.
  const frontmatter = style !== 'obsidian' || acronym || chance(random, 0.75);
  const aliases: string[] = [];
  if (frontmatter && chance(random, 0.6)) {
    const words = term.split(/[ -]/);
    const wanted = between(random, 1, 3);
    const candidates = [
      words.length >= 2 ? words.map((w) => w[0]).join('').toUpperCase() : '',
      !acronym && !term.endsWith('s') ? `${term}s` : '',
      p.terms[p.terms.length - 1 - (i % 20_000)],
      `${term} pattern`,
    ].filter((a) => a.length >= 2 && a.toLowerCase() !== title.toLowerCase());
    for (const candidate of candidates) if (aliases.length < wanted && chance(random, 0.7)) aliases.push(candidate);
  }
  const tag = pick(random, v.tags);
  if (style === 'zk') {
    const stamp = `${date.iso.replace(/-/g, '')}${String(between(random, 8, 19)).padStart(2, '0')}${String(between(random, 0, 59)).padStart(2, '0')}`;
    return { index: i, kind: 'concept', style, file: `zk/${stamp}.md`, title, aliases, linkName: chance(random, 0.5) ? title : stamp, frontmatter };
  }
  if (style === 'dendron') {
    const slug = term.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || `note-${i}`;
    const base = `${tag}.${slug}`;
    return { index: i, kind: 'concept', style, file: `dendron/${base}.md`, title, aliases, linkName: base, frontmatter };
  }
  return { index: i, kind: 'concept', style, file: `concepts/${tag}/${title}.md`, title, aliases, linkName: title, frontmatter };
}

// ---- the text of a note --------------------------------------------------------------------

/** Note i of a vault of `count` notes: its text and what a reader should find in it. */
export function generateVaultNote(i: number, count: number): VaultNote {
  const plan = planVaultNote(i);
  const random = noteRandom(i, 0x7e47);
  const p = buildPools();
  const v = buildVaultPools();
  const out: string[] = [];
  let bytes = 0;
  const emit = (line: string) => {
    out.push(line);
    bytes += Buffer.byteLength(line) + 1;
  };
  const headings: string[] = [];
  const heading = (text: string) => {
    headings.push(text);
    emit(`## ${text}`);
  };
  const wikilinks: VaultNote['wikilinks'] = [];

  const word = (): string => (chance(random, 0.9) ? p.prose.draw(random) : p.invented[p.inventedZipf.draw(random)]);
  /** A wikilink to another note of the vault, in one of the spellings people use; a few lead nowhere. */
  const wikilink = (): string => {
    if (chance(random, 0.02)) {
      const target = `${capitalise(pick(random, p.invented))} ${pick(random, ['draft', 'ideas', 'someday'])}`;
      wikilinks.push({ target });
      return `[[${target}]]`;
    }
    let j = linkZipf(count).draw(random);
    if (j === i) j = (j + 1) % count;
    if (j === i) return word();
    const target = planVaultNote(j);
    wikilinks.push({ target: target.linkName, note: j });
    const roll = random();
    if (roll < 0.2 && target.title) return `[[${target.linkName}|${target.title.toLowerCase()}]]`;
    if (roll < 0.28) return `[[${target.linkName}#${pick(random, ['See also', 'Examples', 'Notes'])}]]`;
    return `[[${target.linkName}]]`;
  };
  const url = (): string => `https://${pick(random, v.hosts)}/${Array.from({ length: between(random, 1, 3) }, word).join('-')}`;
  const tagName = (): string => pick(random, v.tags);
  /** A sentence of prose, with now and then a wikilink, a link or an inline tag. */
  const sentence = (links = true): string => {
    const parts: string[] = [];
    for (let n = between(random, 6, 22); n > 0; n--) {
      const roll = random();
      if (links && roll < 0.035) parts.push(wikilink());
      else if (links && roll < 0.04) parts.push(url());
      else parts.push(word());
    }
    parts[0] = capitalise(parts[0]);
    return `${parts.join(' ')}${chance(random, 0.05) ? ` #${tagName()}` : ''}.`;
  };
  const paragraph = (min: number, max: number, links = true): string => Array.from({ length: between(random, min, max) }, () => sentence(links)).join(' ');
  const bullet = (): string => {
    const roll = random();
    if (roll < 0.35) return `- ${wikilink()}${chance(random, 0.6) ? ` ${paragraph(1, 1, false).replace(/\.$/, '').toLowerCase()}` : ''}`;
    if (roll < 0.55) return `- ${paragraph(1, 1, false).replace(/\.$/, '')}: ${url()}`;
    return `- ${sentence()}`;
  };

  let glossaryTerms: string[] = [];
  switch (plan.kind) {
    case 'concept':
      writeConcept();
      break;
    case 'meeting':
      writeMeeting();
      break;
    case 'journal':
      writeJournal();
      break;
    case 'hub':
      writeHub();
      break;
    case 'glossary':
      glossaryTerms = writeGlossary();
      break;
  }
  return { ...plan, text: out.join('\n') + '\n', glossaryTerms, headings, wikilinks };

  function frontmatterTags(tags: string[]): void {
    const roll = random();
    if (roll < 0.35) emit(`tags: [${tags.join(', ')}]`);
    else if (roll < 0.6) {
      emit('tags:');
      for (const tag of tags) emit(`  - ${tag}`);
    } else if (roll < 0.75) emit(`tags: ${tags.join(' ')}`);
    else if (roll < 0.85) emit(`tags: ${tags.join(', ')}`);
    else emit(`keywords: [${tags.join(', ')}]`);
  }

  function writeConcept(): void {
    const title = plan.title!;
    const tags = [...new Set([chance(random, 0.7) ? 'concept' : tagName(), ...Array.from({ length: between(random, 0, 2) }, tagName)])];
    if (chance(random, 0.1)) tags.push(`concept/${tagName()}`);
    const inlineTags = !plan.frontmatter;
    if (plan.frontmatter) {
      emit('---');
      if (plan.style === 'dendron') emit(`id: ${Math.floor(random() * 2 ** 48).toString(36)}`);
      if (plan.style !== 'obsidian' || chance(random, 0.25)) emit(`title: ${yamlScalar(title)}`);
      if (plan.style === 'zk') emit(`date: ${dateOf(i).iso} ${between(random, 8, 19)}:${String(between(random, 0, 59)).padStart(2, '0')}`);
      if (plan.aliases.length > 0) {
        const roll = random();
        if (plan.aliases.length === 1 && roll < 0.2) emit(`alias: ${yamlScalar(plan.aliases[0])}`);
        else if (roll < 0.5) emit(`aliases: [${plan.aliases.map(yamlScalar).join(', ')}]`);
        else if (roll < 0.8) {
          emit('aliases:');
          for (const alias of plan.aliases) emit(`  - ${yamlScalar(alias)}`);
        } else emit(`aliases: ${yamlScalar(plan.aliases.join(', '))}`);
      }
      if (chance(random, 0.85)) frontmatterTags(tags);
      const described = random();
      if (described < 0.45) emit(`${described < 0.35 ? 'description' : described < 0.4 ? 'desc' : 'summary'}: ${yamlScalar(paragraph(1, 1, false))}`);
      if (chance(random, 0.4)) emit(`created: ${dateOf(i).iso}`);
      if (plan.style === 'dendron') emit(`updated: ${1_600_000_000_000 + i * 86_400_000}`);
      emit('---');
    }
    // A leading heading, as Foam writes it; more often in notes without frontmatter.
    if (chance(random, plan.frontmatter ? 0.4 : 0.6)) {
      emit(`# ${title}`);
      emit('');
    }
    if (inlineTags && chance(random, 0.5)) {
      emit(tags.map((t) => `#${t}`).join(' '));
      emit('');
    }
    if (chance(random, 0.05)) {
      emit(`![diagram](attachments/${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.png)`);
      emit('');
    }
    emit(paragraph(1, 3));
    emit('');
    const target = Math.min(20_000, Math.max(300, MEAN_CONCEPT_BYTES * Math.exp(0.6 * gaussian(random) - 0.18)));
    const sections = ['See also', 'Examples', 'Trade-offs', 'Notes', 'References', 'Related', 'Open questions', 'Background', 'When to use it'];
    while (bytes < target) {
      const roll = random();
      if (roll < 0.35) {
        emit(paragraph(2, 5));
        emit('');
      } else if (roll < 0.8) {
        heading(pick(random, sections));
        emit('');
        for (let k = between(random, 2, 6); k > 0; k--) emit(bullet());
        emit('');
      } else if (roll < 0.9) {
        emit(`> [!${pick(random, ['note', 'tip', 'warning', 'quote'])}] ${capitalise(word())} ${word()}`);
        emit(`> ${paragraph(1, 2, false)}`);
        emit('');
      } else if (roll < 0.95) {
        emit('```' + pick(random, ['ts', 'sql', 'yaml', 'sh']));
        for (let k = between(random, 1, 5); k > 0; k--) emit(`${word()}(${word()}, ${word()}) # ${word()} ${word()}`);
        emit('```');
        emit('');
      } else {
        emit(`![[${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${between(random, 1, 9)}.png]]`);
        emit('');
      }
    }
    if (inlineTags && chance(random, 0.4)) emit(tags.map((t) => `#${t}`).join(' '));
  }

  function writeMeeting(): void {
    if (plan.frontmatter) {
      emit('---');
      if (chance(random, 0.8)) emit(`tags: [meeting${chance(random, 0.3) ? `, ${tagName()}` : ''}]`);
      emit(`date: ${dateOf(i).iso}`);
      emit('---');
    }
    emit(`# ${plan.title}`);
    emit('');
    emit(`Attendees: ${Array.from({ length: between(random, 2, 6) }, () => pick(random, v.people)).join(', ')}.`);
    emit('');
    for (const section of ['Agenda', 'Notes', 'Decisions', 'Action items']) {
      if ((section === 'Agenda' || section === 'Notes') && chance(random, 0.4)) continue;
      heading(section);
      emit('');
      for (let k = between(random, 2, 7); k > 0; k--) {
        if (section === 'Action items') emit(`- [${chance(random, 0.3) ? 'x' : ' '}] ${pick(random, v.people)}: ${uncapitalise(sentence().replace(/\.$/, ''))}`);
        else if (section === 'Decisions' && chance(random, 0.3)) emit(`**Decision:** ${sentence()}`);
        else emit(bullet());
      }
      emit('');
    }
  }

  function writeJournal(): void {
    for (let k = between(random, 2, 12); k > 0; k--) emit(chance(random, 0.3) ? `- ${String(between(random, 7, 20)).padStart(2, '0')}:${String(between(random, 0, 59)).padStart(2, '0')} ${sentence()}` : bullet());
    if (chance(random, 0.3)) {
      emit('');
      heading('Links');
      emit('');
      for (let k = between(random, 1, 4); k > 0; k--) emit(`- ${url()}`);
    }
  }

  function writeHub(): void {
    if (plan.frontmatter) {
      emit('---');
      emit(`tags: ${chance(random, 0.5) ? '[moc]' : 'moc'}`);
      emit('---');
    }
    emit(`# ${plan.title}`);
    emit('');
    emit(paragraph(1, 2));
    emit('');
    heading('Notes');
    emit('');
    for (let k = between(random, 5, 30); k > 0; k--) emit(`- ${wikilink()}`);
  }

  /** A glossary page: bold leads in paragraphs and lists, and a table of terms. */
  function writeGlossary(): string[] {
    const terms: string[] = [];
    const seen = new Set<string>();
    const ordinal = Math.floor(i / GLOSSARY_EVERY);
    let k = 0;
    const nextTerm = (): string => {
      for (;;) {
        k++;
        let term: string;
        if (chance(random, 0.1)) {
          const concept = planVaultNote(linkZipf(count).draw(random));
          term = concept.kind === 'concept' ? concept.title! : '';
        } else {
          term = capitalise(p.terms[20_000 + ((ordinal * 97 + k) % 20_000)]);
        }
        if (!term || isLabelWord(term) || seen.has(term.toLowerCase())) continue;
        seen.add(term.toLowerCase());
        terms.push(term);
        return term;
      }
    };
    const definition = (): string => paragraph(1, 2, false).replace(/\|/g, ' ');
    emit('---');
    emit('tags: [glossary]');
    emit('---');
    emit(`# ${plan.linkName}`);
    emit('');
    emit(`Words we use in ${plan.linkName.replace(/ glossary$/, '').toLowerCase()}, and what we mean by them.`);
    emit('');
    heading('Core terms');
    emit('');
    for (let n = between(random, 8, 20); n > 0; n--) {
      const roll = random();
      if (roll < 0.5) emit(`**${nextTerm()}**: ${definition()}`);
      else if (roll < 0.75) emit(`**${nextTerm()}:** ${definition()}`);
      else emit(`**${nextTerm()}** — ${definition()}`);
      emit('');
    }
    heading('More terms');
    emit('');
    for (let n = between(random, 6, 20); n > 0; n--) emit(`- **${nextTerm()}** — ${definition()}`);
    emit('');
    if (chance(random, 0.5)) {
      // Headings under a glossary heading: each sub-heading a term, its paragraph the definition.
      heading('Key terms');
      emit('');
      for (let n = between(random, 3, 8); n > 0; n--) {
        emit(`### ${nextTerm()}`);
        emit('');
        emit(definition());
        emit('');
      }
    }
    heading('At a glance');
    emit('');
    emit('| Term | Definition |');
    emit('|---|---|');
    for (let n = between(random, 5, 15); n > 0; n--) emit(`| ${nextTerm()} | ${definition()} |`);
    return terms;
  }
}

// ---- the vault on disk ---------------------------------------------------------------------

interface VaultManifest {
  version: number;
  seed: number;
  count: number;
  files: string[];
  bytes: number;
}

/** The vault of `count` notes under bench-results/vault-N/, generated on first use and kept until the generator changes. */
export function ensureVault(count: number, root = benchResultsFolder()): Corpus {
  const folder = path.join(root, `vault-${count}`);
  const manifestFile = path.join(folder, 'manifest.json');
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as VaultManifest;
    if (manifest.version === VAULT_GENERATOR_VERSION && manifest.seed === VAULT_SEED && manifest.count === count) {
      const files = manifest.files.map((f) => path.join(folder, f));
      if (files.every((f) => fs.existsSync(f))) return { folder, files, bytes: manifest.bytes, generated: true };
    }
  } catch {
    // no vault yet, or an unreadable one: generate it
  }
  fs.rmSync(folder, { recursive: true, force: true });
  const relative: string[] = [];
  const taken = new Set<string>();
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const note = generateVaultNote(i, count);
    if (taken.has(note.file.toLowerCase())) throw new Error(`vault generator: two notes would be ${note.file}`);
    taken.add(note.file.toLowerCase());
    const file = path.join(folder, note.file);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, note.text);
    relative.push(note.file);
    bytes += Buffer.byteLength(note.text);
  }
  const manifest: VaultManifest = { version: VAULT_GENERATOR_VERSION, seed: VAULT_SEED, count, files: relative, bytes };
  fs.writeFileSync(manifestFile, JSON.stringify(manifest));
  return { folder, files: relative.map((f) => path.join(folder, f)), bytes, generated: true };
}

/**
 * Names a design doc about the vault's subjects uses: concept titles first (the linked hubs
 * are the low note numbers, so the doc's Zipf law favours them), then glossary terms, then
 * aliases; as prose writes them (lower case, acronyms kept).
 */
export function vaultTermNames(count: number): string[] {
  const titles: string[] = [];
  const aliases: string[] = [];
  const glossary: string[] = [];
  for (let i = 0; i < count; i++) {
    const plan = planVaultNote(i);
    if (plan.kind === 'concept') {
      titles.push(plan.title!);
      aliases.push(...plan.aliases);
    } else if (plan.kind === 'glossary' && glossary.length < 2000) {
      glossary.push(...generateVaultNote(i, count).glossaryTerms);
    }
  }
  const asWritten = (name: string) => (/^[A-Z]+$/.test(name) ? name : name.toLowerCase());
  return [...new Set([...titles, ...glossary, ...aliases].map(asWritten))];
}

/** The two letters that begin the most of these names: the longest list a completion makes. */
export function commonestPrefix(names: string[]): string {
  const counts = new Map<string, number>();
  for (const name of names) {
    const prefix = name.slice(0, 2).toLowerCase();
    if (/^[a-z]{2}$/.test(prefix)) counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'co';
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
