// The bytes behind the characters of damaged text: which byte a Windows-1252 (or Latin-1)
// decoder turned into each character, which bytes such a decoder loses, and how the bytes of
// one UTF-8 sequence decode. Pure data and arithmetic; nothing here knows about lines or
// context.

/** cp1252 characters for the bytes 0x80–0x9F (the rest of 0x80–0xFF is Latin-1). */
const CP1252_SPECIALS: ReadonlyMap<number, number> = new Map([
  [0x20ac, 0x80], [0x201a, 0x82], [0x0192, 0x83], [0x201e, 0x84], [0x2026, 0x85],
  [0x2020, 0x86], [0x2021, 0x87], [0x02c6, 0x88], [0x2030, 0x89], [0x0160, 0x8a],
  [0x2039, 0x8b], [0x0152, 0x8c], [0x017d, 0x8e], [0x2018, 0x91], [0x2019, 0x92],
  [0x201c, 0x93], [0x201d, 0x94], [0x2022, 0x95], [0x2013, 0x96], [0x2014, 0x97],
  [0x02dc, 0x98], [0x2122, 0x99], [0x0161, 0x9a], [0x203a, 0x9b], [0x0153, 0x9c],
  [0x017e, 0x9e], [0x0178, 0x9f],
]);

const SPECIALS_CLASS = [...CP1252_SPECIALS.keys()]
  .map((unit) => `\\u${unit.toString(16).padStart(4, '0')}`)
  .join('');

/**
 * A UTF-8 lead byte (0xC2–0xF4) read as Latin-1, followed by a continuation byte (0x80–0xBF)
 * read as cp1252 or Latin-1. Every repair needs one (a lost byte leaves at least one other
 * continuation behind, except for two-byte sequences, which are only repaired on lines that
 * have this pattern elsewhere).
 */
export const LEAD_THEN_CONTINUATION = new RegExp(`[\\u00C2-\\u00F4][\\u0080-\\u00BF${SPECIALS_CLASS}]`, 'g');

/** A character a cp1252 or Latin-1 decoder cannot produce. */
export const NOT_FROM_CP1252 = new RegExp(`[^\\u0000-\\u00FF${SPECIALS_CLASS}]`);

export function hasLeadFollowedByContinuation(input: string): boolean {
  LEAD_THEN_CONTINUATION.lastIndex = 0;
  return LEAD_THEN_CONTINUATION.test(input);
}

/** The byte a cp1252 (or Latin-1) decoder turned into this UTF-16 code unit, or -1. */
export function byteOf(unit: number): number {
  if (unit < 0x100) return unit;
  return CP1252_SPECIALS.get(unit) ?? -1;
}

export function isContinuationUnit(unit: number): boolean {
  const byte = byteOf(unit);
  return byte >= 0x80 && byte <= 0xbf;
}

/**
 * Bytes that a cp1252 round trip loses: the five it has no character for, and 0xAD, whose
 * soft hyphen is invisible and gets stripped. Order matters only to break ties between
 * equally good candidates: 0xAD comes last because it is lost only when something strips
 * soft hyphens later, while the other five are always lost.
 */
export const LOST_BYTES = [0x81, 0x8d, 0x8f, 0x90, 0x9d, 0xad];

/** Decodes one UTF-8 sequence; -1 when the bytes are not exactly one valid, shortest-form sequence. */
export function decodeUtf8(bytes: readonly number[]): number {
  const lead = bytes[0];
  const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length === 0 || bytes.length !== length) return -1;
  for (let i = 1; i < length; i++) if (bytes[i] < 0x80 || bytes[i] > 0xbf) return -1;
  const second = bytes[1];
  // Overlong forms, UTF-16 surrogates and code points above U+10FFFF are not valid UTF-8.
  if (lead === 0xe0 && second < 0xa0) return -1;
  if (lead === 0xed && second > 0x9f) return -1;
  if (lead === 0xf0 && second < 0x90) return -1;
  if (lead === 0xf4 && second > 0x8f) return -1;
  if (length === 2) return ((lead & 0x1f) << 6) | (second & 0x3f);
  if (length === 3) return ((lead & 0x0f) << 12) | ((second & 0x3f) << 6) | (bytes[2] & 0x3f);
  return ((lead & 0x07) << 18) | ((second & 0x3f) << 12) | ((bytes[2] & 0x3f) << 6) | (bytes[3] & 0x3f);
}

export function sequenceLength(lead: number): number {
  return lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
}
