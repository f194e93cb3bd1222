import type { ClaimChannel } from '../channel.ts';
import type { ClaimPromise, WeeklyWindow } from '../claim.ts';

/** A stretch of the copy, as character offsets into the ORIGINAL input (HTML or Markdown included), end exclusive. */
export interface CopySpan {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** When the copy says the promise holds. `unstated` when the copy names no hours (read as "whenever open"). */
export type ExtractedHours =
  | { readonly kind: 'always' }
  | { readonly kind: 'weekly'; readonly windows: readonly WeeklyWindow[]; readonly timeZone: string | null }
  | { readonly kind: 'same-business-day' }
  | { readonly kind: 'unstated' };

/** Why a phrase cannot be measured: puffery ("world-class"), self-service ("24/7 online help centre"), vague. */
export type Unmeasurable = 'puffery' | 'self-service' | 'vague';

/**
 * One claim found in marketing copy, with the rules that matched, so the result is explainable. Rule-based: the same
 * copy always gives the same claims.
 */
export interface ExtractedClaim {
  /** `c1`, `c2`, … in order of appearance. */
  readonly id: string;
  /** The phrase the claim came from. */
  readonly span: CopySpan;
  /** The whole sentence around it. */
  readonly sentence: CopySpan;
  /** Channels named; "support", "customer service" and "we" with no channel mean all three. */
  readonly channels: readonly ClaimChannel[];
  readonly hours: ExtractedHours;
  /** What is promised per attempt; null for unmeasurable phrases. */
  readonly promise: ClaimPromise | null;
  /** "average wait under 90 seconds": the limit applies to the mean, not each attempt. */
  readonly statistic: 'each' | 'average';
  /** "80% of calls within 20 seconds" → 0.8; "median" → 0.5; null when the copy states no share. */
  readonly share: number | null;
  /** Absolute wording: "24/7", "every", "always", "never", "all". */
  readonly absolute: boolean;
  /** A person is promised ("a real person", "live agent", "no bots"). */
  readonly human: boolean;
  /** Set when the phrase cannot be measured; such claims get no verdict, only a note. */
  readonly unmeasurable: Unmeasurable | null;
  /** Rule ids and what each matched, e.g. `availability.24-7: "24/7"`. */
  readonly because: readonly string[];
}
