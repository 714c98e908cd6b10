// The bench's generated vault (scripts/bench/vault.ts) is read as it is meant to be: every note
// as a vault note, each concept, meeting, daily note and map of content as its one term with
// the aliases its frontmatter gives, a glossary page as its entries and not its title, meeting
// headings never as terms, and every wikilink leading to the note it names. Otherwise the
// bench would time a vault that the readers take for something else.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Note } from '../../server/src/core/model';
import { readNote } from '../../server/src/core/formats/readNote';
import { NotesIndex } from '../../server/src/core/index/notesIndex';
import { resolveWikilink } from '../../server/src/core/query/wikilinks';
import { commonestPrefix, generateVaultNote, planVaultNote, vaultTermNames, type VaultNote } from '../../scripts/bench/vault';

const COUNT = 400;
const uriOf = (file: string) => pathToFileURL(path.join(path.sep, 'vault', file)).href;

describe('bench vault: the generated notes read as intended', () => {
  let notes: VaultNote[];
  let read: Note[];
  let index: NotesIndex;

  before(() => {
    notes = Array.from({ length: COUNT }, (_, i) => generateVaultNote(i, COUNT));
    read = notes.map((note) => readNote(uriOf(note.file), note.text));
    index = new NotesIndex();
    for (const note of read) index.upsert(note);
  });

  it('holds every kind of note, every concept layout and every frontmatter spelling', () => {
    const kinds = new Map<string, number>();
    for (const note of notes) kinds.set(note.kind, (kinds.get(note.kind) ?? 0) + 1);
    assert.equal(kinds.get('glossary'), 4, 'a glossary page in every hundred notes');
    for (const kind of ['concept', 'meeting', 'journal', 'hub']) assert.ok((kinds.get(kind) ?? 0) >= 10, `${kind}: ${kinds.get(kind)}`);
    assert.ok(kinds.get('concept')! > COUNT * 0.6, 'most notes are concepts');
    const concepts = notes.filter((n) => n.kind === 'concept');
    for (const style of ['obsidian', 'zk', 'dendron']) assert.ok(concepts.some((n) => n.style === style), style);
    const some = (pattern: RegExp, what: string) => assert.ok(concepts.some((n) => pattern.test(n.text)), what);
    some(/^aliases: \[/m, 'aliases as a flow list');
    some(/^aliases:\n {2}- /m, 'aliases as a block list');
    some(/^aliases: [^[\n]+,/m, 'aliases as a comma string');
    some(/^alias: /m, 'a single alias');
    some(/^title: /m, 'a frontmatter title');
    some(/^(?:description|desc|summary): /m, 'a frontmatter description');
    some(/^tags: [a-z][^,[\n]* [a-z]/m, 'tags as a string of names');
    some(/^keywords: /m, 'keywords for tags');
    some(/(?:^|\s)#[a-z][a-z0-9-]+/m, 'inline tags');
    some(/\[\[[^\]|#]+\|[^\]]+\]\]/, 'a wikilink with shown text');
    some(/\[\[[^\]|#]+#[^\]]+\]\]/, 'a wikilink to a heading');
    assert.ok(concepts.some((n) => !n.frontmatter && !/^# /m.test(n.text)), 'a note named by its file alone');
    assert.ok(concepts.some((n) => !n.frontmatter && /^# /m.test(n.text)), 'a note named by its heading, without frontmatter');
  });

  it('reads every note as a vault note, never as the dialect', () => {
    for (const [i, note] of read.entries()) assert.ok(note.vault, `${notes[i].file} was read as the dialect`);
  });

  it('takes one term from each concept, meeting, daily note and map, with its aliases', () => {
    let aliases = 0;
    for (const [i, note] of notes.entries()) {
      if (note.kind === 'glossary') continue;
      const definitions = read[i].definitions;
      assert.deepEqual(definitions.map((d) => d.term), [note.title], `${note.file}: ${definitions.map((d) => d.term).join(', ')}`);
      assert.equal(definitions[0].format, 'concept');
      const found = new Set(definitions[0].aliases.map((a) => a.toLowerCase()));
      for (const alias of note.aliases) assert.ok(found.has(alias.toLowerCase()), `${note.file}: alias ${alias} missing from ${[...found].join(', ')}`);
      aliases += note.aliases.length;
    }
    assert.ok(aliases > 50, `${aliases} aliases`);
  });

  it('never makes a meeting note\'s headings terms', () => {
    const meetings = notes.filter((n) => n.kind === 'meeting');
    assert.ok(meetings.every((n) => n.headings.includes('Decisions') && n.headings.includes('Action items')));
    for (const heading of ['Decisions', 'Action items', 'Agenda', 'Notes', 'Decision']) {
      assert.deepEqual(index.lookupExact(heading).filter((entry) => entry.definitions.some((d) => meetings.some((m) => uriOf(m.file) === d.uri))), [], heading);
    }
  });

  it('reads a glossary page as its entries, not as its title', () => {
    for (const [i, note] of notes.entries()) {
      if (note.kind !== 'glossary') continue;
      const terms = read[i].definitions.map((d) => d.term);
      assert.ok(note.glossaryTerms.length >= 20, `${note.file}: ${note.glossaryTerms.length} entries`);
      assert.deepEqual([...terms].sort(), [...note.glossaryTerms].sort(), note.file);
      assert.ok(read[i].definitions.every((d) => d.format === 'glossary'), note.file);
      assert.ok(!terms.includes(note.linkName), `${note.file}: its title became a term`);
    }
  });

  it('finds each note by its aliases through the index', () => {
    for (const note of notes) {
      for (const alias of note.aliases) {
        const entries = index.lookupExact(alias);
        assert.ok(entries.some((entry) => entry.definitions.some((d) => d.uri === uriOf(note.file))), `${alias} → ${note.file}`);
      }
    }
  });

  it('leads every wikilink to the note it names, and the ones to notes nobody wrote nowhere', () => {
    let resolved = 0;
    let broken = 0;
    for (const [i, note] of notes.entries()) {
      const references = read[i].crossReferences.filter((r) => r.wikilink);
      assert.deepEqual(references.map((r) => r.file), note.wikilinks.map((w) => w.target), note.file);
      for (const [k, link] of note.wikilinks.entries()) {
        const target = resolveWikilink(index, references[k].file);
        if (link.note === undefined) {
          assert.equal(target, undefined, `${note.file}: [[${link.target}]] should lead nowhere`);
          broken++;
        } else {
          assert.equal(target?.uri, uriOf(notes[link.note].file), `${note.file}: [[${link.target}]]`);
          resolved++;
        }
      }
    }
    assert.ok(resolved > 500 && broken > 0, `${resolved} resolved, ${broken} broken`);
  });

  it('is deterministic: the same note for the same number, its plan whatever the vault\'s size', () => {
    assert.equal(generateVaultNote(123, COUNT).text, notes[123].text);
    const inLarger = generateVaultNote(57, 10 * COUNT);
    assert.deepEqual([inLarger.file, inLarger.title, inLarger.aliases], [notes[57].file, notes[57].title, notes[57].aliases]);
    assert.equal(planVaultNote(57).file, notes[57].file);
    const names = vaultTermNames(COUNT);
    assert.ok(names.length > COUNT * 0.6, `${names.length} names`);
    assert.match(commonestPrefix(names), /^[a-z]{2}$/);
  });
});
