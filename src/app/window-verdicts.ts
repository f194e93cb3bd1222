import type { ProbeSpec } from '../domain/catalogue.ts';
import type { Claim } from '../domain/claim.ts';
import type { Verdict } from '../domain/evaluation/verdict.ts';
import type { TwoWitnesses } from '../domain/population/discrepancy.ts';
import { evaluateClaims } from './evaluate-claims.ts';
import type { Clock, Logger, ObservationStore } from './ports.ts';
import type { VerdictBoard } from './verdict-board.ts';

export interface VerdictSnapshot {
  readonly computedAt: number;
  readonly verdicts: readonly Verdict[];
  /** Different for every computation (even two at the same clock reading): what a cache of renderings keys on. */
  readonly generation: number;
  /** The board's window only: the platform's witness and the discrepancy of each claim a collector verifies. */
  readonly witnesses?: ReadonlyMap<string, TwoWitnesses>;
}

export interface WindowVerdicts {
  /**
   * Verdicts over the last `windowMs`. The board's own window is served from the board; another window is computed
   * once, shared by concurrent callers, then served from memory while a newer one is computed in the background
   * whenever the board has moved on (stale-while-revalidate): only the first request for a window waits.
   */
  get(windowMs: number): Promise<VerdictSnapshot>;
}

export interface WindowVerdictsDeps {
  readonly store: ObservationStore;
  readonly claims: () => readonly Claim[];
  /** The catalogue's probes: a claim verified by one that has never reached its target says so (probe-reach.ts). */
  readonly probes?: readonly ProbeSpec[];
  readonly clock: Clock;
  readonly board: VerdictBoard;
  readonly log: Logger;
  /** The board's window (the catalogue's evaluation window). */
  readonly boardWindowMs: number;
  /** How many other windows are kept (least recently used dropped first). Default 8. */
  readonly maxWindows?: number;
}

interface Entry {
  snapshot: VerdictSnapshot | null;
  computing: Promise<VerdictSnapshot> | null;
}

export function createWindowVerdicts(deps: WindowVerdictsDeps): WindowVerdicts {
  const entries = new Map<number, Entry>();
  const maxWindows = deps.maxWindows ?? 8;
  const generations = new WeakMap<readonly Verdict[], number>();
  let serial = 0;
  const reached = new Set<string>();
  const generationOf = (verdicts: readonly Verdict[]): number => {
    let generation = generations.get(verdicts);
    if (generation === undefined) {
      serial += 1;
      generation = serial;
      generations.set(verdicts, generation);
    }
    return generation;
  };

  function compute(windowMs: number, entry: Entry): Promise<VerdictSnapshot> {
    if (entry.computing !== null) return entry.computing;
    const at = deps.clock.now();
    entry.computing = evaluateClaims(deps.store, deps.claims(), at, windowMs, deps.probes, reached)
      .then((verdicts) => {
        entry.snapshot = { computedAt: at, verdicts, generation: generationOf(verdicts) };
        return entry.snapshot;
      })
      .finally(() => {
        entry.computing = null;
      });
    return entry.computing;
  }

  function entryFor(windowMs: number): Entry {
    let entry = entries.get(windowMs);
    if (entry === undefined) {
      entry = { snapshot: null, computing: null };
      if (entries.size >= maxWindows) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
    } else {
      entries.delete(windowMs);
    }
    entries.set(windowMs, entry);
    return entry;
  }

  return {
    async get(windowMs) {
      const board = deps.board.current();
      if (windowMs === deps.boardWindowMs && board.computedAt !== null) {
        return {
          computedAt: board.computedAt,
          verdicts: board.verdicts,
          generation: generationOf(board.verdicts),
          witnesses: board.witnesses,
        };
      }
      const entry = entryFor(windowMs);
      const { snapshot } = entry;
      if (snapshot === null) return compute(windowMs, entry);
      if (board.computedAt !== null && board.computedAt > snapshot.computedAt) {
        compute(windowMs, entry).catch((error: unknown) =>
          deps.log.error('verdicts for a window could not be recomputed; serving the previous ones', {
            windowMs,
            error: String(error),
          }),
        );
      }
      return snapshot;
    },
  };
}
