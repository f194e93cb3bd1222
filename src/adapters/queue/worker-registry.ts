import { Redis, type RedisOptions } from 'ioredis';
import type { ConnectionOptions } from 'bullmq';
import type { Clock, Logger } from '../../app/ports.ts';
import { isWorkerAdvert, type WorkerAdvert } from '../../app/fleet-status.ts';
import { QUEUE_PREFIX } from './redis-connection.ts';

/** A worker's heartbeat key: `kept:fleet:worker:<id>`, its advert as JSON, expiring after the TTL. */
const WORKER_KEY = `${QUEUE_PREFIX}:fleet:worker:`;
/** Hash location → epoch ms of the last heartbeat of any worker there (no TTL: "no worker in uk since 03:12"). */
const SEEN_KEY = `${QUEUE_PREFIX}:fleet:location-seen`;

/** Default real ms a heartbeat lasts: a worker killed with -9 drops out of the registry within this. */
export const DEFAULT_HEARTBEAT_TTL_MS = 10_000;

/** The queue's connection options as ioredis options (`redisConnection` makes plain ioredis options). */
export const redisOptions = (connection: ConnectionOptions): RedisOptions => connection as RedisOptions;

/** A Redis client of its own from the queue's connection options. */
export function redisClient(connection: ConnectionOptions | RedisOptions): Redis {
  return new Redis(redisOptions(connection as ConnectionOptions));
}

export interface WorkerHeartbeat {
  /** Ends the heartbeat and removes the advert (a clean shutdown leaves no ghost for the TTL). */
  close(): Promise<void>;
}

/**
 * Advertises a worker on Redis: its advert is written at once and every third of the TTL with the TTL as expiry, so
 * a dead worker disappears by expiry and a live one never flickers out. `inFlight` is read at each heartbeat.
 */
export function startWorkerHeartbeat(options: {
  readonly connection: ConnectionOptions;
  readonly advert: Omit<WorkerAdvert, 'inFlight' | 'lastSeen'>;
  readonly inFlight: () => number;
  readonly clock: Clock;
  readonly log: Logger;
  readonly ttlMs?: number;
}): WorkerHeartbeat {
  const ttl = options.ttlMs ?? DEFAULT_HEARTBEAT_TTL_MS;
  const key = WORKER_KEY + options.advert.id;
  // A beat fails after one reconnect attempt instead of waiting out an outage (the loop goes on; close never hangs).
  const redis = redisClient({ ...redisOptions(options.connection), maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined); // reconnects on its own; a missed beat is logged below
  let failing = false;
  const stop = new AbortController();
  const beat = async (): Promise<void> => {
    const now = options.clock.now();
    const advert: WorkerAdvert = { ...options.advert, inFlight: options.inFlight(), lastSeen: now };
    await redis
      .multi()
      .set(key, JSON.stringify(advert), 'PX', ttl)
      .hset(SEEN_KEY, options.advert.location, String(now))
      .exec();
  };
  const loop = (async () => {
    while (!stop.signal.aborted) {
      await beat().then(
        () => {
          if (failing) options.log.info('worker: heartbeat sent again');
          failing = false;
        },
        (error: unknown) => {
          // Once per outage: until a beat arrives, `kept fleet status` stops listing this worker after the TTL.
          if (!failing) options.log.warn('worker: heartbeat failed (retrying)', { error: String(error) });
          failing = true;
        },
      );
      await options.clock.sleep(Math.max(100, Math.floor(ttl / 3)), stop.signal).catch(() => undefined);
    }
  })();
  return {
    async close() {
      stop.abort();
      await loop;
      await redis.del(key).catch(() => undefined); // Redis away: the advert expires by its TTL instead
      redis.disconnect();
    },
  };
}

/** What the registry holds now: live workers (unexpired heartbeats) and each location's last heartbeat. */
export async function readWorkerRegistry(
  redis: Redis,
): Promise<{ workers: WorkerAdvert[]; lastSeen: Map<string, number> }> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${WORKER_KEY}*`, 'COUNT', 200);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  const values = keys.length === 0 ? [] : await redis.mget(...keys);
  const workers = values
    .flatMap((text) => {
      if (text === null) return []; // expired between the scan and the read
      try {
        const value: unknown = JSON.parse(text);
        return isWorkerAdvert(value) ? [value] : [];
      } catch {
        return [];
      }
    })
    .sort((a, b) => a.location.localeCompare(b.location) || a.id.localeCompare(b.id));
  const seen = await redis.hgetall(SEEN_KEY);
  const lastSeen = new Map(Object.entries(seen).map(([location, ms]) => [location, Number(ms)]));
  return { workers, lastSeen };
}

/** Locations that have a probe queue in Redis (`kept:probes.<location>:meta`), whether or not a worker takes them. */
export async function queuedLocations(redis: Redis): Promise<string[]> {
  const found = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${QUEUE_PREFIX}:probes.*:meta`, 'COUNT', 200);
    cursor = next;
    for (const key of keys) found.add(key.slice(`${QUEUE_PREFIX}:probes.`.length, -':meta'.length));
  } while (cursor !== '0');
  return [...found].sort();
}
