// Keys of names and words, remembered: the same terms are defined in many notes and a note's
// prose is mostly words met before, while a key costs a tokenisation. An index pass asks for
// the same keys over and over; the index lets them go once done (see forgetRememberedKeys).
// Here in text/ rather than with the index, so that the parser that reads a term and the
// index that files it find its key once between them.

import { phraseKey, wordKey } from './normalize';
import { detach } from './lines';

/** A key function whose answers for recent texts are remembered, up to `limit` of them. */
export function rememberedKeys(limit: number, keyOf: (text: string) => string): ((text: string) => string) & { clear(): void } {
  const known = new Map<string, string>();
  const remembered = (text: string): string => {
    let key = known.get(text);
    if (key === undefined) {
      if (known.size >= limit) known.clear();
      key = detach(keyOf(text));
      // Copies: a cut of a note's text kept here would keep the whole text alive (see detach).
      known.set(detach(text), key);
    }
    return key;
  };
  return Object.assign(remembered, { clear: () => known.clear() });
}

/** phraseKey, remembered for recent terms and names. */
export const cachedPhraseKey = rememberedKeys(100_000, phraseKey);

/** wordKey, remembered for recent words. */
export const cachedWordKey = rememberedKeys(200_000, wordKey);

/** Other memos of an index pass, let go of with the keys (see forgottenWithKeys). */
const alsoForgotten: (() => void)[] = [];

/** Lets go of what `clear` clears whenever the remembered keys are let go of. */
export function forgottenWithKeys(clear: () => void): void {
  alsoForgotten.push(clear);
}

/** Lets go of every remembered key. */
export function forgetRememberedKeys(): void {
  cachedPhraseKey.clear();
  cachedWordKey.clear();
  for (const clear of alsoForgotten) clear();
}
