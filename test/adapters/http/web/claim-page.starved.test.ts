import { describe, expect, it } from 'vitest';
import { claimPage } from '../../../../src/adapters/http/web/claims.page.ts';
import { judge } from '../../../../src/domain/judgement.ts';
import { alwaysHumanClaim, chatObservation } from '../../../support/domain-fixtures.ts';

const MONDAY_10AM = Date.parse('2026-11-23T10:00:00Z');

describe('the claim page', () => {
  it("lists an attempt Kept could not measure with its own reason, apart from the desk's failures", () => {
    const starved = chatObservation({
      id: 'run-starved',
      startedAt: MONDAY_10AM,
      outcome: 'inconclusive',
      reason: 'Kept was starved: 1.4s loop delay during the attempt',
      humanReached: false,
      evidence: { details: { starved: true } },
    });
    const late = chatObservation({
      id: 'run-late',
      startedAt: MONDAY_10AM + 60_000,
      humanReached: false,
      timings: { totalMs: 180_000 },
    });
    const recent = [starved, late].map((observation) => ({
      observation,
      judgement: judge(alwaysHumanClaim, observation),
    }));
    const html = claimPage('Demo', {
      claim: alwaysHumanClaim,
      verdict: undefined,
      probes: ['desk-chat-api'],
      recent,
      gaps: [],
    });
    const [failures, inconclusives] = html.split('Recent inconclusive attempts');
    expect(failures).toContain('run-late');
    expect(failures).not.toContain('run-starved');
    expect(inconclusives).toContain('Kept was starved: 1.4s loop delay during the attempt');
    expect(inconclusives).toContain('run-starved');
  });
});
