// Finding the damaged runs ("spots") of a text: runs of characters whose cp1252 bytes make
// one UTF-8 sequence, whole or one byte short, and telling them from clean text that happens
// to hold the same characters (an accented letter ending a word, then punctuation).

import { isLetter, isUppercase } from './characterTraits';
import { byteOf, decodeUtf8, isContinuationUnit, LEAD_THEN_CONTINUATION, LOST_BYTES, sequenceLength } from './cp1252Bytes';
import { codePointAt, codePointBefore, type Lines } from './textPositions';

/** A run of input characters that re-encodes to one (possibly incomplete) UTF-8 sequence. */
export interface Spot {
  start: number;
  end: number;
  /** Zero-based line of `start`. */
  line: number;
  /** The bytes present: the lead and the continuations that survived. */
  bytes: number[];
  /** A whole sequence: exactly one candidate and nothing to guess. */
  complete: boolean;
  /**
   * Characters the bytes can stand for, in LOST_BYTES order when a byte was lost; worked out
   * on first use (see candidatesOf), since most clean-looking runs are never looked at again.
   */
  candidates: readonly number[] | undefined;
  /** Whether clean text could contain this run as an accented word ending plus punctuation. */
  wordEnding: boolean;
  /** After resolution: the candidates that are likely in their context, ranked. */
  likely: readonly number[];
}

function readSpot(input: string, lines: Lines, start: number, allowBareLead: boolean): Spot | undefined {
  const lead = input.charCodeAt(start);
  if (lead < 0xc2 || lead > 0xf4) return undefined;
  const length = sequenceLength(lead);
  const bytes = [lead];
  let end = start + 1;
  while (bytes.length < length && end < input.length && isContinuationUnit(input.charCodeAt(end))) {
    bytes.push(byteOf(input.charCodeAt(end)));
    end++;
  }
  if (bytes.length === length) {
    const codePoint = decodeUtf8(bytes);
    if (codePoint < 0) return undefined;
    return makeSpot(input, lines, start, end, bytes, true, [codePoint]);
  }
  // Exactly one byte short. A two-byte sequence short of its only continuation is a lone
  // accented capital, which clean text is full of; it is only considered on damaged lines.
  if (bytes.length !== length - 1 || (bytes.length === 1 && !allowBareLead)) return undefined;
  return makeSpot(input, lines, start, end, bytes, false, undefined);
}

function makeSpot(input: string, lines: Lines, start: number, end: number, bytes: number[], complete: boolean, candidates: readonly number[] | undefined): Spot {
  const line = lines.lineOf(start);
  const spot: Spot = { start, end, line, bytes, complete, candidates, wordEnding: false, likely: candidates ?? [] };
  spot.wordEnding = mayBeWordEnding(input, spot);
  return spot;
}

export function candidatesOf(spot: Spot): readonly number[] {
  if (spot.candidates) return spot.candidates;
  // Damaged text repeats the same few runs; their candidates are worked out once and shared.
  // There are at most some 21,000 incomplete byte runs, so this stays small.
  const key = bytesKeyOf(spot.bytes);
  let candidates = CANDIDATES_BY_BYTES.get(key);
  if (!candidates) CANDIDATES_BY_BYTES.set(key, (candidates = withOneLostByte(spot.bytes)));
  spot.candidates = candidates;
  return candidates;
}

const CANDIDATES_BY_BYTES = new Map<number, readonly number[]>();

/** A number that tells apart the byte runs of incomplete spots (a lead and at most two continuations). */
export function bytesKeyOf(bytes: readonly number[]): number {
  return (bytes.length << 24) | (bytes[0] << 16) | ((bytes[1] ?? 0) << 8) | (bytes[2] ?? 0);
}

function withOneLostByte(bytes: readonly number[]): number[] {
  const found: number[] = [];
  const sequence: number[] = [];
  for (const lost of LOST_BYTES) {
    for (let position = 1; position <= bytes.length; position++) {
      sequence.length = 0;
      for (let i = 0; i < bytes.length; i++) {
        if (i === position) sequence.push(lost);
        sequence.push(bytes[i]);
      }
      if (position === bytes.length) sequence.push(lost);
      const codePoint = decodeUtf8(sequence);
      if (codePoint >= 0 && !found.includes(codePoint)) found.push(codePoint);
    }
  }
  return found;
}

export function findSpots(input: string, lines: Lines): Spot[] {
  const spots: Spot[] = [];
  const pattern = new RegExp(LEAD_THEN_CONTINUATION.source, 'g');
  for (let match = pattern.exec(input); match !== null; match = pattern.exec(input)) {
    const spot = readSpot(input, lines, match.index, false);
    if (spot) {
      spots.push(spot);
      pattern.lastIndex = spot.end;
    } else {
      pattern.lastIndex = match.index + 1;
    }
  }
  return spots;
}


/** Two-byte leads standing alone on damaged lines: their only continuation byte was lost. */
export function findBareLeads(input: string, lines: Lines, damagedLines: ReadonlySet<number>): Spot[] {
  const found: Spot[] = [];
  for (const line of damagedLines) {
    for (let offset = lines.start(line); offset < lines.end(line); offset++) {
      const unit = input.charCodeAt(offset);
      if (unit < 0xc2 || unit > 0xdf) continue;
      // A lead followed by a continuation was already read (or is invalid).
      if (offset + 1 < input.length && isContinuationUnit(input.charCodeAt(offset + 1))) continue;
      const spot = readSpot(input, lines, offset, true);
      if (spot) found.push(spot);
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------
// Telling damage from clean text

/**
 * Bytes whose cp1252 characters follow a word in clean text: spaces, quotes, apostrophes,
 * dashes, ellipsis, guillemets, trademark signs, footnote daggers. `café…”`, `« voilà »`
 * (with no-break spaces), `„Fuß“`, `NESTLÉ®` re-encode to valid UTF-8 made of these.
 */
const WORD_TRAILING_BYTES = new Set([
  0xa0, 0x91, 0x92, 0x93, 0x94, 0x85, 0x96, 0x97, 0x99, 0xae, 0x86, 0x87, 0xbb, 0xab, 0xb4, 0xb7,
]);
/**
 * Trailing characters that clean text may glue to a following word: apostrophes (`café’s`),
 * dashes (`résumé”—then`), no-break spaces (`à bientôt`), the middle dot.
 */
const WORD_JOINING_BYTES = new Set([0x92, 0xb4, 0x96, 0x97, 0xa0, 0xb7]);
/**
 * Leads that start most mojibake (`Ã` for Latin-1 letters, `Â` for Latin-1 symbols, `â` for
 * punctuation and symbols) but hardly ever end a word before punctuation in clean text.
 */
const MOJIBAKE_LEADS = new Set([0xc2, 0xc3, 0xe2]);

/**
 * Whether the run could be clean text: an accented letter ending a word, then punctuation.
 * Such runs are repaired only on lines with damage that cannot be read that way, because
 * damage hits whole stretches of text (a file, a pasted block), not single words.
 */
function mayBeWordEnding(input: string, spot: Spot): boolean {
  const lead = spot.bytes[0];
  const continuations = spot.bytes.slice(1);
  if (continuations.length === 0) return true; // a lone accented capital is clean-looking by itself
  if (MOJIBAKE_LEADS.has(lead)) return false;
  if (!continuations.every((byte) => WORD_TRAILING_BYTES.has(byte))) return false;
  const before = codePointBefore(input, spot.start);
  // The multiplication sign (the one lead that is not a letter) follows a number: `2×–3×`.
  if (lead === 0xd7) return before >= 0x30 && before <= 0x39;
  // The accented letter ends a word only if a letter comes before it; a letter that is
  // itself a continuation character belongs to an earlier damaged run, not to a word.
  if (before < 0 || !isLetter(before) || (before < 0x10000 && isContinuationUnit(before))) return false;
  // Two-byte leads are capitals (and ß): clean text has them at the end of words written in
  // the same case (`CAFÉ…`, `Fuß“`), while `Są` damaged reads `SÄ…`.
  if (lead < 0xe0 && isUppercase(lead) !== isUppercase(before)) return false;
  const after = codePointAt(input, spot.end);
  // Otherwise a letter right after means the punctuation sits inside a word: `BÄ™dzie` is `Będzie`.
  return after < 0 || !isLetter(after) || WORD_JOINING_BYTES.has(continuations[continuations.length - 1]);
}
