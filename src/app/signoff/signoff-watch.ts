import { dedupKey, type Notification } from '../../domain/alerting/notification.ts';
import { receiversFor } from '../../domain/alerting/routing.ts';
import { mapExtractedClaim } from '../../domain/signoff/claim-mapping.ts';
import type { SignoffStatus } from '../../domain/signoff/signoff-verdict.ts';
import { createDeliveryQueue, type DeliveryQueue } from '../alerting/delivery-queue.ts';
import type { NotifierFactory } from '../alerting/notifier.port.ts';
import type { Logger } from '../ports.ts';
import { judgePart } from './judge-part.ts';
import { mappingContext } from './sign-off.ts';
import type { SignoffRecord, SignoffRecordStore } from './signoff.types.ts';
import type { SignoffDeps } from './signoff.types.ts';

export interface SignoffWatchDeps {
  readonly signoff: SignoffDeps;
  readonly records: SignoffRecordStore;
  readonly log: Logger;
  readonly notifierFor: NotifierFactory;
  /** Where a person sees the sign-off, e.g. `${publicUrl}/signoffs/${id}`. */
  readonly evidenceUrl: (recordId: string) => string;
  /** Clock milliseconds between re-checks however often verdicts refresh. Default 10 minutes. */
  readonly minIntervalMs?: number;
  readonly random?: () => number;
}

export interface RecheckResult {
  readonly id: string;
  readonly status: SignoffStatus;
  readonly transition: 'broke' | 'recovered' | null;
}

export interface SignoffWatch {
  /** A verdict-board onRefresh: starts a re-check when one is due. */
  readonly onVerdicts: () => void;
  /** Re-judges every signed-off claim now over the catalogue's evaluation window and notifies transitions. */
  check(): Promise<readonly RecheckResult[]>;
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const DAY_MS = 86_400_000;

/**
 * Keeps checking signed-off claims: each re-check judges every approved claim again over the catalogue's evaluation
 * window (recent delivery, not the approval's window), and when one turns `not supported` its owner is notified through
 * the receivers routed for that owner, once per transition: again only after it was supported in between (then a
 * resolve is sent). An unproven re-check is silence and changes nothing. The latest settled status is stored, so a
 * restart does not notify again.
 */
export function createSignoffWatch(deps: SignoffWatchDeps): SignoffWatch {
  const { signoff, records, log } = deps;
  const { catalogue, clock } = signoff;
  const queues = new Map<string, DeliveryQueue>();
  for (const receiver of catalogue.receivers) {
    queues.set(
      receiver.name,
      createDeliveryQueue({
        notifier: deps.notifierFor(receiver),
        clock,
        log,
        backoff: { baseMs: 5_000, maxMs: 300_000 },
        random: deps.random ?? Math.random,
      }),
    );
  }
  let running: Promise<readonly RecheckResult[]> | null = null;
  let lastCheck = -Infinity;

  function notify(record: SignoffRecord, broke: boolean, reason: string, now: number): void {
    const claimId = `signoff-${record.id}`;
    const approved = `approved by ${record.approver} on ${new Date(record.approvedAt).toISOString().slice(0, 10)}`;
    const notification: Notification = {
      status: broke ? 'firing' : 'resolved',
      repeat: false,
      dedupKey: dedupKey(catalogue.service.name, claimId, 'broken'),
      alert: 'broken',
      alertname: 'KeptSignedOffClaimBroken',
      service: catalogue.service.name,
      claim: { id: claimId, copy: record.claimText, owner: record.owner },
      severity: 'warning',
      summary: broke
        ? `signed-off claim "${record.claimText}" (${approved}) is no longer supported: ${reason}`
        : `signed-off claim "${record.claimText}" (${approved}) is supported again`,
      reason,
      startedAt: now,
      endedAt: broke ? null : now,
      validUntil: broke ? now + 30 * DAY_MS : null,
      sentAt: now,
      evidenceUrl: deps.evidenceUrl(record.id),
    };
    const receivers = receiversFor(record.owner, catalogue.routes, catalogue.receivers).map((r) => r.name);
    log[broke ? 'warn' : 'info'](broke ? 'signed-off claim no longer supported' : 'signed-off claim supported again', {
      signoff: record.id,
      owner: record.owner,
      receivers,
      reason,
    });
    for (const name of receivers) queues.get(name)?.enqueue(notification);
  }

  async function recheck(record: SignoffRecord, now: number): Promise<RecheckResult> {
    const mapping = mapExtractedClaim(record.extracted, mappingContext(signoff));
    const part = mapping.kind === 'measurable' ? mapping.parts.find((p) => p.id === record.partId) : undefined;
    if (part === undefined) return { id: record.id, status: 'unproven', transition: null };
    const judged = await judgePart(signoff, part, record.extracted, catalogue.evaluation.windowMs);
    const settled = judged.status !== 'unproven' && judged.status !== record.lastStatus;
    if (!settled) return { id: record.id, status: judged.status, transition: null };
    await records.setLastStatus(record.id, judged.status, now);
    const broke = judged.status === 'not supported';
    notify(record, broke, judged.reasons[0] ?? judged.status, now);
    return { id: record.id, status: judged.status, transition: broke ? 'broke' : 'recovered' };
  }

  function check(): Promise<readonly RecheckResult[]> {
    if (running !== null) return running;
    const now = clock.now();
    lastCheck = now;
    running = (async () => {
      const results: RecheckResult[] = [];
      for (const record of await records.list()) results.push(await recheck(record, now));
      return results;
    })().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    onVerdicts() {
      if (running !== null || clock.now() - lastCheck < (deps.minIntervalMs ?? 600_000)) return;
      check().catch((error: unknown) => log.error('sign-off re-check failed', { error: String(error) }));
    },
    check,
    async idle() {
      await running?.catch(() => undefined);
      await Promise.all([...queues.values()].map((q) => q.idle()));
    },
    async stop() {
      await running?.catch(() => undefined);
      await Promise.all([...queues.values()].map((q) => q.stop()));
    },
  };
}
