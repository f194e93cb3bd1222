import { createBrowserChatChannel } from './src/adapters/channels/browser-chat/browser-chat.channel.ts';
import { browserProbe, evidenceDir, memoryLog, probeContext } from './test/adapters/channels/browser-chat/support.ts';
import { startOtherWidget, otherWidgetOptions } from './test/adapters/channels/browser-chat/other-widget.ts';
const w = await startOtherWidget();
const ch = createBrowserChatChannel({ log: memoryLog(), evidenceDir: evidenceDir() });
for (const url of [w.url, w.url, w.loopUrl]) {
  const obs = await ch.run(browserProbe(url, otherWidgetOptions()), probeContext());
  console.log(JSON.stringify({ o: obs.outcome, r: obs.reason, t: obs.timings, tr: obs.evidence.transcript, d: obs.evidence.details }, null, 1));
  const c = w.conversations().at(-1)!; console.log(c.messages.filter(m => !m.mine).map(m => [m.name, m.sinceFirstMs, m.trueDelayMs]));
}
console.log('cookies', w.cookiesSeen);
await ch.close(); await w.stop();
