import { describe, expect, it } from 'vitest';
import { inForceByMinute, isInForce } from '../../../src/domain/calendar/in-force.ts';
import type { Hours } from '../../../src/domain/claim.ts';
import { at, DAILY, holiday, MINUTE, WEEKDAYS, weekly, window } from '../builders.ts';

/** The minute-by-minute reading collectors' intervals are judged with agrees with isInForce at every minute. */
const CASES: [string, Hours, string][] = [
  [
    'London office hours over the spring change',
    weekly('Europe/London', [window(DAILY, '00:30', '01:45')]),
    '2026-03-28T22:00:00Z',
  ],
  [
    'London night window over the autumn change',
    weekly('Europe/London', [window(DAILY, '23:50', '02:10')]),
    '2026-10-24T21:00:00Z',
  ],
  [
    'Kolkata half-hour offset, odd minutes',
    weekly('Asia/Kolkata', [window(WEEKDAYS, '09:07', '17:53')]),
    '2026-01-05T02:00:00Z',
  ],
  [
    'a closed holiday and a reduced one',
    weekly(
      'Europe/London',
      [window(DAILY, '09:00', '17:00')],
      [holiday('2026-12-25'), holiday('2026-12-24', ['09:00', '13:00'])],
    ),
    '2026-12-23T20:00:00Z',
  ],
];

describe('inForceByMinute', () => {
  it.each(CASES)('%s', (_name, hours, fromIso) => {
    const from = at(fromIso);
    const count = 3 * 24 * 60;
    const minutes = inForceByMinute(hours, from, count);
    const expected = Array.from({ length: count }, (_, i) => isInForce(hours, from + i * MINUTE));
    expect(minutes).toEqual(expected);
    expect(minutes).toContain(true);
    expect(minutes).toContain(false);
  });
});
