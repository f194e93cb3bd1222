import { Worker } from 'node:worker_threads';
import type { ExtractClaims, SignoffDeps } from '../../app/signoff/signoff.types.ts';
import type { ExtractedClaim } from '../../domain/copy/extracted-claim.ts';
import { fatalError, KeptError, type ErrorKind } from '../../domain/errors.ts';
import type { AnalysisAnswer, AnalysisRequest } from './copy-analysis.worker.ts';

/** Reads claims from copy on a worker thread, so a 250 KB sign-off never holds up /healthz, the API or the probes. */
export interface CopyAnalyser {
  readonly extract: ExtractClaims;
  /** Ends the thread; pending requests reject. */
  close(): Promise<void>;
}

// From source the thread registers tsx first (ts-worker.mjs); built (dist/), it runs the compiled entry directly.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const BOOTSTRAP = new URL('./ts-worker.mjs', import.meta.url);
const ENTRY = new URL(`./copy-analysis.worker.${FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url).href;

interface Pending {
  resolve(claims: readonly ExtractedClaim[]): void;
  reject(error: Error): void;
}

/**
 * One worker thread, started on first use and again after it dies (its pending requests fail with a fatal error; the
 * next one gets a new thread). Requests are answered in order; the thread never keeps the process alive.
 */
export function createCopyAnalyser(): CopyAnalyser {
  let worker: Worker | undefined;
  let next = 0;
  const pending = new Map<number, Pending>();

  const failAll = (error: Error): void => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  const start = (): Worker => {
    const thread = new Worker(FROM_SOURCE ? BOOTSTRAP : new URL(ENTRY), { workerData: { entry: ENTRY } });
    thread.unref();
    thread.on('message', (answer: AnalysisAnswer) => {
      const waiting = pending.get(answer.id);
      if (waiting === undefined) return;
      pending.delete(answer.id);
      if ('claims' in answer) waiting.resolve(answer.claims);
      else waiting.reject(new KeptError(answer.error.kind as ErrorKind, answer.error.code, answer.error.message));
    });
    const lost =
      (why: string) =>
      (detail?: unknown): void => {
        if (worker === thread) worker = undefined;
        failAll(fatalError('signoff.analysis', `the copy-analysis thread ${why}`, detail));
      };
    thread.on('error', lost('failed'));
    thread.on('exit', lost('stopped'));
    return thread;
  };

  return {
    extract: (input, options) =>
      new Promise<readonly ExtractedClaim[]>((resolve, reject) => {
        worker ??= start();
        const id = (next += 1);
        pending.set(id, { resolve, reject });
        // While a request is pending the thread keeps the process alive, so the answer is not lost at exit.
        worker.ref();
        const request: AnalysisRequest = { id, input, format: options.format };
        worker.postMessage(request);
      }).finally(() => {
        if (pending.size === 0) worker?.unref();
      }),
    async close() {
      const thread = worker;
      worker = undefined;
      failAll(fatalError('signoff.analysis', 'the copy-analysis thread was closed'));
      await thread?.terminate();
    },
  };
}

/** Sign-off for a service: copy read on `analyser`'s thread, and judging pausing between claims for the event loop. */
export function offTheLoop(deps: SignoffDeps, analyser: CopyAnalyser): SignoffDeps {
  return { ...deps, extract: analyser.extract, pause: () => new Promise<void>((resolve) => setImmediate(resolve)) };
}
