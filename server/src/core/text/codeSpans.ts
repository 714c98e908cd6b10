// Code spans in inline Markdown, as CommonMark pairs their backticks. What a code span holds is
// code: no link, HTML tag, emphasis or URL is read inside it, and a reader that takes such
// things out of a text (the glossary reader, the cards, the glossary a code action writes)
// must leave `Vec<T>` or `` `[x](y)` `` as written. One reading for all of them.

export const NO_SPANS: [number, number][] = [];

/**
 * The code spans of a text, in order, as [start, end) with their backticks, as CommonMark
 * pairs them: a run of backticks opens one and the next run of the same length closes it; a
 * run with no such partner is text. One pass over the runs, and for each run length the next
 * run of it found once: a text full of backticks costs linear time.
 */
export function codeSpans(content: string): [number, number][] {
  if (!content.includes('`')) return NO_SPANS;
  const runs: { start: number; length: number }[] = [];
  for (let i = 0; i < content.length; ) {
    if (content.charCodeAt(i) !== 0x60) {
      i++;
      continue;
    }
    const start = i;
    while (i < content.length && content.charCodeAt(i) === 0x60) i++;
    runs.push({ start, length: i - start });
  }
  // For each run, the index of the next run of the same length.
  const next = new Array<number>(runs.length).fill(-1);
  const lastOfLength = new Map<number, number>();
  for (let r = runs.length - 1; r >= 0; r--) {
    next[r] = lastOfLength.get(runs[r].length) ?? -1;
    lastOfLength.set(runs[r].length, r);
  }
  const spans: [number, number][] = [];
  for (let r = 0; r < runs.length; r++) {
    const close = next[r];
    if (close === -1) continue;
    spans.push([runs[r].start, runs[close].start + runs[close].length]);
    r = close;
  }
  return spans;
}

/** True when [start, end) overlaps one of the sorted, disjoint spans (a binary search: a line may hold thousands). */
export function overlaps(spans: readonly (readonly [number, number])[], start: number, end: number): boolean {
  let low = 0;
  let high = spans.length - 1;
  let last = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (spans[middle][0] < end) {
      last = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return last >= 0 && spans[last][1] > start;
}

/**
 * `text` with `edit` applied to each stretch outside its code spans, the code spans kept as
 * written: for edits that take things out of prose (HTML tags, URLs), which must not take them
 * out of code.
 */
export function outsideCodeSpans(text: string, edit: (prose: string) => string): string {
  const spans = codeSpans(text);
  if (spans.length === 0) return edit(text);
  let result = '';
  let at = 0;
  for (const [start, end] of spans) {
    result += edit(text.slice(at, start)) + text.slice(start, end);
    at = end;
  }
  return result + edit(text.slice(at));
}
