import { CLAIM_CHANNELS } from '../channel.ts';
import type { ClaimChannel } from '../channel.ts';
import type { ClaimPromise } from '../claim.ts';
import { formatDuration } from '../duration.ts';
import type { Draft } from './claim-draft.ts';
import type { CopySpan, ExtractedClaim, Unmeasurable } from './extracted-claim.ts';
import { ofFamily } from './mention.ts';
import type { Family, Mention } from './mention.ts';
import type { Stretch } from './sentences.ts';
import { readHours } from './weekly-hours.ts';

/** Maps plain-text stretches to spans of the original input. */
export type SpanOf = (stretch: Stretch) => CopySpan;

/** Families that say what a measurable claim is; their mentions set its span and go into `because`. */
const MEASURABLE: ReadonlySet<Family> = new Set<Family>([
  'channel',
  'bot',
  'service',
  'always',
  'days',
  'times',
  'zone',
  'hours-vague',
  'speed',
  'average',
  'share',
  'human',
  'absolute',
]);
const UNMEASURABLE: ReadonlySet<Family> = new Set<Family>([...MEASURABLE, 'self-service', 'puffery', 'vague']);

function cover(mentions: readonly Mention[], fallback: Stretch, explains: ReadonlySet<Family>): Stretch {
  const used = mentions.filter((m) => explains.has(m.family));
  if (used.length === 0) return fallback;
  return { start: Math.min(...used.map((m) => m.start)), end: Math.max(...used.map((m) => m.end)) };
}

function reasons(mentions: readonly Mention[], explains: ReadonlySet<Family>, also: readonly Mention[] = []): string[] {
  return [...mentions.filter((m) => explains.has(m.family)), ...also].map((m) => `${m.rule}: "${m.text}"`);
}

function channelsOf(draft: Draft, notes: string[]): ClaimChannel[] {
  if (draft.channels.size > 0) {
    if (draft.inheritedFrom !== null) notes.push(`channels.inherited: names none, takes "${draft.inheritedFrom}"`);
    return CLAIM_CHANNELS.filter((c) => draft.channels.has(c));
  }
  notes.push(
    draft.service
      ? 'channels.service: "support" means chat, phone, email'
      : 'channels.default: no channel named, read as chat, phone, email',
  );
  return [...CLAIM_CHANNELS];
}

/**
 * The promise: a person → `human` (with any limit); a limit on email alone, or said with "reply", "get back",
 * "call back" → `reply`; any other limit → `first-response`; no limit → `answered`.
 */
function promiseOf(draft: Draft, channels: readonly ClaimChannel[], human: boolean, notes: string[]): ClaimPromise {
  const withinMs = draft.speed?.withinMs ?? null;
  if (draft.speed?.instant === true)
    notes.push(`speed.immediate: read as within ${formatDuration(draft.speed.withinMs)}`);
  const business = draft.speed?.business === undefined ? {} : { business: draft.speed.business };
  if (human) return { kind: 'human', withinMs, ...(withinMs === null ? {} : business) };
  if (withinMs === null) return { kind: 'answered' };
  const replyWording = ofFamily(draft.mentions, 'cue').some((c) => c.reply);
  const emailOnly = channels.length === 1 && channels[0] === 'email';
  if (emailOnly || replyWording || draft.speed?.sameBusinessDay === true)
    return { kind: 'reply', withinMs, ...business };
  return { kind: 'first-response', withinMs, ...business };
}

/** A measurable claim from a draft. */
export function measurableClaim(
  draft: Draft,
  sentence: Stretch,
  spanOf: SpanOf,
  defaultTimeZone: string | null,
): Omit<ExtractedClaim, 'id'> {
  const notes: string[] = [];
  const channels = channelsOf(draft, notes);
  const reading = readHours(draft.mentions, defaultTimeZone);
  notes.push(...reading.notes);
  const human = draft.mentions.some((m) => m.family === 'human');
  const promise = promiseOf(draft, channels, human, notes);
  const speedMentions = draft.speed === null ? [] : [draft.speed];
  const mentions = draft.mentions.filter((m) => m.family !== 'speed' || m === draft.speed);
  const cues = ofFamily(draft.mentions, 'cue').filter((c) => c.contact && draft.speed !== null);
  const absolute =
    reading.absolute || draft.mentions.some((m) => m.family === 'absolute' || (m.family === 'always' && m.absolute));
  const average = draft.speed !== null && draft.mentions.some((m) => m.family === 'average');
  const share = ofFamily(draft.mentions, 'share')[0]?.share ?? null;
  return {
    span: spanOf(cover([...mentions, ...speedMentions], sentence, MEASURABLE)),
    sentence: spanOf(sentence),
    channels,
    hours: reading.hours,
    promise,
    statistic: average ? 'average' : 'each',
    share: draft.speed === null ? null : share,
    absolute,
    human,
    unmeasurable: null,
    because: [...reasons(mentions, MEASURABLE, cues), ...notes],
  };
}

/** A claim no probe can measure: praise, self-service, or speed without a number. */
export function unmeasurableClaim(
  kind: Unmeasurable,
  mentions: readonly Mention[],
  stretch: Stretch,
  sentence: Stretch,
  spanOf: SpanOf,
): Omit<ExtractedClaim, 'id'> {
  const channels = CLAIM_CHANNELS.filter((c) => mentions.some((m) => m.family === 'channel' && m.channel === c));
  const reading = readHours(mentions, null);
  return {
    span: spanOf(cover(mentions, stretch, UNMEASURABLE)),
    sentence: spanOf(sentence),
    channels: channels.length > 0 ? channels : [...CLAIM_CHANNELS],
    hours: reading.hours,
    promise: null,
    statistic: 'each',
    share: null,
    absolute: reading.absolute || mentions.some((m) => m.family === 'absolute' || m.family === 'always'),
    human: false,
    unmeasurable: kind,
    because: [
      ...reasons(mentions, UNMEASURABLE),
      `unmeasurable.${kind}: no probe can measure this, so it gets no verdict`,
    ],
  };
}
