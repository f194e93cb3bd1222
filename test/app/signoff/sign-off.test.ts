import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signOffCopy } from '../../../src/app/signoff/sign-off.ts';
import type { JudgedClaim } from '../../../src/app/signoff/signoff.types.ts';
import type { Discrepancy, TwoWitnesses } from '../../../src/domain/population/discrepancy.ts';
import type { PopulationVerdict } from '../../../src/domain/population/population-verdict.ts';
import { instants, MINUTE } from '../../domain/builders.ts';
import { businessHoursCopy, extracted } from '../../domain/signoff/extracted.ts';
import { demoLikeCatalogue } from '../../support/domain-fixtures.ts';
import {
  deskObservation,
  deskWeek,
  recordAll,
  signoffWorld,
  WEEK,
  WEEK_START,
  type SignoffWorld,
} from './signoff-fixtures.ts';

const DAY = 86_400_000;
const liveChat = extracted({ id: 'c1' });
const puffery = extracted({
  id: 'c3',
  text: 'world-class support',
  promise: null,
  unmeasurable: 'puffery',
  channels: ['chat', 'phone', 'email'],
});
const phone = extracted({
  id: 'c4',
  text: 'call us and a person answers within 5 minutes, 24/7',
  channels: ['phone'],
  promise: { kind: 'human', withinMs: 300_000 },
});

const byId = (claims: readonly JudgedClaim[], id: string): JudgedClaim => {
  const found = claims.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no judged claim ${id}`);
  return found;
};

describe('signOffCopy over a real store holding a week of the desk', () => {
  let world: SignoffWorld;
  beforeEach(async () => {
    world = await signoffWorld();
    await recordAll(world.store, demoLikeCatalogue, deskWeek(WEEK_START));
  });
  afterEach(async () => world.cleanup());

  it('finds 24/7 live chat with real people not supported, with example failures and a truthful wording', async () => {
    const report = await signOffCopy(world.deps([liveChat, businessHoursCopy, puffery]), {
      copy: 'copy',
      sinceMs: 90 * DAY,
    });
    const c1 = byId(report.claims, 'c1');
    expect(c1.status).toBe('not supported');
    expect(c1.basis).toBe('raw observations');
    expect(c1.reasons[0]).toBe('432 of 672 in-force attempts failed; an absolute promise allows none');
    // The evidence ends at the last run (Sunday 23:45), whose hour is still under way: 167 hours are required.
    expect(c1.verdict?.coverage).toMatchObject({ promised: 167, probed: 167 });
    expect(c1.examples).toHaveLength(5);
    expect(c1.examples[0]?.reason).toBe('no human reached');
    expect(c1.examples.every((e) => !e.observation.humanReached)).toBe(true);
    expect(c1.suggestion?.text).toBe('Chat: a person answers within 30 seconds, Mon-Fri 08:00-20:00 UK time');
    expect(c1.evidence.observations).toBe(672);
    expect(c1.evidence.digest).toMatch(/^[0-9a-f]{64}$/);

    const c2 = byId(report.claims, 'c2');
    expect(c2.status).toBe('supported');
    expect(c2.basis).toBe('catalogue rollups');
    expect(c2.matchedClaimId).toBe('chat-business-hours');
    expect(c2.verdict?.samples.counted).toBe(160);
    expect(c2.suggestion).toBeNull();

    expect(report.unmeasurable.map((u) => [u.extracted.id, u.reason])).toEqual([
      ['c3', 'puffery: an opinion, not a promise that can be measured'],
    ]);
    expect(report.status).toBe('not supported');
    expect(report.exitCode).toBe(1);
  });

  it("names the platform's witness of the matched catalogue claim, and its discrepancy with the probes", async () => {
    const population = {
      claimId: 'chat-business-hours',
      status: 'kept',
      contacts: { counted: 1_200, met: 1_200, failed: 0, notCounted: 0, outOfForce: 0, unjudged: 0 },
      compliance: 1,
      collectors: ['desk-taskrouter'],
    } as unknown as PopulationVerdict;
    const reason = "the platform counted 100.0% of 1200 contacts …: the platform's clock does not count the bot";
    const witnesses = new Map<string, TwoWitnesses>([
      [
        'chat-business-hours',
        { claimId: 'chat-business-hours', population, discrepancy: { reason } as unknown as Discrepancy },
      ],
    ]);
    const report = await signOffCopy(world.deps([businessHoursCopy], { witnesses: () => witnesses }), {
      copy: 'copy',
      sinceMs: 90 * DAY,
    });
    const c2 = report.claims[0] as JudgedClaim;
    expect(c2.matchedClaimId).toBe('chat-business-hours');
    expect(c2.status).toBe('supported'); // the probes stand for what customers live through
    expect(c2.platform).toEqual({
      status: 'kept',
      contacts: 1_200,
      compliance: 1,
      collectors: ['desk-taskrouter'],
      discrepancy: reason,
    });
    expect(c2.notes).toContain("the platform's own figures (desk-taskrouter): 100.0% of 1200 contacts met the promise");
    expect(c2.reasons.at(-1)).toBe(`the platform's figures and the probes disagree: ${reason}`);
  });

  it.each<[string, number]>([
    ['all supported exits 0', 0],
    ['a channel no probe measures is unproven and exits 2', 2],
  ])('%s', async (name, code) => {
    const claims = code === 0 ? [businessHoursCopy, puffery] : [businessHoursCopy, phone];
    const report = await signOffCopy(world.deps(claims), { copy: 'copy', sinceMs: 90 * DAY });
    expect(report.exitCode, name).toBe(code);
    if (code === 2) expect(byId(report.claims, 'c4').reasons).toEqual(['no probe in the catalogue measures phone']);
  });

  it('judges a matched claim from rollups over the whole window even after raw observations are pruned', async () => {
    const report = await signOffCopy(world.deps([liveChat, businessHoursCopy], { rawRetentionMs: 2 * DAY }), {
      copy: 'copy',
      sinceMs: 90 * DAY,
    });
    const c2 = byId(report.claims, 'c2');
    expect(c2.verdict?.samples.counted).toBe(160);
    expect(c2.evidence.observations).toBe(190);
    const c1 = byId(report.claims, 'c1');
    expect(c1.verdict?.samples.counted).toBe(190);
    expect(c1.notes).toContain('raw observations are kept 2d, so the window was shortened to 1d23h');
  });

  it('never calls month-old evidence supported', async () => {
    world.clock.set(WEEK_START + WEEK + 30 * DAY);
    const c2 = byId(
      (await signOffCopy(world.deps([businessHoursCopy]), { copy: 'copy', sinceMs: 90 * DAY })).claims,
      'c2',
    );
    expect(c2.status).toBe('unproven');
    expect(c2.reasons[0]).toBe(
      'the latest chat observation is from 2026-01-11 23:45Z, 30d15m ago: the probes may have stopped',
    );
  });

  it('gives the same evidence digest for the same evidence, and another once more evidence arrives', async () => {
    const first = byId(
      (await signOffCopy(world.deps([businessHoursCopy]), { copy: 'copy', sinceMs: 90 * DAY })).claims,
      'c2',
    );
    const again = byId(
      (await signOffCopy(world.deps([businessHoursCopy]), { copy: 'copy', sinceMs: 90 * DAY })).claims,
      'c2',
    );
    expect(again.evidence.digest).toBe(first.evidence.digest);
    await recordAll(world.store, demoLikeCatalogue, [deskObservation(WEEK_START + WEEK + 5 * MINUTE)]);
    const later = byId(
      (await signOffCopy(world.deps([businessHoursCopy]), { copy: 'copy', sinceMs: 90 * DAY })).claims,
      'c2',
    );
    expect(later.evidence.digest).not.toBe(first.evidence.digest);
  });

  it('refuses an empty copy and a window that is not positive', async () => {
    await expect(signOffCopy(world.deps([]), { copy: '  ', sinceMs: DAY })).rejects.toThrow('the copy is empty');
    await expect(signOffCopy(world.deps([]), { copy: 'x', sinceMs: 0 })).rejects.toThrow(
      'the evidence window must be positive',
    );
  });
});

describe('signOffCopy paging', () => {
  it("reads every raw observation of a probe beyond the store's 10,000 a query", async () => {
    const world = await signoffWorld();
    try {
      const from = WEEK_START;
      const observations = instants(from, from + 10_500 * MINUTE, MINUTE).map((t) => deskObservation(t));
      await recordAll(world.store, demoLikeCatalogue, observations);
      world.clock.set(from + 10_500 * MINUTE + MINUTE);
      const c1 = byId((await signOffCopy(world.deps([liveChat]), { copy: 'copy', sinceMs: 90 * DAY })).claims, 'c1');
      expect(c1.evidence.observations).toBe(10_500);
      expect(c1.verdict?.samples.counted).toBe(10_500);
    } finally {
      await world.cleanup();
    }
  });
});
