import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Clock } from '../../../src/app/ports.ts';
import type { VerdictBoard } from '../../../src/app/verdict-board.ts';
import type { RunningServer } from '../../../src/adapters/http/server.ts';
import { KeptRegistry } from '../../../src/adapters/metrics/kept.registry.ts';
import { openSqliteStore, type SqliteStore } from '../../../src/adapters/stores/sqlite/sqlite.store.ts';
import { judge } from '../../../src/domain/judgement.ts';
import { serveDemoLikeApi } from './demo-like-api.ts';
import { chatObservation, demoLikeCatalogue } from '../../support/domain-fixtures.ts';

const HOUR = 3_600_000;
let now = Date.parse('2026-11-23T12:00:00Z');
const clock: Clock = { now: () => now, monotonic: () => 0, sleep: async () => {} };

interface Raw {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** A GET with exactly the headers given (fetch would add Accept-Encoding and decode for us). */
function get(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const json = (raw: Raw): Record<string, unknown> => JSON.parse(raw.body.toString('utf8')) as Record<string, unknown>;

describe('the API and /metrics at fleet scale: compression, ETags, fields and pages', () => {
  let store: SqliteStore;
  let server: RunningServer;
  let board: VerdictBoard;

  beforeAll(async () => {
    store = await openSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'kept-api-fleet-')), 'kept.db') });
    for (let t = now - 48 * HOUR; t < now; t += HOUR) {
      const observation = chatObservation({ startedAt: t });
      await store.record(
        observation,
        demoLikeCatalogue.claims.map((c) => judge(c, observation)),
      );
    }
    ({ server, board } = await serveDemoLikeApi(store, clock, new KeptRegistry()));
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });

  it('answers If-None-Match with 304 and no body until the verdicts change, then with the new list', async () => {
    const first = await get(`${server.url}/api/claims`);
    expect(first.status).toBe(200);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get(`${server.url}/api/claims`, { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect((await get(`${server.url}/api/claims`, { 'If-None-Match': `W/"other", ${etag}` })).status).toBe(304);

    now += HOUR;
    await board.refresh();
    const changed = await get(`${server.url}/api/claims`, { 'If-None-Match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(json(changed).computedAt).toBe(new Date(now).toISOString());
  });

  it.each([
    ['br', brotliDecompressSync],
    ['gzip', gunzipSync],
  ] as const)(
    'sends the claims list %s-encoded when the client accepts it, the same JSON once decoded',
    async (coding, decode) => {
      const plain = await get(`${server.url}/api/claims`);
      const encoded = await get(`${server.url}/api/claims`, { 'Accept-Encoding': coding });
      expect(encoded.headers['content-encoding']).toBe(coding);
      expect(encoded.headers.vary).toBe('Accept-Encoding');
      expect(encoded.headers.etag).toBe(plain.headers.etag);
      expect(decode(encoded.body).equals(plain.body)).toBe(true);
      expect(encoded.body.length).toBeLessThan(plain.body.length);
    },
  );

  it('prefers Brotli to gzip, and sends identity to a client that accepts neither', async () => {
    expect(
      (await get(`${server.url}/api/claims`, { 'Accept-Encoding': 'gzip, deflate, br' })).headers['content-encoding'],
    ).toBe('br');
    expect(
      (await get(`${server.url}/api/claims`, { 'Accept-Encoding': 'identity' })).headers['content-encoding'],
    ).toBeUndefined();
  });

  it('serves /metrics gzip-encoded to Prometheus, with an ETag', async () => {
    const plain = await get(`${server.url}/metrics`);
    const scraped = await get(`${server.url}/metrics`, { 'Accept-Encoding': 'gzip' });
    expect(scraped.status).toBe(200);
    expect(scraped.headers['content-type']).toContain('text/plain');
    expect(scraped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(scraped.body).toString('utf8')).toContain('kept_claim_compliance_ratio');
    expect(plain.body.toString('utf8')).toContain('# TYPE ');
  });

  it('gives only the fields asked for (the id always), in the documented order', async () => {
    const body = json(await get(`${server.url}/api/claims?fields=status,compliance`));
    const claims = body.claims as Record<string, unknown>[];
    expect(claims.map((c) => Object.keys(c))).toEqual([
      ['id', 'status', 'compliance'],
      ['id', 'status', 'compliance'],
    ]);
  });

  it('pages through the list with limit and offset, and says where the next page is', async () => {
    const first = json(await get(`${server.url}/api/claims?limit=1&fields=id`));
    expect(first).toMatchObject({ total: 2, offset: 0, limit: 1, claims: [{ id: 'chat-live-24-7' }] });
    expect(first.next).toBe('/api/claims?fields=id&offset=1&limit=1');
    const second = json(await get(`${server.url}${String(first.next)}`));
    expect(second).toMatchObject({ total: 2, offset: 1, claims: [{ id: 'chat-business-hours' }], next: null });
  });

  it('filters by status', async () => {
    const body = json(await get(`${server.url}/api/claims?status=broken,unproven,kept&fields=status`));
    expect(body.total).toBe(2);
    const none = json(await get(`${server.url}/api/claims?status=broken&fields=status`));
    const statuses = (json(await get(`${server.url}/api/claims?fields=status`)).claims as { status: string }[]).map(
      (c) => c.status,
    );
    expect(none.total).toBe(statuses.filter((s) => s === 'broken').length);
  });

  it.each([
    ['an unknown field', '?fields=status,colour', /"fields" takes id, copy, .*; not colour/],
    ['an unknown status', '?status=fine', /"status" takes kept, broken, unproven; not fine/],
    ['a negative offset', '?offset=-1', /"offset" must be a whole number/],
    ['a zero limit', '?limit=0', /"limit" must be a whole number from 1 to 10000/],
  ])('refuses %s with 400 and a sentence', async (_what, query, message) => {
    const raw = await get(`${server.url}/api/claims${query}`);
    expect(raw.status).toBe(400);
    expect(String((json(raw).error as { message: string }).message)).toMatch(message);
  });

  it('serves another window from memory once computed, recomputing it in the background after new verdicts', async () => {
    const first = json(await get(`${server.url}/api/claims?since=1d`));
    const again = json(await get(`${server.url}/api/claims?since=1d`));
    expect(again.computedAt).toBe(first.computedAt);
    now += HOUR;
    await board.refresh();
    const stale = json(await get(`${server.url}/api/claims?since=1d`));
    expect(stale.computedAt).toBe(first.computedAt); // served at once, the recomputation runs behind it
    await vi.waitFor(
      async () =>
        expect(json(await get(`${server.url}/api/claims?since=1d`)).computedAt).toBe(new Date(now).toISOString()),
      { timeout: 20_000, interval: 50 },
    );
  });
});
