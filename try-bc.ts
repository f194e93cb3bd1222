import { createBrowserChatChannel } from './src/adapters/channels/browser-chat/browser-chat.channel.ts';
import { startWebChatFrontDoor } from './src/desk/web-chat/web-chat.front-door.ts';
import { systemClock } from './src/adapters/clock/system.clock.ts';
import { ALWAYS_STAFFED, BOT_ONLY, browserProbe, deskPageOptions, evidenceDir, memoryLog, probeContext, deskReply } from './test/adapters/channels/browser-chat/support.ts';
const log = memoryLog();
const desk = await startWebChatFrontDoor({ clock: systemClock, staffing: ALWAYS_STAFFED(300, 500), botDelayMs: 200 });
const night = await startWebChatFrontDoor({ clock: systemClock, staffing: BOT_ONLY, botDelayMs: 150 });
const ch = createBrowserChatChannel({ log, evidenceDir: evidenceDir() });
for (const [name, url] of [['day', desk.pageUrl], ['day', desk.pageUrl], ['night', night.pageUrl], ['dead', desk.deadEndUrl]]) {
  const t = performance.now();
  const obs = await ch.run(browserProbe(url, deskPageOptions()), probeContext());
  console.log(name, performance.now() - t, JSON.stringify(obs, null, 1));
  if (name === 'day') { const r = (url === desk.pageUrl ? desk : night).conversations(1)[0]!; console.log('truth bot', deskReply(r,'bot').sinceFirstMs, 'agent', deskReply(r,'agent').sinceFirstMs, deskReply(r,'agent').deskDelayMs); }
}
await ch.close(); await desk.stop(); await night.stop();
console.log(log.lines);
