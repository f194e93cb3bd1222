import { describe, expect, it } from 'vitest';
import { claimPage } from '../../src/adapters/http/web/claims.page.ts';
import { openSqliteStore } from '../../src/adapters/stores/sqlite/sqlite.store.ts';
import { claimLocations, locationEvidence, readLocationEvidence } from '../../src/app/location-evidence.ts';
import type { ProbeSpec } from '../../src/domain/catalogue.ts';
import type { Claim } from '../../src/domain/claim.ts';
import { judge } from '../../src/domain/judgement.ts';
import type { Observation } from '../../src/domain/observation.ts';

const CLAIM: Claim = {
  id: 'chat-24-7',
  copy: '24/7 chat with a person within a minute',
  publishedAt: ['https://x.invalid'],
  owner: 'ops',
  channels: ['chat'],
  hours: { kind: 'always', timeZone: 'UTC' },
  promise: { kind: 'human', withinMs: 60_000 },
  target: { kind: 'absolute' },
  minSamples: 3,
};

const START = Date.UTC(2026, 11, 7, 9);
const HOUR = 3_600_000;

function attempt(n: number, location: string | undefined, humanMs: number | undefined): Observation {
  return {
    id: `run-${location ?? 'here'}-${n}`,
    probeId: 'chat',
    kind: 'chat-api',
    startedAt: START + n * HOUR + 60_000,
    outcome: humanMs === undefined ? 'unanswered' : 'answered',
    timings: { totalMs: humanMs ?? 120_000, ...(humanMs === undefined ? {} : { humanMs }) },
    humanReached: humanMs !== undefined,
    ...(location === undefined ? {} : { location }),
    evidence: {},
  };
}

const probe = (id: string, verifies: string[], locations?: string[]): ProbeSpec => ({
  id,
  kind: 'chat-api',
  target: 'http://127.0.0.1:1',
  schedule: { cron: '*/5 * * * *', timeZone: 'UTC', jitterMs: 0, timeoutMs: 60_000 },
  verifies,
  options: {},
  ...(locations === undefined ? {} : { locations }),
});

describe('per-location evidence of a claim', () => {
  it('a claim is kept in one location and broken in another; attempts without a location count in neither', () => {
    const observations = [0, 1, 2, 3].flatMap((n) => [
      attempt(n, 'uk', 5_000),
      attempt(n, 'us-east', n === 2 ? undefined : 5_000),
      attempt(n, undefined, undefined),
    ]);
    const judged = observations.map((observation) => ({ observation, judgement: judge(CLAIM, observation) }));
    const evidence = locationEvidence(CLAIM, ['uk', 'us-east', 'eu-west'], judged, {
      from: START,
      to: START + 4 * HOUR,
    });
    expect(evidence.map((e) => [e.location, e.attempts, e.status, e.samples.counted, e.samples.met])).toEqual([
      ['uk', 4, 'kept', 4, 4],
      ['us-east', 4, 'broken', 4, 3],
      // A location with no attempt in the window is unproven, not kept.
      ['eu-west', 0, 'unproven', 0, 0],
    ]);
    expect(evidence[1]?.reasons[0]).toBe('1 of 4 in-force attempts failed; an absolute promise allows none');
  });

  it('is read from the store for a claim whose probes name locations, and shown on its board page', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    try {
      for (const n of [0, 1, 2]) {
        for (const observation of [attempt(n, 'uk', 5_000), attempt(n, 'us-east', undefined)])
          await store.record(observation, [judge(CLAIM, observation)]);
      }
      const probes = [probe('chat', ['chat-24-7'], ['uk', 'us-east'])];
      const window = { from: START, to: START + 3 * HOUR };
      const read = await readLocationEvidence(store, probes, CLAIM, judge, window);
      expect(read?.complete).toBe(true);
      expect(read?.locations.map((l) => [l.location, l.attempts, l.status])).toEqual([
        ['uk', 3, 'kept'],
        ['us-east', 3, 'broken'],
      ]);
      expect(await readLocationEvidence(store, [probe('chat', ['chat-24-7'])], CLAIM, judge, window)).toBeUndefined();
      const page = claimPage('Desk', {
        claim: CLAIM,
        verdict: undefined,
        probes: ['chat'],
        recent: [],
        gaps: [],
        locations: read?.locations ?? [],
      });
      expect(page).toContain('<h2>By location</h2>');
      expect(page).toMatch(/<code>uk<\/code><\/td><td><span class="badge good" data-status="kept">kept/);
      expect(page).toMatch(/<code>us-east<\/code><\/td><td><span class="badge bad" data-status="broken">broken/);
    } finally {
      await store.close();
    }
  });

  it("a claim's locations are those its probes name; none when no probe of it names any", () => {
    const probes = [probe('a', ['x'], ['us-east', 'uk']), probe('b', ['x', 'y'], ['uk', 'eu-west']), probe('c', ['z'])];
    expect(claimLocations(probes, 'x')).toEqual(['eu-west', 'uk', 'us-east']);
    expect(claimLocations(probes, 'y')).toEqual(['eu-west', 'uk']);
    expect(claimLocations(probes, 'z')).toEqual([]);
  });
});
