import type { Catalogue, EvaluationSettings, ProbeSpec, Receiver, Route, Service } from '../../domain/catalogue.ts';
import {
  nominalBusinessMs,
  type BusinessLimit,
  type Claim,
  type ClaimPromise,
  type Holiday,
  type Hours,
  type Target,
} from '../../domain/claim.ts';
import { MAX_WAIT_MS, parseDuration } from '../../domain/duration.ts';
import { defaultTimeoutMs } from '../../domain/promise-wait.ts';
import { Secret } from '../../domain/secret.ts';
import type { CatalogueFile, ClaimEntry, ProbeEntry } from './catalogue.schema.ts';
import { collectorOf, type CollectorOptionSchemas } from './collectors.schema.ts';
import { shareOf } from './fields.schema.ts';
import { parseDays, splitRange, windowOf } from './hours.schema.ts';
import { businessLimitOf } from './promise-clock.ts';

/**
 * Maps valid catalogue files, merged, to domain objects, applying the defaults. It runs only after every check passed,
 * so it cannot fail: anything it meets has been validated.
 */

export const DEFAULTS = { window: '7d', coveragePeriod: '7d', minSamples: 30, jitter: '0s' } as const;

/**
 * A probe's time-out: as written, or (the one place a default time-out is set) the longest promise among the claims
 * it verifies plus 10%, at least a minute (5m when none promises a time), at most what Kept can wait.
 */
export function timeoutOf(timeout: string | undefined, verified: readonly Claim[]): number {
  return timeout === undefined ? defaultTimeoutMs(verified, MAX_WAIT_MS) : parseDuration(timeout);
}

/** One valid file, with each probe's options as its channel's schema parsed them (by probe index). */
export interface ValidFile {
  readonly data: CatalogueFile;
  readonly options: ReadonlyMap<number, Readonly<Record<string, unknown>>>;
}

type ServiceEntry = NonNullable<CatalogueFile['service']>;

function holidaysOf(service: ServiceEntry): Holiday[] {
  return (service.holidays ?? []).map((holiday) => ({
    date: holiday.date,
    name: holiday.name,
    windows: (holiday.hours ?? []).map((range) => {
      const { from, to } = splitRange(range) as { from: string; to: string };
      return windowOf(from, to);
    }),
  }));
}

function hoursOf(hours: ClaimEntry['hours'], service: ServiceEntry): Hours {
  if (hours === '24/7') return { kind: 'always', timeZone: service.timeZone };
  return {
    kind: 'weekly',
    timeZone: hours.timeZone ?? service.timeZone,
    windows: hours.weekly.map((window) => ({
      days: parseDays(window.days) ?? [],
      ...windowOf(window.from, window.to),
    })),
    holidays: hours.holidays === 'open' ? [] : holidaysOf(service),
  };
}

/** A promised limit: elapsed milliseconds, or with `clock: business` its business limit and nominal length. */
function limitOf(text: string, clock: ClaimEntry['promise']['clock']): { withinMs: number; business?: BusinessLimit } {
  const read = clock === 'business' ? businessLimitOf(text) : undefined;
  if (read === undefined || !('limit' in read)) return { withinMs: parseDuration(text) };
  return { withinMs: nominalBusinessMs(read.limit), business: read.limit };
}

function promiseOf(promise: ClaimEntry['promise']): ClaimPromise {
  if (promise.firstResponse !== undefined)
    return { kind: 'first-response', ...limitOf(promise.firstResponse, promise.clock) };
  if (promise.human === 'any') return { kind: 'human', withinMs: null };
  if (promise.human !== undefined) return { kind: 'human', ...limitOf(promise.human, promise.clock) };
  if (promise.reply !== undefined) return { kind: 'reply', ...limitOf(promise.reply, promise.clock) };
  return { kind: 'answered' };
}

function targetOf(target: ClaimEntry['target']): Target {
  const share = target === 'absolute' ? undefined : shareOf(target);
  return share === undefined ? { kind: 'absolute' } : { kind: 'share', share };
}

function claimOf(claim: ClaimEntry, service: ServiceEntry, minSamples: number): Claim {
  return {
    id: claim.id,
    copy: claim.copy,
    publishedAt: typeof claim.publishedAt === 'string' ? [claim.publishedAt] : claim.publishedAt,
    owner: claim.owner,
    channels: claim.channels,
    hours: hoursOf(claim.hours, service),
    promise: promiseOf(claim.promise),
    target: targetOf(claim.target),
    minSamples: claim.minSamples ?? minSamples,
  };
}

function probeOf(
  probe: ProbeEntry,
  service: ServiceEntry,
  options: Readonly<Record<string, unknown>>,
  claims: ReadonlyMap<string, Claim>,
): ProbeSpec {
  const verified = probe.verifies.flatMap((id) => claims.get(id) ?? []);
  return {
    id: probe.id,
    kind: probe.channel,
    target: probe.target,
    schedule: {
      cron: probe.schedule.cron,
      timeZone: probe.schedule.timeZone ?? service.timeZone,
      jitterMs: parseDuration(probe.schedule.jitter ?? DEFAULTS.jitter),
      timeoutMs: timeoutOf(probe.schedule.timeout, verified),
      ...(probe.schedule.overlap === undefined ? {} : { maxInFlight: probe.schedule.overlap }),
    },
    verifies: probe.verifies,
    options,
    ...(probe.expectReachable === true ? { expectReachable: true } : {}),
    ...(probe.locations === undefined ? {} : { locations: probe.locations }),
  };
}

/** The catalogue's collectors, or nothing when it has none (a catalogue without collectors is as before). */
function collectorsOf(
  files: readonly ValidFile[],
  timeZone: string,
  schemas: CollectorOptionSchemas,
): Pick<Catalogue, 'collectors'> {
  const collectors = files.flatMap((file) =>
    (file.data.collectors ?? []).map((c) => collectorOf(c, timeZone, schemas)),
  );
  return collectors.length === 0 ? {} : { collectors };
}

/** The merged catalogue. Expects exactly one file with `service` (checked before). */
export function toCatalogue(files: readonly ValidFile[], collectorSchemas: CollectorOptionSchemas): Catalogue {
  const service = files.find((file) => file.data.service !== undefined)?.data.service as ServiceEntry;
  const evaluation = files.find((file) => file.data.evaluation !== undefined)?.data.evaluation ?? {};
  const minSamples = evaluation.minSamples ?? DEFAULTS.minSamples;
  const settings: EvaluationSettings = {
    windowMs: parseDuration(evaluation.window ?? DEFAULTS.window),
    coveragePeriodMs: parseDuration(evaluation.coveragePeriod ?? DEFAULTS.coveragePeriod),
  };
  const receivers: Receiver[] = files.flatMap((file) =>
    (file.data.receivers ?? []).map((receiver) => ({
      name: receiver.name,
      kind: receiver.kind,
      url: receiver.url,
      ...(receiver.secret === undefined ? {} : { secret: new Secret(receiver.secret) }),
    })),
  );
  const routes: Route[] = files.flatMap((file) =>
    (file.data.routes ?? []).map((route) => ({ owner: route.owner, receivers: route.receivers })),
  );
  const serviceOut: Service = { name: service.name, timeZone: service.timeZone };
  const claims = files.flatMap((file) => (file.data.claims ?? []).map((claim) => claimOf(claim, service, minSamples)));
  const byId = new Map(claims.map((claim) => [claim.id, claim]));
  return {
    service: serviceOut,
    claims,
    probes: files.flatMap((file) =>
      (file.data.probes ?? []).map((probe, index) =>
        probeOf(probe, service, file.options.get(index) ?? probe.options ?? {}, byId),
      ),
    ),
    ...collectorsOf(files, service.timeZone, collectorSchemas),
    receivers,
    routes,
    evaluation: settings,
  };
}
