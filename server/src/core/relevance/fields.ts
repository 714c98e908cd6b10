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

/**
 * True when a definition gives a word a tool's own sense: it writes code (`` `Error() string` ``,
 * `time.Time`, `PlaceOrder`) or names a product or person beside the word ("Gerrit's unit of
 * review", "a TiKV instance"). An everyday word so defined ("error", "time", "change") is a
 * name in that tool's vocabulary, as a field marker makes it one in a field's.
 */
export function givesToolSense(definition: Pick<IndexedDefinition, 'text' | 'format'>): boolean {
  // A concept note's first paragraph is prose about its concept, whose examples name products
  // ("a registry such as Consul or etcd") and code ("`testing/quick`"): its title is judged
  // as a vault's title (commonness.ts isVaultTitleWord).
  if (definition.format === 'concept') return false;
  const text = definition.text;
  // Code, a field's name at the head, or the release of a tool it came with ("(3.10)").
  if (text.includes('`') || FIELD.test(text) || /\((?:since |v)?\d+(?:\.\d+)+\)/.test(text)) return true;
  // An identifier: dotted (`time.Time`), called (`Error()`) or in camel case (`PlaceOrder`, `leaderTransfer`).
  if (/\b\p{L}+\.\p{L}+\b|\w\(\)|\b\p{Ll}+\p{Lu}\w*|\b\p{Lu}\p{Ll}+\p{Lu}\w*/u.test(text)) return true;
  // A proper name after the first word: capitalised, then lower case (acronyms such as TCP
  // name techniques as often as products).
  const rest = text.replace(/^\s*\S+/, '');
  return /(?:^|[\s(])\p{Lu}\p{Ll}{2,}/u.test(rest);
}

/** True when every definition of the entry gives its name a tool's sense (see givesToolSense). */
export function givesOnlyToolSenses(entry: TermEntry): boolean {
  return entry.definitions.length > 0 && entry.definitions.every(givesToolSense);
}
