import { describe, expect, it } from 'vitest';
import { runIdOf } from '../../../src/adapters/queue/bullmq.planner.ts';
import { probeQueueName, redisConnection } from '../../../src/adapters/queue/redis-connection.ts';
import { isFleetJob, isFleetResult, lostRunObservation, plannedRunKey } from '../../../src/app/fleet.ts';

describe('the fleet queue settings', () => {
  it.each([
    ['redis://127.0.0.1:6380', { host: '127.0.0.1', port: 6380, db: 0 }],
    ['redis://queue.internal', { host: 'queue.internal', port: 6379, db: 0 }],
    ['redis://kept:s%40cret@10.0.0.5:6379/2', { host: '10.0.0.5', db: 2, username: 'kept', password: 's@cret' }],
    ['rediss://q:6379', { host: 'q', tls: {} }],
  ])('reads %s', (url, expected) => {
    expect(redisConnection(url)).toMatchObject({ ...expected, maxRetriesPerRequest: null });
  });

  it.each([['not a url'], ['http://127.0.0.1:6379'], ['redis://h:1/x']])('refuses %s with queue.url', (url) => {
    expect(() => redisConnection(url)).toThrow(expect.objectContaining({ code: 'queue.url' }));
  });

  it('never repeats the password of a URL it refuses', () => {
    let refusal: unknown;
    try {
      redisConnection('redis://kept:hunter2@10.0.0.5:notaport');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: 'queue.url', message: expect.stringContaining('redis://kept:<redacted>@') });
    expect(JSON.stringify(refusal, Object.getOwnPropertyNames(refusal))).not.toContain('hunter2');
  });

  it('names one queue per location', () => {
    expect(probeQueueName('uk')).toBe('probes.uk');
  });
});

describe('planned runs', () => {
  it('are keyed by probe, planned time and location, the same key and run id in every scheduler', () => {
    const nine = Date.UTC(2026, 11, 7, 9);
    const key = plannedRunKey('chat:api', nine, 'uk');
    expect(key).toBe('chat_api@1796634000000@uk');
    expect(runIdOf(key)).toBe(runIdOf(plannedRunKey('chat:api', nine, 'uk')));
    expect(runIdOf(key)).not.toBe(runIdOf(plannedRunKey('chat:api', Date.UTC(2026, 11, 7, 9, 5), 'uk')));
    // The same planned time in another location is another run, with its own job and run id.
    expect(plannedRunKey('chat:api', nine, 'us-east')).toBe('chat_api@1796634000000@us-east');
    expect(runIdOf(key)).not.toBe(runIdOf(plannedRunKey('chat:api', nine, 'us-east')));
    expect(runIdOf(key)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('a lost run is one inconclusive observation with the run id, and jobs and results are checked on the way in', () => {
    const job = {
      v: 1 as const,
      runId: 'r1',
      probeId: 'chat',
      kind: 'chat-api' as const,
      clock: { kind: 'system' as const },
      location: 'default',
      plannedAt: 1000,
    };
    expect(isFleetJob(job)).toBe(true);
    expect(isFleetJob({ ...job, v: 2 })).toBe(false);
    const lost = lostRunObservation(job, 1000, 'worker died');
    expect(lost).toMatchObject({ id: 'r1', probeId: 'chat', outcome: 'inconclusive', reason: 'worker died' });
    // A run lost in a location is lost there: the write-off carries the job's location.
    expect(lost.location).toBe('default');
    expect(lostRunObservation({ ...job, location: 'uk' }, 1000, 'worker died').location).toBe('uk');
    expect(isFleetResult({ v: 1, runId: 'r1', location: 'default', observation: lost })).toBe(true);
    expect(isFleetResult({ v: 1, runId: 'r2', location: 'default', observation: lost })).toBe(false);
  });
});
