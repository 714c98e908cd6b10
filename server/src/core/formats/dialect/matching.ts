// Running the dialect's patterns over a line at the least cost: most lines lack what a
// construct needs, and are not searched for it.

/**
 * A character outside ASCII. Every marker of the dialect (📙, 🗄, 📍, …) lies outside ASCII: a
 * line of ASCII alone, as most are, is not searched for each of them.
 */
export const NON_ASCII = /[^\x00-\x7f]/;

/**
 * The matches of a global pattern in `text`, in order. `String.matchAll` copies the pattern on
 * each call and steps through an iterator, which cost more than the search itself on the lines
 * of a note; this runs the pattern itself from the start. None of our patterns matches the empty
 * string, so each search moves on.
 */
export function allMatches(pattern: RegExp, text: string): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) found.push(match);
  return found;
}
