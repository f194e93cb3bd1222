/**
 * The error budget every timing assertion states its bound from (docs: README, "Tests").
 *
 * - Node's timers count in whole milliseconds of the event loop's clock, so a timer can fire before
 *   `performance.now()` says its delay is over: by under 1 ms from the truncation alone, and 1.1 ms was read beside
 *   two CPU hogs (the desk's compressed wait, fresh-clone CI run of 2026-12-07), so `TIMER_EARLY_MS` is 2. On a clock
 *   compressed `factor` times that reads as `factor * TIMER_EARLY_MS` clock ms early: a lower bound on a measured
 *   wait is `planned - factor * TIMER_EARLY_MS`.
 * - Late is unbounded in principle: a busy machine delays any timer or socket read. Pass 1 (files in parallel)
 *   therefore asserts no upper bound on a duration at all; `*.timing.test.ts` files run one at a time in pass 2.
 *   There, on a 2-core machine with two CPU-bound processes beside the suite, Linux's scheduler shares each core
 *   among the runnable processes in periods of about 12 ms (6 ms x (1 + log2 cores)), so a process woken by a timer
 *   or a socket can wait a period or more for a core. Measured here with two hogs (and other work) beside: timer
 *   wake-ups 2-60 ms late, median about 25 ms. One reading is allowed `LOADED_SLACK_MS` late; a median over at least
 *   five readings `LOADED_MEDIAN_MS`, which a few late readings do not move.
 */
export const TIMER_EARLY_MS = 2;
export const LOADED_SLACK_MS = 200;
export const LOADED_MEDIAN_MS = 50;

/** The middle value (the upper one of the two middle values for an even count). */
export const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
