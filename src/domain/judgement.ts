import { isInForce } from './calendar/in-force.ts';
import { hourOfWeek } from './calendar/zoned-time.ts';
import type { Claim, ClaimPromise } from './claim.ts';
import type { Observation } from './observation.ts';

/** How one observation counts for one claim. Stored beside the observation and rolled up by hour. */
export interface Judgement {
  readonly claimId: string;
  readonly observationId: string;
  readonly at: number;
  /** Hour of the week in the claim's own time zone. */
  readonly hourOfWeek: number;
  readonly inForce: boolean;
  /** In force and not inconclusive: it counts toward compliance. */
  readonly counted: boolean;
  /** Counted and the promise was met. */
  readonly met: boolean;
  readonly reason: string;
}

/** Whether an observation delivered what a promise says, with the reason in words. */
export function meetsPromise(promise: ClaimPromise, observation: Observation): { met: boolean; reason: string } {
  const { timings } = observation;
  if (observation.outcome !== 'answered') return { met: false, reason: `outcome ${observation.outcome}` };
  switch (promise.kind) {
    case 'answered':
      return { met: true, reason: 'answered' };
    case 'first-response':
      if (timings.firstResponseMs === undefined) return { met: false, reason: 'no response' };
      return timings.firstResponseMs <= promise.withinMs
        ? { met: true, reason: `first response in ${timings.firstResponseMs} ms` }
        : { met: false, reason: `first response in ${timings.firstResponseMs} ms, over ${promise.withinMs} ms` };
    case 'human':
    case 'reply':
      if (!observation.humanReached) return { met: false, reason: 'no human reached' };
      if (promise.withinMs === null) {
        return { met: true, reason: timings.humanMs === undefined ? 'human reached' : `human in ${timings.humanMs} ms` };
      }
      if (timings.humanMs === undefined) return { met: false, reason: 'human reached, but when was not measured' };
      if (timings.humanMs <= promise.withinMs) {
        return { met: true, reason: `human in ${timings.humanMs} ms` };
      }
      return { met: false, reason: `human in ${timings.humanMs} ms, over ${promise.withinMs} ms` };
  }
}

/** Judges one observation against one claim. Out-of-hours and inconclusive observations never count. */
export function judge(claim: Claim, observation: Observation): Judgement {
  const base = {
    claimId: claim.id,
    observationId: observation.id,
    at: observation.startedAt,
    hourOfWeek: hourOfWeek(observation.startedAt, claim.hours.timeZone),
  };
  if (!isInForce(claim.hours, observation.startedAt)) {
    return { ...base, inForce: false, counted: false, met: false, reason: 'outside the hours in force' };
  }
  if (observation.outcome === 'inconclusive') {
    return { ...base, inForce: true, counted: false, met: false, reason: 'inconclusive: the probe itself failed' };
  }
  const { met, reason } = meetsPromise(claim.promise, observation);
  return { ...base, inForce: true, counted: true, met, reason };
}
