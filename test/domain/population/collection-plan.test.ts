import { describe, expect, it } from 'vitest';
import { planCollection } from '../../../src/domain/population/collection-plan.ts';
import { at, DAY, MINUTE } from '../builders.ts';

const base = { intervalMs: 5 * MINUTE, lagMs: MINUTE, catchUpMs: DAY, maxBuckets: 12 };

describe('planCollection', () => {
  it('reads the last whole interval that ended at least the lag ago on a first run', () => {
    const plan = planCollection({ ...base, lastReadTo: undefined, now: at('2026-01-05T10:06:30Z') });
    expect(plan.buckets).toEqual([{ fromMs: at('2026-01-05T10:00:00Z'), toMs: at('2026-01-05T10:05:00Z') }]);
  });

  it('reads nothing while the next interval has not settled', () => {
    const plan = planCollection({ ...base, lastReadTo: at('2026-01-05T10:05:00Z'), now: at('2026-01-05T10:10:30Z') });
    expect(plan.buckets).toEqual([]);
  });

  it('catches up from the last successful read, at most maxBuckets a run, oldest first', () => {
    const plan = planCollection({ ...base, lastReadTo: at('2026-01-05T08:00:00Z'), now: at('2026-01-05T10:06:30Z') });
    expect(plan.buckets).toHaveLength(12);
    expect(plan.buckets[0]).toEqual({ fromMs: at('2026-01-05T08:00:00Z'), toMs: at('2026-01-05T08:05:00Z') });
    expect(plan.tooOld).toBeUndefined();
  });

  it('leaves what is older than the catch-up limit as a gap', () => {
    const plan = planCollection({ ...base, lastReadTo: at('2026-01-01T00:00:00Z'), now: at('2026-01-05T10:06:30Z') });
    expect(plan.tooOld).toEqual({ fromMs: at('2026-01-01T00:00:00Z'), toMs: at('2026-01-04T10:05:00Z') });
    expect(plan.buckets[0]?.fromMs).toBe(at('2026-01-04T10:05:00Z'));
  });
});
