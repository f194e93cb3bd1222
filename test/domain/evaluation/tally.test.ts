import { describe, expect, it } from 'vitest';
import {
  hourStartOf,
  slotTalliesOf,
  tallyJudgements,
  tallyKey,
  type HourTally,
} from '../../../src/domain/evaluation/tally.ts';
import type { Judgement } from '../../../src/domain/judgement.ts';
import { judge } from '../../../src/domain/judgement.ts';
import type { Outcome } from '../../../src/domain/observation.ts';
import { at, claim, observation, share, weekly, WEEKDAYS, window } from '../builders.ts';

describe('hourStartOf and tallyKey', () => {
  it.each([
    ['the start of an hour', '2026-01-07T10:00:00Z', '2026-01-07T10:00:00Z'],
    ['the middle of an hour', '2026-01-07T10:29:59.999Z', '2026-01-07T10:00:00Z'],
    ['the last millisecond of an hour', '2026-01-07T10:59:59.999Z', '2026-01-07T10:00:00Z'],
    ['a Kolkata half hour (its UTC hour)', '2026-01-07T10:45:00+05:30', '2026-01-07T05:00:00Z'],
  ])('puts %s in its UTC hour', (_name, instant, hour) => {
    expect(hourStartOf(at(instant))).toBe(at(hour));
  });

  it('keys a tally by hour and slot', () => {
    expect(tallyKey(at('2026-01-07T10:00:00Z'), 58)).toBe(`${at('2026-01-07T10:00:00Z')}|58`);
  });
});

// Mon-Fri 09:00-17:00 in London; Wednesday 2026-01-07 10:xx is slot 58, Saturday 2026-01-10 10:xx slot 130.
const subject = claim({ hours: weekly('Europe/London', [window(WEEKDAYS, '09:00', '17:00')]), target: share(0.9) });
const judged = (instant: string, outcome: Outcome): Judgement => judge(subject, observation(at(instant), { outcome }));

describe('tallyJudgements', () => {
  it.each<
    readonly [
      string,
      Judgement[],
      { hour: string; hourOfWeek: number; met: number; failed: number; inconclusive: number; outOfForce: number }[],
    ]
  >([
    ['nothing gives no tallies', [], []],
    [
      'a met attempt counts as met',
      [judged('2026-01-07T10:05:00Z', 'answered')],
      [{ hour: '2026-01-07T10:00:00Z', hourOfWeek: 58, met: 1, failed: 0, inconclusive: 0, outOfForce: 0 }],
    ],
    [
      'a failed attempt counts as failed',
      [judged('2026-01-07T10:05:00Z', 'rejected')],
      [{ hour: '2026-01-07T10:00:00Z', hourOfWeek: 58, met: 0, failed: 1, inconclusive: 0, outOfForce: 0 }],
    ],
    [
      'an in-force inconclusive attempt counts as inconclusive',
      [judged('2026-01-07T10:05:00Z', 'inconclusive')],
      [{ hour: '2026-01-07T10:00:00Z', hourOfWeek: 58, met: 0, failed: 0, inconclusive: 1, outOfForce: 0 }],
    ],
    [
      'an out-of-hours attempt counts as out of force, whatever happened',
      [judged('2026-01-10T10:05:00Z', 'unanswered'), judged('2026-01-10T10:25:00Z', 'inconclusive')],
      [{ hour: '2026-01-10T10:00:00Z', hourOfWeek: 130, met: 0, failed: 0, inconclusive: 0, outOfForce: 2 }],
    ],
    [
      'attempts in one hour add up',
      [
        judged('2026-01-07T10:05:00Z', 'answered'),
        judged('2026-01-07T10:35:00Z', 'answered'),
        judged('2026-01-07T10:59:00Z', 'unanswered'),
      ],
      [{ hour: '2026-01-07T10:00:00Z', hourOfWeek: 58, met: 2, failed: 1, inconclusive: 0, outOfForce: 0 }],
    ],
    [
      'attempts in different hours are tallied apart, in time order',
      [judged('2026-01-07T11:05:00Z', 'answered'), judged('2026-01-07T10:05:00Z', 'unanswered')],
      [
        { hour: '2026-01-07T10:00:00Z', hourOfWeek: 58, met: 0, failed: 1, inconclusive: 0, outOfForce: 0 },
        { hour: '2026-01-07T11:00:00Z', hourOfWeek: 59, met: 1, failed: 0, inconclusive: 0, outOfForce: 0 },
      ],
    ],
    [
      'the same slot a week apart is two tallies',
      [judged('2026-01-14T10:05:00Z', 'answered'), judged('2026-01-07T10:05:00Z', 'answered')],
      [
        { hour: '2026-01-07T10:00:00Z', hourOfWeek: 58, met: 1, failed: 0, inconclusive: 0, outOfForce: 0 },
        { hour: '2026-01-14T10:00:00Z', hourOfWeek: 58, met: 1, failed: 0, inconclusive: 0, outOfForce: 0 },
      ],
    ],
  ])('%s', (_name, judgements, expected) => {
    expect(tallyJudgements(judgements)).toEqual(
      expected.map(({ hour, ...rest }) => ({ hourStart: at(hour), ...rest })),
    );
  });

  it('splits one UTC hour into two slots when a zone is half an hour off', () => {
    const kolkata = claim({ hours: weekly('Asia/Kolkata', [window(WEEKDAYS, '09:00', '17:00')]), target: share(0.9) });
    // 04:00-05:00 UTC is 09:30-10:30 in Kolkata: Wednesday 09:00 (slot 57) and 10:00 (slot 58).
    const judgements = ['2026-01-07T10:10:00+05:30', '2026-01-07T09:40:00+05:30'].map((t) =>
      judge(kolkata, observation(at(t))),
    );
    expect(tallyJudgements(judgements)).toEqual([
      { hourStart: at('2026-01-07T04:00:00Z'), hourOfWeek: 57, met: 1, failed: 0, inconclusive: 0, outOfForce: 0 },
      { hourStart: at('2026-01-07T04:00:00Z'), hourOfWeek: 58, met: 1, failed: 0, inconclusive: 0, outOfForce: 0 },
    ]);
  });
});

describe('slotTalliesOf', () => {
  const hour = (instant: string, hourOfWeek: number, counts: Partial<HourTally>): HourTally => ({
    hourStart: at(instant),
    hourOfWeek,
    met: 0,
    failed: 0,
    inconclusive: 0,
    outOfForce: 0,
    ...counts,
  });
  const wed10 = hour('2026-01-07T10:00:00Z', 58, { met: 2, failed: 1 });
  const wed10NextWeek = hour('2026-01-14T10:00:00Z', 58, { met: 1, inconclusive: 3 });
  const wed11 = hour('2026-01-07T11:00:00Z', 59, { outOfForce: 4 });
  const kolkata = [hour('2026-01-07T04:00:00Z', 57, { met: 1 }), hour('2026-01-07T04:00:00Z', 58, { failed: 1 })];
  const slot = (hourOfWeek: number, counts: Partial<HourTally>) => ({
    hourOfWeek,
    met: 0,
    failed: 0,
    inconclusive: 0,
    outOfForce: 0,
    ...counts,
  });

  it.each<readonly [string, HourTally[], string | undefined, string | undefined, ReturnType<typeof slot>[]]>([
    ['nothing gives nothing', [], undefined, undefined, []],
    ['one hour is its own slot', [wed10], undefined, undefined, [slot(58, { met: 2, failed: 1 })]],
    [
      'the same hour of week in two weeks adds up, count by count',
      [wed10, wed10NextWeek],
      undefined,
      undefined,
      [slot(58, { met: 3, failed: 1, inconclusive: 3 })],
    ],
    [
      'slots come out in hour-of-week order, whatever the input order',
      [wed11, wed10],
      undefined,
      undefined,
      [slot(58, { met: 2, failed: 1 }), slot(59, { outOfForce: 4 })],
    ],
    [
      'the two local hours of one UTC hour stay apart',
      kolkata,
      undefined,
      undefined,
      [slot(57, { met: 1 }), slot(58, { failed: 1 })],
    ],
    [
      'a window keeps the hours that overlap it',
      [wed10, wed11, wed10NextWeek],
      '2026-01-07T10:30:00Z',
      '2026-01-08T00:00:00Z',
      [slot(58, { met: 2, failed: 1 }), slot(59, { outOfForce: 4 })],
    ],
    [
      'a window leaves out the hour starting at its end',
      [wed10, wed11],
      '2026-01-07T00:00:00Z',
      '2026-01-07T11:00:00Z',
      [slot(58, { met: 2, failed: 1 })],
    ],
  ])('%s', (_name, tallies, from, to, expected) => {
    expect(
      slotTalliesOf(tallies, from === undefined ? undefined : at(from), to === undefined ? undefined : at(to)),
    ).toEqual(expected);
  });
});
