import type { Holiday, Hours, WeeklyWindow } from '../claim.ts';
import { localTime, previousDate, type LocalTime } from './zoned-time.ts';

const DAY_MINUTES = 1_440;

type DayWindow = Omit<WeeklyWindow, 'days'>;
type WeeklyHours = Extract<Hours, { kind: 'weekly' }>;

function holidayOn(holidays: readonly Holiday[], date: string): Holiday | undefined {
  return holidays.find((holiday) => holiday.date === date);
}

/** The windows that open on a local date: the holiday's own if it is one, else the weekly ones for that weekday. */
function windowsOpeningOn(hours: WeeklyHours, local: Pick<LocalTime, 'date' | 'weekday'>): readonly DayWindow[] {
  const holiday = holidayOn(hours.holidays, local.date);
  if (holiday !== undefined) return holiday.windows;
  return hours.windows.filter((window) => window.days.includes(local.weekday));
}

/**
 * Whether a window is open at some minute of [fromMinute, toMinute) of a local day: one opening that day, or one that
 * opened the day before and runs past midnight.
 */
function openDuring(hours: WeeklyHours, local: LocalTime, fromMinute: number, toMinute: number): boolean {
  if (windowsOpeningOn(hours, local).some((w) => w.fromMinute < toMinute && fromMinute < w.toMinute)) return true;
  const yesterday = { date: previousDate(local.date), weekday: ((local.weekday + 6) % 7) as LocalTime['weekday'] };
  return windowsOpeningOn(hours, yesterday).some(
    (w) => w.toMinute > DAY_MINUTES && fromMinute + DAY_MINUTES < w.toMinute,
  );
}

/**
 * Whether a claim's hours are in force at an instant. Weekly windows are local wall-clock times, so they follow the
 * zone's daylight-saving changes: a 09:00-17:00 window is 8 hours long on both change days. A window that runs past
 * midnight (`toMinute` > 1440) belongs to the day it opens on, so a holiday closes the night that starts on it.
 */
export function isInForce(hours: Hours, epochMs: number): boolean {
  if (hours.kind === 'always') return true;
  const local = localTime(epochMs, hours.timeZone);
  return openDuring(hours, local, local.minuteOfDay, local.minuteOfDay + 1);
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const QUARTER_MS = 15 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * Whether the claim is in force at each of `count` whole minutes from `fromMs` (`fromMs` on a minute), as `isInForce`
 * says, with one zone lookup per UTC quarter hour instead of one per minute (every zone's offset, its changes and its
 * local midnights fall on UTC quarter hours). For judging intervals (collectors' readings) minute by minute.
 */
export function inForceByMinute(hours: Hours, fromMs: number, count: number): boolean[] {
  const out = new Array<boolean>(count);
  let local: LocalTime | undefined;
  let base = 0;
  for (let i = 0; i < count; i += 1) {
    if (hours.kind === 'always') {
      out[i] = true;
      continue;
    }
    const t = fromMs + i * MINUTE_MS;
    if (local === undefined || t % QUARTER_MS === 0) {
      local = localTime(t, hours.timeZone);
      base = i;
    }
    const minute = local.minuteOfDay + (i - base);
    out[i] = openDuring(hours, local, minute, minute + 1);
  }
  return out;
}
const NOT_IN_FORCE = -1;
const slotCache = new Map<string, ReadonlySet<number>>();
const dayCache = new Map<string, Int16Array>();
const hoursKeys = new WeakMap<Hours, string>();

function keyOf(hours: Hours): string {
  let key = hoursKeys.get(hours);
  if (key === undefined) {
    key = JSON.stringify(hours);
    hoursKeys.set(hours, key);
  }
  return key;
}

/** The slot in force during [from, to) of one UTC quarter hour, or -1. */
function quarterSlot(hours: Hours, quarter: number, fromMs: number, toMs: number): number {
  const local = localTime(quarter, hours.timeZone);
  const from = local.minuteOfDay + Math.floor((Math.max(quarter, fromMs) - quarter) / MINUTE_MS);
  const to = local.minuteOfDay + Math.ceil((Math.min(quarter + QUARTER_MS, toMs) - quarter) / MINUTE_MS);
  if (from >= to) return NOT_IN_FORCE;
  return hours.kind === 'always' || openDuring(hours, local, from, to) ? local.weekday * 24 + local.hour : NOT_IN_FORCE;
}

/** The slot of each of the 96 whole UTC quarter hours of a UTC day, computed once per distinct hours and day. */
function daySlots(hours: Hours, hoursKey: string, day: number): Int16Array {
  const key = `${hoursKey}|${day}`;
  let slots = dayCache.get(key);
  if (slots === undefined) {
    slots = new Int16Array(96);
    for (let q = 0; q < 96; q += 1) {
      const quarter = day + q * QUARTER_MS;
      slots[q] = quarterSlot(hours, quarter, quarter, quarter + QUARTER_MS);
    }
    if (dayCache.size > 200_000) dayCache.clear();
    dayCache.set(key, slots);
  }
  return slots;
}

/**
 * The hour-of-week slots (0 = Monday 00:00 … 167 = Sunday 23:00, local to the claim's zone) in which the claim is in
 * force at some moment of [fromMs, toMs): the hours a verdict must see probed. Every zone's offset, and every offset
 * change, falls on a UTC quarter hour, so each UTC quarter hour is one stretch of a single local hour; it counts when
 * any window is open in the part of it inside [fromMs, toMs), to the minute (a 09:50-17:00 window promises 09:00).
 * Whole quarters are read from per-day tables shared by every claim with the same hours, so judging 1,000 claims
 * over 90 days costs a few table scans, not a million time-zone conversions. Windows longer than a year are cut to a
 * year.
 */
export function promisedSlots(hours: Hours, fromMs: number, toMs: number): ReadonlySet<number> {
  const start = Math.floor(fromMs / QUARTER_MS) * QUARTER_MS;
  const end = Math.min(toMs, start + 366 * DAY_MS);
  const hoursKey = keyOf(hours);
  const key = `${hoursKey}|${fromMs}|${end}`;
  const hit = slotCache.get(key);
  if (hit !== undefined) return hit;
  const slots = new Set<number>();
  let quarter = start;
  while (quarter < end && slots.size < 168) {
    const whole = quarter >= fromMs && quarter + QUARTER_MS <= end;
    if (whole && quarter % DAY_MS === 0 && quarter + DAY_MS <= end) {
      for (const slot of daySlots(hours, hoursKey, quarter)) if (slot !== NOT_IN_FORCE) slots.add(slot);
      quarter += DAY_MS;
      continue;
    }
    const slot = quarterSlot(hours, quarter, fromMs, end);
    if (slot !== NOT_IN_FORCE) slots.add(slot);
    quarter += QUARTER_MS;
  }
  if (slotCache.size > 10_000) slotCache.clear();
  slotCache.set(key, slots);
  return slots;
}
