/** One interval a collection run reads, epoch ms, [fromMs, toMs). */
export interface Bucket {
  readonly fromMs: number;
  readonly toMs: number;
}

export interface CollectionPlanInput {
  /** End of the last interval read successfully, if any (the collector's cursor). */
  readonly lastReadTo: number | undefined;
  readonly now: number;
  readonly intervalMs: number;
  readonly lagMs: number;
  readonly catchUpMs: number;
  /** Most intervals one run reads (the rest wait for the next run, so a catch-up does not flood the platform). */
  readonly maxBuckets: number;
}

export interface CollectionPlan {
  /** Whole intervals to read, oldest first. */
  readonly buckets: readonly Bucket[];
  /** Intervals since the cursor that are now older than the catch-up limit: never read, a coverage gap. */
  readonly tooOld?: Bucket;
  /** End of the readable time (the last settled interval's end), whatever `maxBuckets` left for later runs. */
  readonly until: number;
}

const floorTo = (ms: number, step: number): number => Math.floor(ms / step) * step;

/**
 * The whole intervals, aligned to UTC, that a run reads: from the end of the last successful read to the last
 * interval that ended at least `lagMs` ago. Without a cursor (the first run) it reads the last such interval. A
 * cursor older than `catchUpMs` leaves the intervals before the limit unread (`tooOld`).
 */
export function planCollection(input: CollectionPlanInput): CollectionPlan {
  const { intervalMs, now } = input;
  const end = floorTo(now - input.lagMs, intervalMs);
  const oldest = floorTo(now - input.catchUpMs, intervalMs);
  let start = input.lastReadTo === undefined ? end - intervalMs : floorTo(input.lastReadTo, intervalMs);
  let tooOld: Bucket | undefined;
  if (start < oldest) {
    tooOld = { fromMs: start, toMs: oldest };
    start = oldest;
  }
  const buckets: Bucket[] = [];
  for (let from = start; from + intervalMs <= end && buckets.length < input.maxBuckets; from += intervalMs) {
    buckets.push({ fromMs: from, toMs: from + intervalMs });
  }
  return tooOld === undefined ? { buckets, until: end } : { buckets, tooOld, until: end };
}
