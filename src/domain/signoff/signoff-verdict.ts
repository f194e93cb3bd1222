import type { VerdictStatus } from '../evaluation/verdict.ts';

/**
 * A sign-off verdict on one claim in marketing copy, in the words compliance teams use:
 * - supported: the evidence shows the promise kept (the claim's verdict is `kept`);
 * - not supported: the evidence shows it broken;
 * - unproven: too few observations, or promised hours never probed.
 */
export type SignoffStatus = 'supported' | 'not supported' | 'unproven';

export const SIGNOFF_STATUSES: readonly SignoffStatus[] = ['supported', 'not supported', 'unproven'];

export function signoffStatusOf(status: VerdictStatus): SignoffStatus {
  switch (status) {
    case 'kept':
      return 'supported';
    case 'broken':
      return 'not supported';
    case 'unproven':
      return 'unproven';
  }
}

/** The worst of several statuses: not supported, then unproven, then supported. */
export function worstStatus(statuses: readonly SignoffStatus[]): SignoffStatus {
  if (statuses.includes('not supported')) return 'not supported';
  if (statuses.includes('unproven')) return 'unproven';
  return 'supported';
}

/**
 * The exit code of `kept signoff` for a website's CI: 0 when every measurable claim is supported (or there are none),
 * 1 when any is not supported, else 2 when any is unproven. Unmeasurable phrases never count.
 */
export function signoffExitCode(statuses: readonly SignoffStatus[]): 0 | 1 | 2 {
  if (statuses.length === 0) return 0;
  const worst = worstStatus(statuses);
  return worst === 'not supported' ? 1 : worst === 'unproven' ? 2 : 0;
}

/**
 * Canonical JSON: object keys sorted at every level, no whitespace, `undefined` members left out, non-finite numbers
 * as null. The same value always gives the same text, so a digest of it identifies the evidence.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (typeof value === 'object') {
    const withJson = value as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') return canonicalJson(withJson.toJSON());
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && typeof v !== 'function')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return 'null';
}
