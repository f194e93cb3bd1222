import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { InfluxDB, type IPoolOptions } from 'influx';
import { parseDuration } from '../../../domain/duration.ts';
import { validationError } from '../../../domain/errors.ts';
import { redactUrl } from '../../../domain/redact-url.ts';
import type { Secret } from '../../../domain/secret.ts';
import { clientSchema } from './influx.schema.ts';

/**
 * How to reach InfluxDB 1.x and how long to keep data. Give either `url` or `host` (and `port`). Credentials never go
 * in the URL: the password is a Secret, sent only in the Authorization header.
 */
export interface InfluxStoreOptions {
  /** e.g. `http://127.0.0.1:8086`. */
  readonly url?: string;
  readonly host?: string;
  /** Default 8086. */
  readonly port?: number;
  readonly protocol?: 'http' | 'https';
  readonly database: string;
  readonly username?: string;
  readonly password?: Secret;
  /** InfluxQL duration of raw observations and judgements (`kept_raw`, the default policy), or `INF`. Default `35d`. */
  readonly rawRetention?: string;
  /** Duration of the hourly rollups, monitoring starts, last runs and gaps (`kept_rollup`). Default `INF`. */
  readonly rollupRetention?: string;
  /** How often the continuous query recomputes the last two hours. Default `5m`. */
  readonly cqResampleEvery?: string;
  /** Create the database, retention policies and continuous query at open (needs an admin user). Default true. */
  readonly manageSchema?: boolean;
  /** Per HTTP request. Default 10 s. */
  readonly requestTimeoutMs?: number;
  /** Points per write request. Default 5,000. */
  readonly batchSize?: number;
}

export interface ResolvedInfluxOptions {
  readonly protocol: 'http' | 'https';
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly username?: string;
  readonly password?: Secret;
  readonly rawRetention: string;
  readonly rollupRetention: string;
  readonly cqResampleEvery: string;
  readonly manageSchema: boolean;
  readonly requestTimeoutMs: number;
  readonly batchSize: number;
}

export const INFLUX_DEFAULTS = {
  port: 8086,
  rawRetention: '35d',
  rollupRetention: 'INF',
  cqResampleEvery: '5m',
  requestTimeoutMs: 10_000,
  batchSize: 5_000,
} as const;

const INFLUX_DURATION = /^(\d+(ns|u|µ|ms|s|m|h|d|w))+$/;
const NAME = /^[A-Za-z0-9_-]{1,64}$/;

const bad = (code: string, message: string): never => {
  throw validationError(`store.influx.${code}`, `influx store: ${message}`);
};

/** Milliseconds of an InfluxQL duration (`INF` is Infinity); sub-millisecond units count as 0. */
function durationMs(text: string, what: string): number {
  if (text.toUpperCase() === 'INF') return Infinity;
  if (!INFLUX_DURATION.test(text))
    bad('invalid-duration', `${what} "${text}" is not an InfluxQL duration such as "35d", "52w" or "INF"`);
  return parseDuration(text.replace(/\d+(ns|u|µ)/g, ''));
}

/** Checks every option and fills defaults; reports the first problem as a validation error. */
export function resolveInfluxOptions(options: InfluxStoreOptions): ResolvedInfluxOptions {
  let { protocol = 'http', host, port = INFLUX_DEFAULTS.port } = options;
  if (options.url !== undefined) {
    if (options.host !== undefined) bad('both-url-and-host', 'give either url or host, not both');
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      return bad('invalid-url', `"${redactUrl(options.url)}" is not a URL`);
    }
    if (url.username !== '' || url.password !== '')
      bad('credentials-in-url', 'put credentials in username and password, not in the URL');
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      bad('invalid-url', `"${redactUrl(options.url)}" must be http or https`);
    protocol = url.protocol === 'https:' ? 'https' : 'http';
    host = url.hostname.replace(/^\[|\]$/g, '');
    port = url.port === '' ? (protocol === 'https' ? 443 : 80) : Number(url.port);
  }
  if (host === undefined || host === '') return bad('no-host', 'give url or host');
  if (!Number.isInteger(port) || port < 1 || port > 65_535) bad('invalid-port', `port ${port} is not a TCP port`);
  if (!NAME.test(options.database))
    bad('invalid-database', `database "${options.database}" must be 1-64 letters, digits, _ or -`);
  if (options.password !== undefined && options.username === undefined)
    bad('password-without-user', 'a password needs a username');
  const rawRetention = options.rawRetention ?? INFLUX_DEFAULTS.rawRetention;
  const rollupRetention = options.rollupRetention ?? INFLUX_DEFAULTS.rollupRetention;
  const raw = durationMs(rawRetention, 'rawRetention');
  const rollup = durationMs(rollupRetention, 'rollupRetention');
  if (raw < 3_600_000) bad('retention-too-short', `rawRetention "${rawRetention}" is under InfluxDB's minimum of 1h`);
  if (rollup < raw)
    bad(
      'rollup-shorter-than-raw',
      `rollupRetention "${rollupRetention}" must be at least rawRetention "${rawRetention}"`,
    );
  const cqResampleEvery = options.cqResampleEvery ?? INFLUX_DEFAULTS.cqResampleEvery;
  const every = durationMs(cqResampleEvery, 'cqResampleEvery');
  if (every < 1_000 || every > 3_600_000)
    bad('invalid-resample', `cqResampleEvery "${cqResampleEvery}" must be between 1s and 1h`);
  const requestTimeoutMs = options.requestTimeoutMs ?? INFLUX_DEFAULTS.requestTimeoutMs;
  if (!(requestTimeoutMs > 0)) bad('invalid-timeout', `requestTimeoutMs ${requestTimeoutMs} must be positive`);
  const batchSize = options.batchSize ?? INFLUX_DEFAULTS.batchSize;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    bad('invalid-batch-size', `batchSize ${batchSize} must be a whole number of at least 1`);
  return {
    protocol,
    host,
    port,
    database: options.database,
    rawRetention,
    rollupRetention,
    cqResampleEvery,
    requestTimeoutMs,
    batchSize,
    manageSchema: options.manageSchema ?? true,
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.password === undefined ? {} : { password: options.password }),
  };
}

/** A no-retry, no-host-disabling back-off: retrying is the caller's job (BufferedStore), not the HTTP client's. */
const noBackoff = { getDelay: () => 0, next: () => noBackoff, reset: () => noBackoff };

/**
 * The `influx` client for these options, on a keep-alive agent the caller destroys on close. The client would send
 * `root:root` when no user is given, so an empty username is sent instead (ignored while auth is off).
 */
export function influxClient(options: ResolvedInfluxOptions): { client: InfluxDB; agent: HttpAgent } {
  const agent = options.protocol === 'https' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const pool: IPoolOptions = { maxRetries: 0, requestTimeout: options.requestTimeoutMs, backoff: noBackoff };
  const client = new InfluxDB({
    hosts: [{ host: options.host, port: options.port, protocol: options.protocol, options: { agent } }],
    database: options.database,
    username: options.username ?? '',
    password: options.password?.reveal() ?? '',
    schema: clientSchema(options.database),
    pool,
  });
  return { client, agent };
}
