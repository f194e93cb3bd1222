import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBrowserChatChannel,
  type BrowserChatChannel,
} from '../../../../src/adapters/channels/browser-chat/browser-chat.channel.ts';
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import {
  startWebChatFrontDoor,
  type RunningWebChatFrontDoor,
} from '../../../../src/desk/web-chat/web-chat.front-door.ts';
import { CHROMIUM_PATH, chromiumMissing, processAlive } from '../../../support/chromium.ts';
import { ALWAYS_STAFFED, browserProbe, deskPageOptions, evidenceDir, memoryLog, probeContext } from './support.ts';

const missing = chromiumMissing();

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(10);
  }
}

describe.skipIf(missing !== undefined)(
  'browser-chat: one browser, fresh contexts, bounded concurrency, crash recovery',
  () => {
    let quick: RunningWebChatFrontDoor;
    let slow: RunningWebChatFrontDoor;
    const channels: BrowserChatChannel[] = [];
    const channel = (maxConcurrent = 2): BrowserChatChannel => {
      const made = createBrowserChatChannel({
        log: memoryLog(),
        evidenceDir: evidenceDir(),
        browser: { executablePath: CHROMIUM_PATH, maxConcurrent },
      });
      channels.push(made);
      return made;
    };

    beforeAll(async () => {
      quick = await startWebChatFrontDoor({ clock: systemClock, staffing: ALWAYS_STAFFED(100, 150), botDelayMs: 80 });
      slow = await startWebChatFrontDoor({
        clock: systemClock,
        staffing: ALWAYS_STAFFED(60_000, 60_000),
        botDelayMs: 80,
      });
    });
    afterAll(async () => {
      await Promise.all(channels.map((c) => c.close()));
      await Promise.all([quick?.stop(), slow?.stop()]);
    });

    it('makes the probe in flight inconclusive when the browser is killed mid-conversation, and the next probe starts a new browser', async () => {
      const browser = channel();
      const inFlight = browser.run(browserProbe(slow.pageUrl, deskPageOptions(), 30_000), probeContext());
      // Kill only once the probe has asked for a person: its first send has then finished on Kept's side too, so
      // the message is in the transcript Kept keeps. (The desk can receive the message before the page reports it.)
      await until(
        () => slow.conversations(50).some((c) => c.messages.filter((m) => m.role === 'customer').length >= 2),
        "the probe's message and its request for a person reaching the desk",
      );
      const pid = browser.browserPid();
      expect(pid).toBeGreaterThan(0);
      process.kill(pid!, 'SIGKILL');
      const crashed = await inFlight;
      expect(crashed).toMatchObject({ outcome: 'inconclusive', humanReached: false });
      expect(crashed.reason).toMatch(/the browser( \(pid \d+\))? exited during the probe/);
      expect(crashed.evidence.transcript?.some((line) => line.from === 'customer')).toBe(true);
      expect(crashed.evidence.details).toMatchObject({
        stage: 'conversation',
        screenshotError: 'the browser was gone',
      });
      await until(() => !processAlive(pid!), 'the killed browser to be gone', 5_000);

      const next = await browser.run(browserProbe(quick.pageUrl, deskPageOptions()), probeContext());
      expect(next).toMatchObject({ outcome: 'answered', humanReached: true });
      expect(browser.browserPid()).not.toBe(pid);
      expect(browser.stats()).toMatchObject({ launches: 2, active: 0 });
    }, 60_000);

    it('starts a new browser when the old one died between probes', async () => {
      const browser = channel();
      expect((await browser.run(browserProbe(quick.pageUrl, deskPageOptions()), probeContext())).outcome).toBe(
        'answered',
      );
      const pid = browser.browserPid()!;
      process.kill(pid, 'SIGKILL');
      await until(() => browser.browserPid() === undefined, 'the pool to notice the exit', 5_000);
      expect((await browser.run(browserProbe(quick.pageUrl, deskPageOptions()), probeContext())).outcome).toBe(
        'answered',
      );
      expect(browser.stats().launches).toBe(2);
    }, 60_000);

    it('runs at most maxConcurrent probes at once in one browser; the rest wait for a slot', async () => {
      const browser = channel(2);
      const observations = await Promise.all(
        [1, 2, 3].map(() => browser.run(browserProbe(quick.pageUrl, deskPageOptions()), probeContext())),
      );
      expect(observations.map((o) => o.outcome)).toEqual(['answered', 'answered', 'answered']);
      expect(browser.stats()).toMatchObject({ peak: 2, active: 0, waiting: 0, launches: 1 });
    }, 60_000);

    it('is inconclusive when no browser slot frees up before the time-out', async () => {
      const browser = channel(1);
      const holder = new AbortController();
      const holding = browser.run(
        browserProbe(slow.pageUrl, deskPageOptions(), 60_000),
        probeContext({ signal: holder.signal }),
      );
      await until(() => browser.stats().active === 1, 'the first probe to take the only slot');
      const starved = await browser.run(browserProbe(quick.pageUrl, deskPageOptions(), 1_000), probeContext());
      expect(starved.outcome).toBe('inconclusive');
      expect(starved.reason).toBe(
        'the probe had not written its message when the time-out (1s) came: the page or the browser was too slow (stage: waiting for a browser)',
      );
      holder.abort(new Error('shutdown'));
      const stopped = await holding;
      expect(stopped).toMatchObject({ outcome: 'inconclusive', reason: 'Kept stopped the attempt early (shutdown)' });
    }, 60_000);

    it('refuses probes once closed, without starting a browser', async () => {
      const browser = channel();
      await browser.close();
      const observation = await browser.run(browserProbe(quick.pageUrl, deskPageOptions()), probeContext());
      expect(observation.outcome).toBe('inconclusive');
      expect(observation.reason).toContain('the browser pool is shut down');
      expect(browser.stats().launches).toBe(0);
    });
  },
);
