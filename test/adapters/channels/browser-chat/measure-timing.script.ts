/**
 * Measures the browser-chat probe's timing error against both chat pages (the desk's and the second fixture):
 * probe timing minus the server's own true delay, for the first (bot) response and the first human response, over
 * N warm conversations each (one warm-up first). The error is shown twice: as the probe reports it (clock read in
 * Node when the page's report arrives) and on the page's own clock (evidence.details.pageClock).
 *
 *   node --import tsx test/adapters/channels/browser-chat/measure-timing.script.ts [N=10]
 */
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import { createBrowserChatChannel } from '../../../../src/adapters/channels/browser-chat/browser-chat.channel.ts';
import { startWebChatFrontDoor } from '../../../../src/desk/web-chat/web-chat.front-door.ts';
import { otherWidgetOptions, startOtherWidget } from './other-widget.ts';
import {
  ALWAYS_STAFFED,
  browserProbe,
  deskPageOptions,
  deskReply,
  evidenceDir,
  memoryLog,
  probeContext,
} from './support.ts';

const n = Number(process.argv[2] ?? 10);
const desk = await startWebChatFrontDoor({ clock: systemClock, staffing: ALWAYS_STAFFED(300, 500), botDelayMs: 200 });
const other = await startOtherWidget();
const channel = createBrowserChatChannel({ log: memoryLog(), evidenceDir: evidenceDir() });
type Row = { probe: number; page: number };
const stats = (rows: Row[], key: keyof Row): string => {
  const v = rows.map((r) => r[key]).sort((a, b) => a - b);
  const q = (p: number): number => v[Math.max(0, Math.ceil(p * v.length) - 1)] as number;
  return `min ${q(0).toFixed(1)}  median ${q(0.5).toFixed(1)}  p90 ${q(0.9).toFixed(1)}  max ${(v.at(-1) as number).toFixed(1)}`;
};
for (const target of ['desk', 'other'] as const) {
  const bot: Row[] = [];
  const human: Row[] = [];
  for (let i = 0; i <= n; i += 1) {
    const options = target === 'desk' ? deskPageOptions() : otherWidgetOptions();
    const obs = await channel.run(browserProbe(target === 'desk' ? desk.pageUrl : other.url, options), probeContext());
    const page = (obs.evidence.details?.pageClock ?? {}) as { firstResponseMs?: number; humanMs?: number };
    let truth: { bot: number; human: number };
    if (target === 'desk') {
      const record = desk.conversations(1)[0]!;
      truth = { bot: deskReply(record, 'bot').sinceFirstMs!, human: deskReply(record, 'agent').sinceFirstMs! };
    } else {
      const replies = other
        .conversations()
        .at(-1)!
        .messages.filter((m) => !m.mine);
      truth = { bot: replies[0]!.sinceFirstMs!, human: replies.find((m) => m.name.includes('Support'))!.sinceFirstMs! };
    }
    if (i === 0 || obs.timings.humanMs === undefined) continue; // warm-up, or a failed run (reported below)
    bot.push({ probe: obs.timings.firstResponseMs! - truth.bot, page: page.firstResponseMs! - truth.bot });
    human.push({ probe: obs.timings.humanMs - truth.human, page: page.humanMs! - truth.human });
  }
  console.log(`${target}: ${bot.length} warm conversations of ${n}`);
  console.log(`  bot reply,   probe: ${stats(bot, 'probe')}   page clock: ${stats(bot, 'page')}`);
  console.log(`  human reply, probe: ${stats(human, 'probe')}   page clock: ${stats(human, 'page')}`);
}
await channel.close();
await desk.stop();
await other.stop();
