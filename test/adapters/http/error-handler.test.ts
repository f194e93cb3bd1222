import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp, listen, type RunningServer } from '../../../src/adapters/http/server.ts';
import { httpFailure } from '../../../src/adapters/http/error-handler.ts';
import { openSqliteStore, type SqliteStore } from '../../../src/adapters/stores/sqlite/sqlite.store.ts';
import { createVerdictBoard } from '../../../src/app/verdict-board.ts';
import type { Clock } from '../../../src/app/ports.ts';
import { buildSignoffDeps } from '../../../src/cli/commands/signoff.command.ts';
import { Secret } from '../../../src/domain/secret.ts';
import { fatalError, transientError, validationError } from '../../../src/domain/errors.ts';
import { demoLikeCatalogue } from '../../support/domain-fixtures.ts';
import { memoryLog } from '../../support/probe-kit.ts';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const clock: Clock = { now: () => NOW, monotonic: () => 0, sleep: async () => {} };
const TOKEN = 'api-token-for-tests';
const dataDir = mkdtempSync(join(tmpdir(), 'kept-errors-'));

/** What no response may contain: a stack frame, a file path of this machine, a secret. */
function expectNothingInternal(text: string): void {
  expect(text).not.toMatch(/\bat .+:\d+:\d+|node_modules|\/work\/|\/tmp\/|\.ts\b|kept\.db|Error:/);
  expect(text).not.toContain(TOKEN);
}

describe('the HTTP error handler', () => {
  // A real store, closed under the running service: every read then fails as a bug would (fatal store.closed).
  let store: SqliteStore;
  let server: RunningServer;
  const log = memoryLog();

  beforeAll(async () => {
    store = await openSqliteStore({ path: join(dataDir, 'kept.db') });
    const board = createVerdictBoard({
      store,
      claims: demoLikeCatalogue.claims,
      clock,
      log,
      windowMs: demoLikeCatalogue.evaluation.windowMs,
      minIntervalMs: 10,
    });
    await board.refresh();
    const app = createHttpApp({
      catalogue: demoLikeCatalogue,
      store,
      board,
      clock,
      registry: new Registry(),
      log,
      notReady: async () => [],
      signoff: {
        signoff: buildSignoffDeps(demoLikeCatalogue, store, clock),
        records: null,
        token: new Secret(TOKEN),
        maxBytes: 1024,
      },
    });
    server = await listen(app, '127.0.0.1', 0);
    await store.close();
  });
  afterAll(async () => {
    await server.close();
  });

  const request = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${server.url}${path}`, init);
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type') ?? '', text };
  };

  it('answers an API failure with a 500 in JSON that shows nothing internal, and logs the cause', async () => {
    const before = log.lines.length;
    const response = await request('/api/claims/chat-live-24-7/observations?token=leaky-query-token');
    expect(response.status).toBe(500);
    expect(response.type).toMatch(/application\/json/);
    expect(JSON.parse(response.text)).toEqual({
      error: { kind: 'fatal', code: 'internal', message: 'internal error; see the service log' },
    });
    expectNothingInternal(response.text);
    const logged = log.lines.slice(before).find((l) => l.level === 'error');
    expect(logged?.message).toBe('request failed with an internal error');
    expect(logged?.fields).toMatchObject({ method: 'GET', status: 500, code: 'store.closed' });
    expect(String(logged?.fields?.error)).toContain('sqlite store: used after close()');
    expect(String(logged?.fields?.path)).toBe('/api/claims/chat-live-24-7/observations?token=<redacted>');
    expect(String(logged?.fields?.stack)).toMatch(/sqlite\.store\.ts/); // the log has the stack; the client never does
  });

  it('answers a web page failure with a plain 500 page, and logs the cause', async () => {
    const before = log.lines.length;
    const response = await request('/claims/chat-live-24-7', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(500);
    expect(response.type).toMatch(/text\/html/);
    expect(response.text).toContain('internal error; see the service log');
    expectNothingInternal(response.text);
    expect(log.lines.slice(before).some((l) => l.level === 'error' && l.fields?.code === 'store.closed')).toBe(true);
  });

  it.each([
    ['a limit that is not a number', '/api/claims/chat-live-24-7/observations?limit=abc', 400, 'query.invalid'],
    [
      'a time with too many digits for a date',
      `/api/claims/chat-live-24-7/observations?from=${'9'.repeat(40)}`,
      400,
      'query.invalid',
    ],
    ['a time given twice', '/api/claims/chat-live-24-7/observations?from=1h&from=2h', 400, 'query.invalid'],
    ['a window longer than five years (seconds of CPU)', '/api/claims?since=100000d', 400, 'query.invalid'],
    ['a window past what a date can hold', '/api/claims?since=99999999999999d', 400, 'query.invalid'],
    ['an empty window', '/api/claims?since=0s', 400, 'query.invalid'],
    [
      'a time further back than a date can hold',
      '/api/claims/chat-live-24-7/observations?from=99999999999999d',
      400,
      'query.invalid',
    ],
    ['a claim id that is not validly percent-encoded', '/api/claims/%E0%A4%A', 400, 'request.invalid'],
    ['an unknown API endpoint', '/api/nothing', 404, 'not-found'],
  ])('answers %s with a 4xx in JSON', async (_name, path, status, code) => {
    const response = await request(path);
    expect(response.status).toBe(status);
    expect(JSON.parse(response.text)).toMatchObject({ error: { code } });
    expectNothingInternal(response.text);
  });

  const signoff = (body: string, type: string) =>
    request('/api/signoff', {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': type },
    });

  it('answers a body that is not JSON or asks for an impossible window with 400, and one over the limit with 413', async () => {
    const bad = await signoff('{"copy": ', 'application/json');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ error: { code: 'signoff.json' } });
    const far = await signoff(
      JSON.stringify({ copy: 'We answer 24/7.', since: '99999999999999d' }),
      'application/json',
    );
    expect(far.status).toBe(400);
    expect(JSON.parse(far.text)).toMatchObject({ error: { code: 'signoff.since' } });
    const big = await signoff(JSON.stringify({ copy: 'x'.repeat(4096) }), 'application/json');
    expect(big.status).toBe(413);
    expectNothingInternal(`${bad.text} ${far.text} ${big.text}`);
  });

  it('answers a web form in an unsupported charset with 415 on a plain page', async () => {
    const response = await request('/signoff', {
      method: 'POST',
      body: 'copy=hello',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=klingon', accept: 'text/html' },
    });
    expect(response.status).toBe(415);
    expect(response.type).toMatch(/text\/html/);
    expect(response.text).toContain('charset is not supported');
    expectNothingInternal(response.text);
  });

  it('answers an unknown page with a 404 page for people and JSON for API clients', async () => {
    const page = await request('/nowhere', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(404);
    expect(page.type).toMatch(/text\/html/);
    const json = await request('/nowhere', { headers: { accept: 'application/json' } });
    expect(json.status).toBe(404);
    expect(JSON.parse(json.text)).toMatchObject({ error: { code: 'not-found' } });
  });
});

describe('httpFailure', () => {
  it.each([
    [
      'a validation error keeps its code and sentence, URLs redacted',
      validationError('query.invalid', 'bad ?token=abc'),
      { status: 400, kind: 'validation', code: 'query.invalid', message: 'bad ?token=<redacted>' },
    ],
    [
      'a transient error keeps its code, not its detail (it may name files)',
      transientError('storage.full', 'sqlite store /var/kept/kept.db: full'),
      {
        status: 503,
        kind: 'transient',
        code: 'storage.full',
        message: 'temporarily unavailable; retry later (details in the service log)',
      },
    ],
    [
      'a fatal error is internal',
      fatalError('store.failed', 'at /srv/kept.db'),
      { status: 500, code: 'internal', message: 'internal error; see the service log' },
    ],
    ['a plain bug is internal', new TypeError('x is undefined'), { status: 500, code: 'internal' }],
    [
      'a body over the limit',
      Object.assign(new Error('request entity too large'), { type: 'entity.too.large', limit: 262_144, status: 413 }),
      { status: 413, code: 'request.too-large', message: 'the request body is larger than 256 KB' },
    ],
    [
      'a body that is not JSON',
      Object.assign(new SyntaxError('Unexpected end of JSON input'), { type: 'entity.parse.failed', status: 400 }),
      { status: 400, code: 'request.json', message: 'the request body is not valid JSON' },
    ],
    [
      'another client error',
      Object.assign(new Error('/etc/passwd'), { status: 405 }),
      { status: 405, code: 'request.invalid', message: 'the request is not valid' },
    ],
  ])('%s', (_name, error, expected) => {
    expect(httpFailure(error)).toMatchObject(expected);
  });
});
