import type { Catalogue, ProbeSpec } from '../../src/domain/catalogue.ts';
import type { Claim } from '../../src/domain/claim.ts';
import type { Observation } from '../../src/domain/observation.ts';

/** A 24/7 claim promising a human within 2 minutes, absolutely. */
export const alwaysHumanClaim: Claim = {
  id: 'chat-live-24-7',
  copy: '24/7 live chat with a real person',
  publishedAt: ['https://demo.kept.invalid/support'],
  owner: 'support-ops',
  channels: ['chat'],
  hours: { kind: 'always', timeZone: 'Europe/London' },
  promise: { kind: 'human', withinMs: 120_000 },
  target: { kind: 'absolute' },
  minSamples: 5,
};

/** Mon-Fri 09:00-17:00 London, a human within a minute for 95% of attempts. */
export const businessHoursClaim: Claim = {
  id: 'chat-business-hours',
  copy: 'Live chat: a person answers within a minute, Monday to Friday 9am-5pm',
  publishedAt: ['https://demo.kept.invalid/contact'],
  owner: 'support-ops',
  channels: ['chat'],
  hours: {
    kind: 'weekly',
    timeZone: 'Europe/London',
    windows: [{ days: [0, 1, 2, 3, 4], fromMinute: 540, toMinute: 1020 }],
    holidays: [],
  },
  promise: { kind: 'human', withinMs: 60_000 },
  target: { kind: 'share', share: 0.95 },
  minSamples: 5,
};

export const chatProbe: ProbeSpec = {
  id: 'desk-chat-api',
  kind: 'chat-api',
  target: 'ws://127.0.0.1:1/chat',
  schedule: { cron: '*/4 * * * *', timeZone: 'Europe/London', jitterMs: 0, timeoutMs: 180_000 },
  verifies: [alwaysHumanClaim.id, businessHoursClaim.id],
  options: {},
};

export const demoLikeCatalogue: Catalogue = {
  service: { name: 'Demo Desk Ltd', timeZone: 'Europe/London' },
  claims: [alwaysHumanClaim, businessHoursClaim],
  probes: [chatProbe],
  receivers: [],
  routes: [],
  evaluation: { windowMs: 7 * 86_400_000, coveragePeriodMs: 7 * 86_400_000 },
};

let sequence = 0;

/** An observation of the chat probe; override what the test is about. */
export function chatObservation(overrides: Partial<Observation> & Pick<Observation, 'startedAt'>): Observation {
  sequence += 1;
  return {
    id: `obs-${sequence}`,
    probeId: chatProbe.id,
    kind: 'chat-api',
    outcome: 'answered',
    timings: { firstResponseMs: 800, humanMs: 20_000, totalMs: 20_100 },
    humanReached: true,
    evidence: { transcript: [{ atMs: 0, from: 'customer', text: 'hello' }] },
    ...overrides,
  };
}
