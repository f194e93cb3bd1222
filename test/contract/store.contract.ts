import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoverageGap, ObservationQuery, ObservationStore } from '../../src/app/ports.ts';
import { KeptError } from '../../src/domain/errors.ts';
import { slotTalliesOf } from '../../src/domain/evaluation/tally.ts';
import { judge } from '../../src/domain/judgement.ts';
import type { Observation } from '../../src/domain/observation.ts';
import {
  at,
  chatAlways,
  DAY,
  expectedSlotTallies,
  expectedTallies,
  judged,
  mixedWeek,
  MONDAY,
  observation,
  officeHuman,
  recordAll,
  tally,
  WEEK,
  week,
} from './store-fixtures.ts';

export interface StoreUnderTest {
  readonly store: ObservationStore;
  /** Closes the store and opens the same data again, when the store keeps data across processes. */
  readonly reopen?: () => Promise<ObservationStore>;
  /** Closes whatever store is open and removes its data. */
  readonly cleanup: () => Promise<void>;
}

const full: Observation = {
  id: 'full-1',
  probeId: 'chat-web',
  kind: 'browser-chat',
  startedAt: at(0, 9) + 123,
  outcome: 'answered',
  reason: 'a bot answered first, then a person',
  timings: { connectMs: 312.5, firstResponseMs: 800, humanMs: 45_000, autoReplyMs: 800, totalMs: 61_000 },
  humanReached: true,
  autoReplyPromise: 'we will reply within 24 hours',
  findings: ['the bot asked for an order number twice'],
  evidence: {
    transcript: [
      { atMs: 0, from: 'customer', text: 'Hello, is anyone there?' },
      { atMs: 800, from: 'bot', text: 'Hi! 🤖 Ask me anything', name: 'Ava' },
      { atMs: 45_000, from: 'human', text: 'Hi, I\'m Sam — how can I help?\nSecond line, "quoted"', name: 'Sam' },
    ],
    details: { status: 200, headers: { 'x-request-id': 'abc' }, retried: false, cookie: null, codes: [180, 200] },
    attachments: ['full-1/screenshot.png'],
  },
};

const ids = (list: readonly Observation[]): string[] => list.map((o) => o.id);
const gap = (probeId: string, from: number, to: number, missedRuns = 3): CoverageGap => ({
  probeId,
  from,
  to,
  missedRuns,
  reason: 'Kept was down',
});
const g1 = gap('chat-1', at(0, 2), at(0, 3));
const g2 = gap('chat-1', at(1, 0), at(1, 6), 24);
const g3 = gap('phone-1', at(0, 2, 30), at(0, 4));

/** The behaviour every ObservationStore must show. `open` gives a fresh, empty store for each test. */
export function describeStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`${name} honours the ObservationStore contract`, () => {
    let subject: StoreUnderTest;
    let store: ObservationStore;
    const everything: ObservationQuery = { from: MONDAY, to: MONDAY + WEEK };

    beforeEach(async () => {
      subject = await open();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    it.each([
      ['every field, transcript and evidence included', full],
      ['optional fields left out, which stay absent', observation({ id: 'bare', startedAt: at(0, 9) })],
      [
        'a fleet attempt with its location',
        { ...observation({ id: 'located', startedAt: at(0, 9) }), location: 'us-east' },
      ],
    ])('returns an observation exactly as recorded: %s', async (_, o) => {
      await store.record(o, [judge(chatAlways, o)]);
      expect(await store.observations(everything)).toStrictEqual([o]);
    });

    it('changes nothing when the same observation id is recorded again', async () => {
      const items = week();
      await recordAll(store, items);
      const before = await Promise.all([
        store.observations(everything),
        store.tallies([chatAlways.id, officeHuman.id], MONDAY, MONDAY + WEEK),
        store.monitoringSince([chatAlways.id, officeHuman.id]),
        store.lastRunAt('chat-1'),
      ]);
      const first = items[0]!;
      await store.record(first.observation, first.judgements);
      const altered = observation({ id: 'o2', startedAt: at(0, 1), outcome: 'rejected', probeId: 'chat-9' });
      await store.record(altered, [judge(chatAlways, altered), judge(officeHuman, altered)]);
      const after = await Promise.all([
        store.observations(everything),
        store.tallies([chatAlways.id, officeHuman.id], MONDAY, MONDAY + WEEK),
        store.monitoringSince([chatAlways.id, officeHuman.id]),
        store.lastRunAt('chat-1'),
      ]);
      expect(after).toStrictEqual(before);
      expect(await store.lastRunAt('chat-9')).toBeUndefined();
    });

    it.each<[string, Omit<ObservationQuery, 'from' | 'to'> & { from?: number; to?: number }, string[]]>([
      ['everything in the window, newest first', {}, ['o6', 'o4', 'o5', 'o3', 'o2', 'o1']],
      ['only one probe', { probeId: 'chat-1' }, ['o6', 'o4', 'o3', 'o2', 'o1']],
      ['only one outcome', { outcome: 'answered' }, ['o6', 'o4', 'o2', 'o1']],
      ['only those judged for a claim', { claimId: officeHuman.id }, ['o6', 'o5', 'o3', 'o2', 'o1']],
      ['a claim and an outcome together', { claimId: officeHuman.id, outcome: 'answered' }, ['o6', 'o2', 'o1']],
      ['a claim and a probe together', { claimId: officeHuman.id, probeId: 'phone-1' }, ['o5']],
      ['from inclusive and to exclusive', { from: at(0, 10, 40), to: at(0, 11) }, ['o3', 'o2']],
      ['at most the limit, newest kept', { limit: 2 }, ['o6', 'o4']],
      ['nothing for an unknown claim', { claimId: 'no-such-claim' }, []],
      ['nothing for an unknown probe', { probeId: 'no-such-probe' }, []],
      ['nothing in an empty window', { from: at(0, 12), to: at(0, 12) }, []],
    ])('observations() returns %s', async (_, query, expected) => {
      await recordAll(store, week());
      expect(ids(await store.observations({ ...everything, ...query }))).toEqual(expected);
    });

    it('observations() returns 100 observations when no limit is given', async () => {
      const many = Array.from({ length: 101 }, (_, i) => observation({ id: `n${i}`, startedAt: at(2, 0, i) }));
      for (const o of many) await store.record(o, []);
      const got = await store.observations(everything);
      expect(got).toHaveLength(100);
      expect(got[0]?.id).toBe('n100');
      expect(got[99]?.id).toBe('n1');
    });

    it.each([
      [
        'splits a UTC hour into the two local hours of a half-hour zone',
        chatAlways.id,
        MONDAY,
        MONDAY + WEEK,
        [
          tally(at(0, 10), 15, { met: 1 }),
          tally(at(0, 10), 16, { failed: 1, inconclusive: 1 }),
          tally(at(0, 11), 16, { failed: 1 }),
          tally(at(5, 10), 5 * 24 + 15, { met: 1 }),
          tally(at(6, 3), 6 * 24 + 8, { met: 1 }),
        ],
      ],
      [
        'counts met, failed, inconclusive and out of force apart',
        officeHuman.id,
        MONDAY,
        MONDAY + WEEK,
        [
          tally(at(0, 10), 10, { met: 1, failed: 1, inconclusive: 1 }),
          tally(at(0, 11), 11, { failed: 1 }),
          tally(at(6, 3), 6 * 24 + 3, { outOfForce: 1 }),
        ],
      ],
      [
        'includes the hour the window starts in and stops before the hour starting at its end',
        officeHuman.id,
        at(0, 10, 45),
        at(0, 11),
        [tally(at(0, 10), 10, { met: 1, failed: 1, inconclusive: 1 })],
      ],
      ['holds nothing for a claim never judged', 'no-such-claim', MONDAY, MONDAY + WEEK, []],
    ])('tallies() %s', async (_, claimId, from, to, expected) => {
      await recordAll(store, week());
      const got = await store.tallies([claimId], from, to);
      expect([...got.keys()]).toEqual([claimId]);
      expect(got.get(claimId)).toEqual(expected);
    });

    it('tallies() answers for several claims in one call, matching the judgements of a mixed week', async () => {
      const items = mixedWeek(200, 7);
      await recordAll(store, items);
      const got = await store.tallies([chatAlways.id, officeHuman.id, 'no-such-claim'], MONDAY, MONDAY + WEEK);
      expect(got.get(chatAlways.id)).toEqual(expectedTallies(items, chatAlways.id));
      expect(got.get(officeHuman.id)).toEqual(expectedTallies(items, officeHuman.id));
      expect(got.get('no-such-claim')).toEqual([]);
      const counted = got
        .get(officeHuman.id)!
        .reduce((n, t) => n + t.met + t.failed + t.inconclusive + t.outOfForce, 0);
      expect(counted).toBe(200);
    });

    it.each([
      ['the whole week', MONDAY, MONDAY + WEEK],
      ['a window that starts and ends inside UTC days and hours', at(1, 13, 30), at(4, 7, 10)],
      ['a window of one hour', at(2, 9), at(2, 10)],
      ['a window reaching past the data on both sides', MONDAY - 3 * DAY, MONDAY + WEEK + 3 * DAY],
    ])(
      'slotTallies() sums the hourly tallies of %s by hour of week, for several claims in one call',
      async (_, from, to) => {
        const items = mixedWeek(200, 13);
        await recordAll(store, items);
        const claims = [chatAlways.id, officeHuman.id, 'no-such-claim'];
        const [slots, hourly] = await Promise.all([
          store.slotTallies(claims, from, to),
          store.tallies(claims, from, to),
        ]);
        expect([...slots.keys()]).toEqual(claims);
        for (const claim of claims) {
          expect(slots.get(claim)).toEqual(expectedSlotTallies(items, claim, from, to));
          expect(slots.get(claim)).toEqual(slotTalliesOf(hourly.get(claim) ?? []));
        }
        expect(slots.get(officeHuman.id)!.length).toBeGreaterThan(0);
      },
    );

    it('slotTallies() splits the two local hours of a half-hour zone and answers nothing for an empty window', async () => {
      await recordAll(store, week());
      expect((await store.slotTallies([chatAlways.id], MONDAY, MONDAY + WEEK)).get(chatAlways.id)).toEqual([
        { hourOfWeek: 15, met: 1, failed: 0, inconclusive: 0, outOfForce: 0 },
        { hourOfWeek: 16, met: 0, failed: 2, inconclusive: 1, outOfForce: 0 },
        { hourOfWeek: 5 * 24 + 15, met: 1, failed: 0, inconclusive: 0, outOfForce: 0 },
        { hourOfWeek: 6 * 24 + 8, met: 1, failed: 0, inconclusive: 0, outOfForce: 0 },
      ]);
      expect(await store.slotTallies([chatAlways.id], at(0, 12), at(0, 12))).toEqual(new Map([[chatAlways.id, []]]));
      expect(await store.slotTallies([], MONDAY, MONDAY + WEEK)).toEqual(new Map());
    });

    it('monitoringSince() is the earliest judgement per claim, whatever order they were recorded in', async () => {
      await recordAll(store, [...week()].reverse());
      const since = await store.monitoringSince([chatAlways.id, officeHuman.id, 'no-such-claim']);
      expect(since).toEqual(
        new Map([
          [chatAlways.id, at(0, 10, 5)],
          [officeHuman.id, at(0, 10, 5)],
        ]),
      );
      expect(await store.monitoringSince([])).toEqual(new Map());
    });

    it('lastRunAt() is the newest start per probe, inconclusive runs included, whatever the order', async () => {
      expect(await store.lastRunAt('chat-1')).toBeUndefined();
      const late = observation({ id: 'late', startedAt: at(6, 23), outcome: 'inconclusive' });
      await store.record(late, [judge(chatAlways, late)]);
      await recordAll(store, week());
      expect(await store.lastRunAt('chat-1')).toBe(at(6, 23));
      expect(await store.lastRunAt('phone-1')).toBe(at(0, 11));
    });

    it.each<[string, { probeId?: string; from: number; to: number }, CoverageGap[]]>([
      ['every gap overlapping the window, oldest first', { from: MONDAY, to: MONDAY + WEEK }, [g1, g3, g2]],
      ['only one probe', { probeId: 'chat-1', from: MONDAY, to: MONDAY + WEEK }, [g1, g2]],
      ['gaps that overlap, not those that only touch', { from: at(0, 3), to: at(0, 4) }, [g3]],
      ['nothing before the first gap starts', { from: MONDAY, to: at(0, 2) }, []],
    ])('gaps() returns %s', async (_, query, expected) => {
      for (const g of [g2, g1, g3, g1]) await store.recordGap(g);
      expect(await store.gaps(query)).toEqual(expected);
    });

    it.each([
      [
        'judgements of another observation',
        () =>
          store.record(observation({ id: 'a', startedAt: MONDAY }), [
            judge(chatAlways, observation({ id: 'b', startedAt: MONDAY })),
          ]),
      ],
      [
        'a claim judged twice for one observation',
        () => {
          const o = observation({ id: 'a', startedAt: MONDAY });
          return store.record(o, [judge(chatAlways, o), judge(chatAlways, o)]);
        },
      ],
      ['a gap that ends before it starts', () => store.recordGap(gap('chat-1', at(0, 2), at(0, 1)))],
    ])('refuses %s with a validation error and keeps nothing', async (_, write) => {
      await expect(write()).rejects.toSatisfy((e: unknown) => e instanceof KeptError && e.kind === 'validation');
      expect(await store.observations(everything)).toEqual([]);
      expect(await store.gaps(everything)).toEqual([]);
    });

    it('keeps everything across a close and reopen', async ({ skip }) => {
      if (subject.reopen === undefined) return skip();
      await recordAll(store, [...week(), judged(full, [chatAlways])]);
      for (const g of [g1, g2, g3]) await store.recordGap(g);
      const snapshot = async (s: ObservationStore) =>
        Promise.all([
          s.observations(everything),
          s.tallies([chatAlways.id, officeHuman.id], MONDAY, MONDAY + WEEK),
          s.monitoringSince([chatAlways.id, officeHuman.id]),
          s.lastRunAt('chat-1'),
          s.lastRunAt('chat-web'),
          s.gaps(everything),
        ]);
      const before = await snapshot(store);
      store = await subject.reopen();
      expect(await snapshot(store)).toStrictEqual(before);
      expect(before[0]).toHaveLength(7);
      expect(before[0].find((o) => o.id === 'full-1')).toStrictEqual(full);
    });
  });
}
