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
}

const REFERENCE = /\$\$\{|\$\{([^}]*)\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function fill(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
  path: Path,
  problems: InterpolationProblem[],
): string {
  return text.replace(REFERENCE, (match: string, name: string | undefined) => {
    if (match === '$${') return '${';
    const trimmed = (name ?? '').trim();
    if (!NAME.test(trimmed)) {
      problems.push({
        path,
        code: 'env.bad-name',
        message: `"${match}" is not an environment variable reference; write \${NAME} with letters, digits and _, or $\${ for a literal \${`,
      });
      return match;
    }
    const value = env[trimmed];
    if (value === undefined) {
      problems.push({ path, code: 'env.unset', message: `the environment variable ${trimmed} is not set` });
      return match;
    }
    return value;
  });
}

function walk(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  path: Path,
  problems: InterpolationProblem[],
): unknown {
  if (typeof value === 'string') return value.includes('${') ? fill(value, env, path, problems) : value;
  if (Array.isArray(value)) return value.map((item, index) => walk(item, env, [...path, index], problems));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = walk(item, env, [...path, key], problems);
    return out;
  }
  return value;
}

/**
 * Replaces `${VAR}` in every string value (not in keys) with the variable from `env`; `$${` stands for a literal `${`.
 * An unset variable is a problem at the string that names it, and the text is left as written.
 */
export function interpolate(value: unknown, env: Readonly<Record<string, string | undefined>>): Interpolated {
  const problems: InterpolationProblem[] = [];
  return { value: walk(value, env, [], problems), problems };
}
