import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Catalogue } from '../../domain/catalogue.ts';
import { createClaimBook, type ClaimBook } from '../../app/claim-book.ts';
import type { Clock, Logger, ObservationStore } from '../../app/ports.ts';
import type { VerdictBoard } from '../../app/verdict-board.ts';
import { createWindowVerdicts, type VerdictSnapshot } from '../../app/window-verdicts.ts';
import { readLocationEvidence } from '../../app/location-evidence.ts';
import type { Claim } from '../../domain/claim.ts';
import { KeptError } from '../../domain/errors.ts';
import type { Judgement } from '../../domain/judgement.ts';
import { LISTED_EVIDENCE_LIMITS, observationToJson } from '../json/observation.json.ts';
import type { Observation } from '../../domain/observation.ts';
import { claimSummaryJson, verdictJson, witnessesJson } from '../json/verdict.json.ts';
import { parseInstant, parseLimit, parseOutcome, parseWindow } from './query-params.ts';
import { claimsListQuery, claimsListKey, claimsPage } from './claims-list.ts';
import { jsonRepresentation, RepresentationCache, sendRepresentation, type Representation } from './representation.ts';

/** An observation in a list: at most 16 KiB of it (LISTED_EVIDENCE_LIMITS), the cuts in evidence.truncated. */
const listed = (observation: Observation) => observationToJson(observation, LISTED_EVIDENCE_LIMITS);

export interface ApiDeps {
  readonly catalogue: Catalogue;
  readonly store: ObservationStore;
  readonly board: VerdictBoard;
  readonly clock: Clock;
  /** The claims shown, with those derived from observations (an auto-reply's promise). Default: the catalogue's. */
  readonly claimBook?: ClaimBook;
  /** Where a failed background recomputation of verdicts is reported. */
  readonly log?: Logger;
}

const QUIET: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

const judgementJson = (j: Judgement) => ({
  inForce: j.inForce,
  counted: j.counted,
  met: j.met,
  reason: j.reason,
  hourOfWeek: j.hourOfWeek,
});

type Handler = (req: Request, res: Response) => Promise<void>;

/** Turns validation errors into 400 with a code; anything else goes to the server's error handler (logged, 500). */
const handle = (fn: Handler) => async (req: Request, res: Response, next: NextFunction) => {
  try {
    await fn(req, res);
  } catch (error) {
    if (error instanceof KeptError && error.kind === 'validation') {
      res.status(400).json({ error: error.toJSON() });
      return;
    }
    next(error);
  }
};

/** JSON API: claims with verdicts, one claim with its evidence, observations by claim and time range. */
export function apiRoutes(deps: ApiDeps): Router {
  const router = Router();
  const book = deps.claimBook ?? createClaimBook(deps.catalogue);
  const defaultWindow = deps.catalogue.evaluation.windowMs;

  const windows = createWindowVerdicts({
    store: deps.store,
    claims: () => book.claims(),
    probes: deps.catalogue.probes,
    clock: deps.clock,
    board: deps.board,
    log: deps.log ?? QUIET,
    boardWindowMs: defaultWindow,
  });
  // The claims list and each claim's page are rendered, hashed and compressed once per verdict refresh (and query),
  // however many ask for them. Observations recorded since show with the next refresh, which follows each one by at
  // most the board's interval (a second in service).
  const lists = new RepresentationCache(16);
  const details = new RepresentationCache<Promise<Representation>>(64);

  async function claimDetail(claim: Claim, snapshot: VerdictSnapshot): Promise<Representation> {
    const verdict = snapshot.verdicts.find((v) => v.claimId === claim.id);
    const window = verdict?.window ?? { from: deps.clock.now() - defaultWindow, to: deps.clock.now() };
    const [recent, gaps] = await Promise.all([
      deps.store.observations({ claimId: claim.id, from: window.from, to: window.to, limit: 500 }),
      deps.store.gaps({ from: window.from, to: window.to }),
    ]);
    const judged = recent.map((o) => ({ observation: o, judgement: book.judge(claim, o) }));
    const failures = judged.filter((j) => j.judgement.counted && !j.judgement.met).slice(0, 20);
    const probes = new Set(book.probesFor(claim.id));
    const witnesses = snapshot.witnesses?.get(claim.id);
    // Per location (a claim whose probes name `locations`): the verdict its attempts from each place give alone.
    const byPlace = await readLocationEvidence(
      deps.store,
      deps.catalogue.probes,
      claim,
      (c, o) => book.judge(c, o),
      window,
    );
    const locations =
      byPlace === undefined ? {} : { locations: byPlace.locations, locationsComplete: byPlace.complete };
    return jsonRepresentation({
      claim: claimSummaryJson(claim, verdict, witnesses),
      verdict: verdict === undefined ? null : verdictJson(verdict),
      // What real customers got by the platform's count (N contacts) beside the probes (N attempts), and whether the
      // two disagree: null for a claim no collector verifies.
      witnesses: witnessesJson(verdict, witnesses),
      probes: [...probes],
      ...locations,
      recentObservations: judged
        .slice(0, 50)
        .map(({ observation, judgement }) => ({ ...listed(observation), judgement: judgementJson(judgement) })),
      recentFailures: failures.map(({ observation, judgement }) => ({
        ...listed(observation),
        judgement: judgementJson(judgement),
      })),
      coverageGaps: gaps
        .filter((g) => probes.has(g.probeId))
        .map((g) => ({ ...g, from: new Date(g.from).toISOString(), to: new Date(g.to).toISOString() })),
    });
  }

  router.get(
    '/claims',
    handle(async (req, res) => {
      const query = claimsListQuery(req.query);
      const windowMs = parseWindow(req.query.since, defaultWindow);
      const snapshot = await windows.get(windowMs);
      const claims = book.claims();
      const key = claimsListKey(query, windowMs, snapshot.generation, claims.length);
      const representation = lists.get(key, () => {
        const verdicts = new Map(snapshot.verdicts.map((v) => [v.claimId, v]));
        const summaries = claims.map((c) => claimSummaryJson(c, verdicts.get(c.id), snapshot.witnesses?.get(c.id)));
        return jsonRepresentation({
          service: deps.catalogue.service.name,
          computedAt: new Date(snapshot.computedAt).toISOString(),
          ...claimsPage(summaries, query, req.baseUrl + req.path),
        });
      });
      await sendRepresentation(req, res, representation);
    }),
  );

  router.get(
    '/claims/:id',
    handle(async (req, res) => {
      const claim = book.claim(String(req.params.id));
      if (claim === undefined) {
        res
          .status(404)
          .json({ error: { kind: 'validation', code: 'claim.unknown', message: `no claim "${req.params.id}"` } });
        return;
      }
      const windowMs = parseWindow(req.query.since, defaultWindow);
      const snapshot = await windows.get(windowMs);
      const key = `${claim.id}|${windowMs}|${snapshot.generation}`;
      await sendRepresentation(req, res, await details.get(key, () => claimDetail(claim, snapshot)));
    }),
  );

  router.get(
    '/claims/:id/observations',
    handle(async (req, res) => {
      const claimId = String(req.params.id);
      if (book.claim(claimId) === undefined) {
        res
          .status(404)
          .json({ error: { kind: 'validation', code: 'claim.unknown', message: `no claim "${claimId}"` } });
        return;
      }
      const now = deps.clock.now();
      const from = parseInstant('from', req.query.from, now, now - defaultWindow);
      const to = parseInstant('to', req.query.to, now, now + 1);
      const limit = parseLimit(req.query.limit, 100, 10_000);
      const outcome = parseOutcome(req.query.outcome);
      const observations = await deps.store.observations({ claimId, from, to, limit, ...(outcome ? { outcome } : {}) });
      await sendRepresentation(
        req,
        res,
        jsonRepresentation({
          claimId,
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          observations: observations.map(listed),
        }),
      );
    }),
  );

  return router;
}
