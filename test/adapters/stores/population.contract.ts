import { expect, it } from 'vitest';
import type { PopulationStore } from '../../../src/app/ports.ts';
import type { PopulationReading } from '../../../src/domain/population/population-reading.ts';

/**
 * What every PopulationStore does (SQLite and InfluxDB run it): readings come back exactly as recorded, a read of
 * the same interval replaces the earlier one, the cursor moves with the readings, and a gap that goes on is one row.
 */
const T0 = Date.UTC(2026, 0, 5, 10, 0);
const FIVE = 5 * 60_000;

export function reading(fromMs: number, fields: Partial<PopulationReading> = {}): PopulationReading {
  return {
    collectorId: 'desk',
    queue: 'WQ-support',
    channel: 'voice',
    fromMs,
    toMs: fromMs + FIVE,
    contacts: 120,
    withinPromise: 110,
    thresholdMs: 120_000,
    abandoned: 4,
    longestWaitMs: 312_500,
    averageWaitMs: 41_250.5,
    source: 'twilio.taskrouter.cumulative',
    ...fields,
  };
}

export function populationContract(open: () => Promise<PopulationStore>): void {
  it('gives readings back exactly as recorded, oldest first, absent fields absent', async () => {
    const store = await open();
    const full = reading(T0, {
      splits: [{ thresholdMs: 30_000, answeredWithin: 80, abandonedWithin: 1 }],
      uncounted: ['ivr', 'bot'],
    });
    const bare: PopulationReading = {
      collectorId: 'desk',
      queue: 'WQ-sales',
      fromMs: T0 + FIVE,
      toMs: T0 + 2 * FIVE,
      contacts: 0,
      abandoned: 0,
      source: 'twilio.taskrouter.cumulative',
    };
    await store.recordReadings('desk', { fromMs: T0, toMs: T0 + FIVE }, [full]);
    await store.recordReadings('desk', { fromMs: T0 + FIVE, toMs: T0 + 2 * FIVE }, [bare]);
    const got = await store.readings({ collectorIds: ['desk'], from: T0, to: T0 + 2 * FIVE });
    await store.close();
    expect(got).toStrictEqual([full, bare]);
  });

  it('replaces a reading of the same interval, and keeps collectors apart', async () => {
    const store = await open();
    await store.recordReadings('desk', { fromMs: T0, toMs: T0 + FIVE }, [reading(T0)]);
    await store.recordReadings('desk', { fromMs: T0, toMs: T0 + FIVE }, [reading(T0, { contacts: 121 })]);
    await store.recordReadings('other', { fromMs: T0, toMs: T0 + FIVE }, [
      reading(T0, { collectorId: 'other', contacts: 7 }),
    ]);
    const desk = await store.readings({ collectorIds: ['desk'], from: T0, to: T0 + FIVE });
    const both = await store.readings({ collectorIds: ['desk', 'other'], from: T0, to: T0 + FIVE });
    const later = await store.readings({ collectorIds: ['desk'], from: T0 + 1, to: T0 + FIVE });
    await store.close();
    expect(desk.map((r) => r.contacts)).toEqual([121]);
    expect(both.map((r) => r.contacts).sort()).toEqual([121, 7].sort());
    expect(later).toEqual([]);
  });

  it('moves the cursor with each successful read, even one of no readings, and never back', async () => {
    const store = await open();
    expect(await store.lastReadTo('desk')).toBeUndefined();
    await store.recordReadings('desk', { fromMs: T0, toMs: T0 + FIVE }, [reading(T0)]);
    expect(await store.lastReadTo('desk')).toBe(T0 + FIVE);
    await store.recordReadings('desk', { fromMs: T0 + FIVE, toMs: T0 + 2 * FIVE }, []);
    expect(await store.lastReadTo('desk')).toBe(T0 + 2 * FIVE);
    await store.recordReadings('desk', { fromMs: T0, toMs: T0 + FIVE }, [reading(T0)]);
    const cursor = await store.lastReadTo('desk');
    const other = await store.lastReadTo('other');
    await store.close();
    expect(cursor).toBe(T0 + 2 * FIVE);
    expect(other).toBeUndefined();
  });

  it('keeps one gap for an outage that goes on, and finds gaps that overlap a window', async () => {
    const store = await open();
    const gap = {
      collectorId: 'desk',
      fromMs: T0,
      toMs: T0 + FIVE,
      code: 'server-error',
      reason: 'the platform answered 503',
    };
    await store.recordPopulationGap(gap);
    await store.recordPopulationGap({ ...gap, toMs: T0 + 3 * FIVE, code: 'rate-limited', reason: 'HTTP 429' });
    await store.recordPopulationGap({ ...gap, fromMs: T0 + 10 * FIVE, toMs: T0 + 11 * FIVE });
    const all = await store.populationGaps({ collectorIds: ['desk'], from: T0, to: T0 + 12 * FIVE });
    const overlapping = await store.populationGaps({ collectorIds: ['desk'], from: T0 + 2 * FIVE, to: T0 + 4 * FIVE });
    const none = await store.populationGaps({ collectorIds: ['other'], from: T0, to: T0 + 12 * FIVE });
    await store.close();
    expect(all).toStrictEqual([
      { collectorId: 'desk', fromMs: T0, toMs: T0 + 3 * FIVE, code: 'rate-limited', reason: 'HTTP 429' },
      { ...gap, fromMs: T0 + 10 * FIVE, toMs: T0 + 11 * FIVE },
    ]);
    expect(overlapping.map((g) => g.fromMs)).toEqual([T0]);
    expect(none).toEqual([]);
  });

  it('refuses a reading of another collector than the one recording it', async () => {
    const store = await open();
    await expect(
      store.recordReadings('desk', { fromMs: T0, toMs: T0 + FIVE }, [reading(T0, { collectorId: 'other' })]),
    ).rejects.toMatchObject({ code: 'population.collector' });
    await store.close();
  });
}
