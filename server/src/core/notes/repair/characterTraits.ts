// The Unicode properties of a character that the repair asks about (letter, case, emoji,
// script, ...), read from Unicode property regular expressions once per character and kept
// as bits.

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
export const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
export const RIGHT_TO_LEFT = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const CJK_CONTEXT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\uFF00-\uFFEF]/u;
const SCRIPTS = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Nko',
  'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada',
  'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan', 'Myanmar', 'Georgian', 'Hangul',
  'Ethiopic', 'Khmer', 'Mongolian',
].map((name) => ({ name, pattern: new RegExp(`\\p{Script=${name}}`, 'u') }));


/**
 * The Unicode properties of a character that the fit rules ask about, as bits. Damaged text
 * holds few distinct characters but asks about them once per candidate and neighbour, so each
 * character's properties are read from the regular expressions once and kept.
 */
export const enum Trait {
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

export function traitsOf(codePoint: number): number {
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

export function has(codePoint: number, trait: Trait): boolean {
  return (traitsOf(codePoint) & trait) !== 0;
}
export function anyHas(codePoints: readonly number[], trait: Trait): boolean {
  for (const codePoint of codePoints) if (has(codePoint, trait)) return true;
  return false;
}
export function allHave(codePoints: readonly number[], trait: Trait): boolean {
  for (const codePoint of codePoints) if (!has(codePoint, trait)) return false;
  return true;
}
export function isLetter(codePoint: number): boolean {
  return has(codePoint, Trait.Letter);
}
export function isUppercase(codePoint: number): boolean {
  return has(codePoint, Trait.Uppercase);
}
/** 1 + the index of the character's script in SCRIPTS, or 0 when it has none of them. */
export function scriptOf(codePoint: number): number {
  return traitsOf(codePoint) >>> SCRIPT_SHIFT;
}
export function isNoncharacter(codePoint: number): boolean {
  return (codePoint & 0xfffe) === 0xfffe || (codePoint >= 0xfdd0 && codePoint <= 0xfdef);
}
export function isVariationSelector(codePoint: number): boolean {
  return (codePoint >= 0xfe00 && codePoint <= 0xfe0f) || (codePoint >= 0xe0100 && codePoint <= 0xe01ef);
}
