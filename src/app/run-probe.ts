import type { Catalogue, ProbeSpec } from '../domain/catalogue.ts';
import type { Claim } from '../domain/claim.ts';
import { judge, type Judgement } from '../domain/judgement.ts';
import type { Observation } from '../domain/observation.ts';
import { validationError } from '../domain/errors.ts';
import { derivedJudgements } from './derived-claims.ts';
import type { Channel, Clock, Logger, ObservationStore } from './ports.ts';

/** Told about every observation after it has been stored (metrics, alerting, board refresh). */
export type ObservationListener = (observation: Observation, judgements: readonly Judgement[]) => void;

export interface ProbeRunnerDeps {
  readonly catalogue: Catalogue;
  readonly channelFor: (probe: ProbeSpec) => Channel;
  readonly store: ObservationStore;
  readonly clock: Clock;
  /**
   * The clock a probe's attempt runs on, when not `clock` (the demo runs calls and browsers on a slower clock with the
   * same `now()`: see docs/architecture/desk.md "Two clocks").
   */
  readonly clockFor?: (probe: ProbeSpec) => Clock;
  readonly log: Logger;
  readonly newId: () => string;
  readonly listeners?: readonly ObservationListener[];
}

export interface ProbeRunner {
  /**
   * Runs one probe now, judges it against the claims it verifies (and the claims it derives, see derived-claims.ts),
   * stores it durably, tells listeners, then tells the channel (`afterStored`). An observation the channel calls
   * suspended (Kept stopped while the run waited; it resumes at the next start) is returned unjudged and unstored.
   */
  run(probeId: string, signal?: AbortSignal): Promise<Observation>;
  /**
   * Judges an observation made outside `run` (a run resumed after a restart), stores it durably, then tells
   * listeners. Resolves once it is stored; a probe no longer in the catalogue is stored with no judgements.
   */
  record(observation: Observation): Promise<void>;
}

/** An observation for an attempt that failed on our side: never counted against a claim. */
function inconclusive(probe: ProbeSpec, id: string, startedAt: number, totalMs: number, reason: string): Observation {
  return {
    id,
    probeId: probe.id,
    kind: probe.kind,
    startedAt,
    outcome: 'inconclusive',
    reason,
    timings: { totalMs },
    humanReached: false,
    evidence: {},
  };
}

export function createProbeRunner(deps: ProbeRunnerDeps): ProbeRunner {
  const probes = new Map(deps.catalogue.probes.map((p) => [p.id, p]));
  const claims = new Map(deps.catalogue.claims.map((c) => [c.id, c]));

  async function attempt(probe: ProbeSpec, signal: AbortSignal | undefined): Promise<{ observation: Observation; channel?: Channel }> {
    const runId = deps.newId();
    const clock = deps.clockFor?.(probe) ?? deps.clock;
    const startedAt = clock.now();
    const started = clock.monotonic();
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(signal?.reason);
    if (signal?.aborted === true) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let channel: Channel | undefined;
    try {
      const log = deps.log;
      channel = deps.channelFor(probe);
      return { observation: await channel.run(probe, { runId, clock, signal: controller.signal, log }), channel };
    } catch (error) {
      const reason = `the probe failed on our side: ${error instanceof Error ? error.message : String(error)}`;
      deps.log.error('probe crashed; recording an inconclusive observation', { probe: probe.id, runId, reason });
      const observation = inconclusive(probe, runId, startedAt, Math.round(clock.monotonic() - started), reason);
      return channel === undefined ? { observation } : { observation, channel };
    } finally {
      signal?.removeEventListener('abort', onAbort);
      controller.abort();
    }
  }

  async function record(observation: Observation): Promise<void> {
    const probe = probes.get(observation.probeId);
    const verified = (probe?.verifies ?? []).map((id) => claims.get(id)).filter((c): c is Claim => c !== undefined);
    const judgements = [...verified.map((claim) => judge(claim, observation)), ...derivedJudgements(verified, observation)];
    await deps.store.record(observation, judgements);
    for (const listener of deps.listeners ?? []) listener(observation, judgements);
  }

  return {
    async run(probeId, signal) {
      const probe = probes.get(probeId);
      if (probe === undefined) throw validationError('probe.unknown', `no probe "${probeId}" in the catalogue`);
      const { observation, channel } = await attempt(probe, signal);
      if (channel?.isSuspended?.(observation) === true) {
        deps.log.info('probe run suspended: Kept stopped while it waited; it resumes and is recorded at the next start', { probe: probe.id, runId: observation.id });
        return observation;
      }
      await record(observation);
      try {
        channel?.afterStored?.(observation);
      } catch (error) {
        deps.log.error('the channel could not forget a stored run; it will be offered again at the next start (stored once)', {
          probe: probe.id,
          runId: observation.id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      return observation;
    },
    record,
  };
}
