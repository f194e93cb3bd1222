import { observationToJson, type ObservationJson } from '../../adapters/json/observation.json.ts';
import type { Judgement } from '../../domain/judgement.ts';
import type { Observation } from '../../domain/observation.ts';

/** How one attempt counted for one claim it verifies: met, not met (a failure), or not judged (and why). */
export interface ProbeJudgementJson {
  readonly claimId: string;
  readonly result: 'met' | 'not-met' | 'not-judged';
  readonly inForce: boolean;
  readonly counted: boolean;
  readonly met: boolean;
  readonly reason: string;
}

/** `kept probe --json`: the observation (docs/observation-json.md) and each verified claim's judgement. */
export type ProbeRunJson = ObservationJson & { readonly judgements: readonly ProbeJudgementJson[] };

export function judgementResult(judgement: Judgement): ProbeJudgementJson['result'] {
  if (!judgement.counted) return 'not-judged';
  return judgement.met ? 'met' : 'not-met';
}

export function probeRunJson(observation: Observation, judgements: readonly Judgement[]): ProbeRunJson {
  return {
    ...observationToJson(observation),
    judgements: judgements.map((j) => ({
      claimId: j.claimId,
      result: judgementResult(j),
      inForce: j.inForce,
      counted: j.counted,
      met: j.met,
      reason: j.reason,
    })),
  };
}
