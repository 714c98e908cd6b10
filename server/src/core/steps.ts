// Passes that pause: long work written as a generator that yields now and then, so that the
// server can run it in idle slices between requests (inSlices: the matcher, the search's and
// completion's tables, topicality's vectors) and a request that needs the result at once can
// finish it (finished).

/** Runs a pass that pauses by yielding to its end, at once. */
export function finished<T>(steps: Generator<void, T>): T {
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/**
 * Runs a pass in slices of about `sliceMs`, awaiting `pause()` between them so that requests
 * are answered meanwhile: its result, or undefined when `wanted()`, asked after each pause,
 * says the result is no longer wanted (the index changed, or a request finished the pass).
 */
export async function inSlices<T>(steps: Generator<void, T>, pause: () => Promise<void>, sliceMs: number, wanted: () => boolean): Promise<{ value: T } | undefined> {
  let sliceStart = Date.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return { value: step.value };
    if (Date.now() - sliceStart < sliceMs) continue;
    await pause();
    if (!wanted()) return undefined;
    sliceStart = Date.now();
  }
}

/** How many items a sort merges between two chances to pause. */
const MERGED_PER_STEP = 2048;

/**
 * `items` sorted by `compare`, pausing (yielding) every few thousand items merged: a bottom-up
 * merge sort, which is stable, as Array.prototype.sort is. Sorted at once, the 50,000 entries
 * of 10,000 notes held the server 100 ms, and the search's 117,000 names over 200 ms.
 */
export function* sortedInSteps<T>(items: readonly T[], compare: (a: T, b: T) => number): Generator<void, T[]> {
  let from = items.slice();
  let to = new Array<T>(from.length);
  let merged = 0;
  for (let width = 1; width < from.length; width *= 2) {
    for (let left = 0; left < from.length; left += 2 * width) {
      const middle = Math.min(left + width, from.length);
      const right = Math.min(left + 2 * width, from.length);
      let i = left;
      let j = middle;
      let k = left;
      while (i < middle && j < right) to[k++] = compare(from[j], from[i]) < 0 ? from[j++] : from[i++];
      while (i < middle) to[k++] = from[i++];
      while (j < right) to[k++] = from[j++];
      merged += right - left;
      if (merged >= MERGED_PER_STEP) {
        merged = 0;
        yield;
      }
    }
    [from, to] = [to, from];
  }
  return from;
}
