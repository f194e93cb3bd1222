import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlerting, type Alerting } from '../../../src/app/alerting/alerting.ts';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import { alertmanagerEndpoint } from '../../../src/adapters/notifiers/alertmanager.notifier.ts';
import { createNotifierFactory } from '../../../src/adapters/notifiers/notifier.factory.ts';
import type { Catalogue } from '../../../src/domain/catalogue.ts';
import { judge } from '../../../src/domain/judgement.ts';
import type { Outcome } from '../../../src/domain/observation.ts';
import {
  alertmanagerInstalled,
  startAlertmanager,
  type GettableAlert,
  type RunningAlertmanager,
} from '../../support/alertmanager.ts';
import { always, claim, observation } from '../../domain/builders.ts';
import { startFakeServer, type FakeServer } from './fakes/fake-http.ts';
import { FAST_RETRY } from './fakes/notifications.ts';
import { recordingLogger } from './fakes/recording.logger.ts';

/** Outside CI this skips when Debian's prometheus-alertmanager is missing; in CI (CI set) it runs and fails instead. */
const run = alertmanagerInstalled() || process.env.CI !== undefined;
if (!run) console.warn('skipping the Alertmanager tests: prometheus-alertmanager is not installed (CI would fail)');

const subject = claim({ id: 'chat-24-7', hours: always('Europe/London') });
const RENOTIFY_MS = 500;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 8_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface AmWebhook {
  status: 'firing' | 'resolved';
  alerts: { status: string; labels: Record<string, string> }[];
}

describe.skipIf(!run)('Alertmanager API v2 notifier against a real Alertmanager', () => {
  let am: RunningAlertmanager;
  let sink: FakeServer;
  let alerting: Alerting;
  const log = recordingLogger();

  beforeAll(async () => {
    sink = await startFakeServer((_request, res) => void res.status(200).end());
    am = await startAlertmanager({ webhookUrl: `${sink.url}/alertmanager`, groupWait: '50ms', groupInterval: '500ms' });
    const catalogue: Catalogue = {
      service: { name: 'Acme Support', timeZone: 'Europe/London' },
      claims: [subject],
      probes: [],
      receivers: [{ name: 'alertmanager', kind: 'alertmanager', url: am.url }],
      routes: [{ owner: '*', receivers: ['alertmanager'] }],
      evaluation: { windowMs: 7 * 86_400_000, coveragePeriodMs: 7 * 86_400_000 },
    };
    alerting = createAlerting({
      catalogue,
      clock: systemClock,
      log,
      notifierFor: createNotifierFactory({ clock: systemClock, log, retry: FAST_RETRY }),
      evidenceUrl: (id) => `http://127.0.0.1:9/api/claims/${id}`,
      settings: { failing: { renotifyMs: RENOTIFY_MS } },
      tickMs: 100,
    });
  });

  afterAll(async () => {
    await alerting?.stop();
    await am?.stop();
    await sink?.close();
  });

  const attempt = (outcome: Outcome): void => {
    const seen = observation(Date.now(), { outcome });
    alerting.onObservation(seen, [judge(subject, seen)]);
  };
  const ours = async (): Promise<GettableAlert | undefined> =>
    (await am.alerts()).find((a) => a.labels.alertname === 'KeptPromiseFailing' && a.labels.claim === 'chat-24-7');
  const amSaid = (status: 'firing' | 'resolved'): AmWebhook | undefined =>
    sink.requests
      .map((r) => r.json as AmWebhook)
      .find((b) => b.status === status && b.alerts.some((a) => a.labels.claim === 'chat-24-7'));

  it('the alert arrives, repeats while active, and resolves', async () => {
    attempt('inconclusive');
    await alerting.idle();
    expect(await am.alerts()).toEqual([]);

    const firedAt = Date.now();
    attempt('unanswered');
    const first = await until('the alert in Alertmanager', ours);
    expect(first.status.state).toBe('active');
    expect(first.labels).toEqual({
      alertname: 'KeptPromiseFailing',
      claim: 'chat-24-7',
      owner: 'support-ops',
      service: 'Acme Support',
      severity: 'critical',
      kept_alert: 'failing',
    });
    expect(first.annotations).toMatchObject({ copy: subject.copy, dedup_key: 'kept:acme-support:chat-24-7:failing' });
    expect(Date.parse(first.startsAt)).toBeGreaterThanOrEqual(firedAt - 5);
    expect(first.generatorURL).toBe('http://127.0.0.1:9/api/claims/chat-24-7');
    await until("Alertmanager's own firing notification", async () => amSaid('firing'));

    // Each send is valid for two re-notify intervals only: after five intervals, the alert stands only thanks to repeats.
    await new Promise((resolve) => setTimeout(resolve, 5 * RENOTIFY_MS));
    const later = await ours();
    expect(later?.status.state).toBe('active');
    expect(later?.startsAt).toBe(first.startsAt);
    expect(Date.parse(later?.endsAt ?? '')).toBeGreaterThan(Date.parse(first.endsAt) + 2 * RENOTIFY_MS);
    expect(
      log.entries.filter((e) => e.message === 'alert still firing; notifying again').length,
    ).toBeGreaterThanOrEqual(3);

    attempt('answered');
    attempt('answered');
    await until('the alert to leave Alertmanager', async () => ((await ours()) === undefined ? true : undefined));
    const resolvedMessage = await until("Alertmanager's resolved notification", async () => amSaid('resolved'));
    expect(resolvedMessage.alerts[0]?.status).toBe('resolved');
    expect(alerting.deliveries()).toEqual([
      { receiver: 'alertmanager', queued: 0, attempts: 0, lastError: null, failed: [] },
    ]);
  });

  it.each<[string, string, string]>([
    ['a base URL gets the API path', 'http://127.0.0.1:9093', 'http://127.0.0.1:9093/api/v2/alerts'],
    ['a path prefix is kept', 'https://am.example/prefix/', 'https://am.example/prefix/api/v2/alerts'],
    ['a full endpoint is used as it is', 'http://am:9093/api/v2/alerts', 'http://am:9093/api/v2/alerts'],
  ])('%s', (_name, url, endpoint) => {
    expect(alertmanagerEndpoint(url)).toBe(endpoint);
  });
});
