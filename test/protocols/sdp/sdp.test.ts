import { describe, expect, it } from 'vitest';
import { buildSdp, parseSdp } from '../../../src/protocols/sdp/sdp.ts';

const lines = (...text: string[]): string => `${text.join('\r\n')}\r\n`;

describe('SDP (RFC 4566) for one audio stream', () => {
  it('reads the offer and the answer of RFC 3264 section 10.1 (audio and video; the answer keeps PCMU only)', () => {
    const offer = lines(
      'v=0',
      'o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com',
      's=',
      'c=IN IP4 host.atlanta.example.com',
      't=0 0',
      'm=audio 49170 RTP/AVP 0 8 97',
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:97 iLBC/8000',
      'm=video 51372 RTP/AVP 31 32',
      'a=rtpmap:31 H261/90000',
      'a=rtpmap:32 MPV/90000',
    );
    const answer = lines(
      'v=0',
      'o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com',
      's=',
      'c=IN IP4 host.biloxi.example.com',
      't=0 0',
      'm=audio 49174 RTP/AVP 0',
      'a=rtpmap:0 PCMU/8000',
      'm=video 49170 RTP/AVP 32',
      'a=rtpmap:32 MPV/90000',
    );
    expect(parseSdp(offer)).toEqual({
      address: 'host.atlanta.example.com',
      port: 49_170,
      payloads: [0, 8, 97],
      codec: 'PCMU',
      direction: 'sendrecv',
    });
    expect(parseSdp(answer)).toEqual({
      address: 'host.biloxi.example.com',
      port: 49_174,
      payloads: [0],
      codec: 'PCMU',
      direction: 'sendrecv',
    });
  });

  it('reads the session description example of RFC 4566 section 5 (session-level recvonly, multicast address with TTL)', () => {
    const sdp = lines(
      'v=0',
      'o=jdoe 2890844526 2890842807 IN IP4 10.47.16.5',
      's=SDP Seminar',
      'i=A Seminar on the session description protocol',
      'u=http://www.example.com/seminars/sdp.pdf',
      'e=j.doe@example.com (Jane Doe)',
      'c=IN IP4 224.2.17.12/127',
      't=2873397496 2873404696',
      'a=recvonly',
      'm=audio 49170 RTP/AVP 0',
      'm=video 51372 RTP/AVP 99',
      'a=rtpmap:99 h263-1998/90000',
    );
    expect(parseSdp(sdp)).toEqual({
      address: '224.2.17.12',
      port: 49_170,
      payloads: [0],
      codec: 'PCMU',
      direction: 'recvonly',
    });
  });

  it('reads a media-level address, a telephone-event payload type and a hold direction (RFC 3264 section 8.4)', () => {
    const sdp = lines(
      'v=0',
      'o=- 1 2 IN IP4 198.51.100.1',
      's=-',
      'c=IN IP4 198.51.100.1',
      't=0 0',
      'm=audio 30000 RTP/AVP 18 8 96',
      'c=IN IP4 198.51.100.7',
      'a=rtpmap:96 telephone-event/8000',
      'a=fmtp:96 0-15',
      'a=sendonly',
    );
    expect(parseSdp(sdp)).toEqual({
      address: '198.51.100.7',
      port: 30_000,
      payloads: [18, 8, 96],
      codec: 'PCMA',
      telephoneEvent: 96,
      direction: 'sendonly',
    });
  });

  it('has no audio stream to read without an audio m-line', () => {
    expect(parseSdp(lines('v=0', 'c=IN IP4 192.0.2.1', 'm=video 1 RTP/AVP 96'))).toBeUndefined();
  });

  it('writes the offer Kept makes, line by line', () => {
    const sdp = buildSdp({
      address: '192.0.2.10',
      port: 40_000,
      codecs: ['PCMA', 'PCMU'],
      telephoneEvent: 101,
      sessionId: 1,
      version: 2,
    });
    expect(sdp).toBe(
      lines(
        'v=0',
        'o=kept 1 2 IN IP4 192.0.2.10',
        's=Kept probe',
        'c=IN IP4 192.0.2.10',
        't=0 0',
        'm=audio 40000 RTP/AVP 8 0 101',
        'a=rtpmap:8 PCMA/8000',
        'a=rtpmap:0 PCMU/8000',
        'a=rtpmap:101 telephone-event/8000',
        'a=fmtp:101 0-16',
        'a=ptime:20',
        'a=sendrecv',
      ),
    );
    expect(
      buildSdp({
        address: '2001:db8::1',
        port: 40_002,
        codecs: ['PCMU'],
        telephoneEvent: 101,
        sessionId: 1,
        version: 1,
        direction: 'sendonly',
      }),
    ).toContain('c=IN IP6 2001:db8::1\r\n');
  });
});
