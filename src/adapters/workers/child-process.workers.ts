import { setPriority } from 'node:os';
import { fork, type ChildProcess } from 'node:child_process';
import type { Logger } from '../../app/ports.ts';
import {
  PROBE_PROTOCOL_VERSION,
  type ProbeJob,
  type ProbeJobResult,
  type ProbeWorkers,
} from '../../app/worker.port.ts';
import { fatalError } from '../../domain/errors.ts';
import { workerExecArgv } from './exec-argv.ts';
import { relayOutput } from './output-relay.ts';
import { abortNotice, isFromWorker, type FromWorker, type ToWorker } from './worker-protocol.ts';

export interface ChildProcessWorkersOptions {
  /** The worker entry module (src/cli/probe-worker.ts): it answers `init` with `ready` and then serves jobs. */
  readonly entry: string;
  /** How many worker processes; each probe always goes to the same one (its Twilio port, its browser). */
  readonly count: number;
  /** Sent to each worker as it starts (JSON): what it needs to build its channels (catalogue paths, directories). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** The workers' environment (default: this process's): the catalogue's ${VARS} resolve from it. */
  readonly env?: NodeJS.ProcessEnv;
  readonly log: Logger;
  /** Node flags for the workers (default: this process's, plus tsx for a .ts entry). */
  readonly execArgv?: readonly string[];
  /** Real ms a worker may take to start (load the catalogue) before start-up fails. Default 60 s. */
  readonly startTimeoutMs?: number;
  /** Real ms an aborted attempt may take to return before the worker is pinged. Default 10 s. */
  readonly abortGraceMs?: number;
  /** Real ms a ping may take; a worker that does not answer is killed and replaced. Default 5 s. */
  readonly pingTimeoutMs?: number;
  /** Real ms a worker may take to stop before it is killed. Default 10 s. */
  readonly stopTimeoutMs?: number;
}

interface Run {
  readonly job: ProbeJob;
  readonly done: Promise<ProbeJobResult>;
  readonly settle: (result: ProbeJobResult) => void;
  /** Whether the job was handed to the slot's current worker (else it waits for the worker to be ready). */
  sent: boolean;
}

interface Slot {
  readonly index: number;
  child: ChildProcess | undefined;
  /** The worker answered `init` and takes jobs. */
  ready: boolean;
  /** The current worker got as far as `ready` (false until then), whether or not it still takes jobs. */
  started: boolean;
  /** Runs on this slot: sent to its worker, or waiting for it. */
  readonly runs: Map<string, Run>;
  /** Consecutive exits before `ready`, for the restart back-off and readiness. */
  failures: number;
  /** How the latest worker that never got ready ended. */
  lastFailure: string;
  /** Pings waiting for their pong: told true when it comes, false when the worker exits. */
  readonly pings: Map<number, (answered: boolean) => void>;
}

const lost = (runId: string, reason: string): ProbeJobResult => ({
  v: PROBE_PROTOCOL_VERSION,
  runId,
  kind: 'lost',
  reason,
});

/** FNV-1a: a probe's slot, stable across restarts. */
function slotOf(probeId: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < probeId.length; i += 1) hash = Math.imul(hash ^ probeId.charCodeAt(i), 0x01000193) >>> 0;
  return hash % count;
}

function exitOf(code: number | null, signal: NodeJS.Signals | null): string {
  return signal === null ? `code ${code ?? 'unknown'}` : `signal ${signal}`;
}

/**
 * Probe workers as child processes of the service (node:child_process fork with an IPC channel). A worker that dies
 * ends each attempt it held as `lost` ("the probe worker exited (signal SIGKILL) during the attempt") and is
 * replaced; jobs for its probes wait for the new one. An aborted attempt that does not come back within
 * `abortGraceMs` gets the worker pinged: a worker that does not answer (a blocked event loop) is killed and replaced.
 * See docs/architecture/workers.md.
 */
/**
 * Probe workers measure time, so they get the CPU before the service's pages, API and sign-offs when the operating
 * system allows it (root, or CAP_SYS_NICE: systemd's `Nice=`/`AmbientCapabilities=`); otherwise they run at the
 * service's own priority, and the attempt runner's self-health marks what starvation spoils.
 */
const WORKER_NICENESS = -5;

function favour(pid: number | undefined, log: Logger): void {
  if (pid === undefined) return;
  try {
    setPriority(pid, WORKER_NICENESS);
  } catch (error) {
    log.info("probe worker runs at the service's priority (raising it needs root or CAP_SYS_NICE)", {
      worker: pid,
      error: (error as Error).message,
    });
  }
}

export function createChildProcessWorkers(options: ChildProcessWorkersOptions): ProbeWorkers {
  const { log, count } = options;
  if (!Number.isInteger(count) || count < 1) {
    throw fatalError('workers.count', `the worker pool needs at least one worker, not ${count}`);
  }
  const abortGraceMs = options.abortGraceMs ?? 10_000;
  const pingTimeoutMs = options.pingTimeoutMs ?? 5_000;
  const execArgv = [...(options.execArgv ?? workerExecArgv(options.entry))];
  const slots: Slot[] = Array.from({ length: count }, (_, index) => ({
    index,
    child: undefined,
    ready: false,
    started: false,
    runs: new Map(),
    failures: 0,
    lastFailure: '',
    pings: new Map(),
  }));
  /** Every run in flight by run id: a job whose id is here joins that run; a result for an id not here is ignored. */
  const inFlight = new Map<string, Run>();
  let stopping = false;
  let seq = 0;
  /** Told when a slot's worker is ready or fails to start (start-up waits on these). */
  const startWaiters = new Set<(slot: Slot, error?: string) => void>();

  const send = (slot: Slot, message: ToWorker): boolean => {
    const child = slot.child;
    if (child === undefined || !child.connected) return false;
    try {
      child.send(message);
      return true;
    } catch (error) {
      log.warn('could not send to a probe worker', { worker: child.pid, error: (error as Error).message });
      return false;
    }
  };

  const finish = (slot: Slot, runId: string, result: ProbeJobResult): void => {
    const run = slot.runs.get(runId);
    if (run === undefined) return;
    slot.runs.delete(runId);
    inFlight.delete(runId);
    run.settle(result);
  };

  const dispatch = (slot: Slot): void => {
    for (const run of slot.runs.values()) {
      if (!run.sent && slot.ready) run.sent = send(slot, { v: PROBE_PROTOCOL_VERSION, type: 'job', job: run.job });
    }
  };

  /** Pings a slot's worker: resolves true if it answers within pingTimeoutMs. */
  const ping = (slot: Slot): Promise<boolean> =>
    new Promise((resolve) => {
      seq += 1;
      const id = seq;
      const timer = setTimeout(() => {
        slot.pings.delete(id);
        resolve(false);
      }, pingTimeoutMs);
      slot.pings.set(id, (answered) => {
        clearTimeout(timer);
        resolve(answered);
      });
      if (!send(slot, { v: PROBE_PROTOCOL_VERSION, type: 'ping', seq: id })) {
        clearTimeout(timer);
        slot.pings.delete(id);
        resolve(false);
      }
    });

  const onMessage = (slot: Slot, child: ChildProcess, message: FromWorker): void => {
    switch (message.type) {
      case 'ready':
        slot.ready = true;
        slot.started = true;
        slot.failures = 0;
        slot.lastFailure = '';
        log.info('probe worker ready', { worker: child.pid, slot: slot.index });
        for (const waiter of startWaiters) waiter(slot);
        dispatch(slot);
        return;
      case 'init-failed':
        slot.lastFailure = `could not start: ${message.error}`;
        for (const waiter of startWaiters) waiter(slot, message.error);
        log.error('a probe worker could not start', { worker: child.pid, error: message.error });
        return;
      case 'pong':
        slot.pings.get(message.seq)?.(true);
        slot.pings.delete(message.seq);
        return;
      case 'result': {
        const { runId } = message.result;
        if (slot.runs.get(runId)?.sent !== true) {
          log.warn('a probe worker returned a run that is already settled; ignored, never counted twice', {
            worker: child.pid,
            runId,
          });
          return;
        }
        finish(slot, runId, message.result);
        return;
      }
    }
  };

  const onExit = (slot: Slot, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void => {
    if (slot.child !== child) return;
    const wasReady = slot.started;
    slot.child = undefined;
    slot.ready = false;
    slot.started = false;
    for (const answered of slot.pings.values()) answered(false);
    slot.pings.clear();
    const how = exitOf(code, signal);
    for (const [runId, run] of [...slot.runs]) {
      if (run.sent) finish(slot, runId, lost(runId, `the probe worker exited (${how}) during the attempt`));
    }
    if (stopping) {
      for (const runId of [...slot.runs.keys()])
        finish(slot, runId, lost(runId, 'Kept stopped before a probe worker took the attempt'));
      return;
    }
    if (!wasReady) {
      slot.failures += 1;
      slot.lastFailure ||= `exited (${how}) before it was ready`;
      for (const waiter of startWaiters) waiter(slot, `the probe worker exited (${how}) before it was ready`);
    }
    const delayMs = Math.min(30_000, wasReady ? 0 : 500 * 2 ** Math.min(slot.failures - 1, 6));
    log.error('a probe worker exited; starting a new one', {
      worker: child.pid,
      slot: slot.index,
      exit: how,
      inMs: delayMs,
    });
    setTimeout(() => {
      if (!stopping && slot.child === undefined) spawn(slot);
    }, delayMs).unref();
  };

  const spawn = (slot: Slot): void => {
    const child = fork(options.entry, [], {
      execArgv,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    slot.child = child;
    favour(child.pid, log);
    slot.ready = false;
    slot.started = false;
    const fields = { worker: child.pid, slot: slot.index };
    if (child.stdout !== null) relayOutput(child.stdout, log, fields, 'info');
    if (child.stderr !== null) relayOutput(child.stderr, log, fields, 'warn');
    child.on('message', (message: unknown) => {
      if (isFromWorker(message)) onMessage(slot, child, message);
      else log.warn('a probe worker sent a message outside the protocol; ignored', fields);
    });
    child.on('error', (error) => log.error('probe worker process error', { ...fields, error: error.message }));
    child.once('exit', (code, signal) => onExit(slot, child, code, signal));
    send(slot, { v: PROBE_PROTOCOL_VERSION, type: 'init', settings: options.settings });
  };

  const kill = (slot: Slot, why: string): void => {
    const child = slot.child;
    if (child === undefined) return;
    log.error('killing an unresponsive probe worker; a new one starts', { worker: child.pid, slot: slot.index, why });
    // New jobs wait for the replacement rather than go to a process that is about to die.
    slot.ready = false;
    child.kill('SIGKILL');
  };

  /** After an abort: the attempt should come back soon; if not, a worker that does not answer a ping is killed. */
  const watchAbort = (slot: Slot, runId: string): void => {
    const timer = setTimeout(() => {
      void (async () => {
        if (!slot.runs.has(runId)) return;
        if (!(await ping(slot))) {
          kill(
            slot,
            `it did not return an aborted attempt within ${abortGraceMs} ms nor answer a ping within ${pingTimeoutMs} ms`,
          );
          return;
        }
        finish(
          slot,
          runId,
          lost(runId, `the probe worker did not stop the attempt within ${abortGraceMs} ms of being asked`),
        );
      })();
    }, abortGraceMs);
    timer.unref();
  };

  function waitUntilStarted(): Promise<void> {
    const startTimeoutMs = options.startTimeoutMs ?? 60_000;
    return new Promise((resolve, reject) => {
      const pending = new Set(slots.filter((s) => !s.ready));
      if (pending.size === 0) return resolve();
      const done = (error?: Error): void => {
        clearTimeout(timer);
        startWaiters.delete(waiter);
        if (error === undefined) resolve();
        else reject(error);
      };
      const waiter = (slot: Slot, error?: string): void => {
        if (error !== undefined) return done(fatalError('workers.start', `a probe worker could not start: ${error}`));
        pending.delete(slot);
        if (pending.size === 0) done();
      };
      const timer = setTimeout(
        () => done(fatalError('workers.start', `the probe workers did not start within ${startTimeoutMs} ms`)),
        startTimeoutMs,
      );
      startWaiters.add(waiter);
    });
  }

  return {
    async start() {
      stopping = false;
      for (const slot of slots) if (slot.child === undefined) spawn(slot);
      try {
        await waitUntilStarted();
      } catch (error) {
        await this.stop();
        throw error;
      }
    },

    run(job, signal) {
      const joined = inFlight.get(job.runId);
      if (joined !== undefined) return joined.done;
      if (stopping) return Promise.resolve(lost(job.runId, 'Kept is stopping; the attempt was not started'));
      const slot = slots[slotOf(job.probeId, count)] as Slot;
      let settle: (result: ProbeJobResult) => void = () => undefined;
      const done = new Promise<ProbeJobResult>((resolve) => {
        settle = resolve;
      });
      const run: Run = { job, done, settle, sent: false };
      slot.runs.set(job.runId, run);
      inFlight.set(job.runId, run);
      const onAbort = (): void => {
        if (!run.sent) {
          finish(
            slot,
            job.runId,
            lost(
              job.runId,
              `the attempt was stopped before a probe worker took it (${abortNotice(signal.reason).message})`,
            ),
          );
          return;
        }
        send(slot, { v: PROBE_PROTOCOL_VERSION, type: 'abort', runId: job.runId, reason: abortNotice(signal.reason) });
        watchAbort(slot, job.runId);
      };
      if (slot.ready) run.sent = send(slot, { v: PROBE_PROTOCOL_VERSION, type: 'job', job });
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
      void done.then(() => signal.removeEventListener('abort', onAbort));
      return done;
    },

    problems() {
      return slots
        .filter((slot) => !slot.ready && slot.failures > 0)
        .map(
          (slot) => `probe worker ${slot.index + 1} of ${count} ${slot.lastFailure} (${slot.failures} times in a row)`,
        );
    },

    async stop() {
      stopping = true;
      const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
      await Promise.all(
        slots.map(async (slot) => {
          const child = slot.child;
          for (const [runId, run] of [...slot.runs])
            if (!run.sent) finish(slot, runId, lost(runId, 'Kept stopped before a probe worker took the attempt'));
          if (child === undefined) return;
          const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
          if (!send(slot, { v: PROBE_PROTOCOL_VERSION, type: 'stop' })) child.kill('SIGKILL');
          const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
          await exited;
          clearTimeout(timer);
        }),
      );
    },
  };
}
