import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/adapters/clock/system.clock.ts';
import { openSqlitePopulationStore } from '../../src/adapters/stores/sqlite/population.store.ts';
import { openSqliteStore } from '../../src/adapters/stores/sqlite/sqlite.store.ts';
import type { CollectWindow, PlatformCollector } from '../../src/app/collector.port.ts';
import { startMonitor } from '../../src/cli/monitor.ts';
import type { Catalogue } from '../../src/domain/catalogue.ts';
import type { CollectorSpec } from '../../src/domain/population/collector-spec.ts';
import { memoryLog } from '../support/probe-kit.ts';

/** `kept run` with a catalogue that has a collector: scheduled by node-cron, read into the population store. */
const spec: CollectorSpec = {
  id: 'desk',
  platform: 'http-json',
  schedule: { cron: '* * * * * *', timeZone: 'UTC', jitterMs: 0, timeoutMs: 5_000 },
  intervalMs: 60_000,
  lagMs: 0,
  catchUpMs: 3_600_000,
  verifies: ['phone-human-2m'],
  options: {},
};

const catalogue: Catalogue = {
  service: { name: 'Demo', timeZone: 'Europe/London' },
  claims: [
    {
      id: 'phone-human-2m',
      copy: 'A real person answers within 2 minutes, 24/7',
      publishedAt: ['https://demo.example/contact'],
      owner: 'support-ops',
      channels: ['phone'],
      hours: { kind: 'always', timeZone: 'Europe/London' },
      promise: { kind: 'human', withinMs: 120_000 },
      target: { kind: 'absolute' },
      minSamples: 1,
    },
  ],
  probes: [],
  collectors: [spec],
  receivers: [],
  routes: [],
  evaluation: { windowMs: 7 * 86_400_000, coveragePeriodMs: 0 },
};

/** A platform that follows the port: every window, one queue of 3 calls answered within 2 minutes. */
function testPlatform(): PlatformCollector & { asked: CollectWindow[] } {
  const asked: CollectWindow[] = [];
  return {
    platform: 'http-json',
    asked,
    async collect(window) {
      asked.push(window);
      const readings = [
        {
          collectorId: 'desk',
          queue: 'support',
          channel: 'voice',
          fromMs: window.fromMs,
          toMs: window.toMs,
          contacts: 3,
          withinPromise: 3,
          thresholdMs: 120_000,
          abandoned: 0,
          source: 'test',
        },
      ];
      return { kind: 'read', readings };
    },
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kept-monitor-collectors-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('kept run with collectors', () => {
  it('runs each collector on its cron and stores what it read beside the observations', async () => {
    const path = join(dir, 'kept.db');
    const store = await openSqliteStore({ path });
    const platform = testPlatform();
    const log = memoryLog();
    const monitor = await startMonitor({
      catalogue,
      store,
      clock: systemClock,
      log,
      host: '127.0.0.1',
      port: 0,
      scheduling: 'cron',
      collectors: {
        openStore: () => openSqlitePopulationStore({ path }),
        collectorFor: async () => platform,
      },
    });
    try {
      for (let i = 0; i < 100 && platform.asked.length === 0; i += 1)
        await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await monitor.stop();
    }
    await store.close();
    const [window] = platform.asked;
    expect(window, JSON.stringify(log.lines).slice(0, 3_000)).toBeDefined();
    expect(window?.toMs).toBe((window?.fromMs ?? 0) + 60_000);
    expect(window?.thresholdsMs).toEqual([120_000]);
    const population = await openSqlitePopulationStore({ path });
    const stored = await population.readings({ collectorIds: ['desk'], from: 0, to: Date.now() });
    await population.close();
    expect(stored.map((r) => r.contacts)).toContain(3);
  });

  it('refuses to start when the catalogue has collectors and nowhere to store what they read', async () => {
    const store = await openSqliteStore({ path: join(dir, 'kept.db') });
    await expect(
      startMonitor({
        catalogue,
        store,
        clock: systemClock,
        log: memoryLog(),
        host: '127.0.0.1',
        port: 0,
        scheduling: 'cron',
      }),
    ).rejects.toMatchObject({ code: 'collectors.no-store' });
    await store.close();
  });
});
