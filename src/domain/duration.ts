import { validationError } from './errors.ts';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** The longest a runtime timer holds: 2^31-1 ms (about 24.8 days); a longer one fires at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * The longest wait a catalogue may ask for (a probe's timeout, a promise an attempt waits out): 24 days, so that a
 * deadline (the timeout plus its grace) still fits in one timer, with hours to spare.
 */
export const MAX_WAIT_MS = 24 * 86_400_000;
/** `MAX_WAIT_MS` in words, for messages. */
export const MAX_WAIT_WORDS = '24 days';

const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/y;

/** Parses a duration such as `90s`, `2m`, `1h30m`, `7d` or `250ms` into milliseconds. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '') throw validationError('duration.empty', 'a duration is empty; write e.g. "90s", "2m" or "7d"');
  const lead = text.length - text.trimStart().length;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < trimmed.length) {
    const at = PART.lastIndex;
    const match = PART.exec(trimmed);
    if (match === null) {
      throw validationError(
        'duration.invalid',
        `"${text}" is not a duration at character ${lead + at + 1}; write e.g. "90s", "2m", "1h30m" or "7d"`,
      );
    }
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  }
  return Math.round(total);
}

/** Whether `text` parses as a duration. */
export function isDuration(text: string): boolean {
  try {
    parseDuration(text);
    return true;
  } catch {
    return false;
  }
}

/** Formats milliseconds compactly for people: `850ms`, `42s`, `2m`, `1h30m`, `3d`. */
export function formatDuration(ms: number): string {
  // Decide the unit on the rounded value, so 999.6 ms reads "1s" and 59,990 ms "1m", never "1000ms" or "60s".
  if (Math.round(ms) < 1_000) return `${Math.round(ms)}ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${tenths / 10}s`;
  return secondsParts(Math.round(ms / 1_000))
    .slice(0, 2)
    .join('');
}

/** Whole seconds as days, hours, minutes and seconds, the zero parts left out: 9_000 -> ["2h", "30m"]. */
function secondsParts(seconds: number): string[] {
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts;
}

/** A duration as a catalogue writes it, rounded up to the second, every part kept: "3d2h48m" (formatDuration keeps two). */
export function formatDurationExactly(ms: number): string {
  return secondsParts(Math.ceil(ms / 1_000)).join('') || '0s';
}
