import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { NotesIndex, type Mention } from '../../server/src/core/index/notesIndex';
import { STOP_WORDS } from '../../server/src/core/index/wordLists';
import type { Note } from '../../server/src/core/model';
import { boundedEditDistance, wordKey, words } from '../../server/src/core/text/normalize';
import { parseNote } from '../../server/src/core/formats/dialect/parser';

/**
 * Mentions as first written: every word of every line tokenised, every indexed word compared
 * for a near spelling, every mentioning line collected, then lines with links first. The
 * index answers with shortcuts (probes, spelling buckets, an early stop); this is what they
 * must agree with.
 */
function referenceMentions(notes: Note[], phrase: string, limit: number, wanted: (mention: Mention) => boolean = () => true): Mention[] {
  const vocabulary = new Set<string>();
  for (const note of notes) for (const line of note.lines) for (const word of words(line.text)) {
    const key = wordKey(word.text);
    if (key.length > 0 && !STOP_WORDS.has(key)) vocabulary.add(key);
  }
  const similar = (key: string) => {
    const found = new Set<string>();
    if (vocabulary.has(key)) found.add(key);
    if (key.length >= 5) for (const word of vocabulary) if (Math.abs(word.length - key.length) <= 1 && word !== key && boundedEditDistance(word, key, 1) <= 1) found.add(word);
    return found;
  };
  const queryWords = words(phrase).map((w) => wordKey(w.text)).filter((k) => k.length > 0);
  if (queryWords.length === 0) return [];
  const significant = queryWords.filter((k) => !STOP_WORDS.has(k));
  const expanded = (significant.length > 0 ? significant : queryWords).map(similar);
  if (expanded.some((set) => set.size === 0)) return [];
  const found: Mention[] = [];
  for (const note of [...notes].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0))) {
    for (const line of note.lines) {
      const present = new Set(words(line.text).map((w) => wordKey(w.text)));
      if (!expanded.every((alternatives) => [...alternatives].some((word) => present.has(word)))) continue;
      const sectionPath = note.sections.filter((s) => s.range.start.line <= line.line && line.line <= s.range.end.line).pop()?.path ?? [];
      const mention = { uri: note.uri, line, links: note.links.filter((l) => l.range.start.line === line.line), sectionPath };
      if (wanted(mention)) found.push(mention);
    }
  }
  found.sort((a, b) => Number(b.links.length > 0) - Number(a.links.length > 0));
  return found.slice(0, limit);
}

// Words that fold onto each other (plurals, possessives, `ies`), near spellings, and forms
// whose key is not their ASCII lower case (accents, fullwidth letters, curly apostrophes).
const VOCABULARY = [
  'cache', 'caches', 'Cache’s', 'query', 'queries', 'cookie', 'cookies', 'database', 'databases', 'databse',
  'monolith', 'monoliths', 'Monolith', 'monolth', 'café', 'cafe', 'ｃａｃｈｅ', 'naïve', 'naive', 'shard', 'sharding',
  'resiliency', 'resilency', 'similar', 'simlar', 'the', 'and', 'with', 'SPoF', "SPoF's", 'C++', 'sql.js', '参考', 'über', 'uber',
  // Letters outside the Basic Multilingual Plane: two Deseret words one edit apart, `shar𐐨` one
  // edit from `shard`, and a Fraktur word that NFKC folds to `cache`.
  '𐐨𐐯𐐪𐐯𐐻', '𐐨𐐯𐐪𐐯𐐼', '𝔠𝔞𝔠𝔥𝔢', 'shar𐐨',
];

const line = fc.tuple(
  fc.array(fc.constantFrom(...VOCABULARY), { minLength: 1, maxLength: 8 }),
  fc.boolean(),
  fc.constantFrom('* ', '> ', '', '* _cache_: '),
).map(([chosen, link, lead]) => `${lead}${chosen.join(' ')}${link ? ' https://example.com/x' : ''}`);
// Now and then a heading, so that lines stand in sections.
const lineOrHeading = fc.oneof({ weight: 6, arbitrary: line }, { weight: 1, arbitrary: fc.constantFrom('# AREA', '## topic', '## sharding') });
const simplify = (mentions: Mention[]) => mentions.map((m) => ({ uri: m.uri, line: m.line.line, links: m.links.map((l) => l.url), section: m.sectionPath.join(' › ') }));

describe('mentions', () => {
  it('finds what a line-by-line scan of every note finds, in the same order', () => {
    fc.assert(fc.property(
      fc.array(fc.array(lineOrHeading, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 6 }),
      fc.array(fc.constantFrom(...VOCABULARY), { minLength: 1, maxLength: 3 }),
      fc.constantFrom(1, 3, 20, 50),
      (noteLines, query, limit) => {
        const index = new NotesIndex();
        const notes = noteLines.map((lines, i) => parseNote(`file:///notes/n${i}.md`, lines.join('\n') + '\n'));
        for (const note of notes) index.upsert(note);
        const phrase = query.join(' ');
        assert.deepEqual(simplify(index.mentions(phrase, limit)), simplify(referenceMentions(notes, phrase, limit)), phrase);
        const quotedOrLinked = (m: Mention) => m.links.length > 0 || m.line.kind === 'quote';
        assert.deepEqual(simplify(index.quotedOrLinkedMentions(phrase, limit)), simplify(referenceMentions(notes, phrase, limit, quotedOrLinked)), phrase);
      },
    ), { numRuns: 300 });
  });

  it('finds the same in notes kept as stored notes (their raw lines read before any parse), with links or not', () => {
    // Raw lines hold more than prose: markup, and URLs whose words must not hide or add a mention.
    const rawLine = fc.tuple(lineOrHeading, fc.constantFrom('', ' https://example.com/cache-shard', ' `code sharding`', ' [link](https://example.com/monolith)'))
      .map(([text, extra]) => text + extra);
    fc.assert(fc.property(
      fc.array(fc.array(rawLine, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 6 }),
      fc.array(fc.constantFrom(...VOCABULARY), { minLength: 1, maxLength: 3 }),
      fc.constantFrom(1, 3, 20),
      (noteLines, query, limit) => {
        const whole = new NotesIndex();
        const stored = new NotesIndex();
        noteLines.forEach((lines, i) => {
          const uri = `file:///notes/n${i}.md`;
          const text = lines.join('\n') + '\n';
          whole.upsert(parseNote(uri, text));
          stored.upsert(parseNote(uri, text), { text, read: () => text });
        });
        const phrase = query.join(' ');
        assert.deepEqual(simplify(stored.mentions(phrase, limit)), simplify(whole.mentions(phrase, limit)), phrase);
        assert.deepEqual(simplify(stored.quotedOrLinkedMentions(phrase, limit)), simplify(whole.quotedOrLinkedMentions(phrase, limit)), phrase);
        const linked = simplify(whole.mentions(phrase, 1000)).filter((m) => m.links.length > 0);
        assert.deepEqual(simplify([...stored.linkedMentions(phrase)]), linked, phrase);
      },
    ), { numRuns: 300 });
  });

  it('finds near spellings after notes are replaced and removed', () => {
    const index = new NotesIndex();
    index.upsert(parseNote('file:///notes/a.md', '* resiliency https://example.com/a\n'));
    index.upsert(parseNote('file:///notes/b.md', '* resilency https://example.com/b\n'));
    assert.deepEqual(index.mentions('resiliency').map((m) => m.uri), ['file:///notes/a.md', 'file:///notes/b.md']);
    index.upsert(parseNote('file:///notes/b.md', '* nothing here https://example.com/b\n'));
    assert.deepEqual(index.mentions('resiliency').map((m) => m.uri), ['file:///notes/a.md']);
    index.remove('file:///notes/a.md');
    assert.deepEqual(index.mentions('resiliency'), []);
  });
});
