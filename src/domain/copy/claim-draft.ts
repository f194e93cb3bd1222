import type { ClaimChannel } from '../channel.ts';
import { ofFamily } from './mention.ts';
import type { Family, Mention } from './mention.ts';
import type { Stretch } from './sentences.ts';

type SpeedMention = Mention & { family: 'speed' };

/** What one clause says, before clauses are joined into claims. */
export interface Clause {
  readonly stretch: Stretch;
  readonly mentions: readonly Mention[];
  readonly negated: boolean;
  /** Channels the clause names itself; a chatbot names chat. */
  readonly channels: ReadonlySet<ClaimChannel>;
  /** "support", "customer service": all channels, nothing carried over. */
  readonly service: boolean;
  /** A promise about contact: hours, a duration with a contact verb, a person, a bot. */
  readonly core: boolean;
  readonly speed: SpeedMention | null;
  readonly selfService: boolean;
  readonly outOfScope: boolean;
}

/** Clauses joined into one claim, with where its channels came from when it named none. */
export interface Draft {
  readonly mentions: Mention[];
  readonly channels: Set<ClaimChannel>;
  readonly service: boolean;
  speed: SpeedMention | null;
  /** The channel wording taken over from an earlier clause or sentence; null when the draft names its own. */
  inheritedFrom: string | null;
}

/** Channels named by a clause, carried to the next clauses that name none. */
export interface Carry {
  readonly channels: ReadonlySet<ClaimChannel>;
  readonly text: string;
}

const HOURS: ReadonlySet<Family> = new Set(['always', 'days', 'times', 'hours-vague']);

/** The first index of `sorted` (ascending by `key`) whose key is at least `value`: a binary search. */
function firstAtLeast<T>(sorted: readonly T[], key: (item: T) => number, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(sorted[mid] as T) >= value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The mentions wholly inside `stretch`, from mentions sorted by start (as `findMentions` returns them). */
function mentionsWithin(sorted: readonly Mention[], stretch: Stretch): Mention[] {
  const inside: Mention[] = [];
  for (let i = firstAtLeast(sorted, (m) => m.start, stretch.start); i < sorted.length; i += 1) {
    const m = sorted[i] as Mention;
    if (m.start >= stretch.end) break;
    if (m.end <= stretch.end) inside.push(m);
  }
  return inside;
}

/**
 * A duration counts when the nearest verb before it (else after it) is about contact: "we respond within 3 days"
 * counts, "resolve most within 8 weeks" and "refunds are issued within 7 days" do not. "Instantly" needs contact
 * wording anywhere in the clause.
 */
function contactSpeed(mentions: readonly Mention[]): SpeedMention | null {
  // Cues never overlap one another and come sorted by start, hence by end too: each lookup is a binary search.
  const cues = ofFamily(mentions, 'cue');
  for (const speed of ofFamily(mentions, 'speed')) {
    if (speed.instant) {
      const contact = cues.some((c) => c.contact) || mentions.some((m) => m.family === 'bot' || m.family === 'human');
      if (contact) return speed;
      continue;
    }
    const before = cues[firstAtLeast(cues, (c) => c.end, speed.start + 1) - 1];
    const after = cues[firstAtLeast(cues, (c) => c.start, speed.end)];
    const cue = before ?? after;
    if (cue?.contact === true) return speed;
  }
  return null;
}

/** Reads one clause of a sentence; `sentenceMentions` are sorted by start, as `findMentions` returns them. */
export function readClause(stretch: Stretch, sentenceMentions: readonly Mention[]): Clause {
  const mentions = mentionsWithin(sentenceMentions, stretch);
  const channels = new Set<ClaimChannel>(ofFamily(mentions, 'channel').map((m) => m.channel));
  if (mentions.some((m) => m.family === 'bot')) channels.add('chat');
  const speed = contactSpeed(mentions);
  const daysWhileOpen = mentions.some((m) => m.family === 'days') && mentions.some((m) => m.family === 'open');
  const core =
    speed !== null ||
    daysWhileOpen ||
    mentions.some(
      (m) =>
        m.family === 'always' ||
        m.family === 'times' ||
        m.family === 'human' ||
        m.family === 'bot' ||
        m.family === 'hours-vague',
    );
  const selfServiceCues = ofFamily(mentions, 'self-service');
  return {
    stretch,
    mentions,
    negated: mentions.some((m) => m.family === 'negation'),
    channels,
    service: mentions.some((m) => m.family === 'service'),
    core,
    speed,
    // "online", "app" or "FAQ" with no channel and no person is self-service; "Live agents are online 9-5" is not.
    selfService:
      selfServiceCues.some((c) => c.automated) ||
      (selfServiceCues.length > 0 && channels.size === 0 && !mentions.some((m) => m.family === 'human')),
    outOfScope: mentions.some((m) => m.family === 'out-of-scope') && channels.size === 0,
  };
}

const hasHours = (mentions: readonly Mention[]): boolean => mentions.some((m) => HOURS.has(m.family));
const onlyAlways = (mentions: readonly Mention[]): boolean =>
  mentions.some((m) => m.family === 'always') && !mentions.some((m) => m.family === 'times' || m.family === 'days');
const onlyWeekly = (mentions: readonly Mention[]): boolean =>
  mentions.some((m) => m.family === 'times') && !mentions.some((m) => m.family === 'always');

function sameChannels(a: ReadonlySet<ClaimChannel>, b: ReadonlySet<ClaimChannel>): boolean {
  return a.size === b.size && [...a].every((c) => b.has(c));
}

/**
 * Whether `next` says more about the claim `draft` already makes rather than a new one: "Call us any time – a real
 * person will answer" (no hours of its own), "available around the clock — chat with us any time" (the same hours,
 * one of them naming no channel), "Mon-Fri 9-5; Saturday 10-2" (more windows, nothing else).
 */
export function belongsTo(draft: Draft, next: Draft): boolean {
  const unnamed = (d: Draft): boolean => d.channels.size === 0 || d.inheritedFrom !== null;
  const compatible = unnamed(next) || unnamed(draft) || sameChannels(next.channels, draft.channels);
  if (!compatible || (draft.speed !== null && next.speed !== null)) return false;
  if (!hasHours(next.mentions)) return true;
  if (onlyAlways(draft.mentions) && onlyAlways(next.mentions)) return true;
  const bareWindows =
    unnamed(next) && !next.service && next.speed === null && !next.mentions.some((m) => m.family === 'human');
  return bareWindows && onlyWeekly(draft.mentions) && onlyWeekly(next.mentions);
}

export function absorb(draft: Draft, next: Draft): void {
  const named = (d: Draft): boolean => d.channels.size > 0 && d.inheritedFrom === null;
  draft.inheritedFrom = named(draft) || named(next) ? null : (draft.inheritedFrom ?? next.inheritedFrom);
  draft.mentions.push(...next.mentions);
  draft.mentions.sort((a, b) => a.start - b.start);
  for (const channel of next.channels) draft.channels.add(channel);
  draft.speed ??= next.speed;
}

/**
 * Turns the measurable clauses of a sentence into drafts. A clause naming no channel takes the channels of the clause
 * before it ("Email us – we answer within a business day"), or of `carried` (a label sentence such as "Hotline: 0800
 * 400 500."); "support" or "customer service" stops that.
 */
export function draftsOf(clauses: readonly Clause[], carried: Carry | null): { drafts: Draft[]; carry: Carry | null } {
  const drafts: Draft[] = [];
  let carry = carried;
  for (const clause of clauses) {
    if (clause.negated) continue;
    const own = clause.channels.size > 0;
    if (clause.core && !clause.selfService && !clause.outOfScope) {
      const inherit = !own && !clause.service && carry !== null;
      const draft: Draft = {
        mentions: [...clause.mentions],
        channels: new Set(inherit && carry !== null ? carry.channels : clause.channels),
        service: clause.service,
        speed: clause.speed,
        inheritedFrom: inherit && carry !== null ? carry.text : null,
      };
      const previous = drafts.at(-1);
      if (previous !== undefined && belongsTo(previous, draft)) absorb(previous, draft);
      else drafts.push(draft);
    }
    if (own) carry = { channels: clause.channels, text: channelWording(clause.mentions) };
  }
  // A leading clause with neither hours nor channels ("You won't find a chatbot here – our live chat …") joins the next.
  const [first, second] = drafts;
  if (
    first !== undefined &&
    second !== undefined &&
    first.channels.size === 0 &&
    !hasHours(first.mentions) &&
    first.speed === null
  ) {
    absorb(second, first);
    drafts.shift();
  }
  return { drafts, carry };
}

function channelWording(mentions: readonly Mention[]): string {
  return mentions
    .filter((m) => m.family === 'channel' || m.family === 'bot')
    .map((m) => m.text)
    .join(', ');
}
