import { describe, expect, it } from 'vitest';
import { StreamFramer } from '../../../src/protocols/sip/stream-framer.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

const OPTIONS = 'OPTIONS sip:desk@127.0.0.1 SIP/2.0\r\nCall-ID: a\r\nContent-Length: 0\r\n\r\n';
const MESSAGE = 'MESSAGE sip:desk@127.0.0.1 SIP/2.0\r\nl: 6\r\n\r\nh\u00e9llo';

describe('SIP over a byte stream (RFC 3261 section 18.3): framing by Content-Length', () => {
  it('splits two messages arriving in one chunk, skipping CRLF keep-alives between them', () => {
    expect(new StreamFramer().push(bytes(`\r\n\r\n${OPTIONS}\r\n${MESSAGE}`))).toEqual([OPTIONS, MESSAGE]);
  });

  it('waits for the rest of a message cut anywhere, counting the body in bytes (é is two)', () => {
    const framer = new StreamFramer();
    const all = bytes(MESSAGE);
    const out: string[] = [];
    for (let at = 0; at < all.length; at += 5) out.push(...framer.push(all.subarray(at, at + 5)));
    expect(out).toEqual([MESSAGE]);
  });

  it('a message without Content-Length (which stream transports must send) is taken as having no body', () => {
    expect(new StreamFramer().push(bytes('BYE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n'))).toEqual([
      'BYE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n',
    ]);
  });
});
