import type { PopulationGap, PopulationReading } from '../domain/population/population-reading.ts';

/** The interval a collection run asks a platform about, epoch ms, [fromMs, toMs). */
export interface CollectWindow {
  readonly fromMs: number;
  readonly toMs: number;
  /** Promise limits (ms) the claims verified by this collector judge against, for platforms that split by them. */
  readonly thresholdsMs: readonly number[];
}

export type CollectResult =
  | { readonly kind: 'read'; readonly readings: readonly PopulationReading[] }
  | {
      readonly kind: 'gap';
      readonly gap: PopulationGap;
      /** When the platform asked Kept to wait (HTTP 429 `Retry-After`), ms. */
      readonly retryAfterMs?: number;
    };

/**
 * One adapter per platform (Twilio TaskRouter, Amazon Connect, Genesys Cloud, Zendesk, Intercom, Freshdesk, PromQL,
 * SQL, HTTP JSON). `collect` never throws for the platform's failures (auth, 429, 5xx, a changed schema): those are
 * gaps. It may throw only for Kept's own bugs.
 */
export interface PlatformCollector {
  readonly platform: string;
  collect(window: CollectWindow, signal: AbortSignal): Promise<CollectResult>;
}
