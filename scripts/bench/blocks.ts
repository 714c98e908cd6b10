// How long the event loop is held at most: a timer asked to tick every millisecond, and the
// longest gap between two of its ticks (what a request arriving then would have waited).

import { performance } from 'node:perf_hooks';

/** Starts watching; the function returned stops and gives the longest block seen, in ms. */
export function watchBlocks(): () => number {
  let longest = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  return () => {
    clearInterval(ticker);
    return longest;
  };
}
