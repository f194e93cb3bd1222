import type { ClaimChannel } from '../../domain/channel.ts';
import type { Claim } from '../../domain/claim.ts';
import type { ExtractedClaim } from '../../domain/copy/extracted-claim.ts';
import type { SignoffStatus } from '../../domain/signoff/signoff-status.ts';

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
