import type { ClaimChannel } from '../channel.ts';
import { promiseLimitMs, type Claim, type ClaimPromise, type Hours, type Target, type WeeklyWindow } from '../claim.ts';
import type { ExtractedClaim, Unmeasurable } from '../copy/extracted-claim.ts';

const DAY = 1_440;
const WEEK = 7 * DAY;

/** A weekly schedule as sorted, merged [from, to) minute-of-week ranges (Monday 00:00 = 0), wrapping at week's end. */
export function minuteRanges(windows: readonly WeeklyWindow[]): [number, number][] {
  const raw: [number, number][] = [];
  for (const w of windows) {
    for (const day of w.days) {
      const from = day * DAY + w.fromMinute;
      const to = day * DAY + w.toMinute;
      if (to <= WEEK) raw.push([from, to]);
      else raw.push([from, WEEK], [0, to - WEEK]);
    }
  }
  raw.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const [from, to] of raw) {
    const last = merged[merged.length - 1];
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
    else if (from < to) merged.push([from, to]);
  }
  return merged;
}

/**
 * Whether two schedules promise the same hours: both 24/7, or the same weekly minutes in the same time zone (however
 * the windows are written). Holidays are not compared: copy rarely names them.
 */
export function sameHours(a: Hours, b: Hours): boolean {
  if (a.kind === 'always' || b.kind === 'always') return a.kind === b.kind;
  if (a.timeZone !== b.timeZone) return false;
  return JSON.stringify(minuteRanges(a.windows)) === JSON.stringify(minuteRanges(b.windows));
}

/** What the catalogue says about how claims in copy are read. */
export interface MappingContext {
  /** The catalogue's service time zone: hours in copy without a zone are read in it. */
  readonly serviceTimeZone: string;
  /** The share of attempts a promise in copy must meet when the wording is not absolute, e.g. 0.95. */
  readonly defaultShare: number;
  /** Fewest counted observations before a claim can be supported, when no catalogue claim matches. */
  readonly minSamples: number;
  readonly catalogueClaims: readonly Claim[];
}

/** One channel of one claim in copy, ready to judge. A claim naming several channels is judged once per channel. */
export interface MappedPart {
  /** The extracted claim's id (`c3`), or `c3.chat` when the claim names several channels. */
  readonly id: string;
  readonly channel: ClaimChannel;
  /** The copy as a domain claim for this channel; null when it cannot be placed in time (see `unjudgeable`). */
  readonly claim: Claim | null;
  readonly unjudgeable: string | null;
  readonly statistic: 'each' | 'average';
  /** A catalogue claim with the same channel, promise and hours: its hourly rollups are the evidence. */
  readonly match: Claim | null;
  /** How the copy was read, in sentences (hours taken from the catalogue, default target, holidays…). */
  readonly notes: readonly string[];
}

export type Mapping =
  | { readonly kind: 'unmeasurable'; readonly reason: string }
  | { readonly kind: 'measurable'; readonly parts: readonly MappedPart[] };

const UNMEASURABLE: Readonly<Record<Unmeasurable, string>> = {
  puffery: 'puffery: an opinion, not a promise that can be measured',
  'self-service': 'self-service (a help centre, FAQ or portal), not people answering',
  vague: 'too vague to measure: no channel, time or person is promised',
};

/** The same kind and limit, counted on the same clock ("4 business hours" is not "4 hours"). */
function samePromise(a: ClaimPromise, b: ClaimPromise): boolean {
  const clock = (p: ClaimPromise): string =>
    p.kind === 'answered' || p.business === undefined ? 'elapsed' : JSON.stringify(p.business);
  return a.kind === b.kind && promiseLimitMs(a) === promiseLimitMs(b) && clock(a) === clock(b);
}

const onlyOn = (claim: Claim, channel: ClaimChannel): boolean =>
  claim.channels.length === 1 && claim.channels[0] === channel;

/** The catalogue claim whose hours stand for "whenever open" on a channel: same promise, then same kind; weekly first. */
function openingHoursClaim(claims: readonly Claim[], channel: ClaimChannel, promise: ClaimPromise): Claim | undefined {
  const candidates = claims.filter((c) => c.channels.includes(channel));
  const rank = (c: Claim): number =>
    (samePromise(c.promise, promise) ? 0 : c.promise.kind === promise.kind ? 2 : 4) +
    (c.hours.kind === 'weekly' ? 0 : 1);
  return [...candidates].sort((a, b) => rank(a) - rank(b))[0];
}

function hoursOf(
  extracted: ExtractedClaim,
  channel: ClaimChannel,
  promise: ClaimPromise,
  context: MappingContext,
): { hours: Hours | null; notes: string[] } {
  const { hours } = extracted;
  switch (hours.kind) {
    case 'always':
      return { hours: { kind: 'always', timeZone: context.serviceTimeZone }, notes: [] };
    case 'weekly': {
      const notes =
        hours.timeZone === null
          ? [`the copy names no time zone; read in the service's (${context.serviceTimeZone})`]
          : [];
      const windows: readonly WeeklyWindow[] = hours.windows;
      return {
        hours: { kind: 'weekly', timeZone: hours.timeZone ?? context.serviceTimeZone, windows, holidays: [] },
        notes,
      };
    }
    case 'same-business-day':
    case 'unstated': {
      const source = openingHoursClaim(context.catalogueClaims, channel, promise);
      if (source === undefined && channel === 'email') {
        return {
          hours: { kind: 'always', timeZone: context.serviceTimeZone },
          notes: ['an email can be sent at any hour: read as 24/7'],
        };
      }
      if (source === undefined) return { hours: null, notes: [] };
      const what =
        hours.kind === 'unstated' ? 'the copy names no hours' : '"same business day" depends on business hours';
      return { hours: source.hours, notes: [`${what}; read as the hours of catalogue claim "${source.id}"`] };
    }
  }
}

const percent = (share: number): string => `${Math.round(share * 1000) / 10}%`;

/** Absolute wording is absolute; a share the copy states ("80% of calls") is that share; otherwise the default. */
function targetOf(extracted: ExtractedClaim, context: MappingContext, notes: string[]): Target {
  if (extracted.absolute) return { kind: 'absolute' };
  if (extracted.share !== null && extracted.share > 0 && extracted.share <= 1) {
    return extracted.share >= 1 ? { kind: 'absolute' } : { kind: 'share', share: extracted.share };
  }
  notes.push(`no absolute wording and no share stated: read as ${percent(context.defaultShare)} of attempts`);
  return { kind: 'share', share: context.defaultShare };
}

function ownerFor(claims: readonly Claim[], channel: ClaimChannel, match: Claim | null): string {
  return match?.owner ?? claims.find((c) => c.channels.includes(channel))?.owner ?? claims[0]?.owner ?? 'unowned';
}

function partOf(
  extracted: ExtractedClaim,
  promise: ClaimPromise,
  channel: ClaimChannel,
  context: MappingContext,
): MappedPart {
  const id = extracted.channels.length > 1 ? `${extracted.id}.${channel}` : extracted.id;
  const statistic = extracted.statistic === 'average' && promiseLimitMs(promise) !== null ? 'average' : 'each';
  const { hours, notes } = hoursOf(extracted, channel, promise, context);
  if (hours === null) {
    const unjudgeable = `the copy names no hours and no catalogue claim says when ${channel} is open`;
    return { id, channel, claim: null, unjudgeable, statistic, match: null, notes };
  }
  const target = targetOf(extracted, context, notes);
  const match =
    context.catalogueClaims.find(
      (c) => onlyOn(c, channel) && samePromise(c.promise, promise) && sameHours(c.hours, hours),
    ) ?? null;
  if (match !== null && match.hours.kind === 'weekly' && match.hours.holidays.length > 0) {
    notes.push(
      `catalogue claim "${match.id}" closes on ${match.hours.holidays.length} holidays the copy does not mention`,
    );
  }
  const claim: Claim = {
    id,
    copy: extracted.span.text,
    publishedAt: [],
    owner: ownerFor(context.catalogueClaims, channel, match),
    channels: [channel],
    // A match's own hours (holidays included) are what its rollups were judged against.
    hours: match?.hours ?? hours,
    promise,
    target,
    minSamples: match?.minSamples ?? context.minSamples,
  };
  return { id, channel, claim, unjudgeable: null, statistic, match, notes };
}

/**
 * Reads one extracted claim as something Kept can judge: the hours (in its own time zone or the service's), the
 * promise, the target (absolute wording is absolute; otherwise the default share), and the catalogue claim, if any,
 * with the same channel, promise and hours. Puffery, self-service and vague phrases are unmeasurable.
 */
export function mapExtractedClaim(extracted: ExtractedClaim, context: MappingContext): Mapping {
  if (extracted.unmeasurable !== null) return { kind: 'unmeasurable', reason: UNMEASURABLE[extracted.unmeasurable] };
  const promise = extracted.promise;
  if (promise === null) return { kind: 'unmeasurable', reason: 'names no promise that can be measured' };
  if (extracted.channels.length === 0)
    return { kind: 'unmeasurable', reason: 'names no channel (chat, phone or email)' };
  return {
    kind: 'measurable',
    parts: extracted.channels.map((channel) => partOf(extracted, promise, channel, context)),
  };
}
