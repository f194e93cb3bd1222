import type { Hours, Weekday, WeeklyWindow } from '../claim.ts';
import { localTime } from './zoned-time.ts';

/**
 * Business-day arithmetic in a claim's calendar: its weekly hours and holidays, in its time zone. A business day is a
 * local date on which some window opens (a holiday's own windows replace the weekly ones; a closed holiday is no
 * business day); it closes at the end of its last window. A 24/7 claim (`always`) has no business hours of its own:
 * its business days are Monday to Friday, 00:00-24:00. Used by claims whose promise counts business time
 * (`clock: business`) and by the promises email auto-replies make (src/domain/email/auto-reply-claim.ts).
 */

/**
 * When something is due, counted from the moment it was asked for:
 * - elapsed: wall-clock time ("within 24 hours");
 * - business-hours: that many hours of the calendar's opening hours ("within 4 business hours");
 * - business-days: by the close of the Nth business day after the day of receipt ("in 2 business days"; "by the end
 *   of the next working day" is 1, "the same business day" is 0);
 * - calendar-days: by local midnight ending the Nth day after the day of receipt ("by tomorrow" is 1).
 */
export type Deadline =
  | { readonly kind: 'elapsed'; readonly ms: number }
  | { readonly kind: 'business-hours'; readonly hours: number }
  | { readonly kind: 'business-days'; readonly days: number }
  | { readonly kind: 'calendar-days'; readonly days: number };

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1_440;
/** How far ahead the arithmetic looks for business days before giving up on a calendar with none. */
const SEARCH_DAYS = 800;

type DayWindow = Omit<WeeklyWindow, 'days'>;

function utcOfDate(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

/** The local date `n` days after a `YYYY-MM-DD` date (n may be negative). */
export function addDays(date: string, n: number): string {
  return new Date(utcOfDate(date) + n * 86_400_000).toISOString().slice(0, 10);
}

function weekdayOf(date: string): Weekday {
  return ((new Date(utcOfDate(date)).getUTCDay() + 6) % 7) as Weekday;
}

/**
 * The instant a local wall-clock time (date plus minutes since its midnight, possibly past 1440) occurs in a zone.
 * In a daylight-saving gap it lands just after the gap; in an overlap, on one of the two readings.
 */
export function epochOfLocal(date: string, minute: number, timeZone: string): number {
  const target = utcOfDate(date) + minute * MINUTE_MS;
  let guess = target;
  for (let i = 0; i < 4; i += 1) {
    const local = localTime(guess, timeZone);
    const diff = utcOfDate(local.date) + local.minuteOfDay * MINUTE_MS - target;
    if (diff === 0) break;
    guess -= diff;
  }
  return guess;
}

/** The windows that open on a local date, in minutes since its midnight. */
export function windowsOn(hours: Hours, date: string): readonly DayWindow[] {
  const weekday = weekdayOf(date);
  if (hours.kind === 'always') return weekday <= 4 ? [{ fromMinute: 0, toMinute: DAY_MINUTES }] : [];
  const holiday = hours.holidays.find((h) => h.date === date);
  if (holiday !== undefined) return holiday.windows;
  return hours.windows.filter((w) => w.days.includes(weekday));
}

/** When the business day on `date` closes (epoch ms), or undefined when `date` is no business day. */
export function closeOf(hours: Hours, date: string): number | undefined {
  const windows = windowsOn(hours, date);
  if (windows.length === 0) return undefined;
  return epochOfLocal(date, Math.max(...windows.map((w) => w.toMinute)), hours.timeZone);
}

/** The business day a mail arriving at `at` counts as received on: today if open or still to open, else the next. */
function dayOfReceipt(hours: Hours, at: number): string | undefined {
  let date = localTime(at, hours.timeZone).date;
  for (let i = 0; i < SEARCH_DAYS; i += 1, date = addDays(date, 1)) {
    const close = closeOf(hours, date);
    if (close !== undefined && close > at) return date;
  }
  return undefined;
}

function nthBusinessDayClose(hours: Hours, from: string, n: number): number | undefined {
  let date = from;
  let left = n;
  for (let i = 0; i < SEARCH_DAYS; i += 1) {
    const close = closeOf(hours, date);
    if (close !== undefined) {
      if (left === 0) return close;
      left -= 1;
    }
    date = addDays(date, 1);
  }
  return undefined;
}

/** The instant `hours` of open time have passed since `at`, counting only the calendar's windows. */
function afterBusinessHours(hours: Hours, at: number, businessHours: number): number | undefined {
  let left = businessHours * 60 * MINUTE_MS;
  let date = addDays(localTime(at, hours.timeZone).date, -1);
  for (let i = 0; i < SEARCH_DAYS; i += 1, date = addDays(date, 1)) {
    const spans = windowsOn(hours, date)
      .map(
        (w) =>
          [epochOfLocal(date, w.fromMinute, hours.timeZone), epochOfLocal(date, w.toMinute, hours.timeZone)] as const,
      )
      .sort((a, b) => a[0] - b[0]);
    for (const [open, close] of spans) {
      const from = Math.max(open, at);
      if (close <= from) continue;
      if (close - from >= left) return from + left;
      left -= close - from;
    }
  }
  return undefined;
}

/**
 * The instant by which something asked for at `receivedAt` is due, in the calendar of `hours`. Business days end at
 * the close of the Nth business day after the day of receipt (a request received after closing, or on a closed day,
 * counts from the next business day): the most favourable reading for the promiser. Returns undefined only for a
 * calendar with no business day in the next two years.
 */
export function deadlineAfter(deadline: Deadline, receivedAt: number, hours: Hours): number | undefined {
  switch (deadline.kind) {
    case 'elapsed':
      return receivedAt + deadline.ms;
    case 'calendar-days': {
      const today = localTime(receivedAt, hours.timeZone).date;
      return epochOfLocal(addDays(today, deadline.days + 1), 0, hours.timeZone);
    }
    case 'business-hours':
      return afterBusinessHours(hours, receivedAt, deadline.hours);
    case 'business-days': {
      const first = dayOfReceipt(hours, receivedAt);
      return first === undefined ? undefined : nthBusinessDayClose(hours, first, deadline.days);
    }
  }
}

/** A Monday in winter (2026-01-05): the reference fortnight `longestWaitMs` reads a calendar's weekly hours in. */
const REFERENCE_MONDAY = '2026-01-05';
const DAY_MS = 86_400_000;

/** The local instants at which some window opens or closes on a date. */
function edgesOn(hours: Hours, date: string): number[] {
  return windowsOn(hours, date).flatMap((w) =>
    [w.fromMinute, w.toMinute].map((m) => epochOfLocal(date, m, hours.timeZone)),
  );
}

/**
 * The longest a deadline can take in elapsed time, in the calendar of `hours`: what a probe must be able to wait to
 * judge every attempt. Elapsed deadlines take their own length; calendar ones are longest when asked for just as
 * the business day closes before a weekend or a holiday, so it reads every opening and closing of a reference
 * fortnight, and of the days leading up to each holiday. Undefined for a calendar with no business days.
 */
export function longestWaitMs(deadline: Deadline, hours: Hours): number | undefined {
  if (deadline.kind === 'elapsed') return deadline.ms;
  if (deadline.kind === 'calendar-days') return (deadline.days + 1) * DAY_MS;
  const holidays = hours.kind === 'weekly' ? hours.holidays.map((h) => h.date) : [];
  const dates = new Set<string>();
  for (let d = 0; d < 14; d += 1) dates.add(addDays(REFERENCE_MONDAY, d));
  for (const date of holidays) for (let d = -4; d <= 0; d += 1) dates.add(addDays(date, d));
  let longest: number | undefined;
  for (const date of dates) {
    for (const start of edgesOn(hours, date)) {
      const due = deadlineAfter(deadline, start, hours);
      if (due === undefined) return undefined;
      longest = Math.max(longest ?? 0, due - start);
    }
  }
  return longest;
}
