import type { Catalogue, ProbeSpec } from '../../src/domain/catalogue.ts';
import type { Claim } from '../../src/domain/claim.ts';
import type { Observation } from '../../src/domain/observation.ts';

/** Test fixtures for the email channel's use cases: a mailbox claim, its probe and observations shaped as the channel builds them. */

const HOUR = 3_600_000;

/** "Email support: a reply within 4 hours, Monday to Friday 9am-5pm" (London). */
export const mailboxClaim: Claim = {
  id: 'email-reply-4h',
  copy: 'Email support: a reply within 4 hours, Monday to Friday 9am-5pm',
  publishedAt: ['https://demo.kept.invalid/contact'],
  owner: 'support-ops',
  channels: ['email'],
  hours: {
    kind: 'weekly',
    timeZone: 'Europe/London',
    windows: [{ days: [0, 1, 2, 3, 4], fromMinute: 540, toMinute: 1020 }],
    holidays: [],
  },
  promise: { kind: 'reply', withinMs: 4 * HOUR },
  target: { kind: 'share', share: 0.95 },
  minSamples: 30,
};

export const emailProbe: ProbeSpec = {
  id: 'desk-email',
  kind: 'email',
  target: 'support@desk.kept.invalid',
  schedule: { cron: '17 */2 * * *', timeZone: 'Europe/London', jitterMs: 0, timeoutMs: 72 * HOUR },
  verifies: [mailboxClaim.id],
  options: {},
};

export const emailCatalogue: Catalogue = {
  service: { name: 'Demo Desk Ltd', timeZone: 'Europe/London' },
  claims: [mailboxClaim],
  probes: [emailProbe],
  receivers: [],
  routes: [],
  evaluation: { windowMs: 7 * 86_400_000, coveragePeriodMs: 7 * 86_400_000 },
};

export const PROMISE_24H = 'A member of our team will reply within 24 hours.';

/**
 * An email observation: the mail left 5 ms after the start, the auto-reply (promising `promise`) came after 2 s and a
 * person after `humanMs` (none when undefined: the run waited out its 72 hours).
 */
export function emailObservation(fields: {
  id: string;
  startedAt: number;
  humanMs?: number;
  promise?: string;
  suspended?: boolean;
}): Observation {
  const { id, startedAt, humanMs } = fields;
  const promise = fields.promise ?? PROMISE_24H;
  const totalMs = humanMs ?? 72 * HOUR;
  return {
    id,
    probeId: emailProbe.id,
    kind: 'email',
    startedAt,
    outcome: fields.suspended ? 'inconclusive' : humanMs === undefined ? 'unanswered' : 'answered',
    ...(fields.suspended
      ? { reason: 'Kept stopped while waiting for a reply (stopping); the run resumes at the next start' }
      : {}),
    timings: {
      connectMs: 5,
      firstResponseMs: 2_000,
      autoReplyMs: 2_000,
      ...(humanMs === undefined ? {} : { humanMs }),
      totalMs,
    },
    humanReached: humanMs !== undefined,
    autoReplyPromise: promise,
    evidence: {
      details: {
        sentAt: startedAt + 5,
        send: 'sent',
        ending: fields.suspended ? 'suspended' : humanMs === undefined ? 'deadline' : 'human',
        ...(fields.suspended ? { suspended: true } : {}),
        ...(humanMs === undefined
          ? {}
          : {
              personalTouch: {
                addressed: 'generic',
                greeting: 'Dear Valued Customer',
                topic: { asked: ['refund'], answered: [], missing: ['refund'], share: 0 },
              },
            }),
      },
    },
  };
}
