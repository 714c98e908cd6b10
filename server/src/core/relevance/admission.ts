// Term admission: which names may match prose on their own. A note may define `in` (SQL),
// `A` (a DNS record), `n`, `404` or a daily note's date; written alone in a design doc these are nearly always
// the ordinary word, letter or number, so they never match by themselves. They stay
// searchable (`define`, search, completion) and still match as part of a longer name
// (`IN clause`, `A record`, `HTTP 404`).

import { words } from '../text/normalize';
import { isFunctionWord } from './vocabulary';

const DIGITS = /^\p{Nd}+$/u;

/** True when a name (or a phrase written in a doc) may be matched on its own. */
export function isAdmittedName(name: string): boolean {
  const found = words(name);
  // A name of numbers only, a daily note's date (`2024-05-03`) or a version (`1.2.3`), is a number too.
  if (found.length !== 1) return found.length > 1 && !found.every((part) => DIGITS.test(part.text));
  const word = found[0].text;
  if ([...word].length === 1) return false;
  if (DIGITS.test(word)) return false;
  return !isFunctionWord(word);
}
