import type { ProbeSpec } from '../domain/catalogue.ts';
import type { Claim } from '../domain/claim.ts';
import type { EvaluationWindow, Verdict } from '../domain/evaluation/verdict.ts';
import { witnessesOf, type TwoWitnesses } from '../domain/population/discrepancy.ts';
import type { PopulationVerdict } from '../domain/population/population-verdict.ts';
import { evaluateClaims } from './evaluate-claims.ts';
import type { Clock, Logger, ObservationStore } from './ports.ts';

export interface VerdictBoard {
  /** The latest verdicts, computed at `computedAt` (epoch ms), or an empty list before the first refresh. */
  current(): {
    readonly computedAt: number | null;
    readonly verdicts: readonly Verdict[];
    /** Claims some collector verifies: the platform's verdict beside the probes', and their discrepancy if any. */
    readonly witnesses: ReadonlyMap<string, TwoWitnesses>;
  };
  /** Recomputes now; concurrent callers share one computation. */
  refresh(): Promise<readonly Verdict[]>;
  /** Marks the board stale; it recomputes at most once per `minIntervalMs`. */
  touch(): void;
  stop(): void;
}

export interface VerdictBoardDeps {
  readonly store: ObservationStore;
  /** The claims to judge, or a function giving them at each refresh (claims derived from observations join later). */
  readonly claims: readonly Claim[] | (() => readonly Claim[]);
  /** The catalogue's probes: a claim verified by one that has never reached its target says so (probe-reach.ts). */
  readonly probes?: readonly ProbeSpec[];
  readonly clock: Clock;
  readonly log: Logger;
  readonly windowMs: number;
  /** Real milliseconds between recomputations when observations keep arriving. */
  readonly minIntervalMs: number;
  /** After each refresh; `witnesses` holds the population's verdicts and discrepancies (empty without collectors). */
  readonly onRefresh?: (verdicts: readonly Verdict[], at: number, witnesses: ReadonlyMap<string, TwoWitnesses>) => void;
  /**
   * The population's verdicts (collectors, docs/architecture/collectors.md) over the same window, computed in the
   * same refresh: the second witness of each claim a collector verifies. Absent: no collectors.
   */
  readonly population?: (
    claims: readonly Claim[],
    window: EvaluationWindow,
  ) => Promise<ReadonlyMap<string, PopulationVerdict>>;
}

const NO_WITNESSES: ReadonlyMap<string, TwoWitnesses> = new Map();

/**
 * Keeps verdicts current without recomputing them per request: API pages and /metrics read the cached board, which is
 * refreshed after new observations at most once per `minIntervalMs` (real time, via timers outside the domain).
 */
export function createVerdictBoard(deps: VerdictBoardDeps): VerdictBoard {
  let snapshot: ReturnType<VerdictBoard['current']> = { computedAt: null, verdicts: [], witnesses: NO_WITNESSES };
  let inFlight: Promise<readonly Verdict[]> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const reached = new Set<string>();

  function refresh(): Promise<readonly Verdict[]> {
    if (inFlight !== null) return inFlight;
    const at = deps.clock.now();
    const claims = typeof deps.claims === 'function' ? deps.claims() : deps.claims;
    const population =
      deps.population === undefined
        ? Promise.resolve(new Map<string, PopulationVerdict>())
        : deps.population(claims, { from: at - deps.windowMs, to: at });
    inFlight = Promise.all([evaluateClaims(deps.store, claims, at, deps.windowMs, deps.probes, reached), population])
      .then(([verdicts, populationVerdicts]) => {
        const witnesses = populationVerdicts.size === 0 ? NO_WITNESSES : witnessesOf(verdicts, populationVerdicts);
        snapshot = { computedAt: at, verdicts, witnesses };
        deps.onRefresh?.(verdicts, at, witnesses);
        return verdicts;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  }

  return {
    current: () => snapshot,
    refresh,
    touch() {
      if (timer !== null) return;
      timer = setTimeout(() => {
        timer = null;
        refresh().catch((error: unknown) => deps.log.error('verdict refresh failed', { error: String(error) }));
      }, deps.minIntervalMs);
    },
    stop() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
