import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../../src/app/ports.ts';
import { retransmit } from '../../../../src/adapters/channels/sip/retransmission.ts';

/** A clock whose sleeps resolve at once (or reject when aborted), recording each requested wait. */
function recordingClock(): { clock: Clock; waits: number[] } {
  const waits: number[] = [];
  const clock: Clock = {
    now: () => 0,
    monotonic: () => 0,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw new Error('aborted');
      waits.push(ms);
    },
  };
  return { clock, waits };
}

const T1 = 500;
const T2 = 4_000;

describe('an RFC 3261 retransmission schedule', () => {
  it('resends the INVITE at T1, 2·T1, 4·T1 … and gives up at Timer B (64·T1), the last wait cut to fit', async () => {
    const { clock, waits } = recordingClock();
    let resent = 0;
    const ended = await retransmit({
      clock,
      signal: new AbortController().signal,
      firstMs: T1,
      next: (interval) => interval * 2,
      giveUpMs: 64 * T1,
      reliable: false,
      resend: () => {
        resent += 1;
      },
    });
    expect(ended).toBe('gave-up');
    expect(waits).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 500]);
    expect(resent).toBe(6);
  });

  it('caps a non-INVITE at T2 (Timer E) and sends nothing over a reliable transport', async () => {
    const udp = recordingClock();
    const capped = (interval: number): number => Math.min(interval * 2, T2);
    await retransmit({
      ...udp,
      signal: new AbortController().signal,
      firstMs: T1,
      next: capped,
      giveUpMs: 64 * T1,
      reliable: false,
      resend: () => undefined,
    });
    expect(udp.waits).toEqual([500, 1_000, 2_000, 4_000, 4_000, 4_000, 4_000, 4_000, 4_000, 4_000, 500]);

    const tcp = recordingClock();
    let resent = 0;
    const ended = await retransmit({
      ...tcp,
      signal: new AbortController().signal,
      firstMs: T1,
      next: capped,
      giveUpMs: 64 * T1,
      reliable: true,
      resend: () => {
        resent += 1;
      },
    });
    expect([ended, tcp.waits, resent]).toEqual(['gave-up', [32_000], 0]);
  });

  it('stops when the request is answered (the signal aborts) or a resend says so (a provisional response)', async () => {
    const answered = new AbortController();
    const { clock, waits } = recordingClock();
    const first = await retransmit({
      clock,
      signal: answered.signal,
      firstMs: T1,
      next: (interval) => interval * 2,
      giveUpMs: 64 * T1,
      reliable: false,
      resend: () => {
        if (waits.length === 2) answered.abort();
      },
    });
    expect([first, waits]).toEqual(['stopped', [500, 1_000]]);

    const provisional = recordingClock();
    const second = await retransmit({
      ...provisional,
      signal: new AbortController().signal,
      firstMs: T1,
      next: (interval) => interval * 2,
      giveUpMs: 64 * T1,
      reliable: false,
      resend: () => false,
    });
    expect([second, provisional.waits]).toEqual(['stopped', [500]]);
  });

  it('ends as stopped, never rejecting, when a resend throws (the transport closed under it)', async () => {
    const { clock, waits } = recordingClock();
    const ended = await retransmit({
      clock,
      signal: new AbortController().signal,
      firstMs: T1,
      next: (interval) => interval * 2,
      giveUpMs: 64 * T1,
      reliable: false,
      resend: () => {
        throw new Error('socket closed');
      },
    });
    expect([ended, waits]).toEqual(['stopped', [500]]);
  });
});
