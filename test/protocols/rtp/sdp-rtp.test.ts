import { describe, expect, it } from 'vitest';
import { buildRtp, parseRtp, parseTelephoneEvent, telephoneEventPayload } from '../../../src/protocols/rtp/rtp-packet.ts';
import { buildSdp, parseSdp } from '../../../src/protocols/sdp/sdp.ts';

describe('SDP', () => {
  it('reads back the offer Kept makes', () => {
    const sdp = buildSdp({ address: '192.0.2.10', port: 40_000, codecs: ['PCMA', 'PCMU'], telephoneEvent: 101, sessionId: 1, version: 2 });
    expect(parseSdp(sdp)).toEqual({ address: '192.0.2.10', port: 40_000, payloads: [8, 0, 101], codec: 'PCMA', telephoneEvent: 101, direction: 'sendrecv' });
  });

  it('reads an answer with a session-level address, static payloads without rtpmap, and a hold direction', () => {
    const answer = ['v=0', 'o=- 1 1 IN IP4 198.51.100.1', 's=-', 'c=IN IP4 198.51.100.1', 't=0 0', 'm=audio 30000 RTP/AVP 18 0 96', 'a=rtpmap:96 telephone-event/8000', 'a=sendonly', 'm=video 30002 RTP/AVP 97'].join('\r\n');
    expect(parseSdp(answer)).toEqual({ address: '198.51.100.1', port: 30_000, payloads: [18, 0, 96], codec: 'PCMU', telephoneEvent: 96, direction: 'sendonly' });
  });

  it('has no audio stream to read without an audio m-line', () => {
    expect(parseSdp('v=0\r\nc=IN IP4 1.2.3.4\r\nm=video 1 RTP/AVP 96\r\n')).toBeUndefined();
  });
});

describe('RTP packets', () => {
  it('round-trips header fields and payload', () => {
    const packet = { payloadType: 8, marker: true, sequence: 65_535, timestamp: 4_294_967_295, ssrc: 0x12345678, payload: Uint8Array.of(1, 2, 3) };
    expect(parseRtp(buildRtp(packet))).toEqual({ ...packet, payload: expect.any(Uint8Array) });
    expect(Array.from(parseRtp(buildRtp(packet))!.payload)).toEqual([1, 2, 3]);
  });

  it('skips CSRCs, the header extension and padding', () => {
    const bytes = Buffer.from([0xb1, 0x00, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 9, 9, 9, 9, 0xbe, 0xde, 0, 1, 7, 7, 7, 7, 0xaa, 0xbb, 0, 0, 3]);
    const packet = parseRtp(bytes);
    expect(Array.from(packet!.payload)).toEqual([0xaa, 0xbb]);
  });

  it('is not RTP when the version is not 2 or it is too short', () => {
    expect(parseRtp(Buffer.from([0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeUndefined();
    expect(parseRtp(Buffer.from([0x80, 0]))).toBeUndefined();
  });

  it('carries an RFC 4733 event', () => {
    const event = { event: 11, end: true, volume: 10, duration: 960 };
    expect(parseTelephoneEvent(telephoneEventPayload(event))).toEqual(event);
  });
});
