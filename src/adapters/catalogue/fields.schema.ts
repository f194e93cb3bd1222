import cron from 'node-cron';
import { z } from 'zod';
import { isTimeZone } from '../../domain/calendar/zoned-time.ts';
import { formatDuration, MAX_WAIT_MS, MAX_WAIT_WORDS, parseDuration } from '../../domain/duration.ts';
import { isCron, parseCron } from '../../domain/schedule/cron-expression.ts';
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

/** The longest a duration field may be, and the sentence that says why when it is longer. */
export interface DurationLimit {
  readonly maxMs: number;
  readonly problem: (text: string) => string;
}

/** A duration Kept waits out in one attempt (a timeout, a promised delay): at most what one timer can hold. */
export const waitLimit = (field: string, why: string): DurationLimit => ({
  maxMs: MAX_WAIT_MS,
  problem: (text) =>
    `${field} ${quote(text)} is longer than Kept can wait (at most ${MAX_WAIT_WORDS}); ${why}, so give ${field} 24d or less`,
});

/** The longest jitter: runs that start more than an hour off their schedule no longer probe the hour they were for. */
export const MAX_JITTER_MS = 3_600_000;

export const jitterLimit: DurationLimit = {
  maxMs: MAX_JITTER_MS,
  problem: (text) =>
    `jitter ${quote(text)} is longer than an hour; a run would start far from the hour it was scheduled for, so give jitter 1h or less`,
};

/**
 * Whether a jitter is sure to fit a cron's shortest interval without reading its fire times (a week of them, for
 * `* * * * *`, is most of what checking a catalogue costs at start-up): a jitter of a minute or less against a cron
 * that fires at most once a minute (one value in its seconds field), whose runs, read in UTC, start on distinct
 * minutes, so no two are less than a minute apart. A cron that does not parse is not vouched for.
 */
export const jitterFitsEveryMinute = (expression: string, jitterMs: number): boolean =>
  jitterMs <= 60_000 && isCron(expression) && parseCron(expression).seconds.length <= 1;

/** A period Kept reads or plans over (never a single wait): bounded so its work stays bounded. */
export const spanLimit = (field: string, maxMs: number, why: string): DurationLimit => ({
  maxMs,
  problem: (text) =>
    `${field} ${quote(text)} is longer than ${formatDuration(maxMs)}; ${why}, so give ${field} ${formatDuration(maxMs)} or less`,
});

/** Why `text` is not a usable duration (with the issue's code), or undefined when it is one. */
export function durationIssue(
  text: string,
  allowZero: boolean,
  limit?: DurationLimit,
): { code: string; message: string } | undefined {
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch (error) {
    return { code: 'duration.invalid', message: error instanceof Error ? error.message : String(error) };
  }
  if (ms === 0 && !allowZero)
    return { code: 'duration.invalid', message: `${quote(text)} is zero; give a duration longer than that` };
  if (limit !== undefined && ms > limit.maxMs) return { code: 'duration.too-long', message: limit.problem(text) };
  return undefined;
}

/** Why `text` is not a usable duration, or undefined when it is one. */
export const durationProblem = (text: string, allowZero: boolean, limit?: DurationLimit): string | undefined =>
  durationIssue(text, allowZero, limit)?.message;

export const DURATION_PATTERN = '(\\d+(\\.\\d+)?(ms|s|m|h|d|w))+';

/** A duration such as `90s`, `2m`, `1h30m` or `7d`, at most `limit` when one is given. */
export const durationSchema = (allowZero = false, limit?: DurationLimit) =>
  z
    .string({
      error: (iss) =>
        iss.input === undefined
          ? undefined
          : `${labelOf(iss.path ?? [])} must be a duration such as "90s", "5m" or "7d", not ${quote(iss.input)}`,
    })
    .superRefine((text, ctx) => {
      const issue = durationIssue(text, allowZero, limit);
      if (issue !== undefined) ctx.addIssue(coded(issue.code, issue.message));
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
  .union(
    [
      z
        .string()
        .superRefine((text, ctx) => {
          if (text === 'absolute') return;
          const share = shareOf(text);
          if (share === undefined) {
            ctx.addIssue(
              coded(
                'claim.target',
                `${quote(text)} is not a target; write "absolute" or a percentage such as "95%"${didYouMean(text, ['absolute'])}`,
              ),
            );
          } else if (share <= 0 || share > 1) {
            ctx.addIssue(
              coded('claim.target', `${quote(text)} is not a share; a percentage must be above 0% and at most 100%`),
            );
          }
        })
        .meta({ pattern: '^(absolute|\\s*\\d+(\\.\\d+)?\\s*%\\s*)$' }),
      z
        .number()
        .gt(0, { error: 'a share must be above 0 and at most 1, such as 0.95' })
        .lte(1, { error: 'a share must be above 0 and at most 1, such as 0.95; for every attempt write "absolute"' }),
    ],
    { error: unlessMissing('"target" must be "absolute", a percentage such as "95%", or a share such as 0.95') },
  )
  .describe('"absolute" (every in-force attempt must meet the promise) or the share that must: "95%" or 0.95.');

/** A URL with a scheme, e.g. `https://events.pagerduty.com/v2/enqueue`. The value is never echoed: it may hold a token. */
export const urlSchema = z.url({
  protocol: /^https?$/,
  error: (iss) =>
    iss.input === undefined
      ? undefined
      : `${labelOf(iss.path ?? [])} is not a full URL; write it in full with http:// or https://, such as "https://example.com/hook"`,
});
