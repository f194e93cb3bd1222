import type { Clock, Logger, ObservationStore } from '../../app/ports.ts';
import type { ProbeSpec } from '../../domain/catalogue.ts';
import type { Claim } from '../../domain/claim.ts';

/** Runs probes on their schedules until stopped. */
export interface Scheduler {
  /** Records the runs missed while Kept was down, then starts the schedules. */
  start(): Promise<void>;
  /** Stops scheduling and resolves once the runs in flight have finished. */
  stop(): Promise<void>;
}

/**
 * Runs one attempt of a probe and records it. `scheduledAt` is the planned instant (before jitter). It should not
 * throw (a failed probe is an observation); if it does, the scheduler logs the error and carries on.
 */
export type RunProbe = (probeId: string, scheduledAt: number) => Promise<void>;

/** What a scheduler needs. Both schedulers take the same options. */
export interface SchedulerOptions {
  readonly probes: readonly ProbeSpec[];
  readonly claims: readonly Claim[];
  readonly clock: Clock;
  /** Only the two methods the scheduler uses, so a test can pass a small fake. */
  readonly store: Pick<ObservationStore, 'lastRunAt' | 'recordGap'>;
  readonly runProbe: RunProbe;
  readonly log: Logger;
  /** A number in [0, 1): jitter and the coverage planner's choices. Defaults to Math.random. */
  readonly random?: () => number;
  /** Period over which every promised hour of the week gets at least one run (the catalogue's evaluation setting). */
  readonly coveragePeriodMs: number;
  /**
   * Coverage runs planned alike by every scheduler of a fleet: periods aligned to whole periods since the epoch, and
   * each probe's minutes drawn from a sequence fixed by the probe and the period (not `random`), so two schedulers
   * plan the same runs and the queue's job ids (probe and planned time) keep one of each. Default: periods from
   * start-up, minutes from `random`.
   */
  readonly sharedCoverage?: boolean;
  /** Told of every coverage gap found (runs missed while down, or skipped because the scheduler fell behind). */
  readonly onGap?: (probeId: string, missedRuns: number) => void;
  /**
   * Probes whose runs may overlap: a run due while earlier ones are still going starts anyway (email probes wait up
   * to days for a reply while their cron fires every few hours). Every other probe keeps one run at a time, skipping
   * a run due while the previous one is going. Default: none.
   */
  readonly overlaps?: (probe: ProbeSpec) => boolean;
}

/** Where a run came from: the probe's cron, or the coverage planner. */
export type RunSource = 'cron' | 'coverage';
