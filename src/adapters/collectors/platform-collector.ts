import type { CollectResult, CollectWindow, PlatformCollector } from '../../app/collector.port.ts';
import type { CollectContext } from './collector-gap.ts';
import type { Clock } from '../../app/ports.ts';

/** What a collector needs besides its options. */
export interface CollectorDeps {
  /** The catalogue `collectors:` id: it names every reading and gap. */
  readonly collectorId: string;
  readonly clock: Clock;
}

/** How close to now a window must end for a platform's current queue figures to belong to it, ms. */
export const CURRENT_MS = 60_000;

/** True when the run's window ends close enough to now for the platform's "current" figures to belong to it. */
export const isCurrentWindow = (context: CollectContext): boolean => context.nowMs - context.window.toMs <= CURRENT_MS;

/** What a platform's `read` gets for one collection: its options and client, the run's context and signal. */
export interface PlatformRun<O, C> {
  readonly options: O;
  readonly client: C;
  /** Collector id, window, vendor and the clock's now, read once per collection. */
  readonly context: CollectContext;
  readonly signal: AbortSignal;
}

/** One platform: its name, its vendor as a person reads it in a gap's reason, its client, and how it reads. */
export interface PlatformSpec<O, C> {
  readonly platform: string;
  readonly vendor: string;
  readonly client: (options: O, deps: CollectorDeps) => C;
  readonly read: (run: PlatformRun<O, C>) => Promise<CollectResult>;
}

export type PlatformCollectorClass<O> = new (options: O, deps: CollectorDeps) => PlatformCollector;

/**
 * Builds a platform's collector class: the client is made once from the options; each `collect` reads the clock once
 * into the run's context and hands it to the platform's `read`.
 */
export function platformCollector<O, C>(spec: PlatformSpec<O, C>): PlatformCollectorClass<O> {
  return class implements PlatformCollector {
    readonly platform = spec.platform;
    readonly #client: C;

    constructor(
      private readonly options: O,
      private readonly deps: CollectorDeps,
    ) {
      this.#client = spec.client(options, deps);
    }

    async collect(window: CollectWindow, signal: AbortSignal): Promise<CollectResult> {
      const nowMs = this.deps.clock.now();
      const context: CollectContext = { collectorId: this.deps.collectorId, window, vendor: spec.vendor, nowMs };
      return spec.read({ options: this.options, client: this.#client, context, signal });
    }
  };
}
