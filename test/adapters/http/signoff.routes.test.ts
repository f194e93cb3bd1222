import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeptService, TOKEN, type KeptService } from './web/kept-service.ts';
import { SAMPLE_PAGE } from '../reports/report-fixture.ts';

interface ReportBody {
  status: string;
  exitCode: number;
  claims: { id: string; text: string; status: string; suggestion: { text: string } | null }[];
  unmeasurable: { text: string }[];
}

describe('POST /api/signoff', () => {
  let kept: KeptService;
  let disabled: KeptService;
  beforeAll(async () => {
    [kept, disabled] = await Promise.all([
      startKeptService({ maxBytes: 64 * 1024 }),
      startKeptService({ token: null }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([kept.close(), disabled.close()]);
  });

  const post = (service: KeptService, path: string, body: string, headers: Record<string, string>) =>
    fetch(`${service.url}${path}`, { method: 'POST', body, headers });
  const auth = { authorization: `Bearer ${TOKEN}` };

  it('judges a JSON body and answers with the JSON report', async () => {
    const response = await post(
      kept,
      '/api/signoff',
      JSON.stringify({ copy: SAMPLE_PAGE, format: 'html', since: '30d' }),
      { ...auth, 'content-type': 'application/json' },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as ReportBody;
    expect(body.claims.map((c) => [c.text, c.status])).toEqual([
      ['24/7 live chat with real people', 'not supported'],
      ['Live chat: a person answers within a minute, Monday to Friday 9am-5pm UK time', 'supported'],
      ['every email within 24 hours', 'unproven'],
    ]);
    expect(body.claims[0]?.suggestion?.text).toBe(
      'Chat: a person answers within 30 seconds, Mon-Fri 08:00-20:00 UK time',
    );
    expect(body.exitCode).toBe(1);
  });

  it.each([
    ['text/html', SAMPLE_PAGE, 3],
    ['text/markdown', '## Chat\n\n**24/7 live chat with real people.**', 1],
    ['text/plain; charset=utf-8', 'Live chat: a person answers within a minute, Monday to Friday 9am-5pm UK time.', 1],
  ])('takes the copy itself as %s', async (type, copy, claims) => {
    const response = await post(kept, '/api/signoff?since=90d', copy, { ...auth, 'content-type': type });
    expect(response.status).toBe(200);
    expect(((await response.json()) as ReportBody).claims).toHaveLength(claims);
  });

  it.each([
    ['html', 'text/html', '<!doctype html>'],
    ['markdown', 'text/markdown', '# Sign-off report: Demo Desk Ltd'],
  ])('answers with the %s report when asked', async (as, type, start) => {
    const response = await post(kept, `/api/signoff?as=${as}`, SAMPLE_PAGE, { ...auth, 'content-type': 'text/html' });
    expect(response.headers.get('content-type')).toContain(type);
    expect((await response.text()).startsWith(start)).toBe(true);
  });

  it.each([
    ['no token', {}, 401, 'auth.token'],
    ['a wrong token', { authorization: 'Bearer not-the-token' }, 401, 'auth.token'],
    ['a token of another length', { authorization: `Bearer ${TOKEN}x` }, 401, 'auth.token'],
    ['another scheme', { authorization: `Basic ${TOKEN}` }, 401, 'auth.token'],
  ])('refuses %s with %d', async (_name, headers, status, code) => {
    const response = await post(kept, '/api/signoff', JSON.stringify({ copy: 'x' }), {
      ...headers,
      'content-type': 'application/json',
    });
    expect(response.status).toBe(status);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="kept"');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it('answers 503 when no token is configured', async () => {
    const response = await post(disabled, '/api/signoff', JSON.stringify({ copy: 'x' }), {
      ...auth,
      'content-type': 'application/json',
    });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      'sign-off API disabled: set KEPT_API_TOKEN',
    );
  });

  it('answers 413 for copy over the size limit', async () => {
    const response = await post(kept, '/api/signoff', 'x'.repeat(65 * 1024), { ...auth, 'content-type': 'text/plain' });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('signoff.too-large');
  });

  it.each([
    ['JSON that does not parse', '{', 'application/json', 'signoff.json'],
    ['JSON without copy', '{"text":"x"}', 'application/json', 'signoff.body'],
    ['an unknown format', '{"copy":"x","format":"pdf"}', 'application/json', 'signoff.format'],
    ['a window that is not a duration', '{"copy":"x","since":"soon"}', 'application/json', 'signoff.since'],
    ['another content type', 'x', 'application/pdf', 'signoff.content-type'],
    ['empty copy', '', 'text/plain', 'signoff.empty'],
  ])('answers 400 for %s', async (_name, body, type, code) => {
    const response = await post(kept, '/api/signoff', body, { ...auth, 'content-type': type });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
  });
});

describe('POST /api/signoff/approve and GET /api/signoffs', () => {
  let kept: KeptService;
  beforeAll(async () => {
    kept = await startKeptService();
  });
  afterAll(async () => kept.close());

  it('stores the supported claims with approver and digest, refuses the others, and lists them', async () => {
    const response = await fetch(`${kept.url}/api/signoff/approve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ copy: SAMPLE_PAGE, approver: 'Jo Compliance' }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as {
      approved: { id: string; text: string; approver: string; digest: string }[];
      refused: { id: string }[];
    };
    expect(body.approved.map((a) => [a.text, a.approver])).toEqual([
      ['Live chat: a person answers within a minute, Monday to Friday 9am-5pm UK time', 'Jo Compliance'],
    ]);
    expect(body.approved[0]?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(body.refused.map((r) => r.id)).toEqual(['c2', 'c4']);

    const list = (await (await fetch(`${kept.url}/api/signoffs`)).json()) as {
      signoffs: { id: string; currentStatus: string }[];
    };
    expect(list.signoffs).toEqual([expect.objectContaining({ id: body.approved[0]?.id, currentStatus: 'supported' })]);
  });

  it("needs the approver's name", async () => {
    const response = await fetch(`${kept.url}/api/signoff/approve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ copy: SAMPLE_PAGE }),
    });
    expect(response.status).toBe(400);
  });
});
