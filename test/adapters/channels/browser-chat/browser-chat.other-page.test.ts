import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBrowserChatChannel,
  type BrowserChatChannel,
} from '../../../../src/adapters/channels/browser-chat/browser-chat.channel.ts';
import { CHROMIUM_PATH, chromiumMissing } from '../../../support/chromium.ts';
import { otherWidgetOptions, startOtherWidget, type OtherWidget } from './other-widget.ts';
import { browserProbe, evidenceDir, memoryLog, probeContext } from './support.ts';

const missing = chromiumMissing();

/**
 * The same probe definition format against a page built nothing like the desk's: an iframe widget, a select and a
 * checkbox in the pre-chat form, Enter to send, Server-Sent Events, a thread rebuilt with innerHTML on every event,
 * a typing bubble among the messages, and senders told apart by name only.
 */
describe.skipIf(missing !== undefined)('browser-chat probe against a second, differently built chat page', () => {
  let widget: OtherWidget;
  let channel: BrowserChatChannel;

  beforeAll(async () => {
    widget = await startOtherWidget();
    channel = createBrowserChatChannel({
      log: memoryLog(),
      evidenceDir: evidenceDir(),
      browser: { executablePath: CHROMIUM_PATH },
    });
  });
  afterAll(async () => {
    await channel?.close();
    await widget?.stop();
  });

  const markedOwn = otherWidgetOptions();
  const echoOnly = otherWidgetOptions({ messages: { ...(markedOwn.messages as object), customer: [] } });
  it.each([
    ['a customer marker', markedOwn],
    ['only the echo of what it sent', echoOnly],
  ])(
    'reads a re-rendered thread without reporting anything twice, skips the typing bubble, and knows its own messages by %s',
    async (_name, options) => {
      const observation = await channel.run(browserProbe(widget.url, options), probeContext());
      const transcript = observation.evidence.transcript ?? [];
      expect(transcript.map((line) => `${line.from}:${line.name ?? ''}`)).toEqual([
        'customer:',
        'bot:HelpBot',
        'customer:',
        'bot:HelpBot',
        'human:Alex (Support)',
      ]);
      expect(transcript.some((line) => line.text === '…')).toBe(false);
      expect(transcript[2]?.text).toBe('Chat with a human');
      expect(observation.evidence.details).toMatchObject({
        escalation: { handoffSeen: true, requests: [{ how: 'option', text: 'Chat with a human' }] },
      });
    },
    30_000,
  );

  it('finds no way forward when the bot sends the customer round the same options in new words', async () => {
    const observation = await channel.run(browserProbe(widget.loopUrl, otherWidgetOptions()), probeContext());
    expect(observation).toMatchObject({ outcome: 'answered', humanReached: false, findings: ['no way forward'] });
    expect(observation.reason).toBe(
      'no way forward: the bot offered the same options 2 times (order status | returns | something else) after 1 request for a person',
    );
    expect(observation.evidence.attachments?.[0]).toMatch(/\.png$/);
  }, 30_000);

  it('gives every probe a fresh browser context: the page never sees a cookie it set for an earlier probe', () => {
    expect(widget.conversations().length).toBeGreaterThanOrEqual(3);
    expect(widget.cookiesSeen).toEqual([]);
  });

  it('is inconclusive, with a screenshot and the console errors, when a pre-chat step cannot be done', async () => {
    const steps = (otherWidgetOptions().steps as Record<string, unknown>[]).filter((step) => !('check' in step));
    const options = otherWidgetOptions({ steps, stepTimeoutMs: 1_500 });
    const observation = await channel.run(browserProbe(widget.url, options), probeContext());
    expect(observation.outcome).toBe('inconclusive');
    expect(observation.reason).toMatch(/^the widget step "wait for #say in frame #acme-help-frame" failed: /);
    expect(observation.evidence.details).toMatchObject({
      stage: 'running the widget steps',
      consoleErrors: ['console.error: pre-chat form incomplete'],
    });
    expect(observation.evidence.attachments).toEqual([
      expect.stringMatching(/\.png$/),
      expect.stringMatching(/\.console\.txt$/),
    ]);
  }, 30_000);
});
