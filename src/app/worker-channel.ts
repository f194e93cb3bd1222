import type { ProbeKind } from '../domain/channel.ts';
import type { ProbeSpec } from '../domain/catalogue.ts';
import { fatalError } from '../domain/errors.ts';
import type { Observation } from '../domain/observation.ts';
import type { Channel, Clock, ProbeContext } from './ports.ts';
import { isDescribedClock, PROBE_PROTOCOL_VERSION, type ProbeWorkers } from './worker.port.ts';

export interface WorkerChannelDeps {
  readonly workers: ProbeWorkers;
  /**
   * Real time, for the grace after the probe's timeout: the probe's clock may be compressed (the demo), while starting
   * a worker, a browser or an IPC round trip takes real milliseconds.
   */
  readonly realClock: Clock;
  /** Real milliseconds a result may arrive after the probe's timeout before the run ends as inconclusive. */
  readonly graceMs: number;
}

/** An attempt Kept could not measure: never counted against a claim. */
function inconclusive(probe: ProbeSpec, runId: string, startedAt: number, totalMs: number, reason: string): Observation {
  const timings = { totalMs: Math.max(0, Math.round(totalMs)) };
  return { id: runId, probeId: probe.id, kind: probe.kind, startedAt, outcome: 'inconclusive', reason, timings, humanReached: false, evidence: {} };
}

function seconds(ms: number): string {
  return ms % 1_000 === 0 ? `${ms / 1_000} s` : `${ms} ms`;
}

/**
 * The Channel port in the service process for a kind whose attempts run in probe workers: each `run` becomes a job
 * carrying the run id and the probe's clock; the worker's observation comes back to the service's ProbeRunner, which
 * judges, stores and alerts as for any channel. The service keeps its own deadline (the probe's timeout on its clock,
 * then `graceMs` real): a result that never arrives, or a worker that died, is an `inconclusive` observation.
 */
export function createWorkerChannel(kind: ProbeKind, deps: WorkerChannelDeps): Channel {
  async function run(probe: ProbeSpec, ctx: ProbeContext): Promise<Observation> {
    const { clock } = ctx;
    if (!isDescribedClock(clock)) {
      throw fatalError('worker.clock', `probe "${probe.id}" runs on a clock a probe worker cannot rebuild (no describe())`);
    }
    const startedAt = clock.now();
    const t0 = clock.monotonic();
    const elapsed = (): number => clock.monotonic() - t0;
    const job = { v: PROBE_PROTOCOL_VERSION, runId: ctx.runId, probeId: probe.id, kind: probe.kind, clock: clock.describe() } as const;
    const attempt = new AbortController();
    const forward = (): void => attempt.abort(ctx.signal.reason);
    if (ctx.signal.aborted) forward();
    ctx.signal.addEventListener('abort', forward, { once: true });
    const settled = new AbortController();
    const timeoutMs = probe.schedule.timeoutMs;
    const deadline = (async () => {
      await clock.sleep(timeoutMs, settled.signal);
      await deps.realClock.sleep(deps.graceMs, settled.signal);
      return 'deadline' as const;
    })().catch(() => 'settled' as const);
    try {
      const first = await Promise.race([deps.workers.run(job, attempt.signal), deadline]);
      if (first === 'settled') throw fatalError('worker.deadline', 'the deadline ended before the run settled');
      if (first === 'deadline') {
        const why = `no result from the probe worker by the deadline (timeout ${seconds(timeoutMs)} + grace ${seconds(deps.graceMs)})`;
        attempt.abort(new DOMException(why, 'TimeoutError'));
        ctx.log.warn('probe worker missed the deadline; recording an inconclusive observation', { probe: probe.id, runId: ctx.runId });
        return inconclusive(probe, ctx.runId, startedAt, elapsed(), why);
      }
      if (first.kind === 'lost') return inconclusive(probe, ctx.runId, startedAt, elapsed(), first.reason);
      return first.observation;
    } finally {
      settled.abort();
      ctx.signal.removeEventListener('abort', forward);
    }
  }
  return { kind, run };
}
