import { describe, expect, it } from 'vitest';
import { INITIAL_ALERT_STATE, stepAlert, type Signal } from '../../../src/domain/alerting/alert-state.ts';
import {
  alertingSettings,
  attemptInput,
  DEFAULT_ALERTING_SETTINGS,
  policyFor,
  verdictInput,
} from '../../../src/domain/alerting/claim-alerts.ts';
import type { Verdict, VerdictStatus } from '../../../src/domain/evaluation/verdict.ts';
import { judge } from '../../../src/domain/judgement.ts';
import type { Outcome } from '../../../src/domain/observation.ts';
import { ABSOLUTE, always, at, claim, MINUTE, observation, share, weekly, WEEKDAYS, window } from '../builders.ts';

const office = claim({
  id: 'office',
  hours: weekly('Europe/London', [window(WEEKDAYS, '09:00', '17:00')]),
  target: share(0.95),
});
const allDay = claim({ id: 'always', hours: always('Europe/London'), promise: { kind: 'human', withinMs: 120_000 } });
const WEDNESDAY_NOON = at('2026-01-07T12:00:00Z');
const SUNDAY_3AM = at('2026-01-04T03:00:00Z');

function verdict(status: VerdictStatus, reasons: string[]): Verdict {
  return { claimId: 'office', status, reasons } as unknown as Verdict;
}

describe('what an attempt says about the failing alert', () => {
  it.each<[string, typeof office, number, Outcome, boolean | undefined, Signal]>([
    ['an in-force attempt that went unanswered is bad', office, WEDNESDAY_NOON, 'unanswered', undefined, 'bad'],
    ['an in-force attempt answered by a human in time is good', office, WEDNESDAY_NOON, 'answered', undefined, 'good'],
    [
      'an inconclusive attempt in force is neutral: our failure is not their breach',
      office,
      WEDNESDAY_NOON,
      'inconclusive',
      undefined,
      'neutral',
    ],
    [
      'a failure outside the hours in force is neutral: nothing was promised',
      office,
      SUNDAY_3AM,
      'rejected',
      undefined,
      'neutral',
    ],
    ['a 24/7 failure at 03:00 on a Sunday is bad', allDay, SUNDAY_3AM, 'unanswered', undefined, 'bad'],
    ['an answer by a bot only, where a human was promised, is bad', allDay, SUNDAY_3AM, 'answered', false, 'bad'],
  ])('%s', (_name, subject, startedAt, outcome, humanReached, signal) => {
    const fields = humanReached === undefined ? { outcome } : { outcome, humanReached };
    const input = attemptInput(judge(subject, observation(startedAt, fields)));
    expect(input.signal).toBe(signal);
    expect(input.reason).not.toBe('');
  });

  it('a stream of inconclusive attempts never fires even an absolute claim', () => {
    const policy = policyFor(allDay, 'failing', DEFAULT_ALERTING_SETTINGS);
    let state = INITIAL_ALERT_STATE;
    for (let i = 0; i < 500; i++) {
      const t = SUNDAY_3AM + i * 5 * MINUTE;
      const step = stepAlert(
        state,
        attemptInput(judge(allDay, observation(t, { outcome: 'inconclusive' }))),
        t,
        policy,
      );
      expect(step.transition).toBeUndefined();
      state = step.state;
    }
    expect(state.phase).toBe('ok');
  });
});

describe('what a verdict says about the broken alert', () => {
  it.each<[string, VerdictStatus, Signal]>([
    ['a broken verdict is bad', 'broken', 'bad'],
    ['a kept verdict is good', 'kept', 'good'],
    ['an unproven verdict is neutral: silence is not evidence either way', 'unproven', 'neutral'],
  ])('%s', (_name, status, signal) => {
    const input = verdictInput(verdict(status, [`the first reason for ${status}`]));
    expect(input).toEqual({ signal, reason: `the first reason for ${status}` });
  });
});

describe('alert policies', () => {
  it.each<[string, typeof office, 'failing' | 'broken', number]>([
    [
      'an absolute claim fires failing on the first failure',
      claim({ hours: always('UTC'), target: ABSOLUTE }),
      'failing',
      1,
    ],
    [
      'an absolute claim fires broken on the first broken verdict',
      claim({ hours: always('UTC'), target: ABSOLUTE }),
      'broken',
      1,
    ],
    [
      'a share claim needs the configured failures in a row',
      office,
      'failing',
      DEFAULT_ALERTING_SETTINGS.failing.fireAfter,
    ],
    [
      'a share claim needs the configured broken verdicts in a row',
      office,
      'broken',
      DEFAULT_ALERTING_SETTINGS.broken.fireAfter,
    ],
  ])('%s', (_name, subject, alert, fireAfter) => {
    expect(policyFor(subject, alert, DEFAULT_ALERTING_SETTINGS).fireAfter).toBe(fireAfter);
  });

  it('overrides replace only the fields given and are checked', () => {
    const settings = alertingSettings({ failing: { fireAfter: 5 } });
    expect(settings.failing).toEqual({ ...DEFAULT_ALERTING_SETTINGS.failing, fireAfter: 5 });
    expect(settings.broken).toEqual(DEFAULT_ALERTING_SETTINGS.broken);
    expect(() => alertingSettings({ broken: { resolveAfter: 0 } })).toThrow(/resolveAfter/);
  });
});
