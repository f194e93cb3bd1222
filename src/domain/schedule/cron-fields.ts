import { validationError } from '../errors.ts';

/**
 * The grammar of one cron field, as node-cron 4 accepts it (so that anything Kept validates, node-cron schedules):
 * comma-separated items, each `*`, `*∕step`, `n`, `a-b` or `a-b∕step`; a range whose start is after its end wraps
 * around (`22-2` hours, `fri-mon`); names in the month and day-of-week fields; `?` alone for either day field.
 * node-cron's `L`, `W` and `#` extensions are refused: Kept's coverage maths does not model them.
 */
export interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** The value of the first name: 1 for months (jan = 1), 0 for days of the week (sun = 0). */
  readonly nameBase?: number;
  /** Value that reads as another, e.g. day-of-week 7 = 0 (Sunday). */
  readonly alias?: readonly [number, number];
  readonly question?: boolean;
}

export const FIELD_SPECS: readonly FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31, question: true },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
    nameBase: 1,
  },
  {
    name: 'day of week',
    min: 0,
    max: 7,
    names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
    nameBase: 0,
    alias: [7, 0],
    question: true,
  },
];

const FULL_NAMES: Readonly<Record<string, string>> = {
  january: 'jan',
  february: 'feb',
  march: 'mar',
  april: 'apr',
  june: 'jun',
  july: 'jul',
  august: 'aug',
  september: 'sep',
  october: 'oct',
  november: 'nov',
  december: 'dec',
  sunday: 'sun',
  monday: 'mon',
  tuesday: 'tue',
  wednesday: 'wed',
  thursday: 'thu',
  friday: 'fri',
  saturday: 'sat',
};

export interface ParsedField {
  /** `allowed[v]` is true when value v matches; indexes below `min` stay false. */
  readonly allowed: readonly boolean[];
  /** The field starts with `*` or is `?`: for the day fields, "unrestricted" in the sense of the OR rule. */
  readonly star: boolean;
}

function fail(expression: string, spec: FieldSpec, text: string, why: string): never {
  throw validationError('cron.invalid', `cron "${expression}": ${spec.name} field "${text}" ${why}`);
}

function valueOf(expression: string, spec: FieldSpec, field: string, token: string): number {
  const lower = token.toLowerCase();
  const name = FULL_NAMES[lower] ?? lower;
  const index = spec.names?.indexOf(name) ?? -1;
  if (index >= 0) return index + (spec.nameBase ?? 0);
  if (!/^\d+$/.test(token)) fail(expression, spec, field, `has "${token}", which is not a number or a name`);
  const value = Number(token);
  if (value < spec.min || value > spec.max) {
    fail(expression, spec, field, `has ${value}, outside ${spec.min}-${spec.max}`);
  }
  return value;
}

/** Values of a range `a-b` with a step; a start after the end wraps past the field's top (as node-cron does). */
function rangeValues(first: number, last: number, step: number, spec: FieldSpec): number[] {
  const values: number[] = [];
  if (first <= last) {
    for (let v = first; v <= last; v += step) values.push(v);
    return values;
  }
  const top = spec.alias === undefined ? spec.max : spec.max - 1;
  const size = top - spec.min + 1;
  const span = (((last - first) % size) + size) % size;
  for (let offset = 0; offset <= span; offset += step) {
    const v = first + offset;
    values.push(v > top ? v - size : v);
  }
  return values;
}

export function parseField(expression: string, spec: FieldSpec, field: string): ParsedField {
  const allowed = new Array<boolean>(spec.max + 1).fill(false);
  if (field === '?') {
    if (spec.question !== true) fail(expression, spec, field, 'may not be "?" (only the day fields may)');
    for (let v = spec.min; v <= spec.max; v++) allowed[v] = true;
    return finish(allowed, spec, true);
  }
  for (const item of field.split(',')) {
    const match = /^(\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:\/(\d+))?$/i.exec(item);
    if (match === null) {
      fail(
        expression,
        spec,
        field,
        `has "${item}"; write *, n, a-b, */step or a-b/step (L, W and # are not supported)`,
      );
    }
    const [, range, stepText] = match as unknown as [string, string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) fail(expression, spec, field, 'has a step of 0');
    if (range === '*') {
      for (let v = spec.min; v <= (spec.alias === undefined ? spec.max : spec.max - 1); v += step) allowed[v] = true;
      continue;
    }
    const [fromText, toText] = range.split('-') as [string, string | undefined];
    if (toText === undefined && stepText !== undefined) {
      fail(expression, spec, field, `has "${item}"; a step needs a range or * (node-cron refuses "n/step")`);
    }
    const first = valueOf(expression, spec, field, fromText);
    const last = toText === undefined ? first : valueOf(expression, spec, field, toText);
    for (const v of rangeValues(first, last, step, spec)) allowed[v] = true;
  }
  return finish(allowed, spec, field.startsWith('*'));
}

function finish(allowed: boolean[], spec: FieldSpec, star: boolean): ParsedField {
  if (spec.alias !== undefined) {
    const [from, to] = spec.alias;
    if (allowed[from] === true) allowed[to] = true;
    allowed.length = from;
  }
  return { allowed, star };
}

/** Whole-expression shorthands node-cron understands. */
export const NICKNAMES: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
