/**
 * The three kinds of error Kept raises. A failed probe is not an error: it is an Observation.
 * - validation: bad input (catalogue, CLI flags, API payloads); the caller must fix it.
 * - transient: a dependency is down or slow; retrying later may work.
 * - fatal: a bug or an unusable environment; stop.
 */
export type ErrorKind = 'validation' | 'transient' | 'fatal';

export class KeptError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;

  constructor(kind: ErrorKind, code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeptError';
    this.kind = kind;
    this.code = code;
  }

  toJSON(): { kind: ErrorKind; code: string; message: string } {
    return { kind: this.kind, code: this.code, message: this.message };
  }
}

export const validationError = (code: string, message: string, cause?: unknown): KeptError =>
  new KeptError('validation', code, message, cause === undefined ? undefined : { cause });

export const transientError = (code: string, message: string, cause?: unknown): KeptError =>
  new KeptError('transient', code, message, cause === undefined ? undefined : { cause });

export const fatalError = (code: string, message: string, cause?: unknown): KeptError =>
  new KeptError('fatal', code, message, cause === undefined ? undefined : { cause });
