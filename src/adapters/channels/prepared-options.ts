import type { z } from 'zod';
import type { ProbeSpec } from '../../domain/catalogue.ts';
import { validationError } from '../../domain/errors.ts';

/** A probe's options as its channel's schema typed them, or why they are unusable. */
export type Prepared<Options> = { readonly options: Options } | { readonly problem: string };

export interface PreparedOptions<Options> {
  /** Validates and types the probe's options once (cached by probe); throws a validation error saying what is wrong. */
  prepare(probe: ProbeSpec): Options;
  /** The prepared options, or the problem, without throwing (an attempt run without `prepare` says why it stopped). */
  of(probe: ProbeSpec): Prepared<Options>;
}

/**
 * Each channel's "prepare once" (issue 10): the options are parsed by the channel's schema the first time a probe is
 * prepared (the catalogue loader reports the same schema's problems with file:line at `kept validate`), plus checks
 * a schema cannot make (`check` returns a problem sentence). Attempts then read the typed value and never parse again.
 */
export function preparedOptions<Options>(
  schema: z.ZodType<Options>,
  check?: (options: Options, probe: ProbeSpec) => string | undefined,
): PreparedOptions<Options> {
  const cache = new WeakMap<ProbeSpec, Prepared<Options>>();
  function of(probe: ProbeSpec): Prepared<Options> {
    const cached = cache.get(probe);
    if (cached !== undefined) return cached;
    const parsed = schema.safeParse(probe.options);
    let prepared: Prepared<Options>;
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`);
      prepared = { problem: `the probe's options are invalid: ${issues.join('; ')}` };
    } else {
      const problem = check?.(parsed.data, probe);
      prepared = problem === undefined ? { options: parsed.data } : { problem };
    }
    cache.set(probe, prepared);
    return prepared;
  }
  return {
    of,
    prepare(probe) {
      const prepared = of(probe);
      if ('problem' in prepared)
        throw validationError(`${probe.kind}.options`, `probe "${probe.id}": ${prepared.problem}`);
      return prepared.options;
    },
  };
}
