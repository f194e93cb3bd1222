import { parentPort } from 'node:worker_threads';
import { extractClaims } from '../../domain/copy/extract-claims.ts';
import type { CopyFormat } from '../../domain/copy/copy-text.ts';
import { KeptError } from '../../domain/errors.ts';

/** One request to the copy-analysis thread, and its answer. */
export interface AnalysisRequest {
  readonly id: number;
  readonly input: string;
  readonly format: CopyFormat;
}

export type AnalysisAnswer =
  | { readonly id: number; readonly claims: ReturnType<typeof extractClaims> }
  | { readonly id: number; readonly error: { readonly kind: string; readonly code: string; readonly message: string } };

/** The thread's side: reads claims from copy (pure, CPU-bound), one request at a time, off the service's event loop. */
parentPort?.on('message', (request: AnalysisRequest) => {
  let answer: AnalysisAnswer;
  try {
    answer = { id: request.id, claims: extractClaims(request.input, { format: request.format }) };
  } catch (error) {
    const known = error instanceof KeptError ? error : undefined;
    answer = {
      id: request.id,
      error: {
        kind: known?.kind ?? 'fatal',
        code: known?.code ?? 'signoff.analysis',
        message: error instanceof Error ? error.message : String(error),
      },
    };
  }
  parentPort?.postMessage(answer);
});
