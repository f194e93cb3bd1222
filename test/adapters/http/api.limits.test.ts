import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judge } from '../../../src/domain/judgement.ts';
import type { Observation } from '../../../src/domain/observation.ts';
import { deskObservation, WEEK, WEEK_START } from '../../app/signoff/signoff-fixtures.ts';
import { demoLikeCatalogue } from '../../support/domain-fixtures.ts';
import { startKeptService, type KeptService } from './web/kept-service.ts';

// An observation stored before the limits (written to the store directly, as an old Kept did): 10 MB of transcript.
// The API serves it bounded, saying what it cut.

describe('the API never serves an unbounded observation', () => {
  let kept: KeptService;
  const claimId = 'chat-business-hours';
  beforeAll(async () => {
    kept = await startKeptService();
    const base = deskObservation(WEEK_START + WEEK - 3_600_000, { id: 'huge-1' });
    const huge: Observation = {
      ...base,
      evidence: { transcript: [{ atMs: 900, from: 'bot', text: 'z'.repeat(10 * 1_048_576) }] },
    };
    const claim = demoLikeCatalogue.claims.find((c) => c.id === claimId);
    if (claim === undefined) throw new Error('no claim');
    await kept.world.store.record(huge, [judge(claim, huge)]);
  });
  afterAll(() => kept.close());

  it.each([
    ["a claim's observations", `/api/claims/${claimId}/observations?from=2026-01-01T00:00:00Z&limit=1000`],
    ['a claim with its recent observations', `/api/claims/${claimId}`],
  ])('serves %s with each observation within 16 KiB and the cut listed', async (_name, path) => {
    const response = await fetch(`${kept.url}${path}`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text.length).toBeLessThan(2 * 1_048_576);
    const body = JSON.parse(text) as { observations?: Observation[]; recentObservations?: Observation[] };
    const huge = (body.observations ?? body.recentObservations ?? []).find((o) => o.id === 'huge-1');
    expect(JSON.stringify(huge).length).toBeLessThanOrEqual(16_384 + 200);
    expect(huge?.evidence.truncated).toEqual([
      { what: 'evidence.transcript.text', unit: 'characters', limit: 2_048, seen: 10 * 1_048_576 },
    ]);
  });
});
