import type { Catalogue, ProbeSpec } from '../domain/catalogue.ts';
import type { Claim } from '../domain/claim.ts';
import { judge, type Judgement } from '../domain/judgement.ts';
import type { Observation } from '../domain/observation.ts';
import { validationError } from '../domain/errors.ts';
import type { Channel, Clock, Logger, ObservationStore } from './ports.ts';

/** Told about every observation after it has been stored (metrics, alerting, board refresh). */
export type ObservationListener = (observation: Observation, judgements: readonly Judgement[]) => void;

export interface ProbeRunnerDeps {
  readonly catalogue: Catalogue;
  readonly channelFor: (probe: ProbeSpec) => Channel;
  readonly store: ObservationStore;
  readonly clock: Clock;
  readonly log: Logger;
  readonly newId: () => string;
  readonly listeners?: readonly ObservationListener[];
}

export interface ProbeRunner {
  /** Runs one probe now, judges it against the claims it verifies, stores it durably, then tells listeners. */
  run(probeId: string, signal?: AbortSignal): Promise<Observation>;
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

  async function attempt(probe: ProbeSpec, signal: AbortSignal | undefined): Promise<Observation> {
    const runId = deps.newId();
    const startedAt = deps.clock.now();
    const started = deps.clock.monotonic();
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const log = deps.log;
      return await deps.channelFor(probe).run(probe, { runId, clock: deps.clock, signal: controller.signal, log });
    } catch (error) {
      const reason = `the probe failed on our side: ${error instanceof Error ? error.message : String(error)}`;
      deps.log.error('probe crashed; recording an inconclusive observation', { probe: probe.id, runId, reason });
      return inconclusive(probe, runId, startedAt, Math.round(deps.clock.monotonic() - started), reason);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      controller.abort();
    }
  }

  return {
    async run(probeId, signal) {
      const probe = probes.get(probeId);
      if (probe === undefined) throw validationError('probe.unknown', `no probe "${probeId}" in the catalogue`);
      const observation = await attempt(probe, signal);
      const verified = probe.verifies.map((id) => claims.get(id)).filter((c): c is Claim => c !== undefined);
      const judgements = verified.map((claim) => judge(claim, observation));
      await deps.store.record(observation, judgements);
      for (const listener of deps.listeners ?? []) listener(observation, judgements);
      return observation;
    },
  };
}
