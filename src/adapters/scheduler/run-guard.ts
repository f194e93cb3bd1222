import type { Clock, Logger } from '../../app/ports.ts';
import type { ProbeSpec } from '../../domain/catalogue.ts';
import type { RunProbe, RunSource } from './scheduler.ts';
import { sleepUntil } from '../clock/sleep-until.ts';

export const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Starts probe runs one at a time per probe. A run that is due while the probe's previous run (jitter included)
 * is still going is skipped and logged, never queued: a queue would pile up behind a slow service and probe at
 * the wrong times. A probe may allow several runs in flight (`schedule.maxInFlight`); probes that `overlaps` names
 * (email: a run waits days for a reply) start every due run, however many are in flight. Cron runs wait a random jitter in [0, jitterMs) on the clock first; coverage runs are already
 * at a random minute and start at once.
 */
export interface RunGuard {
  /** Starts a run unless the probe is busy. Resolves when that run has finished (or at once if it was skipped). */
  fire(probe: ProbeSpec, scheduledAt: number, source: RunSource): Promise<void>;
  /** Logs a run that something else refused because the probe was busy (node-cron's own overlap check). */
  skipped(probe: ProbeSpec, scheduledAt: number, source: RunSource): void;
  /** Resolves once no run is in flight. */
  drain(): Promise<void>;
}

interface ProbeState {
  lastScheduledAt?: number;
  /** Runs of the probe in flight (at most `inFlightLimit(probe)`). */
  running: number;
}

/** How many runs of a probe may be in flight at once: any number for probes that overlap, else its schedule's. */
export function inFlightLimit(probe: ProbeSpec, overlaps: (probe: ProbeSpec) => boolean): number {
  return overlaps(probe) ? Number.POSITIVE_INFINITY : (probe.schedule.maxInFlight ?? 1);
}

export function createRunGuard(deps: {
  readonly clock: Clock;
  readonly runProbe: RunProbe;
  readonly log: Logger;
  readonly random: () => number;
  /** Aborted on stop: runs still in their jitter do not start. */
  readonly signal: AbortSignal;
  /** Probes whose runs may overlap (see SchedulerOptions.overlaps). */
  readonly overlaps?: (probe: ProbeSpec) => boolean;
}): RunGuard {
  const { clock, runProbe, log, random, signal } = deps;
  const overlaps = deps.overlaps ?? (() => false);
  const states = new Map<string, ProbeState>();
  const inFlight = new Set<Promise<void>>();

  function skipped(probe: ProbeSpec, scheduledAt: number, source: RunSource): void {
    log.warn('probe run skipped: its previous run is still going', {
      probeId: probe.id,
      scheduledAt: iso(scheduledAt),
      source,
    });
  }

  async function execute(probe: ProbeSpec, scheduledAt: number, source: RunSource): Promise<void> {
    const jitter = source === 'cron' ? Math.floor(random() * probe.schedule.jitterMs) : 0;
    if (jitter > 0 && !(await sleepUntil(clock, clock.now() + jitter, signal))) return;
    if (signal.aborted) return;
    try {
      await runProbe(probe.id, scheduledAt);
    } catch (error) {
      log.error('probe run threw instead of returning an observation', {
        probeId: probe.id,
        scheduledAt: iso(scheduledAt),
        source,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  function fire(probe: ProbeSpec, scheduledAt: number, source: RunSource): Promise<void> {
    const state = states.get(probe.id) ?? { running: 0 };
    states.set(probe.id, state);
    // The same fire time twice: a cron with both day fields runs as two node-cron tasks that can agree on a day.
    if (state.lastScheduledAt === scheduledAt || signal.aborted) return Promise.resolve();
    if (state.running >= inFlightLimit(probe, overlaps)) {
      skipped(probe, scheduledAt, source);
      return Promise.resolve();
    }
    state.lastScheduledAt = scheduledAt;
    state.running += 1;
    const run = execute(probe, scheduledAt, source).finally(() => {
      state.running -= 1;
      inFlight.delete(run);
    });
    inFlight.add(run);
    return run;
  }

  async function drain(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  }

  return { fire, skipped, drain };
}
