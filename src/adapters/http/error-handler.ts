import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../app/ports.ts';
import { KeptError, type ErrorKind } from '../../domain/errors.ts';
import { redactUrls } from '../../domain/redact-url.ts';

/** What a client is told about a failed request: never a stack trace, a file path or a secret. */
export interface HttpFailure {
  readonly status: number;
  readonly kind: ErrorKind;
  readonly code: string;
  readonly message: string;
}

const INTERNAL = 'internal error; see the service log';

/** The errors body parsers raise (`type`), as the client's mistake with a fixed sentence. */
const BODY_ERRORS: Readonly<Record<string, { status: number; code: string; message: (limit?: number) => string }>> = {
  'entity.too.large': {
    status: 413,
    code: 'request.too-large',
    message: (limit) =>
      `the request body is larger than ${limit === undefined ? 'allowed' : `${Math.round(limit / 1024)} KB`}`,
  },
  'entity.parse.failed': { status: 400, code: 'request.json', message: () => 'the request body is not valid JSON' },
  'encoding.unsupported': {
    status: 415,
    code: 'request.encoding',
    message: () => "the request body's content encoding is not supported",
  },
  'charset.unsupported': {
    status: 415,
    code: 'request.charset',
    message: () => "the request body's charset is not supported",
  },
  'request.aborted': {
    status: 400,
    code: 'request.aborted',
    message: () => 'the request was aborted before its body arrived',
  },
  'request.size.invalid': {
    status: 400,
    code: 'request.size',
    message: () => 'the request body is shorter or longer than Content-Length',
  },
  'parameters.too.many': {
    status: 413,
    code: 'request.too-many-parameters',
    message: () => 'the request has too many parameters',
  },
};

/**
 * Maps an error to a response. Bad input (a body parser's error, a `validation` KeptError, a malformed URL) is the
 * client's: a 4xx with a sentence. A `transient` KeptError is 503 with its code and no detail (its message may name
 * files). Anything else is a bug: 500, "see the service log".
 */
export function httpFailure(error: unknown): HttpFailure {
  const e = (error ?? {}) as { type?: unknown; limit?: unknown; status?: unknown; statusCode?: unknown };
  const body = typeof e.type === 'string' ? BODY_ERRORS[e.type] : undefined;
  if (body !== undefined) {
    const limit = typeof e.limit === 'number' ? e.limit : undefined;
    return { status: body.status, kind: 'validation', code: body.code, message: body.message(limit) };
  }
  if (error instanceof KeptError) {
    if (error.kind === 'validation')
      return { status: 400, kind: 'validation', code: error.code, message: redactUrls(error.message) };
    if (error.kind === 'transient') {
      return {
        status: 503,
        kind: 'transient',
        code: error.code,
        message: 'temporarily unavailable; retry later (details in the service log)',
      };
    }
  }
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    const message = error instanceof URIError ? 'the URL is not validly encoded' : 'the request is not valid';
    return { status, kind: 'validation', code: 'request.invalid', message };
  }
  return { status: 500, kind: 'fatal', code: 'internal', message: INTERNAL };
}

/** API clients get JSON; people get a page. API: `/api/…`, the probes (`/healthz`, `/readyz`, `/metrics`), or JSON asked for. */
export function wantsJson(req: Request): boolean {
  if (/^\/(api|healthz|readyz|metrics)(\/|$)/.test(req.path)) return true;
  return req.accepts(['html', 'json']) === 'json';
}

const esc = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** A plain page for a failed web request: the status, the sentence, a way back. */
export function errorPage(failure: Pick<HttpFailure, 'status' | 'message'>): string {
  const title = failure.status === 404 ? 'Not found' : failure.status >= 500 ? 'Something went wrong' : 'Bad request';
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} - Kept</title></head>` +
    `<body><h1>${esc(title)}</h1><p role="alert">${esc(failure.message)}</p><p><a href="/">Kept</a></p></body></html>\n`
  );
}

export function sendFailure(req: Request, res: Response, failure: HttpFailure): void {
  if (wantsJson(req)) {
    res.status(failure.status).json({ error: { kind: failure.kind, code: failure.code, message: failure.message } });
  } else {
    res.status(failure.status).type('html').send(errorPage(failure));
  }
}

/** 404 for any route nobody answered, as JSON for API clients and as a page for people. */
export function notFound() {
  return (req: Request, res: Response): void => {
    sendFailure(req, res, { status: 404, kind: 'validation', code: 'not-found', message: 'no such endpoint' });
  };
}

/** The cause chain of an error as log fields: messages (URLs redacted), codes and the stack, for the service log. */
function causeFields(error: unknown): Record<string, unknown> {
  const chain: string[] = [];
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 5; depth += 1) {
    chain.push(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  const code = (error as { code?: unknown } | null)?.code;
  return {
    error: redactUrls(chain.join(' <- caused by: ')),
    ...(typeof code === 'string' ? { code } : {}),
    ...(error instanceof Error && error.stack !== undefined ? { stack: redactUrls(error.stack) } : {}),
  };
}

/**
 * The last middleware: every error a route throws or passes to `next` ends here. The client gets `httpFailure`'s
 * answer (JSON `{ error: { kind, code, message } }` for the API, a plain page on the web); every 5xx is logged with
 * its cause, method and path (secret query parameters redacted).
 */
export function errorHandler(log: Logger) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    const failure = httpFailure(error);
    if (failure.status >= 500) {
      const fields = {
        method: req.method,
        path: redactUrls(req.originalUrl),
        status: failure.status,
        ...causeFields(error),
      };
      if (failure.status === 503) log.warn('request failed: a dependency is unavailable', fields);
      else log.error('request failed with an internal error', fields);
    }
    if (res.headersSent) {
      next(error); // Express ends the half-sent response
      return;
    }
    sendFailure(req, res, failure);
  };
}
