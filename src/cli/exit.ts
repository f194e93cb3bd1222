import { CommanderError } from 'commander';
import { KeptError } from '../domain/errors.ts';

/**
 * Kept's exit codes (README "Exit codes"): 0 ok; 1 problems found (validate) or a claim not supported (signoff);
 * 2 a claim unproven (signoff); 3 bad input (catalogue, flags); 4 a dependency is unavailable; 70 internal error.
 */
export const EXIT = { ok: 0, problems: 1, badInput: 3, unavailable: 4, internal: 70 } as const;

const BY_KIND = { validation: EXIT.badInput, transient: EXIT.unavailable, fatal: EXIT.internal } as const;

export interface Failure {
  readonly exitCode: number;
  /** One sentence for stderr, without a stack trace. */
  readonly message: string;
}

interface SystemError extends Error {
  readonly code: string;
  readonly syscall?: string;
  readonly address?: string;
  readonly port?: number;
  readonly path?: string;
}

const isSystemError = (error: unknown): error is SystemError =>
  error instanceof Error &&
  typeof (error as { code?: unknown }).code === 'string' &&
  /^E[A-Z]+$/.test((error as SystemError).code);

/** A system error (a port in use, a folder that cannot be written) as a sentence a person can act on. */
function systemFailure(error: SystemError): Failure | undefined {
  const where =
    error.address === undefined ? '' : `${error.address}${error.port === undefined ? '' : `:${error.port}`}`;
  if (error.syscall === 'listen' || error.syscall === 'bind') {
    if (error.code === 'EADDRINUSE') {
      return {
        exitCode: EXIT.unavailable,
        message: `cannot listen on ${where}: another program is using that port; stop it or pick another --port.`,
      };
    }
    if (error.code === 'EADDRNOTAVAIL') {
      return {
        exitCode: EXIT.badInput,
        message: `cannot listen on ${where}: that address is not one of this machine's; check --host.`,
      };
    }
    if (error.code === 'EACCES') {
      return {
        exitCode: EXIT.unavailable,
        message: `cannot listen on ${where}: permission denied (ports below 1024 need privileges); pick another --port.`,
      };
    }
  }
  const path = error.path === undefined ? 'a file' : error.path;
  if (error.code === 'EACCES' || error.code === 'EPERM' || error.code === 'EROFS') {
    return {
      exitCode: EXIT.unavailable,
      message: `cannot write ${path}: ${error.code === 'EROFS' ? 'the file system is read-only' : 'permission denied'}.`,
    };
  }
  if (error.code === 'ENOSPC')
    return { exitCode: EXIT.unavailable, message: `cannot write ${path}: the disk is full.` };
  if (error.code === 'ENOTDIR' || error.code === 'EEXIST') {
    return {
      exitCode: EXIT.badInput,
      message: `${path} is in the way: a file stands where a folder is needed; check --data.`,
    };
  }
  return undefined;
}

/** The first system error in a chain of causes, so a wrapped "port in use" still says so. */
function systemErrorIn(error: unknown): SystemError | undefined {
  for (
    let at: unknown = error, depth = 0;
    at !== undefined && depth < 5;
    at = (at as { cause?: unknown }).cause, depth++
  ) {
    if (isSystemError(at)) return at;
    if (!(at instanceof Error)) return undefined;
  }
  return undefined;
}

/**
 * How `kept` ends for an error thrown by a command: its exit code and one sentence. `validate` reports a catalogue's
 * problems as findings (exit 1), every other command as bad input (exit 3).
 */
export function failureOf(error: unknown, command: string | undefined): Failure {
  if (error instanceof CommanderError) {
    const quiet =
      error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
    return { exitCode: quiet ? EXIT.ok : EXIT.badInput, message: '' };
  }
  if (error instanceof KeptError) {
    const system = error.kind === 'validation' ? undefined : systemErrorIn(error.cause);
    const mapped = system === undefined ? undefined : systemFailure(system);
    if (mapped !== undefined && error.kind === 'fatal') return mapped;
    const exitCode = error.code === 'catalogue.invalid' && command === 'validate' ? EXIT.problems : BY_KIND[error.kind];
    return { exitCode, message: error.message };
  }
  const system = systemErrorIn(error);
  const mapped = system === undefined ? undefined : systemFailure(system);
  if (mapped !== undefined) return mapped;
  const text = error instanceof Error ? error.message : String(error);
  return {
    exitCode: EXIT.internal,
    message: `internal error: ${text} (please report it; KEPT_DEBUG=1 prints the stack).`,
  };
}

/** Resolves once everything written to the stream so far has been handed to the operating system. */
export function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) {
      resolve();
      return;
    }
    // A write's callback runs after every earlier write is flushed; an error (the reader went away) also ends the wait.
    stream.write('', () => resolve());
  });
}

/**
 * Ends the process with `code` once stdout and stderr have drained: `process.exit` right after a large write to a
 * pipe would cut the output at the pipe's buffer (64 KiB), leaving a reader invalid JSON.
 */
export async function exitWhenDrained(code: number): Promise<never> {
  process.exitCode = code;
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
}
