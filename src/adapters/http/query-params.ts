import { isDuration, parseDuration } from '../../domain/duration.ts';
import { OUTCOMES, type Outcome } from '../../domain/observation.ts';
import { validationError } from '../../domain/errors.ts';

const MAX_TIME_MS = 8.64e15;

/** Reads a time parameter: an ISO 8601 instant, epoch milliseconds, or a duration meaning "that long before now". */
export function parseInstant(name: string, value: unknown, now: number, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (typeof value !== 'string') throw validationError('query.invalid', `"${name}" must be given once`);
  // Within what a Date can hold (±8.64e15 ms): a longer run of digits is a mistake, not a time.
  if (/^\d{10,16}$/.test(value) && Number(value) <= MAX_TIME_MS) return Number(value);
  if (isDuration(value)) {
    const at = now - parseDuration(value);
    if (at >= -MAX_TIME_MS) return at;
    throw validationError(
      'query.invalid',
      `"${name}" reaches back further than a date can (at most about 270,000 years)`,
    );
  }
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) {
    throw validationError(
      'query.invalid',
      `"${name}" must be an ISO time such as 2026-11-23T09:00:00Z, epoch milliseconds, or a duration such as 24h`,
    );
  }
  return parsed;
}

export function parseLimit(value: unknown, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw validationError('query.invalid', `"limit" must be a whole number from 1 to ${max}`);
  }
  return n;
}

export function parseOutcome(value: unknown): Outcome | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' && (OUTCOMES as readonly string[]).includes(value)) return value as Outcome;
  throw validationError('query.invalid', `"outcome" must be one of ${OUTCOMES.join(', ')}`);
}

/** The longest verdict window the API computes (five years): longer ones cost seconds of CPU per request. */
export const MAX_WINDOW_MS = 1830 * 86_400_000;

export function parseWindow(value: unknown, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const ms = typeof value === 'string' && isDuration(value) ? parseDuration(value) : Number.NaN;
  if (!(ms > 0 && ms <= MAX_WINDOW_MS)) {
    throw validationError('query.invalid', '"since" must be a duration such as 24h, 7d or 90d, from 1s to 1830d');
  }
  return ms;
}
