import type { Claim } from '../domain/claim.ts';
import type { EvaluationWindow } from '../domain/evaluation/verdict.ts';
import type { CollectorSpec } from '../domain/population/collector-spec.ts';
import { judgePopulation } from '../domain/population/population-judgement.ts';
import { evaluatePopulation, type PopulationVerdict } from '../domain/population/population-verdict.ts';
import type { PopulationStore } from './ports.ts';

/**
 * The population's verdict for every claim some collector verifies, over one window: the stored readings and gaps of
 * those collectors, judged for the claim (in force, its limit, its channels) and summed. Claims no collector verifies
 * are left out. What the two-witness surfaces (API, board, discrepancy) read.
 */
export async function evaluatePopulationClaims(input: {
  readonly store: Pick<PopulationStore, 'readings' | 'populationGaps'>;
  readonly claims: readonly Claim[];
  readonly collectors: readonly CollectorSpec[];
  readonly window: EvaluationWindow;
}): Promise<Map<string, PopulationVerdict>> {
  const { window } = input;
  const collectorIds = input.collectors.map((c) => c.id);
  const verdicts = new Map<string, PopulationVerdict>();
  if (collectorIds.length === 0) return verdicts;
  const query = { collectorIds, from: window.from, to: window.to };
  const [readings, gaps] = await Promise.all([input.store.readings(query), input.store.populationGaps(query)]);
  for (const claim of input.claims) {
    const ids = new Set(input.collectors.filter((c) => c.verifies.includes(claim.id)).map((c) => c.id));
    if (ids.size === 0) continue;
    const judged = judgePopulation(
      claim,
      readings.filter((r) => ids.has(r.collectorId)),
      gaps.filter((g) => ids.has(g.collectorId)),
    );
    verdicts.set(claim.id, evaluatePopulation(claim, judged, window));
  }
  return verdicts;
}
