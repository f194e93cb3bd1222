import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/adapters/clock/system.clock.ts';
import { EmailStore } from '../../src/adapters/channels/email/email.store.ts';
import { openSqliteStore } from '../../src/adapters/stores/sqlite/sqlite.store.ts';
import type { ObservationStore } from '../../src/app/ports.ts';
import { loadCatalogueOrThrow } from '../../src/cli/catalogue-input.ts';
import { startMonitor, type RunningMonitor } from '../../src/cli/monitor.ts';
import type { Catalogue } from '../../src/domain/catalogue.ts';
import type { Observation } from '../../src/domain/observation.ts';
import { startEmailFrontDoor, type RunningEmailFrontDoor } from '../../src/desk/email/email-front-door.ts';
import type { StaffingSchedule } from '../../src/desk/staffing.schedule.ts';
import { eventually, memoryLog } from '../adapters/channels/email/support.ts';
import { freePort } from '../support/influxd.ts';
import { REPO_ROOT, spawnKept } from '../support/spawn-kept.ts';

/**
 * Kept's monitor with an email probe against the demo desk's email front door, replies delivered to the monitor's own
 * inbound SMTP endpoint: the whole path from the scheduler to /api/claims, with the relay race's derived claim.
 */

const FIXTURE = join(REPO_ROOT, 'test/fixtures/email/demo-email.yaml');
const DERIVED = 'email-reply-4h~auto-reply';
const STAFFED: StaffingSchedule = {
  timeZone: 'Europe/London',
  shifts: [{ days: [0, 1, 2, 3, 4, 5, 6], from: '00:00', to: '24:00', mode: 'staffed', humanDelayMs: [0, 0] }],
  otherwise: 'closed',
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A six-field cron that fires once, at the next whole second at least `aheadMs` from now (UTC). */
function onceSoon(aheadMs: number): string {
  const at = new Date(Math.ceil((Date.now() + aheadMs) / 1_000) * 1_000);
  return `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;
}

async function world(humanDelayMs: number) {
  const data = mkdtempSync(join(tmpdir(), 'kept-monitor-email-'));
  cleanups.push(() => rmSync(data, { recursive: true, force: true }));
  const inboundPort = await freePort();
  const desk: RunningEmailFrontDoor = await startEmailFrontDoor({
    clock: systemClock,
    staffing: STAFFED,
    deliverTo: { host: '127.0.0.1', port: inboundPort },
    timing: { ackDelayMs: 200, humanDelayMs: [humanDelayMs, humanDelayMs] },
    seed: 3,
  });
  cleanups.push(() => desk.stop());
  const env = { KEPT_DESK_EMAIL_ADDRESS: desk.address, KEPT_DESK_SMTP_PORT: String(desk.smtpPort) };
  const loaded = await loadCatalogueOrThrow([FIXTURE], env);
  // One run, a few seconds from now; no coverage runs (they would add mails at random minutes).
  const cron = onceSoon(2_500);
  const catalogue: Catalogue = {
    ...loaded,
    evaluation: { ...loaded.evaluation, coveragePeriodMs: 0 },
    probes: loaded.probes.map((p) => ({
      ...p,
      schedule: { ...p.schedule, cron, timeZone: 'UTC', jitterMs: 0, timeoutMs: 30_000 },
    })),
  };
  const log = memoryLog();
  /** Starts Kept on the data directory, its inbound endpoint on the port the desk delivers to. */
  async function keptStarts(): Promise<{ monitor: RunningMonitor; store: ObservationStore; stop(): Promise<void> }> {
    const store = await openSqliteStore({ path: join(data, 'kept.db') });
    const monitor = await startMonitor({
      catalogue,
      store,
      clock: systemClock,
      log,
      host: '127.0.0.1',
      port: 0,
      scheduling: 'cron',
      dataDir: data,
      refreshMs: 100,
      email: { inbound: { domains: ['customers.kept.invalid'], host: '127.0.0.1', port: inboundPort } },
    });
    let stopped = false;
    const stop = async (): Promise<void> => {
      if (stopped) return;
      stopped = true;
      await monitor.stop();
      await store.close();
    };
    cleanups.push(stop);
    return { monitor, store, stop };
  }
  const pendingRuns = () => {
    const pending = EmailStore.open(join(data, 'email-pending.db'));
    try {
      return pending.runs();
    } finally {
      pending.close();
    }
  };
  return { data, desk, env, inboundPort, log, keptStarts, pendingRuns };
}

async function stored(store: ObservationStore): Promise<Observation[]> {
  return store.observations({ probeId: 'desk-email', from: 0, to: Date.now() + 60_000 });
}

/** The probe's first observation from a run of this test (not the one seeded as an earlier run). */
async function storedEventually(store: ObservationStore, timeoutMs: number): Promise<Observation> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const observation = (await stored(store)).find((o) => o.id !== 'earlier');
    if (observation !== undefined) return observation;
    if (Date.now() > deadline) throw new Error('timed out waiting for the email observation to be stored');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function json<T>(url: string): Promise<T> {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  return (await response.json()) as T;
}

interface ClaimJson {
  readonly id: string;
  readonly copy: string;
  readonly samples: { counted: number; met: number } | null;
}

describe('kept run with an email probe against the demo desk', () => {
  it('stores the observation with its timings, forgets the pending run, and shows the auto-reply’s derived claim', async () => {
    const w = await world(800);
    const kept = await w.keptStarts();
    expect(kept.monitor.emailInbound).toEqual({ host: '127.0.0.1', port: w.inboundPort });

    const observation = await storedEventually(kept.store, 20_000);
    expect(observation.outcome, observation.reason).toBe('answered');
    expect(observation.humanReached).toBe(true);
    expect(observation.timings.autoReplyMs).toBeGreaterThan(0);
    expect(observation.timings.humanMs).toBeGreaterThan(observation.timings.autoReplyMs as number);
    const [ack, human] = w.desk.replies();
    expect(Math.abs((observation.timings.autoReplyMs as number) - (ack?.deskDelayMs as number))).toBeLessThan(1_000);
    expect(Math.abs((observation.timings.humanMs as number) - (human?.deskDelayMs as number))).toBeLessThan(1_000);
    expect(observation.autoReplyPromise).toBe('A member of our team will reply within 24 hours.');

    // The board refreshes after the observation: the derived claim joins /api/claims with the one judgement.
    let derived: ClaimJson | undefined;
    const deadline = Date.now() + 10_000;
    while (derived?.samples?.counted !== 1) {
      if (Date.now() > deadline)
        throw new Error(`the derived claim did not appear in /api/claims: ${JSON.stringify(derived)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const body = await json<{ claims: ClaimJson[] }>(`${kept.monitor.url}/api/claims`);
      derived = body.claims.find((c) => c.id === DERIVED);
      expect(body.claims.map((c) => c.id)[0]).toBe('email-reply-4h');
    }
    expect(derived).toMatchObject({
      copy: 'A member of our team will reply within 24 hours.',
      samples: { counted: 1, met: 1 },
    });

    const evidence = await json<{
      probes: string[];
      recentObservations: {
        id: string;
        judgement: { counted: boolean; met: boolean; reason: string };
        evidence: { details: Record<string, unknown> };
      }[];
    }>(`${kept.monitor.url}/api/claims/${encodeURIComponent(DERIVED)}`);
    expect(evidence.probes).toEqual(['desk-email']);
    expect(evidence.recentObservations.map((o) => o.id)).toEqual([observation.id]);
    expect(evidence.recentObservations[0]?.judgement).toMatchObject({ counted: true, met: true });
    expect(evidence.recentObservations[0]?.judgement.reason).toContain('promised 24h');
    expect(evidence.recentObservations[0]?.evidence.details.personalTouch).toMatchObject({
      addressed: 'by-name',
      topic: { missing: [] },
    });

    const metrics = await (await fetch(`${kept.monitor.url}/metrics`)).text();
    expect(metrics).toContain(`kept_claim_verdict{claim="${DERIVED}",status="unproven"} 1`);
    expect(metrics).toContain(`kept_claim_target_ratio{claim="${DERIVED}"} 0.95`);
    expect(metrics).toContain(`kept_claim_attempts_total{claim="${DERIVED}",result="met"} 1`);

    await kept.stop();
    expect(w.pendingRuns()).toEqual([]);
    expect(w.desk.received()).toBe(1);

    // kept verdicts recovers the derived claim from the stored observations.
    const cli = spawnKept(['verdicts', '-c', FIXTURE, '--data', w.data, '--since', '1d', '--json'], w.env);
    expect(await new Promise((resolve) => cli.child.once('exit', resolve)), cli.output()).toBe(0);
    const printed = JSON.parse(cli.output().split('\n--- stderr ---\n')[0] as string) as {
      claims: (ClaimJson & { derivedFrom?: string })[];
    };
    expect(printed.claims.map((c) => [c.id, c.derivedFrom ?? null, c.samples?.counted])).toEqual([
      ['email-reply-4h', null, expect.any(Number)],
      [DERIVED, 'email-reply-4h', 1],
    ]);
  }, 60_000);

  it('stopped while a run waits for the human reply, and started again: the run completes without a second mail', async () => {
    const w = await world(3_000);
    // An earlier run two days ago: each start counts the daily fires missed since the latest run as a coverage gap.
    const seeded = await openSqliteStore({ path: join(w.data, 'kept.db') });
    const twoDaysAgo = Date.now() - 2 * 86_400_000;
    await seeded.record(
      {
        id: 'earlier',
        probeId: 'desk-email',
        kind: 'email',
        startedAt: twoDaysAgo,
        outcome: 'inconclusive',
        reason: 'seeded',
        timings: { totalMs: 1 },
        humanReached: false,
        evidence: {},
      },
      [],
    );
    await seeded.close();
    const first = await w.keptStarts();
    await eventually(
      () => (w.desk.replies().some((r) => r.kind === 'ack') ? true : undefined),
      15_000,
      'the auto-acknowledgement to reach Kept',
    );
    await first.stop();
    const between = await openSqliteStore({ path: join(w.data, 'kept.db') });
    expect((await stored(between)).map((o) => o.id)).toEqual(['earlier']);
    const gapsBefore = await between.gaps({ from: 0, to: Date.now() + 1 });
    expect(gapsBefore).toHaveLength(1);
    await between.close();
    expect(w.pendingRuns().map((run) => run.state)).toEqual(['sent']);
    expect(w.log.lines.some((l) => l.message.startsWith('probe run suspended'))).toBe(true);

    const second = await w.keptStarts();
    const observation = await storedEventually(second.store, 20_000);
    expect(observation.outcome, observation.reason).toBe('answered');
    expect(observation.evidence.details).toMatchObject({ resumed: true });
    const human = w.desk.replies().find((r) => r.kind === 'human');
    expect(Math.abs((observation.timings.humanMs as number) - (human?.deskDelayMs as number))).toBeLessThan(1_000);
    expect(w.desk.received()).toBe(1);
    await second.stop();
    expect(w.pendingRuns()).toEqual([]);
    // The run pending across the restart is not a run missed while Kept was down: no new gap at the second start.
    const reopened = await openSqliteStore({ path: join(w.data, 'kept.db') });
    expect(await reopened.gaps({ from: 0, to: Date.now() + 1 })).toEqual(gapsBefore);
    await reopened.close();
  }, 60_000);
});

describe('kept run flags for the inbound SMTP endpoint', () => {
  const env = { KEPT_DESK_EMAIL_ADDRESS: 'support@desk.kept.invalid', KEPT_DESK_SMTP_PORT: '9' };

  it('starts the endpoint for the persona domain and says where it listens', async () => {
    const data = mkdtempSync(join(tmpdir(), 'kept-run-email-'));
    cleanups.push(() => rmSync(data, { recursive: true, force: true }));
    const args = [
      'run',
      '-c',
      FIXTURE,
      '--port',
      '0',
      '--data',
      data,
      '--email-inbound-domain',
      'customers.kept.invalid',
      '--email-inbound-port',
      '0',
    ];
    const kept = spawnKept(args, env);
    cleanups.push(async () => void (await kept.stop()));
    const [, port] = await kept.waitFor(/inbound SMTP 127\.0\.0\.1:(\d+)\)/, 20_000);
    expect(Number(port)).toBeGreaterThan(0);
    expect(await kept.stop()).toBe(0);
  }, 30_000);

  it('refuses to start when an email probe reads replies at the endpoint and none is configured', async () => {
    const data = mkdtempSync(join(tmpdir(), 'kept-run-email-'));
    cleanups.push(() => rmSync(data, { recursive: true, force: true }));
    const kept = spawnKept(['run', '-c', FIXTURE, '--port', '0', '--data', data], env);
    expect(await new Promise((resolve) => kept.child.once('exit', resolve))).toBe(3);
    expect(kept.output()).toContain(
      'probe "desk-email" reads replies at Kept\'s inbound SMTP endpoint, but none is configured (kept run --email-inbound-domain customers.kept.invalid)',
    );
  }, 30_000);
});

describe('kept probe on an email probe', () => {
  it('runs it once against the desk, prints the timings, the auto-reply’s promise and the personal touch, and keeps nothing pending', async () => {
    const w = await world(500);
    const kept = spawnKept(
      [
        'probe',
        'desk-email',
        '-c',
        FIXTURE,
        '--data',
        w.data,
        '--email-inbound-domain',
        'customers.kept.invalid',
        '--email-inbound-port',
        String(w.inboundPort),
      ],
      w.env,
    );
    expect(await new Promise((resolve) => kept.child.once('exit', resolve)), kept.output()).toBe(0);
    const out = kept.output();
    expect(out).toContain('desk-email: answered');
    expect(out).toContain('the auto-reply promised: "A member of our team will reply within 24 hours."');
    expect(out).toMatch(/personal touch: the reply addresses the customer by name \("(Hi|Hello|Dear) Sam/);
    expect(out).toContain('topic words answered: refund, charge; missing: none');
    expect(w.desk.received()).toBe(1);
    // Not recorded: the pending state lived in a temporary directory, not in the data directory.
    expect(existsSync(join(w.data, 'email-pending.db'))).toBe(false);
  }, 30_000);
});
