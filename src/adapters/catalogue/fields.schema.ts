import cron from 'node-cron';
import { z } from 'zod';
import { isTimeZone } from '../../domain/calendar/zoned-time.ts';
import { parseDuration } from '../../domain/duration.ts';
import { closest, didYouMean } from './diagnostic.ts';
import { keyName, labelOf, unlessMissing } from './issue-messages.ts';

/** Zod schemas for the small values the catalogue uses: ids, time zones, durations, cron expressions, shares. */

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/** A custom issue's own code travels in `params.code`; the loader copies it into the diagnostic. */
export const coded = (code: string, message: string) => ({ code: 'custom' as const, message, params: { code } });

const quote = (input: unknown): string => JSON.stringify(input);

export const idSchema = (example: string) =>
  z.string().regex(ID_PATTERN, {
    error: (iss) =>
      `${quote(iss.input)} is not a valid ${keyName(iss.path ?? [])}; use lower-case letters, digits and dashes, such as "${example}"`,
  });

export const nameSchema = z.string().trim().min(1);

const timeZoneNames = (): string[] => ['UTC', ...Intl.supportedValuesOf('timeZone')];

/** An IANA time zone such as `Europe/London`, as the runtime knows it. */
export const timeZoneSchema = z
  .string()
  .refine(isTimeZone, {
    params: { code: 'time-zone.invalid' },
    error: (iss) =>
      `${quote(iss.input)} is not a time zone; use an IANA name such as "${closest(String(iss.input), timeZoneNames()) ?? 'Europe/London'}"`,
  })
  .describe('An IANA time zone name, e.g. "Europe/London" or "America/New_York".');

/** Why `text` is not a usable duration, or undefined when it is one. */
export function durationProblem(text: string, allowZero: boolean): string | undefined {
  try {
    if (parseDuration(text) === 0 && !allowZero) return `${quote(text)} is zero; give a duration longer than that`;
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export const DURATION_PATTERN = '(\\d+(\\.\\d+)?(ms|s|m|h|d|w))+';

/** A duration such as `90s`, `2m`, `1h30m` or `7d`. */
export const durationSchema = (allowZero = false) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? undefined : `${labelOf(iss.path ?? [])} must be a duration such as "90s", "5m" or "7d", not ${quote(iss.input)}`) })
    .superRefine((text, ctx) => {
      const problem = durationProblem(text, allowZero);
      if (problem !== undefined) ctx.addIssue(coded('duration.invalid', problem));
    })
    .meta({ pattern: `^\\s*${DURATION_PATTERN}\\s*$` });

const FIELD_NAMES: Record<string, string> = { dayOfMonth: 'day of month', dayOfWeek: 'day of week' };

function cronProblem(expression: string): string {
  const detail = cron.validateDetailed(expression).errors[0];
  const why =
    detail === undefined
      ? ''
      : detail.field === 'expression'
        ? `: ${detail.message}`
        : `: the ${FIELD_NAMES[detail.field] ?? detail.field} field ${quote(detail.value ?? '')} is not valid`;
  return `${quote(expression)} is not a cron schedule${why}; write five fields "minute hour day-of-month month day-of-week", such as "*/10 * * * *" for every 10 minutes`;
}

/** A five- or six-field cron expression as node-cron reads it. */
export const cronSchema = z
  .string()
  .superRefine((expression, ctx) => {
    if (!cron.validate(expression)) ctx.addIssue(coded('cron.invalid', cronProblem(expression)));
  })
  .describe('A cron expression (5 fields, or 6 with seconds first), e.g. "*/10 * * * *" for every 10 minutes.');

const PERCENT = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/;

/** The share a `target` text or number stands for, or undefined when it is `absolute`. */
export function shareOf(target: string | number): number | undefined {
  if (typeof target === 'number') return target;
  const match = PERCENT.exec(target);
  return match === null ? undefined : Number(`${match[1]}e-2`);
}

/** `absolute`, a percentage such as `95%`, or a share such as 0.95. */
export const targetSchema = z
  .union([
    z.string().superRefine((text, ctx) => {
      if (text === 'absolute') return;
      const share = shareOf(text);
      if (share === undefined) {
        ctx.addIssue(coded('claim.target', `${quote(text)} is not a target; write "absolute" or a percentage such as "95%"${didYouMean(text, ['absolute'])}`));
      } else if (share <= 0 || share > 1) {
        ctx.addIssue(coded('claim.target', `${quote(text)} is not a share; a percentage must be above 0% and at most 100%`));
      }
    }).meta({ pattern: '^(absolute|\\s*\\d+(\\.\\d+)?\\s*%\\s*)$' }),
    z.number().gt(0, { error: 'a share must be above 0 and at most 1, such as 0.95' }).lte(1, { error: 'a share must be above 0 and at most 1, such as 0.95; for every attempt write "absolute"' }),
  ], { error: unlessMissing('"target" must be "absolute", a percentage such as "95%", or a share such as 0.95') })
  .describe('"absolute" (every in-force attempt must meet the promise) or the share that must: "95%" or 0.95.');

/** A URL with a scheme, e.g. `https://events.pagerduty.com/v2/enqueue`. The value is never echoed: it may hold a token. */
export const urlSchema = z.url({
  protocol: /^https?$/,
  error: (iss) =>
    iss.input === undefined ? undefined : `${labelOf(iss.path ?? [])} is not a full URL; write it in full with http:// or https://, such as "https://example.com/hook"`,
});
