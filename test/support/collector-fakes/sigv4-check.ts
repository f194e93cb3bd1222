/**
 * Checks an AWS Signature Version 4 `Authorization` header the way AWS does, for the Connect fake: its shape
 * (`AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, SignedHeaders=…, Signature=<64 hex>`),
 * the credential scope against X-Amz-Date, and the signature itself, recomputed from the canonical request with the
 * secret key the fake knows.
 */
import { createHash, createHmac } from 'node:crypto';
import type { FakeRequest } from './fake-http.ts';

export type SigV4Problem = 'UnrecognizedClientException' | 'InvalidSignatureException' | 'MissingAuthenticationToken';

const HEADER =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: Buffer | string, text: string): Buffer => createHmac('sha256', key).update(text, 'utf8').digest();
const encode = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function checkSigV4(
  request: FakeRequest,
  expected: { accessKeyId: string; secretAccessKey: string; region: string; service: string },
): SigV4Problem | undefined {
  const header = request.headers.authorization;
  const amzDate = request.headers['x-amz-date'];
  if (typeof header !== 'string' || typeof amzDate !== 'string') return 'MissingAuthenticationToken';
  const match = HEADER.exec(header);
  if (match === null || !/^\d{8}T\d{6}Z$/.test(amzDate)) return 'InvalidSignatureException';
  const [, keyId, date, region, service, signedHeaders, signature] = match as unknown as string[];
  if (keyId !== expected.accessKeyId) return 'UnrecognizedClientException';
  const names = (signedHeaders as string).split(';');
  if (date !== amzDate.slice(0, 8) || region !== expected.region || service !== expected.service)
    return 'InvalidSignatureException';
  if (!names.includes('host') || !names.includes('x-amz-date')) return 'InvalidSignatureException';
  const query = [...request.query.entries()]
    .map(([k, v]) => [encode(k), encode(v)])
    .sort(([a], [b]) => (a as string).localeCompare(b as string))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalHeaders = names
    .map(
      (name) =>
        `${name}:${String(request.headers[name] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const path = request.path
    .split('/')
    .map((part) => encode(encode(part)))
    .join('/');
  const canonical = [request.method, path, query, canonicalHeaders, signedHeaders, sha256(request.body)].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${expected.secretAccessKey}`, date as string);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part as string);
  return hmac(key, toSign).toString('hex') === signature ? undefined : 'InvalidSignatureException';
}
