import { createHash, randomBytes } from 'node:crypto';

/**
 * HTTP digest authentication as SIP uses it (RFC 3261 §22, RFC 2617, RFC 8760): answers a `WWW-Authenticate` or
 * `Proxy-Authenticate` challenge with MD5 or SHA-256, with or without qop=auth.
 */

export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly algorithm: string;
  readonly qop?: string[];
  readonly opaque?: string;
  readonly stale: boolean;
}

/** Parses `Digest realm="…", nonce="…", …`; undefined when it is not a digest challenge. */
export function parseDigestChallenge(value: string): DigestChallenge | undefined {
  const match = /^\s*Digest\s+(.*)$/is.exec(value);
  if (match === null) return undefined;
  const params: Record<string, string> = {};
  const pattern = /([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g;
  for (const param of (match[1] as string).matchAll(pattern)) {
    params[(param[1] as string).toLowerCase()] = param[2] ?? param[3] ?? '';
  }
  if (params.realm === undefined || params.nonce === undefined) return undefined;
  return {
    realm: params.realm,
    nonce: params.nonce,
    algorithm: (params.algorithm ?? 'MD5').toUpperCase(),
    ...(params.qop === undefined ? {} : { qop: params.qop.split(',').map((q) => q.trim().toLowerCase()) }),
    ...(params.opaque === undefined ? {} : { opaque: params.opaque }),
    stale: (params.stale ?? '').toLowerCase() === 'true',
  };
}

const HASHES: Record<string, string> = { MD5: 'md5', 'MD5-SESS': 'md5', 'SHA-256': 'sha256', 'SHA-256-SESS': 'sha256' };

export const isSupportedAlgorithm = (algorithm: string): boolean => HASHES[algorithm.toUpperCase()] !== undefined;

export interface DigestAnswer {
  readonly method: string;
  readonly uri: string;
  readonly username: string;
  readonly password: string;
  /** The nonce count for this nonce (1 for its first use). */
  readonly nc?: number;
  /** For tests: a fixed client nonce. */
  readonly cnonce?: string;
}

/** The `Authorization` / `Proxy-Authorization` header value answering `challenge`. */
export function digestAuthorization(challenge: DigestChallenge, answer: DigestAnswer): string {
  const algorithm = challenge.algorithm;
  const hashName = HASHES[algorithm];
  if (hashName === undefined) throw new RangeError(`digest algorithm ${algorithm} is not supported (MD5, SHA-256)`);
  const hash = (text: string): string => createHash(hashName).update(text, 'utf8').digest('hex');
  const cnonce = answer.cnonce ?? randomBytes(8).toString('hex');
  const nc = (answer.nc ?? 1).toString(16).padStart(8, '0');
  let ha1 = hash(`${answer.username}:${challenge.realm}:${answer.password}`);
  if (algorithm.endsWith('-SESS')) ha1 = hash(`${ha1}:${challenge.nonce}:${cnonce}`);
  const ha2 = hash(`${answer.method}:${answer.uri}`);
  const qop = challenge.qop?.includes('auth') === true ? 'auth' : undefined;
  const response =
    qop === undefined
      ? hash(`${ha1}:${challenge.nonce}:${ha2}`)
      : hash(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:${qop}:${ha2}`);
  const parts = [
    `username="${answer.username}"`,
    `realm="${challenge.realm}"`,
    `nonce="${challenge.nonce}"`,
    `uri="${answer.uri}"`,
    `response="${response}"`,
    `algorithm=${algorithm}`,
  ];
  if (qop !== undefined) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`);
  if (challenge.opaque !== undefined) parts.push(`opaque="${challenge.opaque}"`);
  return `Digest ${parts.join(', ')}`;
}
