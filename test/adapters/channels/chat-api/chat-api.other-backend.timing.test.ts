import { afterEach, describe, expect, it } from 'vitest';
import { createChatApiChannel } from '../../../../src/adapters/channels/chat-api/chat-api.channel.ts';
import type { Observation } from '../../../../src/domain/observation.ts';
import { accuracyOf, chatProbe, memoryLog, probeContext } from './support.ts';
import { otherHttpOptions, otherWebSocketOptions, startOtherBackend, type OtherBackend } from './other-backend.ts';

const channel = createChatApiChannel({ log: memoryLog() });
let backend: OtherBackend | undefined;
afterEach(async () => {
  await backend?.stop();
  backend = undefined;
});

const truth = (server: OtherBackend, kind: 'assistant' | 'operator'): number => {
  const reply = server.sent.find((s) => s.kind === kind);
  if (reply === undefined) throw new Error(`the back end sent no ${kind} reply`);
  return reply.delayMs;
};

const TRANSPORTS = [
  ['websocket', (b: OtherBackend) => b.wsUrl, otherWebSocketOptions, 10],
  ['http (polling every 5 ms)', (b: OtherBackend) => b.httpUrl, otherHttpOptions, 5 + 10],
] as const;

describe('chat-api channel against a differently shaped back end', () => {
  it.each(TRANSPORTS)(
    'over %s it tells the operator from the assistant and times both',
    async (_name, target, options, lateMs) => {
      // One conversation with a first back end warms both sides' code; those with the second are measured.
      const warm = await startOtherBackend({ botDelayMs: 50, humanDelayMs: 180 });
      await channel.run(chatProbe(target(warm), options()), probeContext());
      await warm.stop();
      const server = await startOtherBackend({ botDelayMs: 50, humanDelayMs: 120 });
      backend = server;
      const errors: number[] = [];
      let observation: Observation | undefined;
      for (let i = 0; i < 3; i += 1) {
        server.sent.length = 0;
        observation = await channel.run(chatProbe(target(server), options()), probeContext());
        expect(observation.outcome).toBe('answered');
        expect(observation.humanReached).toBe(true);
        errors.push((observation.timings.autoReplyMs as number) - truth(server, 'assistant'));
        errors.push((observation.timings.humanMs as number) - truth(server, 'operator'));
      }

      expect(accuracyOf(errors, lateMs)).toMatchObject({ ok: true });
      expect(observation?.evidence.transcript?.map(({ from, text, name }) => ({ from, text, name }))).toEqual([
        { from: 'customer', text: 'Hello from Alex', name: undefined },
        { from: 'bot', text: 'Auto-reply: thanks, we reply within 2 hours.', name: 'HelpBot' },
        { from: 'human', text: 'Jo here, how can I help?', name: 'Jo' },
      ]);
      expect(observation?.autoReplyPromise).toBe('Auto-reply: thanks, we reply within 2 hours.');
      expect(observation?.evidence.details).toMatchObject({
        conversationId: expect.stringMatching(/^t-/),
        senders: ['assistant', 'operator'],
      });
    },
  );

  it.each(TRANSPORTS)(
    'over %s an operator who answers first is both the first response and the human',
    async (_name, target, options) => {
      backend = await startOtherBackend({ botDelayMs: null, humanDelayMs: 40 });

      const observation = await channel.run(chatProbe(target(backend), options()), probeContext());

      expect(observation.outcome).toBe('answered');
      expect(observation.timings.firstResponseMs).toBe(observation.timings.humanMs);
      expect(observation.timings.autoReplyMs).toBeUndefined();
    },
  );

  it('waits for the ready frame before sending, and counts the connection up to it', async () => {
    backend = await startOtherBackend({ botDelayMs: 20, humanDelayMs: null });

    const observation = await channel.run(
      chatProbe(backend.wsUrl, otherWebSocketOptions({ waitForHuman: false })),
      probeContext(),
    );

    expect(observation.outcome).toBe('answered');
    const [customer] = observation.evidence.transcript ?? [];
    expect(customer?.atMs).toBeGreaterThanOrEqual(observation.timings.connectMs as number);
    expect(observation.evidence.details?.conversationId).toBe('t-ws-1');
  });

  it('with no bot markers, any response that is not human counts as a bot', async () => {
    backend = await startOtherBackend({ botDelayMs: 20, humanDelayMs: null });
    const options = otherWebSocketOptions({ waitForHuman: false });
    delete options.bot;

    const observation = await channel.run(chatProbe(backend.wsUrl, options), probeContext());

    expect(observation.evidence.transcript?.[1]?.from).toBe('bot');
    expect(observation.timings.autoReplyMs).toBeDefined();
  });

  it('with bot markers, a response matching neither list is unknown but still a response', async () => {
    backend = await startOtherBackend({ botDelayMs: 20, humanDelayMs: null });
    const options = otherWebSocketOptions({ waitForHuman: false, bot: [{ path: '$.author.kind', equals: 'robot' }] });

    const observation = await channel.run(chatProbe(backend.wsUrl, options), probeContext());

    expect(observation.outcome).toBe('answered');
    expect(observation.evidence.transcript?.[1]?.from).toBe('unknown');
    expect(observation.timings.firstResponseMs).toBeDefined();
    expect(observation.timings.autoReplyMs).toBeUndefined();
  });
});
