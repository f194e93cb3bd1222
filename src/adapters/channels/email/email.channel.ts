import type { Channel, Clock, Logger, ProbeContext } from '../../../app/ports.ts';
import type { ProbeSpec } from '../../../domain/catalogue.ts';
import type { Observation } from '../../../domain/observation.ts';
import { createEvidenceWriter, EmailAttempt } from './email-attempt.ts';
import { emailOptionsSchema, type EmailOptions } from './email.options.ts';
import { buildObservation, type RunEnding } from './email.outcome.ts';
import { resumeRun, type ResumeInput, type ResumeReport, resumePendingRuns } from './email.resume.ts';
import type { EmailStore, RunFacts } from './email.store.ts';
import { waitForReplies } from './email.wait.ts';
import { createImapSources, type ImapSources } from './imap.source.ts';
import type { InboundEndpoint } from './inbound-smtp.endpoint.ts';
import { composeProbeMail } from './mail-composer.ts';
import type { ReplySource } from './reply-source.ts';
import { sendMail } from './smtp.sender.ts';
import { preparedOptions } from '../prepared-options.ts';

export { emailOptionsSchema, type EmailOptions } from './email.options.ts';
export { isSuspendedObservation } from './email.outcome.ts';

export interface EmailChannelDeps {
  readonly log: Logger;
  /** The durable pending-run store (`<data>/email-pending.db`), shared with the inbound endpoint. */
  readonly store: EmailStore;
  /** Where sent and received mails are kept as files (`email/<runId>/*.eml`); none when undefined. */
  readonly evidenceDir?: string;
  /** Kept's inbound SMTP endpoint, for probes with `receive.via: inbound`. */
  readonly inbound?: InboundEndpoint;
}

export interface EmailChannel extends Channel {
  /** Resumes runs a previous process left pending (see email.resume.ts); call once at start-up. */
  resumePending(input: ResumeInput): Promise<ResumeReport>;
  /** The observation with this id is stored: forget its run. A no-op for other observations. */
  acknowledge(observationId: string): void;
  /** Stops IMAP watchers. Waiting runs end as suspended through their own signals. */
  close(): Promise<void>;
}

/** Options typed once per probe (see prepared-options.ts); a target that is no address is a problem found then. */
const PREPARED = preparedOptions(emailOptionsSchema, (_options, probe) =>
  recipientOf(probe.target) === undefined ? `the probe's target "${probe.target}" is not an email address` : undefined,
);

/** The typed options, or why they are unusable. */
export function optionsOf(probe: ProbeSpec): { options: EmailOptions } | { problem: string } {
  return PREPARED.of(probe);
}

/** The support address a probe writes to: its target, as `support@acme.example` or `mailto:support@acme.example`. */
export function recipientOf(target: string): string | undefined {
  const address = target.replace(/^mailto:/i, '').trim();
  return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(address) ? address : undefined;
}

/**
 * The email probe (issue #5): writes to a support address as a customer would, then reads what comes back from an
 * IMAP mailbox or Kept's inbound SMTP endpoint, times the auto-acknowledgement and the human reply, and holds the
 * auto-reply to its own promise. See docs/architecture/email-channel.md.
 */
export function createEmailChannel(deps: EmailChannelDeps): EmailChannel {
  const { log, store } = deps;
  let imap: ImapSources | undefined;
  const imapFor = (clock: Clock): ImapSources => (imap ??= createImapSources(clock, log));
  const openSource = async (options: EmailOptions, clock: Clock): Promise<ReplySource> => {
    if (options.receive.via === 'imap') return imapFor(clock).open(options.receive);
    if (deps.inbound === undefined)
      throw new Error('this probe reads replies from the inbound SMTP endpoint, but Kept runs none');
    return deps.inbound.source();
  };

  async function run(probe: ProbeSpec, ctx: ProbeContext): Promise<Observation> {
    const { clock } = ctx;
    const startedAt = clock.now();
    const startMono = clock.monotonic();
    const elapsed = (): number => clock.monotonic() - startMono;
    const early = (reason: string): Observation =>
      buildObservation({
        id: ctx.runId,
        probeId: probe.id,
        startedAt,
        totalMs: elapsed(),
        ending: { kind: 'ours', reason },
        send: 'not-sent',
        details: {},
        attachments: [],
      });
    const checked = optionsOf(probe);
    if ('problem' in checked) return early(checked.problem);
    const { options } = checked;
    const existing = store.get(ctx.runId);
    if (existing !== undefined) {
      log.warn('email: this run already exists; resuming it instead of sending again', {
        runId: ctx.runId,
        state: existing.state,
      });
      return resumeRun({
        run: existing,
        options,
        clock,
        signal: ctx.signal,
        store,
        openSource,
        evidenceDir: deps.evidenceDir,
        log,
      });
    }
    const to = recipientOf(probe.target);
    if (to === undefined) return early(`the probe's target "${probe.target}" is not an email address`);
    let source: ReplySource;
    try {
      source = await openSource(options, clock);
    } catch (error) {
      return early(`replies cannot be read, so nothing was sent: ${(error as Error).message}`);
    }
    const evidence = createEvidenceWriter(deps.evidenceDir, ctx.runId, log);
    const mail = await composeProbeMail({
      options,
      runId: ctx.runId,
      probeId: probe.id,
      to,
      date: new Date(startedAt),
    });
    const sentFile = evidence.write('sent.eml', mail.raw);
    const attachments = sentFile === undefined ? [] : [sentFile];
    const attempt = new EmailAttempt({
      ref: mail,
      waitForHuman: options.waitForHuman,
      evidence,
      startedAt,
      resumed: false,
    });
    const unlisten = source.listen((arrival) => attempt.offer(arrival));
    const timeoutMs = probe.schedule.timeoutMs;
    let facts: RunFacts = {
      to,
      from: mail.from,
      subject: mail.subject,
      persona: options.persona.name,
      topicWords: options.topicWords,
      receive: options.receive.via,
      waitForHuman: options.waitForHuman,
      timeoutMs,
    };
    const details = {
      receive: options.receive.via,
      token: mail.token,
      messageId: mail.messageId,
      to,
      from: mail.from,
      subject: mail.subject,
    };
    const finish = (ending: RunEnding, send: 'sent' | 'unclear' | 'not-sent', sentAt?: number): Observation => {
      const observation = buildObservation({
        id: ctx.runId,
        probeId: probe.id,
        startedAt,
        totalMs: elapsed(),
        ending,
        attempt,
        facts,
        send,
        ...(sentAt === undefined ? {} : { sentAt }),
        details,
        attachments,
        customerText: `${mail.subject}\n\n${mail.text}`,
      });
      if (ending.kind !== 'suspended') store.finish(ctx.runId, observation);
      return observation;
    };
    try {
      if (ctx.signal.aborted) return early('Kept stopped the attempt before the mail was sent');
      try {
        store.insertSending({
          runId: ctx.runId,
          probeId: probe.id,
          token: mail.token,
          messageId: mail.messageId,
          startedAt,
          deadlineAt: startedAt + timeoutMs,
          facts,
        });
      } catch (error) {
        return early(`the run could not be recorded before sending, so nothing was sent: ${(error as Error).message}`);
      }
      const sent = await sendMail({
        smtp: options.smtp,
        envelope: { from: mail.from, to },
        raw: mail.raw,
        clock,
        signal: ctx.signal,
      });
      if (sent.kind === 'rejected') return finish({ kind: 'refused', response: sent.response }, 'not-sent');
      if (sent.kind === 'ours') return finish({ kind: 'ours', reason: sent.reason }, 'not-sent');
      let sentAt: number | undefined;
      let deadlineAt = startedAt + timeoutMs;
      if (sent.kind === 'accepted') {
        sentAt = sent.acceptedAt;
        deadlineAt = sentAt + timeoutMs;
        facts = { ...facts, connectMs: Math.round(sent.acceptedMono - startMono), smtpResponse: sent.response };
        store.markSent(ctx.runId, 'sent', { sentAt, deadlineAt, facts });
        attempt.setSent(sentAt, sent.acceptedMono);
      } else {
        facts = { ...facts, unclearReason: sent.reason };
        store.markSent(ctx.runId, 'unclear', { deadlineAt, facts });
        attempt.setSent(undefined);
        log.warn('email: not known whether the probe mail left; waiting for replies, never resending', {
          runId: ctx.runId,
          reason: sent.reason,
        });
      }
      const ending = await waitForReplies({
        attempt,
        source,
        clock,
        signal: ctx.signal,
        deadlineAt,
        since: (sentAt ?? startedAt) - 1_000,
      });
      return finish(ending, sent.kind === 'accepted' ? 'sent' : 'unclear', sentAt);
    } finally {
      unlisten();
      await source.close();
    }
  }

  return {
    kind: 'email',
    prepare: (probe) => void PREPARED.prepare(probe),
    run,
    resumePending: (input) => resumePendingRuns({ ...input, store, openSource, evidenceDir: deps.evidenceDir, log }),
    acknowledge(observationId) {
      store.acknowledge(observationId);
    },
    async close() {
      await imap?.closeAll();
    },
  };
}
