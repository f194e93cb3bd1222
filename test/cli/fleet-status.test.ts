import { describe, expect, it } from 'vitest';
import { freePort } from '../e2e/fleet/fleet-harness.ts';
import { spawnKept } from '../support/spawn-kept.ts';

// `kept fleet status` without a Redis to read: it gives up, exits 4 (unavailable) and never prints the password.

describe('kept fleet status', () => {
  it('exits 4 when Redis does not answer, with the --queue password redacted', async () => {
    const port = await freePort(); // nothing listens there
    const kept = spawnKept([
      'fleet',
      'status',
      '--queue',
      `redis://ops:hunter2@127.0.0.1:${port}`,
      '--timeout-ms',
      '2000',
    ]);
    const code = await kept.exited();
    expect(code, kept.output()).toBe(4);
    expect(kept.output()).toContain(`cannot reach the fleet's Redis at redis://ops:<redacted>@127.0.0.1:${port}`);
    expect(kept.output()).not.toContain('hunter2');
  }, 30_000);

  it('exits 3 for a --queue that is not a Redis URL, without repeating its password', async () => {
    const kept = spawnKept(['fleet', 'status', '--queue', 'http://ops:hunter2@127.0.0.1:1']);
    expect(await kept.exited()).toBe(3);
    expect(kept.output()).toMatch(/not supported; give redis:\/\/host:port/);
    expect(kept.output()).not.toContain('hunter2');
  }, 30_000);

  it('kept worker refuses a heartbeat TTL under a second (exit 3), before it reads anything', async () => {
    const kept = spawnKept(['worker', '-c', 'none.yaml', '--queue', 'redis://127.0.0.1:1', '--heartbeat-ttl-ms', '10']);
    expect(await kept.exited()).toBe(3);
    expect(kept.output()).toMatch(/--heartbeat-ttl-ms <ms>' argument '10' is invalid\. it must be at least 1000 ms/);
  }, 30_000);
});
