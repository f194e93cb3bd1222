import { describe, expect, it } from 'vitest';
import type { RtpPacket } from '../../../src/protocols/rtp/rtp-packet.ts';
import { RtpReceiver, type RtpDelivery } from '../../../src/protocols/rtp/rtp-receiver.ts';

/** A stream of 20 ms G.711 packets (160 samples) from one source; `at` is the arrival time of its first packet. */
interface Stream {
  readonly ssrc: number;
  readonly seq: number;
  readonly timestamp: number;
  readonly at: number;
  readonly count: number;
  /** Payload byte, to tell the sources apart in what is delivered. */
  readonly fill: number;
}

function packets(stream: Stream): { packet: RtpPacket; at: number }[] {
  return Array.from({ length: stream.count }, (_, i) => ({
    packet: {
      payloadType: 0,
      marker: i === 0,
      sequence: (stream.seq + i) & 0xffff,
      timestamp: (stream.timestamp + i * 160) >>> 0,
      ssrc: stream.ssrc,
      payload: new Uint8Array(160).fill(stream.fill),
    },
    at: stream.at + i * 20,
  }));
}

function play(receiver: RtpReceiver, input: { packet: RtpPacket; at: number }[]): RtpDelivery[] {
  return input.flatMap(({ packet, at }) => receiver.receive(packet, at, packet.payload.length));
}

/** A small deterministic generator (LCG), so "random" starts are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('RTP receiver: sources, validation and timing', () => {
  it('a PBX moving the call from its IVR to an agent: the new SSRC, sequence and timestamp base are all heard', () => {
    const receiver = new RtpReceiver();
    // IVR: 3 s from SSRC 0xA, sequence near the wrap. Agent: SSRC 0xB, 10,000 sequence numbers "behind" the IVR's
    // (a single counter across sources takes that as late and drops every packet), another timestamp base, 100 ms on.
    const ivr: Stream = { ssrc: 0xa, seq: 65_500, timestamp: 4_294_960_000, at: 1_000, count: 150, fill: 0x11 };
    const agent: Stream = {
      ssrc: 0xb,
      seq: (65_500 + 150 - 10_000) & 0xffff,
      timestamp: 12_345,
      at: 4_100,
      count: 100,
      fill: 0x22,
    };
    const delivered = play(receiver, [...packets(ivr), ...packets(agent)]);
    expect(delivered.filter((d) => d.ssrc === 0xa)).toHaveLength(150);
    expect(delivered.filter((d) => d.ssrc === 0xb)).toHaveLength(100);
    // Each packet's media ends 20 ms after its own arrival time minus its 20 ms: with no jitter, exactly at arrival.
    expect(delivered.map((d) => d.endMs)).toEqual([...packets(ivr), ...packets(agent)].map(({ at }) => at));
    expect(delivered.every((d) => d.gapSamples === 0)).toBe(true);
    expect(receiver.changes.list).toEqual([
      { atMs: 1_000, ssrc: 0xa },
      { atMs: 4_100, ssrc: 0xb, from: 0xa },
    ]);
    expect(
      receiver.sources.map((s) => ({ ssrc: s.ssrc, received: s.received, lost: s.lost, firstMs: s.firstMs })),
    ).toEqual([
      { ssrc: 0xa, received: 150, lost: 0, firstMs: 1_000 },
      { ssrc: 0xb, received: 100, lost: 0, firstMs: 4_100 },
    ]);
  });

  it("holds a new source's first packet until the second validates it, then delivers both in order", () => {
    const receiver = new RtpReceiver();
    const [first, second] = packets({ ssrc: 1, seq: 7, timestamp: 0, at: 0, count: 2, fill: 1 });
    expect(receiver.receive(first!.packet, first!.at, 160)).toEqual([]);
    expect(receiver.receive(second!.packet, second!.at, 160).map((d) => d.packet.sequence)).toEqual([7, 8]);
  });

  it('the same SSRC jumping to a new sequence and timestamp base (two packets confirm it) is followed, timed afresh', () => {
    const receiver = new RtpReceiver();
    const before = packets({ ssrc: 5, seq: 100, timestamp: 1_000_000, at: 0, count: 50, fill: 1 });
    const after = packets({ ssrc: 5, seq: 30_000, timestamp: 7, at: 1_000, count: 50, fill: 2 });
    const delivered = play(receiver, [...before, ...after]);
    expect(delivered).toHaveLength(100);
    expect(delivered.slice(50).map((d) => d.endMs)).toEqual(after.map(({ at }) => at));
    expect(receiver.sources[0]).toMatchObject({ restarts: 1, lost: 0, received: 100 });
  });

  it('fills the timestamp gap of lost packets with silence and counts them lost', () => {
    const receiver = new RtpReceiver();
    const stream = packets({ ssrc: 2, seq: 65_530, timestamp: 500, at: 0, count: 12, fill: 1 });
    // Lose the packets with sequence 65535 and 0 (the wrap).
    const delivered = play(
      receiver,
      stream.filter(({ packet }) => packet.sequence !== 65_535 && packet.sequence !== 0),
    );
    const afterGap = delivered.find((d) => d.packet.sequence === 1);
    expect(afterGap?.gapSamples).toBe(320);
    expect(receiver.sources[0]).toMatchObject({ lost: 2, expected: 12, received: 10 });
  });

  it('while the new source plays, stray packets of the old one are not heard; the old one is heard again once the new falls quiet', () => {
    const receiver = new RtpReceiver({ quietMs: 200 });
    const a1 = packets({ ssrc: 0xa, seq: 1, timestamp: 0, at: 0, count: 10, fill: 1 });
    const b = packets({ ssrc: 0xb, seq: 50_000, timestamp: 9_999, at: 200, count: 10, fill: 2 });
    const aStray = packets({ ssrc: 0xa, seq: 11, timestamp: 1_600, at: 230, count: 2, fill: 1 });
    const a2 = packets({ ssrc: 0xa, seq: 13, timestamp: 1_920, at: 700, count: 5, fill: 1 });
    const delivered = play(receiver, [...a1, ...b.slice(0, 2), ...aStray, ...b.slice(2), ...a2]);
    expect(delivered.map((d) => d.ssrc)).toEqual([
      ...Array(10).fill(0xa),
      ...Array(10).fill(0xb),
      ...Array(5).fill(0xa),
    ]);
    expect(receiver.changes.list.map((c) => c.ssrc)).toEqual([0xa, 0xb, 0xa]);
  });

  it('streams starting at random sequence numbers and timestamps, one after another, are each heard in full', () => {
    const random = seeded(4_733);
    for (let trial = 0; trial < 50; trial += 1) {
      const receiver = new RtpReceiver();
      const streams: Stream[] = [];
      let at = 0;
      for (let i = 0; i < 3; i += 1) {
        // Every fifth stream starts within 3 packets of the wrap at 65535.
        const seq = trial % 5 === 0 ? 65_533 + Math.floor(random() * 3) : Math.floor(random() * 65_536);
        const stream = {
          ssrc: Math.floor(random() * 2 ** 32),
          seq,
          timestamp: Math.floor(random() * 2 ** 32),
          at,
          count: 40,
          fill: i,
        };
        streams.push(stream);
        at += 40 * 20 + Math.floor(random() * 300);
      }
      const input = streams.flatMap(packets);
      const delivered = play(receiver, input);
      expect(delivered.map((d) => d.endMs)).toEqual(input.map(({ at: arrival }) => arrival));
      expect(receiver.changes.count).toBe(3);
    }
  });

  it('jitter per source follows the arrival spread (A.8)', () => {
    const receiver = new RtpReceiver();
    const stream = packets({ ssrc: 3, seq: 9, timestamp: 0, at: 0, count: 200, fill: 1 });
    // Every other packet 4 ms late: |D| = 4 ms each step, so J converges to 4 ms.
    play(
      receiver,
      stream.map(({ packet, at }, i) => ({ packet, at: at + (i % 2) * 4 })),
    );
    expect(receiver.sources[0]?.jitterMs).toBeCloseTo(4, 3);
  });

  it('a peer sending from endless new SSRCs cannot grow the source table', () => {
    const receiver = new RtpReceiver({ maxSources: 8 });
    for (let i = 0; i < 1_000; i += 1)
      play(receiver, packets({ ssrc: i, seq: i, timestamp: i, at: i * 40, count: 2, fill: 0 }));
    expect(receiver.sources).toHaveLength(8);
    expect(receiver.changes).toMatchObject({ count: 1_000, forgottenSources: 992 });
    expect(receiver.changes.list).toHaveLength(50);
  });
});
