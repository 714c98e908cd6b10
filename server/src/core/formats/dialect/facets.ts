// Facets: generic words (`benefits`, `drawbacks`, `sink`) that describe their section's topic
// rather than name a term of their own. A definition of one is a facet, not a term.

import { detach } from '../../text/lines';
import { boundedEditDistance, phraseKey, spellingKey } from '../../text/normalize';
import { NON_ASCII } from './matching';
import type { ParseState } from './parseState';

/** Generic words that describe their section's topic rather than name a term of their own. */
export const FACET_WORDS = [
  'benefits', 'drawbacks', 'sink', 'communication', 'advantages', 'disadvantages', 'pros', 'cons',
  'tradeoffs', 'trade-offs', 'examples', 'types', 'costs', 'notes', 'links', 'misc', 'resources',
  'alternatives', 'tooling', 'tools', 'overview', 'summary', 'references', 'todo',
];
// Spelling keys: a facet word is recognised as written, plural or misspelled, not by its stem.
const FACET_KEYS = FACET_WORDS.map(spellingKey);

const facetAnswers = new Map<string, boolean>();

/** A facet by its key, tolerating one slip in longer words (`communcation`). */
export function isFacet(term: string): boolean {
  // Every definition asks, and the same terms come back note after note: answers are kept.
  let facet = facetAnswers.get(term);
  if (facet === undefined) {
    const key = spellingKey(term);
    facet = FACET_KEYS.some((facetKey) => facetKey === key || (key.length >= 8 && mayBeOneSlipFrom(facetKey, key) && boundedEditDistance(facetKey, key, 1) <= 1));
    if (facetAnswers.size >= 50_000) facetAnswers.clear();
    facetAnswers.set(detach(term), facet); // a copy: a cut of the note would keep its whole text alive
  }
  return facet;
}

/**
 * False when `key` is surely more than one edit from the ASCII `facetKey`: its length, or for
 * an ASCII key the stretch where the two differ, says so, where boundedEditDistance first
 * copies both words into code points. A new term is met at every definition of a cold index,
 * and is checked against every facet word. (Edits count code points: a key of fewer code
 * units has no more code points, and an ASCII key's code units are its code points.)
 */
function mayBeOneSlipFrom(facetKey: string, key: string): boolean {
  if (key.length < facetKey.length - 1) return false;
  if (NON_ASCII.test(key)) return true;
  if (key.length > facetKey.length + 1) return false;
  // Within one edit (a swap of neighbours included), two words differ only in a stretch of
  // at most two characters of each: what is left between their common start and common end.
  let start = 0;
  const shorter = Math.min(key.length, facetKey.length);
  while (start < shorter && key.charCodeAt(start) === facetKey.charCodeAt(start)) start++;
  let keyEnd = key.length;
  let facetEnd = facetKey.length;
  while (keyEnd > start && facetEnd > start && key.charCodeAt(keyEnd - 1) === facetKey.charCodeAt(facetEnd - 1)) {
    keyEnd--;
    facetEnd--;
  }
  return keyEnd - start <= 2 && facetEnd - start <= 2;
}

/** `term` is a facet: a word of FACET_WORDS, or one of the extra words that the settings add (keys). */
export function isFacetTerm(term: string, extraFacetKeys: readonly string[]): boolean {
  return isFacet(term) || (extraFacetKeys.length > 0 && extraFacetKeys.includes(phraseKey(term)));
}

/** Notes the facet `word`, which stands at `wordStart` of `line`; it ends a definition's run. */
export function addFacet(state: ParseState, word: string, wordStart: number, line: number): void {
  state.note.facets.push({ word, range: state.lineRange(line, wordStart, wordStart + word.length), sectionPath: state.path() });
  state.owner = undefined;
}
