import { describe, expect, it } from 'vitest';
import {
  ABSOLUTE_TARGET,
  catalogueToOpenSlo,
  claimSlo,
  receiversFor,
} from '../../../src/adapters/openslo/openslo.mapping.ts';
import {
  clockText,
  daysText,
  durationShorthand,
  holidaysText,
  hoursText,
  objectName,
  suffixedName,
} from '../../../src/adapters/openslo/openslo-text.ts';
import type { AlertPolicyDocument, SliDocument, SloDocument } from '../../../src/adapters/openslo/openslo.types.ts';
import type { Catalogue } from '../../../src/domain/catalogue.ts';
import type { Claim, Hours } from '../../../src/domain/claim.ts';
import { alwaysHumanClaim, businessHoursClaim, demoLikeCatalogue } from '../../support/domain-fixtures.ts';

const DAY = 86_400_000;
const routed: Catalogue = {
  ...demoLikeCatalogue,
  receivers: [
    { name: 'support-oncall', kind: 'pagerduty', url: 'https://events.pagerduty.com/v2/enqueue' },
    { name: 'Ops Slack', kind: 'slack', url: 'https://hooks.slack.invalid/x' },
    { name: 'unused', kind: 'webhook', url: 'https://hooks.invalid/y' },
  ],
  routes: [
    { owner: 'support-ops', receivers: ['support-oncall'] },
    { owner: '*', receivers: ['Ops Slack', 'support-oncall'] },
  ],
};

const sloOf = (catalogue: Catalogue, claim: Claim): SloDocument =>
  claimSlo(catalogue, claim, { job: 'kept' }).find((d) => d.kind === 'SLO') as SloDocument;
const sliOf = (claim: Claim): SliDocument =>
  claimSlo(demoLikeCatalogue, claim, { job: 'kept' }).find((d) => d.kind === 'SLI') as SliDocument;
const policiesOf = (catalogue: Catalogue, claim: Claim): AlertPolicyDocument[] =>
  claimSlo(catalogue, claim, { job: 'kept' }).filter((d): d is AlertPolicyDocument => d.kind === 'AlertPolicy');

describe('OpenSLO text', () => {
  it.each([
    [7 * DAY, '7d', true],
    [30 * DAY, '30d', true],
    [36 * 3_600_000, '36h', true],
    [90 * 60_000, '90m', true],
    [90_000, '2m', false],
    [1, '1m', false],
  ])('%i ms is the duration shorthand %s (exact: %s)', (ms, text, exact) => {
    expect(durationShorthand(ms)).toEqual({ text, exact });
  });

  it.each([
    ['chat-live-24-7', 'chat-live-24-7'],
    ['Demo Desk Ltd', 'demo-desk-ltd'],
    ['email-reply-4h~auto-reply', 'email-reply-4h-auto-reply'],
    ['--Ops  Slack!', 'ops-slack'],
    ['!!!', 'unnamed'],
    ['x'.repeat(80), 'x'.repeat(63)],
  ])('%s is the object name %s', (text, name) => {
    expect(objectName(text)).toBe(name);
  });

  it('a suffixed name keeps its suffix within 63 characters', () => {
    const name = suffixedName('a'.repeat(70), 'attempts');
    expect(name).toHaveLength(63);
    expect(name.endsWith('-attempts')).toBe(true);
  });

  it.each([
    [[0, 1, 2, 3, 4], 'Mon-Fri'],
    [[5], 'Sat'],
    [[0, 2, 3, 6], 'Mon,Wed-Thu,Sun'],
    [[0, 1, 2, 3, 4, 5, 6], 'daily'],
  ])('days %j read %s', (days, text) => {
    expect(daysText(days)).toBe(text);
  });

  it.each([
    [540, false, '09:00'],
    [1_440, true, '24:00'],
    [1_560, true, '02:00'],
    [0, false, '00:00'],
  ])('minute %i (end: %s) reads %s', (minute, end, text) => {
    expect(clockText(minute, end)).toBe(text);
  });

  const weekly: Hours = {
    kind: 'weekly',
    timeZone: 'America/New_York',
    windows: [
      { days: [0, 1, 2, 3, 4], fromMinute: 480, toMinute: 1_200 },
      { days: [5], fromMinute: 540, toMinute: 1_020 },
    ],
    holidays: [
      { date: '2026-12-24', name: 'Christmas Eve', windows: [{ fromMinute: 540, toMinute: 780 }] },
      { date: '2026-12-25', name: 'Christmas Day', windows: [] },
    ],
  };
  it.each<[string, Hours, string, string | undefined]>([
    ['24/7', { kind: 'always', timeZone: 'Europe/London' }, '24/7 (holidays included)', undefined],
    [
      'weekly hours with holidays',
      weekly,
      'Mon-Fri 08:00-20:00; Sat 09:00-17:00 America/New_York',
      '2026-12-24 09:00-13:00 (Christmas Eve); 2026-12-25 closed (Christmas Day)',
    ],
    [
      'a night desk past midnight',
      {
        kind: 'weekly',
        timeZone: 'UTC',
        windows: [{ days: [0, 1, 2, 3, 4, 5, 6], fromMinute: 1_320, toMinute: 1_560 }],
        holidays: [],
      },
      'daily 22:00-02:00 UTC',
      undefined,
    ],
  ])('%s: hours and holidays in words', (_name, hours, text, holidays) => {
    expect(hoursText(hours)).toBe(text);
    expect(holidaysText(hours)).toBe(holidays);
  });
});

describe('a claim as OpenSLO', () => {
  it.each<[string, Claim, number, string]>([
    ['a 95% claim', businessHoursClaim, 0.95, '95%'],
    ['a 99.9% claim', { ...businessHoursClaim, target: { kind: 'share', share: 0.999 } }, 0.999, '99.9%'],
    ['an absolute claim', alwaysHumanClaim, ABSOLUTE_TARGET, 'absolute'],
    [
      'a 100% claim, which allows no failure either',
      { ...businessHoursClaim, target: { kind: 'share', share: 1 } },
      ABSOLUTE_TARGET,
      'absolute',
    ],
  ])('%s has objective target %s, annotated %s', (_name, claim, target, annotation) => {
    const slo = sloOf(demoLikeCatalogue, claim);
    expect(slo.spec.objectives).toEqual([{ displayName: expect.any(String), target }]);
    expect(slo.metadata.annotations?.['kept.dev/target']).toMatch(new RegExp(`^${annotation}`));
  });

  it('the SLO is over the evaluation window as a rolling window, counted by occurrences', () => {
    const slo = sloOf(
      { ...demoLikeCatalogue, evaluation: { windowMs: 28 * DAY, coveragePeriodMs: 7 * DAY } },
      businessHoursClaim,
    );
    expect(slo.spec.timeWindow).toEqual([{ duration: '28d', isRolling: true }]);
    expect(slo.spec.budgetingMethod).toBe('Occurrences');
    expect(slo.spec.service).toBe('demo-desk-ltd');
    expect(slo.spec.indicatorRef).toBe('chat-business-hours-attempts');
  });

  it('says in annotations what OpenSLO cannot: hours, time zone, promise, coverage, minimum samples', () => {
    const annotations = sloOf(demoLikeCatalogue, businessHoursClaim).metadata.annotations ?? {};
    expect(annotations).toMatchObject({
      'kept.dev/claim': 'chat-business-hours',
      'kept.dev/hours': 'Mon-Fri 09:00-17:00 Europe/London',
      'kept.dev/promise': 'a human within 1m on chat',
      'kept.dev/min-samples': expect.stringMatching(/^5: /),
      'kept.dev/coverage': expect.stringContaining('within 7d'),
    });
  });

  it('a window that is not whole minutes is rounded up and annotated', () => {
    const slo = sloOf(
      { ...demoLikeCatalogue, evaluation: { windowMs: 90_000, coveragePeriodMs: DAY } },
      businessHoursClaim,
    );
    expect(slo.spec.timeWindow[0].duration).toBe('2m');
    expect(slo.metadata.annotations?.['kept.dev/window']).toBe('1m30s, rounded up to 2m');
  });

  it.each([
    ['met', 'result="met"'],
    ['counted', 'result=~"met|failed"'],
  ])('the SLI counts %s attempts of the claim from kept_claim_attempts_total', (_name, matcher) => {
    const ratio = sliOf(businessHoursClaim).spec.ratioMetric;
    const query = (matcher.includes('~') ? ratio.total : ratio.good).metricSource.spec.query;
    expect(query).toBe(`sum(kept_claim_attempts_total{job="kept",claim="chat-business-hours",${matcher}})`);
    expect(ratio.counter).toBe(true);
  });
});

describe('alert policies follow the owner route', () => {
  it("a claim's receivers are its owner's routes and the catch-all, each once", () => {
    expect(receiversFor(routed, businessHoursClaim)).toEqual(['support-oncall', 'Ops Slack']);
    expect(receiversFor(routed, { ...businessHoursClaim, owner: 'night-desk' })).toEqual([
      'Ops Slack',
      'support-oncall',
    ]);
  });

  it.each<[string, Claim, string[], number[]]>([
    [
      'a share claim gets the four burn-rate windows of kept rules',
      businessHoursClaim,
      [
        'chat-business-hours-burn-1h',
        'chat-business-hours-burn-6h',
        'chat-business-hours-burn-1d',
        'chat-business-hours-burn-3d',
      ],
      [14.4, 6, 3, 1],
    ],
    ['an absolute claim gets the broken alert', alwaysHumanClaim, ['chat-live-24-7-broken'], [1]],
  ])('%s', (_name, claim, names, thresholds) => {
    const policies = policiesOf(routed, claim);
    expect(policies.map((p) => p.metadata.name)).toEqual(names);
    expect(policies.map((p) => p.spec.conditions[0].spec.condition.threshold)).toEqual(thresholds);
    expect(
      policies.every((p) => p.spec.notificationTargets.map((t) => t.targetRef).join() === 'support-oncall,ops-slack'),
    ).toBe(true);
    expect(sloOf(routed, claim).spec.alertPolicies).toEqual(names.map((alertPolicyRef) => ({ alertPolicyRef })));
  });

  it('without a route there is no alert policy, and an annotation says so', () => {
    expect(policiesOf(demoLikeCatalogue, businessHoursClaim)).toEqual([]);
    const slo = sloOf(demoLikeCatalogue, businessHoursClaim);
    expect(slo.spec.alertPolicies).toBeUndefined();
    expect(slo.metadata.annotations?.['kept.dev/alerting']).toMatch(/^no route for owner support-ops/);
  });

  it('writes a notification target for each receiver a route uses, never its URL or secret', () => {
    const targets = catalogueToOpenSlo(routed, { job: 'kept' }).filter((d) => d.kind === 'AlertNotificationTarget');
    expect(targets.map((t) => [t.metadata.name, t.spec])).toEqual([
      ['support-oncall', { target: 'pagerduty', description: "Kept's pagerduty receiver support-oncall" }],
      ['ops-slack', { target: 'slack', description: "Kept's slack receiver Ops Slack" }],
    ]);
    const text = JSON.stringify(catalogueToOpenSlo(routed, { job: 'kept' }));
    for (const receiver of routed.receivers) expect(text).not.toContain(receiver.url);
  });
});

it('refuses claims whose OpenSLO names would clash, with a sentence', () => {
  const clash: Catalogue = {
    ...demoLikeCatalogue,
    claims: [businessHoursClaim, { ...businessHoursClaim, id: `${businessHoursClaim.id}-` }],
  };
  expect(() => catalogueToOpenSlo(clash, { job: 'kept' })).toThrow(
    /two OpenSLO SLI objects would both be named "chat-business-hours-attempts"/,
  );
});
