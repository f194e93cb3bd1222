import { PROBE_PROTOCOL_VERSION, type AbortNotice, type ProbeJob, type ProbeJobResult } from '../../app/worker.port.ts';

/**
 * The messages a probe worker process and the service exchange over the child's IPC channel (JSON). Jobs, aborts and
 * results are the transport-neutral protocol (src/app/worker.port.ts); `init`, `ready`, `ping` and `stop` manage the
 * child process. Every message carries the protocol version `v`.
 */
export type ToWorker =
  | { readonly v: 1; readonly type: 'init'; readonly settings: Readonly<Record<string, unknown>> }
  | { readonly v: 1; readonly type: 'job'; readonly job: ProbeJob }
  | { readonly v: 1; readonly type: 'abort'; readonly runId: string; readonly reason: AbortNotice }
  | { readonly v: 1; readonly type: 'ping'; readonly seq: number }
  | { readonly v: 1; readonly type: 'stop' };

export type FromWorker =
  | { readonly v: 1; readonly type: 'ready' }
  | { readonly v: 1; readonly type: 'init-failed'; readonly error: string }
  | { readonly v: 1; readonly type: 'result'; readonly result: ProbeJobResult }
  | { readonly v: 1; readonly type: 'pong'; readonly seq: number };

const TO_WORKER: ReadonlySet<string> = new Set(['init', 'job', 'abort', 'ping', 'stop']);
const FROM_WORKER: ReadonlySet<string> = new Set(['ready', 'init-failed', 'result', 'pong']);

function isVersioned(message: unknown, types: ReadonlySet<string>): boolean {
  if (typeof message !== 'object' || message === null) return false;
  const { v, type } = message as { v?: unknown; type?: unknown };
  return v === PROBE_PROTOCOL_VERSION && typeof type === 'string' && types.has(type);
}

export const isToWorker = (message: unknown): message is ToWorker => isVersioned(message, TO_WORKER);
export const isFromWorker = (message: unknown): message is FromWorker => isVersioned(message, FROM_WORKER);

/** An AbortSignal's reason as the protocol carries it (a DOMException or Error keeps its name). */
export function abortNotice(reason: unknown): AbortNotice {
  if (reason instanceof Error || reason instanceof DOMException) return { name: reason.name, message: reason.message };
  return { name: 'AbortError', message: reason === undefined ? 'the attempt was aborted' : String(reason) };
}

/** The reason to abort a worker's attempt with, so the channel reads a deadline as `TimeoutError` as it would locally. */
export function abortReason(notice: AbortNotice): DOMException {
  return new DOMException(notice.message, notice.name);
}
