import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import { runIdOf } from '../../../src/adapters/queue/bullmq.planner.ts';
import { addScheduler, addWorker, fleetPerTest, plannedKeys, settle, type Fleet } from './fleet-harness.ts';

// Locations against a real redis-server (a free loopback port, a temp dir, stopped by PID): the catalogue names where
// each probe runs from, the scheduler plans one job per location on that location's queue, `kept worker --location`
// takes only its own. About 3.5 simulated hours on the compressed clock (480x: */15 fires every 1.9 real s) in 26 s.

const startFleet = fleetPerTest();

const FACTOR = 480;
const STEP_MS = 15 * 60_000;
const LOCATIONS: Readonly<Record<string, readonly string[]>> = {
  'chat-a': ['uk', 'us-east'],
  'chat-b': ['uk'],
  'chat-c': ['us-east'],
};
const PLACES = ['uk', 'us-east'] as const;

interface LocationCounts {
  planned: number;
  run: number;
  stored: number;
  inconclusive: number;
  duplicated: number;
  lost: number;
}

/** A planned run's key: `<probe>@<planned ms>@<location>`. */
const parse = (key: string) => {
  const [probe = '', at = '', location = ''] = key.split('@');
  return { probe, at: Number(at), location };
};

async function countsByLocation(fleet: Fleet, keys: Set<string>): Promise<Map<string, LocationCounts>> {
  const stored = await fleet.store.observations({ from: 0, to: 8.64e15, limit: 10_000 });
  const connection = { host: '127.0.0.1', port: fleet.redisPort };
  const results = new Queue('results', { connection, prefix: 'kept' });
  const delivered = await results.getJobs(['completed', 'failed', 'active', 'wait']);
  await results.close();
  const counts = new Map<string, LocationCounts>();
  for (const place of PLACES) {
    const planned = [...keys].filter((k) => parse(k).location === place).map(runIdOf);
    const ids = new Set(planned);
    const here = stored.filter((o) => o.location === place);
    const hereIds = new Set(here.map((o) => o.id));
    counts.set(place, {
      planned: planned.length,
      run: delivered.filter((j) => (j.data as { location?: string }).location === place).length,
      stored: here.length,
      inconclusive: here.filter((o) => o.outcome === 'inconclusive').length,
      duplicated: here.length - hereIds.size + here.filter((o) => !ids.has(o.id)).length,
      lost: planned.filter((id) => !hereIds.has(id)).length,
    });
  }
  return counts;
}

describe('probe locations in the fleet', () => {
  it('1 scheduler + 3 workers in 2 locations: each run planned, run and stored once, in its own location', async () => {
    const fleet = await startFleet({
      factor: FACTOR,
      cron: '*/15 * * * *',
      locations: LOCATIONS,
      humanDelayMs: [200, 800],
    });
    const [uk1, uk2, east] = await Promise.all([
      addWorker(fleet, 'uk-1', 'uk'),
      addWorker(fleet, 'uk-2', 'uk'),
      addWorker(fleet, 'us-east-1', 'us-east'),
    ]);
    const workers = { uk: [uk1, uk2], 'us-east': [east] };
    const scheduler = await addScheduler(fleet);
    await systemClock.sleep(26_000);
    await scheduler.kill('SIGTERM');
    const keys = plannedKeys(fleet.schedulers);
    const total = await settle(fleet, keys, 30_000);
    const counts = await countsByLocation(fleet, keys);
    for (const [place, c] of counts) console.log(`fleet locations ${place}: ${JSON.stringify(c)}`);
    console.log(`fleet locations total: ${JSON.stringify(total)}`);

    // Every fire of every probe was planned once in each of its locations, and nowhere else.
    const hours =
      (Math.max(...[...keys].map((k) => parse(k).at)) - Math.min(...[...keys].map((k) => parse(k).at))) / 3.6e6;
    console.log(`fleet locations: ${hours} simulated hours of fires`);
    expect(hours).toBeGreaterThanOrEqual(3);
    for (const [probe, places] of Object.entries(LOCATIONS)) {
      const byPlace = PLACES.map((place) =>
        [...keys]
          .map(parse)
          .filter((k) => k.probe === probe && k.location === place)
          .map((k) => k.at)
          .sort((a, b) => a - b),
      );
      for (const [i, place] of PLACES.entries()) {
        const times = byPlace[i] ?? [];
        if (!places.includes(place)) {
          expect(times, `${probe} never runs from ${place}`).toEqual([]);
          continue;
        }
        expect(times.length, `${probe} in ${place}`).toBeGreaterThan(10);
        for (const [n, t] of times.entries()) if (n > 0) expect(t - (times[n - 1] ?? 0), probe).toBe(STEP_MS);
      }
      // A probe in two locations: the same planned times in both.
      if (places.length === 2) expect(byPlace[0]).toEqual(byPlace[1]);
    }
    expect([...keys].every((k) => PLACES.includes(parse(k).location as (typeof PLACES)[number]))).toBe(true);

    for (const place of PLACES) {
      const c = counts.get(place);
      expect(c, place).toMatchObject({ duplicated: 0, lost: 0, inconclusive: 0 });
      expect(c?.stored, place).toBe(c?.planned);
      expect(c?.run, place).toBe(c?.planned);
    }
    expect(total).toMatchObject({ duplicated: 0, lost: 0, inconclusive: 0 });
    expect(total.stored).toBe(total.planned);

    // The claim's evidence per location (its API page, at the board's next refresh), and /metrics by location.
    interface Place {
      location: string;
      attempts: number;
      status: string;
    }
    let places: Place[] = [];
    for (let i = 0; i < 40; i++) {
      const detail = (await (await fetch(`${fleet.monitor.url}/api/claims/chat-24-7`)).json()) as {
        locations: Place[];
      };
      places = detail.locations;
      if (places.every((p) => p.attempts === counts.get(p.location)?.stored)) break;
      await systemClock.sleep(250);
    }
    console.log(
      `fleet locations: /api/claims/chat-24-7 locations ${JSON.stringify(places.map((p) => [p.location, p.attempts, p.status]))}`,
    );
    expect(places.map((p) => [p.location, p.attempts])).toEqual(PLACES.map((p) => [p, counts.get(p)?.stored]));
    const board = await (await fetch(`${fleet.monitor.url}/claims/chat-24-7`)).text();
    expect(board).toContain('<h2>By location</h2>');
    for (const place of PLACES) expect(board).toContain(`<code>${place}</code>`);
    const metrics = await (await fetch(`${fleet.monitor.url}/metrics`)).text();
    for (const place of PLACES) {
      const met = [
        ...metrics.matchAll(new RegExp(`^kept_claim_attempts_total\\{[^}]*location="${place}"[^}]*\\} (\\d+)`, 'gm')),
      ];
      const sum = met.reduce((n, m) => n + Number(m[1]), 0);
      expect(sum, `kept_claim_attempts_total in ${place}`).toBe(counts.get(place)?.stored);
    }

    // Each location's jobs were made by that location's workers only (BullMQ records the worker that took a job).
    const connection = { host: '127.0.0.1', port: fleet.redisPort };
    for (const place of [...PLACES, 'default']) {
      const queue = new Queue(`probes.${place}`, { connection, prefix: 'kept' });
      const done = await queue.getCompleted(0, 9_999);
      await queue.close();
      const mine = new Set(
        (place === 'default' ? [] : workers[place as (typeof PLACES)[number]]).map((w) => `kept-worker-${w.child.pid}`),
      );
      const by = new Map<string, number>();
      for (const job of done) by.set(job.processedBy ?? '?', (by.get(job.processedBy ?? '?') ?? 0) + 1);
      console.log(`fleet locations: probes.${place} jobs by worker ${JSON.stringify(Object.fromEntries(by))}`);
      expect(done.length, `probes.${place}`).toBe(place === 'default' ? 0 : counts.get(place)?.planned);
      for (const worker of by.keys()) expect(mine.has(worker), `${worker} took a ${place} job`).toBe(true);
    }
  }, 120_000);
});
