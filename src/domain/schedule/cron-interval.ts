import { nextFireTimes, parseCron } from './cron-expression.ts';

const DAY_MS = 86_400_000;
/** Fire times read to find the shortest gap: enough for a cron every second over several hours, or any week. */
const FIRES_READ = 20_000;

/**
 * The shortest time between two consecutive runs of a cron expression over the eight days from `fromMs` (a week and
 * the turn of it), or undefined when it fires fewer than twice in that span. Read in `timeZone`: a day-light saving
 * change can shorten one gap by an hour, and that shorter gap counts.
 */
export function shortestInterval(expression: string, timeZone: string, fromMs: number): number | undefined {
  const fires = nextFireTimes(parseCron(expression), timeZone, fromMs, fromMs + 8 * DAY_MS, FIRES_READ);
  let shortest: number | undefined;
  for (let i = 1; i < fires.length; i += 1) {
    const gap = (fires[i] as number) - (fires[i - 1] as number);
    if (shortest === undefined || gap < shortest) shortest = gap;
  }
  return shortest;
}
