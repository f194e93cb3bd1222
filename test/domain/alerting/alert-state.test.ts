import { describe, expect, it } from 'vitest';
import {
  checkAlertPolicy,
  INITIAL_ALERT_STATE,
  stepAlert,
  tickAlert,
  type AlertPhase,
  type AlertPolicy,
  type AlertState,
  type AlertTransition,
  type Signal,
} from '../../../src/domain/alerting/alert-state.ts';
import { MINUTE } from '../builders.ts';

const T0 = Date.parse('2026-03-01T03:00:00Z');
const SHARE: AlertPolicy = { fireAfter: 3, resolveAfter: 2, renotifyMs: 60 * MINUTE };
const ABSOLUTE: AlertPolicy = { ...SHARE, fireAfter: 1 };
const SIGNAL: Record<string, Signal> = { B: 'bad', G: 'good', N: 'neutral' };
const MARK: Record<AlertTransition['kind'], string> = { fire: 'F', renotify: 'r', resolve: 'R' };

/**
 * Feeds inputs one minute apart, written B (bad), G (good), N (neutral: inconclusive or out of hours), and returns the
 * transitions as a string of the same length: F fire, r re-notify, R resolve, . nothing.
 */
function run(
  inputs: string,
  policy: AlertPolicy,
): { marks: string; state: AlertState; transitions: AlertTransition[] } {
  let state = INITIAL_ALERT_STATE;
  let marks = '';
  const transitions: AlertTransition[] = [];
  [...inputs].forEach((letter, i) => {
    const step = stepAlert(
      state,
      { signal: SIGNAL[letter] as Signal, reason: `input ${i} ${letter}` },
      T0 + i * MINUTE,
      policy,
    );
    state = step.state;
    marks += step.transition === undefined ? '.' : MARK[step.transition.kind];
    if (step.transition !== undefined) transitions.push(step.transition);
  });
  return { marks, state, transitions };
}

describe('alert state machine', () => {
  it.each<[string, string, AlertPolicy, string, AlertPhase]>([
    ['three failures in a row fire on the third', 'BBB', SHARE, '..F', 'firing'],
    ['two failures are only pending', 'BB', SHARE, '..', 'pending'],
    ['a success before the threshold clears the streak (a flap sends nothing)', 'BBGBBG', SHARE, '......', 'ok'],
    ['flapping around the threshold never fires', 'BGBGBGBGBG', SHARE, '..........', 'ok'],
    ['an inconclusive attempt between failures neither fires nor resets the streak', 'BBNB', SHARE, '...F', 'firing'],
    ['inconclusive attempts alone never fire, however many', 'NNNNNNNNNNNN', SHARE, '............', 'ok'],
    ['inconclusive attempts never fire an absolute claim either', 'NNNNNN', ABSOLUTE, '......', 'ok'],
    ['an absolute claim fires on its first in-force failure', 'GGB', ABSOLUTE, '..F', 'firing'],
    ['failures after firing send nothing new before the re-notify interval', 'BBBBBB', SHARE, '..F...', 'firing'],
    ['one success while firing does not resolve', 'BBBG', SHARE, '..F.', 'resolving'],
    ['two successes in a row resolve', 'BBBGG', SHARE, '..F.R', 'ok'],
    ['inconclusive attempts during recovery neither resolve nor re-fire', 'BBBGNNG', SHARE, '..F...R', 'ok'],
    ['a failure during recovery returns to firing without a new page', 'BBBGBGG', SHARE, '..F...R', 'ok'],
    ['after a resolve, a new streak fires a new incident', 'BBBGGBBB', SHARE, '..F.R..F', 'firing'],
    ['successes while ok send nothing', 'GGGG', SHARE, '....', 'ok'],
  ])('%s', (_name, inputs, policy, marks, phase) => {
    const result = run(inputs, policy);
    expect(result.marks).toBe(marks);
    expect(result.state.phase).toBe(phase);
  });

  it.each<[string, string, number, number | null]>([
    ['a fire starts at the first failure of the streak', 'GBBB', 1, null],
    ['a fire after an inconclusive gap still starts at the first failure', 'BNNBB', 0, null],
    ['a resolve keeps the start and ends at the first success of the recovery', 'BBBGBGG', 0, 5],
  ])('%s', (_name, inputs, startIndex, endIndex) => {
    const last = run(inputs, SHARE).transitions.at(-1) as AlertTransition;
    expect(last.startedAt).toBe(T0 + startIndex * MINUTE);
    if (endIndex === null) expect(last.kind).toBe('fire');
    else expect(last).toMatchObject({ kind: 'resolve', endedAt: T0 + endIndex * MINUTE });
  });

  it.each<[string, Signal, number, boolean]>([
    ['a neutral input before the interval re-notifies nothing', 'neutral', 59, false],
    ['a neutral input once the interval passed re-notifies', 'neutral', 60, true],
    ['a failure once the interval passed re-notifies', 'bad', 61, true],
    ['a first success once the interval passed re-notifies (still firing until resolved)', 'good', 90, true],
  ])('%s', (_name, signal, minutesAfterFire, renotifies) => {
    const fired = stepAlert(INITIAL_ALERT_STATE, { signal: 'bad', reason: 'outcome unanswered' }, T0, ABSOLUTE);
    const next = stepAlert(fired.state, { signal, reason: 'later' }, T0 + minutesAfterFire * MINUTE, ABSOLUTE);
    expect(next.transition?.kind === 'renotify').toBe(renotifies);
    if (renotifies) expect(next.transition).toMatchObject({ startedAt: T0 });
  });

  it('re-notifies on time alone, once per interval, with the latest failure reason', () => {
    let state = stepAlert(INITIAL_ALERT_STATE, { signal: 'bad', reason: 'outcome unanswered' }, T0, ABSOLUTE).state;
    state = stepAlert(state, { signal: 'bad', reason: 'outcome rejected' }, T0 + MINUTE, ABSOLUTE).state;
    const kinds: string[] = [];
    for (let minute = 5; minute <= 180; minute += 5) {
      const step = tickAlert(state, T0 + minute * MINUTE, ABSOLUTE);
      state = step.state;
      if (step.transition !== undefined) kinds.push(`${minute}:${step.transition.kind}:${step.transition.reason}`);
    }
    expect(kinds).toEqual([
      '60:renotify:outcome rejected',
      '120:renotify:outcome rejected',
      '180:renotify:outcome rejected',
    ]);
  });

  it('time alone changes nothing while ok or pending', () => {
    const pending = stepAlert(INITIAL_ALERT_STATE, { signal: 'bad', reason: 'x' }, T0, SHARE).state;
    expect(tickAlert(pending, T0 + 1_000 * MINUTE, SHARE)).toEqual({ state: pending });
    expect(tickAlert(INITIAL_ALERT_STATE, T0, SHARE)).toEqual({ state: INITIAL_ALERT_STATE });
  });

  it.each<[string, AlertPolicy]>([
    ['a zero fire threshold is refused', { ...SHARE, fireAfter: 0 }],
    ['a fractional resolve threshold is refused', { ...SHARE, resolveAfter: 1.5 }],
    ['a re-notify interval of zero is refused', { ...SHARE, renotifyMs: 0 }],
  ])('%s', (_name, policy) => {
    expect(() => checkAlertPolicy(policy)).toThrow(
      expect.objectContaining({ kind: 'validation', code: 'alerting.policy' }),
    );
  });
});
