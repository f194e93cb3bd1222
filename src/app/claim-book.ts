import type { Catalogue } from '../domain/catalogue.ts';
import type { Claim } from '../domain/claim.ts';
import { autoReplyClaimId } from '../domain/email/auto-reply-claim.ts';
import { judge, type Judgement } from '../domain/judgement.ts';
import type { Observation } from '../domain/observation.ts';
import { claimsDerivedFrom, judgeDerived, mailboxClaimIdOf } from './derived-claims.ts';
import type { ObservationStore } from './ports.ts';

/**
 * The claims Kept judges and shows: the catalogue's, and those observations derive (an email auto-reply's promise,
 * `<mailbox>~auto-reply`). A derived claim is known once an observation carrying its promise has been stored; its
 * wording is the latest promise seen. The verdict board, the API, /metrics and `kept verdicts` read claims from here.
 */
export interface ClaimBook {
  /** Every claim, in catalogue order, each derived claim right after its mailbox claim. */
  claims(): readonly Claim[];
  claim(id: string): Claim | undefined;
  /** The mailbox claim a derived claim was made from; undefined for catalogue claims. */
  derivedFrom(claimId: string): Claim | undefined;
  /** The probes whose observations are judged for a claim (a derived claim's are its mailbox claim's). */
  probesFor(claimId: string): readonly string[];
  /** How a stored observation counts for a claim, worked out again (evidence pages). */
  judge(claim: Claim, observation: Observation): Judgement;
  /**
   * Takes in the claims a stored observation derives; a promise replaces the one seen before only when its
   * observation started later. Returns the claims that are new or changed.
   */
  learn(observation: Observation): readonly Claim[];
}

export function createClaimBook(catalogue: Pick<Catalogue, 'claims' | 'probes'>): ClaimBook {
  const byId = new Map(catalogue.claims.map((c) => [c.id, c]));
  const derived = new Map<string, { claim: Claim; mailbox: Claim; seenAt: number }>();
  let list: readonly Claim[] = catalogue.claims;
  const verifiedBy = (probeId: string): Claim[] =>
    (catalogue.probes.find((p) => p.id === probeId)?.verifies ?? [])
      .map((id) => byId.get(id))
      .filter((c): c is Claim => c !== undefined);
  const mailboxOf = (claimId: string): Claim | undefined => {
    const id = mailboxClaimIdOf(claimId);
    return id === undefined ? undefined : byId.get(id);
  };

  return {
    claims: () => list,
    claim: (id) => byId.get(id) ?? derived.get(id)?.claim,
    derivedFrom: (claimId) => derived.get(claimId)?.mailbox,
    probesFor(claimId) {
      const id = byId.has(claimId) ? claimId : derived.get(claimId)?.mailbox.id;
      return id === undefined ? [] : catalogue.probes.filter((p) => p.verifies.includes(id)).map((p) => p.id);
    },
    judge(claim, observation) {
      const mailbox = byId.has(claim.id) ? undefined : mailboxOf(claim.id);
      return mailbox === undefined ? judge(claim, observation) : judgeDerived(mailbox, observation);
    },
    learn(observation) {
      const changed: Claim[] = [];
      for (const claim of claimsDerivedFrom(verifiedBy(observation.probeId), observation)) {
        const known = derived.get(claim.id);
        if (known !== undefined && known.seenAt > observation.startedAt) continue;
        const mailbox = mailboxOf(claim.id) as Claim;
        derived.set(claim.id, { claim, mailbox, seenAt: observation.startedAt });
        if (
          known === undefined ||
          known.claim.copy !== claim.copy ||
          JSON.stringify(known.claim.promise) !== JSON.stringify(claim.promise)
        )
          changed.push(claim);
      }
      if (changed.length > 0) {
        list = catalogue.claims.flatMap((c) => {
          const own = derived.get(autoReplyClaimId(c.id));
          return own === undefined ? [c] : [c, own.claim];
        });
      }
      return changed;
    },
  };
}

/**
 * At start-up: the derived claims judged in [from, to), each from the latest observation judged for it, so verdicts
 * show them before a new promise arrives. One query per mailbox claim (those verified by email probes).
 */
export async function recoverDerivedClaims(
  store: Pick<ObservationStore, 'observations'>,
  catalogue: Pick<Catalogue, 'claims' | 'probes'>,
  book: ClaimBook,
  from: number,
  to: number,
): Promise<readonly Claim[]> {
  const mailboxes = new Set(catalogue.probes.filter((p) => p.kind === 'email').flatMap((p) => p.verifies));
  const learnt: Claim[] = [];
  for (const id of mailboxes) {
    const [latest] = await store.observations({ claimId: autoReplyClaimId(id), from, to, limit: 1 });
    if (latest !== undefined) learnt.push(...book.learn(latest));
  }
  return learnt;
}
