import { localTime } from '../calendar/zoned-time.ts';
import { validationError } from '../errors.ts';
import { FIELD_SPECS, NICKNAMES, parseField, type ParsedField } from './cron-fields.ts';

/**
 * A parsed cron expression in node-cron syntax: 5 fields (`minute hour day-of-month month day-of-week`) or 6 with
 * seconds first. Days combine by the classic (Vixie) rule: when both day fields are restricted (neither starts
 * with `*` nor is `?`), a day matches if EITHER matches; otherwise both must (one of them then allows every day).
 */
export interface CronExpression {
  readonly source: string;
  /** The six fields as written (a 5-field expression gets second "0"), after resolving a nickname. */
  readonly fields: readonly [string, string, string, string, string, string];
  /** Seconds that fire, ascending. */
  readonly seconds: readonly number[];
  readonly minutes: readonly boolean[];
  readonly hours: readonly boolean[];
  /** Indexed 1-31. */
  readonly daysOfMonth: readonly boolean[];
  /** Indexed 1-12. */
  readonly months: readonly boolean[];
  /** Indexed 0-6, 0 = Sunday (7 in the expression is Sunday too). */
  readonly daysOfWeek: readonly boolean[];
  /** `or` when both day fields are restricted (the classic rule), else `and`. */
  readonly dayRule: 'and' | 'or';
}

const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const parsed = new Map<string, CronExpression>();

/** Parses a cron expression; throws a validation KeptError (`cron.invalid`) that names the bad field. */
export function parseCron(expression: string): CronExpression {
  const hit = parsed.get(expression);
  if (hit !== undefined) return hit;
  const text = NICKNAMES[expression.trim().toLowerCase()] ?? expression.trim();
  if (!/^[a-zA-Z0-9*/,?\- ]+$/.test(text)) {
    throw validationError(
      'cron.invalid',
      `cron "${expression}" has characters other than digits, names, spaces and * / , - ?`,
    );
  }
  const raw = text.split(/ +/);
  if (raw.length !== 5 && raw.length !== 6) {
    throw validationError(
      'cron.invalid',
      `cron "${expression}" has ${raw.length} fields; write 5 (minute hour day month weekday) or 6 (seconds first)`,
    );
  }
  const fields = (raw.length === 5 ? ['0', ...raw] : raw) as unknown as CronExpression['fields'];
  const [second, minute, hour, dom, month, dow] = fields.map((field, i) =>
    parseField(expression, FIELD_SPECS[i] as (typeof FIELD_SPECS)[number], field),
  ) as [ParsedField, ParsedField, ParsedField, ParsedField, ParsedField, ParsedField];
  const possible = month.allowed.some(
    (on, m) => on && dom.allowed.some((d, day) => d && day <= (DAYS_IN_MONTH[m] ?? 0)),
  );
  if (!possible) {
    throw validationError('cron.invalid', `cron "${expression}" names a day of month that none of its months has`);
  }
  const cron: CronExpression = {
    source: expression,
    fields,
    seconds: second.allowed.flatMap((on, s) => (on ? [s] : [])),
    minutes: minute.allowed,
    hours: hour.allowed,
    daysOfMonth: dom.allowed,
    months: month.allowed,
    daysOfWeek: dow.allowed,
    dayRule: dom.star || dow.star ? 'and' : 'or',
  };
  if (parsed.size > 1_000) parsed.clear();
  parsed.set(expression, cron);
  return cron;
}

/** Whether `expression` parses. */
export function isCron(expression: string): boolean {
  try {
    parseCron(expression);
    return true;
  } catch {
    return false;
  }
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** The zone's offset at a minute: its local reading taken as if it were UTC, minus the instant. */
function offsetAt(minuteMs: number, timeZone: string): number {
  const local = localTime(minuteMs, timeZone);
  const [y, m, d] = [Number(local.date.slice(0, 4)), Number(local.date.slice(5, 7)), Number(local.date.slice(8, 10))];
  return Date.UTC(y, m - 1, d) + local.minuteOfDay * MINUTE_MS - minuteMs;
}

/** The first minute in (from, to] whose offset differs from `offset`; `to` must differ. Binary search. */
function offsetChange(from: number, to: number, offset: number, timeZone: string): number {
  let lo = from;
  let hi = to;
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (offsetAt(mid, timeZone) === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}

function indexesOf(allowed: readonly boolean[]): number[] {
  return allowed.flatMap((on, i) => (on ? [i] : []));
}

function dayMatches(cron: CronExpression, wallDay: Date): boolean {
  if (cron.months[wallDay.getUTCMonth() + 1] !== true) return false;
  const dom = cron.daysOfMonth[wallDay.getUTCDate()] === true;
  const dow = cron.daysOfWeek[wallDay.getUTCDay()] === true;
  return cron.dayRule === 'and' ? dom && dow : dom || dow;
}

/** Matching minutes of [from, to) while the zone's offset is constant: plain arithmetic on the wall clock. */
function* minutesAtOffset(cron: CronExpression, from: number, to: number, offset: number): Generator<number> {
  const hours = indexesOf(cron.hours);
  const minutes = indexesOf(cron.minutes);
  const [wallFrom, wallTo] = [from + offset, to + offset];
  for (let day = Math.floor(wallFrom / DAY_MS) * DAY_MS; day < wallTo; day += DAY_MS) {
    if (!dayMatches(cron, new Date(day))) continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        const wall = day + hour * HOUR_MS + minute * MINUTE_MS;
        if (wall >= wallFrom && wall < wallTo) yield wall - offset;
      }
    }
  }
}

/**
 * Starts (epoch ms, ascending) of the real minutes in [fromMs, toMs), widened to whole minutes, whose local reading
 * in `timeZone` matches the minute, hour and day fields. Reads the zone's offset at both ends of each day (and
 * bisects to the minute when it changed: at most one change a day, as in every zone's rules today), then does
 * wall-clock arithmetic, so a week costs a few dozen Intl readings.
 */
function* matchingMinutes(cron: CronExpression, timeZone: string, fromMs: number, toMs: number): Generator<number> {
  let start = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS;
  const stop = Math.ceil(toMs / MINUTE_MS) * MINUTE_MS;
  while (start < stop) {
    const offset = offsetAt(start, timeZone);
    const last = Math.min(start + DAY_MS, stop) - MINUTE_MS;
    const end = offsetAt(last, timeZone) === offset ? last + MINUTE_MS : offsetChange(start, last, offset, timeZone);
    yield* minutesAtOffset(cron, start, end, offset);
    start = end;
  }
}

function resolve(expression: string | CronExpression): CronExpression {
  return typeof expression === 'string' ? parseCron(expression) : expression;
}

/**
 * Fire times (epoch ms, ascending) in [fromMs, toMs), at most `limit`. An instant fires when its local reading in
 * `timeZone` matches the expression, so a local time that does not exist (the spring-forward hour) never fires and
 * one that happens twice (the fall-back hour) fires at both real instants.
 */
export function nextFireTimes(
  expression: string | CronExpression,
  timeZone: string,
  fromMs: number,
  toMs: number,
  limit = Number.POSITIVE_INFINITY,
): number[] {
  const cron = resolve(expression);
  const out: number[] = [];
  if (limit <= 0) return out;
  for (const minute of matchingMinutes(cron, timeZone, fromMs, toMs)) {
    for (const second of cron.seconds) {
      const t = minute + second * 1_000;
      if (t < fromMs) continue;
      if (t >= toMs) return out;
      out.push(t);
      if (out.length >= limit) return out;
    }
  }
  return out;
}

export interface FireCount {
  readonly count: number;
  /** First and last fire time, when there is one. */
  readonly first?: number;
  readonly last?: number;
}

/** How many fire times fall in [fromMs, toMs), and the first and last, without listing them all. */
export function countFireTimes(
  expression: string | CronExpression,
  timeZone: string,
  fromMs: number,
  toMs: number,
): FireCount {
  const cron = resolve(expression);
  let count = 0;
  let first: number | undefined;
  let last: number | undefined;
  for (const minute of matchingMinutes(cron, timeZone, fromMs, toMs)) {
    const whole = minute >= fromMs && minute + MINUTE_MS <= toMs;
    const seconds = whole
      ? cron.seconds
      : cron.seconds.filter((s) => minute + s * 1_000 >= fromMs && minute + s * 1_000 < toMs);
    if (seconds.length === 0) continue;
    count += seconds.length;
    first ??= minute + (seconds[0] as number) * 1_000;
    last = minute + (seconds[seconds.length - 1] as number) * 1_000;
  }
  return first === undefined ? { count } : { count, first, last: last as number };
}
