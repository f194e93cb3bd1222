import { createHash, timingSafeEqual } from 'node:crypto';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { approveCopy } from '../../app/signoff/approve.ts';
import { signOffCopy } from '../../app/signoff/sign-off.ts';
import type { SignoffRecordStore } from '../../app/signoff/signoff.types.ts';
import { COPY_FORMATS, type CopyFormat, type SignoffDeps } from '../../app/signoff/signoff.types.ts';
import { isDuration, parseDuration } from '../../domain/duration.ts';
import { KeptError, validationError } from '../../domain/errors.ts';
import type { Secret } from '../../domain/secret.ts';
import { MAX_WINDOW_MS } from './query-params.ts';
import { approveResultJson, signoffRecordJson, signoffReportJson } from '../reports/signoff.json.ts';
import { signoffReportHtml } from '../reports/signoff.html.ts';
import { signoffReportMarkdown } from '../reports/signoff.markdown.ts';

export interface SignoffHttpDeps {
  readonly signoff: SignoffDeps;
  /** Where approvals are stored; without it, approving answers 503. */
  readonly records: SignoffRecordStore | null;
  /** From KEPT_API_TOKEN; without it the sign-off endpoints answer 503. */
  readonly token: Secret | null;
  /** Largest request body accepted. Default 256 KB. */
  readonly maxBytes?: number;
}

export const DEFAULT_SIGNOFF_MAX_BYTES = 256 * 1024;
export const DEFAULT_SIGNOFF_SINCE = '90d';
export const SIGNOFF_DISABLED = 'sign-off API disabled: set KEPT_API_TOKEN';

const sha = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Whether a presented token is the configured one, compared in constant time (over digests, so lengths never leak). */
export function tokenMatches(expected: Secret | null, presented: string | undefined): boolean {
  if (expected === null || presented === undefined || presented === '') return false;
  return timingSafeEqual(sha(expected.reveal()), sha(presented));
}

const fail = (res: Response, status: number, kind: string, code: string, message: string): void => {
  res.status(status).json({ error: { kind, code, message } });
};

/** Bearer-token auth for the sign-off endpoints: 503 when no token is configured, 401 when it is missing or wrong. */
export function requireToken(token: Secret | null) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (token === null) return fail(res, 503, 'transient', 'signoff.disabled', SIGNOFF_DISABLED);
    const header = req.get('authorization') ?? '';
    const presented = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    if (!tokenMatches(token, presented)) {
      res.set('WWW-Authenticate', 'Bearer realm="kept"');
      return fail(
        res,
        401,
        'validation',
        'auth.token',
        'a valid bearer token is required (Authorization: Bearer <KEPT_API_TOKEN>)',
      );
    }
    next();
  };
}

export function parseCopyFormat(value: unknown): CopyFormat | undefined {
  if (value === undefined || value === '' || value === 'auto') return undefined;
  if (typeof value === 'string' && (COPY_FORMATS as readonly string[]).includes(value)) return value as CopyFormat;
  throw validationError(
    'signoff.format',
    `"format" must be one of ${COPY_FORMATS.join(', ')} (or left out to detect it)`,
  );
}

export function parseSince(value: unknown): number {
  const text = value === undefined || value === '' ? DEFAULT_SIGNOFF_SINCE : value;
  const ms = typeof text === 'string' && isDuration(text) ? parseDuration(text) : Number.NaN;
  if (!(ms > 0 && ms <= MAX_WINDOW_MS))
    throw validationError('signoff.since', '"since" must be a duration such as 30d or 90d, at most 1830d');
  return ms;
}

interface SignoffBody {
  readonly copy: string;
  readonly format?: CopyFormat;
  readonly sinceMs: number;
  readonly approver?: string;
  readonly claims?: readonly string[];
}

const FORMAT_BY_TYPE: Readonly<Record<string, CopyFormat>> = {
  'text/plain': 'text',
  'text/html': 'html',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
};

/** Reads `{ copy, format?, since?, approver?, claims? }` from JSON, or the copy itself from a text/* body. */
function readBody(req: Request): SignoffBody {
  const type = (req.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  if (type === 'application/json') {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw validationError('signoff.json', 'the body is not valid JSON');
    }
    if (typeof body !== 'object' || body === null || typeof (body as { copy?: unknown }).copy !== 'string') {
      throw validationError('signoff.body', 'the JSON body needs "copy": the text, Markdown or HTML to sign off');
    }
    const b = body as Record<string, unknown>;
    const claims = b.claims;
    if (claims !== undefined && (!Array.isArray(claims) || !claims.every((c) => typeof c === 'string'))) {
      throw validationError('signoff.claims', '"claims" must be a list of claim ids such as ["c1", "c2.chat"]');
    }
    if (b.approver !== undefined && typeof b.approver !== 'string')
      throw validationError('signoff.approver', '"approver" must be a name');
    const format = parseCopyFormat(b.format);
    return {
      copy: b.copy as string,
      ...(format ? { format } : {}),
      sinceMs: parseSince(b.since ?? req.query.since),
      ...(typeof b.approver === 'string' ? { approver: b.approver } : {}),
      ...(claims ? { claims: claims as string[] } : {}),
    };
  }
  const byType = FORMAT_BY_TYPE[type];
  if (byType === undefined) {
    throw validationError(
      'signoff.content-type',
      'send application/json ({ "copy": … }) or the copy as text/plain, text/markdown or text/html',
    );
  }
  return { copy: raw, format: parseCopyFormat(req.query.format) ?? byType, sinceMs: parseSince(req.query.since) };
}

type Handler = (req: Request, res: Response) => Promise<void>;

/** Claims written between two turns of the event loop when a report is sent. */
const CLAIMS_PER_WRITE = 25;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Sends the JSON report claim by claim, letting the event loop run in between: a 250 KB page makes a report of
 * hundreds of claims (9 MB of JSON), which in one JSON.stringify held /healthz up for a third of a second.
 */
async function sendReportJson(res: Response, report: Parameters<typeof signoffReportJson>[0]): Promise<void> {
  const { claims, unmeasurable, ...head } = signoffReportJson(report);
  res.type('json');
  res.write(JSON.stringify(head).slice(0, -1));
  for (const [key, items] of [
    ['claims', claims],
    ['unmeasurable', unmeasurable],
  ] as const) {
    res.write(`,${JSON.stringify(key)}:[`);
    for (let i = 0; i < items.length; i += 1) {
      res.write(`${i > 0 ? ',' : ''}${JSON.stringify(items[i])}`);
      if (i % CLAIMS_PER_WRITE === CLAIMS_PER_WRITE - 1) await nextTurn();
    }
    res.write(']');
  }
  res.end('}');
}

const handle = (fn: Handler) => async (req: Request, res: Response, next: NextFunction) => {
  try {
    await fn(req, res);
  } catch (error) {
    if (error instanceof KeptError && error.kind === 'validation')
      return fail(res, 400, 'validation', error.code, error.message);
    if (error instanceof KeptError && error.kind === 'transient')
      return fail(res, 503, 'transient', error.code, error.message);
    next(error); // the server's error handler logs it and answers 500
  }
};

/**
 * The sign-off API, mounted under /api: `POST /signoff` (the JSON report; `?as=html|markdown` for those reports),
 * `POST /signoff/approve` (stores sign-off records; 201), and `GET /signoffs` (the records). Posting needs the bearer
 * token; bodies over the size limit get 413 before anything is judged.
 */
export function signoffRoutes(deps: SignoffHttpDeps): Router {
  const router = Router();
  const body = express.raw({ type: () => true, limit: deps.maxBytes ?? DEFAULT_SIGNOFF_MAX_BYTES });
  const auth = requireToken(deps.token);

  router.post(
    '/signoff',
    auth,
    body,
    handle(async (req, res) => {
      const input = readBody(req);
      const report = await signOffCopy(deps.signoff, input);
      const as = req.query.as;
      if (as === 'html') res.type('html').send(signoffReportHtml(report));
      else if (as === 'markdown') res.type('text/markdown').send(signoffReportMarkdown(report));
      else await sendReportJson(res, report);
    }),
  );

  router.post(
    '/signoff/approve',
    auth,
    body,
    handle(async (req, res) => {
      if (deps.records === null)
        return fail(res, 503, 'transient', 'signoff.records', 'sign-off records are not configured');
      const input = readBody(req);
      if (input.approver === undefined)
        throw validationError('signoff.approver', 'an approval needs "approver": the name of who signs it off');
      const result = await approveCopy(deps.signoff, deps.records, {
        ...input,
        approver: input.approver,
        ...(input.claims ? { claimIds: input.claims } : {}),
      });
      res.status(result.approved.length > 0 ? 201 : 200).json(approveResultJson(result));
    }),
  );

  router.get(
    '/signoffs',
    handle(async (_req, res) => {
      const records = deps.records === null ? [] : await deps.records.list();
      res.json({ signoffs: records.map(signoffRecordJson) });
    }),
  );

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const type = (error as { type?: unknown } | null)?.type;
    if (type === 'entity.too.large')
      return fail(
        res,
        413,
        'validation',
        'signoff.too-large',
        `the copy is larger than ${Math.round((deps.maxBytes ?? DEFAULT_SIGNOFF_MAX_BYTES) / 1024)} KB`,
      );
    if (type !== undefined) return fail(res, 400, 'validation', 'signoff.body', 'the request body could not be read');
    next(error);
  });
  return router;
}
