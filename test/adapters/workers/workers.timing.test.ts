import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatchUpClock } from '../../../src/adapters/clock/catch-up.clock.ts';
import { createCompressedClock } from '../../../src/adapters/clock/compressed.clock.ts';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import { createChildProcessWorkers } from '../../../src/adapters/workers/child-process.workers.ts';
import { PROBE_PROTOCOL_VERSION, type DescribedClock, type ProbeWorkers } from '../../../src/app/worker.port.ts';
import { memoryLog } from '../../support/probe-kit.ts';

const ENTRY = fileURLToPath(new URL('./support/test-worker.ts', import.meta.url));

/**
 * A worker rebuilds the service's clock from its description: the worker's `now()` at the start of an attempt lies
 * between the service's readings before it sent the job and after the result came back. Allowed error: 2 real ms
 * either side (the two processes' agreement on real time, plus rounding), multiplied by the clock's pace.
 */
describe('a probe clock rebuilt in a worker', () => {
  let workers: ProbeWorkers;
  beforeAll(async () => {
    workers = createChildProcessWorkers({ entry: ENTRY, count: 1, settings: {}, log: memoryLog() });
    await workers.start();
  }, 60_000);
  afterAll(async () => {
    await workers.stop();
  });

  const replay = createCatchUpClock({ start: Date.now() - 7 * 86_400_000, factor: 400 });
  const clocks: [string, DescribedClock, number][] = [
    ['the system clock', systemClock, 1],
    [
      'a compressed clock at 400x',
      createCompressedClock({ factor: 400, start: Date.parse('2026-01-05T09:00:00Z') }),
      400,
    ],
    ["the demo's replay clock at 400x", replay, 400],
    ["the demo's media clock (the replay's now(), paced at 20x)", replay.capped(20), 400],
  ];
  it.each(clocks)(
    '%s reads the same now() in both processes',
    async (_name, clock, pace) => {
      for (let i = 0; i < 5; i += 1) {
        const before = clock.now();
        const result = await workers.run(
          {
            v: PROBE_PROTOCOL_VERSION,
            runId: `clock-${i}-${Math.random()}`,
            probeId: 'answer-clock',
            kind: 'chat-api',
            clock: clock.describe(),
          },
          new AbortController().signal,
        );
        const after = clock.now();
        if (result.kind !== 'observation') throw new Error(JSON.stringify(result));
        const allowed = 2 * pace;
        expect(result.observation.startedAt).toBeGreaterThanOrEqual(before - allowed);
        expect(result.observation.startedAt).toBeLessThanOrEqual(after + allowed);
      }
    },
    60_000,
  );
});
