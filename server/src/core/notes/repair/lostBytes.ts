// Resolving spots that lost a byte: keeping, for each, the candidates that are likely between
// its neighbours, with the answers for repeated contexts kept (damaged text repeats a few
// contexts thousands of times).

import { BRACKET_OPENER, Fit, fitOf, type Surroundings } from './characterFit';
import { bytesKeyOf, candidatesOf, type Spot } from './damagedRuns';
import type { DocumentFacts } from './documentFacts';
import { codePointAt, codePointBefore } from './textPositions';

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
export function resolveLostBytes(input: string, spots: Spot[], doc: DocumentFacts): void {
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
