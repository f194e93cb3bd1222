import { Gauge, type Registry } from 'prom-client';
import type { VerdictStatus } from '../../domain/evaluation/verdict.ts';
import type { TwoWitnesses } from '../../domain/population/discrepancy.ts';
import { KeptRegistry } from './kept.registry.ts';
import { METRIC } from './metric-names.ts';

const STATUSES: readonly VerdictStatus[] = ['kept', 'broken', 'unproven'];
const NAMES = [
  METRIC.populationVerdict,
  METRIC.populationCompliance,
  METRIC.populationContacts,
  METRIC.populationLongestWait,
  METRIC.witnessDiscrepancy,
];

export interface WitnessMetrics {
  /** The second witness of each claim a collector verifies, after each verdict refresh. */
  setWitnesses(witnesses: ReadonlyMap<string, TwoWitnesses>): void;
}

/**
 * The platform's witness beside the probes' (docs/architecture/metrics.md, "Two witnesses"): the population verdict
 * (1 for its status), the share of counted contacts that met the promise, N contacts, the longest in-force wait the
 * platform reported, and `kept_claim_witness_discrepancy` (1 when the two witnesses' 95% intervals do not meet; what
 * `KeptClaimWitnessDiscrepancy` fires on). Labels: `claim` (and `status`), bounded by the catalogue's claims.
 */
/** `claimIds`: the claims some collector verifies (their discrepancy series start at 0). */
export function createWitnessMetrics(registry: Registry, claimIds: readonly string[]): WitnessMetrics {
  const registers = [registry];
  const cache = registry instanceof KeptRegistry ? registry : undefined;
  const verdict = new Gauge({
    name: METRIC.populationVerdict,
    help: "The platform's verdict of the claim from every real customer it counted (collectors): 1 for the status.",
    labelNames: ['claim', 'status'],
    registers,
  });
  const compliance = new Gauge({
    name: METRIC.populationCompliance,
    help: 'Share of the contacts the platform counted in force that met the promise.',
    labelNames: ['claim'],
    registers,
  });
  const contacts = new Gauge({
    name: METRIC.populationContacts,
    help: "Contacts the platform counted in force over the verdict window (the N beside the probes').",
    labelNames: ['claim'],
    registers,
  });
  const longest = new Gauge({
    name: METRIC.populationLongestWait,
    help: 'Longest in-force wait the platform reported over the verdict window, seconds.',
    labelNames: ['claim'],
    registers,
  });
  const discrepancy = new Gauge({
    name: METRIC.witnessDiscrepancy,
    help: "1 when the platform's and the probes' 95% intervals of the claim do not meet (a discrepancy), else 0.",
    labelNames: ['claim'],
    registers,
  });
  if (cache !== undefined) for (const name of NAMES) cache.cacheUntilChanged(name);
  const known = new Set(claimIds);
  for (const claim of known) discrepancy.set({ claim }, 0);
  return {
    setWitnesses(witnesses) {
      for (const [claimId, two] of witnesses) {
        if (!known.has(claimId)) continue;
        const { population } = two;
        for (const status of STATUSES) verdict.set({ claim: claimId, status }, population.status === status ? 1 : 0);
        if (population.compliance === null) compliance.remove({ claim: claimId });
        else compliance.set({ claim: claimId }, population.compliance);
        contacts.set({ claim: claimId }, population.contacts.counted);
        if (population.longestWaitMs === null) longest.remove({ claim: claimId });
        else longest.set({ claim: claimId }, population.longestWaitMs / 1000);
        discrepancy.set({ claim: claimId }, two.discrepancy === null ? 0 : 1);
      }
      for (const name of NAMES) cache?.changed(name);
    },
  };
}
