import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBrowserChatChannel,
  type BrowserChatChannel,
} from '../../../../src/adapters/channels/browser-chat/browser-chat.channel.ts';
import { CHROMIUM_PATH, chromiumMissing } from '../../../support/chromium.ts';
import { startWidgetFixtures, type WidgetFixtures } from '../../../fixtures/widgets/widget-fixtures.server.ts';
import { badgeWidgetOptions, shadowWidgetOptions } from './fixture-widgets.options.ts';
import { browserProbe, evidenceDir, memoryLog, probeContext } from './support.ts';

const missing = chromiumMissing();

/** The value at or below which 90% of the values lie (nearest rank). */
function p90(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * 0.9) - 1)] ?? Number.NaN;
}

const CONVERSATIONS = 11; // after one warm-up each page; two replies (bot, person) each: 22 errors per page

/**
 * The reported figure is read on the page's own clock (performance.now() at the send event and in the observer's
 * callback), so it does not drift when Node is starved. Two CPU hogs (`node -e 'for(;;){}'`, started here and killed
 * by their PIDs) keep both cores of this machine busy while 11 conversations run on each of two fixture pages (shadow
 * DOM, badge-only bot). Truth: the widget's own interval, which it reports to its server after rendering (its send
 * handler -> the reply appended, on its clock: what a vendor's analytics, and the customer, see). Bound: |error| p90
 * <= 25 ms, the issue's target; it allows the observer's callback and send listener running a task apart from the
 * widget's own code when the renderer is starved. Also checked: the figure is never shorter than the server's own
 * delay. The server-side error (it adds the page's send path, 40-100 ms with the hogs) and Kept's clock (two
 * bindings' trips to a starved Node, kept in evidence as the cross-check) are printed, not bounded.
 */
describe.skipIf(missing !== undefined)('browser-chat page-clock figure with two CPU hogs running', () => {
  let pages: WidgetFixtures;
  let channel: BrowserChatChannel;
  const hogs: ChildProcess[] = [];
  /** Kills the two hogs by their own PIDs (never by name). */
  const stopHogs = (): void => {
    for (const hog of hogs) if (hog.pid !== undefined && hog.exitCode === null) process.kill(hog.pid, 'SIGKILL');
  };

  beforeAll(async () => {
    for (let i = 0; i < 2; i += 1) hogs.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
    process.once('exit', stopHogs); // also if the worker ends without afterAll
    pages = await startWidgetFixtures();
    channel = createBrowserChatChannel({
      log: memoryLog(),
      evidenceDir: evidenceDir(),
      browser: { executablePath: CHROMIUM_PATH },
    });
  });
  afterAll(async () => {
    stopHogs();
    process.off('exit', stopHogs);
    await channel?.close();
    await pages?.stop();
  });

  it.each([
    ['the shadow-DOM widget', '/shadow', shadowWidgetOptions()],
    ['the badge-only widget', '/badge', badgeWidgetOptions()],
  ])(
    'reports the first response and the person on %s within 25 ms of the true delays at p90',
    async (_name, path, options) => {
      expect(hogs.every((hog) => hog.pid !== undefined && hog.exitCode === null)).toBe(true);
      const page: number[] = [];
      const kept: number[] = [];
      const server: number[] = [];
      for (let run = 0; run <= CONVERSATIONS; run += 1) {
        const before = pages.conversations().length;
        const observation = await channel.run(browserProbe(`${pages.base}${path}`, options), probeContext());
        expect(observation, JSON.stringify(observation.evidence.details)).toMatchObject({
          outcome: 'answered',
          humanReached: true,
        });
        const conversation = pages.conversations()[before]!;
        const bot = conversation.replies.find((r) => r.from === 'bot')!;
        const person = conversation.replies.find((r) => r.from === 'agent')!;
        // The widget reports its own interval after rendering; give that request a moment (the tab is closed).
        for (let wait = 0; wait < 20 && person.pageMs === undefined; wait += 1) await delay(50);
        const details = observation.evidence.details as { timedOn: string; keptClock: Record<string, number> };
        expect(details.timedOn).toBe('page clock');
        const { firstResponseMs, humanMs } = observation.timings;
        // The page's interval holds the server's delay (it starts before the message leaves the page).
        expect(firstResponseMs!).toBeGreaterThanOrEqual(bot.sinceFirstMs - 1);
        expect(humanMs!).toBeGreaterThanOrEqual(person.sinceFirstMs - 1);
        if (run === 0) continue;
        for (const [figure, keptFigure, reply] of [
          [firstResponseMs!, details.keptClock.firstResponseMs!, bot],
          [humanMs!, details.keptClock.humanMs!, person],
        ] as const) {
          if (reply.pageMs !== undefined) {
            page.push(figure - reply.pageMs);
            kept.push(keptFigure - reply.pageMs);
          }
          server.push(figure - reply.sinceFirstMs);
        }
      }
      const said = (values: number[]): string => values.map((v) => v.toFixed(1)).join(', ');
      const p90abs = (values: number[]): string => p90(values.map(Math.abs)).toFixed(1);
      const summary =
        `${path}: vs the widget's own interval: reported |error| p90 ${p90abs(page)} ms (${said(page)}); ` +
        `Kept's clock |error| p90 ${p90abs(kept)} ms (${said(kept)}); ` +
        `vs the server's delay (adds the send path): p90 ${p90abs(server)} ms (${said(server)})`;
      console.info(summary);
      expect(page.length, summary).toBeGreaterThanOrEqual(CONVERSATIONS * 2 - 2);
      expect(p90(page.map(Math.abs)), summary).toBeLessThanOrEqual(25);
    },
    120_000,
  );
});
