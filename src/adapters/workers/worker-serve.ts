import { lostRunObservation } from '../../app/fleet.ts';
import type { Logger } from '../../app/ports.ts';
import {
  PROBE_PROTOCOL_VERSION,
  type DescribedClock,
  type ProbeJob,
  type ProbeJobResult,
} from '../../app/worker.port.ts';
import type { Observation } from '../../domain/observation.ts';
import { clockFromDescription } from '../clock/described.clock.ts';
import { abortReason, isToWorker, type FromWorker } from './worker-protocol.ts';

/** What one job gets besides the job itself. */
export interface JobContext {
  /** The probe's clock, rebuilt from the job's description. */
  readonly clock: DescribedClock;
  /** Aborted when the service asks the attempt to stop (its deadline, or shutdown), with the service's reason. */
  readonly signal: AbortSignal;
  readonly log: Logger;
}

/** What a worker process runs: built once from the service's `init` settings. */
export interface WorkerRuntime {
  /** Runs one attempt of the job's probe. A throw is Kept's own failure: the worker reports it as inconclusive. */
  run(job: ProbeJob, context: JobContext): Promise<Observation>;
  /** Releases what the channels hold (browsers, sockets). */
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Builds the runtime from the `init` message's settings; a throw is reported to the service as `init-failed`. */
  readonly setup: (settings: Readonly<Record<string, unknown>>) => Promise<WorkerRuntime>;
  readonly log: Logger;
  /** Real ms the attempts in flight get to return when the worker is told to stop. Default 10 s. */
  readonly stopGraceMs?: number;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const failed = (job: ProbeJob, reason: string): Observation =>
  lostRunObservation(job, clockFromDescription(job.clock).now(), reason);

/**
 * The worker side of the probe job protocol over this process's IPC channel: `init` builds the runtime, each `job`
 * runs one attempt (a job whose run id is already running is not started twice), `abort` stops one, `ping` is
 * answered, and `stop` (or the service going away) ends the attempts in flight, closes the channels and exits.
 */
export function serveProbeJobs(options: ServeOptions): void {
  const { log } = options;
  const send = (message: FromWorker): void => {
    if (process.connected) process.send?.(message);
  };
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let runtime: Promise<WorkerRuntime> | undefined;
  let stopping = false;

  const runJob = (job: ProbeJob): void => {
    if (running.has(job.runId)) {
      log.warn('a job for a run already in progress; not started twice', { runId: job.runId, probe: job.probeId });
      return;
    }
    const controller = new AbortController();
    const done = (async () => {
      let observation: Observation;
      try {
        const built = await (runtime ?? Promise.reject(new Error('the worker was given a job before init')));
        const context: JobContext = { clock: clockFromDescription(job.clock), signal: controller.signal, log };
        observation = await built.run(job, context);
      } catch (error) {
        const reason = `the probe failed on our side: ${messageOf(error)}`;
        log.error('probe crashed in the worker; reporting an inconclusive observation', {
          probe: job.probeId,
          runId: job.runId,
          reason,
        });
        observation = failed(job, reason);
      }
      const result: ProbeJobResult = { v: PROBE_PROTOCOL_VERSION, runId: job.runId, kind: 'observation', observation };
      send({ v: PROBE_PROTOCOL_VERSION, type: 'result', result });
    })().finally(() => running.delete(job.runId));
    running.set(job.runId, { controller, done });
  };

  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    for (const { controller } of running.values()) controller.abort(new DOMException('Kept is stopping', 'AbortError'));
    const grace = new Promise<void>((resolve) => setTimeout(resolve, options.stopGraceMs ?? 10_000).unref());
    await Promise.race([Promise.all([...running.values()].map((r) => r.done)), grace]);
    await (await runtime?.catch(() => undefined))?.close().catch((error: unknown) => {
      log.warn('the worker could not close its channels', {
        error: messageOf(error),
      });
    });
    process.disconnect?.();
    process.exit(0);
  };

  process.on('message', (message: unknown) => {
    if (!isToWorker(message)) {
      log.warn('a message outside the probe protocol; ignored');
      return;
    }
    switch (message.type) {
      case 'init':
        runtime = options.setup(message.settings);
        runtime.then(
          () => send({ v: PROBE_PROTOCOL_VERSION, type: 'ready' }),
          (error: unknown) => {
            const failure = { v: PROBE_PROTOCOL_VERSION, type: 'init-failed' as const, error: messageOf(error) };
            // The worker is of no use: it says why and exits, and the service starts another after a back-off.
            if (process.connected) process.send?.(failure, undefined, {}, () => process.exit(1));
            else process.exit(1);
          },
        );
        return;
      case 'job':
        if (!stopping) runJob(message.job);
        return;
      case 'abort':
        running.get(message.runId)?.controller.abort(abortReason(message.reason));
        return;
      case 'ping':
        send({ v: PROBE_PROTOCOL_VERSION, type: 'pong', seq: message.seq });
        return;
      case 'stop':
        void stop();
        return;
    }
  });
  // The service went away (it crashed or was killed): nobody is left to take results.
  process.on('disconnect', () => void stop());
}
