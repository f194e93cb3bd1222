import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chatApiOptionsSchema,
  createChatApiChannel,
} from '../../../../src/adapters/channels/chat-api/chat-api.channel.ts';
import { LOADED_SLACK_MS, median } from '../../../support/timing.ts';
import { chatProbe, memoryLog, probeContext } from './support.ts';
import { pollingPeerOptions, startPollingPeerProcess, type PollingPeer } from './polling-peer.ts';

const channel = createChatApiChannel({ log: memoryLog() });
let peer: PollingPeer | undefined;
afterEach(async () => {
  await peer?.stop();
  peer = undefined;
});

/**
 * Reply delays off any grid: irrational steps (√2, √3 ms) never land on a multiple of a poll interval, spread over
 * 31-800 ms, where a bot answers and a desk's first person often does. 30 conversations, a bot and a staff reply each.
 */
const DELAYS = Array.from({ length: 30 }, (_, i) => ({
  botMs: 31 + ((i * 41 * Math.SQRT2) % 260),
  staffMs: 330 + ((i * 67 * Math.sqrt(3)) % 470),
}));

const at = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number;

describe('chat-api over HTTP polling with the default poll options', () => {
  it('reads replies off any grid within 5 ms at the median and 10 ms at p90', async () => {
    const options = pollingPeerOptions('/v1/sessions/{conversationId}/items?cursor={cursor}');
    const http = options.http as { poll: Record<string, unknown> };
    http.poll = { path: http.poll.path, nextCursorPath: '$.next' }; // no interval, back-off or maximum: the defaults
    const parsed = chatApiOptionsSchema.parse(options);
    expect(parsed.http?.poll).toMatchObject({ intervalMs: 3, backoff: 0.005, maxIntervalMs: 2_000 });

    // One conversation warms both sides' code (first connections, lazy compilation); the next 30 are measured.
    const warm = await startPollingPeerProcess({ delays: [{ botMs: 50, staffMs: 100 }] });
    await channel.run(chatProbe(warm.url, options), probeContext());
    await warm.stop();
    const server = await startPollingPeerProcess({ delays: DELAYS });
    peer = server;

    const errors: number[] = [];
    for (let i = 0; i < DELAYS.length; i += 1) {
      const observation = await channel.run(chatProbe(server.url, options), probeContext());
      expect(observation.outcome).toBe('answered');
      const truth = async (type: 'assistant' | 'staff'): Promise<number> => {
        const find = () => server.replies.find((r) => r.conversation === i && r.type === type);
        // The peer reports a reply right after it became visible; its line may still be on the way.
        for (let tries = 0; find() === undefined && tries < 100; tries += 1) await delay(10);
        const reply = find();
        if (reply === undefined) throw new Error(`no ${type} reply in conversation ${i}`);
        return reply.delayMs;
      };
      errors.push((observation.timings.autoReplyMs as number) - (await truth('assistant')));
      errors.push((observation.timings.humanMs as number) - (await truth('staff')));
    }
    const sorted = [...errors].sort((a, b) => a - b);

    // The probe's interval (send issued → poll answer read) contains the peer's (message read → reply visible), both
    // durations on the machine's monotonic clock: no error below -0.2 ms (rounding to a tenth). Each error is at most
    // the pause in force (3 ms, growing to 0.5% of the wait: 4 ms at 800 ms) plus a send and a poll round trip (~1 ms
    // on loopback, more under load), so on a quiet machine the median is about 2 ms and p90 about 5 ms; the bounds are
    // issue 11's targets, median <= 5 ms and p90 <= 10 ms, leaving 3-5 ms for load. Measured at load average 13-14
    // on the 2 shared cores: median 1.9-2.7 ms, p90 8.1-14 ms (p90 is the 6th worst of 60: load spikes reach it).
    // The worst single reading may carry a load spike (test/support/timing.ts): at most LOADED_SLACK_MS.
    expect(sorted[0]).toBeGreaterThanOrEqual(-0.2);
    expect({ median: median(errors), p90: at(sorted, 0.9) }).toEqual({
      median: expect.toSatisfy((m: number) => m <= 5) as number,
      p90: expect.toSatisfy((p: number) => p <= 10) as number,
    });
    expect(sorted[sorted.length - 1]).toBeLessThanOrEqual(LOADED_SLACK_MS);
  }, 60_000);
});
