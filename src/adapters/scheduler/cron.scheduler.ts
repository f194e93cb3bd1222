import cron, { type Logger as NodeCronLogger, type ScheduledTask, type TaskContext } from 'node-cron';
import type { Logger } from '../../app/ports.ts';
import type { ProbeSpec } from '../../domain/catalogue.ts';
import { parseCron } from '../../domain/schedule/cron-expression.ts';
import { createScheduler, type CronDriver, type CronDriverContext } from './scheduler-core.ts';
import { inFlightLimit } from './run-guard.ts';
import type { Scheduler, SchedulerOptions } from './scheduler.ts';

/**
 * node-cron patterns for a cron expression. node-cron 4 requires BOTH day fields to match, where classic cron (and
 * Kept's maths) takes EITHER when both are restricted: such an expression runs as two tasks, one per day field,
 * and the run guard drops the second fire when both fall on the same instant.
 */
export function nodeCronPatterns(expression: string): string[] {
  const { fields, dayRule } = parseCron(expression);
  const [second, minute, hour, dayOfMonth, month, dayOfWeek] = fields;
  if (dayRule === 'and') return [fields.join(' ')];
  return [
    [second, minute, hour, dayOfMonth, month, '*'].join(' '),
    [second, minute, hour, '*', month, dayOfWeek].join(' '),
  ];
}

/** node-cron's messages go to Kept's logger; its overlap warning is left out (the overlap event is logged instead). */
function nodeCronLogger(log: Logger, probeId: string): NodeCronLogger {
  const text = (message: string | Error): string => (message instanceof Error ? message.message : message);
  return {
    info: () => undefined,
    debug: () => undefined,
    warn: (message) => {
      if (!message.includes('overlap prevention')) log.warn(`node-cron: ${message}`, { probeId });
    },
    error: (message, error) => log.error(`node-cron: ${text(message)}`, { probeId, error: error?.message }),
  };
}

function startTask(probe: ProbeSpec, pattern: string, name: string, context: CronDriverContext): ScheduledTask {
  const { guard, log } = context;
  // node-cron's own overlap check would refuse a fire while the guard's run is going: off for probes that may have
  // several runs in flight (the guard counts them).
  const overlaps = inFlightLimit(probe, context.overlaps) > 1;
  const task = cron.schedule(pattern, (run: TaskContext) => guard.fire(probe, run.date.getTime(), 'cron'), {
    timezone: probe.schedule.timeZone,
    noOverlap: !overlaps,
    name,
    logger: nodeCronLogger(log, probe.id),
  });
  // node-cron tells of an overlap even when it runs the fire anyway: a skip only when it refused it.
  if (!overlaps) task.on('execution:overlap', (run) => guard.skipped(probe, run.date.getTime(), 'cron'));
  task.on('execution:missed', (run) =>
    context.recordGap({
      probeId: probe.id,
      from: run.date.getTime(),
      to: run.triggeredAt.getTime(),
      missedRuns: 1,
      reason: 'node-cron missed a scheduled run: the process was too busy to fire it on time',
    }),
  );
  return task;
}

const nodeCronDriver: CronDriver = {
  start(probe, context) {
    const patterns = nodeCronPatterns(probe.schedule.cron);
    const tasks = patterns.map((pattern, i) =>
      startTask(
        probe,
        pattern,
        patterns.length === 1 ? `kept:${probe.id}` : `kept:${probe.id}:${i === 0 ? 'day-of-month' : 'day-of-week'}`,
        context,
      ),
    );
    return async () => {
      for (const task of tasks) await task.destroy();
    };
  },
};

/**
 * Runs probes on real time with node-cron: one task per probe in its own time zone (two for a cron whose day of
 * month and day of week are both set), no overlap, jitter on the clock, coverage runs from the planner, and the
 * runs missed while Kept was down recorded as coverage gaps on start. Jitter and coverage use `clock`, so pass the
 * system clock: node-cron itself always runs on real time (use the clocked scheduler for a compressed clock).
 */
export function createCronScheduler(options: SchedulerOptions): Scheduler {
  return createScheduler(options, nodeCronDriver);
}
