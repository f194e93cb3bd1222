import { afterEach, describe, expect, it } from 'vitest';
import { createAlerting, type Alerting, type AlertingDeps } from '../../../src/app/alerting/alerting.ts';
import { createNotifierFactory } from '../../../src/adapters/notifiers/notifier.factory.ts';
import type { Catalogue } from '../../../src/domain/catalogue.ts';
import type { Verdict, VerdictStatus } from '../../../src/domain/evaluation/verdict.ts';
import type { Outcome } from '../../../src/domain/observation.ts';
import { startFakeWebhook, type FakeWebhook } from '../../adapters/notifiers/fakes/webhook.fake.ts';
import { FAST_RETRY, receiver } from '../../adapters/notifiers/fakes/notifications.ts';
import { recordingLogger } from '../../adapters/notifiers/fakes/recording.logger.ts';
import { allDayChat, attemptOf, catalogueWith, MINUTE, settableClock, shareEmail, START } from './alerting-fixtures.ts';

const running: { alerting: Alerting[]; hooks: FakeWebhook[] } = { alerting: [], hooks: [] };
afterEach(async () => {
  await Promise.all(running.alerting.splice(0).map((a) => a.stop()));
  await Promise.all(running.hooks.splice(0).map((h) => h.close()));
});

async function setUp(routesFor: (hooks: [string, string]) => Catalogue, extra: Partial<AlertingDeps> = {}) {
  const pager = await startFakeWebhook('pager-secret');
  const team = await startFakeWebhook();
  running.hooks.push(pager, team);
  const clock = settableClock(START);
  const log = recordingLogger();
  const catalogue = routesFor([pager.hookUrl, team.hookUrl]);
  const alerting = createAlerting({
    catalogue,
    clock,
    log,
    notifierFor: createNotifierFactory({ clock, log, retry: FAST_RETRY }),
    evidenceUrl: (id) => `http://127.0.0.1:8080/api/claims/${id}`,
    tickMs: 60_000,
    ...extra,
  });
  running.alerting.push(alerting);
  const feed = async (subject: typeof allDayChat, outcomes: Outcome[]): Promise<void> => {
    for (const outcome of outcomes) {
      alerting.onObservation(...attemptOf(subject, outcome, clock));
      clock.advance(5 * MINUTE);
    }
    await alerting.idle();
  };
  return { pager, team, clock, log, alerting, feed };
}

/** Support-ops pages and posts to the team hook; every owner also posts to the team hook. */
const standard = ([pagerUrl, teamUrl]: [string, string]) =>
  catalogueWith(
    [receiver('webhook', pagerUrl, 'pager-secret', 'pager'), receiver('webhook', teamUrl, undefined, 'team')],
    [
      { owner: 'support-ops', receivers: ['pager'] },
      { owner: '*', receivers: ['team'] },
    ],
  );

describe('alerting: judgements and verdicts in, notifications out', () => {
  it.each<[string, typeof allDayChat, Outcome[]]>([
    ['an inconclusive observation never pages, however many', allDayChat, Array<Outcome>(12).fill('inconclusive')],
    [
      'flapping below the threshold is suppressed',
      shareEmail,
      ['unanswered', 'unanswered', 'answered', 'rejected', 'unanswered', 'answered', 'unanswered'],
    ],
    [
      'failures mixed with inconclusive ones stay below the threshold',
      shareEmail,
      ['unanswered', 'inconclusive', 'inconclusive', 'unanswered', 'answered'],
    ],
  ])('%s', async (_name, subject, outcomes) => {
    const { pager, team, log, feed } = await setUp(standard);
    await feed(subject, outcomes);
    expect(pager.requests).toHaveLength(0);
    expect(team.requests).toHaveLength(0);
    expect(log.entries.filter((e) => e.message === 'alert firing')).toEqual([]);
  });

  it("an absolute claim pages on its first failure, to its owner's and the catch-all receivers, then resolves", async () => {
    const { pager, team, feed } = await setUp(standard);
    await feed(allDayChat, ['answered', 'unanswered', 'unanswered', 'answered', 'answered']);
    for (const hook of [pager, team]) {
      expect(hook.accepted.map((b) => [b.status, b.claim.id, b.alert, b.startedAt])).toEqual([
        ['firing', 'chat-24-7', 'failing', '2026-03-01T03:05:00.000Z'],
        ['resolved', 'chat-24-7', 'failing', '2026-03-01T03:05:00.000Z'],
      ]);
      expect(hook.accepted[1]?.endedAt).toBe('2026-03-01T03:15:00.000Z');
    }
  });

  it('a share claim pages after three failures in a row, only to the catch-all receiver of its owner', async () => {
    const { pager, team, feed } = await setUp(standard);
    await feed(shareEmail, ['unanswered', 'rejected', 'unanswered']);
    expect(pager.requests).toHaveLength(0);
    expect(team.accepted.map((b) => [b.status, b.claim.owner, b.severity, b.reason])).toEqual([
      ['firing', 'email-team', 'critical', 'outcome unanswered'],
    ]);
  });

  it('re-notifies a firing alert once the interval passed, marked as a repeat', async () => {
    const { team, clock, alerting, feed } = await setUp(standard, {
      settings: { failing: { renotifyMs: 30 * MINUTE } },
    });
    await feed(allDayChat, ['unanswered']);
    clock.advance(20 * MINUTE);
    alerting.tick();
    clock.advance(10 * MINUTE);
    alerting.tick();
    alerting.tick();
    await alerting.idle();
    expect(team.accepted.map((b) => [b.status, b.repeat])).toEqual([
      ['firing', false],
      ['firing', true],
    ]);
  });

  it('verdict refreshes drive the broken alert, and unproven verdicts do not resolve it', async () => {
    const { team, alerting } = await setUp(standard);
    const verdict = (status: VerdictStatus) =>
      ({ claimId: 'email-24h', status, reasons: [`the claim is ${status}`] }) as unknown as Verdict;
    for (const status of ['broken', 'unproven', 'broken', 'unproven', 'kept', 'kept', 'unproven', 'kept'] as const) {
      alerting.onVerdicts([verdict(status)], START);
    }
    await alerting.idle();
    expect(team.accepted.map((b) => [b.status, b.alert, b.alertname, b.severity, b.reason])).toEqual([
      ['firing', 'broken', 'KeptPromiseBroken', 'warning', 'the claim is broken'],
      ['resolved', 'broken', 'KeptPromiseBroken', 'warning', 'the claim is kept'],
    ]);
    expect(alerting.states()).toContainEqual(
      expect.objectContaining({ claimId: 'email-24h', alert: 'broken', phase: 'ok' }),
    );
  });

  it.each<[string, (urls: [string, string]) => Catalogue, string]>([
    [
      'a route naming an unknown receiver',
      ([u]) =>
        catalogueWith([receiver('webhook', u, undefined, 'team')], [{ owner: '*', receivers: ['team', 'pager'] }]),
      'alerting.routes',
    ],
    [
      'a PagerDuty receiver without a routing key',
      ([u]) => catalogueWith([receiver('pagerduty', u)], [{ owner: '*', receivers: ['pagerduty-oncall'] }]),
      'notifier.pagerduty.routing-key',
    ],
  ])('refuses to start with %s', async (_name, build, code) => {
    await expect(setUp(build)).rejects.toMatchObject({ kind: 'validation', code });
  });

  it('warns at start-up about owners whose alerts no route sends anywhere', async () => {
    const { log } = await setUp(([u]) =>
      catalogueWith([receiver('webhook', u, undefined, 'team')], [{ owner: 'support-ops', receivers: ['team'] }]),
    );
    expect(log.entries).toContainEqual(expect.objectContaining({ level: 'warn', fields: { owner: 'email-team' } }));
  });
});
