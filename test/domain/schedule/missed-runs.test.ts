import { describe, expect, it } from 'vitest';
import { describeMissedRuns, missedRuns, type MissedRuns } from '../../../src/domain/schedule/missed-runs.ts';
import { at, DAY, MINUTE } from '../builders.ts';

type Row = readonly [string, string, string, number, string, string, MissedRuns | undefined];

const missed = (count: number, first: string, last: string): MissedRuns => ({
  count,
  first: at(first),
  last: at(last),
});

describe('missedRuns', () => {
  it.each<Row>([
    [
      'a restart between two runs misses nothing',
      '*/5 * * * *',
      'UTC',
      MINUTE,
      '2026-01-05T10:00:20Z',
      '2026-01-05T10:04:00Z',
      undefined,
    ],
    [
      'an hour down on a five-minute schedule misses twelve runs',
      '*/5 * * * *',
      'UTC',
      MINUTE,
      '2026-01-05T10:00:20Z',
      '2026-01-05T11:02:00Z',
      missed(12, '2026-01-05T10:05:00Z', '2026-01-05T11:00:00Z'),
    ],
    [
      'a run whose jitter has not run out yet is not missed',
      '*/5 * * * *',
      'UTC',
      MINUTE,
      '2026-01-05T10:00:20Z',
      '2026-01-05T10:10:30Z',
      missed(1, '2026-01-05T10:05:00Z', '2026-01-05T10:05:00Z'),
    ],
    [
      'a gap under one interval plus the jitter is ignored',
      '*/5 * * * *',
      'UTC',
      MINUTE,
      '2026-01-05T10:00:30Z',
      '2026-01-05T10:06:10Z',
      undefined,
    ],
    [
      'a gap of one interval plus the jitter counts',
      '*/5 * * * *',
      'UTC',
      MINUTE,
      '2026-01-05T10:00:30Z',
      '2026-01-05T10:06:40Z',
      missed(1, '2026-01-05T10:05:00Z', '2026-01-05T10:05:00Z'),
    ],
    [
      'an office-hours cron misses nothing over a weekend',
      '0 9-17 * * mon-fri',
      'Europe/London',
      0,
      '2026-01-09T17:00:10Z',
      '2026-01-12T08:30:00Z',
      undefined,
    ],
    [
      'an office-hours cron counts Monday morning once Kept stays down',
      '0 9-17 * * mon-fri',
      'Europe/London',
      0,
      '2026-01-09T17:00:10Z',
      '2026-01-12T10:30:00Z',
      missed(2, '2026-01-12T09:00:00Z', '2026-01-12T10:00:00Z'),
    ],
    [
      'a last run in the future (a clock set back) misses nothing',
      '*/5 * * * *',
      'UTC',
      0,
      '2026-01-05T12:00:00Z',
      '2026-01-05T11:00:00Z',
      undefined,
    ],
    [
      'a 01:30 London cron misses no run on the spring day, which has no 01:30',
      '30 1 * * *',
      'Europe/London',
      0,
      '2026-03-28T01:30:00Z',
      '2026-03-31T12:00:00Z',
      missed(2, '2026-03-30T00:30:00Z', '2026-03-31T00:30:00Z'),
    ],
    [
      'a 01:30 New York cron misses both 01:30s of the fall-back day',
      '30 1 * * *',
      'America/New_York',
      0,
      '2026-10-31T05:30:00Z',
      '2026-11-01T12:00:00Z',
      missed(2, '2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z'),
    ],
    [
      'a seconds schedule counts a week down exactly',
      '*/10 * * * * *',
      'UTC',
      0,
      '2026-01-05T00:00:00Z',
      '2026-01-12T00:00:00Z',
      missed(60_479, '2026-01-05T00:00:10Z', '2026-01-11T23:59:50Z'),
    ],
  ])('%s', (_name, cron, timeZone, jitterMs, lastRunAt, now, expected) => {
    expect(missedRuns({ cron, timeZone, jitterMs, lastRunAt: at(lastRunAt), now: at(now) })).toEqual(expected);
  });

  it('counts a year of an every-second schedule (how fast: schedule.timing.test.ts)', () => {
    const lastRunAt = at('2026-01-01T00:00:00Z');
    const result = missedRuns({
      cron: '* * * * * *',
      timeZone: 'Europe/London',
      jitterMs: 0,
      lastRunAt,
      now: lastRunAt + 365 * DAY,
    });
    // Every second of the year but the last run's own: a fire at exactly `now` is left to the scheduler.
    expect(result?.count).toBe((365 * DAY) / 1_000 - 1);
  });
});

describe('describeMissedRuns', () => {
  it.each<readonly [string, MissedRuns, string]>([
    ['one run', missed(1, '2026-01-05T10:05:00Z', '2026-01-05T10:05:00Z'), '1 scheduled run of'],
    ['several runs', missed(12, '2026-01-05T10:05:00Z', '2026-01-05T11:00:00Z'), '12 scheduled runs of'],
  ])('says how many runs, of which cron, when: %s', (_name, runs, count) => {
    const text = describeMissedRuns(runs, '*/5 * * * *', 'UTC');
    expect(text).toContain(count);
    expect(text).toContain('"*/5 * * * *" (UTC)');
    expect(text).toContain(new Date(runs.first).toISOString());
    expect(text).toContain(new Date(runs.last).toISOString());
  });
});
