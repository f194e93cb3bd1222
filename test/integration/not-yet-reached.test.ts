import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlerting, type Alerting } from '../../src/app/alerting/alerting.ts';
import { createProbeRunner } from '../../src/app/run-probe.ts';
import { createChatApiChannel } from '../../src/adapters/channels/chat-api/chat-api.channel.ts';
import { createSipChannel } from '../../src/adapters/channels/sip/sip.channel.ts';
import { systemClock } from '../../src/adapters/clock/system.clock.ts';
import { createNotifierFactory } from '../../src/adapters/notifiers/notifier.factory.ts';
import { openSqliteStore } from '../../src/adapters/stores/sqlite/sqlite.store.ts';
import type { Catalogue, ProbeSpec } from '../../src/domain/catalogue.ts';
import type { Claim } from '../../src/domain/claim.ts';
import type { Judgement } from '../../src/domain/judgement.ts';
import { closedPort } from '../adapters/channels/chat-api/support.ts';
import { FAST_RETRY, receiver } from '../adapters/notifiers/fakes/notifications.ts';
import { recordingLogger } from '../adapters/notifiers/fakes/recording.logger.ts';
import { startFakeWebhook, type FakeWebhook } from '../adapters/notifiers/fakes/webhook.fake.ts';
import { freeSipPort, sippMissing, startSipp, type Sipp } from '../support/sipp.ts';

// Setup versus outage, end to end over loopback: a chat-API (or SIP) probe pointed at a port nothing listens on is
// "not yet reached: check the target" and pages nobody; once a back end comes up and answers, the same failure to
// connect is the desk's, and pages. A refusal by the service (SIP 486) pages from the first attempt. Outcomes and
// order only.

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const stop of cleanup.splice(0).reverse()) await stop();
});

const claim: Claim = {
  id: 'chat-answered-24-7',
  copy: 'Our chat always answers',
  publishedAt: ['https://example.test/support'],
  owner: 'support-ops',
  channels: ['chat'],
  hours: { kind: 'always', timeZone: 'Europe/London' },
  promise: { kind: 'answered' },
  target: { kind: 'absolute' },
  minSamples: 1,
};

function catalogueFor(port: number, pager: FakeWebhook, expectReachable: boolean): Catalogue {
  const probe: ProbeSpec = {
    id: 'acme-chat-api',
    kind: 'chat-api',
    target: `http://127.0.0.1:${port}`,
    schedule: { cron: '* * * * *', timeZone: 'UTC', jitterMs: 0, timeoutMs: 5_000 },
    verifies: [claim.id],
    options: {
      transport: 'http',
      message: 'Hello?',
      send: { text: '{message}' },
      http: { send: { path: '/send' }, poll: { path: '/poll', intervalMs: 5 } },
      receive: { messagesPath: '$.messages[*]', textPath: '$.text' },
      waitForHuman: false,
    },
    ...(expectReachable ? { expectReachable: true } : {}),
  };
  return {
    service: { name: 'Acme', timeZone: 'Europe/London' },
    claims: [claim],
    probes: [probe],
    receivers: [receiver('webhook', pager.hookUrl, undefined, 'pager')],
    routes: [{ owner: '*', receivers: ['pager'] }],
    evaluation: { windowMs: 7 * 86_400_000, coveragePeriodMs: 7 * 86_400_000 },
  };
}

/** A chat back end on `port`: accepts the message and answers it on the first poll. */
async function startBackEnd(port: number): Promise<() => Promise<void>> {
  const server: Server = createServer((req, res) => {
    req.resume();
    const body = req.method === 'POST' ? '{}' : JSON.stringify({ messages: [{ text: 'Hi, how can I help?' }] });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

async function setUp(expectReachable = false) {
  const pager = await startFakeWebhook();
  cleanup.push(() => pager.close());
  const port = await closedPort();
  const catalogue = catalogueFor(port, pager, expectReachable);
  const log = recordingLogger();
  const alerting: Alerting = createAlerting({
    catalogue,
    clock: systemClock,
    log,
    notifierFor: createNotifierFactory({ clock: systemClock, log, retry: FAST_RETRY }),
    evidenceUrl: (id) => `http://127.0.0.1:8080/api/claims/${id}`,
    tickMs: 60_000,
  });
  cleanup.push(() => alerting.stop());
  const store = await openSqliteStore({ path: ':memory:' });
  cleanup.push(() => store.close());
  const channel = createChatApiChannel({ log });
  const judged: Judgement[] = [];
  let run = 0;
  const runner = createProbeRunner({
    catalogue,
    channelFor: () => channel,
    store,
    clock: systemClock,
    log,
    newId: () => `run-${(run += 1)}`,
    listeners: [alerting.onObservation, (_o, js) => judged.push(...js)],
  });
  const attempt = async () => {
    const observation = await runner.run('acme-chat-api');
    await alerting.idle();
    const judgement = judged.at(-1);
    return {
      outcome: observation.outcome,
      judged: judgement?.counted ? (judgement.met ? 'met' : 'failed') : judgement?.reason.split(' (')[0],
      pages: pager.accepted.filter((b) => b.status === 'firing').length,
    };
  };
  return { port, attempt, pager };
}

describe('setup versus outage (chat API over loopback)', () => {
  it('a probe at a closed port is "not yet reached" and pages nobody; after it reached the desk, an outage pages', async () => {
    const { port, attempt, pager } = await setUp();
    const results = [await attempt(), await attempt()];
    const stop = await startBackEnd(port);
    results.push(await attempt());
    await stop();
    results.push(await attempt());
    expect(results).toEqual([
      { outcome: 'rejected', judged: 'not yet reached: check the target', pages: 0 },
      { outcome: 'rejected', judged: 'not yet reached: check the target', pages: 0 },
      { outcome: 'answered', judged: 'met', pages: 0 },
      { outcome: 'rejected', judged: 'failed', pages: 1 },
    ]);
    expect(pager.accepted.map((b) => [b.status, b.alert])).toEqual([['firing', 'failing']]);
  });

  it('with expectReachable: true, the first failure to connect pages', async () => {
    const { attempt } = await setUp(true);
    expect(await attempt()).toEqual({ outcome: 'rejected', judged: 'failed', pages: 1 });
  });
});

const sipMissing = sippMissing();

describe.skipIf(sipMissing !== undefined)('setup versus outage (SIP against SIPp over loopback)', () => {
  const sippLines: Sipp[] = [];
  afterEach(async () => {
    await Promise.all(sippLines.splice(0).map((s) => s.stop()));
  });
  const hotline = async (options: Parameters<typeof startSipp>[0]): Promise<Sipp> => {
    const started = await startSipp(options);
    sippLines.push(started);
    return started;
  };

  /** A SIP probe's runner over one store and one pager; `at(target)` runs one attempt against that target. */
  async function sipDesk() {
    const pager = await startFakeWebhook();
    cleanup.push(() => pager.close());
    const log = recordingLogger();
    const base = catalogueFor(0, pager, false);
    const alerting = createAlerting({
      catalogue: base,
      clock: systemClock,
      log,
      notifierFor: createNotifierFactory({ clock: systemClock, log, retry: FAST_RETRY }),
      evidenceUrl: (id) => `http://127.0.0.1:8080/api/claims/${id}`,
      tickMs: 60_000,
    });
    cleanup.push(() => alerting.stop());
    const store = await openSqliteStore({ path: ':memory:' });
    cleanup.push(() => store.close());
    const channel = createSipChannel({ log });
    cleanup.push(() => channel.close());
    const judged: Judgement[] = [];
    let run = 0;
    /** One attempt at `target`: the probe is the same (same id, same store) whatever its target says. */
    const at = async (target: string) => {
      const probe = base.probes[0] as ProbeSpec;
      const sip: ProbeSpec = {
        ...probe,
        kind: 'sip',
        target,
        schedule: { ...probe.schedule, timeoutMs: 1_500 },
        options: { human: { wait: false } },
      };
      const runner = createProbeRunner({
        catalogue: { ...base, probes: [sip] },
        channelFor: () => channel,
        store,
        clock: systemClock,
        log,
        newId: () => `sip-run-${(run += 1)}`,
        listeners: [alerting.onObservation, (_o, js) => judged.push(...js)],
      });
      const observation = await runner.run(sip.id);
      await alerting.idle();
      const judgement = judged.at(-1);
      return {
        outcome: observation.outcome,
        judged: judgement?.counted ? (judgement.met ? 'met' : 'failed') : judgement?.reason.split(' (')[0],
        pages: pager.accepted.filter((b) => b.status === 'firing').length,
      };
    };
    return { at };
  }

  it('a line nothing answers is "not yet reached"; once the hotline answered, its silence pages', async () => {
    const { at } = await sipDesk();
    const results = [await at(`sip:hotline@127.0.0.1:${await freeSipPort()}`)];
    const line = await hotline({ scenario: 'answer.xml', set: { ringms: 100, holdms: 500 } });
    results.push(await at(line.uri));
    await line.stop();
    results.push(await at(line.uri));
    expect(results).toEqual([
      { outcome: 'unanswered', judged: 'not yet reached: check the target', pages: 0 },
      { outcome: 'answered', judged: 'met', pages: 0 },
      { outcome: 'unanswered', judged: 'failed', pages: 1 },
    ]);
  });

  it('486 Busy Here is the service refusing: it pages even before the probe ever got through', async () => {
    const { at } = await sipDesk();
    const line = await hotline({ scenario: 'reject.xml', set: { ringms: 100 } });
    expect(await at(line.uri)).toEqual({ outcome: 'rejected', judged: 'failed', pages: 1 });
  });
});
