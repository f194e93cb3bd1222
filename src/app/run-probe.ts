import type { Catalogue, ProbeSpec } from '../domain/catalogue.ts';
import type { Claim } from '../domain/claim.ts';
import { judge, type Judgement } from '../domain/judgement.ts';
import type { Observation } from '../domain/observation.ts';
import { validationError } from '../domain/errors.ts';
import { derivedJudgements } from './derived-claims.ts';
import { createAttemptRunner, type AttemptRunner } from './attempt-runner.ts';
import type { Channel, Clock, Logger, ObservationStore, SelfHealth } from './ports.ts';
import { boundObservation } from '../domain/evidence-limits.ts';
import { createProbeReach } from './probe-reach.ts';

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
  /** Watches Kept's own event loop during each attempt (src/adapters/health); without it nothing is measured. */
  readonly health?: SelfHealth;
  /**
   * Runs the attempts, when not a local attempt runner over `channelFor` (a probe worker process behind a port).
   * `channelFor` still gives each probe's channel for its hooks (isSuspended, afterStored).
   */
  readonly attempts?: AttemptRunner;
}

export interface ProbeRunner {
  /**
   * Runs one probe now, judges it against the claims it verifies (and the claims it derives, see derived-claims.ts;
   * an attempt of a probe that has never reached its target counts for nothing, see probe-reach.ts), stores it
   * durably, tells listeners, then tells the channel (`afterStored`). An observation the channel calls suspended
   * (Kept stopped while the run waited; it resumes at the next start) is returned unjudged and unstored. `signal` is
   * shutdown; `plannedAt` (epoch ms) is when the scheduler meant it to start, recorded as lateness.
   */
  run(probeId: string, signal?: AbortSignal, plannedAt?: number): Promise<Observation>;
  /**
   * Judges an observation made outside `run` (a run resumed after a restart), stores it durably, then tells
   * listeners. Resolves once it is stored; a probe no longer in the catalogue is stored with no judgements.
   */
  record(observation: Observation): Promise<void>;
}

export function createProbeRunner(deps: ProbeRunnerDeps): ProbeRunner {
  const probes = new Map(deps.catalogue.probes.map((p) => [p.id, p]));
  const claims = new Map(deps.catalogue.claims.map((c) => [c.id, c]));
  const attempts =
    deps.attempts ??
    createAttemptRunner({
      channelFor: deps.channelFor,
      clock: deps.clock,
      ...(deps.clockFor === undefined ? {} : { clockFor: deps.clockFor }),
      log: deps.log,
      claims: deps.catalogue.claims,
      ...(deps.health === undefined ? {} : { health: deps.health }),
    });

  /** The channel, for its lifecycle hooks; undefined when it cannot be made (the attempt said why). */
  function channelOf(probe: ProbeSpec): Channel | undefined {
    try {
      return deps.channelFor(probe);
    } catch {
      return undefined;
    }
  }

  const reach = createProbeReach(deps.store);

  /** Judges and stores an observation; returns it as stored. */
  async function record(measured: Observation): Promise<Observation> {
    const probe = probes.get(measured.probeId);
    // The one place evidence is bounded before it is stored: a peer controls the size of what it sends. A probe that
    // has never reached its target has its not-reached attempts stamped "not yet reached" (src/domain/reach.ts).
    const observation = await reach.stamp(probe, boundObservation(measured));
    const verified = (probe?.verifies ?? []).map((id) => claims.get(id)).filter((c): c is Claim => c !== undefined);
    const judgements = [
      ...verified.map((claim) => judge(claim, observation)),
      ...derivedJudgements(verified, observation),
    ];
    await deps.store.record(observation, judgements);
    for (const listener of deps.listeners ?? []) listener(observation, judgements);
    return observation;
  }

  return {
    async run(probeId, signal, plannedAt) {
      const probe = probes.get(probeId);
      if (probe === undefined) throw validationError('probe.unknown', `no probe "${probeId}" in the catalogue`);
      const observation = await attempts.attempt(probe, deps.newId(), {
        ...(signal === undefined ? {} : { signal }),
        ...(plannedAt === undefined ? {} : { plannedAt }),
      });
      const channel = channelOf(probe);
      if (channel?.isSuspended?.(observation) === true) {
        deps.log.info(
          'probe run suspended: Kept stopped while it waited; it resumes and is recorded at the next start',
          { probe: probe.id, runId: observation.id },
        );
        return observation;
      }
      const stored = await record(observation);
      try {
        channel?.afterStored?.(stored);
      } catch (error) {
        deps.log.error(
          'the channel could not forget a stored run; it will be offered again at the next start (stored once)',
          {
            probe: probe.id,
            runId: observation.id,
            error: error instanceof Error ? error.message : String(error),
          },
        );
      }
      return stored;
    },
    async record(observation) {
      await record(observation);
    },
  };
}
