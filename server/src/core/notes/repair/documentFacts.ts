// Facts about the whole document that candidates are judged against: the locale of its
// ideographs, right-to-left text on a line, brackets open before a spot.

import { Fit, type DocumentContext } from './characterFit';
import { has, RIGHT_TO_LEFT, Trait } from './characterTraits';
import type { Spot } from './damagedRuns';
import { getIdeographTables, narrowHanSets, type IdeographTables } from './ideographs';
import { lastAtOrBefore, type Lines } from './textPositions';

/** How far back an open bracket is looked for: brackets rarely span more than a paragraph. */
const BRACKET_LOOKBACK = 2000;

export class DocumentFacts implements DocumentContext {
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
