/**
 * The PlatformCollector contract, run against every HTTP platform adapter and its strict fake: a platform's failure
 * is a gap with the right code, never a reading and never an exception, and no gap holds a credential.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CollectorPlatform, createCollector } from '../../../src/adapters/collectors/collector-factory.ts';
import type { CollectResult, PlatformCollector } from '../../../src/app/collector.port.ts';
import { startAmazonConnectFake } from '../../support/collector-fakes/amazon-connect.fake.ts';
import type { FakeServer } from '../../support/collector-fakes/fake-http.ts';
import { fixedClock } from '../../support/collector-fakes/fixed-clock.ts';
import { startFreshdeskFake } from '../../support/collector-fakes/freshdesk.fake.ts';
import { startGenesysCloudFake } from '../../support/collector-fakes/genesys-cloud.fake.ts';
import { startIntercomFake } from '../../support/collector-fakes/intercom.fake.ts';
import { startTwilioTaskRouterFake } from '../../support/collector-fakes/twilio-taskrouter.fake.ts';
import { startZendeskFake } from '../../support/collector-fakes/zendesk.fake.ts';

const FROM = Date.parse('2026-12-06T10:00:00Z');
const TO = FROM + 5 * 60_000;
const NOW = TO + 5_000;
const window = { fromMs: FROM, toMs: TO, thresholdsMs: [120_000] };
const WRONG = 'Contract-Wrong-Secret-0042';
const QUEUE_WQ = `WQ${'a'.repeat(32)}`;

interface Subject {
  readonly fake: FakeServer;
  /** Options for the platform, with `secret` in place of its credential when given. */
  options(secret?: string): Record<string, unknown>;
}

const SUBJECTS: Readonly<Record<string, () => Promise<Subject>>> = {
  'twilio-taskrouter': async () => {
    const fake = await startTwilioTaskRouterFake([QUEUE_WQ]);
    return {
      fake,
      options: (secret) => ({
        accountSid: fake.accountSid,
        authToken: secret ?? fake.authToken,
        workspaceSid: fake.workspaceSid,
        taskQueueSids: [QUEUE_WQ],
        baseUrl: fake.url,
      }),
    };
  },
  'amazon-connect': async () => {
    const fake = await startAmazonConnectFake();
    return {
      fake,
      options: (secret) => ({
        instanceArn: fake.instanceArn,
        queueIds: ['q-1'],
        accessKeyId: fake.accessKeyId,
        secretAccessKey: secret ?? fake.secretAccessKey,
        endpoint: fake.url,
      }),
    };
  },
  'genesys-cloud': async () => {
    const fake = await startGenesysCloudFake();
    return {
      fake,
      options: (secret) => ({
        region: 'mypurecloud.ie',
        clientId: fake.clientId,
        clientSecret: secret ?? fake.clientSecret,
        queueIds: ['0a0a0a0a-0000-4000-8000-000000000001'],
        apiUrl: fake.url,
        loginUrl: fake.url,
      }),
    };
  },
  zendesk: async () => {
    const fake = await startZendeskFake();
    fake.nowMs = NOW;
    return {
      fake,
      options: (secret) => ({
        subdomain: 'acme',
        email: fake.email,
        apiToken: secret ?? fake.apiToken,
        baseUrl: fake.url,
      }),
    };
  },
  intercom: async () => {
    const fake = await startIntercomFake();
    return { fake, options: (secret) => ({ accessToken: secret ?? fake.accessToken, baseUrl: fake.url }) };
  },
  freshdesk: async () => {
    const fake = await startFreshdeskFake();
    return { fake, options: (secret) => ({ domain: 'acme', apiKey: secret ?? fake.apiKey, baseUrl: fake.url }) };
  },
};

function gapOf(result: CollectResult) {
  if (result.kind !== 'gap') throw new Error(`expected a gap, got ${JSON.stringify(result)}`);
  return result;
}

describe.each(Object.keys(SUBJECTS).map((platform) => [platform]))('%s collector contract', (platform) => {
  let subject: Subject;
  let collector: PlatformCollector;
  const collect = (c = collector, signal = new AbortController().signal) => c.collect(window, signal);

  beforeAll(async () => {
    subject = await (SUBJECTS[platform] as () => Promise<Subject>)();
    collector = await createCollector(platform as CollectorPlatform, subject.options(), {
      collectorId: 'contract',
      clock: fixedClock(NOW),
    });
  });
  afterAll(() => subject.fake.close());

  it('reads when the platform answers as documented', async () => {
    const result = await collect();
    expect(result.kind).toBe('read');
    expect(result.kind === 'read' && result.readings.length).toBeGreaterThan(0);
  });

  it('is an auth gap for a refused credential, and the gap never holds it', async () => {
    const wrong = await createCollector(platform as CollectorPlatform, subject.options(WRONG), {
      collectorId: 'contract',
      clock: fixedClock(NOW),
    });
    const result = gapOf(await collect(wrong));
    expect(result.gap).toMatchObject({ code: 'auth', collectorId: 'contract', fromMs: FROM, toMs: TO });
    expect(JSON.stringify(result)).not.toContain(WRONG);
  });

  it('is a rate-limited gap on 429 that says how long to wait', async () => {
    subject.fake.answerNext({
      status: 429,
      headers: { 'Retry-After': '5', 'X-RateLimit-Reset': String(NOW / 1000 + 5) },
      body: {},
    });
    const result = gapOf(await collect());
    expect(result.gap.code).toBe('rate-limited');
    expect(result.retryAfterMs).toBe(5_000);
  });

  it.each([500, 502, 503])('is a server-error gap on %i', async (status) => {
    subject.fake.answerNext({ status, body: { message: 'down' } });
    expect(gapOf(await collect()).gap.code).toBe('server-error');
  });

  it('is a schema-changed gap when a 200 answer is not the documented shape', async () => {
    subject.fake.answerNext({ status: 200, body: { unexpected: [1, 2, 3] } });
    expect(gapOf(await collect()).gap.code).toBe('schema-changed');
  });

  it('is a timeout gap when the run is cancelled while the platform does not answer', async () => {
    subject.fake.answerNext({ status: 200, body: {}, delayMs: 3_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect(gapOf(await collect(collector, controller.signal)).gap.code).toBe('timeout');
  });
});
