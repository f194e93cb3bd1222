import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/adapters/clock/system.clock.ts';
import { startDesk, type RunningDesk } from '../../src/desk/desk.ts';
import { createLogger } from '../../src/cli/logger.ts';
import { freePort, startRedis, writeCatalogue, type Child } from '../e2e/fleet/fleet-harness.ts';
import { spawnKept, type KeptProcess } from '../support/spawn-kept.ts';

// The fleet from the command line, on real time: `kept run --queue … --role scheduler,service` and `kept worker`
// against a real redis-server (a free loopback port, a temp dir, stopped by PID) and the desk's chat.

const quiet = createLogger({ level: 'error', format: 'json', stream: { write: () => true } as never });
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('kept run --queue and kept worker', () => {
  it('the scheduler plans, the worker probes and the service stores each run once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kept-fleet-cli-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const port = await freePort();
    const redis: Child = await startRedis(dir, port);
    cleanup.push(() => redis.kill('SIGTERM'));
    const desk: RunningDesk = await startDesk({
      clock: systemClock,
      staffing: {
        timeZone: 'UTC',
        shifts: [{ days: [0, 1, 2, 3, 4, 5, 6], from: '00:00', to: '24:00', mode: 'staffed', humanDelayMs: [50, 100] }],
        otherwise: 'closed',
      },
      botDelayMs: 10,
      seed: 3,
      log: quiet,
    });
    cleanup.push(() => desk.stop());
    // Every 5 seconds (6-field cron) on real time.
    const catalogue = writeCatalogue(dir, desk.chatUrl, '*/5 * * * * *');
    const url = `redis://127.0.0.1:${port}`;
    const started: KeptProcess[] = [];
    cleanup.push(async () => {
      for (const kept of started) await kept.stop();
    });
    const worker = spawnKept(['worker', '-c', catalogue, '--queue', url, '--data', join(dir, 'w')]);
    started.push(worker);
    const service = spawnKept(['run', '-c', catalogue, '--queue', url, '--port', '0', '--data', join(dir, 's')]);
    started.push(service);
    await service.waitFor(/Kept is running at/, 60_000);
    await worker.waitFor(/Kept worker \d+ takes location default/, 60_000);
    const until = Date.now() + 60_000;
    const recorded = (): string[] =>
      [...service.output().matchAll(/"observation recorded".*?"probe":"([^"]+)"/g)].map((m) => m[1] ?? '');
    while (recorded().length < 6 && Date.now() < until) await systemClock.sleep(250);
    const planned = [...service.output().matchAll(/"fleet: run planned".*?"job":"([^"]+)"/g)].map((m) => m[1]);
    console.log(`fleet CLI: planned ${planned.length}, recorded ${recorded().length}`);
    expect(recorded().length).toBeGreaterThanOrEqual(6);
    expect(new Set(planned).size).toBe(planned.length);
    expect(service.output()).not.toMatch(/"outcome":"inconclusive"/);
  }, 150_000);
});
