import type { ProbeKind } from '../domain/channel.ts';
import type { ProbeSpec } from '../domain/catalogue.ts';
import type { HourTally, SlotTally } from '../domain/evaluation/tally.ts';
import type { Judgement } from '../domain/judgement.ts';
import type { Observation, Outcome } from '../domain/observation.ts';
import type { PopulationGap, PopulationReading } from '../domain/population/population-reading.ts';

/**
 * Time as a dependency. `now()` is wall-clock epoch milliseconds; `monotonic()` measures durations (ms, arbitrary
 * origin); `sleep()` waits. A compressed clock (the demo) runs all three faster than real time, consistently.
 */
export interface Clock {
  now(): number;
  monotonic(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Calls `fire` once after `ms`, unless the returned function is called first. The cheap form of a sleep that is
   * usually cancelled (an attempt's time-out and deadline): no promise, no abort signal, no AbortError. Optional:
   * `startTimer` (clock-timer.ts) falls back to `sleep` on a clock without it.
   */
  after?(ms: number, fire: () => void): () => void;
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
  /**
   * When the attempt runner abandons the attempt (`clock.monotonic()` reading): the probe's time-out plus a grace.
   * Channels may ignore it; `signal` aborts then anyway.
   */
  readonly deadlineAt?: number;
}

/** What a channel is told to resume after a restart (runs a previous process left pending, e.g. email). */
export interface ResumeInput {
  /** The catalogue's probes: a pending run re-reads its probe's options (secrets included) from here. */
  readonly probes: readonly ProbeSpec[];
  readonly clock: Clock;
  /** Aborted when Kept stops: resumed runs still waiting are suspended again (left pending). */
  readonly signal: AbortSignal;
  /**
   * Judges and stores an observation durably (what the probe runner does after a run), then tells listeners.
   * The run is forgotten only after it resolves; if it throws, the run is kept and offered again at the next start.
   */
  readonly record: (observation: Observation) => Promise<void>;
}

export interface ResumeReport {
  /** Finished runs whose observation had not been stored yet, now recorded. */
  readonly recorded: number;
  /** Runs still waiting, resumed in the background. */
  readonly resumed: number;
  /** Settles when every resumed run has been recorded (or suspended again). */
  readonly done: Promise<void>;
}

/**
 * One adapter per probe kind. `run` never throws for the service's failures: those are outcomes. It may throw only
 * for bugs and bad configuration; the attempt runner (attempt-runner.ts) turns a throw, or a run that does not return
 * by its deadline, into an `inconclusive` observation. Lifecycle, in order: `prepare` each probe (at load), `resume`
 * (once at start: runs a previous process left pending), `run` (each attempt), `afterStored`, `stop` (at shutdown).
 */
export interface Channel {
  readonly kind: ProbeKind;
  /**
   * Validates a probe's options and types them once, at load (the attempt then never parses again). Throws a
   * validation error saying what is wrong; `kept validate` reports the same problems with file:line from the
   * channel's options schema.
   */
  prepare?(probe: ProbeSpec): void;
  run(probe: ProbeSpec, context: ProbeContext): Promise<Observation>;
  /**
   * Whether an observation only says that Kept stopped while the run was waiting (an email probe waiting days for a
   * reply): the run stays pending in the channel and is resumed at the next start under the same id, so the runner
   * neither judges nor stores this one (stores are idempotent by id: storing it would hide the real result).
   */
  isSuspended?(observation: Observation): boolean;
  /** Told once a run's observation is durably stored, so the channel can forget the run (its pending row). */
  afterStored?(observation: Observation): void;
  /** Resumes runs a previous process left pending (email); called once at start, before the scheduler starts. */
  resume?(input: ResumeInput): Promise<ResumeReport>;
  /** Releases what the channel holds (browsers, watchers); runs in flight end through their own signals first. */
  stop?(): Promise<void>;
}

/** Kept's own health over one attempt, in real milliseconds (see docs/architecture/probe-runner.md). */
export interface SelfHealthReading {
  /** The longest the event loop was blocked (perf_hooks monitorEventLoopDelay max). */
  readonly loopDelayMaxMs: number;
  /** The latest a periodic timer fired past its due time, including one still pending when the watch stopped. */
  readonly timerDriftMaxMs: number;
  /** Real time the watch covered. */
  readonly realElapsedMs: number;
}

export interface SelfHealthWatch {
  /** Stops watching and says what was seen since `watch()`. Idempotent. */
  stop(): SelfHealthReading;
}

/** Measures how well Kept itself kept time while attempts ran: one watch per attempt, many at once. */
export interface SelfHealth {
  watch(): SelfHealthWatch;
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

/**
 * Where population evidence lives (what collectors read from the platforms), beside observations in the same store
 * (docs/architecture/collectors.md). No outbox: while it cannot write, the collector's cursor does not move and the
 * next run reads the same intervals from the platform again.
 */
export interface PopulationStore {
  /**
   * Stores one successful read of [fromMs, toMs) and moves the collector's cursor to `toMs`, together. A reading of
   * the same collector, queue, channel and interval again replaces the earlier one (the platform's later figure).
   */
  recordReadings(
    collectorId: string,
    window: { readonly fromMs: number; readonly toMs: number },
    readings: readonly PopulationReading[],
  ): Promise<void>;
  /** A failed collection; a gap of the same collector starting at the same instant is extended (one row an outage). */
  recordPopulationGap(gap: PopulationGap): Promise<void>;
  /** End of the collector's last successful read: the next run reads from here. */
  lastReadTo(collectorId: string): Promise<number | undefined>;
  /** Readings of these collectors starting in [from, to), oldest first. */
  readings(query: PopulationQuery): Promise<PopulationReading[]>;
  /** Gaps of these collectors overlapping [from, to), oldest first. */
  populationGaps(query: PopulationQuery): Promise<PopulationGap[]>;
  close(): Promise<void>;
}

export interface PopulationQuery {
  readonly collectorIds: readonly string[];
  /** Inclusive epoch ms. */
  readonly from: number;
  /** Exclusive epoch ms. */
  readonly to: number;
}
