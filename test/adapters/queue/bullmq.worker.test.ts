import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import { startQueueWorker } from '../../../src/adapters/queue/bullmq.worker.ts';
import { redisConnection } from '../../../src/adapters/queue/redis-connection.ts';
import { openResultOutbox } from '../../../src/adapters/queue/result-outbox.ts';
import type { FleetJob, FleetResult } from '../../../src/app/fleet.ts';
import { PROBE_PROTOCOL_VERSION } from '../../../src/app/worker.port.ts';
import type { Observation } from '../../../src/domain/observation.ts';
import { createLogger } from '../../../src/cli/logger.ts';
import { freePort, startRedis, type Child } from '../../e2e/fleet/fleet-harness.ts';

// The fleet worker against a real redis-server: a run that waited longer than --max-queue-wait in its location's
// queue (no worker took uk for a while) is one inconclusive observation at its planned time, never a late attempt.

const dir = mkdtempSync(join(tmpdir(), 'kept-queue-worker-'));
let redis: Child | undefined;
afterAll(async () => {
  await redis?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});
const quiet = createLogger({ level: 'error', format: 'json', stream: { write: () => true } as never });

const job = (runId: string, plannedAt: number): FleetJob => ({
  v: PROBE_PROTOCOL_VERSION,
  runId,
  probeId: 'chat',
  kind: 'chat-api',
  clock: { kind: 'system' } as FleetJob['clock'],
  location: 'uk',
  plannedAt,
});

describe('the fleet worker', () => {
  it('records a run that waited too long in the queue as inconclusive and attempts only the fresh one', async () => {
    const port = await freePort();
    redis = await startRedis(dir, port);
    const connection = redisConnection(`redis://127.0.0.1:${port}`);
    const probes = new Queue('probes.uk', { connection, prefix: 'kept' });
    const results = new Queue('results', { connection, prefix: 'kept' });
    const now = systemClock.now();
    // Planned and queued 10 minutes ago (no worker in uk since), and one planned now.
    await probes.add('probe', job('stale-run', now - 600_000), { jobId: 'stale', timestamp: now - 600_000 });
    await probes.add('probe', job('fresh-run', now), { jobId: 'fresh' });
    const attempted: string[] = [];
    const outbox = openResultOutbox({
      path: join(dir, 'results-outbox.db'),
      location: 'uk',
      connection,
      clock: systemClock,
      log: quiet,
    });
    const worker = startQueueWorker({
      connection,
      location: 'uk',
      concurrency: 2,
      attempt: async (j) => {
        attempted.push(j.runId);
        const answered: Observation = {
          id: j.runId,
          probeId: j.probeId,
          kind: j.kind,
          startedAt: systemClock.now(),
          outcome: 'answered',
          timings: { totalMs: 5 },
          humanReached: true,
          evidence: {},
        };
        return answered;
      },
      outbox,
      log: quiet,
      realClock: systemClock,
      maxQueueWaitMs: 300_000,
    });
    try {
      let delivered: FleetResult[] = [];
      for (let i = 0; i < 100 && delivered.length < 2; i++) {
        await systemClock.sleep(100);
        delivered = (await results.getJobs(['wait', 'completed', 'active'])).map((j) => j.data as FleetResult);
      }
      expect(attempted).toEqual(['fresh-run']);
      const stale = delivered.find((r) => r.runId === 'stale-run')?.observation;
      expect(stale).toMatchObject({ outcome: 'inconclusive', startedAt: now - 600_000, location: 'uk' });
      expect(stale?.reason).toMatch(/^not run: it waited 10m\S* in the uk queue for a worker \(more than 5m\)/);
      expect(delivered.find((r) => r.runId === 'fresh-run')?.observation.outcome).toBe('answered');
    } finally {
      await worker.close();
      await outbox.close();
      await probes.close();
      await results.close();
    }
  }, 30_000);
});
