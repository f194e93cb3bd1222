import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock, Logger, ProbeContext } from '../../../../src/app/ports.ts';
import type { ProbeSpec } from '../../../../src/domain/catalogue.ts';
import { EmailStore } from '../../../../src/adapters/channels/email/email.store.ts';
import { SUPPORT, type MailServers } from '../../../support/mail-servers.ts';

/**
 * The true times of a run's auto-reply and human reply, read from OpenSMTPD's log (each line stamped as it arrived),
 * in ms after OpenSMTPD accepted the probe's mail from `persona`: when the support side's MTA accepted each reply
 * (the earliest a probe could see it) and when it delivered it to the persona's mailbox or MX (the arrival; the log
 * line follows the delivery by a few to ~100 ms, so probes may read slightly before it).
 */
export async function truths(servers: MailServers, persona: string | RegExp, from: number) {
  const sent = await servers.smtpd.accepted(persona, from);
  const autoAccepted = await servers.smtpd.accepted(SUPPORT, from);
  const humanAccepted = await servers.smtpd.accepted(SUPPORT, servers.smtpd.lines.indexOf(autoAccepted) + 1);
  const autoDelivered = await servers.smtpd.delivered(persona, from);
  const humanDelivered = await servers.smtpd.delivered(persona, servers.smtpd.lines.indexOf(autoDelivered) + 1);
  return {
    autoAccepted: autoAccepted.mono - sent.mono,
    humanAccepted: humanAccepted.mono - sent.mono,
    autoDelivered: autoDelivered.mono - sent.mono,
    humanDelivered: humanDelivered.mono - sent.mono,
  };
}

import { probeContext } from '../../../support/probe-kit.ts';

export { memoryLog } from '../../../support/probe-kit.ts';

export function emailProbe(
  options: Record<string, unknown>,
  fields: { id?: string; target?: string; timeoutMs?: number } = {},
): ProbeSpec {
  return {
    id: fields.id ?? 'support-mailbox',
    kind: 'email',
    target: fields.target ?? 'support@support.test',
    schedule: { cron: '0 * * * *', timeZone: 'Europe/London', jitterMs: 0, timeoutMs: fields.timeoutMs ?? 20_000 },
    verifies: ['email-24h'],
    options,
  };
}

export function context(runId: string, clock: Clock, log: Logger, signal?: AbortSignal): ProbeContext {
  return probeContext({ runId, clock, log, ...(signal === undefined ? {} : { signal }) });
}

/** A temp dir with an email store and an evidence dir; `cleanup()` closes and removes them. */
export function tempEmailState(): {
  dir: string;
  storePath: string;
  evidenceDir: string;
  store: EmailStore;
  cleanup(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'kept-email-'));
  const storePath = join(dir, 'email-pending.db');
  const store = EmailStore.open(storePath);
  return {
    dir,
    storePath,
    evidenceDir: join(dir, 'evidence'),
    store,
    cleanup() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
