import { describe, expect, it } from 'vitest';
import { checkStaffing, DEMO_STAFFING, staffingAt, type StaffingSchedule } from '../../src/desk/staffing.schedule.ts';
import { KeptError } from '../../src/domain/errors.ts';

const utc = (iso: string): number => Date.parse(`${iso}Z`);
const STAFFED = { mode: 'staffed', humanDelayMs: [5_000, 20_000] };
const BOT_ONLY = { mode: 'bot-only' };

describe('staffingAt with the demo staffing (Europe/London, Mon-Fri 08:00-20:00)', () => {
  it.each([
    ['Monday 07:59 GMT is before the humans start', '2026-03-02T07:59', BOT_ONLY],
    ['Monday 08:00 GMT is staffed', '2026-03-02T08:00', STAFFED],
    ['Monday 19:59 GMT is staffed', '2026-03-02T19:59', STAFFED],
    ['Monday 20:00 GMT is bot-only', '2026-03-02T20:00', BOT_ONLY],
    ['Friday 19:30 GMT is staffed', '2026-03-06T19:30', STAFFED],
    ['Saturday noon is bot-only', '2026-03-07T12:00', BOT_ONLY],
    ['Sunday noon is bot-only', '2026-03-08T12:00', BOT_ONLY],
    ['the spring-forward Sunday is bot-only', '2026-03-29T10:00', BOT_ONLY],
    ['the Monday after spring-forward, 06:59 UTC is 07:59 BST: bot-only', '2026-03-30T06:59', BOT_ONLY],
    ['the Monday after spring-forward, 07:00 UTC is 08:00 BST: staffed', '2026-03-30T07:00', STAFFED],
    ['summer, 18:59 UTC is 19:59 BST: staffed', '2026-07-15T18:59', STAFFED],
    ['summer, 19:00 UTC is 20:00 BST: bot-only', '2026-07-15T19:00', BOT_ONLY],
    ['the Friday before fall-back, 07:00 UTC is 08:00 BST: staffed', '2026-10-23T07:00', STAFFED],
    ['the Monday after fall-back, 07:59 UTC is 07:59 GMT: bot-only', '2026-10-26T07:59', BOT_ONLY],
    ['the Monday after fall-back, 08:00 UTC is 08:00 GMT: staffed', '2026-10-26T08:00', STAFFED],
  ])('%s', (_name, at, expected) => {
    expect(staffingAt(DEMO_STAFFING, utc(at))).toEqual(expected);
  });
});

/** A closed maintenance window early on Sundays, inside a staffed Saturday night shift that runs to 06:00. */
const nights: StaffingSchedule = {
  timeZone: 'Europe/London',
  shifts: [
    { days: [6], from: '01:00', to: '03:00', mode: 'closed' },
    { days: [5], from: '22:00', to: '06:00', mode: 'staffed', humanDelayMs: [1_000, 2_000] },
  ],
  otherwise: 'bot-only',
};
const NIGHT = { mode: 'staffed', humanDelayMs: [1_000, 2_000] };
const CLOSED = { mode: 'closed' };

describe('staffingAt across midnight and daylight-saving changes', () => {
  it.each([
    ['Saturday 21:59 is before the night shift', '2026-03-28T21:59', BOT_ONLY],
    ['Saturday 22:00 starts the night shift', '2026-03-28T22:00', NIGHT],
    ['spring-forward Sunday 00:30 GMT is still the Saturday night shift', '2026-03-29T00:30', NIGHT],
    ['spring-forward Sunday 01:00 UTC is 02:00 BST: the closed window', '2026-03-29T01:00', CLOSED],
    ['spring-forward Sunday 01:59 UTC is 02:59 BST: still closed', '2026-03-29T01:59', CLOSED],
    ['spring-forward Sunday 02:00 UTC is 03:00 BST: back to the night shift', '2026-03-29T02:00', NIGHT],
    ['spring-forward Sunday 04:59 UTC is 05:59 BST: night shift', '2026-03-29T04:59', NIGHT],
    ['spring-forward Sunday 05:00 UTC is 06:00 BST: bot-only', '2026-03-29T05:00', BOT_ONLY],
    ['fall-back Sunday 00:30 UTC is 01:30 BST: closed', '2026-10-25T00:30', CLOSED],
    ['fall-back Sunday 01:30 UTC is the repeated 01:30 GMT: closed again', '2026-10-25T01:30', CLOSED],
    ['fall-back Sunday 03:00 UTC is 03:00 GMT: night shift', '2026-10-25T03:00', NIGHT],
    ['fall-back Sunday 06:00 UTC is 06:00 GMT: bot-only', '2026-10-25T06:00', BOT_ONLY],
    ['a Friday night is not covered by a Saturday shift', '2026-03-27T23:00', BOT_ONLY],
  ])('%s', (_name, at, expected) => {
    expect(staffingAt(nights, utc(at))).toEqual(expected);
  });

  it('a shift to 24:00 covers the last minute of the day', () => {
    const allDay: StaffingSchedule = {
      timeZone: 'UTC',
      shifts: [{ days: [0], from: '00:00', to: '24:00', mode: 'closed' }],
      otherwise: 'bot-only',
    };
    expect(staffingAt(allDay, utc('2026-03-02T23:59'))).toEqual(CLOSED);
    expect(staffingAt(allDay, utc('2026-03-03T00:00'))).toEqual(BOT_ONLY);
  });
});

describe('checkStaffing', () => {
  const shift = { days: [0], from: '08:00', to: '20:00', mode: 'staffed', humanDelayMs: [1, 2] } as const;
  it.each([
    ['an unknown time zone', { timeZone: 'Mars/Olympus', shifts: [], otherwise: 'closed' }, 'staffing.zone'],
    [
      'a time that is not HH:MM',
      { timeZone: 'UTC', shifts: [{ ...shift, from: '8am' }], otherwise: 'closed' },
      'staffing.time',
    ],
    [
      'a shift starting at 24:00',
      { timeZone: 'UTC', shifts: [{ ...shift, from: '24:00' }], otherwise: 'closed' },
      'staffing.time',
    ],
    [
      'an empty shift',
      { timeZone: 'UTC', shifts: [{ ...shift, to: '08:00' }], otherwise: 'closed' },
      'staffing.empty-shift',
    ],
    ['a day out of range', { timeZone: 'UTC', shifts: [{ ...shift, days: [7] }], otherwise: 'closed' }, 'staffing.day'],
    [
      'a staffed shift without delays',
      { timeZone: 'UTC', shifts: [{ ...shift, humanDelayMs: undefined }], otherwise: 'closed' },
      'staffing.delay',
    ],
    [
      'delays the wrong way round',
      { timeZone: 'UTC', shifts: [{ ...shift, humanDelayMs: [5, 1] }], otherwise: 'closed' },
      'staffing.delay',
    ],
  ])('rejects %s', (_name, schedule, code) => {
    try {
      checkStaffing(schedule as StaffingSchedule);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KeptError);
      expect((error as KeptError).code).toBe(code);
    }
  });

  it('accepts the demo staffing', () => {
    expect(() => checkStaffing(DEMO_STAFFING)).not.toThrow();
  });
});
