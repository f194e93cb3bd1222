import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/adapters/stores/sqlite/sqlite.store.ts';
import type { Claim } from '../../src/domain/claim.ts';
import { judge } from '../../src/domain/judgement.ts';
import type { Observation } from '../../src/domain/observation.ts';
import { spawnKept } from '../support/spawn-kept.ts';

// `kept verdicts` beside each claim's verdict: the verdict of each location its probes run from, from observations a
// fleet stored (written here into the store `kept verdicts` reads).

const CATALOGUE = `version: kept/v1
service: { name: Fleet Ltd, timeZone: UTC }
claims:
  - { id: chat-24-7, copy: "24/7 chat with a person within a minute", publishedAt: https://x.invalid, owner: ops,
      channels: [chat], hours: 24/7, promise: { human: 1m }, target: absolute, minSamples: 3 }
probes:
  - id: chat
    channel: chat-api
    target: ws://127.0.0.1:1
    schedule: { cron: "*/10 * * * *" }
    verifies: [chat-24-7]
    locations: [uk, us-east]
    options: { transport: websocket, message: hi, send: { type: message, text: "{message}" },
      receive: { textPath: "$.text" }, human: [{ path: "$.from", equals: agent }] }
`;

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

describe('kept verdicts with locations', () => {
  it("prints each location's verdict beside the claim's, and lists them in --json", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kept-verdicts-loc-'));
    writeFileSync(join(dir, 'fleet.yaml'), CATALOGUE);
    const store = await openSqliteStore({ path: join(dir, 'data', 'kept.db') });
    const now = Date.now();
    // Every 10 minutes over the last 3 hours from both locations; one us-east attempt found no person.
    for (let n = 1; n <= 18; n++) {
      for (const location of ['uk', 'us-east']) {
        const failed = location === 'us-east' && n === 5;
        const observation: Observation = {
          id: `run-${location}-${n}`,
          probeId: 'chat',
          kind: 'chat-api',
          startedAt: now - n * 600_000 + 1_000,
          outcome: failed ? 'unanswered' : 'answered',
          timings: failed ? { totalMs: 90_000 } : { totalMs: 6_000, humanMs: 5_000 },
          humanReached: !failed,
          location,
          evidence: {},
        };
        await store.record(observation, [judge(CLAIM, observation)]);
      }
    }
    await store.close();
    const args = ['verdicts', '-c', join(dir, 'fleet.yaml'), '--since', '3h', '--data', join(dir, 'data')];
    const text = spawnKept(args, {}, { environment: 'clean' });
    expect(await text.exited(), text.output()).toBe(0);
    expect(text.output()).toMatch(/^BROKEN {3}chat-24-7 /m);
    expect(text.output()).toMatch(/^ {9}from uk: kept compliance 100\.0% n=18 \(18 attempts\)$/m);
    expect(text.output()).toMatch(/^ {9}from us-east: broken compliance 94\.4% n=18 \(18 attempts\)$/m);
    const json = spawnKept([...args, '--json'], {}, { environment: 'clean' });
    expect(await json.exited(), json.output()).toBe(0);
    const out = JSON.parse(json.output().split('\n--- stderr ---')[0] ?? '') as {
      claims: { id: string; locations?: { location: string; status: string; attempts: number }[] }[];
    };
    expect(out.claims[0]?.locations?.map((l) => [l.location, l.status, l.attempts])).toEqual([
      ['uk', 'kept', 18],
      ['us-east', 'broken', 18],
    ]);
  }, 60_000);
});
