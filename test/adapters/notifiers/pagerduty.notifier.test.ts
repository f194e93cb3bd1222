import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../src/app/alerting/notifier.port.ts';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import { createPagerDutyNotifier } from '../../../src/adapters/notifiers/pagerduty.notifier.ts';
import { RATE_LIMITED, startFakePagerDuty, type FakePagerDuty } from './fakes/pagerduty.fake.ts';
import type { PlannedAnswer } from './fakes/fake-http.ts';
import { FAST_RETRY, firing, receiver, resolved } from './fakes/notifications.ts';
import { recordingLogger } from './fakes/recording.logger.ts';

const ROUTING_KEY = 'R0UT1NGK3Y0F32CHARACTERSEXACTLY1';
let pd: FakePagerDuty;

beforeAll(async () => {
  pd = await startFakePagerDuty();
});
afterAll(() => pd.close());
afterEach(() => {
  pd.requests.length = 0;
  pd.alerts.clear();
});

function notifier(key = ROUTING_KEY, log = recordingLogger()) {
  return createPagerDutyNotifier(receiver('pagerduty', pd.enqueueUrl, key), {
    clock: systemClock,
    log,
    retry: FAST_RETRY,
  });
}

describe('PagerDuty Events API v2 notifier', () => {
  it('triggers an alert with the documented event shape and the claim in the payload', async () => {
    await notifier().send(firing());
    expect(pd.requests).toHaveLength(1);
    expect(pd.requests[0]?.json).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: 'kept:acme-support:chat-24-7:failing',
      payload: {
        summary: 'chat-24-7: 1 in-force attempt failed: outcome unanswered',
        source: 'Acme Support',
        severity: 'critical',
        component: 'chat-24-7',
        group: 'support-ops',
        custom_details: { copy: '24/7 live chat with a real person', reason: 'outcome unanswered' },
      },
      links: [{ href: 'http://127.0.0.1:8080/api/claims/chat-24-7', text: 'Evidence in Kept' }],
    });
    expect(pd.alerts.get('kept:acme-support:chat-24-7:failing')).toEqual({ status: 'triggered', triggers: 1 });
  });

  it('folds repeats into the same alert and resolves it by dedup key', async () => {
    const pager = notifier();
    await pager.send(firing());
    await pager.send(firing({ repeat: true }));
    await pager.send(resolved());
    expect(pd.requests.map((r) => (r.json as { event_action: string }).event_action)).toEqual([
      'trigger',
      'trigger',
      'resolve',
    ]);
    expect(pd.requests[2]?.json).toEqual({
      routing_key: ROUTING_KEY,
      event_action: 'resolve',
      dedup_key: 'kept:acme-support:chat-24-7:failing',
    });
    expect([...pd.alerts.entries()]).toEqual([
      ['kept:acme-support:chat-24-7:failing', { status: 'resolved', triggers: 2 }],
    ]);
  });

  it.each<[string, PlannedAnswer[], number]>([
    ['a 500 is retried', [{ status: 500, body: { status: 'error' } }], 2],
    [
      'a 502 then a 503 are retried',
      [
        { status: 502, body: '' },
        { status: 503, body: '' },
      ],
      3,
    ],
    ['a 429 is retried', [RATE_LIMITED], 2],
    ['a dropped connection is retried', [{ status: 0, hangUp: true }], 2],
  ])('%s until the event is accepted', async (_name, answers, requests) => {
    pd.plan(...answers);
    await notifier().send(firing());
    expect(pd.requests).toHaveLength(requests);
    expect(pd.alerts.get('kept:acme-support:chat-24-7:failing')?.status).toBe('triggered');
  });

  it('honours Retry-After on a 429', async () => {
    pd.plan({ ...RATE_LIMITED, headers: { 'retry-after': '1' } });
    await notifier().send(firing());
    const [first, second] = pd.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('gives up after its tries with a transient error the delivery queue will retry', async () => {
    pd.plan({ status: 500, body: '' }, { status: 500, body: '' }, { status: 500, body: '' });
    const error = await notifier()
      .send(firing())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ kind: 'transient', code: 'notifier.unavailable' });
    expect(pd.requests).toHaveLength(FAST_RETRY.attempts);
  });

  it('does not retry a 400 and never shows the routing key in the error or the log', async () => {
    const log = recordingLogger();
    const wrongKey = 'WRONGKEY-31-CHARACTERS-LONG-XXX';
    pd.plan({ status: 503, body: '' });
    const error = await notifier(wrongKey, log)
      .send(firing())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'fatal', code: 'notifier.rejected' });
    expect(String((error as Error).message)).toContain("Length of 'routing_key' is incorrect");
    expect(pd.requests).toHaveLength(2);
    expect(`${(error as Error).message} ${JSON.stringify(error)} ${log.text()}`).not.toContain(wrongKey);
    expect(log.entries.map((e) => e.message)).toEqual(['notification try failed; retrying']);
  });

  it('refuses at start-up a receiver without a routing key', () => {
    const noKey = receiver('pagerduty', pd.enqueueUrl);
    expect(() => createPagerDutyNotifier(noKey, { clock: systemClock, log: recordingLogger() })).toThrow(
      expect.objectContaining({ kind: 'validation', code: 'notifier.pagerduty.routing-key' }),
    );
  });
});

describe('the fake PagerDuty is as strict as the documentation', () => {
  const trigger = {
    routing_key: ROUTING_KEY,
    event_action: 'trigger',
    payload: { summary: 's', source: 'h', severity: 'info' },
  };
  it.each<[string, unknown, boolean]>([
    ['the documented minimal trigger is accepted', trigger, true],
    ['a trigger without a source is refused', { ...trigger, payload: { summary: 's', severity: 'info' } }, false],
    ['an unknown severity is refused', { ...trigger, payload: { ...trigger.payload, severity: 'fatal' } }, false],
    ['a resolve without a dedup key is refused', { routing_key: ROUTING_KEY, event_action: 'resolve' }, false],
    ['an unknown top-level field is refused', { ...trigger, incident_key: 'x' }, false],
  ])('%s', async (_name, event, ok) => {
    const response = await fetch(pd.enqueueUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    expect(response.status).toBe(ok ? 202 : 400);
    expect(await response.json()).toMatchObject(
      ok ? { status: 'success', message: 'Event processed' } : { status: 'invalid event' },
    );
  });
});
