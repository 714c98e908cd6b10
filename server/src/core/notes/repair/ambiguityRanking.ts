// Ranking the characters that remain likely at an ambiguous spot, so that the repaired text
// holds the best guess and the report lists the others after it.

import { BRACKET_OPENER } from './characterFit';
import { has, Trait } from './characterTraits';
import { candidatesOf, type Spot } from './damagedRuns';
import type { DocumentFacts } from './documentFacts';
import { lastAtOrBefore } from './textPositions';

/**
 * Orders the likely candidates of each ambiguous spot, best first:
 * 1. a closing bracket whose opener is open on the line (pairs are written together);
 * 2. characters the document already uses elsewhere (people reuse their symbols);
 * 3. characters close in code point to the characters repaired with certainty on the same
 *    line, or else anywhere in the document: Unicode allocates related characters together
 *    (office emoji next to office emoji, dingbats next to dingbats), so closeness to what the
 *    writer demonstrably uses is evidence;
 * 4. the LOST_BYTES order.
 */
export function rankAmbiguities(input: string, spots: readonly Spot[], doc: DocumentFacts): void {
  const visible = (codePoint: number) => !has(codePoint, Trait.Mark) && !has(codePoint, Trait.Format);
  const uses = new Map<number, number>();
  const pointsByLine = new Map<number, number[]>();
  let documentPoints: number[] = [];
  for (const spot of spots) {
    if (spot.likely.length !== 1) continue;
    const codePoint = spot.likely[0];
    uses.set(codePoint, (uses.get(codePoint) ?? 0) + 1);
    if (!visible(codePoint)) continue;
    documentPoints.push(codePoint);
    const onLine = pointsByLine.get(spot.line);
    if (onLine) onLine.push(codePoint);
    else pointsByLine.set(spot.line, [codePoint]);
  }
  documentPoints = [...new Set(documentPoints)].sort((a, b) => a - b);
  for (const [line, points] of pointsByLine) pointsByLine.set(line, [...new Set(points)].sort((a, b) => a - b));
  const cleanUses = new Map<number, number>();
  const usedCount = (codePoint: number) => {
    let clean = cleanUses.get(codePoint);
    if (clean === undefined) {
      clean = countOccurrences(input, String.fromCodePoint(codePoint));
      cleanUses.set(codePoint, clean);
    }
    return (uses.get(codePoint) ?? 0) + clean;
  };

  for (const spot of spots) {
    if (spot.likely.length < 2) continue;
    const reference = pointsByLine.get(spot.line) ?? documentPoints;
    const closesBracket = (codePoint: number) => {
      const opener = BRACKET_OPENER.get(codePoint);
      return opener !== undefined && doc.isBracketOpen(spot, opener, codePoint) ? 1 : 0;
    };
    const keys = new Map(
      candidatesOf(spot).map((candidate, index) => [
        candidate,
        { closes: closesBracket(candidate), used: usedCount(candidate), distance: nearestDistance(reference, candidate), index },
      ]),
    );
    const key = (codePoint: number) => keys.get(codePoint) ?? { closes: 0, used: 0, distance: Infinity, index: 0 };
    spot.likely = [...spot.likely].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      return y.closes - x.closes || y.used - x.used || x.distance - y.distance || x.index - y.index;
    });
  }
}

/** Distance from `value` to the nearest element of an ascending array (Infinity when empty). */
function nearestDistance(sorted: readonly number[], value: number): number {
  const below = lastAtOrBefore(sorted, value);
  const distances = [below >= 0 ? value - sorted[below] : Infinity, below + 1 < sorted.length ? sorted[below + 1] - value : Infinity];
  return Math.min(...distances);
}

function countOccurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}
