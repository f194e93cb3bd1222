import { z } from 'zod';
import type { Weekday } from '../../domain/claim.ts';
import { coded } from './fields.schema.ts';
import { unlessMissing } from './issue-messages.ts';

/** Weekly hours and holidays as the file writes them ("mon-fri", "09:00"), and how they read as minutes and weekdays. */

const DAY_INDEX: Readonly<Record<string, Weekday>> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };
const NAMED: Readonly<Record<string, readonly Weekday[]>> = {
  daily: [0, 1, 2, 3, 4, 5, 6],
  weekdays: [0, 1, 2, 3, 4],
  weekends: [5, 6],
};
const DAY_MINUTES = 1_440;

/** The weekdays one spec names: `daily`, `weekdays`, `weekends`, a day `sat`, or a range `mon-fri` (may wrap: `fri-mon`). */
function daysOfOne(spec: string): Weekday[] | undefined {
  const text = spec.trim().toLowerCase();
  const named = NAMED[text] ?? (DAY_INDEX[text] === undefined ? undefined : [DAY_INDEX[text]]);
  if (named !== undefined) return [...named];
  const range = /^([a-z]{3})\s*-\s*([a-z]{3})$/.exec(text);
  const from = range === null ? undefined : DAY_INDEX[range[1] as string];
  const to = range === null ? undefined : DAY_INDEX[range[2] as string];
  if (from === undefined || to === undefined || from === to) return undefined;
  const days: Weekday[] = [];
  for (let day = from; day !== to; day = (day + 1) % 7) days.push(day as Weekday);
  days.push(to);
  return days;
}

/** The weekdays a `days` value names, Monday first, or undefined if one part names none. */
export function parseDays(spec: string | readonly string[]): Weekday[] | undefined {
  const set = new Set<Weekday>();
  for (const part of typeof spec === 'string' ? [spec] : spec) {
    const days = daysOfOne(part);
    if (days === undefined) return undefined;
    for (const day of days) set.add(day);
  }
  return [...set].sort((a, b) => a - b);
}

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** Minutes since midnight of a valid `HH:MM`. */
export function minuteOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/** A window from `from` to `to`; a `to` at or before `from` runs past midnight into the next day. */
export function windowOf(from: string, to: string): { fromMinute: number; toMinute: number } {
  const fromMinute = minuteOf(from);
  const end = minuteOf(to);
  return { fromMinute, toMinute: end <= fromMinute ? end + DAY_MINUTES : end };
}

/** Why a from/to pair is not a window, or undefined when it is one. */
function windowProblem(from: string, to: string): { at: 'from' | 'to'; message: string } | undefined {
  if (from === '24:00')
    return { at: 'from', message: 'a window cannot start at "24:00"; start it at "00:00" of the next day' };
  if (from === to) {
    return {
      at: 'to',
      message: `the window starts and ends at "${from}"; for a whole day write from "00:00" to "24:00"`,
    };
  }
  return undefined;
}

const timeSchema = z.string().regex(TIME, {
  error: (iss) => `${JSON.stringify(iss.input)} is not a time; write 24-hour "HH:MM" such as "09:00" or "17:30"`,
});

const DAYS_HELP = 'write a day such as "sat", a range such as "mon-fri", "daily", "weekdays" or "weekends"';
const dayText = z.string().superRefine((text, ctx) => {
  if (parseDays(text) === undefined)
    ctx.addIssue(coded('hours.days', `${JSON.stringify(text)} is not a day or range of days; ${DAYS_HELP}`));
});

export const daysSchema = z
  .union([dayText, z.array(dayText).min(1)], {
    error: unlessMissing(`"days" must name days: ${DAYS_HELP}, or a list such as [mon, wed]`),
  })
  .describe(
    'The days a window opens: "daily", "weekdays", "weekends", a day "sat", a range "mon-fri", or a list [mon, wed].',
  );

export const weeklyWindowSchema = z
  .strictObject({
    days: daysSchema,
    from: timeSchema.describe('Opening time, local "HH:MM" (00:00-23:59).'),
    to: timeSchema.describe('Closing time, local "HH:MM" (up to 24:00); earlier than "from" runs past midnight.'),
  })
  .superRefine((window, ctx) => {
    const problem = windowProblem(window.from, window.to);
    if (problem !== undefined) ctx.addIssue({ ...coded('hours.window', problem.message), path: [problem.at] });
  })
  .describe("One weekly opening window in the claim's time zone.");

const RANGE = /^\s*(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})\s*$/;

/** `{ from, to }` of an `"HH:MM-HH:MM"` text, if it has that shape. */
export function splitRange(text: string): { from: string; to: string } | undefined {
  const match = RANGE.exec(text);
  return match === null ? undefined : { from: match[1] as string, to: match[2] as string };
}

const rangeSchema = z
  .string()
  .superRefine((text, ctx) => {
    const range = splitRange(text);
    if (range === undefined || !TIME.test(range.from) || !TIME.test(range.to)) {
      ctx.addIssue(
        coded('hours.window', `${JSON.stringify(text)} is not a time range; write "HH:MM-HH:MM" such as "09:00-13:00"`),
      );
      return;
    }
    const problem = windowProblem(range.from, range.to);
    if (problem !== undefined) ctx.addIssue(coded('hours.window', problem.message));
  })
  .meta({ pattern: RANGE.source });

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (text: string): boolean => {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
};

export const holidaySchema = z
  .strictObject({
    date: z
      .string()
      .regex(DATE, {
        abort: true,
        error: (iss) => `${JSON.stringify(iss.input)} is not a date; write "YYYY-MM-DD" such as "2026-12-25"`,
      })
      .refine(isRealDate, {
        params: { code: 'hours.date' },
        error: (iss) => `${JSON.stringify(iss.input)} is not a date in the calendar`,
      })
      .describe('The local date, "YYYY-MM-DD".'),
    name: z.string().trim().min(1).describe('What the day is, e.g. "Christmas Day".'),
    hours: z
      .array(rangeSchema)
      .optional()
      .describe('Reduced opening hours that day, as "HH:MM-HH:MM" ranges. Leave out for a day closed all day.'),
  })
  .describe('A dated exception to the weekly hours.');

export const holidaysSchema = z.array(holidaySchema).superRefine((holidays, ctx) => {
  const seen = new Set<string>();
  holidays.forEach((holiday, index) => {
    if (seen.has(holiday.date)) {
      ctx.addIssue({
        ...coded('service.holiday-twice', `${holiday.date} is listed twice; keep one entry per date`),
        path: [index, 'date'],
      });
    }
    seen.add(holiday.date);
  });
});
