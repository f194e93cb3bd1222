import type { Claim } from '../domain/claim.ts';
import { formatDuration } from '../domain/duration.ts';
import { fatalError } from '../domain/errors.ts';
import { planCollection, type Bucket } from '../domain/population/collection-plan.ts';
import type { CollectorSpec } from '../domain/population/collector-spec.ts';
import { limitOf, readingProblem } from '../domain/population/population-judgement.ts';
import type { PopulationGap, PopulationReading } from '../domain/population/population-reading.ts';
import { REDACTED, Secret } from '../domain/secret.ts';
import type { CollectResult, CollectWindow, PlatformCollector } from './collector.port.ts';
import type { Clock, Logger, PopulationStore } from './ports.ts';

/**
 * Collection runs (docs/architecture/collectors.md): each run of a collector reads the whole intervals since its
 * last successful read, one request per interval, oldest first, and stores them with the cursor. A failure (the
 * platform's gap, a time-out, readings that are not counts, a throw) is stored as a coverage gap, never evidence, and
 * ends the run: the next run starts again from the same interval, honouring a `Retry-After`.
 */
export interface PopulationCollectionOptions {
  readonly collectors: readonly CollectorSpec[];
  readonly claims: readonly Claim[];
  /**
   * Each collector's platform adapter by collector id, built once by the caller (`kept run` builds them at start, so a
   * bad option refuses start-up); every collector needs one.
   */
  readonly adapters: ReadonlyMap<string, PlatformCollector>;
  readonly store: PopulationStore;
  readonly clock: Clock;
  /**
   * The clock that times a read's budget (`schedule.timeout`); default `clock`. `kept run` gives it real time: a
   * platform's answer over the network comes no sooner on the demo's compressed clock (at 400× a 30 s budget would be
   * 75 real ms, and a loaded machine's loopback request would leave a time-out gap).
   */
  readonly budgetClock?: Clock;
  readonly log: Logger;
  /** Most intervals one run reads (a catch-up continues at the next run). Default 12. */
  readonly maxBucketsPerRun?: number;
  /** Told after readings are stored (metrics, the board). */
  readonly onReadings?: (collectorId: string, readings: readonly PopulationReading[]) => void;
  /** Told after a gap is stored. */
  readonly onGap?: (gap: PopulationGap) => void;
}

export interface CollectRunReport {
  readonly collectorId: string;
  /** Intervals read and stored. */
  readonly read: number;
  readonly readings: number;
  readonly gaps: readonly PopulationGap[];
  /** Why the run did nothing: `running` (the previous run is going), `retry-after`, `unknown`. */
  readonly skipped?: 'running' | 'retry-after' | 'unknown';
}

export interface PopulationCollection {
  /** One run of a collector. Never throws: failures are gaps (or, for the store, logged and retried next run). */
  collect(collectorId: string, signal?: AbortSignal): Promise<CollectRunReport>;
}

const DEFAULT_MAX_BUCKETS = 12;

/** The limits (ms) the claims a collector verifies promise (`limitOf`), for platforms that split waits by them. */
export function thresholdsOf(spec: CollectorSpec, claims: readonly Claim[]): number[] {
  const limits = new Set<number>();
  for (const claim of claims) {
    if (!spec.verifies.includes(claim.id)) continue;
    const limit = limitOf(claim);
    if (typeof limit === 'number') limits.add(limit);
  }
  return [...limits].sort((a, b) => a - b);
}

/** The secrets among a collector's options (its schema made them Secrets), however deep. */
function secretsOf(value: unknown, out: Secret[] = []): Secret[] {
  if (value instanceof Secret) out.push(value);
  else if (Array.isArray(value)) for (const item of value) secretsOf(item, out);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) secretsOf(item, out);
  return out;
}

/** A sentence with the collector's secrets taken out, whatever an adapter put in it. */
export function scrub(text: string, spec: CollectorSpec): string {
  let out = text;
  for (const secret of secretsOf(spec.options)) {
    const value = secret.reveal();
    if (value.length >= 4) out = out.split(value).join(REDACTED);
  }
  return out;
}

type Outcome = { kind: 'result'; result: CollectResult } | { kind: 'timeout' } | { kind: 'threw'; error: unknown };

export function createPopulationCollection(options: PopulationCollectionOptions): PopulationCollection {
  const { clock, log, store } = options;
  const budgetClock = options.budgetClock ?? clock;
  const specs = new Map(options.collectors.map((spec) => [spec.id, spec]));
  const adapterOf = (spec: CollectorSpec): PlatformCollector => {
    const adapter = options.adapters.get(spec.id);
    if (adapter === undefined)
      throw fatalError('collector.no-adapter', `no platform adapter was built for collector "${spec.id}"`);
    return adapter;
  };
  for (const spec of options.collectors) adapterOf(spec);
  const cursors = new Map<string, number>();
  const notBefore = new Map<string, number>();
  const running = new Set<string>();
  const maxBuckets = options.maxBucketsPerRun ?? DEFAULT_MAX_BUCKETS;

  const cursorOf = async (id: string): Promise<number | undefined> => {
    const known = cursors.get(id);
    if (known !== undefined) return known;
    const stored = await store.lastReadTo(id);
    if (stored !== undefined) cursors.set(id, stored);
    return stored;
  };

  const recordGap = async (gap: PopulationGap): Promise<void> => {
    try {
      await store.recordPopulationGap(gap);
    } catch (error) {
      log.error('could not record a collection gap', { collector: gap.collectorId, error: String(error) });
    }
    log.warn(`collection gap: ${gap.reason}`, {
      collector: gap.collectorId,
      code: gap.code,
      from: new Date(gap.fromMs).toISOString(),
      to: new Date(gap.toMs).toISOString(),
    });
    options.onGap?.(gap);
  };

  /**
   * Reads one interval within its budget (`schedule.timeout`, for every request and page of it together): the adapter
   * gets the signal, aborted when the budget runs out (so each request has what is left), and a late answer is not
   * waited for.
   */
  async function attempt(spec: CollectorSpec, window: CollectWindow, outer?: AbortSignal): Promise<Outcome> {
    const controller = new AbortController();
    const stopTimer = new AbortController();
    const onOuter = (): void => controller.abort(outer?.reason);
    outer?.addEventListener('abort', onOuter, { once: true });
    const timeout = budgetClock.sleep(spec.schedule.timeoutMs, stopTimer.signal).then(
      (): Outcome => {
        controller.abort(new Error('collection timed out'));
        return { kind: 'timeout' };
      },
      (): Outcome => ({ kind: 'timeout' }),
    );
    try {
      const call = adapterOf(spec)
        .collect(window, controller.signal)
        .then(
          (result): Outcome => ({ kind: 'result', result }),
          (error: unknown): Outcome => ({ kind: 'threw', error }),
        );
      return await Promise.race([call, timeout]);
    } catch (error) {
      return { kind: 'threw', error };
    } finally {
      stopTimer.abort();
      outer?.removeEventListener('abort', onOuter);
    }
  }

  /** The gap a failed attempt leaves: from the interval tried to the end of the readable time. */
  function gapOf(spec: CollectorSpec, bucket: Bucket, until: number, outcome: Outcome): PopulationGap | undefined {
    const span = { collectorId: spec.id, fromMs: bucket.fromMs, toMs: Math.max(until, bucket.toMs) };
    if (outcome.kind === 'timeout') {
      const reason = `the platform did not answer within the interval's ${formatDuration(spec.schedule.timeoutMs)} budget`;
      return { ...span, code: 'timeout', reason };
    }
    if (outcome.kind === 'threw') {
      const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      return {
        ...span,
        code: 'collector-failed',
        reason: scrub(`the ${spec.platform} collector failed: ${message}`, spec),
      };
    }
    const result = outcome.result;
    if (result.kind === 'gap') return { ...span, code: result.gap.code, reason: scrub(result.gap.reason, spec) };
    for (const reading of result.readings) {
      const problem = readingProblem(reading);
      if (problem !== undefined)
        return { ...span, code: 'schema-changed', reason: `the platform's figures are not counts: ${problem}` };
      if (reading.fromMs !== bucket.fromMs || reading.toMs !== bucket.toMs)
        return { ...span, code: 'schema-changed', reason: 'a reading covers another interval than the one asked for' };
    }
    return undefined;
  }

  async function run(spec: CollectorSpec, signal?: AbortSignal): Promise<CollectRunReport> {
    const now = clock.now();
    const waitUntil = notBefore.get(spec.id);
    if (waitUntil !== undefined && now < waitUntil) {
      log.info('collection waits: the platform asked Kept to retry later', {
        collector: spec.id,
        until: new Date(waitUntil).toISOString(),
      });
      return { collectorId: spec.id, read: 0, readings: 0, gaps: [], skipped: 'retry-after' };
    }
    const plan = planCollection({
      lastReadTo: await cursorOf(spec.id),
      now,
      intervalMs: spec.intervalMs,
      lagMs: spec.lagMs,
      catchUpMs: spec.catchUpMs,
      maxBuckets,
    });
    // A first run that fails must be retried from the same interval, not from wherever the next run would start.
    const first = plan.buckets[0];
    if (!cursors.has(spec.id) && first !== undefined) cursors.set(spec.id, first.fromMs);
    const gaps: PopulationGap[] = [];
    if (plan.tooOld !== undefined) {
      const gap: PopulationGap = {
        collectorId: spec.id,
        ...plan.tooOld,
        code: 'not-collected',
        reason: `not read: older than the catch-up limit (${formatDuration(spec.catchUpMs)}) when collection resumed`,
      };
      gaps.push(gap);
      await recordGap(gap);
    }
    const thresholdsMs = thresholdsOf(spec, options.claims);
    let read = 0;
    let readings = 0;
    for (const bucket of plan.buckets) {
      if (signal?.aborted) break;
      const outcome = await attempt(spec, { ...bucket, thresholdsMs }, signal);
      if (signal?.aborted) break;
      const gap = gapOf(spec, bucket, plan.until, outcome);
      if (gap !== undefined) {
        if (outcome.kind === 'result' && outcome.result.kind === 'gap' && outcome.result.retryAfterMs !== undefined)
          notBefore.set(spec.id, clock.now() + outcome.result.retryAfterMs);
        gaps.push(gap);
        await recordGap(gap);
        break;
      }
      const got = (outcome as { result: { readings: readonly PopulationReading[] } }).result.readings;
      try {
        await store.recordReadings(spec.id, bucket, got);
      } catch (error) {
        log.error('could not store population readings; the next run reads them again', {
          collector: spec.id,
          error: String(error),
        });
        break;
      }
      cursors.set(spec.id, bucket.toMs);
      read += 1;
      readings += got.length;
      options.onReadings?.(spec.id, got);
    }
    return { collectorId: spec.id, read, readings, gaps };
  }

  return {
    async collect(collectorId, signal) {
      const spec = specs.get(collectorId);
      if (spec === undefined) return { collectorId, read: 0, readings: 0, gaps: [], skipped: 'unknown' };
      if (running.has(collectorId)) return { collectorId, read: 0, readings: 0, gaps: [], skipped: 'running' };
      running.add(collectorId);
      try {
        return await run(spec, signal);
      } catch (error) {
        log.error('a collection run failed', { collector: collectorId, error: String(error) });
        return { collectorId, read: 0, readings: 0, gaps: [] };
      } finally {
        running.delete(collectorId);
      }
    },
  };
}
