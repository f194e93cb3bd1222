import type { ObservationStore } from '../../src/app/ports.ts';
import type { Claim } from '../../src/domain/claim.ts';
import { hourStartOf, type HourTally, type SlotTally } from '../../src/domain/evaluation/tally.ts';
import { judge, type Judgement } from '../../src/domain/judgement.ts';
import type { Observation, Outcome } from '../../src/domain/observation.ts';

/** Monday 5 January 2026, 00:00 UTC (London is on UTC then; Kolkata is UTC+05:30). */
export const MONDAY = Date.UTC(2026, 0, 5);
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const WEEK = 7 * DAY;
export const at = (day: number, hour: number, minute = 0): number => MONDAY + day * DAY + hour * HOUR + minute * MINUTE;

/** "Live chat 24/7, first reply within a minute", measured in Kolkata: its local hours start at :30 UTC. */
export const chatAlways: Claim = {
  id: 'chat-24-7',
  copy: 'Live chat 24/7: we reply within a minute',
  publishedAt: ['https://example.test/support'],
  owner: 'support',
  channels: ['chat'],
  hours: { kind: 'always', timeZone: 'Asia/Kolkata' },
  promise: { kind: 'first-response', withinMs: 60_000 },
  target: { kind: 'share', share: 0.95 },
  minSamples: 30,
};

/** "A real person, weekdays 9-5 (London), within two minutes": absolute. */
export const officeHuman: Claim = {
  id: 'office-human',
  copy: 'Weekdays 9-5 a real person answers within two minutes',
  publishedAt: ['https://example.test/contact'],
  owner: 'support',
  channels: ['chat', 'phone'],
  hours: {
    kind: 'weekly',
    timeZone: 'Europe/London',
    windows: [{ days: [0, 1, 2, 3, 4], fromMinute: 9 * 60, toMinute: 17 * 60 }],
    holidays: [],
  },
  promise: { kind: 'human', withinMs: 120_000 },
  target: { kind: 'absolute' },
  minSamples: 10,
};

export interface ObservationSpec {
  readonly id: string;
  readonly startedAt: number;
  readonly outcome?: Outcome;
  readonly probeId?: string;
  readonly firstResponseMs?: number;
  readonly humanMs?: number;
}

/** A plain observation without optional extras (no reason, findings or transcript). */
export function observation(spec: ObservationSpec): Observation {
  const outcome = spec.outcome ?? 'answered';
  const sip = spec.probeId?.startsWith('phone') ?? false;
  return {
    id: spec.id,
    probeId: spec.probeId ?? 'chat-1',
    kind: sip ? 'sip' : 'chat-api',
    startedAt: spec.startedAt,
    outcome,
    ...(outcome === 'answered'
      ? {}
      : { reason: `the service ${outcome === 'inconclusive' ? 'could not be reached by us' : outcome}` }),
    timings: {
      connectMs: 40,
      ...(spec.firstResponseMs === undefined ? {} : { firstResponseMs: spec.firstResponseMs }),
      ...(spec.humanMs === undefined ? {} : { humanMs: spec.humanMs }),
      totalMs: 120_000,
    },
    humanReached: spec.humanMs !== undefined,
    evidence: {},
  };
}

export interface Recorded {
  readonly observation: Observation;
  readonly judgements: readonly Judgement[];
}

/** Judges an observation with the real domain `judge()` against each claim given. */
export function judged(o: Observation, claims: readonly Claim[]): Recorded {
  return { observation: o, judgements: claims.map((claim) => judge(claim, o)) };
}

/**
 * Five attempts on Monday 5 and Saturday 10 January 2026:
 * o1 Mon 10:05 answered in 2 s, no human; o2 Mon 10:40 first reply 90 s, human at 30 s; o3 Mon 10:50 inconclusive;
 * o4 Sat 10:00 answered in 1 s (judged for the chat claim only); o5 Mon 11:00 rejected, by the phone probe;
 * o6 Sun 03:00 answered in 5 s (out of the office claim's hours).
 */
export function week(): Recorded[] {
  const both = [chatAlways, officeHuman];
  return [
    judged(observation({ id: 'o1', startedAt: at(0, 10, 5), firstResponseMs: 2_000 }), both),
    judged(observation({ id: 'o2', startedAt: at(0, 10, 40), firstResponseMs: 90_000, humanMs: 30_000 }), both),
    judged(observation({ id: 'o3', startedAt: at(0, 10, 50), outcome: 'inconclusive' }), both),
    judged(observation({ id: 'o4', startedAt: at(5, 10), firstResponseMs: 1_000 }), [chatAlways]),
    judged(observation({ id: 'o5', startedAt: at(0, 11), outcome: 'rejected', probeId: 'phone-1' }), both),
    judged(observation({ id: 'o6', startedAt: at(6, 3), firstResponseMs: 5_000 }), both),
  ];
}

export async function recordAll(store: ObservationStore, items: readonly Recorded[]): Promise<void> {
  for (const { observation: o, judgements } of items) await store.record(o, judgements);
}

/** A deterministic pseudo-random generator (mulberry32), so a failing case can be replayed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `count` mixed observations spread over a week, judged against both claims. */
export function mixedWeek(count: number, seed: number): Recorded[] {
  const next = random(seed);
  const outcomes: readonly Outcome[] = ['answered', 'answered', 'answered', 'unanswered', 'rejected', 'inconclusive'];
  return Array.from({ length: count }, (_, i) => {
    const outcome = outcomes[Math.floor(next() * outcomes.length)] as Outcome;
    const answered = outcome === 'answered';
    const o = observation({
      id: `mixed-${seed}-${i}`,
      startedAt: MONDAY + Math.floor(next() * WEEK),
      outcome,
      probeId: next() < 0.5 ? 'chat-1' : 'chat-2',
      ...(answered ? { firstResponseMs: Math.floor(next() * 120_000) } : {}),
      ...(answered && next() < 0.7 ? { humanMs: Math.floor(next() * 240_000) } : {}),
    });
    return judged(o, [chatAlways, officeHuman]);
  });
}

/** The tallies a store should hold for these judgements, summed independently of any store code. */
export function expectedTallies(items: readonly Recorded[], claimId: string): HourTally[] {
  const byKey = new Map<string, { -readonly [K in keyof HourTally]: HourTally[K] }>();
  for (const j of items.flatMap((item) => item.judgements).filter((j) => j.claimId === claimId)) {
    const hourStart = hourStartOf(j.at);
    const key = `${hourStart}/${j.hourOfWeek}`;
    const t = byKey.get(key) ?? {
      hourStart,
      hourOfWeek: j.hourOfWeek,
      met: 0,
      failed: 0,
      inconclusive: 0,
      outOfForce: 0,
    };
    if (!j.inForce) t.outOfForce += 1;
    else if (!j.counted) t.inconclusive += 1;
    else if (j.met) t.met += 1;
    else t.failed += 1;
    byKey.set(key, t);
  }
  return [...byKey.values()].sort((a, b) => a.hourStart - b.hourStart || a.hourOfWeek - b.hourOfWeek);
}

export const tally = (hourStart: number, hourOfWeek: number, counts: Partial<HourTally>): HourTally => ({
  hourStart,
  hourOfWeek,
  met: 0,
  failed: 0,
  inconclusive: 0,
  outOfForce: 0,
  ...counts,
});

/**
 * The slot tallies a store should give for these judgements over [from, to) (hours that overlap it), summed by hour of
 * week independently of any store or domain code.
 */
export function expectedSlotTallies(
  items: readonly Recorded[],
  claimId: string,
  from: number,
  to: number,
): SlotTally[] {
  const bySlot = new Map<number, { -readonly [K in keyof SlotTally]: SlotTally[K] }>();
  for (const j of items.flatMap((item) => item.judgements).filter((j) => j.claimId === claimId)) {
    const hourStart = Math.floor(j.at / HOUR) * HOUR;
    if (hourStart + HOUR <= from || hourStart >= to) continue;
    const t = bySlot.get(j.hourOfWeek) ?? {
      hourOfWeek: j.hourOfWeek,
      met: 0,
      failed: 0,
      inconclusive: 0,
      outOfForce: 0,
    };
    if (!j.inForce) t.outOfForce += 1;
    else if (!j.counted) t.inconclusive += 1;
    else if (j.met) t.met += 1;
    else t.failed += 1;
    bySlot.set(j.hourOfWeek, t);
  }
  return [...bySlot.values()].sort((a, b) => a.hourOfWeek - b.hourOfWeek);
}
