import { localTime } from '../domain/calendar/zoned-time.ts';
import type { Weekday } from '../domain/claim.ts';
import { validationError } from '../domain/errors.ts';

/** One shift of the desk: on `days`, from `from` to `to` local time ("HH:MM"; `to` before `from` runs past midnight). */
export interface StaffingShift {
  days: Weekday[];
  from: string;
  to: string;
  mode: 'staffed' | 'bot-only' | 'closed';
  /** For staffed shifts: a human replies after a delay drawn uniformly from [min, max] ms. */
  humanDelayMs?: [number, number];
}

/** Who answers the desk's chat when. The first shift that covers an instant wins; `otherwise` covers the rest. */
export interface StaffingSchedule {
  timeZone: string;
  shifts: StaffingShift[];
  otherwise: 'bot-only' | 'closed';
}

export type Staffing = { mode: 'staffed'; humanDelayMs: [number, number] } | { mode: 'bot-only' } | { mode: 'closed' };

/** The demo desk: Europe/London, humans Mon-Fri 08:00-20:00 replying after 5-20 s; the bot alone otherwise. */
export const DEMO_STAFFING: StaffingSchedule = Object.freeze({
  timeZone: 'Europe/London',
  shifts: [{ days: [0, 1, 2, 3, 4], from: '08:00', to: '20:00', mode: 'staffed', humanDelayMs: [5_000, 20_000] }],
  otherwise: 'bot-only',
}) as StaffingSchedule;

const CLOCK_TIME = /^([01]\d|2[0-4]):([0-5]\d)$/;

function minuteOf(text: string, where: string): number {
  const match = CLOCK_TIME.exec(text);
  const minute = match === null ? NaN : Number(match[1]) * 60 + Number(match[2]);
  if (!(minute <= 1_440))
    throw validationError('staffing.time', `${where}: "${text}" is not a time of day; write "HH:MM"`);
  return minute;
}

function checkShift(shift: StaffingShift, where: string): void {
  const from = minuteOf(shift.from, where);
  if (from === 1_440) throw validationError('staffing.time', `${where}: a shift cannot start at 24:00`);
  if (from === minuteOf(shift.to, where)) {
    throw validationError(
      'staffing.empty-shift',
      `${where}: from and to are the same time; use 00:00-24:00 for a whole day`,
    );
  }
  if (shift.days.some((day) => !Number.isInteger(day) || day < 0 || day > 6)) {
    throw validationError('staffing.day', `${where}: days are 0 (Monday) to 6 (Sunday)`);
  }
  if (shift.mode === 'staffed') {
    const [min, max] = shift.humanDelayMs ?? [NaN, NaN];
    if (!(min >= 0 && max >= min)) {
      throw validationError(
        'staffing.delay',
        `${where}: a staffed shift needs humanDelayMs [min, max] with 0 <= min <= max`,
      );
    }
  }
}

/** Throws a validation error describing the first problem in a schedule (bad zone, time, day or delay). */
export function checkStaffing(schedule: StaffingSchedule): void {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: schedule.timeZone });
  } catch {
    throw validationError('staffing.zone', `"${schedule.timeZone}" is not a time zone`);
  }
  schedule.shifts.forEach((shift, index) => checkShift(shift, `staffing shift ${index + 1}`));
}

function covers(shift: StaffingShift, weekday: Weekday, minute: number): boolean {
  const from = minuteOf(shift.from, 'staffing shift');
  const to = minuteOf(shift.to, 'staffing shift');
  if (from < to) return shift.days.includes(weekday) && from <= minute && minute < to;
  const yesterday = ((weekday + 6) % 7) as Weekday;
  return (shift.days.includes(weekday) && minute >= from) || (shift.days.includes(yesterday) && minute < to);
}

/**
 * Who answers at an instant, read on the local wall clock of the schedule's zone (so shifts follow daylight-saving
 * changes). A shift that runs past midnight belongs to the day it starts on.
 */
export function staffingAt(schedule: StaffingSchedule, epochMs: number): Staffing {
  const local = localTime(epochMs, schedule.timeZone);
  for (const [index, shift] of schedule.shifts.entries()) {
    if (!covers(shift, local.weekday, local.minuteOfDay)) continue;
    if (shift.mode !== 'staffed') return { mode: shift.mode };
    checkShift(shift, `staffing shift ${index + 1}`);
    const [min, max] = shift.humanDelayMs as [number, number];
    return { mode: 'staffed', humanDelayMs: [min, max] };
  }
  return { mode: schedule.otherwise };
}
