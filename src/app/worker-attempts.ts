import type { ProbeSpec } from '../domain/catalogue.ts';
import { fatalError } from '../domain/errors.ts';
import type { Observation } from '../domain/observation.ts';
import { graceFor, type AttemptRunner } from './attempt-runner.ts';
import type { Clock, Logger } from './ports.ts';
import { isDescribedClock, PROBE_PROTOCOL_VERSION, type ProbeJob, type ProbeWorkers } from './worker.port.ts';

export interface WorkerAttemptsDeps {
  readonly workers: ProbeWorkers;
  readonly clock: Clock;
  /** The clock a probe's attempt runs on, when not `clock`; the worker rebuilds it from its description. */
  readonly clockFor?: (probe: ProbeSpec) => Clock;
  readonly log: Logger;
  /**
   * Real time, for the grace past the worker's own deadline: the probe's clock may be compressed (the demo), while
   * starting a worker, a browser or an IPC round trip takes real milliseconds.
   */
  readonly realClock: Clock;
  /** Real ms a result may arrive after the worker's deadline (timeout + grace) before the run ends here. */
  readonly graceMs: number;
}

/** An attempt Kept could not measure: never counted against a claim. */
function inconclusive(
  probe: ProbeSpec,
  runId: string,
  startedAt: number,
  totalMs: number,
  reason: string,
): Observation {
  const timings = { totalMs: Math.max(0, Math.round(totalMs)) };
  return {
    id: runId,
    probeId: probe.id,
    kind: probe.kind,
    startedAt,
    outcome: 'inconclusive',
    reason,
    timings,
    humanReached: false,
    evidence: {},
  };
}

function shown(ms: number): string {
  return ms >= 1_000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

/** Node's timers hold at most 2^31 - 1 ms; longer waits are slept in pieces. */
async function sleepLong(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  const until = clock.monotonic() + ms;
  for (let left = ms; left > 0; left = until - clock.monotonic())
    await clock.sleep(Math.min(left, 2 ** 31 - 1), signal);
}

/**
 * The service's side of attempts that run in probe workers: each attempt becomes a job carrying the run id, the
 * probe's clock and when it was planned; the worker's attempt runner makes the attempt (deadline, self-health) and its
 * observation comes back to the service's ProbeRunner, which judges, stores and alerts as for a local attempt.
 * The service keeps a backstop deadline: the worker's own (timeout + grace on the probe's clock) plus `graceMs` real.
 * A result that never comes, or a worker that died, is an `inconclusive` observation with the reason.
 */
export function createWorkerAttempts(deps: WorkerAttemptsDeps): AttemptRunner {
  return {
    async attempt(probe, runId, options = {}) {
      const clock = deps.clockFor?.(probe) ?? deps.clock;
      if (!isDescribedClock(clock)) {
        throw fatalError(
          'worker.clock',
          `probe "${probe.id}" runs on a clock a probe worker cannot rebuild (no describe())`,
        );
      }
      const startedAt = clock.now();
      const t0 = clock.monotonic();
      const elapsed = (): number => clock.monotonic() - t0;
      const job: ProbeJob = {
        v: PROBE_PROTOCOL_VERSION,
        runId,
        probeId: probe.id,
        kind: probe.kind,
        clock: clock.describe(),
        ...(options.plannedAt === undefined ? {} : { plannedAt: options.plannedAt }),
      };
      const attempt = new AbortController();
      const shutdown = options.signal;
      const forward = (): void => attempt.abort(shutdown?.reason);
      if (shutdown?.aborted === true) forward();
      shutdown?.addEventListener('abort', forward, { once: true });
      const settled = new AbortController();
      const workerDeadlineMs = probe.schedule.timeoutMs + graceFor(probe.schedule.timeoutMs);
      const deadline = (async () => {
        await sleepLong(clock, workerDeadlineMs, settled.signal);
        await deps.realClock.sleep(deps.graceMs, settled.signal);
        return 'deadline' as const;
      })().catch(() => new Promise<never>(() => undefined));
      try {
        const first = await Promise.race([deps.workers.run(job, attempt.signal), deadline]);
        if (first === 'deadline') {
          const why = `no result from the probe worker by the deadline (${shown(workerDeadlineMs)} + ${shown(deps.graceMs)})`;
          attempt.abort(new DOMException(why, 'TimeoutError'));
          deps.log.error('probe worker missed the deadline; recording an inconclusive observation', {
            probe: probe.id,
            runId,
          });
          return inconclusive(probe, runId, startedAt, elapsed(), why);
        }
        if (first.kind === 'lost') {
          deps.log.error('probe attempt lost in the worker; recording an inconclusive observation', {
            probe: probe.id,
            runId,
            reason: first.reason,
          });
          return inconclusive(probe, runId, startedAt, elapsed(), first.reason);
        }
        return first.observation;
      } finally {
        settled.abort();
        shutdown?.removeEventListener('abort', forward);
      }
    },
  };
}
