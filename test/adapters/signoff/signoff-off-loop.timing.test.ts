import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longCopy, startOffLoopService, TOKEN, type OffLoopService } from './offloop-service.ts';

// Serial timing pass. /healthz is asked again and again while a 250 KB sign-off runs (copy read on the worker thread,
// judging pausing every 10 claims). Before, one such sign-off held the loop for 13-17 s (/healthz took 13.4 s).
// Bounds: the median answer under 25 ms and 9 in 10 under 100 ms (the target), the slowest under 1 s: a single
// stall of the shared 2-core machine (load 16 was seen while this ran beside other work) may take that long even
// when Kept's loop is free, but not the 13 s a sign-off used to hold it.

describe('/healthz during a 250 KB sign-off', () => {
  let service: OffLoopService;
  beforeAll(async () => {
    service = await startOffLoopService();
  });
  afterAll(() => service.close());

  it('keeps answering promptly from the moment the copy is being analysed until the report is sent', async () => {
    let done = false;
    const signoff = fetch(`${service.url}/api/signoff?since=90d`, {
      method: 'POST',
      body: longCopy(),
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/html' },
    }).then(async (response) => {
      await response.arrayBuffer();
      done = true;
      return response.status;
    });
    await service.analysing;
    const latencies: number[] = [];
    while (!done) {
      const started = performance.now();
      const response = await fetch(`${service.url}/healthz`);
      await response.json();
      latencies.push(performance.now() - started);
    }
    expect(await signoff).toBe(200);
    const sorted = [...latencies].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] as number;
    const p90 = sorted[Math.floor(sorted.length * 0.9)] as number;
    const slowest = sorted.at(-1) as number;
    console.info(
      `/healthz during sign-off: ${latencies.length} answers, median ${median.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms, slowest ${slowest.toFixed(1)} ms`,
    );
    expect(latencies.length).toBeGreaterThan(5);
    expect(median).toBeLessThan(25);
    expect(p90).toBeLessThan(100);
    expect(slowest).toBeLessThan(1_000);
  });
});
