import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../domain/duration.ts';
import { KeptError } from '../domain/errors.ts';

/**
 * Parsers for flag values, given to commander's `.option(…, parser)`: a bad value is refused while the flags are read,
 * before anything starts, and `kept` exits 3 with one sentence (src/main.ts).
 */

/** A TCP port: 0 (any free port) to 65535. */
export function portFlag(value: string): number {
  const port = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError('A port is a whole number from 0 (any free port) to 65535.');
  }
  return port;
}

/** A duration such as 90s, 24h, 7d or 1h30m, checked and kept as written (reports echo it). */
export function durationFlag(value: string): string {
  try {
    if (parseDuration(value) <= 0)
      throw new InvalidArgumentError('A duration must be longer than zero, e.g. 24h or 7d.');
    return value;
  } catch (error) {
    if (error instanceof KeptError) throw new InvalidArgumentError(`${error.message}.`);
    throw error;
  }
}

/** A number greater than zero (the demo's --speed). */
export function positiveNumberFlag(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) {
    throw new InvalidArgumentError('It must be a number greater than zero, e.g. 400.');
  }
  return number;
}

/** A parser for a whole number from 1 to `max` (`kept worker --concurrency`, its hidden real-ms settings). */
export function positiveWholeFlag(max: number): (value: string) => number {
  return (value) => {
    const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new InvalidArgumentError(`it must be a whole number, 1-${max}.`);
    return n;
  };
}
