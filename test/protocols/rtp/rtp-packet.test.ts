import { describe, expect, it } from 'vitest';
import {
  buildRtp,
  DTMF_EVENTS,
  parseRtp,
  parseTelephoneEvent,
  telephoneEventPayload,
} from '../../../src/protocols/rtp/rtp-packet.ts';

/** Bytes written by hand from a hex string ("80 00 1f40 ..."), spaces for reading only. */
const hex = (text: string): Uint8Array =>
  Uint8Array.from(text.replace(/\s+/g, '').match(/../g) ?? [], (pair) => parseInt(pair, 16));

describe('RTP fixed header (RFC 3550 section 5.1 layout)', () => {
  // V=2 P=0 X=0 CC=0 | M=0 PT=0 | sequence 8000 | timestamp 1000 | SSRC 0xDEADBEEF | two μ-law silence bytes.
  const PCMU = hex('80 00 1f40  000003e8  deadbeef  ff ff');

  it('reads the hand-written header', () => {
    const packet = parseRtp(PCMU);
    expect(packet).toMatchObject({
      payloadType: 0,
      marker: false,
      sequence: 8_000,
      timestamp: 1_000,
      ssrc: 0xdeadbeef,
    });
    expect(Array.from(packet!.payload)).toEqual([0xff, 0xff]);
  });

  it('writes the same bytes', () => {
    const built = buildRtp({
      payloadType: 0,
      marker: false,
      sequence: 8_000,
      timestamp: 1_000,
      ssrc: 0xdeadbeef,
      payload: Uint8Array.of(0xff, 0xff),
    });
    expect(Array.from(built)).toEqual(Array.from(PCMU));
  });

  it('the marker bit is the top bit of the second byte; 32-bit fields use all their bits', () => {
    // M=1 PT=101 | sequence 65535 | timestamp 0xFFFFFFFF | SSRC 1.
    const bytes = hex('80 e5 ffff  ffffffff  00000001');
    expect(parseRtp(bytes)).toMatchObject({
      marker: true,
      payloadType: 101,
      sequence: 65_535,
      timestamp: 0xffffffff,
      ssrc: 1,
    });
    expect(
      Array.from(
        buildRtp({
          payloadType: 101,
          marker: true,
          sequence: 65_535,
          timestamp: 0xffffffff,
          ssrc: 1,
          payload: new Uint8Array(0),
        }),
      ),
    ).toEqual(Array.from(bytes));
  });

  it('skips CSRCs (CC), the header extension (X; RFC 3550 5.3.1 length in 32-bit words) and padding (P; count in the last byte)', () => {
    // V=2 P=1 X=1 CC=1 | PT=0 | seq 1 | ts 2 | SSRC 3 | CSRC 0x09090909 | ext profile 0xBEDE, length 1, one word |
    // payload AA BB | padding 00 00 03.
    const packet = parseRtp(hex('b1 00 0001  00000002  00000003  09090909  bede 0001 07070707  aa bb  00 00 03'));
    expect(Array.from(packet!.payload)).toEqual([0xaa, 0xbb]);
  });

  it('is not RTP when the version is not 2 or the header is cut short', () => {
    expect(parseRtp(hex('40 00 0000 00000000 00000000'))).toBeUndefined();
    expect(parseRtp(hex('80 00'))).toBeUndefined();
    // An extension whose stated length runs past the packet.
    expect(parseRtp(hex('90 00 0001 00000002 00000003 bede 0005'))).toBeUndefined();
  });
});

describe('RFC 4733 telephone-event payload (section 2.3: event 8 bits | E | R | volume 6 bits | duration 16 bits)', () => {
  it.each([
    // digit 9 (event 9, section 3.2), first packet: E=0, volume 10 (-10 dBm0), 20 ms at 8 kHz = 160.
    ['09 0a 00a0', { event: 9, end: false, volume: 10, duration: 160 }],
    // '#' (event 11) ending after 100 ms: E=1 -> 0x80 | 10 = 0x8A, duration 800 = 0x0320.
    ['0b 8a 0320', { event: 11, end: true, volume: 10, duration: 800 }],
    // '*' (event 10) at the quietest volume 63 and the longest duration a segment can state.
    ['0a bf ffff', { event: 10, end: true, volume: 63, duration: 65_535 }],
    // 'D' (event 15) at 0 dBm0.
    ['0f 00 0140', { event: 15, end: false, volume: 0, duration: 320 }],
  ] as const)('%s', (bytes, event) => {
    expect(parseTelephoneEvent(hex(bytes))).toEqual(event);
    expect(Array.from(telephoneEventPayload(event))).toEqual(Array.from(hex(bytes)));
  });

  it('ignores the reserved R bit on receipt (section 2.3: reserved, set to zero by senders, ignored by receivers)', () => {
    expect(parseTelephoneEvent(hex('05 4a 00a0'))).toEqual({ event: 5, end: false, volume: 10, duration: 160 });
  });

  it('numbers the DTMF events as section 3.2 does: 0-9, * = 10, # = 11, A-D = 12-15', () => {
    expect([...'0123456789*#ABCD'].map((key) => DTMF_EVENTS.indexOf(key))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    ]);
  });

  it('is no event when shorter than 4 bytes', () => {
    expect(parseTelephoneEvent(hex('09 0a 00'))).toBeUndefined();
  });
});
