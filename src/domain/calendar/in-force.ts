import type { Holiday, Hours, WeeklyWindow } from '../claim.ts';
import { localTime, previousDate, type LocalTime } from './zoned-time.ts';

const DAY_MINUTES = 1_440;

type DayWindow = Omit<WeeklyWindow, 'days'>;

function holidayOn(holidays: readonly Holiday[], date: string): Holiday | undefined {
  return holidays.find((holiday) => holiday.date === date);
}

/** The windows that open on a local date: the holiday's own if it is one, else the weekly ones for that weekday. */
function windowsOpeningOn(hours: Extract<Hours, { kind: 'weekly' }>, local: Pick<LocalTime, 'date' | 'weekday'>): readonly DayWindow[] {
  const holiday = holidayOn(hours.holidays, local.date);
  if (holiday !== undefined) return holiday.windows;
  return hours.windows.filter((window) => window.days.includes(local.weekday));
}

/**
 * Whether a claim's hours are in force at an instant. Weekly windows are local wall-clock times, so they follow the
 * zone's daylight-saving changes: a 09:00-17:00 window is 8 hours long on both change days. A window that runs past
 * midnight (`toMinute` > 1440) belongs to the day it opens on, so a holiday closes the night that starts on it.
 */
export function isInForce(hours: Hours, epochMs: number): boolean {
  if (hours.kind === 'always') return true;
  const local = localTime(epochMs, hours.timeZone);
  const today = windowsOpeningOn(hours, local);
  if (today.some((w) => w.fromMinute <= local.minuteOfDay && local.minuteOfDay < w.toMinute)) return true;
  const yesterday = { date: previousDate(local.date), weekday: ((local.weekday + 6) % 7) as LocalTime['weekday'] };
  const spill = local.minuteOfDay + DAY_MINUTES;
  return windowsOpeningOn(hours, yesterday).some((w) => w.toMinute > DAY_MINUTES && spill < w.toMinute);
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const STEP_MS = 15 * MINUTE_MS;
const slotCache = new Map<string, ReadonlySet<number>>();

/**
 * Minutes past each UTC quarter hour at which being in force can change. Every zone's offset is a whole number of
 * quarter hours, so a local boundary at minute m of the hour falls on UTC minute m modulo 15.
 */
function changeOffsets(hours: Hours): readonly number[] {
  const offsets = new Set<number>([0]);
  if (hours.kind === 'weekly') {
    for (const w of [...hours.windows, ...hours.holidays.flatMap((holiday) => holiday.windows)]) {
      offsets.add(w.fromMinute % 15);
      offsets.add(w.toMinute % 15);
    }
  }
  return [...offsets].sort((a, b) => a - b).map((minutes) => minutes * MINUTE_MS);
}

/**
 * The hour-of-week slots (0 = Monday 00:00 … 167 = Sunday 23:00, local to the claim's zone) in which the claim is in
 * force at some moment of [fromMs, toMs). These are the hours a verdict must see probed. Being in force only changes
 * at window bounds, local midnight and offset changes, so it is sampled at `fromMs`, every quarter hour and at the
 * window bounds' minutes in between (windows such as 09:50-17:00 included). Windows longer than a year are cut.
 */
export function promisedSlots(hours: Hours, fromMs: number, toMs: number): ReadonlySet<number> {
  const start = Math.floor(fromMs / STEP_MS) * STEP_MS;
  const end = Math.min(toMs, start + 366 * 24 * HOUR_MS);
  const key = `${JSON.stringify(hours)}|${fromMs}|${end}`;
  const hit = slotCache.get(key);
  if (hit !== undefined) return hit;
  const slots = new Set<number>();
  const sample = (t: number): void => {
    if (!isInForce(hours, t)) return;
    const local = localTime(t, hours.timeZone);
    slots.add(local.weekday * 24 + local.hour);
  };
  if (fromMs < end) sample(fromMs);
  const offsets = changeOffsets(hours);
  for (let quarter = start; quarter < end && slots.size < 168; quarter += STEP_MS) {
    for (const offset of offsets) {
      const t = quarter + offset;
      if (t > fromMs && t < end) sample(t);
    }
  }
  if (slotCache.size > 10_000) slotCache.clear();
  slotCache.set(key, slots);
  return slots;
}
