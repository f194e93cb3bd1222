import { validationError } from '../../../domain/errors.ts';

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names standing for `min`, `min + 1`, …: `jan` is month 1, `sun` weekday 0. */
  readonly names: readonly string[];
}

/** Field bounds of a five-field cron expression (minute hour day-of-month month day-of-week). */
const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59, names: [] },
  { name: 'hour', min: 0, max: 23, names: [] },
  { name: 'day of month', min: 1, max: 31, names: [] },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  },
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

const MINUTE_MS = 60_000;
const DAY_MS = 1_440 * MINUTE_MS;
/** Two years of minutes: long enough to see every gap of a yearly schedule, including the wrap into the next year. */
const SCAN_DAYS = 2 * 366;
/** A Monday at 00:00 UTC; where the scan starts makes no difference to the longest gap. */
const SCAN_START_MS = Date.UTC(2026, 0, 5);

interface Field {
  readonly values: ReadonlySet<number>;
  readonly any: boolean;
}

function parseValue(text: string, field: FieldSpec, expression: string): number {
  const named = field.names.indexOf(text.toLowerCase());
  if (named >= 0) return named + field.min;
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < field.min || n > field.max) {
    throw validationError('cron.invalid', `cron "${expression}": "${text}" is not a valid ${field.name}`);
  }
  return n;
}

function parseField(text: string, field: FieldSpec, expression: string): Field {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) {
      throw validationError('cron.invalid', `cron "${expression}": "${part}" has an invalid step in the ${field.name}`);
    }
    let from: number = field.min;
    let to: number = field.max;
    if (range !== '*') {
      const [a = '', b] = range.split('-');
      from = parseValue(a, field, expression);
      to = b === undefined ? (stepText === undefined ? from : field.max) : parseValue(b, field, expression);
    }
    if (from > to)
      throw validationError('cron.invalid', `cron "${expression}": "${part}" runs backwards in the ${field.name}`);
    for (let v = from; v <= to; v += step) values.add(field.name === 'day of week' && v === 7 ? 0 : v);
  }
  return { values, any: text.startsWith('*') };
}

/**
 * The longest time between two consecutive runs of a cron schedule (node-cron syntax, five fields or six with
 * seconds first), in milliseconds. Runs are found at minute resolution in UTC: a seconds field counts as "some time
 * in that minute", and daylight-saving days can stretch a gap by up to an hour; callers add slack for both.
 * When both day of month and day of week are restricted (neither starts with `*`), a day matches either, as in
 * Vixie cron; otherwise it must match both.
 */
export function maxCronGapMs(expression: string): number {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) {
    throw validationError(
      'cron.invalid',
      `cron "${expression}" needs five fields (or six with seconds), not ${parts.length}`,
    );
  }
  const fields = parts.slice(parts.length - 5).map((text, i) => parseField(text, FIELDS[i] as FieldSpec, expression));
  const [minute, hour, dom, month, dow] = fields as [Field, Field, Field, Field, Field];
  const minutesOfDay: number[] = [];
  for (const h of [...hour.values].sort((a, b) => a - b)) {
    for (const m of [...minute.values].sort((a, b) => a - b)) minutesOfDay.push(h * 60 + m);
  }
  let previous: number | null = null;
  let longest = 0;
  for (let day = 0; day < SCAN_DAYS; day += 1) {
    const date = new Date(SCAN_START_MS + day * DAY_MS);
    if (!month.values.has(date.getUTCMonth() + 1)) continue;
    const domMatch = dom.values.has(date.getUTCDate());
    const dowMatch = dow.values.has(date.getUTCDay());
    const dayMatches = dom.any || dow.any ? domMatch && dowMatch : domMatch || dowMatch;
    if (!dayMatches) continue;
    for (const m of minutesOfDay) {
      const at = date.getTime() + m * MINUTE_MS;
      if (previous !== null) longest = Math.max(longest, at - previous);
      previous = at;
    }
  }
  if (longest === 0) throw validationError('cron.never', `cron "${expression}" runs less than twice in two years`);
  return longest;
}
