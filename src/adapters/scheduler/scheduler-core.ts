import type { CoverageGap, Logger } from '../../app/ports.ts';
import type { ProbeSpec } from '../../domain/catalogue.ts';
import { parseCron } from '../../domain/schedule/cron-expression.ts';
import { randomFromText } from '../../domain/schedule/seeded-random.ts';
import { describeMissedRuns, missedRuns } from '../../domain/schedule/missed-runs.ts';
import { runCoverageLoop } from './coverage-loop.ts';
import { createRunGuard, iso, type RunGuard } from './run-guard.ts';
import type { Scheduler, SchedulerOptions } from './scheduler.ts';

/** What a cron driver gets to fire runs with. */
export interface CronDriverContext {
  readonly guard: RunGuard;
  /** Aborted when the scheduler stops. */
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** Whether a probe's runs may overlap (SchedulerOptions.overlaps): a driver must not refuse its fires while one runs. */
  overlaps(probe: ProbeSpec): boolean;
  /** Clock time up to which runs missed while down were counted: fire times from here on are the driver's. */
  readonly from: number;
  /** Records runs that were due but did not happen (never fails: a store error is logged). */
  recordGap(gap: CoverageGap): Promise<void>;
}

/** How runs are triggered from a probe's cron: node-cron's timers, or a loop on a Clock. */
export interface CronDriver {
  /** Starts firing one probe's cron through `context.guard`; the returned function stops it. */
  start(probe: ProbeSpec, context: CronDriverContext): () => Promise<void>;
}

async function recordGap(options: SchedulerOptions, gap: CoverageGap): Promise<void> {
  const fields = { probeId: gap.probeId, from: iso(gap.from), to: iso(gap.to), missedRuns: gap.missedRuns };
  try {
    options.onGap?.(gap.probeId, gap.missedRuns);
  } catch (error) {
    options.log.error('a coverage gap listener failed', {
      ...fields,
      error: error instanceof Error ? error.message : String(error),
    });
  }
  try {
    await options.store.recordGap(gap);
    options.log.warn(`coverage gap: ${gap.reason}`, fields);
  } catch (error) {
    options.log.error('could not record a coverage gap', {
      ...fields,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/** On start: the runs each probe missed since its last recorded run become coverage gaps (never passes). */
async function recordMissedRuns(options: SchedulerOptions, now: number): Promise<void> {
  for (const probe of options.probes) {
    let lastRunAt: number | undefined;
    try {
      lastRunAt = await options.store.lastRunAt(probe.id);
    } catch (error) {
      options.log.error('could not read the last run of a probe: runs missed while down are not recorded', {
        probeId: probe.id,
        error: error instanceof Error ? error.message : String(error),
      });
      continue;
    }
    if (lastRunAt === undefined) continue;
    const { cron, timeZone, jitterMs } = probe.schedule;
    const missed = missedRuns({ cron, timeZone, jitterMs, lastRunAt, now });
    if (missed === undefined) continue;
    await recordGap(options, {
      probeId: probe.id,
      from: missed.first,
      to: now,
      missedRuns: missed.count,
      reason: describeMissedRuns(missed, cron, timeZone),
    });
  }
}

interface Running {
  readonly controller: AbortController;
  readonly guard: RunGuard;
  readonly stops: readonly (() => Promise<void>)[];
  readonly coverage: Promise<void>;
}

/**
 * The behaviour both schedulers share: missed runs recorded on start, one run at a time per probe with jitter
 * (the guard; several for probes that overlap), coverage runs from the planner each period, and a stop that waits for runs in flight. Only the way
 * cron fires are triggered differs (the driver).
 */
export function createScheduler(options: SchedulerOptions, driver: CronDriver): Scheduler {
  const { clock, log, runProbe } = options;
  const random = options.random ?? Math.random;
  let running: Running | undefined;
  let starting: Promise<void> | undefined;

  async function start(): Promise<void> {
    for (const probe of options.probes) parseCron(probe.schedule.cron);
    const from = clock.now();
    await recordMissedRuns(options, from);
    const controller = new AbortController();
    const { signal } = controller;
    const overlaps = options.overlaps ?? (() => false);
    const guard = createRunGuard({ clock, runProbe, log, random, signal, overlaps });
    const context: CronDriverContext = {
      guard,
      signal,
      log,
      overlaps,
      from,
      recordGap: (gap) => recordGap(options, gap),
    };
    const stops = options.probes.map((probe) => driver.start(probe, context));
    const coverage = runCoverageLoop({
      probes: options.probes,
      claims: options.claims,
      clock,
      log,
      random,
      periodMs: options.coveragePeriodMs,
      ...(options.sharedCoverage === true && options.coveragePeriodMs > 0
        ? {
            from: Math.floor(from / options.coveragePeriodMs) * options.coveragePeriodMs,
            notBefore: from,
            randomFor: (probeId: string, periodFromMs: number) => randomFromText(`${probeId}@${periodFromMs}`),
          }
        : { from }),
      guard,
      signal,
    }).catch((error: unknown) => {
      log.error('coverage planning stopped', { error: error instanceof Error ? error.message : String(error) });
    });
    running = { controller, guard, stops, coverage };
    log.info('scheduler started', { probes: options.probes.length });
  }

  return {
    start(): Promise<void> {
      starting ??= start().catch((error: unknown) => {
        starting = undefined;
        throw error;
      });
      return starting;
    },
    async stop(): Promise<void> {
      await starting?.catch(() => undefined);
      const current = running;
      running = undefined;
      starting = undefined;
      if (current === undefined) return;
      current.controller.abort();
      await Promise.all(current.stops.map((stopDriver) => stopDriver()));
      await current.coverage;
      await current.guard.drain();
      log.info('scheduler stopped', {});
    },
  };
}
