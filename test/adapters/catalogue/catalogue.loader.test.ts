import { join } from 'node:path';
import { optionSchemas as registeredSchemas } from '../../../src/cli/channel-registry.ts';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { loadCatalogueFiles } from '../../../src/adapters/catalogue/catalogue.loader.ts';
import type { Catalogue } from '../../../src/domain/catalogue.ts';
import type { ProbeKind } from '../../../src/domain/channel.ts';
import { Secret } from '../../../src/domain/secret.ts';
import { ANY_OPTIONS, CHAT_OPTIONS, formatted, options } from './catalogue.support.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/catalogues');
const ENV = { DEMO_ROUTING_KEY: 'rk-123', DEMO_CHAT_URL: 'http://127.0.0.1:8080' };
const DEMO_OPTIONS = new Map<ProbeKind, z.ZodType>([...ANY_OPTIONS, ['chat-api', CHAT_OPTIONS]]);

const LONDON_HOLIDAYS = [
  { date: '2026-12-25', name: 'Christmas Day', windows: [] },
  { date: '2026-12-24', name: 'Christmas Eve', windows: [{ fromMinute: 540, toMinute: 780 }] },
];

const EXPECTED: Catalogue = {
  service: { name: 'Demo Telecom', timeZone: 'Europe/London' },
  evaluation: { windowMs: 7 * 86_400_000, coveragePeriodMs: 14 * 86_400_000 },
  claims: [
    {
      id: 'chat-human-24-7',
      copy: '24/7 live chat with a real person',
      publishedAt: ['https://demo.example/support'],
      owner: 'support-ops',
      channels: ['chat'],
      hours: { kind: 'always', timeZone: 'Europe/London' },
      promise: { kind: 'human', withinMs: 120_000 },
      target: { kind: 'share', share: 0.95 },
      minSamples: 20,
    },
    {
      id: 'phone-business-hours',
      copy: 'Call us Mon-Fri 9-5 and Saturday mornings',
      publishedAt: ['https://demo.example/contact', 'Printed bill'],
      owner: 'support-ops',
      channels: ['phone', 'email'],
      hours: {
        kind: 'weekly',
        timeZone: 'America/New_York',
        windows: [
          { days: [0, 1, 2, 3, 4], fromMinute: 540, toMinute: 1020 },
          { days: [5], fromMinute: 540, toMinute: 750 },
          { days: [4, 5, 6], fromMinute: 1320, toMinute: 1560 },
        ],
        holidays: LONDON_HOLIDAYS,
      },
      promise: { kind: 'answered' },
      target: { kind: 'absolute' },
      minSamples: 5,
    },
    {
      id: 'email-reply',
      copy: 'We reply to every email within 24 hours',
      publishedAt: ['https://demo.example/contact'],
      owner: 'mail-team',
      channels: ['email'],
      hours: {
        kind: 'weekly',
        timeZone: 'Europe/London',
        windows: [{ days: [0, 1, 2, 3, 4], fromMinute: 0, toMinute: 1440 }],
        holidays: [],
      },
      promise: { kind: 'reply', withinMs: 86_400_000 },
      target: { kind: 'share', share: 0.99 },
      minSamples: 20,
    },
  ],
  probes: [
    {
      id: 'chat-api',
      kind: 'chat-api',
      target: 'http://127.0.0.1:8080/conversations',
      // No timeout given: the 2m promise of the claim it verifies plus the one-minute least margin.
      schedule: {
        cron: '*/10 * * * *',
        timeZone: 'Europe/London',
        jitterMs: 30_000,
        timeoutMs: 180_000,
        maxInFlight: 2,
      },
      verifies: ['chat-human-24-7'],
      options: { greeting: 'Hello' },
    },
    {
      id: 'hotline',
      kind: 'sip',
      target: 'sip:support@127.0.0.1:5060',
      schedule: { cron: '0 * * * *', timeZone: 'America/New_York', jitterMs: 0, timeoutMs: 90_000 },
      verifies: ['phone-business-hours'],
      options: {},
    },
    {
      id: 'mailbox',
      kind: 'email',
      target: 'support@demo.example',
      // No timeout given: the 24h reply promise plus 10%.
      schedule: { cron: '0 9 * * 1-5', timeZone: 'Europe/London', jitterMs: 0, timeoutMs: 95_040_000 },
      verifies: ['email-reply', 'phone-business-hours'],
      options: {},
    },
  ],
  receivers: [
    {
      name: 'oncall',
      kind: 'pagerduty',
      url: 'https://events.pagerduty.com/v2/enqueue',
      secret: expect.any(Secret) as Secret,
    },
    { name: 'team-hook', kind: 'webhook', url: 'http://127.0.0.1:9/hook' },
  ],
  routes: [
    { owner: 'support-ops', receivers: ['oncall', 'team-hook'] },
    { owner: '*', receivers: ['team-hook'] },
  ],
};

describe('loadCatalogueFiles', () => {
  it('maps a valid catalogue split over a folder of files to the exact domain objects', async () => {
    const result = await loadCatalogueFiles([join(FIXTURES, 'demo')], options(ENV, DEMO_OPTIONS));
    expect(formatted(result)).toEqual(['(loaded without problems)']);
    if (!result.ok) return;
    expect(result.catalogue).toEqual(EXPECTED);
    expect(result.catalogue.receivers[0]?.secret?.reveal()).toBe('rk-123');
    expect(JSON.stringify(result.catalogue)).not.toContain('rk-123');
  });

  it("loads the documented example catalogue probes/examples/acme.yaml, every probe's options checked by its channel's real schema", async () => {
    const env = {
      ACME_CHAT_WS: 'wss://chat.acme.example/socket',
      ACME_SUPPORT_URL: 'https://acme.example/support',
      ACME_HOTLINE: 'sip:+18005550100@sip.acme.example',
      PD_ROUTING_KEY: 'routing-key',
      SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX',
      ACME_SIP_USER: 'acme-probe',
      ACME_SIP_PASSWORD: 'sip-secret',
      PROBE_SMTP_PASSWORD: 'smtp-secret',
      PROBE_IMAP_PASSWORD: 'imap-secret',
    };
    const result = await loadCatalogueFiles(
      [join(import.meta.dirname, '../../../probes/examples/acme.yaml')],
      options(env, registeredSchemas()),
    );
    expect(formatted(result)).toEqual(['(loaded without problems)']);
    if (!result.ok) return;
    expect(result.catalogue.claims.map((claim) => claim.id)).toEqual([
      'chat-human-24-7',
      'chat-first-response-1m',
      'phone-human-business-hours',
      'phone-night-desk',
      'email-reply-24h',
    ]);
    const phone = result.catalogue.claims[2];
    expect(phone?.hours).toMatchObject({ kind: 'weekly', timeZone: 'America/New_York' });
    expect(result.catalogue.probes.map((probe) => probe.kind)).toEqual(['chat-api', 'browser-chat', 'sip', 'email']);
    expect(result.catalogue.probes[0]?.options).toMatchObject({
      transport: 'websocket',
      persona: 'Sam Taylor',
      waitForHuman: true,
    });
    expect(JSON.stringify(result.catalogue)).not.toMatch(/sip-secret|smtp-secret|imap-secret/);
    expect(
      phone?.hours.kind === 'weekly' ? phone.hours.holidays.find((h) => h.date === '2026-12-24') : undefined,
    ).toEqual({
      date: '2026-12-24',
      name: 'Christmas Eve',
      windows: [{ fromMinute: 540, toMinute: 780 }],
    });
  });

  it.each([
    [
      'a file that does not exist',
      ['missing.yaml'],
      ['{F}/missing.yaml:1:1: cannot read this catalogue: there is no such file or folder'],
    ],
    [
      'a folder with no YAML files',
      ['empty-folder'],
      ['{F}/empty-folder:1:1: cannot read this catalogue: the folder holds no .yaml or .yml file'],
    ],
    [
      'a folder holding a folder named like a YAML file (and no cross-file checks while a file is unreadable)',
      ['unreadable'],
      ['{F}/unreadable/nested.yaml:1:1: cannot read this catalogue: it is a folder'],
    ],
  ])('reports %s at 1:1', async (_name, paths, expected) => {
    const result = await loadCatalogueFiles(
      paths.map((path) => join(FIXTURES, path)),
      options(),
    );
    expect(formatted(result)).toEqual(expected.map((line) => line.replace('{F}', FIXTURES)));
  });
});
