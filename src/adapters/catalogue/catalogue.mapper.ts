import type { Catalogue, EvaluationSettings, ProbeSpec, Receiver, Route, Service } from '../../domain/catalogue.ts';
import type { Claim, ClaimPromise, Holiday, Hours, Target } from '../../domain/claim.ts';
import { parseDuration } from '../../domain/duration.ts';
import { Secret } from '../../domain/secret.ts';
import type { CatalogueFile, ClaimEntry, ProbeEntry } from './catalogue.schema.ts';
import { shareOf } from './fields.schema.ts';
import { parseDays, splitRange, windowOf } from './hours.schema.ts';

/**
 * Maps valid catalogue files, merged, to domain objects, applying the defaults. It runs only after every check passed,
 * so it cannot fail: anything it meets has been validated.
 */

export const DEFAULTS = { window: '7d', coveragePeriod: '7d', minSamples: 30, jitter: '0s', timeout: '5m' } as const;

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
    windows: hours.weekly.map((window) => ({ days: parseDays(window.days) ?? [], ...windowOf(window.from, window.to) })),
    holidays: hours.holidays === 'open' ? [] : holidaysOf(service),
  };
}

function promiseOf(promise: ClaimEntry['promise']): ClaimPromise {
  if (promise.firstResponse !== undefined) return { kind: 'first-response', withinMs: parseDuration(promise.firstResponse) };
  if (promise.human !== undefined) return { kind: 'human', withinMs: promise.human === 'any' ? null : parseDuration(promise.human) };
  if (promise.reply !== undefined) return { kind: 'reply', withinMs: parseDuration(promise.reply) };
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

function probeOf(probe: ProbeEntry, service: ServiceEntry, options: Readonly<Record<string, unknown>>): ProbeSpec {
  return {
    id: probe.id,
    kind: probe.channel,
    target: probe.target,
    schedule: {
      cron: probe.schedule.cron,
      timeZone: probe.schedule.timeZone ?? service.timeZone,
      jitterMs: parseDuration(probe.schedule.jitter ?? DEFAULTS.jitter),
      timeoutMs: parseDuration(probe.schedule.timeout ?? DEFAULTS.timeout),
    },
    verifies: probe.verifies,
    options,
  };
}

/** The merged catalogue. Expects exactly one file with `service` (checked before). */
export function toCatalogue(files: readonly ValidFile[]): Catalogue {
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
  const routes: Route[] = files.flatMap((file) => (file.data.routes ?? []).map((route) => ({ owner: route.owner, receivers: route.receivers })));
  const serviceOut: Service = { name: service.name, timeZone: service.timeZone };
  return {
    service: serviceOut,
    claims: files.flatMap((file) => (file.data.claims ?? []).map((claim) => claimOf(claim, service, minSamples))),
    probes: files.flatMap((file) =>
      (file.data.probes ?? []).map((probe, index) => probeOf(probe, service, file.options.get(index) ?? probe.options ?? {})),
    ),
    receivers,
    routes,
    evaluation: settings,
  };
}
