import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/adapters/clock/system.clock.ts';
import { openSqliteStore } from '../../../src/adapters/stores/sqlite/sqlite.store.ts';
import { loadCatalogueOrThrow } from '../../../src/cli/catalogue-input.ts';
import { startMonitor } from '../../../src/cli/monitor.ts';
import { startDesk, type RunningDesk, type StaffingSchedule } from '../../../src/desk/desk.ts';
import type { Observation } from '../../../src/domain/observation.ts';
import { memoryLog } from '../../support/probe-kit.ts';

const ALWAYS_STAFFED: StaffingSchedule = {
  timeZone: 'Europe/London',
  shifts: [{ days: [0, 1, 2, 3, 4, 5, 6], from: '00:00', to: '24:00', mode: 'staffed', humanDelayMs: [300, 300] }],
  otherwise: 'bot-only',
};

const catalogue = (chatUrl: string): string => `version: kept/v1
service: { name: Worker test, timeZone: Europe/London }
claims:
  - id: chat-human
    copy: "A real person on live chat within a minute"
    publishedAt: https://example.invalid
    owner: ops
    channels: [chat]
    hours: 24/7
    promise: { human: 1m }
    target: 95%
probes:
  - id: desk-chat
    channel: chat-api
    target: ${chatUrl}
    schedule: { cron: "*/2 * * * * *", timeZone: UTC, jitter: 0s, timeout: 2m }
    verifies: [chat-human]
    options:
      transport: websocket
      message: "Hello, is anybody there?"
      send: { type: message, text: "{message}" }
      receive:
        textPath: "$.text"
        senderNamePath: "$.from.name"
        ignore: [{ path: "$.from.role", equals: customer }]
      human: [{ path: "$.from.role", equals: agent }]
      bot: [{ path: "$.from.role", equals: bot }]
      waitForHuman: true
`;

/** `kept run`'s monitor with one probe worker (the real entry, src/cli/probe-worker.ts) probing the desk's chat. */
describe('the probe worker entry under the monitor', () => {
  let desk: RunningDesk;
  let dir: string;
  beforeAll(async () => {
    desk = await startDesk({ clock: systemClock, staffing: ALWAYS_STAFFED, port: 0, botDelayMs: 100, seed: 1 });
    dir = mkdtempSync(join(tmpdir(), 'kept-worker-'));
  });
  afterAll(async () => {
    await desk.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the scheduled attempt in a worker process and stores its observation in the service', async () => {
    const file = join(dir, 'catalogue.yaml');
    writeFileSync(file, catalogue(desk.chatUrl));
    const log = memoryLog();
    const store = await openSqliteStore({ path: join(dir, 'kept.db') });
    const loaded = await loadCatalogueOrThrow([file]);
    const monitor = await startMonitor({
      catalogue: { ...loaded, evaluation: { ...loaded.evaluation, coveragePeriodMs: 0 } },
      store,
      clock: systemClock,
      log,
      host: '127.0.0.1',
      port: 0,
      scheduling: 'cron',
      dataDir: dir,
      refreshMs: 100,
      workers: { count: 1, catalogue: [file] },
    });
    try {
      let stored: Observation[] = [];
      for (let i = 0; i < 300 && stored.length === 0; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        stored = await store.observations({ probeId: 'desk-chat', from: 0, to: Date.now() + 60_000 });
      }
      const ready = log.lines.find((l) => l.message === 'probe worker ready');
      expect(ready?.fields?.worker, JSON.stringify(log.lines)).toEqual(expect.any(Number));
      expect(ready?.fields?.worker).not.toBe(process.pid);
      expect(stored.length, JSON.stringify(log.lines).slice(0, 4_000)).toBeGreaterThan(0);
      expect(stored[0]).toMatchObject({ outcome: 'answered', humanReached: true });
      // The worker's attempt runner watched the worker's own event loop during the attempt.
      expect(stored[0]?.evidence.details?.selfHealth).toMatchObject({ loopDelayMaxMs: expect.any(Number) });
    } finally {
      await monitor.stop();
      await store.close();
    }
    expect(
      log.lines.some((l) => l.level === 'error'),
      JSON.stringify(log.lines.filter((l) => l.level === 'error')),
    ).toBe(false);
  }, 60_000);
});
