import type { Catalogue, ProbeSpec } from '../../../../src/domain/catalogue.ts';
import type { Claim } from '../../../../src/domain/claim.ts';

const DAY_MS = 86_400_000;

/** A claim for rule tests: 24/7 chat, a human within 2 minutes, absolutely; override what the test is about. */
export function claim(overrides: Partial<Claim> & Pick<Claim, 'id'>): Claim {
  return {
    copy: `Copy of ${overrides.id}`,
    publishedAt: ['https://shop.kept.invalid/help'],
    owner: 'support-ops',
    channels: ['chat'],
    hours: { kind: 'always', timeZone: 'Europe/London' },
    promise: { kind: 'human', withinMs: 120_000 },
    target: { kind: 'absolute' },
    minSamples: 30,
    ...overrides,
  };
}

export const share = (value: number): Claim['target'] => ({ kind: 'share', share: value });

/** Mon-Fri 09:00-17:00 in a zone, closed on the holidays given. */
export function businessHours(timeZone = 'Europe/London'): Claim['hours'] {
  return {
    kind: 'weekly',
    timeZone,
    windows: [{ days: [0, 1, 2, 3, 4], fromMinute: 540, toMinute: 1020 }],
    holidays: [],
  };
}

/** A chat-api probe verifying the given claims; override the schedule to test silence and coverage windows. */
export function probe(
  id: string,
  verifies: readonly string[],
  schedule: Partial<ProbeSpec['schedule']> = {},
): ProbeSpec {
  return {
    id,
    kind: 'chat-api',
    target: 'ws://127.0.0.1:1/chat',
    schedule: { cron: '*/4 * * * *', timeZone: 'Europe/London', jitterMs: 20_000, timeoutMs: 180_000, ...schedule },
    verifies,
    options: {},
  };
}

export function catalogue(claims: readonly Claim[], probes: readonly ProbeSpec[], name = 'Example Shop'): Catalogue {
  return {
    service: { name, timeZone: 'Europe/London' },
    claims,
    probes,
    receivers: [],
    routes: [],
    evaluation: { windowMs: 7 * DAY_MS, coveragePeriodMs: 7 * DAY_MS },
  };
}
