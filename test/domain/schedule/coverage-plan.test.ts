import { describe, expect, it } from 'vitest';
import { isInForce, promisedSlots } from '../../../src/domain/calendar/in-force.ts';
import { hourOfWeek } from '../../../src/domain/calendar/zoned-time.ts';
import type { ProbeSpec } from '../../../src/domain/catalogue.ts';
import type { Claim } from '../../../src/domain/claim.ts';
import { nextFireTimes } from '../../../src/domain/schedule/cron-expression.ts';
import {
  coverageOfSchedule,
  describeSlots,
  planCoverageRuns,
  type CoverageRun,
} from '../../../src/domain/schedule/coverage-plan.ts';
import { always, at, claim, DAY, HOUR, MINUTE, weekly, WEEKDAYS, window } from '../builders.ts';

const LONDON = 'Europe/London';
const WEEK = 7 * DAY;
const MONDAY = at('2026-01-05T00:00:00Z');

function probe(
  cron: string,
  verifies: string[],
  fields: { zone?: string; jitterMs?: number; timeoutMs?: number } = {},
): ProbeSpec {
  const schedule = {
    cron,
    timeZone: fields.zone ?? LONDON,
    jitterMs: fields.jitterMs ?? 0,
    timeoutMs: fields.timeoutMs ?? 60_000,
  };
  return { id: 'chat-probe', kind: 'chat-api', target: 'http://127.0.0.1:9/chat', schedule, verifies, options: {} };
}

/** A seeded source of numbers in [0, 1) (mulberry32), so that plans can be compared. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Promised slots of a claim that neither an exact cron fire nor an extra run probes while the claim is in force. */
function unprobed(
  subject: Claim,
  spec: ProbeSpec,
  extras: readonly CoverageRun[],
  from: number,
  period: number,
): number[] {
  const { cron, timeZone } = spec.schedule;
  const runs = [...nextFireTimes(cron, timeZone, from, from + period), ...extras.map((run) => run.at)];
  const probed = new Set(
    runs.filter((t) => isInForce(subject.hours, t)).map((t) => hourOfWeek(t, subject.hours.timeZone)),
  );
  return [...promisedSlots(subject.hours, from, from + period)]
    .filter((slot) => !probed.has(slot))
    .sort((a, b) => a - b);
}

const allDay = claim({ id: 'chat-24-7', hours: always(LONDON) });
const office = claim({ id: 'chat-office', hours: weekly(LONDON, [window(WEEKDAYS, '09:00', '17:00')]) });
const businessHours = '*/30 9-17 * * 1-5';

describe('planCoverageRuns', () => {
  it('gives a 24/7 claim probed only in business hours runs in all 168 slots over a week', () => {
    const spec = probe(businessHours, [allDay.id]);
    const extras = planCoverageRuns({
      probe: spec,
      claims: [allDay],
      fromMs: MONDAY,
      periodMs: WEEK,
      random: seeded(1),
    });
    expect(extras).toHaveLength(168 - 45);
    expect(unprobed(allDay, spec, extras, MONDAY, WEEK)).toEqual([]);
    expect(extras.map((run) => run.at)).toEqual([...extras.map((run) => run.at)].sort((a, b) => a - b));
    for (const run of extras) {
      expect(run.at).toBeGreaterThanOrEqual(MONDAY);
      expect(run.at).toBeLessThan(MONDAY + WEEK);
      expect(run.at % MINUTE).toBe(0);
      expect(hourOfWeek(run.at, LONDON)).toBe(run.slot);
    }
  });

  it.each([
    ['over an hour', HOUR + MINUTE],
    ['a year', 365 * DAY],
    ['beyond the range of a date', 1e16],
    ['not a number', Number.NaN],
  ])(
    'plans every slot when the jitter is %s: such runs cover no one slot, and planning never stops',
    (_name, jitterMs) => {
      const spec = probe(businessHours, [allDay.id], { jitterMs, timeoutMs: 1e16 });
      const extras = planCoverageRuns({
        probe: spec,
        claims: [allDay],
        fromMs: MONDAY,
        periodMs: WEEK,
        random: seeded(4),
      });
      expect(extras).toHaveLength(168);
      expect(new Set(extras.map((run) => run.slot)).size).toBe(168);
      expect(coverageOfSchedule({ probe: spec, claims: [allDay], fromMs: MONDAY, periodMs: WEEK })[0]?.covered).toEqual(
        [],
      );
    },
  );

  it('gives a business-hours claim no extra runs when the cron covers it', () => {
    const spec = probe(businessHours, [office.id]);
    expect(
      planCoverageRuns({ probe: spec, claims: [office], fromMs: MONDAY, periodMs: WEEK, random: seeded(2) }),
    ).toEqual([]);
  });

  it('ignores claims the probe does not verify', () => {
    const spec = probe(businessHours, [office.id]);
    expect(
      planCoverageRuns({ probe: spec, claims: [office, allDay], fromMs: MONDAY, periodMs: WEEK, random: seeded(3) }),
    ).toEqual([]);
  });

  it("covers claims in two zones, reading each slot in its claim's zone", () => {
    const newYork = claim({ id: 'phone-24-7', hours: always('America/New_York') });
    const kolkata = claim({ id: 'chat-india', hours: weekly('Asia/Kolkata', [window(WEEKDAYS, '09:00', '17:00')]) });
    const spec = probe('0 12 * * *', [newYork.id, kolkata.id], { zone: 'UTC' });
    const extras = planCoverageRuns({
      probe: spec,
      claims: [newYork, kolkata],
      fromMs: MONDAY,
      periodMs: WEEK,
      random: seeded(4),
    });
    expect(unprobed(newYork, spec, extras, MONDAY, WEEK)).toEqual([]);
    expect(unprobed(kolkata, spec, extras, MONDAY, WEEK)).toEqual([]);
    for (const run of extras) {
      const subject = run.claimId === newYork.id ? newYork : kolkata;
      expect(hourOfWeek(run.at, subject.hours.timeZone)).toBe(run.slot);
      expect(isInForce(subject.hours, run.at)).toBe(true);
    }
    // New York's runs fall in Kolkata's office hours too, so Kolkata needs few of its own (its half hours at most).
    expect(extras.filter((run) => run.claimId === kolkata.id).length).toBeLessThan(40);
  });

  it.each<readonly [string, string, number, number]>([
    // Mon 00:00 GMT to Mon 01:00 BST: a week of 168 real hours that reads 167 local hours.
    ['the spring-forward week has no Sunday 01:00 slot', '2026-03-23T00:00:00Z', WEEK, 167],
    // Mon 00:00 BST to Mon 00:00 GMT: 169 real hours, Sunday 01:00 twice, still one slot.
    ['the fall-back week has its Sunday 01:00 slot twice, probed once', '2026-10-18T23:00:00Z', WEEK + HOUR, 168],
  ])('covers a London 24/7 claim on DST weeks: %s', (_name, from, period, slots) => {
    const spec = probe('0 12 * * *', [allDay.id]);
    const extras = planCoverageRuns({
      probe: spec,
      claims: [allDay],
      fromMs: at(from),
      periodMs: period,
      random: seeded(5),
    });
    expect(promisedSlots(allDay.hours, at(from), at(from) + period).size).toBe(slots);
    expect(unprobed(allDay, spec, extras, at(from), period)).toEqual([]);
    expect(extras).toHaveLength(slots - 7);
    expect(new Set(extras.map((run) => run.slot)).size).toBe(extras.length);
  });

  it.each<readonly [string, number, number]>([
    ['a run at :59 covers its hour when it starts on time', 0, 0],
    ['a run at :59 that may start two minutes late covers nothing', 2 * MINUTE, 40],
  ])('%s', (_name, jitterMs, expected) => {
    const spec = probe('59 8-16 * * 1-5', [office.id], { jitterMs });
    expect(
      planCoverageRuns({ probe: spec, claims: [office], fromMs: MONDAY, periodMs: WEEK, random: seeded(6) }),
    ).toHaveLength(expected);
  });

  it("keeps extra runs clear of the probe's other runs, so no run is skipped for overlap", () => {
    const timeoutMs = 10 * MINUTE;
    const spec = probe('0 0-11 * * *', [allDay.id], { timeoutMs });
    const extras = planCoverageRuns({
      probe: spec,
      claims: [allDay],
      fromMs: MONDAY,
      periodMs: WEEK,
      random: seeded(7),
    });
    expect(extras).toHaveLength(7 * 12);
    const runs = [
      ...nextFireTimes(spec.schedule.cron, LONDON, MONDAY, MONDAY + WEEK),
      ...extras.map((run) => run.at),
    ].sort((a, b) => a - b);
    const closest = Math.min(...runs.slice(1).map((t, i) => t - (runs[i] as number)));
    expect(closest).toBeGreaterThanOrEqual(timeoutMs);
  });

  it.each<readonly [string, () => number, number]>([
    ['the lowest draw takes the first free minute', () => 0, 0],
    ['the highest draw takes the last free minute', () => 0.999_999, 59],
  ])('picks minutes by the random source: %s', (_name, random, minute) => {
    const spec = probe(businessHours, [allDay.id]);
    const extras = planCoverageRuns({ probe: spec, claims: [allDay], fromMs: MONDAY, periodMs: DAY, random });
    expect(extras.length).toBe(24 - 9);
    expect(new Set(extras.map((run) => new Date(run.at).getUTCMinutes()))).toEqual(new Set([minute]));
  });

  it('gives the same plan for the same random draws and another for others', () => {
    const spec = probe(businessHours, [allDay.id]);
    const plan = (seed: number) =>
      planCoverageRuns({ probe: spec, claims: [allDay], fromMs: MONDAY, periodMs: WEEK, random: seeded(seed) });
    expect(plan(8)).toEqual(plan(8));
    expect(plan(8)).not.toEqual(plan(9));
  });

  it('plans only the slots a period shorter than a week contains', () => {
    const spec = probe(businessHours, [allDay.id]);
    const extras = planCoverageRuns({
      probe: spec,
      claims: [allDay],
      fromMs: MONDAY + 6 * DAY,
      periodMs: DAY,
      random: seeded(10),
    });
    expect(extras.map((run) => run.slot)).toEqual(Array.from({ length: 24 }, (_, hour) => 6 * 24 + hour));
  });
});

describe('coverageOfSchedule', () => {
  it('says which promised hours the cron alone covers, per claim', () => {
    const spec = probe(businessHours, [allDay.id, office.id]);
    const [full, hours] = coverageOfSchedule({ probe: spec, claims: [allDay, office], fromMs: MONDAY, periodMs: WEEK });
    expect(full).toMatchObject({ claimId: allDay.id, timeZone: LONDON });
    expect([full?.promised.length, full?.covered.length, full?.uncovered.length]).toEqual([168, 45, 123]);
    expect(describeSlots(full?.uncovered ?? [])).toBe(
      'Mon 00:00-Mon 09:00, Mon 18:00-Tue 09:00, Tue 18:00-Wed 09:00, Wed 18:00-Thu 09:00, Thu 18:00-Fri 09:00, Fri 18:00-Mon 00:00',
    );
    expect([hours?.promised.length, hours?.covered.length, hours?.uncovered]).toEqual([40, 40, []]);
  });

  it.each<readonly [string, number[], string]>([
    ['no slots', [], 'none'],
    ['one hour', [10], 'Mon 10:00-Mon 11:00'],
    ['a run of hours across midnight', [22, 23, 24, 25], 'Mon 22:00-Tue 02:00'],
    ['two runs, unsorted and repeated', [30, 2, 1, 30], 'Mon 01:00-Mon 03:00, Tue 06:00-Tue 07:00'],
    ['every hour', Array.from({ length: 168 }, (_, slot) => slot), 'every hour of the week'],
  ])('describeSlots writes %s', (_name, slots, text) => {
    expect(describeSlots(slots)).toBe(text);
  });
});
