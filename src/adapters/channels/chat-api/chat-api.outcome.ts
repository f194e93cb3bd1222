import { formatDuration } from '../../../domain/duration.ts';
import type { Outcome, TranscriptLine } from '../../../domain/observation.ts';
import type { Ending } from './conversation.recorder.ts';

export interface AttemptSummary {
  /** Responses (bot, human, unknown) after the customer's message. */
  readonly responses: number;
  readonly humanReached: boolean;
  readonly waitForHuman: boolean;
  /** Items or frames that arrived but could not be read with the receive paths. */
  readonly unreadable: number;
  readonly unreadableSample?: string;
  readonly textPath: string;
  readonly timeoutMs: number;
}

/**
 * How an attempt's ending maps to an outcome. A response makes the attempt `answered` whatever came after it (the
 * reason says what was missing); without one, the service's refusals are `rejected`, silence is `unanswered`, and
 * frames we could not read, or our own failures, are `inconclusive`: they say nothing about the service.
 */
export function decideOutcome(ending: Ending, summary: AttemptSummary): { outcome: Outcome; reason?: string } {
  if (ending.kind === 'satisfied') return { outcome: 'answered' };
  if (ending.kind === 'ours') return { outcome: 'inconclusive', reason: ending.reason };
  if (summary.responses > 0) {
    const noHuman = summary.humanReached ? '' : ', before a human answered';
    switch (ending.kind) {
      case 'timeout':
        return {
          outcome: 'answered',
          reason: `no human answered within ${formatDuration(summary.timeoutMs)}; only automatic replies came`,
        };
      case 'closed':
      case 'refused':
        return { outcome: 'answered', reason: `${ending.reason}${noHuman}` };
    }
  }
  if (summary.unreadable > 0 && ending.kind !== 'refused') {
    return {
      outcome: 'inconclusive',
      reason:
        `${summary.unreadable} message(s) arrived but none could be read with receive.textPath ${summary.textPath}` +
        ` (first: ${summary.unreadableSample ?? '?'}); check the probe's receive options`,
    };
  }
  switch (ending.kind) {
    case 'timeout':
      return { outcome: 'unanswered', reason: `no response within ${formatDuration(summary.timeoutMs)}` };
    case 'closed':
      return { outcome: 'rejected', reason: `${ending.reason} without answering` };
    case 'refused':
      return { outcome: 'rejected', reason: ending.reason };
  }
}

const PROMISE =
  /[^.!?\n]*\b(?:within|in about|in under|under|less than|up to|wait(?:ing)? time (?:is|of))\b[^.!?\n]*\b(?:seconds?|minutes?|mins?|hours?|days?)\b[^.!?\n]*[.!?]?/i;

/** Characters of the first automatic reply searched for a promise. */
const PROMISE_READ_CHARS = 4_000;

/** What the first automatic reply promised about timing, verbatim, e.g. "An agent will join within 2 minutes." */
export function autoReplyPromiseOf(transcript: readonly TranscriptLine[]): string | undefined {
  const firstBot = transcript.find((line) => line.from === 'bot');
  if (firstBot === undefined) return undefined;
  // An auto-reply says its promise up front; reading only the start keeps this regex (quadratic on a long text with
  // no full stop) from taking seconds on a 64 KiB reply.
  const match = PROMISE.exec(firstBot.text.slice(0, PROMISE_READ_CHARS));
  return match === null ? undefined : match[0].trim();
}
