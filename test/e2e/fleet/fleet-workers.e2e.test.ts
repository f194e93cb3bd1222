import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import {
  addScheduler,
  addWorker,
  expectEveryFire,
  fleetPerTest,
  plannedKeys,
  printCounts,
  settle,
} from './fleet-harness.ts';

// The probe fleet against a real redis-server (started here on a free loopback port, stopped by PID): a scheduler on a
// compressed clock (120x: a probe's */5 cron fires every 2.5 real seconds) plans chat-API runs against the desk's
// chat, `kept worker` processes make them, the service stores them. Counts are printed and asserted.

const startFleet = fleetPerTest();

describe('the probe fleet on BullMQ and Redis', () => {
  it('one scheduler and two workers run the catalogue: every fire planned once, run once, stored once', async () => {
    const fleet = await startFleet();
    await addWorker(fleet, 'w1');
    await addWorker(fleet, 'w2');
    const scheduler = await addScheduler(fleet);
    await systemClock.sleep(15_000);
    await scheduler.kill('SIGTERM');
    const keys = plannedKeys(fleet.schedulers);
    const counts = await settle(fleet, keys, 30_000);
    printCounts('1 scheduler + 2 workers', counts);
    expectEveryFire(keys);
    expect(counts).toMatchObject({ lost: 0, duplicated: 0, inconclusive: 0 });
    expect(counts.stored).toBe(counts.planned);
    expect(counts.run).toBe(counts.planned);
    const stored = await fleet.store.observations({ from: 0, to: 8.64e15, limit: 10_000 });
    expect(stored.filter((o) => o.outcome === 'answered' && o.humanReached).length).toBe(counts.planned);
  }, 120_000);

  it('kill -9 of a worker mid-attempt: each run it held is one inconclusive observation, none retried', async () => {
    const fleet = await startFleet();
    const victim = await addWorker(fleet, 'w1');
    await addWorker(fleet, 'w2');
    const scheduler = await addScheduler(fleet);
    const queue = new Queue('probes.default', {
      connection: { host: '127.0.0.1', port: fleet.redisPort },
      prefix: 'kept',
    });
    let held: string[] = [];
    try {
      await systemClock.sleep(6_000);
      const name = `kept-worker-${victim.child.pid}`;
      for (let i = 0; i < 200 && held.length === 0; i++) {
        held = (await queue.getActive()).filter((j) => j.processedBy === name).map((j) => j.data.runId as string);
        if (held.length === 0) await systemClock.sleep(50);
      }
      expect(held.length, 'the victim holds an attempt').toBeGreaterThan(0);
      victim.child.kill('SIGKILL');
      await systemClock.sleep(8_000);
    } finally {
      await queue.close();
    }
    await scheduler.kill('SIGTERM');
    const keys = plannedKeys(fleet.schedulers);
    const counts = await settle(fleet, keys, 40_000);
    printCounts(`kill -9 of a worker holding ${held.length} attempt(s)`, counts);
    expectEveryFire(keys);
    expect(counts).toMatchObject({ lost: 0, duplicated: 0 });
    expect(counts.stored).toBe(counts.planned);
    // Each attempt the victim held at the kill is one inconclusive observation (one more may have started between
    // the look and the kill); none was run again.
    expect(counts.inconclusive).toBeGreaterThanOrEqual(1);
    expect(counts.inconclusive).toBeLessThanOrEqual(held.length + 1);
    const stored = await fleet.store.observations({ from: 0, to: 8.64e15, limit: 10_000 });
    const lost = stored.filter((o) => o.outcome === 'inconclusive');
    for (const o of lost) expect(o.reason).toMatch(/the probe job failed in the queue/);
    for (const id of held) expect(lost.map((o) => o.id)).toContain(id);
    // Attempts completed by a worker: every planned run but the lost ones (a retry would have completed them too).
    expect(counts.run + counts.inconclusive).toBe(counts.planned);
  }, 150_000);
});
