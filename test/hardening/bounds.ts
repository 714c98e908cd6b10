// Shared limits for the hardening suite. Time bounds here are hang guards, not performance
// targets: they are generous enough for a slow CI machine, and far below what a quadratic
// (or worse) algorithm takes on the same input, so a regression shows up as a failure
// instead of an editor that freezes. Benchmarks measure speed elsewhere.

import * as assert from 'node:assert/strict';

/** `HARDENING_LONG=1` turns the short fuzz runs of every commit into long ones. */
export const LONG_RUN = process.env.HARDENING_LONG === '1';

/** Property-test runs: a few hundred by default, many thousands behind the flag. */
export function runs(short: number): number {
  return LONG_RUN ? short * 40 : short;
}

/**
 * The bound for one call on an input of `size` characters: ten seconds per million
 * characters, never less than ten seconds. The inputs here take milliseconds to a few hundred
 * when linear; a quadratic pass over a million characters takes hours. Two seconds were too
 * few on a machine busy with other work (a 1 MB repair took 2.4 s there).
 */
export function boundFor(size: number): number {
  return Math.max(10_000, (size / 1_000_000) * 10_000);
}

/** Runs `work` once and fails when it took longer than the bound for its input size. */
export function withinBound<T>(what: string, size: number, work: () => T): T {
  const started = process.hrtime.bigint();
  const result = work();
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  const bound = boundFor(size);
  assert.ok(elapsed <= bound, `${what} took ${elapsed.toFixed(0)} ms on ${size} characters (bound ${bound.toFixed(0)} ms)`);
  return result;
}
