import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInfluxStore } from '../../../../src/adapters/stores/influx/influx.store.ts';
import {
  resolveInfluxOptions,
  type InfluxStoreOptions,
} from '../../../../src/adapters/stores/influx/influx.options.ts';
import { KeptError } from '../../../../src/domain/errors.ts';
import { judge } from '../../../../src/domain/judgement.ts';
import { Secret } from '../../../../src/domain/secret.ts';
import { chatAlways, observation } from '../../../contract/store-fixtures.ts';
import { freePort, influxql, startInfluxd, type Influxd } from '../../../support/influxd.ts';
import { freshDatabase, missing, useInfluxd } from './influx-server.ts';

const failsWith =
  (kind: string, code: string) =>
  (error: unknown): boolean =>
    error instanceof KeptError && error.kind === kind && error.code === code;

describe('InfluxStore options', () => {
  it.each<[string, InfluxStoreOptions, string]>([
    [
      'credentials in the URL',
      { url: 'http://kept:pw@127.0.0.1:8086', database: 'kept' },
      'store.influx.credentials-in-url',
    ],
    [
      'both a URL and a host',
      { url: 'http://127.0.0.1:8086', host: '127.0.0.1', database: 'kept' },
      'store.influx.both-url-and-host',
    ],
    ['neither a URL nor a host', { database: 'kept' }, 'store.influx.no-host'],
    [
      'a database name InfluxQL would need quoting tricks for',
      { host: 'h', database: 'kept"; DROP' },
      'store.influx.invalid-database',
    ],
    [
      'a retention that is not an InfluxQL duration',
      { host: 'h', database: 'k', rawRetention: '35 days' },
      'store.influx.invalid-duration',
    ],
    [
      "a raw retention under InfluxDB's one-hour minimum",
      { host: 'h', database: 'k', rawRetention: '30m' },
      'store.influx.retention-too-short',
    ],
    [
      'rollups kept shorter than raw data',
      { host: 'h', database: 'k', rawRetention: '30d', rollupRetention: '7d' },
      'store.influx.rollup-shorter-than-raw',
    ],
    [
      'a password without a user',
      { host: 'h', database: 'k', password: new Secret('pw') },
      'store.influx.password-without-user',
    ],
  ])('refuses %s', (_, options, code) => {
    expect(() => resolveInfluxOptions(options)).toThrow(expect.objectContaining({ kind: 'validation', code }));
  });

  it.each([
    [
      'a URL that does not parse',
      'http://kept:pw-1@[::1:8086/?p=pw-2',
      'http://kept:<redacted>@[::1:8086/?p=<redacted>',
    ],
    [
      'a URL that is not http',
      'ftp://127.0.0.1/x?token=pw-2&p=pw-1',
      'ftp://127.0.0.1/x?token=<redacted>&p=<redacted>',
    ],
  ])('refuses %s without echoing its secrets', (_, url, shown) => {
    const error = (() => {
      try {
        return resolveInfluxOptions({ url, database: 'kept' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ kind: 'validation', code: 'store.influx.invalid-url' });
    expect((error as Error).message).toContain(shown);
    expect((error as Error).message).not.toMatch(/pw-1|pw-2/);
  });

  it('fills the documented defaults and reads host and port from a URL', () => {
    expect(resolveInfluxOptions({ url: 'https://influx.example:8443', database: 'kept' })).toMatchObject({
      protocol: 'https',
      host: 'influx.example',
      port: 8443,
      rawRetention: '35d',
      rollupRetention: 'INF',
      cqResampleEvery: '5m',
      manageSchema: true,
      batchSize: 5_000,
    });
  });
});

describe('InfluxStore without a server', () => {
  it('fails to open with a transient error, or opens and retries on each call when told not to wait', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    await expect(openInfluxStore({ url, database: 'kept', requestTimeoutMs: 2_000 })).rejects.toSatisfy(
      failsWith('transient', 'store.unavailable'),
    );
    const store = await openInfluxStore({ url, database: 'kept', waitForServer: false, requestTimeoutMs: 2_000 });
    const o = observation({ id: 'x', startedAt: Date.now() });
    await expect(store.record(o, [judge(chatAlways, o)])).rejects.toSatisfy(
      failsWith('transient', 'store.unavailable'),
    );
    await store.close();
    await expect(store.lastRunAt('chat-1')).rejects.toSatisfy(failsWith('fatal', 'store.closed'));
  });
});

describe.skipIf(missing !== undefined)('InfluxStore against a real influxd', () => {
  const server = useInfluxd();

  it('refuses an observation older than the raw retention with a validation error', async () => {
    const store = await openInfluxStore({ url: server().url, database: freshDatabase(), rawRetention: '1h' });
    const old = observation({ id: 'old', startedAt: Date.now() - 3 * 3_600_000 });
    await expect(store.record(old, [judge(chatAlways, old)])).rejects.toSatisfy(
      failsWith('validation', 'store.influx.beyond-retention'),
    );
    await store.close();
  });

  it('sets the schema up again when the database vanishes under it', async () => {
    const database = freshDatabase();
    const store = await openInfluxStore({ url: server().url, database, rawRetention: 'INF' });
    const a = observation({ id: 'a', startedAt: Date.UTC(2026, 0, 5, 10) });
    await store.record(a, [judge(chatAlways, a)]);
    await influxql(server().url, `DROP DATABASE "${database}"`);
    const b = observation({ id: 'b', startedAt: Date.UTC(2026, 0, 5, 11) });
    await store.record(b, [judge(chatAlways, b)]);
    const found = await store.observations({ from: 0, to: Date.UTC(2027, 0, 1) });
    const last = await store.lastRunAt('chat-1');
    await store.close();
    expect(found.map((o) => o.id)).toEqual(['b']);
    expect(last).toBe(b.startedAt);
  });
});

describe.skipIf(missing !== undefined)('InfluxStore with authentication on', () => {
  let server: Influxd;
  const password = 'pa55-w0rd-never-printed';
  beforeAll(async () => {
    server = await startInfluxd({ auth: true });
    await influxql(server.url, `CREATE USER "kept" WITH PASSWORD '${password}' WITH ALL PRIVILEGES`);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses a wrong password with a fatal error that never shows a password', async () => {
    const attempt = openInfluxStore({
      url: server.url,
      database: 'kept',
      username: 'kept',
      password: new Secret('wrong-guess'),
    });
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toSatisfy(failsWith('fatal', 'store.influx.unauthorized'));
    const printed = `${String(error)} ${JSON.stringify(error)} ${inspect(error, { depth: 5 })}`;
    expect(printed).not.toContain('wrong-guess');
    expect(printed).not.toContain(Buffer.from('kept:wrong-guess').toString('base64'));
  });

  it('works with the right password, sent only as a Secret', async () => {
    const store = await openInfluxStore({
      url: server.url,
      database: 'kept',
      username: 'kept',
      password: new Secret(password),
    });
    const o = observation({ id: 'authed', startedAt: Date.now() });
    await store.record(o, [judge(chatAlways, o)]);
    expect(await store.lastRunAt('chat-1')).toBe(o.startedAt);
    await store.close();
  });
});
