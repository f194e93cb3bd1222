import { z } from 'zod';
import { formatDuration, parseDuration } from '../../domain/duration.ts';
import { COLLECTOR_PLATFORMS, type CollectorSpec } from '../../domain/population/collector-spec.ts';
import { shortestInterval } from '../../domain/schedule/cron-interval.ts';
import { isCron } from '../../domain/schedule/cron-expression.ts';
import { Secret } from '../../domain/secret.ts';
import { didYouMean, type Diagnostic } from './diagnostic.ts';
import {
  coded,
  cronSchema,
  durationIssue,
  durationSchema,
  ID_PATTERN,
  idSchema,
  jitterFitsEveryMinute,
  jitterLimit,
  spanLimit,
  timeZoneSchema,
} from './fields.schema.ts';
import type { Problem } from './issue-messages.ts';
import { entriesOf, isRecord, type LooseFile } from './loose-entries.ts';
import { diagnosticAt, positionOf } from './yaml-source.ts';

/**
 * The catalogue's `collectors:` section (kept/v1): scheduled jobs that read what a contact-centre platform counted
 * for every real customer (docs/architecture/collectors.md). The file's shape here; `collectorOf` maps an entry to
 * the domain's `CollectorSpec`; `collectorChecks` does what needs every file (ids, claims, credentials as written).
 * Each platform's `options` are open in the file's shape; `collectorOptionProblems` checks them by the platform's schema.
 */

/**
 * Each collector platform's options schema, by platform: every platform's (`COLLECTOR_OPTION_SCHEMAS`, the loader's
 * default) or only those a catalogue names (`kept validate`, src/cli/collector-option-loaders.ts). Passed in, never
 * imported here, so that checking a catalogue loads no platform's module it does not name.
 */
export type CollectorOptionSchemas = ReadonlyMap<string, z.ZodType>;

const isPlatform = (name: string): boolean => (COLLECTOR_PLATFORMS as readonly string[]).includes(name);

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
export const COLLECTOR_DEFAULTS = { jitter: '0s', timeout: '30s', interval: '5m', lag: '1m', catchUp: '1d' } as const;
export const COLLECTOR_INTERVALS = ['1m', '5m', '15m'] as const;

/** A credential exactly as the file must write it: one `${VAR}` reference, nothing else. */
export const ENV_REFERENCE = /^\$\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}$/;

const scheduleSchema = z
  .strictObject({
    cron: cronSchema,
    timeZone: timeZoneSchema.optional().describe("Time zone the cron expression is read in. Default: the service's."),
    jitter: durationSchema(true, jitterLimit)
      .optional()
      .describe('Each run starts after a random delay up to this, at most 1h and the shortest interval of the cron.'),
    timeout: durationSchema(
      false,
      spanLimit('timeout', 10 * MINUTE_MS, 'reading one interval is a few pages of figures'),
    )
      .optional()
      .describe(
        'Longest reading one interval may take, all its requests and pages together (each request gets what is ' +
          `left); then it is a "timeout" gap and the run ends. Default "${COLLECTOR_DEFAULTS.timeout}".`,
      ),
  })
  .superRefine((schedule, ctx) => {
    const { cron, jitter } = schedule;
    if (jitter === undefined || durationIssue(jitter, true, jitterLimit) !== undefined || !isCron(cron)) return;
    const jitterMs = parseDuration(jitter);
    const fits = jitterMs === 0 || jitterFitsEveryMinute(cron, jitterMs);
    const interval = fits ? undefined : shortestInterval(cron, 'UTC', Date.UTC(2026, 0, 5));
    if (interval !== undefined && jitterMs > interval)
      ctx.addIssue({
        ...coded(
          'schedule.jitter',
          `jitter ${JSON.stringify(jitter)} is longer than the collector's interval: "${cron}" runs as often as every ${formatDuration(interval)}; give jitter ${formatDuration(interval)} or less`,
        ),
        path: ['jitter'],
      });
  })
  .describe('When the collector reads the platform.');

const COLLECTOR_DESCRIPTION =
  'A scheduled job that reads queue waits and response times from a contact-centre platform.';

const collectorObject = z
  .strictObject({
    id: idSchema('desk-taskrouter').describe('Unique id of the collector: lower-case letters, digits and dashes.'),
    platform: z.enum(COLLECTOR_PLATFORMS).describe('The platform read: ' + COLLECTOR_PLATFORMS.join(', ') + '.'),
    schedule: scheduleSchema,
    interval: z
      .enum(COLLECTOR_INTERVALS)
      .optional()
      .describe(
        `Length of the intervals figures are read for, aligned to UTC: 1m, 5m or 15m. Default "${COLLECTOR_DEFAULTS.interval}".`,
      ),
    lag: durationSchema(
      true,
      spanLimit('lag', 3_600_000, "an interval is read only after it; the platform's figures settle sooner"),
    )
      .optional()
      .describe(
        `How long after an interval ends it is read (platform figures settle). Default "${COLLECTOR_DEFAULTS.lag}".`,
      ),
    catchUp: durationSchema(
      false,
      spanLimit('catchUp', 31 * DAY_MS, 'platforms keep interval figures for weeks at most'),
    )
      .optional()
      .describe(
        `How far back a run still reads intervals it missed (Kept down, the platform failing); older ones are gaps. Default "${COLLECTOR_DEFAULTS.catchUp}".`,
      ),
    verifies: z
      .array(z.string())
      .min(1, { error: '"verifies" lists no claim; a collector must verify at least one claim id' })
      .describe("Ids of the claims the platform's counts are judged against."),
    options: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        "The platform's own settings (queues, workspace, query), checked by that platform's schema; secrets in them " +
          '(tokens, keys, passwords) only as ${VAR} references to the environment.',
      ),
  })
  .describe(COLLECTOR_DESCRIPTION);

/** An entry's shape; its `options` are checked by its platform's schema in `collectorOptionProblems`. */
const collectorSchema = collectorObject;

/**
 * Each collector's options, checked by its platform's schema (the loader does it, beside the probes' options, so that
 * a value a command leaves as `${VAR}` is told from one that is wrong: only the loader knows which are deferred).
 * A platform with no schema among `schemas` is a problem (`collector.no-adapter`), as a probe kind without one is.
 */
export function collectorOptionProblems(value: unknown, schemas: CollectorOptionSchemas): Problem[] {
  return entriesOf(value, 'collectors').flatMap((entry, index): Problem[] => {
    const platform = String(entry.platform);
    if (!isPlatform(platform)) return []; // the file schema reports it
    const schema = schemas.get(platform);
    if (schema === undefined) {
      const message = `no collector adapter for platform "${platform}" in this build`;
      return [{ path: ['collectors', index, 'platform'], target: 'value', code: 'collector.no-adapter', message }];
    }
    const options = entry.options ?? {};
    if (!isRecord(options)) return []; // the file schema reports it
    const result = schema.safeParse(options);
    if (result.success) return [];
    return result.error.issues.map((issue) => ({
      path: ['collectors', index, 'options', ...issue.path],
      target: 'value' as const,
      code: 'collector.options',
      message: issue.message,
    }));
  });
}

export const collectorsSchema = z
  .array(collectorSchema)
  .describe('Platforms whose figures for every real customer are judged beside the probes.');

export type CollectorEntry = z.infer<typeof collectorSchema>;

/**
 * For the editors' JSON Schema (catalogue.json-schema.ts): collector entries told apart by `platform`, each with its
 * platform's options schema where this build has one, so an editor completes and checks every option.
 */
export function editorCollectorsSchema(schemas: CollectorOptionSchemas): z.ZodType {
  const variants = COLLECTOR_PLATFORMS.map((platform) => {
    const options = schemas.get(platform);
    return collectorObject.extend({
      platform: z.literal(platform).describe(`The platform read. This entry: ${platform}.`),
      ...(options === undefined
        ? {}
        : {
            options: options
              .optional()
              .describe(`The ${platform} collector's own settings; secrets only as \${VAR} references.`),
          }),
    });
  });
  const [first, ...rest] = variants;
  if (first === undefined) return collectorsSchema;
  return z
    .array(z.discriminatedUnion('platform', [first, ...rest]))
    .describe(collectorsSchema.description ?? 'Collectors.');
}

/** Options as the platform's schema parses them (secrets become Secrets); as written when there is no schema. */
function parsedOptions(entry: CollectorEntry, schemas: CollectorOptionSchemas): Readonly<Record<string, unknown>> {
  const raw = entry.options ?? {};
  const parsed = schemas.get(entry.platform)?.safeParse(raw);
  return parsed?.success === true ? (parsed.data as Record<string, unknown>) : raw;
}

const SECRET_PROBE = new Secret('probe');

/**
 * Paths (under the entry's `options`) of the secrets written in it: options whose schema takes a Secret (the
 * platforms' `secretOption` fields, and maps of them such as HTTP headers). Only these must be `${VAR}` references.
 */
function secretOptionPaths(platform: string, written: unknown, schemas: CollectorOptionSchemas): (string | number)[][] {
  const schema = schemas.get(platform) as { shape?: Record<string, z.ZodType> } | undefined;
  if (schema?.shape === undefined || !isRecord(written)) return [];
  const paths: (string | number)[][] = [];
  for (const [key, value] of Object.entries(written)) {
    const field = schema.shape[key];
    if (field === undefined) continue;
    if (field.safeParse(SECRET_PROBE).success) paths.push([key]);
    else if (isRecord(value) && field.safeParse({ name: SECRET_PROBE }).success)
      paths.push(...Object.keys(value).map((name) => [key, name]));
  }
  return paths;
}

/** One valid entry as the domain's CollectorSpec, defaults applied, options parsed by the platform's schema. */
export function collectorOf(
  entry: CollectorEntry,
  serviceTimeZone: string,
  schemas: CollectorOptionSchemas,
): CollectorSpec {
  return {
    id: entry.id,
    platform: entry.platform,
    schedule: {
      cron: entry.schedule.cron,
      timeZone: entry.schedule.timeZone ?? serviceTimeZone,
      jitterMs: parseDuration(entry.schedule.jitter ?? COLLECTOR_DEFAULTS.jitter),
      timeoutMs: parseDuration(entry.schedule.timeout ?? COLLECTOR_DEFAULTS.timeout),
    },
    intervalMs: parseDuration(entry.interval ?? COLLECTOR_DEFAULTS.interval),
    lagMs: parseDuration(entry.lag ?? COLLECTOR_DEFAULTS.lag),
    catchUpMs: parseDuration(entry.catchUp ?? COLLECTOR_DEFAULTS.catchUp),
    verifies: entry.verifies,
    options: parsedOptions(entry, schemas),
  };
}

/** `authToken` → `AUTH_TOKEN`: the variable name a message suggests. */
const envNameOf = (key: string): string =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();

/**
 * Checks of the `collectors:` section that need every file, and the claim ids collectors verify (a claim verified only
 * by a collector is verified). Problems: a collector id twice; `verifies` naming no claim; a credential written as a
 * literal instead of a `${VAR}` reference (read from the file as written, before interpolation).
 */
export function collectorChecks(
  files: readonly LooseFile[],
  schemas: CollectorOptionSchemas,
): { diagnostics: Diagnostic[]; verified: Set<string> } {
  const claimIds = new Set(
    files.flatMap((file) => entriesOf(file.value, 'claims').flatMap((c) => (typeof c.id === 'string' ? [c.id] : []))),
  );
  const diagnostics: Diagnostic[] = [];
  const verified = new Set<string>();
  const seen = new Map<string, string>();
  for (const file of files) {
    const written = entriesOf(file.source.value, 'collectors');
    entriesOf(file.value, 'collectors').forEach((entry, index) => {
      const path = ['collectors', index];
      const id = typeof entry.id === 'string' ? entry.id : undefined;
      const name = id !== undefined && ID_PATTERN.test(id) ? `collector "${id}"` : `collector ${index + 1}`;
      if (id !== undefined) {
        const earlier = seen.get(id);
        if (earlier !== undefined)
          diagnostics.push(
            diagnosticAt(
              file.source,
              [...path, 'id'],
              'collector.duplicate',
              `${name} is declared twice; the other one is at ${earlier}`,
            ),
          );
        else {
          const { line, column } = positionOf(file.source, [...path, 'id']);
          seen.set(id, `${file.source.file}:${line}:${column}`);
        }
      }
      (Array.isArray(entry.verifies) ? entry.verifies : []).forEach((ref: unknown, i: number) => {
        if (typeof ref !== 'string') return;
        verified.add(ref);
        if (!claimIds.has(ref))
          diagnostics.push(
            diagnosticAt(
              file.source,
              [...path, 'verifies', i],
              'collector.unknown-claim',
              `${name}: verifies "${ref}", which is not a claim${didYouMean(ref, claimIds)}`,
            ),
          );
      });
      const options = written[index]?.options;
      for (const secretPath of secretOptionPaths(String(entry.platform), options, schemas)) {
        const value = secretPath.reduce<unknown>((at, step) => (isRecord(at) ? at[String(step)] : undefined), options);
        if (typeof value === 'string' && ENV_REFERENCE.test(value)) continue;
        const key = String(secretPath.at(-1));
        diagnostics.push(
          diagnosticAt(
            file.source,
            [...path, 'options', ...secretPath],
            'collector.secret-literal',
            `${name}: "${secretPath.join('.')}" is a secret and must be read from the environment, written as \${${envNameOf(key)}} (a variable that holds it), never written in the file`,
          ),
        );
      }
    });
  }
  return { diagnostics, verified };
}
