import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeNote, encodeNote, NoteCacheFolder } from '../../server/src/core/cache';
import type { Note } from '../../server/src/core/model';
import { parseNote } from '../../server/src/core/parser';
import { NotesWorkspace, type NoteCache } from '../../server/src/core/workspace';

const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');
const seedText = fs.readFileSync(path.join(fixtures, 'architecture.md'), 'utf8');
const damagedText = fs.readFileSync(path.join(fixtures, 'architecture.raw.md'), 'utf8');

describe('note cache on disk', () => {
  let scratch: string;
  let notesFolder: string;
  let cacheFolder: string;

  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'an-cache-'));
    notesFolder = path.join(scratch, 'notes');
    cacheFolder = path.join(scratch, 'cache');
    fs.mkdirSync(notesFolder, { recursive: true });
  });

  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  /** Parses a note as the workspace would, and stores it in a cache that is then flushed. */
  function cacheNote(file: string, text: string, version = 'v1'): Note {
    const note = parseNote(pathToFileURL(file).toString(), text);
    const cache = new NoteCacheFolder(cacheFolder, { parserVersion: version });
    cache.set(file, text, note);
    cache.flush();
    return note;
  }

  const shardFiles = () => fs.readdirSync(cacheFolder).map((f) => path.join(cacheFolder, f));

  it('gives back exactly what a fresh parse gives, for the seed and its damaged copy', () => {
    for (const [name, text] of [['architecture.md', seedText], ['damaged.md', damagedText]]) {
      const file = path.join(notesFolder, name);
      cacheNote(file, text);
      const cached = new NoteCacheFolder(cacheFolder, { parserVersion: 'v1' }).get(file, text);
      assert.ok(cached, `${name} is found after a restart`);
      assert.deepStrictEqual(cached, parseNote(pathToFileURL(file).toString(), text));
    }
  });

  it('keeps objects shared between a note and its definitions shared', () => {
    const note = parseNote('file:///notes/architecture.md', seedText);
    const decoded = decodeNote(encodeNote(note));
    const definition = decoded.definitions.find((d) => d.links.length > 0)!;
    assert.ok(decoded.links.includes(definition.links[0]), 'a definition link is the same object as in note.links');
    const section = decoded.sections.find((s) => s.name === 'semantics')!;
    assert.equal(decoded.definitions.find((d) => d.term === 'monolith' && d.kind === 'term')!.sectionPath, section.path, 'section paths are shared');
    // And the encoding is well under plain JSON (keys once, ranges as numbers, shared objects once).
    assert.ok(encodeNote(note).length < JSON.stringify(note).length * 0.5);
  });

  it('misses when the text changed, and when another parser version wrote the cache', () => {
    const file = path.join(notesFolder, 'architecture.md');
    cacheNote(file, seedText);
    assert.equal(new NoteCacheFolder(cacheFolder, { parserVersion: 'v1' }).get(file, seedText + '\n* _new term_: added\n'), undefined);
    assert.equal(new NoteCacheFolder(cacheFolder, { parserVersion: 'v2' }).get(file, seedText), undefined);
    assert.equal(new NoteCacheFolder(cacheFolder, { parserVersion: 'v1' }).get(path.join(notesFolder, 'other.md'), seedText), undefined);
  });

  it('ignores a corrupt cache: garbage, a torn write, a garbled entry', () => {
    const file = path.join(notesFolder, 'architecture.md');
    cacheNote(file, seedText);
    const [shard] = shardFiles();
    const good = fs.readFileSync(shard, 'utf8');
    const [header, entry] = good.split('\n');
    const [hash, name] = entry.split('\t');
    const note = parseNote(pathToFileURL(file).toString(), seedText);
    const entryOf = (json: string) => `${header}\n${hash}\t${name}\t${json}\n`;
    const damaged = [
      Buffer.from([0xff, 0x00, 0x13, 0x37]).toString('latin1'),
      good.slice(0, Math.floor(good.length / 2)),
      `${header}\n${entry.slice(0, entry.length - 200)}\n`,
      `${header}\n${entry.replace(/\[-3,\d+\]/, '[-3,99999]')}\n`,
      `${header}\n${entry.replace(/\[-2,\d+,\d+,\d+,\d+\]/, '[-2,1]')}\n`,
      entryOf(encodeNote({ ...note, uri: 1 } as unknown as Note)),
      entryOf(encodeNote({ ...note, definitions: 'none' } as unknown as Note)),
      entryOf(encodeNote({ ...note, hash: '0'.repeat(40) })),
      `${header.replace('"format":1', '"format":0')}\n${entry}\n`,
    ];
    for (const content of damaged) {
      fs.writeFileSync(shard, content);
      assert.equal(new NoteCacheFolder(cacheFolder, { parserVersion: 'v1' }).get(file, seedText), undefined, content.slice(0, 60));
    }
    // A corrupt shard is replaced by the next write, and then found again.
    cacheNote(file, seedText);
    assert.ok(new NoteCacheFolder(cacheFolder, { parserVersion: 'v1' }).get(file, seedText));
  });

  it('keeps the entries still found valid when a shard is written again, and drops stale ones', () => {
    const a = path.join(notesFolder, 'a.md');
    const b = path.join(notesFolder, 'b.md');
    const first = new NoteCacheFolder(cacheFolder, { parserVersion: 'v1' });
    first.set(a, 'A\n* _alpha_: one\n', parseNote(pathToFileURL(a).toString(), 'A\n* _alpha_: one\n'));
    first.set(b, 'B\n* _beta_: two\n', parseNote(pathToFileURL(b).toString(), 'B\n* _beta_: two\n'));
    first.flush();
    // A restart where a.md is unchanged and b.md changed.
    const second = new NoteCacheFolder(cacheFolder, { parserVersion: 'v1' });
    assert.ok(second.get(a, 'A\n* _alpha_: one\n'));
    assert.equal(second.get(b, 'B\n* _beta_: changed\n'), undefined);
    second.set(b, 'B\n* _beta_: changed\n', parseNote(pathToFileURL(b).toString(), 'B\n* _beta_: changed\n'));
    second.flush();
    const third = new NoteCacheFolder(cacheFolder, { parserVersion: 'v1' });
    assert.ok(third.get(a, 'A\n* _alpha_: one\n'));
    assert.equal(third.get(b, 'B\n* _beta_: two\n'), undefined);
    assert.equal(third.get(b, 'B\n* _beta_: changed\n')?.definitions[0].text, 'changed');
  });

  it('keeps what an earlier flush wrote when the same folder is written again', () => {
    const cache = new NoteCacheFolder(cacheFolder, { parserVersion: 'v1' });
    const texts = ['* _alpha_: one\n', '* _beta_: two\n', '* _gamma_: three\n'];
    const files = texts.map((_, i) => path.join(notesFolder, `n${i}.md`));
    // A change, a write; another change, another write (as edits after a full index do).
    cache.set(files[0], texts[0], parseNote(pathToFileURL(files[0]).toString(), texts[0]));
    cache.flush();
    cache.set(files[1], texts[1], parseNote(pathToFileURL(files[1]).toString(), texts[1]));
    cache.flush();
    cache.set(files[2], texts[2], parseNote(pathToFileURL(files[2]).toString(), texts[2]));
    cache.flush();
    const restarted = new NoteCacheFolder(cacheFolder, { parserVersion: 'v1' });
    files.forEach((file, i) => assert.ok(restarted.get(file, texts[i]), `${path.basename(file)} is still cached`));
  });

  it('never throws when the folder cannot be written', () => {
    const blocked = path.join(scratch, 'a-file');
    fs.writeFileSync(blocked, 'not a folder');
    const messages: string[] = [];
    const cache = new NoteCacheFolder(path.join(blocked, 'cache'), { parserVersion: 'v1', log: (m) => messages.push(m) });
    const file = path.join(notesFolder, 'architecture.md');
    assert.equal(cache.get(file, seedText), undefined);
    cache.set(file, seedText, parseNote(pathToFileURL(file).toString(), seedText));
    cache.flush();
    assert.equal(messages.length, 1, 'the failure is logged once');
  });

  it('lets a workspace restart from the cache: nothing parsed again, the same index', async () => {
    for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(notesFolder, `n${i}.md`), `# AREA\n## topic ${i}\n* _term ${i}_: text https://example.com/${i}\n`);
    fs.writeFileSync(path.join(notesFolder, 'architecture.md'), seedText);
    const settings = { entries: [notesFolder], baseFolders: [], ignoreTerms: [], maxFileBytes: 5 * 1024 * 1024 };

    const counting = (inner: NoteCache) => {
      const counts = { hits: 0, misses: 0 };
      const cache: NoteCache = {
        get: (file, text) => {
          const note = inner.get(file, text);
          if (note) counts.hits++;
          else counts.misses++;
          return note;
        },
        set: (file, text, note) => inner.set(file, text, note),
        flush: () => inner.flush?.(),
      };
      return { cache, counts };
    };

    const cold = counting(new NoteCacheFolder(cacheFolder, { parserVersion: 'v1' }));
    const first = new NotesWorkspace({ cache: cold.cache });
    await first.configure(settings);
    assert.deepEqual(cold.counts, { hits: 0, misses: 6 });

    const warm = counting(new NoteCacheFolder(cacheFolder, { parserVersion: 'v1' }));
    const second = new NotesWorkspace({ cache: warm.cache });
    await second.configure(settings);
    assert.deepEqual(warm.counts, { hits: 6, misses: 0 });
    assert.deepEqual(second.index.snapshot(), first.index.snapshot());
  });
});
