import type { Clock, Logger, ResumeInput, ResumeReport } from '../../../app/ports.ts';
import type { Observation } from '../../../domain/observation.ts';
import { createEvidenceWriter, EmailAttempt } from './email-attempt.ts';
import { emailOptionsSchema, type EmailOptions } from './email.options.ts';
import { buildObservation, isSuspendedObservation, type RunEnding } from './email.outcome.ts';
import type { EmailRun, EmailStore } from './email.store.ts';
import { waitForReplies } from './email.wait.ts';
import type { ReplySource } from './reply-source.ts';

export type { ResumeInput, ResumeReport };

interface RunDeps {
  readonly store: EmailStore;
  readonly openSource: (options: EmailOptions, clock: Clock) => Promise<ReplySource>;
  readonly evidenceDir: string | undefined;
  readonly log: Logger;
}

/** Why a pending run whose send state is unknown (`sending`) is taken as sent: a sent-folder copy or replies to it. */
async function settleSending(
  run: EmailRun,
  source: ReplySource,
  attempt: EmailAttempt,
  store: EmailStore,
): Promise<{ sentAt?: number; how: string }> {
  const inSent = await source.sentAt?.(run.messageId).catch(() => undefined);
  if (inSent !== undefined) {
    store.markSent(run.runId, 'sent', { sentAt: inSent, deadlineAt: inSent + run.facts.timeoutMs, facts: {} });
    return { sentAt: inSent, how: 'found in the sent folder' };
  }
  store.markSent(run.runId, 'unclear', {
    deadlineAt: run.deadlineAt,
    facts: { unclearReason: 'Kept stopped while handing the mail to SMTP' },
  });
  attempt.setSent(undefined);
  return { how: 'unknown: Kept stopped while handing the mail to SMTP; it was not sent again' };
}

/**
 * Continues one pending run after a restart without sending anything: replies that arrived meanwhile are read from
 * the mailbox (timed by IMAP INTERNALDATE) or the inbound store (timed by the endpoint's stamp), then new ones are
 * awaited until the run's deadline. A run whose send state was never recorded (`sending`) counts as sent only on
 * evidence, and ends inconclusive if none appears.
 */
export async function resumeRun(
  input: RunDeps & { run: EmailRun; options: EmailOptions; clock: Clock; signal: AbortSignal },
): Promise<Observation> {
  const { run, options, clock, store, log } = input;
  if (run.state === 'finished' && run.observation !== undefined) return run.observation;
  const base = {
    id: run.runId,
    probeId: run.probeId,
    startedAt: run.startedAt,
    facts: run.facts,
    attachments: [] as string[],
  };
  const details = {
    receive: run.facts.receive,
    token: run.token,
    messageId: run.messageId,
    to: run.facts.to,
    from: run.facts.from,
    subject: run.facts.subject,
    resumed: true,
  };
  const total = (): number => clock.now() - run.startedAt;
  let source: ReplySource;
  try {
    source = await input.openSource(options, clock);
  } catch (error) {
    const ending: RunEnding = { kind: 'unchecked', reason: `after a restart: ${(error as Error).message}` };
    const observation = buildObservation({
      ...base,
      totalMs: total(),
      ending,
      send: run.state === 'sent' ? 'sent' : 'unclear',
      details,
    });
    store.finish(run.runId, observation);
    return observation;
  }
  const evidence = createEvidenceWriter(input.evidenceDir, run.runId, log);
  const attempt = new EmailAttempt({
    ref: run,
    waitForHuman: run.facts.waitForHuman,
    evidence,
    startedAt: run.startedAt,
    resumed: true,
  });
  const unlisten = source.listen((arrival) => attempt.offer(arrival));
  try {
    let sentAt = run.sentAt;
    let send: 'sent' | 'unclear' = run.state === 'sent' ? 'sent' : 'unclear';
    let deadlineAt = run.deadlineAt;
    if (run.state === 'sending') {
      const settled = await settleSending(run, source, attempt, store);
      sentAt = settled.sentAt;
      if (sentAt !== undefined) {
        send = 'sent';
        deadlineAt = sentAt + run.facts.timeoutMs;
      }
      Object.assign(details, { sendEvidence: settled.how });
    }
    if (sentAt !== undefined) attempt.setSent(sentAt);
    else attempt.setSent(undefined);
    const since = (sentAt ?? run.startedAt) - 1_000;
    for (const arrival of await source.catchUp(since)) attempt.offer(arrival);
    const ending = await waitForReplies({ attempt, source, clock, signal: input.signal, deadlineAt, since });
    const observation = buildObservation({
      ...base,
      totalMs: total(),
      ending,
      attempt,
      send,
      ...(sentAt === undefined ? {} : { sentAt }),
      details,
      customerText: run.facts.subject,
    });
    if (ending.kind !== 'suspended') store.finish(run.runId, observation);
    return observation;
  } catch (error) {
    const ending: RunEnding = { kind: 'unchecked', reason: `after a restart: ${(error as Error).message}` };
    const observation = buildObservation({
      ...base,
      totalMs: total(),
      ending,
      attempt,
      send: run.sentAt === undefined ? 'unclear' : 'sent',
      details,
    });
    store.finish(run.runId, observation);
    return observation;
  } finally {
    unlisten();
    await source.close();
  }
}

/** Resumes every run left in the store (see ResumeInput); returns at once with the finished ones recorded. */
export async function resumePendingRuns(input: ResumeInput & RunDeps): Promise<ResumeReport> {
  const { store, log } = input;
  const probes = new Map(input.probes.map((p) => [p.id, p]));
  const record = async (observation: Observation): Promise<void> => {
    if (isSuspendedObservation(observation)) return;
    try {
      await input.record(observation);
      store.acknowledge(observation.id);
    } catch (error) {
      log.error('email: a resumed observation could not be recorded; it is kept for the next start', {
        runId: observation.id,
        error: (error as Error).message,
      });
    }
  };
  let recorded = 0;
  const waiting: Promise<void>[] = [];
  for (const run of store.runs()) {
    if (run.state === 'finished' && run.observation !== undefined) {
      await record(run.observation);
      recorded += 1;
      continue;
    }
    const probe = probes.get(run.probeId);
    const parsed = probe === undefined ? undefined : emailOptionsSchema.safeParse(probe.options);
    if (parsed === undefined || !parsed.success) {
      const reason =
        probe === undefined
          ? `its probe "${run.probeId}" is no longer in the catalogue`
          : `its probe's options are now invalid`;
      const observation = buildObservation({
        id: run.runId,
        probeId: run.probeId,
        startedAt: run.startedAt,
        totalMs: input.clock.now() - run.startedAt,
        ending: { kind: 'ours', reason: `a pending email run could not be resumed: ${reason}` },
        facts: run.facts,
        send: run.state === 'sent' ? 'sent' : 'unclear',
        details: { token: run.token, messageId: run.messageId, resumed: true },
        attachments: [],
      });
      store.finish(run.runId, observation);
      await record(observation);
      recorded += 1;
      continue;
    }
    log.info('email: resuming a pending run', { runId: run.runId, probeId: run.probeId, state: run.state });
    waiting.push(resumeRun({ ...input, run, options: parsed.data }).then(record));
  }
  return { recorded, resumed: waiting.length, done: Promise.all(waiting).then(() => undefined) };
}
