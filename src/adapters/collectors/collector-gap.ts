import type { CollectResult, CollectWindow } from '../../app/collector.port.ts';
import { parseRetryAfter } from '../../domain/alerting/backoff.ts';
import type { PopulationReading, WaitSplit } from '../../domain/population/population-reading.ts';

/** Why a collection is not evidence (`PopulationGap.code`). */
export type GapCode =
  'auth' | 'rate-limited' | 'server-error' | 'schema-changed' | 'unreachable' | 'timeout' | 'bad-config';

/** What every collector knows about the run it reports on. */
export interface CollectContext {
  readonly collectorId: string;
  readonly window: CollectWindow;
  /** The platform's name as a person reads it in a gap's reason, e.g. `Twilio TaskRouter`. */
  readonly vendor: string;
  /** Wall-clock now, epoch ms (for `Retry-After` given as an HTTP date). */
  readonly nowMs: number;
}

/** A failed collection: a coverage gap, never a reading. `reason` must never hold a secret. */
export function gap(context: CollectContext, code: GapCode, reason: string, retryAfterMs?: number): CollectResult {
  const value = {
    kind: 'gap' as const,
    gap: { collectorId: context.collectorId, fromMs: context.window.fromMs, toMs: context.window.toMs, code, reason },
  };
  return retryAfterMs === undefined ? value : { ...value, retryAfterMs };
}

export function read(readings: readonly PopulationReading[]): CollectResult {
  return { kind: 'read', readings };
}

/**
 * `Retry-After` as RFC 9110 gives it (`parseRetryAfter`): delay-seconds or an HTTP date. Undefined when absent,
 * not text or unreadable; never negative.
 */
export function retryAfterMs(header: unknown, nowMs: number): number | undefined {
  return typeof header === 'string' ? (parseRetryAfter(header, nowMs) ?? undefined) : undefined;
}

/** Seconds (as platforms report waits) to ms, keeping undefined. */
export function secondsToMs(seconds: number | null | undefined): number | undefined {
  return seconds === undefined || seconds === null ? undefined : Math.round(seconds * 1000);
}

/** The largest of the defined values, or undefined when none is. */
export function maxDefined(...values: readonly (number | undefined)[]): number | undefined {
  const defined = values.filter((value): value is number => value !== undefined);
  return defined.length === 0 ? undefined : Math.max(...defined);
}

/**
 * Builds a reading without writing `undefined` into optional fields (exact optional property types): fields whose
 * value is undefined are left out.
 */
export function reading(
  fields: Omit<
    PopulationReading,
    'channel' | 'withinPromise' | 'thresholdMs' | 'splits' | 'longestWaitMs' | 'averageWaitMs'
  > & {
    readonly channel?: string | undefined;
    readonly splits?: readonly WaitSplit[] | undefined;
    readonly withinPromise?: number | undefined;
    readonly thresholdMs?: number | undefined;
    readonly longestWaitMs?: number | undefined;
    readonly averageWaitMs?: number | undefined;
  },
): PopulationReading {
  const entries = Object.entries(fields).filter(([, value]) => value !== undefined);
  return Object.fromEntries(entries) as unknown as PopulationReading;
}
