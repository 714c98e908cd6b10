// Common ideographs: which national character sets hold an ideograph, and in which of them
// it is frequently used, so that a guessed ideograph can be judged against the locale of the
// ideographs the document certainly holds.

import { HAN } from './characterTraits';

const GB2312 = 1;
const JIS_X_0208 = 2;
const BIG5 = 4;
const KS_X_1001 = 8;
const ALL_HAN_SETS = GB2312 | JIS_X_0208 | BIG5 | KS_X_1001;

export interface IdeographTables {
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
export function getIdeographTables(): IdeographTables | null {
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

/** Characters outside every set say nothing; a document mixing locales keeps them all. */
export function narrowHanSets(sets: number, tables: IdeographTables, codePoint: number): number {
  const member = tables.member.get(codePoint) ?? 0;
  return member !== 0 && (sets & member) !== 0 ? sets & member : sets;
}

/** Clean ideographs count too (partly damaged files); a sample is enough to tell the locale. */
export function cleanHanSetsOf(input: string): (tables: IdeographTables) => number {
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
