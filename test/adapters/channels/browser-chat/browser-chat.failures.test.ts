import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBrowserChatChannel,
  type BrowserChatChannel,
} from '../../../../src/adapters/channels/browser-chat/browser-chat.channel.ts';
import { createCompressedClock } from '../../../../src/adapters/clock/compressed.clock.ts';
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import {
  startWebChatFrontDoor,
  type RunningWebChatFrontDoor,
} from '../../../../src/desk/web-chat/web-chat.front-door.ts';
import { CHROMIUM_PATH, chromiumMissing } from '../../../support/chromium.ts';
import { TIMER_EARLY_MS } from '../../../support/timing.ts';
import { ALWAYS_STAFFED, browserProbe, deskPageOptions, evidenceDir, memoryLog, probeContext } from './support.ts';

const missing = chromiumMissing();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(missing !== undefined)('browser-chat: outcomes when the service, or our side, fails', () => {
  let silent: RunningWebChatFrontDoor;
  let broken: Server;
  let brokenUrl: string;
  let channel: BrowserChatChannel;

  beforeAll(async () => {
    silent = await startWebChatFrontDoor({
      clock: systemClock,
      staffing: ALWAYS_STAFFED(60_000, 60_000),
      botDelayMs: 60_000,
    });
    broken = createServer((_req, res) =>
      res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>Service unavailable</h1>'),
    );
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}/`;
    channel = createBrowserChatChannel({
      log: memoryLog(),
      evidenceDir: evidenceDir(),
      browser: { executablePath: CHROMIUM_PATH },
    });
  });
  afterAll(async () => {
    await channel?.close();
    await silent?.stop();
    broken?.closeAllConnections();
    await new Promise<void>((resolve) => (broken === undefined ? resolve() : broken.close(() => resolve())));
  });

  it('is rejected when the page cannot be reached', async () => {
    const url = `http://127.0.0.1:${await freePort()}/`;
    const observation = await channel.run(browserProbe(url, deskPageOptions()), probeContext());
    expect(observation).toMatchObject({
      outcome: 'rejected',
      reason: `the page ${url} could not be loaded (ERR_CONNECTION_REFUSED)`,
    });
    expect(observation.evidence.details).toMatchObject({ stage: 'loading the page' });
  }, 30_000);

  it('is rejected when the page answers with an HTTP error', async () => {
    const observation = await channel.run(browserProbe(brokenUrl, deskPageOptions()), probeContext());
    expect(observation).toMatchObject({ outcome: 'rejected', reason: `the page ${brokenUrl} answered HTTP 503` });
    expect(observation.evidence.attachments?.[0]).toMatch(/\.png$/);
  }, 30_000);

  it('is unanswered when nobody replies within the time-out', async () => {
    const observation = await channel.run(browserProbe(silent.pageUrl, deskPageOptions(), 4_000), probeContext());
    expect(observation).toMatchObject({ outcome: 'unanswered', reason: 'no response within 4s', humanReached: false });
    expect(observation.timings.totalMs).toBeGreaterThanOrEqual(4_000 - TIMER_EARLY_MS); // a timer fires <= TIMER_EARLY_MS early
    expect(observation.evidence.transcript?.filter((line) => line.from === 'customer')).toHaveLength(1);
  }, 30_000);

  it("takes the runner's time-out signal as a time-out, not as our failure", async () => {
    const observation = await channel.run(
      browserProbe(silent.pageUrl, deskPageOptions(), 60_000),
      probeContext({ signal: AbortSignal.timeout(4_000) }),
    );
    expect(observation).toMatchObject({ outcome: 'unanswered', humanReached: false });
  }, 30_000);

  it.each([
    ['invalid options', { ...deskPageOptions(), human: [] }, "the probe's options are invalid: human:"],
    [
      'a placeholder that cannot be filled',
      deskPageOptions({ email: '{email}@x' }),
      "the probe's texts cannot be filled in",
    ],
  ])('is inconclusive, without starting a browser, for %s', async (_name, options, reason) => {
    const fresh = createBrowserChatChannel({ log: memoryLog(), evidenceDir: evidenceDir() });
    const observation = await fresh.run(browserProbe(silent.pageUrl, options), probeContext());
    expect(observation.outcome).toBe('inconclusive');
    expect(observation.reason).toContain(reason);
    expect(fresh.stats().launches).toBe(0);
    await fresh.close();
  });

  it('is inconclusive, before opening the page, when the message selector is not valid CSS', async () => {
    const options = deskPageOptions({ messages: { selector: 'li.chat-msg[', text: '.chat-msg__text' } });
    const observation = await channel.run(browserProbe(silent.pageUrl, options), probeContext());
    expect(observation.outcome).toBe('inconclusive');
    expect(observation.reason).toMatch(/options are invalid: messages\.selector: "li\.chat-msg\[" is not a valid CSS/);
  }, 30_000);

  // That its timings are clock ms, close to the desk's own: browser-chat.timing.test.ts.
  it('runs on a compressed clock: answered, started at clock time, responses in order', async () => {
    const clock = createCompressedClock({ factor: 5, start: Date.UTC(2026, 2, 4, 12) });
    const desk = await startWebChatFrontDoor({ clock, staffing: ALWAYS_STAFFED(2_000, 2_000), botDelayMs: 1_000 });
    try {
      const options = deskPageOptions({ escalation: { ...(deskPageOptions().escalation as object), settleMs: 1_000 } });
      const observation = await channel.run(browserProbe(desk.pageUrl, options, 60_000), probeContext({ clock }));
      expect(observation).toMatchObject({ outcome: 'answered', humanReached: true });
      expect(observation.timings.firstResponseMs).toBeLessThan(observation.timings.humanMs!);
      expect(desk.conversations(1)[0]).toMatchObject({ staffing: 'staffed', handedOver: true });
      expect(observation.startedAt).toBeGreaterThanOrEqual(Date.UTC(2026, 2, 4, 12));
    } finally {
      await desk.stop();
    }
  }, 30_000);
});
