import type { Catalogue, ProbeSpec } from '../../domain/catalogue.ts';
import type { Claim } from '../../domain/claim.ts';
import { describeBusinessLimit } from '../../domain/claim.ts';
import { formatDuration, formatDurationExactly } from '../../domain/duration.ts';
import { promisedWaitMs, withMargin } from '../../domain/promise-wait.ts';
import { withContext, type LooseFile } from './cross-check.ts';
import type { Diagnostic } from './diagnostic.ts';
import { diagnosticAt } from './yaml-source.ts';

/**
 * Warnings about probes that cannot judge every attempt: a time-out shorter than the wait a verified claim promises.
 * Such an attempt is not counted (it stopped waiting before the promise fell due), so the claim can lose coverage but
 * never a false failure: a warning, not an error. Read from the mapped catalogue, positioned in the loose files.
 */

type Entry = Readonly<Record<string, unknown>>;
const isRecord = (value: unknown): value is Entry =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** What a probe misses when it stops waiting early, by promise: "replies", "a person", "a first response". */
function awaited(claim: Claim): string {
  if (claim.promise.kind === 'reply') return 'replies';
  if (claim.promise.kind === 'human') return 'a person answering';
  return 'responses';
}

/** "the 4h", or "the 4 business hours (up to 2d20h)", as a claim promises it. */
function promised(claim: Claim, waitMs: number): string {
  const { promise } = claim;
  if (promise.kind !== 'answered' && promise.business !== undefined) {
    return `the ${describeBusinessLimit(promise.business)} (up to ${formatDuration(waitMs)})`;
  }
  return `the ${formatDuration(waitMs)}`;
}

/** The verified claim whose promised wait is longest, if it is longer than the probe waits. */
function longestShortfall(
  probe: ProbeSpec,
  claims: ReadonlyMap<string, Claim>,
): { claim: Claim; waitMs: number } | undefined {
  let worst: { claim: Claim; waitMs: number } | undefined;
  for (const id of probe.verifies) {
    const claim = claims.get(id);
    const waitMs = claim === undefined ? undefined : promisedWaitMs(claim);
    if (claim === undefined || waitMs === undefined || waitMs <= probe.schedule.timeoutMs) continue;
    if (worst === undefined || waitMs > worst.waitMs) worst = { claim, waitMs };
  }
  return worst;
}

function message(probe: ProbeSpec, claim: Claim, waitMs: number, explicit: boolean): string {
  const waits = formatDuration(probe.schedule.timeoutMs);
  const fix = explicit
    ? `set timeout: ${formatDurationExactly(withMargin(waitMs))} or more (the default when timeout is left out)`
    : 'that is as long as Kept can wait; attempts that would need longer are not counted';
  const how = explicit ? '' : ' (the default)';
  return (
    `waits ${waits}${how}, shorter than ${promised(claim, waitMs)} claim "${claim.id}" promises: ` +
    `${awaited(claim)} after ${waits} cannot be judged; ${fix}`
  );
}

/** A warning for each probe whose time-out is shorter than the longest wait among the claims it verifies. */
export function timeoutWarnings(catalogue: Catalogue, files: readonly LooseFile[]): Diagnostic[] {
  const claims = new Map(catalogue.claims.map((claim) => [claim.id, claim]));
  const probes = new Map(catalogue.probes.map((probe) => [probe.id, probe]));
  const warnings: Diagnostic[] = [];
  for (const file of files) {
    const entries = isRecord(file.value) && Array.isArray(file.value.probes) ? (file.value.probes as unknown[]) : [];
    entries.forEach((entry, index) => {
      const probe = isRecord(entry) && typeof entry.id === 'string' ? probes.get(entry.id) : undefined;
      const shortfall = probe === undefined ? undefined : longestShortfall(probe, claims);
      if (probe === undefined || shortfall === undefined) return;
      const schedule = isRecord(entry) ? entry.schedule : undefined;
      const explicit = isRecord(schedule) && schedule.timeout !== undefined;
      const path = explicit ? ['probes', index, 'schedule', 'timeout'] : ['probes', index, 'schedule'];
      const text = withContext(file.value, path, message(probe, shortfall.claim, shortfall.waitMs, explicit));
      warnings.push({
        ...diagnosticAt(file.source, path, 'probe.timeout-short', text, explicit ? 'value' : 'key'),
        severity: 'warning',
      });
    });
  }
  return warnings;
}
