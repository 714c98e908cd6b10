// Which characters fit a spot: how well a candidate character fits between its neighbours,
// judged by what a notes file typically holds. The fit rules are the heart of choosing
// between the characters a spot that lost a byte can stand for.

import { allHave, anyHas, has, isLetter, isNoncharacter, isUppercase, isVariationSelector, scriptOf, Trait, traitsOf } from './characterTraits';
import type { Spot } from './damagedRuns';

export const enum Fit {
  Impossible = 0,
  /** Valid but unusual in notes; not enough to guess it. */
  Possible = 1,
  /** What a notes file typically holds in this context. */
  Likely = 2,
}

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
export const BRACKET_OPENER: ReadonlyMap<number, number> = new Map([
  [0x3009, 0x3008], [0x300b, 0x300a], [0x300d, 0x300c], [0x300f, 0x300e], [0x3011, 0x3010],
  [0x3015, 0x3014], [0x3017, 0x3016], [0x3019, 0x3018], [0x301b, 0x301a], [0x301e, 0x301d],
  [0x301f, 0x301d], [0xff09, 0xff08], [0xff3d, 0xff3b], [0xff5d, 0xff5b], [0xff63, 0xff62],
]);
const BRACKET_OPENERS = new Set(BRACKET_OPENER.values());

/** What surrounds a spot in the repaired text: the characters that may stand on each side. */
export interface Surroundings {
  before: readonly number[];
  after: readonly number[];
}

/**
 * What the fit rules ask about the document around a spot (DocumentFacts answers): declared
 * here, where it is asked, so that the rules need not know how the answers are kept.
 */
export interface DocumentContext {
  hanFit(codePoint: number): Fit;
  hangulFit(codePoint: number): Fit;
  lineHasRightToLeft(spot: Spot): boolean;
  isBracketOpen(spot: Spot, opener: number, closer: number): boolean;
}

/**
 * How well `codePoint` fits between its neighbours. The classes encode what a notes file
 * holds: emoji far more often than technical symbols (APL, control pictures, domino tiles);
 * common ideographs of the text's own standard character set rather than rare ones; letters
 * of the script (and case) of the letters around them; joiners, variation selectors and
 * marks only where they can attach to something. Invisible formatting characters never fit:
 * a guess that makes no visible difference can't be checked by the reader.
 */
export function fitOf(codePoint: number, around: Surroundings, spot: Spot, doc: DocumentContext): Fit {
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
