import { validationError } from '../../domain/errors.ts';
import type { claimSummaryJson } from '../json/verdict.json.ts';
import { parseLimit } from './query-params.ts';

type ClaimSummary = ReturnType<typeof claimSummaryJson>;

/** The fields of a claim in GET /api/claims, in the order they are listed. */
export const CLAIM_FIELDS = [
  'id',
  'copy',
  'owner',
  'channels',
  'publishedAt',
  'hours',
  'promise',
  'target',
  'status',
  'reasons',
  'compliance',
  'interval',
  'samples',
  'coverage',
  'window',
] as const satisfies readonly (keyof ClaimSummary)[];

type ClaimField = (typeof CLAIM_FIELDS)[number];
const STATUSES = ['kept', 'broken', 'unproven'] as const;

/** What a client asked of the claims list: only these fields, only these statuses, one page of it. */
export interface ClaimsListQuery {
  readonly fields: readonly ClaimField[] | null;
  readonly status: readonly string[] | null;
  readonly offset: number;
  readonly limit: number | null;
  /** The `since` window as asked for, carried into the next page's path. */
  readonly since: string | null;
}

const MAX_PAGE = 10_000;

function list(name: string, value: unknown, allowed: readonly string[]): string[] | null {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string')
    throw validationError('query.invalid', `"${name}" must be given once, comma-separated`);
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const unknown = items.filter((item) => !allowed.includes(item));
  if (unknown.length > 0) {
    throw validationError('query.invalid', `"${name}" takes ${allowed.join(', ')}; not ${unknown.join(', ')}`);
  }
  return items;
}

function offsetOf(value: unknown): number {
  if (value === undefined || value === '') return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw validationError('query.invalid', '"offset" must be a whole number, 0 or more');
  return n;
}

/** Reads `fields`, `status`, `offset` and `limit` (all optional: every field of every claim by default). */
export function claimsListQuery(query: Record<string, unknown>): ClaimsListQuery {
  const fields = list('fields', query.fields, CLAIM_FIELDS) as ClaimField[] | null;
  return {
    fields: fields === null ? null : CLAIM_FIELDS.filter((field) => field === 'id' || fields.includes(field)),
    status: list('status', query.status, STATUSES),
    offset: offsetOf(query.offset),
    limit: query.limit === undefined || query.limit === '' ? null : parseLimit(query.limit, MAX_PAGE, MAX_PAGE),
    since: typeof query.since === 'string' && query.since !== '' ? query.since : null,
  };
}

/** Everything a claims list depends on, as a cache key. */
export function claimsListKey(query: ClaimsListQuery, windowMs: number, generation: number, claims: number): string {
  const parts = [query.fields?.join(',') ?? '*', query.status?.join(',') ?? '*', query.offset, query.limit ?? '*'];
  return `${windowMs}|${generation}|${claims}|${parts.join('|')}`;
}

function pick(summary: ClaimSummary, fields: readonly ClaimField[]): Partial<ClaimSummary> {
  return Object.fromEntries(fields.map((field) => [field, summary[field]]));
}

/**
 * One page of the list: the claims (with only the asked-for fields; `id` always), how many match in all, and the
 * path of the next page when there is one (the same query with the offset moved on).
 */
export function claimsPage(summaries: readonly ClaimSummary[], query: ClaimsListQuery, path: string) {
  const matching = query.status === null ? summaries : summaries.filter((s) => query.status?.includes(s.status));
  const end = query.limit === null ? matching.length : Math.min(matching.length, query.offset + query.limit);
  const page = matching.slice(query.offset, end);
  const next = new URLSearchParams();
  if (query.since !== null) next.set('since', query.since);
  if (query.fields !== null) next.set('fields', query.fields.join(','));
  if (query.status !== null) next.set('status', query.status.join(','));
  next.set('offset', String(end));
  if (query.limit !== null) next.set('limit', String(query.limit));
  return {
    total: matching.length,
    offset: query.offset,
    limit: query.limit,
    next: end < matching.length ? `${path}?${next.toString()}` : null,
    claims: query.fields === null ? page : page.map((summary) => pick(summary, query.fields ?? CLAIM_FIELDS)),
  };
}
