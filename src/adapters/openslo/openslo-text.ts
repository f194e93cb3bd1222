import type { Holiday, Hours, WeeklyWindow } from '../../domain/claim.ts';

const MINUTE = 60_000;
/** OpenSLO's duration shorthand has no seconds: minutes, hours, days (weeks, months, quarters, years unused here). */
const SHORTHAND_UNITS: readonly (readonly [string, number])[] = [
  ['d', 1_440 * MINUTE],
  ['h', 60 * MINUTE],
  ['m', MINUTE],
];

/**
 * A duration as OpenSLO's shorthand (`^[1-9][0-9]*[mhdwMQY]$`) in the largest unit that divides it: `7d`, `90m`.
 * Durations that are not whole minutes are rounded up to the next minute (the shorthand's smallest unit); `exact`
 * says whether that happened.
 */
export function durationShorthand(ms: number): { readonly text: string; readonly exact: boolean } {
  const minutes = Math.max(1, Math.ceil(ms / MINUTE));
  const [unit, size] = SHORTHAND_UNITS.find(([, size]) => (minutes * MINUTE) % size === 0) as readonly [string, number];
  return { text: `${(minutes * MINUTE) / size}${unit}`, exact: minutes * MINUTE === ms };
}

const RFC1123_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * An OpenSLO object name (an RFC 1123 label) from Kept's text: lowercased, every run of other characters made one `-`,
 * cut to 63 characters. Names that are already labels are kept as they are.
 */
export function objectName(text: string): string {
  if (RFC1123_LABEL.test(text)) return text;
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 63)
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'unnamed' : slug;
}

/** An object name made of parts, each part cut so the whole stays within 63 characters with the suffix kept. */
export function suffixedName(base: string, suffix: string): string {
  return `${objectName(base)
    .slice(0, 62 - suffix.length)
    .replace(/-+$/, '')}-${suffix}`;
}

/** A label value as OpenSLO allows it (at most 63 alphanumerics, `-`, `_`, `.`), or undefined when Kept's is not. */
export function labelValue(text: string): string | undefined {
  return /^[a-zA-Z0-9]([a-zA-Z0-9._-]{0,61}[a-zA-Z0-9])?$/.test(text) ? text : undefined;
}

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** Weekdays as runs: [0,1,2,3,4] is "Mon-Fri", [0,2] is "Mon,Wed", every day is "daily". */
export function daysText(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return 'daily';
  const runs: [number, number][] = [];
  for (const day of sorted) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[1] === day - 1) last[1] = day;
    else runs.push([day, day]);
  }
  return runs.map(([from, to]) => (from === to ? DAY_NAMES[from] : `${DAY_NAMES[from]}-${DAY_NAMES[to]}`)).join(',');
}

/** Minutes since midnight as `HH:MM`; past midnight wraps (1560 is `02:00`), and 1440 as an end is `24:00`. */
export function clockText(minute: number, end = false): string {
  const wrapped = end && minute === 1_440 ? 1_440 : minute % 1_440;
  return `${String(Math.floor(wrapped / 60)).padStart(2, '0')}:${String(wrapped % 60).padStart(2, '0')}`;
}

function windowText(window: Omit<WeeklyWindow, 'days'>): string {
  return `${clockText(window.fromMinute)}-${clockText(window.toMinute, true)}`;
}

function holidayText(holiday: Holiday): string {
  const hours = holiday.windows.length === 0 ? 'closed' : holiday.windows.map(windowText).join(',');
  return `${holiday.date} ${hours} (${holiday.name})`;
}

/** When a claim is in force, in words: `24/7` or `Mon-Fri 09:00-17:00; Sat 09:00-17:00 Europe/London`. */
export function hoursText(hours: Hours): string {
  if (hours.kind === 'always') return '24/7 (holidays included)';
  const windows = hours.windows.map((window) => `${daysText(window.days)} ${windowText(window)}`).join('; ');
  return `${windows} ${hours.timeZone}`;
}

/** The dated exceptions to a claim's weekly hours, or undefined when it has none. */
export function holidaysText(hours: Hours): string | undefined {
  if (hours.kind === 'always' || hours.holidays.length === 0) return undefined;
  return hours.holidays.map(holidayText).join('; ');
}
