import { describe, expect, it } from 'vitest';
import {
  cseqOf,
  header,
  headersNamed,
  headerValues,
  paramOf,
  parseSipMessage,
  parseSipUri,
  responseTo,
  serializeSipMessage,
  uriOf,
  type SipRequest,
} from '../../../src/protocols/sip/sip-message.ts';

const INVITE = [
  'INVITE sip:support@desk.example:5060 SIP/2.0',
  'v: SIP/2.0/UDP 10.0.0.1:5062;branch=z9hG4bK776asdhds;rport',
  'Max-Forwards: 70',
  'f: "Sam" <sip:sam@example.org>;tag=1928301774',
  't: <sip:support@desk.example>',
  'i: a84b4c76e66710@pc33',
  'CSeq: 314159 INVITE',
  'Contact: <sip:sam@10.0.0.1:5062>',
  'Allow: INVITE, ACK,',
  ' CANCEL, BYE',
  'c: application/sdp',
  'l: 4',
  '',
  'v=0\r\nignored past the length',
].join('\r\n');

describe('SIP messages', () => {
  it('parses a request with compact header names, a folded header and the body cut at Content-Length', () => {
    const message = parseSipMessage(INVITE) as SipRequest;
    expect(message).toMatchObject({
      kind: 'request',
      method: 'INVITE',
      uri: 'sip:support@desk.example:5060',
      body: 'v=0\r',
    });
    expect(header(message, 'Call-ID')).toBe('a84b4c76e66710@pc33');
    expect(header(message, 'content-type')).toBe('application/sdp');
    expect(headerValues(message, 'allow')).toEqual(['INVITE', 'ACK', 'CANCEL', 'BYE']);
    expect(cseqOf(message)).toEqual({ seq: 314159, method: 'INVITE' });
    expect(paramOf(header(message, 'via'), 'branch')).toBe('z9hG4bK776asdhds');
    expect(paramOf(header(message, 'from'), 'tag')).toBe('1928301774');
    expect(paramOf(header(message, 'to'), 'tag')).toBeUndefined();
  });

  it('parses a response, and keeps a comma-carrying header whole when asked', () => {
    const text =
      'SIP/2.0 401 Unauthorized\r\nWWW-Authenticate: Digest realm="a, b", nonce="x"\r\nContent-Length: 0\r\n\r\n';
    const message = parseSipMessage(text);
    expect(message).toMatchObject({ kind: 'response', status: 401, reason: 'Unauthorized' });
    expect(headersNamed(message, 'www-authenticate')).toEqual(['Digest realm="a, b", nonce="x"']);
  });

  it('serialises with the Content-Length of the body in bytes', () => {
    const text = serializeSipMessage({
      kind: 'response',
      status: 200,
      reason: 'OK',
      headers: [
        ['Content-Length', '99'],
        ['X', 'y'],
      ],
      body: 'é',
    });
    expect(text).toBe('SIP/2.0 200 OK\r\nX: y\r\nContent-Length: 2\r\n\r\né');
  });

  it('answers a request with its Via, From, Call-ID and CSeq, and a To tag', () => {
    const response = responseTo(parseSipMessage(INVITE) as SipRequest, 180, 'Ringing', { toTag: 'abc' });
    expect(header(response, 'to')).toBe('<sip:support@desk.example>;tag=abc');
    expect(header(response, 'cseq')).toBe('314159 INVITE');
    expect(headerValues(response, 'via')).toHaveLength(1);
  });

  it.each([
    ['sip:support@127.0.0.1:5070', { scheme: 'sip', user: 'support', host: '127.0.0.1', port: 5070, params: {} }],
    [
      'sips:+441632960000@trunk.example;transport=tcp',
      { scheme: 'sips', user: '+441632960000', host: 'trunk.example', params: { transport: 'tcp' } },
    ],
    ['sip:[::1]:5060', { scheme: 'sip', host: '::1', port: 5060, params: {} }],
  ])('reads the URI %s', (text, parts) => {
    expect(parseSipUri(text)).toEqual(parts);
  });

  it.each(['https://example.org', 'sip:', 'tel:+441632960000'])('%s is no SIP URI', (text) => {
    expect(() => parseSipUri(text)).toThrow(SyntaxError);
  });

  it('finds the URI in a name-addr, and refuses what is not SIP', () => {
    expect(uriOf('"Desk" <sip:desk@x:5060;transport=tcp>;tag=1')).toBe('sip:desk@x:5060;transport=tcp');
    expect(() => parseSipMessage('HTTP/1.1 200 OK\r\n\r\n')).toThrow(SyntaxError);
  });
});
