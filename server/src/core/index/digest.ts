// A note's digest: what the index keeps of a note read from a file, made from the parsed
// note as plain data, so that a worker thread that parsed the note can send it to the index.

import type { Note, SectionPath } from '../model';
import { detach } from '../text/lines';
import { cachedPhraseKey } from '../text/rememberedKeys';
import { extrasOf, flagsOf, storedForm, textFormOf, type DefinitionExtras } from './storedNote';
import { countTopicWords, type TopicSource } from './topicWords';
import { noteWords } from './wordLists';

/**
 * What the index keeps of a note read from a file (see NotesIndex.add). Definitions without
 * a key (no words) are left out; `ordinals` says where each one stands in the note's model.
 */
export interface NoteDigest {
  uri: string;
  hash: string;
  length: number;
  /** See TEXT_FORM. */
  textForm: number;
  numbers: Int32Array;
  /** The details of the note's definitions (see storedForm). */
  details: Uint8Array;
  keys: string[];
  ordinals: number[];
  terms: string[];
  texts: string[];
  /** Per definition: its place in sectionPaths. */
  paths: number[];
  sectionPaths: SectionPath[];
  flags: number[];
  extras: (DefinitionExtras | null)[];
  /** The word keys of the note's prose (see noteWords). */
  words: string[];
  /** Its definitions' content words, counted (see countTopicWords): keys, and per key its count. */
  topicKeys: string[];
  topicCounts: Int32Array;
}

/** A note's digest, from the note and the text it was parsed from (which must be storable). */
export function digestNote(note: Note, text: string): NoteDigest {
  const digest: NoteDigest = {
    uri: note.uri, hash: note.hash, length: text.length, textForm: textFormOf(note, text), ...storedForm(note),
    keys: [], ordinals: [], terms: [], texts: [], paths: [], sectionPaths: [], flags: [], extras: [], words: noteWords(note),
    topicKeys: [], topicCounts: new Int32Array(0),
  };
  const filed: TopicSource[] = [];
  // The parser shares one path among a section's definitions; the copies are shared the same way.
  const pathNumbers = new Map<SectionPath, number>();
  for (const [ordinal, definition] of note.definitions.entries()) {
    const key = cachedPhraseKey(definition.term);
    if (!key) continue;
    let pathNumber = pathNumbers.get(definition.sectionPath);
    if (pathNumber === undefined) pathNumbers.set(definition.sectionPath, (pathNumber = digest.sectionPaths.push(definition.sectionPath.map(detach)) - 1));
    digest.keys.push(key);
    digest.ordinals.push(ordinal);
    digest.terms.push(detach(definition.term));
    digest.texts.push(detach(definition.text));
    digest.paths.push(pathNumber);
    digest.flags.push(flagsOf(definition));
    digest.extras.push(extrasOf(definition) ?? null);
    filed.push(definition);
  }
  const topic = countTopicWords(filed);
  digest.topicKeys = topic.keys;
  digest.topicCounts = topic.counts;
  return digest;
}
