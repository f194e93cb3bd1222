import type { Clock, Logger } from '../../app/ports.ts';
import type { ProbeSpec } from '../../domain/catalogue.ts';
import type { Claim } from '../../domain/claim.ts';
import { describeSlots, planCoverageRuns } from '../../domain/schedule/coverage-plan.ts';
import { sleepUntil } from '../clock/sleep-until.ts';
import { iso, type RunGuard } from './run-guard.ts';

export interface CoverageLoopDeps {
  readonly probes: readonly ProbeSpec[];
  readonly claims: readonly Claim[];
  readonly clock: Clock;
  readonly log: Logger;
  readonly random: () => number;
  /** Each probe's and period's own random sequence (shared coverage), instead of `random`. */
  readonly randomFor?: (probeId: string, periodFromMs: number) => () => number;
  readonly periodMs: number;
  /** Start of the first period. */
  readonly from: number;
  /** Runs planned before this (in a first period that began before start-up) are not fired. Default `from`. */
  readonly notBefore?: number;
  readonly guard: RunGuard;
  readonly signal: AbortSignal;
}

interface PlannedRun {
  readonly probe: ProbeSpec;
  readonly at: number;
}

async function plan(deps: CoverageLoopDeps, fromMs: number): Promise<PlannedRun[]> {
  const runs: PlannedRun[] = [];
  for (const probe of deps.probes) {
    // Planning a week takes some milliseconds a probe: let timers (node-cron's among them) run in between.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const extra = planCoverageRuns({
      probe,
      claims: deps.claims,
      fromMs,
      periodMs: deps.periodMs,
      random: deps.randomFor?.(probe.id, fromMs) ?? deps.random,
    });
    if (extra.length > 0) {
      deps.log.info('coverage runs planned: the cron leaves promised hours unprobed', {
        probeId: probe.id,
        from: iso(fromMs),
        to: iso(fromMs + deps.periodMs),
        extraRuns: extra.length,
        slots: describeSlots(extra.map((run) => run.slot)),
      });
    }
    runs.push(...extra.map((run) => ({ probe, at: run.at })));
  }
  return runs.sort((a, b) => a.at - b.at);
}

/**
 * Plans the coverage runs of each period [from, from + period) and fires them through the guard, on the clock,
 * until `signal` aborts. Each period is re-planned (new random minutes) when the previous one ends; a restart
 * plans afresh from its own start (or, for a fleet's shared coverage, from the whole period it starts in).
 */
export async function runCoverageLoop(deps: CoverageLoopDeps): Promise<void> {
  const { clock, guard, signal, periodMs } = deps;
  if (periodMs <= 0) return;
  let from = deps.from;
  let notBefore = deps.notBefore ?? deps.from;
  while (!signal.aborted) {
    for (const run of await plan(deps, from)) {
      if (run.at < notBefore) continue;
      if (!(await sleepUntil(clock, run.at, signal))) return;
      void guard.fire(run.probe, run.at, 'coverage');
    }
    if (!(await sleepUntil(clock, from + periodMs, signal))) return;
    // Whole periods on, so periods stay where they began (a fleet's schedulers share them). A clock that jumped past
    // whole periods (a suspended machine) skips them, and the runs of the period it lands in that are already past.
    const now = clock.now();
    const periods = Math.max(1, Math.floor((now - from) / periodMs));
    from += periods * periodMs;
    notBefore = periods > 1 ? now : from;
  }
}
