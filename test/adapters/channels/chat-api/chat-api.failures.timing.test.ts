import { describe, expect, it } from 'vitest';
import { createChatApiChannel } from '../../../../src/adapters/channels/chat-api/chat-api.channel.ts';
import { LOADED_SLACK_MS } from '../../../support/timing.ts';
import { chatProbe, memoryLog, probeContext } from './support.ts';
import { otherHttpOptions, otherWebSocketOptions, startOtherBackend } from './other-backend.ts';

// How soon an attempt ends once its time-out or an abort comes: at once, so late only by the timer's and the event
// loop's delay, up to LOADED_SLACK_MS on a loaded machine (test/support/timing.ts), plus closing the connection
// (a few ms; an HTTP poll in flight ends with it). An attempt that waited for its 5 s probe time-out instead fails.
const channel = createChatApiChannel({ log: memoryLog() });

describe('chat-api channel: how soon a failed attempt ends', () => {
  it.each([
    ['websocket', (b: { wsUrl: string }) => b.wsUrl, otherWebSocketOptions],
    ['http', (b: { httpUrl: string }) => b.httpUrl, otherHttpOptions],
  ] as const)('over %s silence ends within 200 ms of the 250 ms time-out', async (_name, target, options) => {
    const backend = await startOtherBackend({ botDelayMs: null, humanDelayMs: null });
    try {
      const observation = await channel.run(chatProbe(target(backend), options(), 250), probeContext());
      expect(observation.outcome).toBe('unanswered');
      expect(observation.timings.totalMs).toBeLessThan(250 + LOADED_SLACK_MS);
    } finally {
      await backend.stop();
    }
  });

  it('an abort (shutdown) after 60 ms ends the attempt within 200 ms of it', async () => {
    const backend = await startOtherBackend({ botDelayMs: null, humanDelayMs: null });
    const stop = new AbortController();
    try {
      setTimeout(() => stop.abort(new Error('shutting down')), 60);
      const observation = await channel.run(
        chatProbe(backend.wsUrl, otherWebSocketOptions(), 5_000),
        probeContext({ signal: stop.signal }),
      );
      expect(observation.outcome).toBe('inconclusive');
      expect(observation.timings.totalMs).toBeLessThan(60 + LOADED_SLACK_MS);
    } finally {
      await backend.stop();
    }
  });

  it("a runner's 80 ms time-out signal ends the attempt within 200 ms of it", async () => {
    const backend = await startOtherBackend({ botDelayMs: null, humanDelayMs: null });
    try {
      const observation = await channel.run(
        chatProbe(backend.wsUrl, otherWebSocketOptions(), 5_000),
        probeContext({ signal: AbortSignal.timeout(80) }),
      );
      expect(observation.outcome).toBe('unanswered');
      expect(observation.timings.totalMs).toBeLessThan(80 + LOADED_SLACK_MS);
    } finally {
      await backend.stop();
    }
  });
});
