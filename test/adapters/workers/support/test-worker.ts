import { existsSync } from 'node:fs';
import { createJsonLogger } from '../../../../src/cli/logger.ts';
import { serveProbeJobs, type JobContext, type WorkerRuntime } from '../../../../src/adapters/workers/worker-serve.ts';
import type { ProbeJob } from '../../../../src/app/worker.port.ts';
import type { Observation } from '../../../../src/domain/observation.ts';

/**
 * A probe worker whose "channel" does what the probe id says, for the worker pool's tests (the real entry,
 * src/cli/probe-worker.ts, is tested against the desk):
 * - answer: answers at once;  slow: waits up to 60 s on the probe's clock, or until aborted, and says why it stopped;
 * - loop: blocks its event loop for good (a hung worker);  throw: throws (a bug in Kept).
 * Every observation says which process ran it and how many attempts of that run id it started.
 */
const attempts = new Map<string, number>();

function observed(
  job: ProbeJob,
  ctx: JobContext,
  startedAt: number,
  outcome: Observation['outcome'],
  details: Record<string, unknown>,
): Observation {
  return {
    id: job.runId,
    probeId: job.probeId,
    kind: job.kind,
    startedAt,
    outcome,
    timings: { totalMs: 0 },
    humanReached: false,
    evidence: {
      details: {
        pid: process.pid,
        attempts: attempts.get(job.runId),
        clock: ctx.clock.describe(),
        plannedAt: job.plannedAt,
        ...details,
      },
    },
  };
}

async function run(job: ProbeJob, ctx: JobContext): Promise<Observation> {
  attempts.set(job.runId, (attempts.get(job.runId) ?? 0) + 1);
  const startedAt = ctx.clock.now();
  ctx.log.info('test attempt started', { runId: job.runId, probe: job.probeId, pid: process.pid });
  switch (job.probeId.split('-')[0]) {
    case 'answer':
      return observed(job, ctx, startedAt, 'answered', {});
    case 'slow':
      try {
        await ctx.clock.sleep(60_000, ctx.signal);
        return observed(job, ctx, startedAt, 'unanswered', { stopped: 'timeout' });
      } catch {
        const reason = ctx.signal.reason as DOMException;
        return observed(job, ctx, startedAt, 'unanswered', { stopped: `${reason.name}: ${reason.message}` });
      }
    case 'loop':
      for (;;) {
        // A hung worker: nothing else runs in this process again.
      }
    default:
      throw new Error(`boom in ${job.probeId}`);
  }
}

const log = createJsonLogger(process.stderr);
serveProbeJobs({
  log,
  async setup(settings): Promise<WorkerRuntime> {
    const brokenIf = typeof settings.brokenIf === 'string' ? settings.brokenIf : undefined;
    if (settings.fail === true || (brokenIf !== undefined && existsSync(brokenIf))) {
      throw new Error('the test catalogue is broken');
    }
    return { run, close: async () => undefined };
  },
});
