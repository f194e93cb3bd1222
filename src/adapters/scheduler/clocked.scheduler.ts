import type { Clock } from '../../app/ports.ts';
import type { ProbeSpec } from '../../domain/catalogue.ts';
import { countFireTimes, nextFireTimes, parseCron } from '../../domain/schedule/cron-expression.ts';
import { createScheduler, type CronDriver, type CronDriverContext } from './scheduler-core.ts';
import { sleepUntil } from '../clock/sleep-until.ts';
import type { Scheduler, SchedulerOptions } from './scheduler.ts';

const DAY_MS = 86_400_000;

/**
 * Fires one probe's cron on `clock`: sleeps until the next fire time, fires it, repeats. Looks for the next fire a
 * day at a time, so a sparse cron (monthly, yearly) costs one short search per day. When a sleep ends past
 * further fire times (the clock ran ahead of the process, e.g. a compressed clock under load), the first is run
 * late and the rest are recorded as a coverage gap rather than fired in a burst the guard would skip anyway.
 */
async function fireLoop(clock: Clock, probe: ProbeSpec, context: CronDriverContext): Promise<void> {
  const { guard, signal } = context;
  const cron = parseCron(probe.schedule.cron);
  const zone = probe.schedule.timeZone;
  let from = context.from;
  while (!signal.aborted) {
    const [due] = nextFireTimes(cron, zone, from, from + DAY_MS, 1);
    if (due === undefined) {
      if (!(await sleepUntil(clock, from + DAY_MS, signal))) return;
      from += DAY_MS;
      continue;
    }
    if (!(await sleepUntil(clock, due, signal))) return;
    void guard.fire(probe, due, 'cron');
    const now = clock.now();
    const behind = countFireTimes(cron, zone, due + 1, now + 1);
    if (behind.count > 0 && behind.first !== undefined) {
      await context.recordGap({
        probeId: probe.id,
        from: behind.first,
        to: now,
        missedRuns: behind.count,
        reason: `the scheduler fell behind its clock: ${behind.count} scheduled run(s) were not started`,
      });
    }
    from = Math.max(due + 1, now + 1);
  }
}

function clockDriver(clock: Clock): CronDriver {
  return {
    start(probe, context) {
      const done = fireLoop(clock, probe, context).catch((error: unknown) => {
        context.log.error('a probe schedule stopped', {
          probeId: probe.id,
          error: error instanceof Error ? error.message : String(error),
        });
      });
      // The loop ends when the scheduler's signal aborts; stopping waits for that.
      return () => done;
    },
  };
}

/**
 * The cron scheduler's behaviour driven purely by `options.clock` and `nextFireTimes`, for clocks node-cron cannot
 * follow (the demo's compressed clock, tests): same no-overlap guard, jitter, coverage runs and missed-run gaps.
 */
export function createClockedScheduler(options: SchedulerOptions): Scheduler {
  return createScheduler(options, clockDriver(options.clock));
}
