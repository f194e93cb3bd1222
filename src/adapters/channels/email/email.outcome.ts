import { formatDuration } from '../../../domain/duration.ts';
import { personalTouch } from '../../../domain/email/personal-touch.ts';
import { extractReplyPromise } from '../../../domain/email/promise-extraction.ts';
import type { Observation, Outcome, TranscriptLine, Truncation } from '../../../domain/observation.ts';
import type { AttemptEnd, EmailAttempt, RecordedReply } from './email-attempt.ts';
import type { RunFacts } from './email.store.ts';

/**
 * How a run ended:
 * - ended: a human reply, a bounce, or (waitForHuman off) the first reply;
 * - deadline: the probe's time-out passed and a last look at the mailbox found no human reply;
 * - unchecked: the time-out passed but the mailbox could not be read at the end (our failure);
 * - refused: the SMTP server refused the recipient outright;
 * - ours: our own side failed before the mail left (or the options are unusable);
 * - suspended: Kept stopped while waiting; the run stays pending and resumes at the next start.
 */
export type RunEnding =
  | { readonly kind: 'ended'; readonly end: AttemptEnd }
  | { readonly kind: 'deadline' }
  | { readonly kind: 'unchecked'; readonly reason: string }
  | { readonly kind: 'refused'; readonly response: string }
  | { readonly kind: 'ours'; readonly reason: string }
  | { readonly kind: 'suspended'; readonly reason: string };

export interface OutcomeInput {
  readonly id: string;
  readonly probeId: string;
  readonly startedAt: number;
  readonly totalMs: number;
  readonly ending: RunEnding;
  readonly attempt?: EmailAttempt;
  readonly facts?: RunFacts;
  /** sent: accepted by SMTP; unclear: may have left; not-sent. */
  readonly send: 'sent' | 'unclear' | 'not-sent';
  readonly sentAt?: number;
  readonly details: Readonly<Record<string, unknown>>;
  readonly attachments: readonly string[];
  readonly customerText?: string;
}

function decide(
  input: OutcomeInput,
  human: RecordedReply | undefined,
  auto: RecordedReply | undefined,
): { outcome: Outcome; reason?: string } {
  const { ending } = input;
  const waited = formatDuration(input.facts?.timeoutMs ?? input.totalMs);
  switch (ending.kind) {
    case 'suspended':
      return {
        outcome: 'inconclusive',
        reason: `Kept stopped while waiting for a reply (${ending.reason}); the run resumes at the next start`,
      };
    case 'ours':
      return { outcome: 'inconclusive', reason: ending.reason };
    case 'refused':
      return { outcome: 'rejected', reason: `the recipient was refused: ${ending.response}` };
    case 'ended': {
      if (ending.end !== 'bounce') return { outcome: 'answered' };
      const bounce = input.attempt?.bounce;
      return {
        outcome: 'rejected',
        reason: `the mail bounced${bounce?.status ? ` (${bounce.status})` : ''}: ${bounce?.diagnostic ?? bounce?.subject ?? 'not delivered'}`,
      };
    }
    case 'unchecked':
      if (human !== undefined) return { outcome: 'answered' };
      return { outcome: 'inconclusive', reason: `the mailbox could not be read at the deadline: ${ending.reason}` };
    case 'deadline':
      if (human !== undefined) return { outcome: 'answered' };
      if (input.send === 'unclear' && auto === undefined) {
        return {
          outcome: 'inconclusive',
          reason: 'Kept could not tell whether the mail left (it did not send it again), and no reply came',
        };
      }
      if (auto !== undefined && input.facts?.waitForHuman === false) return { outcome: 'answered' };
      return auto === undefined
        ? { outcome: 'unanswered', reason: `no reply within ${waited}` }
        : { outcome: 'unanswered', reason: `only an automatic acknowledgement came; no human reply within ${waited}` };
  }
}

function transcriptOf(input: OutcomeInput, replies: readonly RecordedReply[]): TranscriptLine[] {
  const lines: TranscriptLine[] = [];
  if (input.customerText !== undefined) {
    lines.push({
      atMs: 0,
      from: 'customer',
      text: input.customerText.slice(0, 2_000),
      ...(input.facts ? { name: input.facts.persona } : {}),
    });
  }
  for (const reply of replies) {
    const from = reply.label === 'human' ? 'human' : reply.label === 'auto-reply' ? 'bot' : 'system';
    const name = reply.name ? `${reply.name} <${reply.from}>` : reply.from;
    lines.push({
      atMs: Math.round(reply.atMs),
      from,
      text: `${reply.subject}\n\n${reply.text}`.slice(0, 2_000),
      ...(name ? { name } : {}),
    });
  }
  return lines;
}

/** Builds the run's observation from how it ended and the replies it recorded. */
export function buildObservation(input: OutcomeInput): Observation {
  const replies = input.attempt?.replies ?? [];
  const human = replies.find((r) => r.label === 'human');
  const auto = replies.find((r) => r.label === 'auto-reply');
  const first = replies.find((r) => r.label === 'human' || r.label === 'auto-reply');
  const { outcome, reason } = decide(input, human, auto);
  const promised = replies
    .filter((r) => r.label === 'auto-reply')
    .map((r) => extractReplyPromise(r.fullText))
    .find((p) => p !== undefined);
  const touch =
    human === undefined || input.facts === undefined
      ? undefined
      : personalTouch(human.fullText, input.facts.persona, input.facts.topicWords);
  const findings: string[] = [];
  if (touch?.addressed === 'generic')
    findings.push(`the reply addresses the customer generically ("${touch.greeting ?? ''}")`);
  if (touch?.topic !== undefined && touch.topic.missing.length > 0)
    findings.push(`the reply does not mention: ${touch.topic.missing.join(', ')}`);
  const connectMs = input.facts?.connectMs;
  return {
    id: input.id,
    probeId: input.probeId,
    kind: 'email',
    startedAt: input.startedAt,
    outcome,
    ...(reason === undefined ? {} : { reason }),
    timings: {
      ...(connectMs === undefined ? {} : { connectMs }),
      ...(first === undefined ? {} : { firstResponseMs: Math.round(first.atMs) }),
      ...(auto === undefined ? {} : { autoReplyMs: Math.round(auto.atMs) }),
      ...(human === undefined ? {} : { humanMs: Math.round(human.atMs) }),
      totalMs: Math.round(input.totalMs),
    },
    humanReached: human !== undefined,
    ...(promised === undefined ? {} : { autoReplyPromise: promised.verbatim }),
    ...(findings.length === 0 ? {} : { findings }),
    evidence: {
      transcript: transcriptOf(input, replies),
      details: {
        ...input.details,
        send: input.send,
        ...(input.sentAt === undefined ? {} : { sentAt: input.sentAt }),
        ending: input.ending.kind === 'ended' ? input.ending.end : input.ending.kind,
        ...(input.ending.kind === 'suspended' ? { suspended: true } : {}),
        replies: replies.map(({ text: _text, fullText: _full, ...kept }) => ({ ...kept, atMs: Math.round(kept.atMs) })),
        ...(promised === undefined
          ? {}
          : { autoReplyDeadline: promised.deadline, autoReplyPromiseHedged: promised.hedged }),
        ...(touch === undefined ? {} : { personalTouch: touch }),
        ...truncatedReplies(replies),
      },
      attachments: [...input.attachments, ...replies.flatMap((r) => (r.file === undefined ? [] : [r.file]))],
    },
  };
}

/** Replies of which only the first bytes were read, as cuts for `evidence.truncated` (lifted there when stored). */
function truncatedReplies(replies: readonly RecordedReply[]): { truncated?: Truncation[] } {
  const cuts = replies.flatMap((r) =>
    r.cut === undefined ? [] : [{ what: 'email reply', unit: 'bytes' as const, ...r.cut }],
  );
  return cuts.length === 0 ? {} : { truncated: cuts };
}

/** Whether an observation only says that Kept stopped while its run was waiting: it must not be stored; the resumed run will be. */
export function isSuspendedObservation(observation: Observation): boolean {
  return observation.kind === 'email' && observation.evidence.details?.suspended === true;
}
