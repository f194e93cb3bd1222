import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { createClaimBook } from '../../../app/claim-book.ts';
import { evaluateClaims } from '../../../app/evaluate-claims.ts';
import { approveCopy } from '../../../app/signoff/approve.ts';
import { signOffCopy } from '../../../app/signoff/sign-off.ts';
import { KeptError, validationError } from '../../../domain/errors.ts';
import { esc } from '../../reports/html-kit.ts';
import type { ApiDeps } from '../api.routes.ts';
import {
  DEFAULT_SIGNOFF_MAX_BYTES,
  parseCopyFormat,
  parseSince,
  tokenMatches,
  type SignoffHttpDeps,
} from '../signoff.routes.ts';
import { readLocationEvidence } from '../../../app/location-evidence.ts';
import { BOARD_PAGE_SIZE, claimPage, claimsPage, type BoardView } from './claims.page.ts';
import { Representation, sendRepresentation } from '../representation.ts';
import { webPage } from '../../reports/html-kit.ts';
import { signoffPage, signoffRecordPage, signoffRecordsTable, signoffsPage, type SignoffForm } from './signoff.page.ts';

export interface WebDeps extends ApiDeps {
  /** Sign-off service and records; without them the sign-off pages say how to enable them. */
  readonly signoff?: SignoffHttpDeps;
}

type Handler = (req: Request, res: Response) => Promise<void>;

/** `?status=broken&page=2` on the board; anything else is a 400 with a sentence. */
function boardView(query: Record<string, unknown>): BoardView {
  const { status, page } = query;
  if (status !== undefined && status !== 'kept' && status !== 'broken' && status !== 'unproven') {
    throw validationError('query.invalid', '"status" takes kept, broken or unproven');
  }
  const n = page === undefined ? 1 : Number(page);
  if (!Number.isInteger(n) || n < 1 || n > 100_000)
    throw validationError('query.invalid', '"page" must be a whole number from 1');
  return { status: status ?? null, page: n, perPage: BOARD_PAGE_SIZE };
}

/**
 * Kept's own web pages, server-rendered HTML with inline CSS and no scripts or external assets: `/` (claims, verdicts,
 * heatmaps, signed-off claims), `/claims/:id`, `/signoff` (a form posting copy, answered with the report),
 * `/signoffs` and `/signoffs/:id`. Usable without Grafana.
 */
export function webRoutes(deps: WebDeps): Router {
  const router = Router();
  const service = deps.catalogue.service.name;
  const book = deps.claimBook ?? createClaimBook(deps.catalogue);
  const maxBytes = deps.signoff?.maxBytes ?? DEFAULT_SIGNOFF_MAX_BYTES;
  const enabled = deps.signoff !== undefined && deps.signoff.token !== null;

  const page = (fn: Handler) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      await fn(req, res);
    } catch (error) {
      if (!(error instanceof KeptError && error.kind === 'validation')) return next(error); // logged, a plain 500 page
      res
        .status(400)
        .type('html')
        .send(
          webPage(
            service,
            'Error',
            `<h1>Something went wrong</h1><p class="error" role="alert">${esc(error.message)}</p>`,
          ),
        );
    }
  };

  async function verdicts() {
    const current = deps.board.current();
    if (current.computedAt !== null) return current;
    const now = deps.clock.now();
    return {
      computedAt: now,
      witnesses: new Map(),
      verdicts: await evaluateClaims(
        deps.store,
        book.claims(),
        now,
        deps.catalogue.evaluation.windowMs,
        deps.catalogue.probes,
      ),
    };
  }

  // The board is rendered once per verdict refresh (and change of the sign-offs it lists) and view, however many look.
  let boards: { verdicts: unknown; claims: number; signoffs: string; views: Map<string, Representation> } | undefined;
  router.get(
    '/',
    page(async (req, res) => {
      const view = boardView(req.query);
      const { computedAt, verdicts: list, witnesses } = await verdicts();
      const records = deps.signoff?.records ? await deps.signoff.records.list() : [];
      const signoffs = `<h2>Signed-off claims</h2>${signoffRecordsTable(records.slice(0, 20))}`;
      const claims = book.claims();
      if (boards?.verdicts !== list || boards.claims !== claims.length || boards.signoffs !== signoffs) {
        boards = { verdicts: list, claims: claims.length, signoffs, views: new Map() };
      }
      const key = `${view.status ?? '*'}|${view.page}`;
      let board = boards.views.get(key);
      if (board === undefined) {
        const html = claimsPage({ ...deps.catalogue, claims }, list, computedAt, signoffs, view, witnesses);
        board = new Representation(html, 'text/html; charset=utf-8');
        if (boards.views.size < 64) boards.views.set(key, board);
      }
      await sendRepresentation(req, res, board);
    }),
  );

  router.get(
    '/claims/:id',
    page(async (req, res) => {
      const claim = book.claim(String(req.params.id));
      if (claim === undefined) {
        res
          .status(404)
          .type('html')
          .send(webPage(service, 'Not found', '<h1>No such claim</h1><p><a href="/">All claims</a></p>'));
        return;
      }
      const verdict = (await verdicts()).verdicts.find((v) => v.claimId === claim.id);
      const now = deps.clock.now();
      const window = verdict?.window ?? { from: now - deps.catalogue.evaluation.windowMs, to: now };
      const probes = book.probesFor(claim.id);
      const [recent, gaps, byPlace] = await Promise.all([
        deps.store.observations({ claimId: claim.id, from: window.from, to: window.to, limit: 500 }),
        deps.store.gaps({ from: window.from, to: window.to }),
        readLocationEvidence(deps.store, deps.catalogue.probes, claim, (c, o) => book.judge(c, o), window),
      ]);
      const judged = recent.map((observation) => ({ observation, judgement: book.judge(claim, observation) }));
      res.type('html').send(
        claimPage(service, {
          claim,
          verdict,
          probes,
          recent: judged,
          gaps: gaps.filter((g) => probes.includes(g.probeId)),
          ...(byPlace === undefined ? {} : { locations: byPlace.locations }),
        }),
      );
    }),
  );

  router.get(
    '/signoff',
    page(async (_req, res) => {
      res.type('html').send(signoffPage(service, { enabled }));
    }),
  );

  /** What a sign-off form post is answered with: the page's status and what it shows. */
  type FormAnswer = { readonly status: number; readonly options: Parameters<typeof signoffPage>[1] };

  /**
   * A sign-off form post (`/signoff` checks copy, `/signoff/approve` signs its supported claims off): the form's
   * values, the token and the size checked alike, then `act`; a validation error is a 400 on the same page.
   */
  const formPost = (
    act: (values: SignoffForm, field: (name: string) => string, on: SignoffHttpDeps) => Promise<FormAnswer>,
  ) => [
    express.urlencoded({ extended: false, limit: maxBytes * 4 }),
    page(async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const field = (name: string): string => (typeof body[name] === 'string' ? (body[name] as string) : '');
      const values: SignoffForm = {
        copy: field('copy'),
        format: field('format') || 'auto',
        since: field('since') || '90d',
      };
      const answer = ({ status, options }: FormAnswer) =>
        res.status(status).type('html').send(signoffPage(service, options));
      if (deps.signoff === undefined || !enabled) return void answer({ status: 503, options: { enabled: false } });
      if (!tokenMatches(deps.signoff.token, field('token'))) {
        return void answer({ status: 401, options: { enabled, values, error: 'The API token is missing or wrong.' } });
      }
      if (Buffer.byteLength(values.copy, 'utf8') > maxBytes) {
        const error = `The copy is larger than ${Math.round(maxBytes / 1024)} KB.`;
        return void answer({ status: 413, options: { enabled, values: { ...values, copy: '' }, error } });
      }
      try {
        answer(await act(values, field, deps.signoff));
      } catch (error) {
        if (!(error instanceof KeptError) || error.kind !== 'validation') throw error;
        answer({ status: 400, options: { enabled, values, error: error.message } });
      }
    }),
  ];

  /** The sign-off request the form's values stand for. */
  const requestOf = (values: SignoffForm) => {
    const format = parseCopyFormat(values.format);
    return { copy: values.copy, sinceMs: parseSince(values.since), ...(format ? { format } : {}) };
  };

  router.post(
    '/signoff',
    ...formPost(async (values, _field, on) => ({
      status: 200,
      options: { enabled, values, report: await signOffCopy(on.signoff, requestOf(values)) },
    })),
  );

  router.post(
    '/signoff/approve',
    ...formPost(async (values, field, on) => {
      if (on.records === null) {
        const error = 'Approvals are kept in the data directory, and Kept runs without one.';
        return { status: 503, options: { enabled, values, error } };
      }
      const result = await approveCopy(on.signoff, on.records, { ...requestOf(values), approver: field('approver') });
      const status = result.approved.length > 0 ? 201 : 200;
      return { status, options: { enabled, values, report: result.report, approved: result } };
    }),
  );

  router.get(
    '/signoffs',
    page(async (_req, res) => {
      res.type('html').send(signoffsPage(service, deps.signoff?.records ? await deps.signoff.records.list() : []));
    }),
  );

  router.get(
    '/signoffs/:id',
    page(async (req, res) => {
      const record = deps.signoff?.records ? await deps.signoff.records.get(String(req.params.id)) : undefined;
      if (record === undefined) {
        res
          .status(404)
          .type('html')
          .send(webPage(service, 'Not found', '<h1>No such sign-off</h1><p><a href="/signoffs">All sign-offs</a></p>'));
        return;
      }
      res.type('html').send(signoffRecordPage(service, record));
    }),
  );

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if ((error as { type?: unknown } | null)?.type === 'entity.too.large') {
      res
        .status(413)
        .type('html')
        .send(signoffPage(service, { enabled, error: `The copy is larger than ${Math.round(maxBytes / 1024)} KB.` }));
      return;
    }
    next(error);
  });
  return router;
}
