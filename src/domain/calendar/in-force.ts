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

const HOUR_MS = 3_600_000;
const STEP_MS = 15 * 60_000;
const slotCache = new Map<string, ReadonlySet<number>>();

/**
 * The hour-of-week slots (0 = Monday 00:00 … 167 = Sunday 23:00, local to the claim's zone) in which the claim is in
 * force at some moment of [fromMs, toMs), sampled every 15 minutes. These are the hours a verdict must see probed.
 */
export function promisedSlots(hours: Hours, fromMs: number, toMs: number): ReadonlySet<number> {
  const start = Math.floor(fromMs / STEP_MS) * STEP_MS;
  const end = Math.min(toMs, start + 366 * 24 * HOUR_MS);
  const key = `${JSON.stringify(hours)}|${start}|${Math.ceil(end / STEP_MS)}`;
  const hit = slotCache.get(key);
  if (hit !== undefined) return hit;
  const slots = new Set<number>();
  for (let t = start; t < end && slots.size < 168; t += STEP_MS) {
    if (t + STEP_MS <= fromMs) continue;
    if (isInForce(hours, t)) {
      const local = localTime(t, hours.timeZone);
      slots.add(local.weekday * 24 + local.hour);
    }
  }
  if (slotCache.size > 10_000) slotCache.clear();
  slotCache.set(key, slots);
  return slots;
}
