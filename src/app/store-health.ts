/** Why the store cannot write now: an error code (`storage.full`, `storage.unwritable`, …), in words, and since when. */
export interface StoreProblem {
  readonly code: string;
  readonly message: string;
  readonly since: number;
}

/**
 * Whether the store can write, for readiness, metrics and the watchdog alert. While it cannot, observations are held
 * in memory up to a bound and written when it can again; past the bound the oldest are dropped and recorded as
 * coverage gaps (docs/architecture/nothing-lost.md).
 */
export interface StoreHealth {
  readonly healthy: boolean;
  readonly problem?: StoreProblem;
  /** Observations (and gaps) waiting in memory to be written. */
  readonly held: number;
  /** Failed write attempts since start (first tries and retries). */
  readonly writeFailures: number;
  /** Observations dropped past the bound since start, by probe: each is in a coverage gap. */
  readonly dropped: ReadonlyMap<string, number>;
}

/** A store that reports its health (the holding store does). */
export interface HealthReporting {
  health(): StoreHealth;
}

/** The readiness reason for a store that cannot write, or none. */
export function storeNotReady(health: StoreHealth | undefined): string[] {
  if (health === undefined || health.healthy) return [];
  const problem = health.problem;
  const why =
    problem === undefined ? 'the store cannot write' : `the store cannot write (${problem.code}): ${problem.message}`;
  return [`${why}; ${health.held} observation(s) held in memory until it can`];
}
