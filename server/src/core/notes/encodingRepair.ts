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
// the same line shows damage that cannot be read any other way (see `mayBeWordEnding`).

import { LineIndex } from '../text/lines';

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
// Bytes behind the characters

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
const LEAD_THEN_CONTINUATION = new RegExp(`[\\u00C2-\\u00F4][\\u0080-\\u00BF${SPECIALS_CLASS}]`, 'g');

/** A character a cp1252 or Latin-1 decoder cannot produce. */
const NOT_FROM_CP1252 = new RegExp(`[^\\u0000-\\u00FF${SPECIALS_CLASS}]`);

function hasLeadFollowedByContinuation(input: string): boolean {
  LEAD_THEN_CONTINUATION.lastIndex = 0;
  return LEAD_THEN_CONTINUATION.test(input);
}

/** The byte a cp1252 (or Latin-1) decoder turned into this UTF-16 code unit, or -1. */
function byteOf(unit: number): number {
  if (unit < 0x100) return unit;
  return CP1252_SPECIALS.get(unit) ?? -1;
}

function isContinuationUnit(unit: number): boolean {
  const byte = byteOf(unit);
  return byte >= 0x80 && byte <= 0xbf;
}

/**
 * Bytes that a cp1252 round trip loses: the five it has no character for, and 0xAD, whose
 * soft hyphen is invisible and gets stripped. Order matters only to break ties between
 * equally good candidates: 0xAD comes last because it is lost only when something strips
 * soft hyphens later, while the other five are always lost.
 */
const LOST_BYTES = [0x81, 0x8d, 0x8f, 0x90, 0x9d, 0xad];

/** Decodes one UTF-8 sequence; -1 when the bytes are not exactly one valid, shortest-form sequence. */
function decodeUtf8(bytes: readonly number[]): number {
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

function sequenceLength(lead: number): number {
  return lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
}

// ---------------------------------------------------------------------------------------
// Finding damaged runs

/** A run of input characters that re-encodes to one (possibly incomplete) UTF-8 sequence. */
interface Spot {
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

function candidatesOf(spot: Spot): readonly number[] {
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
function bytesKeyOf(bytes: readonly number[]): number {
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

function findSpots(input: string, lines: Lines): Spot[] {
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

/**
 * Line boundaries, found once, so that asking for a spot's line costs a binary search. Lines
 * end at `\n`, `\r\n` or a lone `\r`, as editors and markdown-it count them: a file with
 * classic Mac line ends is as many lines as the editor shows, not one line on which a single
 * clean emoji would keep every damaged run from counting as damage.
 */
class Lines {
  private readonly index: LineIndex;

  constructor(input: string) {
    this.index = new LineIndex(input);
  }

  lineOf(offset: number): number {
    return lastAtOrBefore(this.index.starts, offset);
  }

  start(line: number): number {
    return this.index.starts[line];
  }

  /** Where the line's text ends, before its line break. */
  end(line: number): number {
    return this.index.lineEnd(line);
  }

  text(line: number): string {
    return this.index.lineText(line);
  }
}

/** Index of the last element <= value in an ascending array, or -1. */
function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] <= value) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------
// Which characters fit a spot

const enum Fit {
  Impossible = 0,
  /** Valid but unusual in notes; not enough to guess it. */
  Possible = 1,
  /** What a notes file typically holds in this context. */
  Likely = 2,
}

const UNASSIGNED_OR_CONTROL = /[\p{Cn}\p{Cc}\p{Cs}\p{Co}]/u;
const FORMAT = /\p{Cf}/u;
const SEPARATOR = /[\p{Zl}\p{Zp}]/u;
const MARK = /\p{M}/u;
const LETTER = /\p{L}/u;
const UPPERCASE = /\p{Lu}/u;
const LOWERCASE = /\p{Ll}/u;
const WHITESPACE = /\s/u;
const EMOJI = /\p{Emoji}/u;
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const RIGHT_TO_LEFT = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const CJK_CONTEXT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\uFF00-\uFFEF]/u;
const SCRIPTS = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Nko',
  'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada',
  'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan', 'Myanmar', 'Georgian', 'Hangul',
  'Ethiopic', 'Khmer', 'Mongolian',
].map((name) => ({ name, pattern: new RegExp(`\\p{Script=${name}}`, 'u') }));

const VARIATION_SELECTOR_TEXT = 0xfe0e;
const VARIATION_SELECTOR_EMOJI = 0xfe0f;
const ZERO_WIDTH_JOINER = 0x200d;
const ZERO_WIDTH_NON_JOINER = 0x200c;
const BIDI_CONTROLS = new Set([0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
/** Prose punctuation that closes: unlikely right after a space. */
const CLOSING_PUNCTUATION = new Set([0x2019, 0x201d, 0x203a, 0x2032, 0x2033]);
/** Prose punctuation that opens: unlikely right before a space. */
const OPENING_PUNCTUATION = new Set([0x2018, 0x201a, 0x201c, 0x201e, 0x2039]);
/** Other punctuation and signs common in prose. */
const PROSE_SIGNS = new Set([0x2013, 0x2014, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x20ac, 0x2122]);
const HYPHENS = new Set([0x2010, 0x2011]);
/** CJK and fullwidth closing brackets and their openers. */
const BRACKET_OPENER: ReadonlyMap<number, number> = new Map([
  [0x3009, 0x3008], [0x300b, 0x300a], [0x300d, 0x300c], [0x300f, 0x300e], [0x3011, 0x3010],
  [0x3015, 0x3014], [0x3017, 0x3016], [0x3019, 0x3018], [0x301b, 0x301a], [0x301e, 0x301d],
  [0x301f, 0x301d], [0xff09, 0xff08], [0xff3d, 0xff3b], [0xff5d, 0xff5b], [0xff63, 0xff62],
]);
const BRACKET_OPENERS = new Set(BRACKET_OPENER.values());

/**
 * The Unicode properties of a character that the fit rules ask about, as bits. Damaged text
 * holds few distinct characters but asks about them once per candidate and neighbour, so each
 * character's properties are read from the regular expressions once and kept.
 */
const enum Trait {
  /** Set on every entry, so that 0 means "not looked up yet". */
  Known = 1 << 0,
  UnassignedOrControl = 1 << 1,
  Format = 1 << 2,
  Separator = 1 << 3,
  Mark = 1 << 4,
  Letter = 1 << 5,
  Uppercase = 1 << 6,
  Lowercase = 1 << 7,
  Whitespace = 1 << 8,
  Emoji = 1 << 9,
  EmojiPresentation = 1 << 10,
  Pictographic = 1 << 11,
  Han = 1 << 12,
  Kana = 1 << 13,
  RightToLeft = 1 << 14,
  CjkContext = 1 << 15,
}
/** Above the trait bits: 1 + the index in SCRIPTS of the character's script, or 0 for none listed. */
const SCRIPT_SHIFT = 16;

const TRAIT_PATTERNS: readonly [Trait, RegExp][] = [
  [Trait.UnassignedOrControl, UNASSIGNED_OR_CONTROL], [Trait.Format, FORMAT], [Trait.Separator, SEPARATOR],
  [Trait.Mark, MARK], [Trait.Letter, LETTER], [Trait.Uppercase, UPPERCASE], [Trait.Lowercase, LOWERCASE],
  [Trait.Whitespace, WHITESPACE], [Trait.Emoji, EMOJI], [Trait.EmojiPresentation, EMOJI_PRESENTATION],
  [Trait.Pictographic, PICTOGRAPHIC], [Trait.Han, HAN], [Trait.Kana, KANA], [Trait.RightToLeft, RIGHT_TO_LEFT],
  [Trait.CjkContext, CJK_CONTEXT],
];

/** Traits of the Basic Multilingual Plane, filled in as characters are asked about. */
const bmpTraits = new Uint32Array(0x10000);
/** Traits of other characters; bounded, since text could name each of a million of them. */
const astralTraits = new Map<number, number>();
const ASTRAL_TRAITS_KEPT = 0x4000;

function traitsOf(codePoint: number): number {
  if (codePoint >= 0 && codePoint < 0x10000) {
    let traits = bmpTraits[codePoint];
    if (traits === 0) bmpTraits[codePoint] = traits = lookUpTraits(codePoint);
    return traits;
  }
  let traits = astralTraits.get(codePoint);
  if (traits === undefined) {
    traits = lookUpTraits(codePoint);
    if (astralTraits.size < ASTRAL_TRAITS_KEPT) astralTraits.set(codePoint, traits);
  }
  return traits;
}

function lookUpTraits(codePoint: number): number {
  const char = String.fromCodePoint(codePoint);
  let traits: number = Trait.Known;
  for (const [trait, pattern] of TRAIT_PATTERNS) if (pattern.test(char)) traits |= trait;
  const script = SCRIPTS.findIndex((candidate) => candidate.pattern.test(char));
  return traits | ((script + 1) << SCRIPT_SHIFT);
}

function has(codePoint: number, trait: Trait): boolean {
  return (traitsOf(codePoint) & trait) !== 0;
}
function anyHas(codePoints: readonly number[], trait: Trait): boolean {
  for (const codePoint of codePoints) if (has(codePoint, trait)) return true;
  return false;
}
function allHave(codePoints: readonly number[], trait: Trait): boolean {
  for (const codePoint of codePoints) if (!has(codePoint, trait)) return false;
  return true;
}
function isLetter(codePoint: number): boolean {
  return has(codePoint, Trait.Letter);
}
function isUppercase(codePoint: number): boolean {
  return has(codePoint, Trait.Uppercase);
}
/** 1 + the index of the character's script in SCRIPTS, or 0 when it has none of them. */
function scriptOf(codePoint: number): number {
  return traitsOf(codePoint) >>> SCRIPT_SHIFT;
}
function isNoncharacter(codePoint: number): boolean {
  return (codePoint & 0xfffe) === 0xfffe || (codePoint >= 0xfdd0 && codePoint <= 0xfdef);
}
function isVariationSelector(codePoint: number): boolean {
  return (codePoint >= 0xfe00 && codePoint <= 0xfe0f) || (codePoint >= 0xe0100 && codePoint <= 0xe01ef);
}

/** What surrounds a spot in the repaired text: the characters that may stand on each side. */
interface Surroundings {
  before: readonly number[];
  after: readonly number[];
}

/**
 * How well `codePoint` fits between its neighbours. The classes encode what a notes file
 * holds: emoji far more often than technical symbols (APL, control pictures, domino tiles);
 * common ideographs of the text's own standard character set rather than rare ones; letters
 * of the script (and case) of the letters around them; joiners, variation selectors and
 * marks only where they can attach to something. Invisible formatting characters never fit:
 * a guess that makes no visible difference can't be checked by the reader.
 */
function fitOf(codePoint: number, around: Surroundings, spot: Spot, doc: DocumentFacts): Fit {
  const traits = traitsOf(codePoint);
  if ((traits & Trait.UnassignedOrControl) !== 0 || isNoncharacter(codePoint)) return Fit.Impossible;
  const { before, after } = around;

  if (codePoint === VARIATION_SELECTOR_EMOJI || codePoint === VARIATION_SELECTOR_TEXT) {
    return anyHas(before, Trait.Emoji) ? Fit.Likely : Fit.Impossible;
  }
  // Other selectors only occur in registered sequences (maths, CJK compatibility) that notes don't use.
  if (isVariationSelector(codePoint)) return Fit.Impossible;
  if (codePoint === ZERO_WIDTH_JOINER) {
    const joinsFrom = (c: number) => has(c, Trait.Pictographic) || c === VARIATION_SELECTOR_EMOJI;
    if (before.some(joinsFrom) && anyHas(after, Trait.Pictographic)) return Fit.Likely;
    return anyHas(before, Trait.Letter) && anyHas(after, Trait.Letter) ? Fit.Possible : Fit.Impossible;
  }
  if (codePoint === ZERO_WIDTH_NON_JOINER) return anyHas(before, Trait.Letter) && anyHas(after, Trait.Letter) ? Fit.Possible : Fit.Impossible;
  if (BIDI_CONTROLS.has(codePoint)) return doc.lineHasRightToLeft(spot) ? Fit.Possible : Fit.Impossible;
  if ((traits & (Trait.Format | Trait.Separator)) !== 0) return Fit.Impossible;
  if ((traits & Trait.Mark) !== 0) return anyHas(before, Trait.Letter) ? Fit.Possible : Fit.Impossible;

  // An emoji variation selector right after means the character is an emoji.
  const emojiFollows = after.length > 0 && after.every((c) => c === VARIATION_SELECTOR_EMOJI);
  if (emojiFollows && (traits & Trait.Emoji) === 0) return Fit.Impossible;
  if ((traits & Trait.EmojiPresentation) !== 0 || ((traits & Trait.Pictographic) !== 0 && after.includes(VARIATION_SELECTOR_EMOJI))) return Fit.Likely;

  if ((traits & Trait.Han) !== 0) return doc.hanFit(codePoint);
  // Squared katakana words (U+3300–U+33FF) are compatibility characters, not running text.
  if ((traits & Trait.Kana) !== 0) return codePoint >= 0x3300 && codePoint <= 0x33ff ? Fit.Possible : Fit.Likely;
  if (codePoint >= 0xac00 && codePoint <= 0xd7a3) return doc.hangulFit(codePoint);

  if (CLOSING_PUNCTUATION.has(codePoint)) {
    // Closing quotes follow a word and are followed by a space or punctuation; only the
    // apostrophe sits inside words. Glued between two emoji, the joiner is the better reading.
    const glues = (c: number) => has(c, Trait.Pictographic) || (isLetter(c) && codePoint !== 0x2019);
    const gluedAfter = after.length > 0 && after.every(glues);
    return before.length > 0 && !allHave(before, Trait.Whitespace) && !gluedAfter ? Fit.Likely : Fit.Possible;
  }
  if (OPENING_PUNCTUATION.has(codePoint)) return after.length > 0 && !allHave(after, Trait.Whitespace) ? Fit.Likely : Fit.Possible;
  if (PROSE_SIGNS.has(codePoint)) return Fit.Likely;
  if (HYPHENS.has(codePoint)) return anyHas(before, Trait.Letter) && anyHas(after, Trait.Letter) ? Fit.Likely : Fit.Possible;

  const opener = BRACKET_OPENER.get(codePoint);
  if (opener !== undefined) return doc.isBracketOpen(spot, opener, codePoint) ? Fit.Likely : Fit.Possible;
  if (BRACKET_OPENERS.has(codePoint)) return after.length > 0 && !allHave(after, Trait.Whitespace) ? Fit.Likely : Fit.Possible;
  if (codePoint === 0x3001 || codePoint === 0x3002 || (codePoint >= 0xff01 && codePoint <= 0xff5e)) {
    // Ideographic comma and full stop, fullwidth forms: at home next to CJK text.
    return anyHas(before, Trait.CjkContext) || anyHas(after, Trait.CjkContext) ? Fit.Likely : Fit.Possible;
  }

  if ((traits & Trait.Letter) !== 0) return letterFit(codePoint, around);
  return Fit.Possible;
}

/**
 * A letter is likely when it continues a word of its own script. A lowercase letter before
 * it makes a capital unlikely (`aquí`, not `aquÍ`); a capital before it allows both cases.
 */
function letterFit(codePoint: number, { before, after }: Surroundings): Fit {
  const script = scriptOf(codePoint);
  if (script === 0) return Fit.Possible;
  const sameScript = (c: number) => isLetter(c) && scriptOf(c) === script;
  let lettersBefore = 0;
  let allLowercase = true;
  for (const c of before) {
    if (!sameScript(c)) continue;
    lettersBefore++;
    if (!has(c, Trait.Lowercase)) allLowercase = false;
  }
  if (lettersBefore > 0) return allLowercase && isUppercase(codePoint) ? Fit.Possible : Fit.Likely;
  return after.some(sameScript) ? Fit.Likely : Fit.Possible;
}

// ---------------------------------------------------------------------------------------
// Common ideographs

const GB2312 = 1;
const JIS_X_0208 = 2;
const BIG5 = 4;
const KS_X_1001 = 8;
const ALL_HAN_SETS = GB2312 | JIS_X_0208 | BIG5 | KS_X_1001;

interface IdeographTables {
  /** Code point → the standard character sets holding it. */
  member: Map<number, number>;
  /** Code point → the sets whose frequently used level holds it. */
  common: Map<number, number>;
  /** Hangul syllables of KS X 1001, the ones in everyday use. */
  commonHangul: Set<number>;
}

let ideographTables: IdeographTables | null | undefined;

/**
 * National character sets split their ideographs into a frequently used level and a rarer
 * one: GB 2312 level 1 (3755 hanzi), JIS X 0208 level 1 (2965 kanji), Big5's common
 * characters (5401); KS X 1001 has 4888 hanja and the 2350 common Hangul syllables. The
 * platform's legacy decoders hold these tables, so we read them from there rather than
 * carrying a copy; where a decoder is missing we simply know less.
 */
function getIdeographTables(): IdeographTables | null {
  if (ideographTables !== undefined) return ideographTables;
  try {
    const tables: IdeographTables = { member: new Map(), common: new Map(), commonHangul: new Set() };
    const eucTrails = range(0xa1, 0xfe);
    const big5Trails = [...range(0x40, 0x7e), ...range(0xa1, 0xfe)];
    const add = (encoding: string, set: number, leads: number[], trails: number[], common: boolean) => {
      const bytes: number[] = [];
      for (const lead of leads) for (const trail of trails) bytes.push(lead, trail);
      for (const char of new TextDecoder(encoding).decode(Uint8Array.from(bytes))) {
        const codePoint = char.codePointAt(0) ?? 0;
        if (!HAN.test(char)) continue;
        tables.member.set(codePoint, (tables.member.get(codePoint) ?? 0) | set);
        if (common) tables.common.set(codePoint, (tables.common.get(codePoint) ?? 0) | set);
      }
    };
    add('gbk', GB2312, range(0xb0, 0xd7), eucTrails, true);
    add('gbk', GB2312, range(0xd8, 0xf7), eucTrails, false);
    add('euc-jp', JIS_X_0208, range(0xb0, 0xcf), eucTrails, true);
    add('euc-jp', JIS_X_0208, range(0xd0, 0xf4), eucTrails, false);
    add('big5', BIG5, range(0xa4, 0xc5), big5Trails, true);
    add('big5', BIG5, [0xc6], range(0x40, 0x7e), true);
    add('big5', BIG5, range(0xc9, 0xf9), big5Trails, false);
    add('euc-kr', KS_X_1001, range(0xca, 0xfd), eucTrails, true);
    const hangulBytes: number[] = [];
    for (const lead of range(0xb0, 0xc8)) for (const trail of eucTrails) hangulBytes.push(lead, trail);
    for (const char of new TextDecoder('euc-kr').decode(Uint8Array.from(hangulBytes))) {
      tables.commonHangul.add(char.codePointAt(0) ?? 0);
    }
    ideographTables = tables;
  } catch {
    ideographTables = null;
  }
  return ideographTables;
}

function range(from: number, to: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value++) values.push(value);
  return values;
}

// ---------------------------------------------------------------------------------------
// Facts about the whole document that candidates are judged against

/** How far back an open bracket is looked for: brackets rarely span more than a paragraph. */
const BRACKET_LOOKBACK = 2000;

class DocumentFacts {
  private hanSets: number | undefined;
  private readonly rightToLeftLines = new Map<number, boolean>();
  private readonly spotsByLine = new Map<number, Spot[]>();
  private readonly spotStartsByLine = new Map<number, number[]>();

  constructor(
    private readonly input: string,
    private readonly spots: readonly Spot[],
    readonly lines: Lines,
    /** The character sets shared by the clean ideographs of the input (computed once per input). */
    private readonly cleanHanSets: (tables: IdeographTables) => number,
  ) {
    for (const spot of spots) {
      const onLine = this.spotsByLine.get(spot.line);
      if (onLine) onLine.push(spot);
      else this.spotsByLine.set(spot.line, [spot]);
    }
  }

  /** The spots on `line`, in order. */
  spotsOn(line: number): readonly Spot[] {
    return this.spotsByLine.get(line) ?? [];
  }

  /** Where the spots on `line` start, in order (kept, since a line may be searched once per spot). */
  private spotStartsOn(line: number): readonly number[] {
    let starts = this.spotStartsByLine.get(line);
    if (!starts) {
      starts = this.spotsOn(line).map((spot) => spot.start);
      this.spotStartsByLine.set(line, starts);
    }
    return starts;
  }

  /**
   * Ideographs are judged against the character sets shared by the ideographs the document
   * certainly contains: `进` exists only in GB 2312, so next to it a Japanese-only kanji is
   * unlikely. Without such evidence any set's common level counts.
   */
  hanFit(codePoint: number): Fit {
    const tables = getIdeographTables();
    if (!tables) return codePoint >= 0x4e00 && codePoint <= 0x9fff ? Fit.Likely : Fit.Possible;
    const sets = this.documentHanSets(tables);
    return ((tables.common.get(codePoint) ?? 0) & sets) !== 0 ? Fit.Likely : Fit.Possible;
  }

  hangulFit(codePoint: number): Fit {
    const tables = getIdeographTables();
    if (!tables) return Fit.Likely;
    return tables.commonHangul.has(codePoint) ? Fit.Likely : Fit.Possible;
  }

  lineHasRightToLeft(spot: Spot): boolean {
    let known = this.rightToLeftLines.get(spot.line);
    if (known === undefined) {
      known =
        RIGHT_TO_LEFT.test(this.lines.text(spot.line)) ||
        this.spotsOn(spot.line).some((other) => other.complete && has(other.likely[0], Trait.RightToLeft));
      this.rightToLeftLines.set(spot.line, known);
    }
    return known;
  }

  /** Whether `opener` is still open before the spot on its line, counting repaired runs. */
  isBracketOpen(spot: Spot, opener: number, closer: number): boolean {
    const from = Math.max(this.lines.start(spot.line), spot.start - BRACKET_LOOKBACK);
    let depth = 0;
    const count = (codePoint: number) => {
      if (codePoint === opener) depth++;
      else if (codePoint === closer) depth = Math.max(0, depth - 1);
    };
    // Clean characters and repaired runs interleave; walk both in order.
    const onLine = this.spotsOn(spot.line);
    let next = lastAtOrBefore(this.spotStartsOn(spot.line), from - 1) + 1;
    for (let offset = from; offset < spot.start; ) {
      const other = onLine[next];
      if (other && other.start === offset) {
        if (other.likely.length === 1) count(other.likely[0]);
        offset = other.end;
        next++;
        continue;
      }
      const codePoint = this.input.codePointAt(offset) ?? 0;
      count(codePoint);
      offset += codePoint > 0xffff ? 2 : 1;
    }
    return depth > 0;
  }

  private documentHanSets(tables: IdeographTables): number {
    if (this.hanSets !== undefined) return this.hanSets;
    let sets = this.cleanHanSets(tables);
    for (const spot of this.spots) {
      if (spot.complete && has(spot.likely[0], Trait.Han)) sets = narrowHanSets(sets, tables, spot.likely[0]);
    }
    this.hanSets = sets;
    return sets;
  }
}

/** Characters outside every set say nothing; a document mixing locales keeps them all. */
function narrowHanSets(sets: number, tables: IdeographTables, codePoint: number): number {
  const member = tables.member.get(codePoint) ?? 0;
  return member !== 0 && (sets & member) !== 0 ? sets & member : sets;
}

/** Clean ideographs count too (partly damaged files); a sample is enough to tell the locale. */
function cleanHanSetsOf(input: string): (tables: IdeographTables) => number {
  let sets: number | undefined;
  return (tables) => {
    if (sets === undefined) {
      sets = ALL_HAN_SETS;
      const hanPattern = /\p{Script=Han}/gu;
      let seen = 0;
      for (let match = hanPattern.exec(input); match !== null && seen < 4000; match = hanPattern.exec(input), seen++) {
        sets = narrowHanSets(sets, tables, match[0].codePointAt(0) ?? 0);
      }
    }
    return sets;
  };
}

// ---------------------------------------------------------------------------------------
// Resolving spots that lost a byte

/** The characters that may stand on either side of spot `index`, given the current options. */
function surroundingsOf(input: string, spots: readonly Spot[], index: number, options: readonly (readonly number[])[]): Surroundings {
  const spot = spots[index];
  const previous = spots[index - 1];
  const next = spots[index + 1];
  const beforeRaw = codePointBefore(input, spot.start);
  const afterRaw = codePointAt(input, spot.end);
  const before = previous && previous.end === spot.start && options[index - 1].length > 0 ? options[index - 1] : beforeRaw < 0 ? [] : [beforeRaw];
  const after = next && next.start === spot.end && options[index + 1].length > 0 ? options[index + 1] : afterRaw < 0 ? [] : [afterRaw];
  return { before, after };
}

/**
 * Keeps, for each incomplete spot, the candidates that are likely in context. Neighbouring
 * spots inform each other (`⭕` is followed by a damaged `U+FE0F`, which is only likely after
 * an emoji), so this runs twice: first against the neighbours' raw candidates, then against
 * what the first round kept.
 */
function resolveLostBytes(input: string, spots: Spot[], doc: DocumentFacts): void {
  let options = spots.map(candidatesOf);
  const known = new LikelyInContext();
  for (let round = 0; round < 2; round++) {
    const current = options;
    options = spots.map((spot, index) => (spot.complete ? current[index] : likelyAt(input, spots, index, current, doc, known)));
    spots.forEach((spot, index) => (spot.likely = options[index]));
  }
}

/** Neighbour ids stay below this, so that two of them make one exact number. */
const LIST_ID_LIMIT = 2 ** 26;

/**
 * The likely candidates already worked out for a spot's byte run (which fixes its candidates)
 * between given neighbours. Damaged text repeats a few such contexts thousands of times.
 */
class LikelyInContext {
  private readonly answers = new Map<number, Map<number, readonly number[]>>();
  /**
   * Numbers for the neighbours' lists of options, above every code point. Lists are told
   * apart by identity: they are never changed, and the same run between the same neighbours
   * gets the same list (candidates are shared by byte run, answers by context).
   */
  private readonly listIds = new Map<readonly number[], number>();

  get(spot: Spot, around: Surroundings, work: () => readonly number[]): readonly number[] {
    const before = this.idOf(around.before);
    const after = this.idOf(around.after);
    if (before === undefined || after === undefined) return work();
    // Ids are below 2^26 and -1 stands for the edge of the text, so the key stays below 2^53.
    const neighboursKey = (before + 1) * LIST_ID_LIMIT + (after + 1);
    const bytesKey = bytesKeyOf(spot.bytes);
    let byNeighbours = this.answers.get(bytesKey);
    if (!byNeighbours) this.answers.set(bytesKey, (byNeighbours = new Map()));
    let answer = byNeighbours.get(neighboursKey);
    if (!answer) byNeighbours.set(neighboursKey, (answer = work()));
    return answer;
  }

  /** Undefined once ids run out (hundreds of megabytes of damage): then nothing more is kept. */
  private idOf(options: readonly number[]): number | undefined {
    if (options.length === 0) return -1;
    if (options.length === 1) return options[0];
    let id = this.listIds.get(options);
    if (id === undefined) {
      if (0x110000 + this.listIds.size + 1 >= LIST_ID_LIMIT) return undefined;
      this.listIds.set(options, (id = 0x110000 + this.listIds.size));
    }
    return id;
  }
}

/** The candidates of spot `index` that are likely between its neighbours' current options. */
function likelyAt(input: string, spots: readonly Spot[], index: number, options: readonly (readonly number[])[], doc: DocumentFacts, known: LikelyInContext): readonly number[] {
  const spot = spots[index];
  const around = surroundingsOf(input, spots, index, options);
  const candidates = candidatesOf(spot);
  const likely = () => candidates.filter((candidate) => fitOf(candidate, around, spot, doc) === Fit.Likely);
  // Whether a candidate is likely depends only on the candidate, its neighbours and the whole
  // document, except for a closing bracket, which depends on what precedes the spot on its
  // line. (A bidi control depends on its line too, but is at best Possible either way.)
  if (candidates.some((candidate) => BRACKET_OPENER.has(candidate))) return likely();
  return known.get(spot, around, likely);
}

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
function rankAmbiguities(input: string, spots: readonly Spot[], doc: DocumentFacts): void {
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

/** Two-byte leads standing alone on damaged lines: their only continuation byte was lost. */
function findBareLeads(input: string, lines: Lines, damagedLines: ReadonlySet<number>): Spot[] {
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
    let low = 0;
    let high = textStarts.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (textStarts[middle] <= at) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
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

/** The code point ending just before `offset`, or -1 at the start. */
function codePointBefore(text: string, offset: number): number {
  if (offset <= 0) return -1;
  const low = text.charCodeAt(offset - 1);
  if (low >= 0xdc00 && low <= 0xdfff && offset >= 2) {
    const high = text.charCodeAt(offset - 2);
    if (high >= 0xd800 && high <= 0xdbff) return (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  }
  return low;
}

/** The code point starting at `offset`, or -1 at the end. */
function codePointAt(text: string, offset: number): number {
  return offset < text.length ? (text.codePointAt(offset) ?? -1) : -1;
}
