import type { BusinessLimit } from '../../domain/claim.ts';
import { isDuration, parseDuration } from '../../domain/duration.ts';

/**
 * `clock: business` on a promise: its duration counts the claim's calendar instead of elapsed time. Hours and minutes
 * (`4h`, `90m`) are opening time ("within 4 business hours"); whole days (`1d`, `2d`) run to the close of the Nth
 * business day after the day of the attempt ("by the next working day" is `1d`).
 */

export const PROMISE_CLOCKS = ['elapsed', 'business'] as const;
export type PromiseClock = (typeof PROMISE_CLOCKS)[number];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const UNITS = /(ms|s|m|h|d|w)/g;

/** The business limit a duration stands for, or why it cannot be one. Call it with a valid duration. */
export function businessLimitOf(text: string): { limit: BusinessLimit } | { problem: string } {
  const units = new Set(text.replace(/[\d.\s]/g, ' ').match(UNITS) ?? []);
  const ms = parseDuration(text);
  const quoted = JSON.stringify(text);
  if (units.has('w')) return { problem: `${quoted} is in weeks; with clock: business write business days, e.g. "5d"` };
  if (units.has('d')) {
    if (units.size > 1 || ms % DAY_MS !== 0) {
      const problem =
        `${quoted} mixes days with hours; with clock: business give whole days ("1d": by the next working day) ` +
        'or hours ("4h": 4 business hours)';
      return { problem };
    }
    return { limit: { kind: 'business-days', days: ms / DAY_MS } };
  }
  return { limit: { kind: 'business-hours', hours: ms / HOUR_MS } };
}

/** The problem with `clock: business` on a promise written as `limit` (a duration, `any` or absent), if any. */
export function businessClockProblem(limit: string | undefined): string | undefined {
  if (limit === undefined || limit === 'any') {
    return 'clock: business needs a time limit to count; give firstResponse, human or reply a duration';
  }
  if (!isDuration(limit)) return undefined; // the duration itself is reported
  const read = businessLimitOf(limit);
  return 'problem' in read ? read.problem : undefined;
}
