// A definition that opens by naming its field in parentheses ("_feature_: (ML) input variable
// to a model", "_match_: (Rust) exhaustive pattern matching", a glossary's "Epoch: (ML) one
// pass over the data") gives the sense the word has in that field, as a dictionary's "(law)"
// or an encyclopaedia's "Feature (machine learning)" does. In a doc that never names the
// field, that sense is not the one meant: such a definition does not apply there.

import type { IndexedDefinition, TermEntry } from '../index/notesIndex';
import { forEachWord, wordKey } from '../text/normalize';

/** `(ML)`, `(data structures)`, `(event storming)`: a name of one to three words, no list. */
const FIELD = /^\(([^(),;:]{1,40})\)\s/u;
const MAX_FIELD_WORDS = 3;

/** The word keys of the field a definition names at its head, or undefined when it names none. */
export function fieldOf(definition: Pick<IndexedDefinition, 'text'>): string[] | undefined {
  const found = FIELD.exec(definition.text);
  if (!found) return undefined;
  const keys: string[] = [];
  forEachWord(found[1], 0, found[1].length, (start, end) => void keys.push(wordKey(found[1].slice(start, end))));
  return keys.length > 0 && keys.length <= MAX_FIELD_WORDS ? keys : undefined;
}

/** True when every definition of the entry names a field and the text names none of those fields. */
export function namesNoFieldOf(text: string, entry: TermEntry): boolean {
  let keys: Set<string> | undefined;
  for (const definition of entry.definitions) {
    const field = fieldOf(definition);
    if (!field) return false;
    keys ??= documentWordKeys(text);
    if (field.every((key) => keys!.has(key))) return false;
  }
  return entry.definitions.length > 0;
}

// A scan asks for every occurrence of a doc: its words' keys are kept for the last text.
let lastDocument: { text: string; keys: Set<string> } | undefined;

function documentWordKeys(text: string): Set<string> {
  if (lastDocument?.text === text) return lastDocument.keys;
  const keys = new Set<string>();
  const seen = new Set<string>();
  forEachWord(text, 0, text.length, (start, end) => {
    const word = text.slice(start, end);
    if (seen.has(word)) return;
    seen.add(word);
    keys.add(wordKey(word));
  });
  lastDocument = { text, keys };
  return keys;
}
