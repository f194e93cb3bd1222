import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { isInForce } from '../../domain/calendar/in-force.ts';
import { channelOf } from '../../domain/channel.ts';
import { catalogueLocations, type Catalogue } from '../../domain/catalogue.ts';
import { promiseLimitMs, requiredShare, type Claim } from '../../domain/claim.ts';
import type { Verdict, VerdictStatus } from '../../domain/evaluation/verdict.ts';
import type { Judgement } from '../../domain/judgement.ts';
import type { Observation } from '../../domain/observation.ts';
import type { AttemptHealth } from '../../domain/attempt-honesty.ts';
import type { Clock } from '../../app/ports.ts';
import { KeptRegistry } from './kept.registry.ts';
import { METRIC } from './metric-names.ts';

const BASE_BUCKETS_S = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 14_400, 86_400];
const STATUSES: readonly VerdictStatus[] = ['kept', 'broken', 'unproven'];
/** Self-health buckets: timer granularity (5 ms) up to a stall that makes most promises' outcomes untrustworthy. */
const SELF_HEALTH_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The self-health figures the attempt runner put in an observation's evidence (attempt-clock ms), if any. */
function selfHealthOf(observation: Observation): AttemptHealth | undefined {
  const health = observation.evidence.details?.selfHealth as Partial<AttemptHealth> | undefined;
  if (typeof health?.loopDelayMaxMs !== 'number' || typeof health.timerDriftMaxMs !== 'number') return undefined;
  const clockRate = typeof health.clockRate === 'number' && health.clockRate > 0 ? health.clockRate : 1;
  return { ...(health as AttemptHealth), clockRate };
}

/** Histogram buckets: a base ladder plus every claim's own time limit, so `le="<limit>"` answers "within the promise". */
export function responseBuckets(catalogue: Catalogue): number[] {
  const limits = catalogue.claims.map((c) => promiseLimitMs(c.promise)).filter((ms): ms is number => ms !== null);
  return [...new Set([...BASE_BUCKETS_S, ...limits.map((ms) => ms / 1000)])].sort((a, b) => a - b);
}

export interface KeptMetrics {
  observe(observation: Observation, judgements: readonly Judgement[]): void;
  setVerdicts(verdicts: readonly Verdict[]): void;
  coverageGap(probeId: string, missedRuns: number): void;
  /**
   * A claim that is not in the catalogue joined (derived from observations: an email auto-reply's promise), or one
   * changed: its target, absolute and in-force series are set like a catalogue claim's. Idempotent.
   */
  addClaim(claim: Claim): void;
}

/**
 * Kept's metrics on a registry the composition root owns. Labels are bounded by the catalogue (claim, probe, channel,
 * outcome, status; plus at most one derived claim per mailbox claim, `addClaim`): run ids never become labels. `kept_claim_in_force` depends on the clock: it is worked out at a
 * scrape, at most once per clock minute (claim hours are whole minutes), and its series are set only when a claim's
 * state flips. On a `KeptRegistry` every metric here is rendered again only after it changed (see kept.registry.ts).
 */
export function createKeptMetrics(
  registry: Registry,
  catalogue: Catalogue,
  clock: Clock,
  version: string,
): KeptMetrics {
  const registers = [registry];
  // A catalogue whose probes name `locations` adds a `location` label to the runs and the claims' attempts. Its values
  // are the catalogue's locations only (anything else a result says is `other`); an attempt with no location (a
  // single-machine run) has no label. A catalogue that names none has no `location` label at all.
  const located = catalogue.probes.some((p) => p.locations !== undefined);
  const places = new Set(catalogueLocations(catalogue.probes));
  const where = (observation: Observation): { location?: string } =>
    !located || observation.location === undefined
      ? {}
      : { location: places.has(observation.location) ? observation.location : 'other' };
  const cache = registry instanceof KeptRegistry ? registry : undefined;
  new Gauge({
    name: METRIC.buildInfo,
    help: 'Kept build information; always 1.',
    labelNames: ['version'],
    registers,
  }).set({ version }, 1);
  const runs = new Counter({
    name: METRIC.probeRuns,
    help: 'Probe attempts by outcome.',
    labelNames: located ? ['probe', 'channel', 'outcome', 'location'] : ['probe', 'channel', 'outcome'],
    registers,
  });
  const lastRun = new Gauge({
    name: METRIC.probeLastRun,
    help: 'Start of the latest probe attempt, Unix seconds.',
    labelNames: ['probe'],
    registers,
  });
  const attempts = new Counter({
    name: METRIC.claimAttempts,
    help: 'Attempts judged against a claim: met, failed, inconclusive (our side failed) or out_of_hours.',
    labelNames: located ? ['claim', 'result', 'location'] : ['claim', 'result'],
    registers,
  });
  const response = new Histogram({
    name: METRIC.responseSeconds,
    help: 'Time to first response and to a human, per channel; buckets include every claim limit.',
    labelNames: ['channel', 'measure'],
    buckets: responseBuckets(catalogue),
    registers,
  });
  const loopDelay = new Histogram({
    name: METRIC.probeLoopDelay,
    help: "Kept's own worst event-loop delay or timer drift during each attempt, real seconds (self-health).",
    labelNames: ['channel'],
    buckets: SELF_HEALTH_BUCKETS_S,
    registers,
  });
  const lateStart = new Histogram({
    name: METRIC.probeLateStart,
    help: "How late attempts started against the scheduler's plan, real seconds (self-health).",
    labelNames: ['channel'],
    buckets: SELF_HEALTH_BUCKETS_S,
    registers,
  });
  const starved = new Counter({
    name: METRIC.observationsStarved,
    help: 'Observations made inconclusive because Kept was starved (its own delay could have changed the outcome).',
    labelNames: ['probe'],
    registers,
  });
  const gaps = new Counter({
    name: METRIC.coverageGapRuns,
    help: 'Scheduled runs missed while Kept was down.',
    labelNames: ['probe'],
    registers,
  });
  const verdictGauge = new Gauge({
    name: METRIC.claimVerdict,
    help: 'Current verdict per claim: 1 for the status it has.',
    labelNames: ['claim', 'status'],
    registers,
  });
  const compliance = new Gauge({
    name: METRIC.claimCompliance,
    help: 'Share of in-force attempts that met the promise over the verdict window.',
    labelNames: ['claim'],
    registers,
  });
  const coverage = new Gauge({
    name: METRIC.claimCoverage,
    help: 'Share of promised hours of the week probed over the verdict window.',
    labelNames: ['claim'],
    registers,
  });
  const unprobed = new Gauge({
    name: METRIC.claimUnprobedSlots,
    help: 'Promised hour-of-week slots never probed over the verdict window.',
    labelNames: ['claim'],
    registers,
  });
  const samples = new Gauge({
    name: METRIC.claimSamples,
    help: 'In-force conclusive attempts over the verdict window.',
    labelNames: ['claim'],
    registers,
  });
  const target = new Gauge({
    name: METRIC.claimTarget,
    help: 'Share of attempts the claim promises; 1 for absolute claims.',
    labelNames: ['claim'],
    registers,
  });
  const absolute = new Gauge({
    name: METRIC.claimAbsolute,
    help: '1 when the claim is absolute (24/7, every, always).',
    labelNames: ['claim'],
    registers,
  });
  const claims = new Map(catalogue.claims.map((c) => [c.id, c]));
  const inForceNow = new Map<string, 0 | 1>();
  let inForceMinute = Number.NaN;
  const refreshInForce = (): void => {
    const minute = Math.floor(clock.now() / 60_000);
    if (minute === inForceMinute) return;
    inForceMinute = minute;
    for (const claim of claims.values()) {
      const value = isInForce(claim.hours, minute * 60_000) ? 1 : 0;
      if (inForceNow.get(claim.id) === value) continue;
      inForceNow.set(claim.id, value);
      inForce.set({ claim: claim.id }, value);
      cache?.changed(METRIC.claimInForce);
    }
  };
  const inForce: Gauge = new Gauge({
    name: METRIC.claimInForce,
    help: 'Whether the claim is in force now (its hours, time zone, daylight saving and holidays): 1 or 0.',
    labelNames: ['claim'],
    registers,
    collect: refreshInForce,
  });
  if (cache !== undefined) {
    for (const name of Object.values(METRIC)) cache.cacheUntilChanged(name);
    cache.onScrape(refreshInForce);
  }
  const changed = (...names: string[]): void => {
    for (const name of names) cache?.changed(name);
  };
  const describeClaim = (claim: Claim): void => {
    target.set({ claim: claim.id }, requiredShare(claim.target));
    absolute.set({ claim: claim.id }, requiredShare(claim.target) >= 1 ? 1 : 0);
    for (const result of ['met', 'failed', 'inconclusive', 'out_of_hours'])
      attempts.inc({ claim: claim.id, result }, 0);
  };
  for (const claim of catalogue.claims) describeClaim(claim);
  for (const probe of catalogue.probes) {
    gaps.inc({ probe: probe.id }, 0);
    starved.inc({ probe: probe.id }, 0);
  }
  const observeHealth = (observation: Observation, channel: string): void => {
    const health = selfHealthOf(observation);
    if (health === undefined) return;
    loopDelay.observe({ channel }, Math.max(health.loopDelayMaxMs, health.timerDriftMaxMs) / health.clockRate / 1000);
    if (health.lateStartMs !== undefined) lateStart.observe({ channel }, health.lateStartMs / health.clockRate / 1000);
    if (observation.evidence.details?.starved === true) starved.inc({ probe: observation.probeId });
    changed(METRIC.probeLoopDelay, METRIC.probeLateStart, METRIC.observationsStarved);
  };

  return {
    observe(observation, judgements) {
      const channel = channelOf(observation.kind);
      const place = where(observation);
      runs.inc({ probe: observation.probeId, channel, outcome: observation.outcome, ...place });
      observeHealth(observation, channel);
      lastRun.set({ probe: observation.probeId }, observation.startedAt / 1000);
      const { firstResponseMs, humanMs } = observation.timings;
      if (firstResponseMs !== undefined)
        response.observe({ channel, measure: 'first_response' }, firstResponseMs / 1000);
      if (humanMs !== undefined) response.observe({ channel, measure: 'human' }, humanMs / 1000);
      for (const j of judgements) {
        const result = !j.inForce ? 'out_of_hours' : !j.counted ? 'inconclusive' : j.met ? 'met' : 'failed';
        attempts.inc({ claim: j.claimId, result, ...place });
      }
      changed(METRIC.probeRuns, METRIC.probeLastRun, METRIC.claimAttempts);
      if (firstResponseMs !== undefined || humanMs !== undefined) changed(METRIC.responseSeconds);
    },
    setVerdicts(verdicts) {
      for (const v of verdicts) {
        for (const status of STATUSES) verdictGauge.set({ claim: v.claimId, status }, v.status === status ? 1 : 0);
        if (v.compliance === null) compliance.remove({ claim: v.claimId });
        else compliance.set({ claim: v.claimId }, v.compliance);
        coverage.set({ claim: v.claimId }, v.coverage.ratio);
        unprobed.set({ claim: v.claimId }, v.coverage.promised - v.coverage.probed);
        samples.set({ claim: v.claimId }, v.samples.counted);
      }
      changed(
        METRIC.claimVerdict,
        METRIC.claimCompliance,
        METRIC.claimCoverage,
        METRIC.claimUnprobedSlots,
        METRIC.claimSamples,
      );
    },
    coverageGap(probeId, missedRuns) {
      gaps.inc({ probe: probeId }, missedRuns);
      changed(METRIC.coverageGapRuns);
    },
    addClaim(claim) {
      claims.set(claim.id, claim);
      describeClaim(claim);
      inForceNow.delete(claim.id);
      inForceMinute = Number.NaN;
      changed(METRIC.claimTarget, METRIC.claimAbsolute, METRIC.claimAttempts, METRIC.claimInForce);
    },
  };
}
