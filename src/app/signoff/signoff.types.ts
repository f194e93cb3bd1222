import type { Catalogue } from '../../domain/catalogue.ts';
import type { ClaimChannel } from '../../domain/channel.ts';
import type { Claim } from '../../domain/claim.ts';
import type { CopyFormat } from '../../domain/copy/copy-text.ts';
import type { ExtractedClaim } from '../../domain/copy/extracted-claim.ts';
import type { Verdict, VerdictStatus } from '../../domain/evaluation/verdict.ts';
import type { TwoWitnesses } from '../../domain/population/discrepancy.ts';
import type { Observation } from '../../domain/observation.ts';
import type { AverageResult } from '../../domain/signoff/average.ts';
import type { SignoffStatus } from '../../domain/signoff/signoff-verdict.ts';
import type { Wording } from '../../domain/signoff/truthful-wording.ts';
import type { Clock, ObservationStore } from '../ports.ts';

export type { CopyFormat };

export const COPY_FORMATS: readonly CopyFormat[] = ['text', 'markdown', 'html'];

/**
 * The claim extractor (src/domain/copy): rule-based, so the same copy always gives the same claims. No default zone is
 * passed, so hours without a zone stay unzoned and the report can say they were read in the service's zone. The service
 * runs it on a worker thread (adapters/signoff/copy-analyser.ts), so it may answer with a promise.
 */
export type ExtractClaims = (
  input: string,
  options: { format: CopyFormat },
) => readonly ExtractedClaim[] | Promise<readonly ExtractedClaim[]>;

export interface SignoffDeps {
  readonly catalogue: Catalogue;
  readonly store: ObservationStore;
  readonly clock: Clock;
  readonly extract: ExtractClaims;
  /** Guesses the format when the caller does not say. */
  readonly detectFormat: (input: string) => CopyFormat;
  /** SHA-256 of a text, as lowercase hex (node:crypto in the composition root). */
  readonly digest: (text: string) => string;
  /** How long the store keeps raw observations; older ones exist only as hourly rollups. Default 35 days. */
  readonly rawRetentionMs?: number;
  /** Share of attempts a non-absolute claim in copy must meet. Default 0.95. */
  readonly defaultShare?: number;
  /** Example failures kept per claim. Default 5. */
  readonly maxExamples?: number;
  /** Lets the event loop run between claims (a long copy has hundreds); the service passes a setImmediate. */
  readonly pause?: () => Promise<void>;
  /**
   * The platform's witness of catalogue claims a collector verifies, and its discrepancy with the probes (the
   * service's verdict board): named in the evidence of copy matched to such a claim. Absent: the probes alone.
   */
  readonly witnesses?: () => ReadonlyMap<string, TwoWitnesses>;
}

export interface SignoffRequest {
  readonly copy: string;
  readonly format?: CopyFormat;
  /** Length of the evidence window, e.g. 90 days. */
  readonly sinceMs: number;
}

export interface ExampleFailure {
  readonly observation: Observation;
  /** Why it failed the claim, from its judgement. */
  readonly reason: string;
}

/** Where a judged claim's evidence comes from and what identifies it. Times are epoch ms. */
export interface EvidenceSummary {
  readonly from: number;
  readonly to: number;
  /** The latest run of the channel's probes, if any. */
  readonly latestAt: number | null;
  /** Raw observations judged (within raw retention). */
  readonly observations: number;
  /** SHA-256 of the canonical JSON of the verdict and the ids of the observations counted. */
  readonly digest: string;
}

/** One channel of one measurable claim in the copy, judged. */
export interface JudgedClaim {
  /** `c2`, or `c2.chat` when the phrase names several channels. */
  readonly id: string;
  readonly channel: ClaimChannel;
  readonly extracted: ExtractedClaim;
  /** The copy read as a domain claim; null when it could not be placed in time. */
  readonly claim: Claim | null;
  readonly status: SignoffStatus;
  /** Why, most important first. */
  readonly reasons: readonly string[];
  /** How the copy was read and what limited the evidence. */
  readonly notes: readonly string[];
  readonly basis: 'catalogue rollups' | 'raw observations' | 'none';
  readonly matchedClaimId: string | null;
  readonly probes: readonly string[];
  readonly verdict: Verdict | null;
  readonly average: AverageResult | null;
  readonly examples: readonly ExampleFailure[];
  /** A wording the evidence supports, for claims that are not supported. */
  readonly suggestion: Wording | null;
  readonly evidence: EvidenceSummary;
  /** What the platform counted for real customers of the matched catalogue claim (collectors), when it is read. */
  readonly platform?: {
    readonly status: VerdictStatus;
    readonly contacts: number;
    readonly compliance: number | null;
    readonly collectors: readonly string[];
    readonly discrepancy: string | null;
  };
}

export interface UnmeasurableClaim {
  readonly extracted: ExtractedClaim;
  readonly reason: string;
}

export interface SignoffReport {
  readonly service: string;
  readonly generatedAt: number;
  readonly sinceMs: number;
  readonly format: CopyFormat;
  readonly copy: string;
  readonly claims: readonly JudgedClaim[];
  readonly unmeasurable: readonly UnmeasurableClaim[];
  /** The worst status of the measurable claims; null when the copy has none. */
  readonly status: SignoffStatus | null;
  /** 0 all supported, 1 any not supported, 2 any unproven (1 wins). */
  readonly exitCode: 0 | 1 | 2;
}

/** What an approval stores: the claim as approved, who approved it and when, and a digest of the evidence. */
export interface NewSignoffRecord {
  /** The judged part's id in the report it came from (`c2`, `c2.chat`). */
  readonly partId: string;
  readonly channel: ClaimChannel;
  /** The phrase approved, verbatim, and the sentence around it. */
  readonly claimText: string;
  readonly sentence: string;
  readonly status: SignoffStatus;
  readonly reasons: readonly string[];
  readonly approver: string;
  /** Epoch ms. */
  readonly approvedAt: number;
  /** SHA-256 (hex) of the canonical JSON of the verdict and the ids of the observations counted. */
  readonly digest: string;
  /** Who is told when delivery later breaks the claim (routed like alerts). */
  readonly owner: string;
  readonly sinceMs: number;
  readonly matchedClaimId: string | null;
  /** Kept so the claim can be judged again later exactly as it was read. */
  readonly extracted: ExtractedClaim;
  readonly claim: Claim | null;
}

export interface SignoffRecord extends NewSignoffRecord {
  readonly id: string;
  /** The latest settled re-check: `supported` or `not supported` (an unproven re-check changes nothing). */
  readonly lastStatus: SignoffStatus;
  readonly lastCheckedAt: number | null;
}

/** Where sign-off records live (`<data>/signoffs.db` in the SQLite adapter). Writes are durable when they resolve. */
export interface SignoffRecordStore {
  add(records: readonly NewSignoffRecord[]): Promise<SignoffRecord[]>;
  /** Newest first. */
  list(): Promise<SignoffRecord[]>;
  get(id: string): Promise<SignoffRecord | undefined>;
  /** Records the outcome of a re-check. */
  setLastStatus(id: string, status: SignoffStatus, checkedAt: number): Promise<void>;
  close(): Promise<void>;
}
