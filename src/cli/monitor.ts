import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import { KeptRegistry } from '../adapters/metrics/kept.registry.ts';
import { createProbeRunner } from '../app/run-probe.ts';
import type { Clock, Logger, ObservationStore } from '../app/ports.ts';
import { createVerdictBoard, type VerdictBoard } from '../app/verdict-board.ts';
import type { Catalogue } from '../domain/catalogue.ts';
import { createKeptMetrics } from '../adapters/metrics/kept.metrics.ts';
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
import { createChannels } from './channel-registry.ts';
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
}

const PRUNE_EVERY_MS = 6 * 3_600_000;

export interface RunningMonitor {
  readonly url: string;
  readonly board: VerdictBoard;
  readonly registry: Registry;
  stop(): Promise<void>;
}

/** Composes scheduler, probes, store, verdict board, metrics and the HTTP service, and starts them. */
export async function startMonitor(options: MonitorOptions): Promise<RunningMonitor> {
  const { catalogue, store, clock, log } = options;
  const registry = new KeptRegistry();
  const metrics = createKeptMetrics(registry, catalogue, clock, VERSION);
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
  const signoff = buildSignoffDeps(catalogue, store, clock);
  const apiToken = (options.env ?? process.env).KEPT_API_TOKEN;
  const records: SignoffRecordStore | null = options.dataDir === undefined ? null : await openSignoffStore(signoffsPath(options.dataDir));
  const watch: SignoffWatch | null = records === null ? null : createSignoffWatch({
    signoff,
    records,
    log,
    notifierFor: createNotifierFactory({ clock, log }),
    evidenceUrl: (id) => `${evidenceBase}/signoffs/${encodeURIComponent(id)}`,
  });
  const board = createVerdictBoard({
    store,
    claims: catalogue.claims,
    clock,
    log,
    windowMs: catalogue.evaluation.windowMs,
    minIntervalMs: options.refreshMs ?? 1_000,
    onRefresh: (verdicts, at) => {
      metrics.setVerdicts(verdicts);
      alerting.onVerdicts(verdicts, at);
      watch?.onVerdicts();
    },
  });
  const channels = createChannels({ log, evidenceDir: join(options.dataDir ?? tmpdir(), 'evidence') });
  const runner = createProbeRunner({
    catalogue,
    channelFor: channels.channelFor,
    store,
    clock,
    log,
    newId: randomUUID,
    listeners: [
      (observation, judgements) => metrics.observe(observation, judgements),
      (observation, judgements) => alerting.onObservation(observation, judgements),
      () => board.touch(),
    ],
  });
  const runProbe = async (probeId: string): Promise<void> => {
    const observation = await runner.run(probeId);
    log.info('observation recorded', { probe: probeId, outcome: observation.outcome, timings: observation.timings });
  };
  const schedulerDeps = {
    probes: catalogue.probes,
    claims: catalogue.claims,
    clock,
    store,
    runProbe,
    log,
    coveragePeriodMs: catalogue.evaluation.coveragePeriodMs,
    onGap: (probeId: string, missedRuns: number) => metrics.coverageGap(probeId, missedRuns),
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
    signoff: { signoff, records, token: apiToken ? new Secret(apiToken) : null },
    notReady: async () => {
      const reasons: string[] = [];
      if (!started) reasons.push('the scheduler has not started');
      if (board.current().computedAt === null) reasons.push('verdicts have not been computed yet');
      return reasons;
    },
  });
  const server: RunningServer = await listen(app, options.host, options.port);
  evidenceBase = server.url;
  await board.refresh();
  await scheduler.start();
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
  log.info('Kept is running', { url: server.url, claims: catalogue.claims.length, probes: catalogue.probes.length });

  return {
    url: server.url,
    board,
    registry,
    async stop() {
      clearInterval(periodic);
      clearInterval(pruning);
      board.stop();
      await scheduler.stop();
      await channels.closeAll();
      await alerting.stop();
      await watch?.stop();
      await records?.close();
      await server.close();
    },
  };
}
