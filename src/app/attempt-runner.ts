import {
  consistentTimings,
  starvationReason,
  starvedPhrase,
  wasStarved,
  type AttemptHealth,
} from '../domain/attempt-honesty.ts';
import type { ProbeSpec } from '../domain/catalogue.ts';
import { KeptError } from '../domain/errors.ts';
import { boundObservation } from '../domain/evidence-limits.ts';
import type { Claim, ClaimPromise } from '../domain/claim.ts';
import type { Observation } from '../domain/observation.ts';
import type { Channel, Clock, Logger, ProbeContext, SelfHealth, SelfHealthReading } from './ports.ts';
import { startTimer } from './clock-timer.ts';
import { clockRate } from './clock-rate.ts';

/**
 * One attempt runner for every channel (issue 10): it owns the hard deadline, cancellation, "a throw or a hang is
 * our failure", consistent timings and Kept's self-health check, so a channel only makes its attempt and says what
 * happened. Used by the probe runner (run-probe.ts) and by a probe worker process. See
 * docs/architecture/probe-runner.md.
 */

export interface AttemptRunnerDeps {
  readonly channelFor: (probe: ProbeSpec) => Channel;
  readonly clock: Clock;
  /** The clock a probe's attempt runs on, when not `clock` (the demo runs calls and browsers on a capped clock). */
  readonly clockFor?: (probe: ProbeSpec) => Clock;
  readonly log: Logger;
  /** The catalogue's claims: the promises a probe verifies give the margins its starvation check uses. */
  readonly claims?: readonly Claim[];
  /** Watches Kept's own event loop and timers during each attempt; without it nothing is measured. */
  readonly health?: SelfHealth;
  /** Time past the probe's time-out before the runner abandons an attempt. Default graceFor(timeout). */
  readonly graceMs?: number;
  /** After a shutdown abort, how long the channel gets to return what it has (default 5 s on the attempt's clock). */
  readonly settleMs?: number;
}

export interface AttemptOptions {
  /** Shutdown: forwarded to the channel, which returns what it has; the runner waits at most `settleMs` more. */
  readonly signal?: AbortSignal;
  /** Epoch ms the scheduler meant the attempt to start, when known: the lateness is recorded as evidence. */
  readonly plannedAt?: number;
}

export interface AttemptRunner {
  /** Runs one attempt. Never throws for a channel's throw or hang: that is an `inconclusive` observation. */
  attempt(probe: ProbeSpec, runId: string, options?: AttemptOptions): Promise<Observation>;
}

/** Reason of an attempt abandoned at its deadline. */
export const DEADLINE_REASON = "the probe did not finish within its deadline (Kept's failure)";

/** The grace past a probe's time-out: a tenth of it, at least 5 s (hang-up, closing a browser), at most a minute. */
export function graceFor(timeoutMs: number): number {
  return Math.min(60_000, Math.max(5_000, Math.round(timeoutMs / 10)));
}

type Ending =
  | { readonly kind: 'returned'; readonly observation: Observation }
  | { readonly kind: 'threw'; readonly error: unknown }
  /** The probe cannot run as configured (its channel's `prepare` refused it). */
  | { readonly kind: 'unusable'; readonly reason: string }
  | { readonly kind: 'deadline' }
  | { readonly kind: 'stopped' };

/**
 * The reason the attempt's signal is aborted with once it is over: one error made once, as a new one per attempt
 * costs a stack trace each time. A channel still running (after the deadline) sees this message.
 */
const ATTEMPT_OVER = new Error('the attempt is over');

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function healthOf(
  reading: SelfHealthReading | undefined,
  clockMs: number,
  lateStartMs: number | undefined,
): AttemptHealth | undefined {
  if (reading === undefined) return undefined;
  // The attempt clock's rate over the attempt, to a hundredth.
  const rate = Math.round(clockRate(clockMs, reading.realElapsedMs) * 100) / 100;
  return {
    loopDelayMaxMs: Math.round(reading.loopDelayMaxMs * rate),
    timerDriftMaxMs: Math.round(reading.timerDriftMaxMs * rate),
    ...(lateStartMs === undefined ? {} : { lateStartMs: Math.round(lateStartMs) }),
    clockRate: rate,
  };
}

export function createAttemptRunner(deps: AttemptRunnerDeps): AttemptRunner {
  const claims = new Map((deps.claims ?? []).map((claim) => [claim.id, claim]));
  const promisesOf = (probe: ProbeSpec): ClaimPromise[] =>
    probe.verifies.flatMap((id) => claims.get(id)?.promise ?? []);

  async function race(
    channel: Channel,
    probe: ProbeSpec,
    ctx: ProbeContext,
    stop: AbortSignal | undefined,
    controller: AbortController,
  ): Promise<Ending> {
    const clock = ctx.clock;
    const deadlineMs = probe.schedule.timeoutMs + (deps.graceMs ?? graceFor(probe.schedule.timeoutMs));
    // Plain timers (clock.after), cancelled when the race is decided: most attempts end long before either fires.
    const cancels: (() => void)[] = [];
    // Called at once (an async wrapper turns a synchronous throw into a rejection), before any timer can fire.
    const ran = (async () => channel.run(probe, ctx))().then(
      (observation): Ending => ({ kind: 'returned', observation }),
      (error: unknown): Ending => ({ kind: 'threw', error }),
    );
    const ended = new Promise<Ending>((resolve) => {
      cancels.push(startTimer(clock, deadlineMs, () => resolve({ kind: 'deadline' })));
      if (stop === undefined) return;
      const onStop = (): void => {
        controller.abort(stop.reason);
        cancels.push(startTimer(clock, deps.settleMs ?? 5_000, () => resolve({ kind: 'stopped' })));
      };
      if (stop.aborted) return onStop();
      stop.addEventListener('abort', onStop, { once: true });
      cancels.push(() => stop.removeEventListener('abort', onStop));
    });
    try {
      return await Promise.race([ran, ended]);
    } finally {
      for (const cancel of cancels) cancel();
    }
  }

  return {
    async attempt(probe, runId, options = {}) {
      const clock = deps.clockFor?.(probe) ?? deps.clock;
      const startedAt = clock.now();
      const started = clock.monotonic();
      const lateStartMs = options.plannedAt === undefined ? undefined : Math.max(0, startedAt - options.plannedAt);
      const watch = deps.health?.watch();
      const controller = new AbortController();
      const timeoutMs = probe.schedule.timeoutMs;
      const deadlineAt = started + timeoutMs + (deps.graceMs ?? graceFor(timeoutMs));
      const ctx: ProbeContext = { runId, clock, signal: controller.signal, log: deps.log, deadlineAt };
      let ending: Ending;
      try {
        const channel = deps.channelFor(probe);
        channel.prepare?.(probe);
        ending = await race(channel, probe, ctx, options.signal, controller);
      } catch (error) {
        ending =
          error instanceof KeptError && error.kind === 'validation'
            ? { kind: 'unusable', reason: error.message }
            : { kind: 'threw', error };
      } finally {
        controller.abort(ATTEMPT_OVER);
      }
      const totalMs = clock.monotonic() - started;
      const health = healthOf(watch?.stop(), totalMs, lateStartMs);
      const ours = (reason: string, extra: Record<string, unknown> = {}): Observation => ({
        id: runId,
        probeId: probe.id,
        kind: probe.kind,
        startedAt,
        outcome: 'inconclusive',
        reason,
        timings: { totalMs: Math.max(0, Math.round(totalMs)) },
        humanReached: false,
        evidence: { details: { ...extra, ...(health === undefined ? {} : { selfHealth: health }) } },
      });
      const fields = { probe: probe.id, runId };
      switch (ending.kind) {
        case 'threw': {
          const reason = `the probe failed on our side: ${messageOf(ending.error)}`;
          deps.log.error('probe crashed; recording an inconclusive observation', { ...fields, reason });
          return ours(reason);
        }
        case 'unusable':
          deps.log.error('probe cannot run as configured; recording an inconclusive observation', {
            ...fields,
            reason: ending.reason,
          });
          return ours(ending.reason);
        case 'deadline': {
          const starved = health !== undefined && wasStarved(health);
          const reason = starved
            ? `${starvedPhrase(health)}; the probe did not finish within its deadline`
            : DEADLINE_REASON;
          deps.log.error('probe did not return by its deadline; abandoned as inconclusive', { ...fields, reason });
          return ours(reason, { ending: 'deadline' });
        }
        case 'stopped':
          deps.log.warn('Kept stopped during an attempt and the channel did not return in time', fields);
          // Suspended: a channel that keeps pending runs (email) resumes this one at the next start.
          return ours('Kept stopped during the attempt, and the probe did not return in time', {
            ending: 'stopped',
            suspended: true,
          });
        case 'returned':
          // Bounded here too (limits.md), so what leaves the attempt (to a store, or a worker's result) is never
          // bigger than 1 MiB, whatever the peer sent; the cuts are in evidence.truncated.
          return judgeHonesty(boundObservation(ending.observation), health, promisesOf(probe), timeoutMs);
      }
    },
  };
}

/** The channel's observation with consistent timings and the self-health figures; inconclusive if Kept was starved. */
function judgeHonesty(
  observation: Observation,
  health: AttemptHealth | undefined,
  promises: readonly ClaimPromise[],
  timeoutMs: number,
): Observation {
  const timings = consistentTimings(observation.timings);
  if (health === undefined) return { ...observation, timings };
  const details = { ...observation.evidence.details, selfHealth: health };
  const measured = { ...observation, timings };
  const starved = starvationReason(measured, health, promises, timeoutMs);
  if (starved === undefined) return { ...measured, evidence: { ...observation.evidence, details } };
  const asMeasured = {
    outcome: observation.outcome,
    ...(observation.reason === undefined ? {} : { reason: observation.reason }),
  };
  return {
    ...measured,
    outcome: 'inconclusive',
    reason: starved,
    evidence: { ...observation.evidence, details: { ...details, starved: true, measured: asMeasured } },
  };
}
