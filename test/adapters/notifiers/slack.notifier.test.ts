import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import { createSlackNotifier, slackMessage } from '../../../src/adapters/notifiers/slack.notifier.ts';
import type { PlannedAnswer } from './fakes/fake-http.ts';
import { FAST_RETRY, firing, receiver, resolved } from './fakes/notifications.ts';
import { recordingLogger } from './fakes/recording.logger.ts';
import { startFakeSlack, type FakeSlack } from './fakes/slack.fake.ts';

let slack: FakeSlack;

beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(() => slack.close());
afterEach(() => {
  slack.requests.length = 0;
});

const notifier = (url = slack.webhookUrl, log = recordingLogger()) =>
  createSlackNotifier(receiver('slack', url), { clock: systemClock, log, retry: FAST_RETRY });

type Message = ReturnType<typeof slackMessage>;

describe('Slack incoming-webhook notifier', () => {
  it.each<[string, ReturnType<typeof firing>, string, string]>([
    [
      'a fire posts a header, the copy with the reason, and the evidence link',
      firing(),
      'Promise failing: chat-24-7',
      '*Why:* outcome unanswered',
    ],
    ['a repeat says it is still firing', firing({ repeat: true }), 'Still firing: chat-24-7', '*Why:*'],
    ['a resolve says so, with the new state', resolved(), 'Resolved: chat-24-7', '*Now:* human in 40000 ms'],
  ])('%s', async (_name, notification, header, section) => {
    await notifier().send(notification);
    expect(slack.requests).toHaveLength(1);
    const body = slack.requests[0]?.json as Message;
    expect(body.text).toContain(notification.summary);
    expect(body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: header, emoji: true } });
    expect(body.blocks[1]?.text?.text).toContain(section);
    expect(JSON.stringify(body.blocks[2])).toContain('<http://127.0.0.1:8080/api/claims/chat-24-7|evidence>');
  });

  it('escapes the claim copy for mrkdwn', () => {
    const message = slackMessage(firing({ claim: { id: 'c', copy: 'Help <now> & always', owner: 'o' } }));
    expect(message.blocks[1]?.text?.text).toContain('Help &lt;now&gt; &amp; always');
  });

  it.each<[string, PlannedAnswer[], number]>([
    ['a 500 rollup_error is retried', [{ status: 500, body: 'rollup_error' }], 2],
    ['a 429 with Retry-After is retried', [{ status: 429, body: 'rate_limited', headers: { 'retry-after': '0' } }], 2],
  ])('%s until Slack answers ok', async (_name, answers, requests) => {
    slack.plan(...answers);
    await notifier().send(firing());
    expect(slack.requests).toHaveLength(requests);
  });

  it('does not retry an unknown webhook (404 no_service) and never shows the URL token', async () => {
    const log = recordingLogger();
    const wrong = slack.webhookUrl.replace('B0001', 'B9999');
    const error = await notifier(wrong, log)
      .send(firing())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'fatal', code: 'notifier.rejected' });
    expect((error as Error).message).toContain('HTTP 404 no_service');
    expect(slack.requests).toHaveLength(1);
    expect(`${(error as Error).message} ${log.text()}`).not.toContain(slack.token);
  });
});
