import type { Logger } from '../src/app/ports.ts';
import { systemClock } from '../src/adapters/clock/system.clock.ts';
import { chatApiOptionsSchema, createChatApiChannel } from '../src/adapters/channels/chat-api/chat-api.channel.ts';
import type { ProbeSpec } from '../src/domain/catalogue.ts';
import { startDesk, type StaffingSchedule } from '../src/desk/desk.ts';

const STAFFED: StaffingSchedule = {
  timeZone: 'UTC',
  shifts: [{ days: [0, 1, 2, 3, 4, 5, 6], from: '00:00', to: '24:00', mode: 'staffed', humanDelayMs: [50, 300] }],
  otherwise: 'bot-only',
};

/**
 * Runs `runs` chat-API probes one after another against the desk (real time) and compares each measured bot and
 * human response time with the delay the desk itself measured between receiving the message and sending the reply.
 */
export async function measureChatTiming(
  runs: number,
): Promise<{ runs: number; p50: number; p95: number; max: number }> {
  const truths: number[] = [];
  const deskLog: Logger = {
    info: (message, fields) => {
      if (message === 'desk replied' && fields) truths.push(Number(fields.deskDelayMs));
    },
    warn: () => {},
    error: () => {},
  };
  const desk = await startDesk({
    clock: systemClock,
    staffing: STAFFED,
    port: 0,
    botDelayMs: 40,
    seed: 3,
    log: deskLog,
  });
  const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };
  const channel = createChatApiChannel({ log: quiet });
  const probe: ProbeSpec = {
    id: 'bench-chat',
    kind: 'chat-api',
    target: desk.chatUrl,
    schedule: { cron: '* * * * *', timeZone: 'UTC', jitterMs: 0, timeoutMs: 5_000 },
    verifies: [],
    options: chatApiOptionsSchema.parse({
      transport: 'websocket',
      message: 'Hello, run {runId}',
      send: { type: 'message', text: '{message}' },
      receive: {
        textPath: '$.text',
        senderNamePath: '$.from.name',
        ignore: [{ path: '$.from.role', equals: 'customer' }],
      },
      human: [{ path: '$.from.role', equals: 'agent' }],
      bot: [{ path: '$.from.role', equals: 'bot' }],
      waitForHuman: true,
    }) as Record<string, unknown>,
  };
  const errors: number[] = [];
  for (let i = 0; i < runs + 1; i += 1) {
    truths.length = 0;
    const observation = await channel.run(probe, {
      runId: `bench-${i}`,
      clock: systemClock,
      signal: new AbortController().signal,
      log: quiet,
    });
    const [bot, human] = truths;
    if (i === 0 || bot === undefined || human === undefined) continue; // the first run warms up
    errors.push(
      Math.abs((observation.timings.autoReplyMs ?? Number.NaN) - bot),
      Math.abs((observation.timings.humanMs ?? Number.NaN) - human),
    );
  }
  await desk.stop();
  const sorted = errors.filter(Number.isFinite).sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number;
  return { runs, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] as number };
}
