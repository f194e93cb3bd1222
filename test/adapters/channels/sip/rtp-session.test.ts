import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { RtpSession } from '../../../../src/adapters/channels/sip/rtp-session.ts';
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import { encodeG711 } from '../../../../src/protocols/g711/g711.ts';
import { buildRtp } from '../../../../src/protocols/rtp/rtp-packet.ts';

const sessions: RtpSession[] = [];
afterEach(() => sessions.splice(0).forEach((session) => session.close()));

/** Packets of a 400 Hz tone (so decoded audio is not silence) from one source. */
function stream(ssrc: number, seq: number, timestamp: number, count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => {
    const samples = Int16Array.from({ length: 160 }, (_, n) =>
      Math.round(8_000 * Math.sin((2 * Math.PI * 400 * (i * 160 + n)) / 8_000)),
    );
    return buildRtp({
      payloadType: 0,
      marker: i === 0,
      sequence: (seq + i) & 0xffff,
      timestamp: (timestamp + i * 160) >>> 0,
      ssrc,
      payload: encodeG711(samples, 'pcmu'),
    });
  });
}

describe('RTP session (real UDP on loopback)', () => {
  it('hears a second source whose sequence numbers are "behind" the first, and reports both with the change', async () => {
    const session = await RtpSession.open('127.0.0.1', systemClock);
    sessions.push(session);
    let samples = 0;
    const allReceived = new Promise<void>((done) => {
      session.onAudio((chunk) => {
        samples += chunk.length;
        if (samples >= 60 * 160) done();
      });
    });
    const sender = createSocket('udp4');
    // The IVR near the top of the sequence space, then the agent 10,000 behind it: a single counter across sources
    // takes every packet up to 32767 behind as a late one and drops it (the call was heard as silence).
    const packets = [
      ...stream(0xaaaa0001, 65_500, 4_000_000_000, 30),
      ...stream(0xbbbb0002, 65_500 + 30 - 10_000, 777, 30),
    ];
    for (const packet of packets) {
      await new Promise<void>((sent) => sender.send(packet, session.local.port, '127.0.0.1', () => sent()));
    }
    await allReceived;
    sender.close();
    expect(samples).toBe(60 * 160);
    const { stats } = session;
    expect(stats.packets).toBe(60);
    expect(stats.sources.map((s) => ({ ssrc: s.ssrc, packets: s.packets, lost: s.lost }))).toEqual([
      { ssrc: 'aaaa0001', packets: 30, lost: 0 },
      { ssrc: 'bbbb0002', packets: 30, lost: 0 },
    ]);
    expect(stats.sourceChanges.map((c) => [c.ssrc, c.from])).toEqual([
      ['aaaa0001', undefined],
      ['bbbb0002', 'aaaa0001'],
    ]);
  });
});
