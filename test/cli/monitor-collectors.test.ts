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
import { parseCatalogue } from '../../src/adapters/catalogue/catalogue.loader.ts';
import { startTwilioTaskRouterFake } from '../support/collector-fakes/twilio-taskrouter.fake.ts';
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
    let built = 0;
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
        collectorFor: async () => {
          built += 1;
          return platform;
        },
      },
    });
    try {
      for (let i = 0; i < 200 && platform.asked.length === 0; i += 1)
        await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await monitor.stop();
    }
    await store.close();
    const [window] = platform.asked;
    expect(window, JSON.stringify(log.lines).slice(0, 3_000)).toBeDefined();
    expect(window?.toMs).toBe((window?.fromMs ?? 0) + 60_000);
    expect(window?.thresholdsMs).toEqual([120_000]);
    expect(built).toBe(1); // once, at start: the runs use that adapter
    const population = await openSqlitePopulationStore({ path });
    const stored = await population.readings({ collectorIds: ['desk'], from: 0, to: Date.now() });
    await population.close();
    expect(stored.map((r) => r.contacts)).toContain(3);
  });

  it('builds the collector with the collector factory from the catalogue, and reads a TaskRouter (strict fake)', async () => {
    const queue = `WQ${'3'.repeat(32)}`;
    const fake = await startTwilioTaskRouterFake([queue]);
    const now = Date.now();
    // A call every 5 s over the last 3 minutes, off the minute boundaries: 12 in each whole minute.
    for (let t = Math.floor(now / 60_000) * 60_000 - 180_000 + 2_500; t < now; t += 5_000)
      fake.tasks.push({ queueSid: queue, channel: 'voice', endedAtMs: t, waitSeconds: 20, outcome: 'accepted' });
    const text = `version: kept/v1
service: { name: Demo, timeZone: Europe/London }
claims:
  - id: phone-human-2m
    copy: "A real person answers within 2 minutes, 24/7"
    publishedAt: https://demo.example/contact
    owner: support-ops
    channels: [phone]
    hours: 24/7
    promise: { human: 2m }
    target: absolute
collectors:
  - id: desk
    platform: twilio-taskrouter
    schedule: { cron: "* * * * * *" }
    interval: 1m
    lag: 0s
    verifies: [phone-human-2m]
    options:
      accountSid: ${fake.accountSid}
      authToken: \${TWILIO_AUTH_TOKEN}
      workspaceSid: ${fake.workspaceSid}
      taskQueueSids: [${queue}]
      baseUrl: ${fake.url}
`;
    const loaded = parseCatalogue([{ file: 'kept.yaml', text }], {
      env: { TWILIO_AUTH_TOKEN: fake.authToken },
      optionSchemas: new Map(),
    });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const path = join(dir, 'kept.db');
    const store = await openSqliteStore({ path });
    const log = memoryLog();
    const monitor = await startMonitor({
      catalogue: { ...loaded.catalogue, evaluation: { ...loaded.catalogue.evaluation, coveragePeriodMs: 0 } },
      store,
      clock: systemClock,
      log,
      host: '127.0.0.1',
      port: 0,
      scheduling: 'cron',
      collectors: { openStore: () => openSqlitePopulationStore({ path }) },
    });
    const population = await openSqlitePopulationStore({ path });
    try {
      let stored: Awaited<ReturnType<typeof population.readings>> = [];
      for (let i = 0; i < 200 && stored.length === 0; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        stored = await population.readings({ collectorIds: ['desk'], from: 0, to: Date.now() });
      }
      const [first] = stored;
      expect(first, JSON.stringify(log.lines).slice(0, 3_000)).toMatchObject({ queue, contacts: 12, abandoned: 0 });
      expect(JSON.stringify(log.lines)).not.toContain(fake.authToken);
    } finally {
      await monitor.stop();
      await population.close();
      await store.close();
      await fake.close();
    }
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
