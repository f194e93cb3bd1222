import { describe, expect, it } from 'vitest';
import { digestAuthorization, parseDigestChallenge } from '../../../../src/adapters/channels/sip/digest-auth.ts';

const responseOf = (header: string): string | undefined => /response="([^"]+)"/.exec(header)?.[1];

describe('digest authentication', () => {
  it('answers the RFC 2617 example (MD5, qop=auth)', () => {
    const challenge = parseDigestChallenge(
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    );
    expect(challenge).toMatchObject({
      realm: 'testrealm@host.com',
      algorithm: 'MD5',
      qop: ['auth', 'auth-int'],
      stale: false,
    });
    const header = digestAuthorization(challenge!, {
      method: 'GET',
      uri: '/dir/index.html',
      username: 'Mufasa',
      password: 'Circle Of Life',
      cnonce: '0a4f113b',
      nc: 1,
    });
    expect(responseOf(header)).toBe('6629fae49393a05397450978507c4ef1');
    expect(header).toContain('qop=auth, nc=00000001, cnonce="0a4f113b"');
    expect(header).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
  });

  it.each([
    ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
    ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
  ])('answers the RFC 7616 example with %s', (algorithm, expected) => {
    const challenge = parseDigestChallenge(
      `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${algorithm}, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`,
    );
    const header = digestAuthorization(challenge!, {
      method: 'GET',
      uri: '/dir/index.html',
      username: 'Mufasa',
      password: 'Circle of Life',
      cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
      nc: 1,
    });
    expect(responseOf(header)).toBe(expected);
  });

  it('without qop uses the RFC 2069 form', () => {
    const challenge = parseDigestChallenge('Digest realm="kept.test", nonce="abc", stale=TRUE');
    expect(challenge?.stale).toBe(true);
    const header = digestAuthorization(challenge!, { method: 'INVITE', uri: 'sip:x@y', username: 'u', password: 'p' });
    expect(header).not.toContain('qop=');
  });

  it.each(['Basic realm="x"', 'Digest nonce="only"'])('"%s" is no usable digest challenge', (value) => {
    expect(parseDigestChallenge(value)).toBeUndefined();
  });
});
