import type { ConnectionOptions } from 'bullmq';
import { validationError } from '../../domain/errors.ts';
import { redactUrl } from '../../domain/secret.ts';

/** Every Kept queue key starts with this prefix in Redis. */
export const QUEUE_PREFIX = 'kept';

/** The queue of planned runs for one location (one queue per location, so a worker takes only its own). */
export const probeQueueName = (location: string): string => `probes.${location}`;

/** The queue of results, from every worker to the service. */
export const RESULTS_QUEUE = 'results';

/**
 * BullMQ's connection options from `--queue redis://[user:password@]host:port[/db]` (`rediss://` for TLS).
 * Commands wait while Redis is away (no retry limit, the offline queue on): a planned run or a result is delayed by an
 * outage, not dropped.
 */
export function redisConnection(url: string): ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Its password reaches neither the message (printed as is on stderr) nor a cause (Node's error holds the input).
    throw validationError('queue.url', `--queue ${redactUrl(url)} is not a URL; give redis://host:port`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw validationError('queue.url', `--queue ${parsed.protocol}// is not supported; give redis://host:port`);
  }
  const db = parsed.pathname.length > 1 ? Number.parseInt(parsed.pathname.slice(1), 10) : 0;
  if (!Number.isInteger(db) || db < 0) throw validationError('queue.url', `--queue: "${parsed.pathname}" is no db`);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    db,
    ...(parsed.username === '' ? {} : { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password === '' ? {} : { password: decodeURIComponent(parsed.password) }),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 4), 1_000),
  };
}
