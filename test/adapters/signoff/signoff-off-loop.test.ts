import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCopyAnalyser } from '../../../src/adapters/signoff/copy-analyser.ts';
import { extractClaims } from '../../../src/domain/copy/extract-claims.ts';
import { SAMPLE_PAGE } from '../reports/report-fixture.ts';
import { longCopy, startOffLoopService, TOKEN, type OffLoopService } from './offloop-service.ts';

describe('the copy-analysis thread', () => {
  const analyser = createCopyAnalyser();
  afterAll(() => analyser.close());

  it("reads the same claims as the extractor on the service's own thread", async () => {
    expect(await analyser.extract(SAMPLE_PAGE, { format: 'html' })).toEqual(
      extractClaims(SAMPLE_PAGE, { format: 'html' }),
    );
  });

  it('answers concurrent requests each with its own claims', async () => {
    const texts = ['Live chat 24/7.', 'We answer every call within 2 minutes.', 'Email: we reply within a day.'];
    const answers = await Promise.all(texts.map((text) => analyser.extract(text, { format: 'text' })));
    expect(answers).toEqual(texts.map((text) => extractClaims(text, { format: 'text' })));
  });

  it('fails pending requests when closed, and a closed analyser starts a new thread on the next request', async () => {
    const worker = createCopyAnalyser();
    const pending = expect(worker.extract(longCopy(), { format: 'html' })).rejects.toThrow(
      'the copy-analysis thread was closed',
    );
    await worker.close();
    await pending;
    await expect(worker.extract('Live chat 24/7.', { format: 'text' })).resolves.toHaveLength(1);
    await worker.close();
  });
});

describe('a 250 KB sign-off on the service', () => {
  let service: OffLoopService;
  beforeAll(async () => {
    service = await startOffLoopService();
  });
  afterAll(() => service.close());

  it('signs off, while /healthz keeps answering: its answer comes before the report', async () => {
    const order: string[] = [];
    const signoff = fetch(`${service.url}/api/signoff?since=90d`, {
      method: 'POST',
      body: longCopy(),
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/html' },
    }).then(async (response) => {
      order.push('signoff');
      return {
        status: response.status,
        body: (await response.json()) as { claims: unknown[]; unmeasurable: unknown[] },
      };
    });
    await service.analysing;
    const health = await fetch(`${service.url}/healthz`).then(async (response) => {
      order.push('healthz');
      return { status: response.status, body: await response.json() };
    });
    const report = await signoff;

    expect(health).toEqual({ status: 200, body: { status: 'ok' } });
    expect(report.status).toBe(200);
    expect(report.body.claims.length).toBeGreaterThan(500);
    expect(order).toEqual(['healthz', 'signoff']);
  });

  it('refuses copy over 256 KB with 413 before judging it', async () => {
    const response = await fetch(`${service.url}/api/signoff`, {
      method: 'POST',
      body: longCopy(257 * 1024),
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/html' },
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: { kind: 'validation', code: 'signoff.too-large', message: 'the copy is larger than 256 KB' },
    });
  });
});
