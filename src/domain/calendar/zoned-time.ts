import type { Weekday } from '../claim.ts';

/** Local wall-clock reading of an instant in a time zone. */
export interface LocalTime {
  /** `YYYY-MM-DD` */
  readonly date: string;
  readonly weekday: Weekday;
  readonly hour: number;
  readonly minute: number;
  /** Minutes since local midnight. */
  readonly minuteOfDay: number;
}

const WEEKDAYS: Record<string, Weekday> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether the runtime knows `timeZone` as an IANA zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const MINUTE_MS = 60_000;
const CACHE_LIMIT = 200_000;
const cache = new Map<string, LocalTime>();

/** The local time of `epochMs` in `timeZone`, to the minute. Readings are cached per zone and minute. */
export function localTime(epochMs: number, timeZone: string): LocalTime {
  const minute = Math.floor(epochMs / MINUTE_MS);
  const key = `${timeZone}|${minute}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(minute * MINUTE_MS)) parts[part.type] = part.value;
  const hour = Number(parts.hour);
  const min = Number(parts.minute);
  const reading: LocalTime = {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday as string] as Weekday,
    hour,
    minute: min,
    minuteOfDay: hour * 60 + min,
  };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, reading);
  return reading;
}

/** Hour of the week, 0 = Monday 00:00-00:59 … 167 = Sunday 23:00-23:59, local to `timeZone`. */
export function hourOfWeek(epochMs: number, timeZone: string): number {
  const local = localTime(epochMs, timeZone);
  return local.weekday * 24 + local.hour;
}

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** A label such as "Sun 03:00" for an hour-of-week slot. */
export function hourOfWeekLabel(slot: number): string {
  const day = DAY_NAMES[Math.floor(slot / 24)] ?? '?';
  return `${day} ${String(slot % 24).padStart(2, '0')}:00`;
}

/** The previous local date of a `YYYY-MM-DD` date. */
export function previousDate(date: string): string {
  let previous = previousDates.get(date);
  if (previous === undefined) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    previous = new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
    if (previousDates.size > 10_000) previousDates.clear();
    previousDates.set(date, previous);
  }
  return previous;
}

const previousDates = new Map<string, string>();
