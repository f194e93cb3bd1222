import { describe, expect, it } from 'vitest';
import {
  INITIAL_ALERT_STATE,
  stepAlert,
  type AlertPolicy,
  type AlertTransition,
} from '../../../src/domain/alerting/alert-state.ts';
import { dedupKey, toNotification, type NotificationContext } from '../../../src/domain/alerting/notification.ts';
import { MINUTE } from '../builders.ts';

const T0 = Date.parse('2026-03-01T03:00:00Z');
const policy: AlertPolicy = { fireAfter: 1, resolveAfter: 1, renotifyMs: 10 * MINUTE };
const context: NotificationContext = {
  service: 'Acme Support',
  claim: { id: 'chat-24-7', copy: '24/7 live chat with a real person', owner: 'support-ops' },
  alert: 'failing',
  evidenceUrl: 'https://kept.example/api/claims/chat-24-7',
  policy,
};

/** Fire at T0, re-notify at +10m, resolve at +15m: the three transitions of one incident. */
function incident(): AlertTransition[] {
  const fire = stepAlert(INITIAL_ALERT_STATE, { signal: 'bad', reason: 'outcome unanswered' }, T0, policy);
  const again = stepAlert(fire.state, { signal: 'neutral', reason: '' }, T0 + 10 * MINUTE, policy);
  const resolve = stepAlert(again.state, { signal: 'good', reason: 'human in 40000 ms' }, T0 + 15 * MINUTE, policy);
  return [fire, again, resolve].map((s) => s.transition as AlertTransition);
}

describe('notifications', () => {
  it('keep one dedup key for fire, repeat and resolve of an alert', () => {
    const keys = incident().map((t, i) => toNotification(context, t, T0 + i * MINUTE).dedupKey);
    expect(new Set(keys)).toEqual(new Set(['kept:acme-support:chat-24-7:failing']));
  });

  it.each<[string, number, object]>([
    [
      'a fire is firing, not a repeat, and stands for two re-notify intervals',
      0,
      { status: 'firing', repeat: false, endedAt: null, validUntil: T0 + 20 * MINUTE },
    ],
    ['a re-notification is firing and marked as a repeat', 1, { status: 'firing', repeat: true, startedAt: T0 }],
    [
      'a resolve carries the start and the end of the incident',
      2,
      { status: 'resolved', startedAt: T0, endedAt: T0 + 15 * MINUTE, validUntil: null },
    ],
  ])('%s', (_name, index, expected) => {
    const transition = incident()[index] as AlertTransition;
    expect(toNotification(context, transition, T0 + [0, 10, 15][index]! * MINUTE)).toMatchObject(expected);
  });

  it.each<[string, 'failing' | 'broken', string, string]>([
    ['a failing alert pages as critical', 'failing', 'KeptPromiseFailing', 'critical'],
    ['a broken verdict is a warning', 'broken', 'KeptPromiseBroken', 'warning'],
  ])('%s', (_name, alert, alertname, severity) => {
    const n = toNotification({ ...context, alert }, incident()[0] as AlertTransition, T0);
    expect(n).toMatchObject({ alertname, severity, alert });
    expect(n.summary).toContain('chat-24-7');
    expect(n.summary).toContain('outcome unanswered');
  });

  it("dedup keys differ per claim and per alert and fit PagerDuty's 255 characters", () => {
    expect(dedupKey('s', 'a', 'failing')).not.toBe(dedupKey('s', 'b', 'failing'));
    expect(dedupKey('s', 'a', 'failing')).not.toBe(dedupKey('s', 'a', 'broken'));
    expect(dedupKey('x'.repeat(300), 'a', 'failing').length).toBeLessThanOrEqual(255);
  });
});
