import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatApiChannel } from '../../../../src/adapters/channels/chat-api/chat-api.channel.ts';
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import { startDesk, type RunningDesk } from '../../../../src/desk/desk.ts';
import { chatProbe, closedPort, deskHttpOptions, deskWebSocketOptions, memoryLog, probeContext } from './support.ts';
import { otherHttpOptions, otherWebSocketOptions, startOtherBackend } from './other-backend.ts';
import { TIMER_EARLY_MS } from '../../../support/timing.ts';

// Outcomes and lower bounds only (a time-out's timer fires at most TIMER_EARLY_MS early, load only makes it later); how soon
// after its time-out or abort an attempt ends: chat-api.failures.timing.test.ts.

const channel = createChatApiChannel({ log: memoryLog() });
let closedDesk: RunningDesk;
let quickDesk: RunningDesk;
beforeAll(async () => {
  closedDesk = await startDesk({
    clock: systemClock,
    staffing: { timeZone: 'Europe/London', shifts: [], otherwise: 'closed' },
  });
  quickDesk = await startDesk({
    clock: systemClock,
    staffing: { timeZone: 'Europe/London', shifts: [], otherwise: 'bot-only' },
    botDelayMs: 10,
  });
});
afterAll(async () => {
  await closedDesk.stop();
  await quickDesk.stop();
});

describe('chat-api channel when the service fails', () => {
  it.each([
    ['websocket', (port: number) => `ws://127.0.0.1:${port}/chat`, deskWebSocketOptions],
    ['http', (port: number) => `http://127.0.0.1:${port}`, deskHttpOptions],
  ] as const)('over %s a refused connection is rejected', async (_name, target, options) => {
    const observation = await channel.run(chatProbe(target(await closedPort()), options()), probeContext());

    expect(observation.outcome).toBe('rejected');
    expect(observation.reason).toContain('ECONNREFUSED');
    expect(observation.timings.firstResponseMs).toBeUndefined();
  });

  it.each([
    [
      'websocket upgrade',
      (b: { wsUrl: string }) => b.wsUrl,
      otherWebSocketOptions,
      'the WebSocket upgrade was refused with HTTP 503',
    ],
    ['http start', (b: { httpUrl: string }) => b.httpUrl, otherHttpOptions, 'the start request got HTTP 503'],
  ] as const)('an HTTP 503 on the %s is rejected', async (_name, target, options, reason) => {
    const backend = await startOtherBackend({ botDelayMs: 10, humanDelayMs: null, refuseWith: 503 });
    try {
      const observation = await channel.run(chatProbe(target(backend), options()), probeContext());

      expect(observation.outcome).toBe('rejected');
      expect(observation.reason).toBe(reason);
    } finally {
      await backend.stop();
    }
  });

  it.each([
    [
      'websocket',
      () => closedDesk.chatUrl,
      deskWebSocketOptions,
      'the service closed the WebSocket (code 1013: desk closed) without answering',
    ],
    ['http', () => closedDesk.httpUrl, deskHttpOptions, 'the send request got HTTP 503'],
  ] as const)('over %s a desk that is closed rejects the conversation', async (_name, target, options, reason) => {
    const observation = await channel.run(chatProbe(target(), options()), probeContext());

    expect(observation.outcome).toBe('rejected');
    expect(observation.reason).toBe(reason);
  });

  it.each([
    ['websocket', (b: { wsUrl: string }) => b.wsUrl, otherWebSocketOptions],
    ['http', (b: { httpUrl: string }) => b.httpUrl, otherHttpOptions],
  ] as const)('over %s silence until the time-out is unanswered', async (_name, target, options) => {
    const backend = await startOtherBackend({ botDelayMs: null, humanDelayMs: null });
    try {
      const observation = await channel.run(chatProbe(target(backend), options(), 250), probeContext());

      expect(observation.outcome).toBe('unanswered');
      expect(observation.reason).toBe('no response within 250ms');
      expect(observation.timings.totalMs).toBeGreaterThanOrEqual(250 - TIMER_EARLY_MS);
    } finally {
      await backend.stop();
    }
  });
});

describe('chat-api channel when our side fails', () => {
  it('an invalid JSON path in the options is inconclusive', async () => {
    const options = deskWebSocketOptions({ receive: { textPath: '$..text' } });

    const observation = await channel.run(chatProbe(quickDesk.chatUrl, options), probeContext());

    expect(observation.outcome).toBe('inconclusive');
    expect(observation.reason).toMatch(
      /^the probe's options are invalid: receive\.textPath: JSON path "\$\.\.text" is invalid/,
    );
  });

  it.each([
    ['websocket', () => quickDesk.chatUrl, deskWebSocketOptions, {}],
    ['http', () => quickDesk.httpUrl, deskHttpOptions, { messagesPath: '$.messages[*]' }],
  ] as const)(
    'over %s a text path that reads nothing in the replies is inconclusive, not unanswered',
    async (_name, target, options, receive) => {
      const bad = options({
        receive: { ...receive, textPath: '$.message', ignore: [{ path: '$.from.role', equals: 'customer' }] },
      });

      // 2 s for the desk's reply (10 ms) to arrive however loaded the machine is; nothing readable ends the wait earlier.
      const observation = await channel.run(chatProbe(target(), bad, 2_000), probeContext());

      expect(observation.outcome).toBe('inconclusive');
      expect(observation.reason).toMatch(
        /^1 message\(s\) arrived but none could be read with receive\.textPath \$\.message \(first: \{"type":"message"/,
      );
      expect(observation.evidence.details).toMatchObject({ unreadable: 1 });
    },
  );

  it('a template that needs a conversation id nobody gave is inconclusive', async () => {
    const options = deskWebSocketOptions({ send: { type: 'message', text: '{message}', thread: '{conversationId}' } });

    const observation = await channel.run(chatProbe(quickDesk.chatUrl, options), probeContext());

    expect(observation.outcome).toBe('inconclusive');
    expect(observation.reason).toContain('needs {conversationId}, which is not known yet');
  });

  it('Kept stopping the attempt early (shutdown) is inconclusive', async () => {
    const backend = await startOtherBackend({ botDelayMs: null, humanDelayMs: null });
    const stop = new AbortController();
    try {
      setTimeout(() => stop.abort(new Error('shutting down')), 60);
      const observation = await channel.run(
        chatProbe(backend.wsUrl, otherWebSocketOptions(), 5_000),
        probeContext({ signal: stop.signal }),
      );

      expect(observation.outcome).toBe('inconclusive');
      expect(observation.reason).toBe('Kept stopped the attempt early (shutting down)');
    } finally {
      await backend.stop();
    }
  });

  it("a runner's time-out signal counts as a time-out", async () => {
    const backend = await startOtherBackend({ botDelayMs: null, humanDelayMs: null });
    try {
      const observation = await channel.run(
        chatProbe(backend.wsUrl, otherWebSocketOptions(), 5_000),
        probeContext({ signal: AbortSignal.timeout(80) }),
      );

      expect(observation.outcome).toBe('unanswered');
      expect(observation.reason).toMatch(/^no response within \d+ms$/);
      // How long it waited is a duration on a real clock: chat-api.failures.timing.test.ts bounds those.
    } finally {
      await backend.stop();
    }
  });
});
