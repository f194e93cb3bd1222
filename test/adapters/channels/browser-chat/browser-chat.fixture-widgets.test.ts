import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBrowserChatChannel,
  type BrowserChatChannel,
} from '../../../../src/adapters/channels/browser-chat/browser-chat.channel.ts';
import { CHROMIUM_PATH, chromiumMissing } from '../../../support/chromium.ts';
import { startWidgetFixtures, type WidgetFixtures } from '../../../fixtures/widgets/widget-fixtures.server.ts';
import { badgeWidgetOptions, offlineWidgetOptions, shadowWidgetOptions } from './fixture-widgets.options.ts';
import { browserProbe, evidenceDir, memoryLog, probeContext } from './support.ts';

const missing = chromiumMissing();

const lines = (transcript: readonly { from: string; name?: string }[] | undefined): string[] =>
  (transcript ?? []).map((line) => `${line.from}:${line.name ?? ''}`);

/**
 * The probe format against three more widget pages built apart from the desk (test/fixtures/widgets): a widget in
 * nested shadow roots, a bot told apart only by a badge, and a chat that is offline in three ways. Outcomes only.
 */
describe.skipIf(missing !== undefined)('browser-chat probe against independently built widget pages', () => {
  let pages: WidgetFixtures;
  let channel: BrowserChatChannel;

  beforeAll(async () => {
    pages = await startWidgetFixtures();
    channel = createBrowserChatChannel({
      log: memoryLog(),
      evidenceDir: evidenceDir(),
      browser: { executablePath: CHROMIUM_PATH },
    });
  });
  afterAll(async () => {
    await channel?.close();
    await pages?.stop();
  });

  it.each([
    ['named in the catalogue (shadow: [help-dock])', shadowWidgetOptions()],
    ['found without being named', shadowWidgetOptions({ shadow: undefined })],
  ])(
    'reads a thread in a nested shadow root %s, and knows its own "…Sending…" bubble by what it typed',
    async (_name, options) => {
      const observation = await channel.run(browserProbe(`${pages.base}/shadow`, options), probeContext());
      expect(observation, JSON.stringify(observation.evidence)).toMatchObject({
        outcome: 'answered',
        humanReached: true,
      });
      expect(lines(observation.evidence.transcript)).toEqual([
        'customer:',
        'bot:Ava',
        'customer:',
        'bot:Ava',
        'system:',
        'human:Marco',
      ]);
      const system = observation.evidence.transcript?.[4];
      expect(system?.text).toBe('Marco has joined the chat');
      // The first response is the bot's, never our own bubble.
      expect(observation.timings.firstResponseMs).toBeLessThan(observation.timings.humanMs!);
      expect(observation.evidence.details).toMatchObject({ timedOn: 'page clock', sentBy: ['page-event'] });
    },
    30_000,
  );

  it('takes a named sender that is not the bot for a person, keeps system lines, and reads names apart from badges', async () => {
    const observation = await channel.run(browserProbe(`${pages.base}/badge`, badgeWidgetOptions()), probeContext());
    expect(observation, JSON.stringify(observation.evidence)).toMatchObject({
      outcome: 'answered',
      humanReached: true,
    });
    const transcript = observation.evidence.transcript ?? [];
    expect(lines(transcript)).toEqual([
      'customer:',
      'bot:Ava Virtual agent',
      'customer:',
      'bot:Ava Virtual agent',
      'system:',
      'human:Marco',
    ]);
    expect(transcript[4]?.text).toBe('Marco has joined the chat');
    expect(transcript[5]?.text).toBe('Hi, Marco here. Let me look at that charge.');
  }, 30_000);

  it('answers on the offline page when the chat is open (the same catalogue entry)', async () => {
    const options = offlineWidgetOptions({ waitForHuman: false });
    const observation = await channel.run(browserProbe(`${pages.base}/offline?state=open`, options), probeContext());
    expect(observation).toMatchObject({ outcome: 'answered' });
  }, 30_000);

  it('is rejected, with the form\'s text, when the launcher opens a "Leave us a message" form', async () => {
    const url = `${pages.base}/offline?state=form`;
    const observation = await channel.run(browserProbe(url, offlineWidgetOptions()), probeContext());
    expect(observation.outcome).toBe('rejected');
    expect(observation.reason).toMatch(/^the chat is offline: the page shows ".*Leave us a message.*"$/);
    expect(observation.evidence.details).toMatchObject({
      offlineNotice: expect.stringContaining('Leave us a message'),
    });
  }, 30_000);

  it('is rejected when the page has no launcher at all, and inconclusive when the catalogue says so', async () => {
    const url = `${pages.base}/offline?state=no-launcher`;
    const observation = await channel.run(browserProbe(url, offlineWidgetOptions()), probeContext());
    expect(observation).toMatchObject({
      outcome: 'rejected',
      reason: 'the chat launcher #chat-bubble is not on the page: the chat is switched off or hidden',
    });
    const strict = offlineWidgetOptions({ offline: { missingLauncher: 'inconclusive' } });
    expect((await channel.run(browserProbe(url, strict), probeContext())).outcome).toBe('inconclusive');
  }, 30_000);

  it('is rejected, with the panel\'s text, when the chat turns into a "we\'re closed" panel and nobody answers', async () => {
    const url = `${pages.base}/offline?state=closes`;
    const observation = await channel.run(browserProbe(url, offlineWidgetOptions(), 3_000), probeContext());
    expect(observation.outcome).toBe('rejected');
    expect(observation.reason).toMatch(/^the chat is offline: the page shows "Sorry, we're closed/);
    // Without offline signs it is what it was before: nobody answered.
    const blind = offlineWidgetOptions({ offline: { text: false } });
    expect((await channel.run(browserProbe(url, blind, 3_000), probeContext())).outcome).toBe('unanswered');
  }, 30_000);

  it('never lets connectMs exceed totalMs, even when the attempt ends before the chat is ready', async () => {
    const url = `${pages.base}/offline?state=form`;
    const observation = await channel.run(browserProbe(url, offlineWidgetOptions(), 800), probeContext());
    const { connectMs, totalMs } = observation.timings;
    if (connectMs !== undefined) expect(connectMs).toBeLessThanOrEqual(totalMs);
    expect(observation.outcome).not.toBe('answered');
  }, 30_000);
});
