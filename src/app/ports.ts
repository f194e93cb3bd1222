import type { ProbeKind } from '../domain/channel.ts';
import type { ProbeSpec } from '../domain/catalogue.ts';
import type { HourTally, SlotTally } from '../domain/evaluation/tally.ts';
import type { Judgement } from '../domain/judgement.ts';
import type { Observation, Outcome } from '../domain/observation.ts';

/**
 * Time as a dependency. `now()` is wall-clock epoch milliseconds; `monotonic()` measures durations (ms, arbitrary
 * origin); `sleep()` waits. A compressed clock (the demo) runs all three faster than real time, consistently.
 */
export interface Clock {
  now(): number;
  monotonic(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface Logger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

export interface ProbeContext {
  readonly runId: string;
  readonly clock: Clock;
  /** Aborted when the attempt must stop (time-out, shutdown); the channel then returns what it has. */
  readonly signal: AbortSignal;
  readonly log: Logger;
}

/**
 * One adapter per probe kind. `run` never throws for the service's failures: those are outcomes. It may throw only
 * for bugs and bad configuration; the caller turns that into an `inconclusive` observation.
 */
export interface Channel {
  readonly kind: ProbeKind;
  run(probe: ProbeSpec, context: ProbeContext): Promise<Observation>;
  /**
   * Whether an observation only says that Kept stopped while the run was waiting (an email probe waiting days for a
   * reply): the run stays pending in the channel and is resumed at the next start under the same id, so the runner
   * neither judges nor stores this one (stores are idempotent by id: storing it would hide the real result).
   */
  isSuspended?(observation: Observation): boolean;
  /** Told once a run's observation is durably stored, so the channel can forget the run (its pending row). */
  afterStored?(observation: Observation): void;
}

/** A period of scheduled runs that did not happen (Kept was down): a finding, never a pass. */
export interface CoverageGap {
  readonly probeId: string;
  readonly from: number;
  readonly to: number;
  readonly missedRuns: number;
  readonly reason: string;
}

export interface ObservationQuery {
  readonly claimId?: string;
  readonly probeId?: string;
  readonly outcome?: Outcome;
  /** Inclusive epoch ms. */
  readonly from: number;
  /** Exclusive epoch ms. */
  readonly to: number;
  /** Newest first; at most this many (default 100, at most 10,000). */
  readonly limit?: number;
}

/**
 * Where observations live. Every implementation passes test/contract/store.contract.ts.
 * `record` resolves only once the observation and its judgements are durable, and is idempotent by observation id.
 */
export interface ObservationStore {
  record(observation: Observation, judgements: readonly Judgement[]): Promise<void>;
  observations(query: ObservationQuery): Promise<Observation[]>;
  /** Hourly tallies per claim over [from, to): the downsampled form verdicts are computed from. */
  tallies(claimIds: readonly string[], from: number, to: number): Promise<Map<string, HourTally[]>>;
  /**
   * The same hours as `tallies` (those overlapping [from, to)), summed per claim by hour of week where the data lives:
   * what verdicts read, at most 168 entries per claim however long the window. Ordered by hour of week; an entry for
   * every claim asked about (empty when never judged).
   */
  slotTallies(claimIds: readonly string[], from: number, to: number): Promise<Map<string, SlotTally[]>>;
  /** When each claim was first judged (the start of its monitoring), for claims that have been. */
  monitoringSince(claimIds: readonly string[]): Promise<Map<string, number>>;
  recordGap(gap: CoverageGap): Promise<void>;
  gaps(query: { readonly probeId?: string; readonly from: number; readonly to: number }): Promise<CoverageGap[]>;
  /** Start of the latest recorded run of a probe, if any. */
  lastRunAt(probeId: string): Promise<number | undefined>;
  close(): Promise<void>;
}
