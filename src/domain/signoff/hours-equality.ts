import type { Hours, WeeklyWindow } from '../claim.ts';

const DAY = 1_440;
const WEEK = 7 * DAY;

/** A weekly schedule as sorted, merged [from, to) minute-of-week ranges (Monday 00:00 = 0), wrapping at week's end. */
export function minuteRanges(windows: readonly WeeklyWindow[]): [number, number][] {
  const raw: [number, number][] = [];
  for (const w of windows) {
    for (const day of w.days) {
      const from = day * DAY + w.fromMinute;
      const to = day * DAY + w.toMinute;
      if (to <= WEEK) raw.push([from, to]);
      else raw.push([from, WEEK], [0, to - WEEK]);
    }
  }
  raw.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const [from, to] of raw) {
    const last = merged[merged.length - 1];
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
    else if (from < to) merged.push([from, to]);
  }
  return merged;
}

/**
 * Whether two schedules promise the same hours: both 24/7, or the same weekly minutes in the same time zone (however
 * the windows are written). Holidays are not compared: copy rarely names them.
 */
export function sameHours(a: Hours, b: Hours): boolean {
  if (a.kind === 'always' || b.kind === 'always') return a.kind === b.kind;
  if (a.timeZone !== b.timeZone) return false;
  return JSON.stringify(minuteRanges(a.windows)) === JSON.stringify(minuteRanges(b.windows));
}
