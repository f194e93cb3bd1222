import { describe, expect, it } from 'vitest';
import { MAX_DROPOUT, MAX_MISORDER, RtpSource, type SequenceVerdict } from '../../../src/protocols/rtp/rtp-source.ts';

const feed = (source: RtpSource, sequences: number[]): SequenceVerdict[] => sequences.map((seq) => source.update(seq));

describe('RTP receive state for one source (RFC 3550 A.1, A.3, A.8)', () => {
  it('holds a new source on probation until two packets arrive in sequence', () => {
    const source = new RtpSource(0x1234, 1_000);
    expect(feed(source, [1_000])).toEqual(['probation']);
    expect(source.validated).toBe(false);
    expect(feed(source, [1_001, 1_002])).toEqual(['next', 'next']);
    expect(source.stats).toMatchObject({ received: 3, expected: 3, lost: 0, extendedHighest: 1_002, validated: true });
  });

  it('a probation broken by a jump starts again from the jump', () => {
    const source = new RtpSource(1, 500);
    expect(feed(source, [500, 900, 901, 902])).toEqual(['probation', 'probation', 'next', 'next']);
    expect(source.stats).toMatchObject({ received: 3, expected: 3, discarded: 1 });
  });

  it.each([65_534, 65_535, 0])('a stream starting at %i wraps through 65535 into the next cycle', (start) => {
    const source = new RtpSource(7, start);
    const sequences = Array.from({ length: 6 }, (_, i) => (start + i) & 0xffff);
    expect(feed(source, sequences).slice(1)).toEqual(Array(5).fill('next'));
    const wrapped = start + 5 > 0xffff;
    expect(source.stats.extendedHighest).toBe(wrapped ? 0x10000 + ((start + 5) & 0xffff) : start + 5);
    expect(source.stats).toMatchObject({ expected: 6, received: 6, lost: 0 });
  });

  it('counts lost packets across the wrap from the extended highest sequence number', () => {
    const source = new RtpSource(7, 65_530);
    // 65530, 65531, then 65533..1 with 65532 and 65535 lost: 8 expected (65530..1), 6 received.
    expect(feed(source, [65_530, 65_531, 65_533, 65_534, 0, 1])).toEqual([
      'probation',
      'next',
      'next',
      'next',
      'next',
      'next',
    ]);
    expect(source.stats).toMatchObject({ expected: 8, received: 6, lost: 2, extendedHighest: 0x10001 });
  });

  it('takes a packet behind by at most MAX_MISORDER as late and a repeat as a duplicate, and counts both as received', () => {
    const source = new RtpSource(9, 10);
    feed(source, [10, 11, 13]);
    expect(feed(source, [12, 13, 13 - MAX_MISORDER + 1])).toEqual(['late', 'duplicate', 'late']);
    // Expected 4 (10..13), received 6 (the RFC's count includes late and duplicate packets): lost is not negative.
    expect(source.stats).toMatchObject({ expected: 4, received: 6, lost: 0, late: 2, duplicates: 1 });
  });

  it('drops one jump of MAX_DROPOUT or more, and follows it when the next packet confirms a new sequence base', () => {
    const source = new RtpSource(3, 100);
    feed(source, [100, 101, 102]);
    expect(feed(source, [102 + MAX_DROPOUT])).toEqual(['bad']);
    expect(feed(source, [103])).toEqual(['next']);
    expect(feed(source, [40_000, 40_001, 40_002])).toEqual(['bad', 'restart', 'next']);
    expect(source.stats).toMatchObject({ restarts: 1, discarded: 1, lost: 0, expected: 7, received: 7 });
  });

  it('a jump back of more than MAX_MISORDER is a jump, not a late packet', () => {
    const source = new RtpSource(3, 5_000);
    feed(source, [5_000, 5_001]);
    expect(feed(source, [5_001 - MAX_MISORDER - 1])).toEqual(['bad']);
  });

  it('interarrival jitter follows A.8: J += (|D| - J) / 16, in ms', () => {
    const source = new RtpSource(1, 0);
    // 20 ms packets (160 timestamp units at 8 kHz); the third arrives 8 ms late, the fourth on time again.
    const arrivals = [0, 20, 48, 60];
    arrivals.forEach((at, i) => source.updateJitter(1_000 + i * 160, at));
    // D = 0, then +64 units (8 ms), then -64: J = 64/16 = 4, then 4 + (64 - 4)/16 = 7.75 units = 0.96875 ms.
    expect(source.stats.jitterMs).toBeCloseTo(0.96875, 6);
  });

  it('jitter is not thrown by a timestamp wrapping at 2^32 (0xFFFFFFA0 + 160 = 0x40)', () => {
    const source = new RtpSource(1, 0);
    [0xffff_ffa0, 0x40].forEach((timestamp, i) => source.updateJitter(timestamp, i * 20));
    expect(source.stats.jitterMs).toBe(0);
  });
});
