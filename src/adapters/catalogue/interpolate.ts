import type { Path } from './yaml-source.ts';

/** A `${VAR}` that could not be filled in, at the path of the string that holds it. */
export interface InterpolationProblem {
  readonly path: Path;
  readonly code: 'env.unset' | 'env.bad-name';
  readonly message: string;
}

export interface Interpolated {
  readonly value: unknown;
  readonly problems: readonly InterpolationProblem[];
  /** Strings left as written because `defer` named their path, where they hold a `${VAR}`. */
  readonly deferred: readonly Path[];
}

export interface InterpolateOptions {
  /**
   * Strings at these paths keep their `${VAR}` as written and the environment is never read for them (a misspelt
   * reference is still a problem): settings a command does not use, such as the probes' addresses and passwords.
   */
  readonly defer?: (path: Path) => boolean;
}

interface Walk {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly defer: (path: Path) => boolean;
  readonly problems: InterpolationProblem[];
  readonly deferred: Path[];
}

const REFERENCE = /\$\$\{|\$\{([^}]*)\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function fill(text: string, path: Path, walk: Walk): string {
  const { env, problems } = walk;
  const deferring = walk.defer(path);
  let referenced = false;
  const filled = text.replace(REFERENCE, (match: string, name: string | undefined) => {
    if (match === '$${') return deferring ? match : '${';
    const trimmed = (name ?? '').trim();
    if (!NAME.test(trimmed)) {
      problems.push({
        path,
        code: 'env.bad-name',
        message: `"${match}" is not an environment variable reference; write \${NAME} with letters, digits and _, or $\${ for a literal \${`,
      });
      return match;
    }
    referenced = true;
    if (deferring) return match;
    const value = env[trimmed];
    if (value === undefined) {
      problems.push({ path, code: 'env.unset', message: `the environment variable ${trimmed} is not set` });
      return match;
    }
    return value;
  });
  if (deferring && referenced) walk.deferred.push(path);
  return filled;
}

function walk(value: unknown, path: Path, state: Walk): unknown {
  if (typeof value === 'string') return value.includes('${') ? fill(value, path, state) : value;
  if (Array.isArray(value)) return value.map((item, index) => walk(item, [...path, index], state));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = walk(item, [...path, key], state);
    return out;
  }
  return value;
}

/**
 * Replaces `${VAR}` in every string value (not in keys) with the variable from `env`; `$${` stands for a literal `${`.
 * An unset variable is a problem at the string that names it, and the text is left as written; so is every string
 * at a path `options.defer` names.
 */
export function interpolate(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  options: InterpolateOptions = {},
): Interpolated {
  const state: Walk = { env, defer: options.defer ?? (() => false), problems: [], deferred: [] };
  return { value: walk(value, [], state), problems: state.problems, deferred: state.deferred };
}
