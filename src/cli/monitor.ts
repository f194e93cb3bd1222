import { systemClock } from '../adapters/clock/system.clock.ts';
import { uuid7 } from '../adapters/ids/uuid7.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import { KeptRegistry } from '../adapters/metrics/kept.registry.ts';
import { createClaimBook, recoverDerivedClaims } from '../app/claim-book.ts';
import { createProbeRunner } from '../app/run-probe.ts';
import { createLoopMonitor } from '../adapters/health/loop-monitor.ts';
import type { Clock, Logger, ObservationStore } from '../app/ports.ts';
import { createVerdictBoard, type VerdictBoard } from '../app/verdict-board.ts';
import type { Catalogue, ProbeSpec } from '../domain/catalogue.ts';
import type { Observation } from '../domain/observation.ts';
import { validationError } from '../domain/errors.ts';
import { createKeptMetrics } from '../adapters/metrics/kept.metrics.ts';
import { createStoreMetrics } from '../adapters/metrics/store.metrics.ts';
import { createWitnessMetrics } from '../adapters/metrics/witness.metrics.ts';
import { HoldingStore } from '../adapters/stores/holding/holding.store.ts';
import { storeNotReady } from '../app/store-health.ts';
import { createHttpApp, listen, type RunningServer } from '../adapters/http/server.ts';
import type { Scheduler } from '../adapters/scheduler/scheduler.ts';
import { createCronScheduler } from '../adapters/scheduler/cron.scheduler.ts';
import { createClockedScheduler } from '../adapters/scheduler/clocked.scheduler.ts';
import { createAlerting, type Alerting } from '../app/alerting/alerting.ts';
import { createNotifierFactory } from '../adapters/notifiers/notifier.factory.ts';
import { createSignoffWatch, type SignoffWatch } from '../app/signoff/signoff-watch.ts';
import type { SignoffRecordStore } from '../app/signoff/signoff.types.ts';
import { openSignoffStore } from '../adapters/stores/sqlite/signoff.store.ts';
import { Secret } from '../domain/secret.ts';
import { buildSignoffDeps, signoffsPath } from './commands/signoff.command.ts';
import { createCopyAnalyser, offTheLoop } from '../adapters/signoff/copy-analyser.ts';
import { openChannels, type Channels, type EmailInboundSettings } from './channel-registry.ts';
import { openMonitorWorkers, type MonitorWorkers, type WorkerOptions } from './probe-workers.ts';
import type { CollectorWiring, RunningCollectors } from './monitor-collectors.ts';
import { evaluatePopulationClaims } from '../app/collect-population-verdicts.ts';
import { VERSION } from './version.ts';

export interface MonitorOptions {
  readonly catalogue: Catalogue;
  readonly store: ObservationStore;
  readonly clock: Clock;
  readonly log: Logger;
  readonly host: string;
  readonly port: number;
  /** `cron`: node-cron on real time (kept run); `clocked`: driven by the given clock (kept demo's compressed time). */
  readonly scheduling: 'cron' | 'clocked';
  /** Real milliseconds between verdict recomputations while observations arrive. */
  readonly refreshMs?: number;
  /** Drops raw observations past retention (hourly rollups stay): run at start and every 6 hours. */
  readonly prune?: (now: number) => Promise<{ observations: number }>;
  /** Data directory: sign-off records live in `<dataDir>/signoffs.db` and are re-checked as verdicts refresh. */
  readonly dataDir?: string;
  /** Where KEPT_API_TOKEN (the sign-off API's bearer token) is read from. Default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * The email channel (started only when the catalogue has email probes; they need `dataDir`, where pending runs are
   * kept): `inbound` is Kept's SMTP endpoint for persona domains whose MX points at Kept.
   */
  readonly email?: { readonly inbound?: EmailInboundSettings };
  /**
   * Observations held in memory while the store cannot write (disk full), before the oldest are dropped into coverage
   * gaps. Default 10,000 (docs/architecture/nothing-lost.md).
   */
  readonly maxHeldObservations?: number;
  /** The clock each probe's attempts run on, when not `clock` (kept demo: calls and browsers on a capped clock). */
  readonly clockFor?: (probe: ProbeSpec) => Clock;
  /**
   * Probe worker processes that make the attempts (docs/architecture/workers.md); absent or `count: 0`, attempts run
   * in this process. `kept run` and `kept demo` start one by default.
   */
  readonly workers?: WorkerOptions;
  /**
   * Where the catalogue's collectors store what they read (docs/architecture/collectors.md); needed only when it has
   * collectors, whose code is loaded only then.
   */
  readonly collectors?: CollectorWiring;
  /** The probe fleet's roles on a queue (docs/architecture/fleet.md); absent, this process probes on its own. */
  readonly fleet?: MonitorFleet;
}

/** How `kept run --queue` changes the monitor: runs are planned as queue jobs, and/or results come from the queue. */
export interface MonitorFleet {
  /** The scheduler role: each due run is planned as a queue job instead of attempted here. Absent: no scheduler. */
  readonly plan?: (probeId: string, scheduledAt: number) => Promise<void>;
  /** The service role: starts taking results (recorded once by run id through `record`); closed on stop. */
  readonly intake?: (
    record: (observation: Observation) => Promise<void>,
    stored: (observation: Observation) => Promise<boolean>,
    /** Where the fleet's own metrics go (queue depth, job lag, worker liveness). */
    registry: Registry,
  ) => Promise<{ close(): Promise<void> }>;
}

const PRUNE_EVERY_MS = 6 * 3_600_000;

export interface RunningMonitor {
  readonly url: string;
  readonly board: VerdictBoard;
  readonly registry: Registry;
  /** Where Kept's inbound SMTP endpoint listens, when email probes run and one was asked for. */
  readonly emailInbound?: { readonly host: string; readonly port: number };
  stop(): Promise<void>;
}

/** Composes scheduler, probes, store, verdict board, metrics and the HTTP service, and starts them. */
export async function startMonitor(options: MonitorOptions): Promise<RunningMonitor> {
  const { catalogue, clock, log } = options;
  // While the store cannot write (disk full), observations are held in memory and readiness fails; the caller closes
  // options.store, so stop() only tries once more to write what is held.
  const store = new HoldingStore({
    inner: options.store,
    clock,
    log,
    closesInner: false,
    ...(options.maxHeldObservations === undefined ? {} : { maxHeld: options.maxHeldObservations }),
  });
  const registry = new KeptRegistry();
  const metrics = createKeptMetrics(registry, catalogue, clock, VERSION);
  createStoreMetrics(registry, () => store.health());
  const witnessMetrics = createWitnessMetrics(registry, [
    ...new Set((catalogue.collectors ?? []).flatMap((collector) => collector.verifies)),
  ]);
  // Built before anything starts: a bad route or receiver refuses start-up instead of silently losing alerts.
  let evidenceBase = `http://${options.host}:${options.port}`;
  const alerting: Alerting = createAlerting({
    catalogue,
    clock,
    log,
    notifierFor: createNotifierFactory({ clock, log }),
    evidenceUrl: (id) => `${evidenceBase}/api/claims/${encodeURIComponent(id)}`,
  });
  // Sign-off: the API and pages need KEPT_API_TOKEN; approvals and their re-checks need a data directory.
  // Copy is read on a worker thread and judging pauses between claims: a 250 KB sign-off never stalls the service.
  const analyser = createCopyAnalyser();
  // Copy matched to a claim a collector verifies names the platform's witness too (read from the board when asked).
  const signoff = offTheLoop(
    { ...buildSignoffDeps(catalogue, store, clock), witnesses: () => board.current().witnesses },
    analyser,
  );
  const apiToken = (options.env ?? process.env).KEPT_API_TOKEN;
  const records: SignoffRecordStore | null =
    options.dataDir === undefined ? null : await openSignoffStore(signoffsPath(options.dataDir));
  const watch: SignoffWatch | null =
    records === null
      ? null
      : createSignoffWatch({
          signoff,
          records,
          log,
          notifierFor: createNotifierFactory({ clock, log }),
          evidenceUrl: (id) => `${evidenceBase}/signoffs/${encodeURIComponent(id)}`,
        });
  // Claims derived from observations (an email auto-reply's promise) join the catalogue's as they are seen.
  const book = createClaimBook(catalogue);
  const board = createVerdictBoard({
    store,
    claims: () => book.claims(),
    probes: catalogue.probes,
    clock,
    log,
    windowMs: catalogue.evaluation.windowMs,
    minIntervalMs: options.refreshMs ?? 1_000,
    // The second witness (collectors): judged in the same refresh once the collectors' store is open.
    population: async (claims, window) =>
      collectors === undefined
        ? new Map()
        : evaluatePopulationClaims({ store: collectors.store, claims, collectors: catalogue.collectors ?? [], window }),
    onRefresh: (verdicts, at, witnesses) => {
      metrics.setVerdicts(verdicts);
      witnessMetrics.setWitnesses(witnesses);
      alerting.onVerdicts(verdicts, at);
      watch?.onVerdicts();
    },
  });
  const channels = await openMonitorChannels(options);
  const workers = await openWorkers(options, channels);
  // Aborted first on stop: runs that wait long (email) are suspended and resume at the next start.
  const stopping = new AbortController();
  let resumed: Promise<void> = Promise.resolve();
  const runner = createProbeRunner({
    catalogue,
    channelFor: workers?.channelFor ?? channels.channelFor,
    ...(workers === undefined ? {} : { attempts: workers.attempts }),
    // Kept's own event loop during attempts made in this process (workers watch their own): see probe-runner.md.
    health: createLoopMonitor(),
    store,
    clock,
    ...(options.clockFor === undefined ? {} : { clockFor: options.clockFor }),
    log,
    newId: () => uuid7(),
    listeners: [
      (observation) =>
        log.info('observation recorded', {
          probe: observation.probeId,
          outcome: observation.outcome,
          timings: observation.timings,
        }),
      (observation) => {
        for (const claim of book.learn(observation)) {
          metrics.addClaim(claim);
          log.info('a claim derived from an observation is judged', { claim: claim.id, copy: claim.copy });
        }
      },
      (observation, judgements) => metrics.observe(observation, judgements),
      (observation, judgements) => alerting.onObservation(observation, judgements),
      () => board.touch(),
    ],
  });
  const probes = new Map(catalogue.probes.map((p) => [p.id, p]));
  const runProbe = async (probeId: string, scheduledAt: number): Promise<void> => {
    if (stopping.signal.aborted) return;
    const probe = probes.get(probeId);
    // Lateness is known only without jitter (the run guard draws it): with it, the planned start is not known here.
    const plannedAt = probe?.schedule.jitterMs === 0 ? scheduledAt : undefined;
    await runner.run(
      probeId,
      probe !== undefined && channels.waitsLong(probe) ? stopping.signal : undefined,
      plannedAt,
    );
  };
  const schedulerDeps = {
    probes: catalogue.probes,
    claims: catalogue.claims,
    clock,
    store: { recordGap: store.recordGap.bind(store), lastRunAt: lastRunIncludingPending(store, channels) },
    runProbe: options.fleet?.plan ?? runProbe,
    log,
    coveragePeriodMs: catalogue.evaluation.coveragePeriodMs,
    // A fleet's schedulers plan the same coverage runs, so the queue keeps one of each (docs/architecture/fleet.md).
    sharedCoverage: options.fleet?.plan !== undefined,
    onGap: (probeId: string, missedRuns: number) => metrics.coverageGap(probeId, missedRuns),
    overlaps: channels.waitsLong,
  };
  const scheduler: Scheduler =
    options.scheduling === 'cron' ? createCronScheduler(schedulerDeps) : createClockedScheduler(schedulerDeps);

  let started = false;
  const app = createHttpApp({
    catalogue,
    store,
    board,
    clock,
    registry,
    log,
    claimBook: book,
    signoff: { signoff, records, token: apiToken ? new Secret(apiToken) : null },
    notReady: async () => {
      const reasons: string[] = [];
      if (!started) reasons.push('the scheduler has not started');
      if (board.current().computedAt === null) reasons.push('verdicts have not been computed yet');
      reasons.push(...storeNotReady(store.health()));
      reasons.push(...(workers?.problems() ?? []));
      return reasons;
    },
  });
  let server: RunningServer | undefined;
  let collectors: RunningCollectors | undefined;
  let intake: { close(): Promise<void> } | undefined;
  const schedules = options.fleet === undefined || options.fleet.plan !== undefined;
  try {
    const now = clock.now();
    for (const claim of await recoverDerivedClaims(
      store,
      catalogue,
      book,
      now - catalogue.evaluation.windowMs,
      now + 1,
    ))
      metrics.addClaim(claim);
    await workers?.start();
    server = await listen(app, options.host, options.port);
    evidenceBase = server.url;
    // Runs a previous process left pending (email today): finished ones are recorded now, waiting ones resume in the
    // background, through each channel's lifecycle hook (Channel.resume).
    const report = await channels.resumeAll({
      probes: catalogue.probes,
      clock,
      signal: stopping.signal,
      record: runner.record,
    });
    if (report.recorded + report.resumed > 0)
      log.info('pending runs picked up', { recorded: report.recorded, resumed: report.resumed });
    resumed = report.done;
    await board.refresh();
    if (schedules) await scheduler.start();
    intake = await options.fleet?.intake?.(runner.record, storedAlready(store), registry);
    collectors = await startMonitorCollectors(options);
  } catch (error) {
    // Release what was opened (the email store and endpoint, the port) so a caller may start again.
    stopping.abort();
    board.stop();
    await scheduler.stop().catch(() => undefined);
    await intake?.close().catch(() => undefined);
    await collectors?.stop().catch(() => undefined);
    await resumed;
    await workers?.stop();
    await channels.closeAll();
    await server?.close();
    throw error;
  }
  const running: RunningServer = server;
  started = true;
  const periodic = setInterval(() => board.touch(), 15_000);
  const housekeeping = async (): Promise<void> => {
    if (options.prune === undefined) return;
    try {
      const { observations } = await options.prune(clock.now());
      if (observations > 0) log.info('pruned raw observations past retention; hourly rollups kept', { observations });
    } catch (error) {
      log.error('pruning failed; will retry', { error: String(error) });
    }
  };
  await housekeeping();
  const pruning = setInterval(() => void housekeeping(), PRUNE_EVERY_MS);
  const inbound = channels.email?.inbound;
  log.info('Kept is running', {
    url: running.url,
    claims: catalogue.claims.length,
    probes: catalogue.probes.length,
    ...(inbound === undefined ? {} : { emailInbound: `${inbound.host}:${inbound.port}` }),
  });

  return {
    url: running.url,
    board,
    registry,
    ...(inbound === undefined ? {} : { emailInbound: { host: inbound.host, port: inbound.port } }),
    async stop() {
      clearInterval(periodic);
      clearInterval(pruning);
      board.stop();
      // Runs that wait long end now as suspended (not stored); new fires start nothing; then the scheduler drains.
      stopping.abort();
      await scheduler.stop();
      await intake?.close();
      await collectors?.stop();
      await resumed;
      await workers?.stop();
      await channels.closeAll();
      await alerting.stop();
      await watch?.stop();
      await records?.close();
      await analyser.close();
      await store.close();
      await running.close();
    },
  };
}

/** The catalogue's collectors, started (their code loaded) only when it has some. */
async function startMonitorCollectors(options: MonitorOptions): Promise<RunningCollectors | undefined> {
  const { catalogue } = options;
  if ((catalogue.collectors ?? []).length === 0) return undefined;
  if (options.collectors === undefined)
    throw validationError('collectors.no-store', 'the catalogue has collectors, and nothing to store what they read');
  const { startCollectors } = await import('./monitor-collectors.ts');
  return startCollectors({ ...options, budgetClock: systemClock, wiring: options.collectors });
}

/** The channels for the catalogue; email probes need a data directory (their pending runs must survive a restart). */
async function openMonitorChannels(options: MonitorOptions): Promise<Channels> {
  const { catalogue, clock, log } = options;
  const hasEmail = catalogue.probes.some((p) => p.kind === 'email');
  if (hasEmail && options.dataDir === undefined) {
    throw validationError(
      'email.data-dir',
      'email probes keep their pending runs in the data directory, and none was given',
    );
  }
  const dataDir = options.dataDir ?? tmpdir();
  return openChannels(
    {
      log,
      clock,
      dataDir,
      evidenceDir: join(dataDir, 'evidence'),
      ...(options.email === undefined ? {} : { email: options.email }),
    },
    catalogue.probes,
  );
}

/** The probe workers, unless attempts run in this process (`workers` absent or `count: 0`); not started yet. */
async function openWorkers(options: MonitorOptions, channels: Channels): Promise<MonitorWorkers | undefined> {
  if (options.workers === undefined || options.workers.count === 0) return undefined;
  const dataDir = options.dataDir ?? tmpdir();
  try {
    return openMonitorWorkers({
      options: options.workers,
      catalogue: options.catalogue,
      channels,
      clock: options.clock,
      ...(options.clockFor === undefined ? {} : { clockFor: options.clockFor }),
      log: options.log,
      settings: { dataDir, evidenceDir: join(dataDir, 'evidence') },
    });
  } catch (error) {
    await channels.closeAll();
    throw error;
  }
}

/** Whether the store has an observation with this run id (looked up by probe and start). */
function storedAlready(store: ObservationStore): (observation: Observation) => Promise<boolean> {
  return async (o) => {
    const found = await store.observations({ probeId: o.probeId, from: o.startedAt, to: o.startedAt + 1, limit: 100 });
    return found.some((stored) => stored.id === o.id);
  };
}

/**
 * When a probe last ran, counting runs still waiting in a channel (email) that are not stored yet: otherwise the
 * runs started before a restart and still pending would be counted as runs missed while Kept was down.
 */
function lastRunIncludingPending(
  store: ObservationStore,
  channels: Channels,
): (probeId: string) => Promise<number | undefined> {
  return async (probeId) => {
    const stored = await store.lastRunAt(probeId);
    const pending = (channels.email?.store.runs() ?? [])
      .filter((run) => run.probeId === probeId)
      .map((run) => run.startedAt);
    const all = stored === undefined ? pending : [stored, ...pending];
    return all.length === 0 ? undefined : Math.max(...all);
  };
}
