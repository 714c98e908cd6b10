// Repair of "mojibake": UTF-8 text that was once decoded as Windows-1252 (or Latin-1) and
// saved again as UTF-8. Every non-ASCII character then shows up as a run of Latin-1/cp1252
// characters, one per byte of its UTF-8 form: `’` (E2 80 99) becomes `â€™`, `📙`
// (F0 9F 93 99) becomes `ðŸ“™`. Re-encoding such a run to cp1252 bytes and decoding the bytes
// as UTF-8 gives the character back.
//
// Windows-1252 has no characters for the bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D, so a decoder
// drops them; and 0xAD decodes to an invisible soft hyphen, which later editing strips. A run
// that lost one of those bytes is one byte short (`â“` for `❓`, E2 9D 93). We put each lost
// byte back at each position and keep what decodes; when several characters fit we rank them
// and report the spot instead of pretending to know.
//
// The other half of the job is leaving clean text alone. Clean UTF-8 text contains the same
// characters the damage produces (`é`, `…`, `»`, `ß`), and some of their pairings are valid
// UTF-8 byte sequences too: `café…”` re-encodes to a CJK ideograph. We only repair a run when
// it cannot also be read as an accented letter ending a word followed by punctuation, unless
// the same line shows damage that cannot be read any other way (see `mayBeWordEnding` in repair/damagedRuns.ts).
//
// This file puts the steps together and builds the repaired text with its offset map; the
// steps live in repair/: the bytes behind the characters (cp1252Bytes), finding damaged runs
// (damagedRuns), the characters that fit a run that lost a byte (characterTraits,
// characterFit, ideographs, documentFacts, lostBytes) and the order of the candidates at an
// ambiguous spot (ambiguityRanking).

import { rankAmbiguities } from './repair/ambiguityRanking';
import { hasLeadFollowedByContinuation, NOT_FROM_CP1252 } from './repair/cp1252Bytes';
import { findBareLeads, findSpots, type Spot } from './repair/damagedRuns';
import { DocumentFacts } from './repair/documentFacts';
import { cleanHanSetsOf } from './repair/ideographs';
import { resolveLostBytes } from './repair/lostBytes';
import { lastAtOrBefore, Lines } from './repair/textPositions';

export interface RepairEdit {
  /** UTF-16 offsets into the input. */
  originalStart: number;
  originalEnd: number;
  replacement: string;
}

export interface Ambiguity {
  /** UTF-16 offsets into the input. */
  originalStart: number;
  originalEnd: number;
  /** The characters that fit, best first; `text` holds the first. */
  candidates: string[];
}

export interface RepairResult {
  /** The repaired text; identical (===) to the input when nothing was damaged. */
  text: string;
  changed: boolean;
  /** Certain repairs. */
  repairs: RepairEdit[];
  /** Spots where several characters fit; `text` holds candidates[0] there. */
  ambiguities: Ambiguity[];
  /**
   * Maps an offset in `text` to the corresponding offset in the input (for ranges on disk).
   * Monotonic; maps text.length to input.length. An offset inside a replacement maps to the
   * start of the damaged run it replaced.
   */
  toOriginalOffset(offset: number): number;
}

/** Repairs mojibake anywhere in `input`. Never throws; returns the input itself when clean. */
export function repairEncoding(input: string): RepairResult {
  try {
    if (!hasLeadFollowedByContinuation(input)) return unchanged(input);
    return repairDamaged(input);
  } catch {
    // A bug here must not take the notes down with it: unrepaired text is still usable.
    return unchanged(input);
  }
}

/** Whether repairEncoding would change `input`. Cheap for clean text (one regular-expression scan). */
export function looksDamaged(input: string): boolean {
  return hasLeadFollowedByContinuation(input) && repairEncoding(input).changed;
}

// ---------------------------------------------------------------------------------------
// Putting it together

function repairDamaged(input: string): RepairResult {
  const lines = new Lines(input);
  const found = findSpots(input, lines);

  // Lines showing damage that clean text cannot show. Damage hits whole stretches of text, so
  // on such lines the clean-looking runs are damage too, and so are lone accented capitals
  // (two-byte sequences that lost their only continuation) — provided the line holds nothing
  // a cp1252 decoder could not have produced, as a wholly damaged line does.
  const unmistakable = found.filter((spot) => !spot.wordEnding);
  const cleanHanSets = cleanHanSetsOf(input);
  resolveLostBytes(input, unmistakable, new DocumentFacts(input, unmistakable, lines, cleanHanSets));
  const damagedLines = new Set<number>();
  // Each line is read once: a long line that holds an emoji never becomes damaged, and
  // testing it again for each of its spots would be quadratic.
  const judgedLines = new Set<number>();
  for (const spot of unmistakable) {
    if (spot.likely.length === 0 || judgedLines.has(spot.line)) continue;
    judgedLines.add(spot.line);
    if (!NOT_FROM_CP1252.test(lines.text(spot.line))) damagedLines.add(spot.line);
  }

  const spots = [
    ...unmistakable,
    ...found.filter((spot) => spot.wordEnding && damagedLines.has(spot.line)),
    ...findBareLeads(input, lines, damagedLines),
  ].sort((a, b) => a.start - b.start);
  const doc = new DocumentFacts(input, spots, lines, cleanHanSets);
  resolveLostBytes(input, spots, doc);
  const accepted = spots.filter((spot) => spot.likely.length > 0);
  if (accepted.length === 0) return unchanged(input);
  rankAmbiguities(input, accepted, new DocumentFacts(input, accepted, lines, cleanHanSets));
  return assemble(input, accepted);
}

function assemble(input: string, spots: readonly Spot[]): RepairResult {
  const repairs: RepairEdit[] = [];
  const ambiguities: Ambiguity[] = [];
  const parts: string[] = [];
  const textStarts: number[] = [];
  const textEnds: number[] = [];
  const originalStarts: number[] = [];
  const originalEnds: number[] = [];
  let copiedUpTo = 0;
  let textLength = 0;
  for (const spot of spots) {
    const replacement = String.fromCodePoint(spot.likely[0]);
    parts.push(input.slice(copiedUpTo, spot.start), replacement);
    textLength += spot.start - copiedUpTo;
    textStarts.push(textLength);
    textLength += replacement.length;
    textEnds.push(textLength);
    originalStarts.push(spot.start);
    originalEnds.push(spot.end);
    copiedUpTo = spot.end;
    if (spot.likely.length === 1) {
      repairs.push({ originalStart: spot.start, originalEnd: spot.end, replacement });
    } else {
      ambiguities.push({
        originalStart: spot.start,
        originalEnd: spot.end,
        candidates: spot.likely.map((codePoint) => String.fromCodePoint(codePoint)),
      });
    }
  }
  parts.push(input.slice(copiedUpTo));
  const text = parts.join('');

  const toOriginalOffset = (offset: number): number => {
    const at = clampOffset(offset, text.length);
    // The last edit starting at or before `at`.
    const found = lastAtOrBefore(textStarts, at);
    if (found < 0) return at;
    if (at < textEnds[found]) return originalStarts[found];
    return originalEnds[found] + (at - textEnds[found]);
  };
  return { text, changed: true, repairs, ambiguities, toOriginalOffset };
}

function unchanged(input: string): RepairResult {
  return {
    text: input,
    changed: false,
    repairs: [],
    ambiguities: [],
    toOriginalOffset: (offset) => clampOffset(offset, input.length),
  };
}

function clampOffset(offset: number, length: number): number {
  if (!(offset > 0)) return 0; // also NaN
  return offset > length ? length : Math.floor(offset);
}
