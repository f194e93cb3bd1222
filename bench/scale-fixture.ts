import type { Catalogue, ProbeSpec } from '../src/domain/catalogue.ts';
import type { Claim, Hours } from '../src/domain/claim.ts';
import { judge } from '../src/domain/judgement.ts';
import type { Observation } from '../src/domain/observation.ts';
import type { RecordItem } from '../src/adapters/stores/sqlite/sqlite.store.ts';
import { uuid7 } from '../src/adapters/ids/uuid7.ts';

export const DAY_MS = 86_400_000;
/** Fixed "now" so seeded stores can be reused across runs. */
export const BENCH_NOW = Date.parse('2026-11-23T00:00:00Z');
export const HISTORY_MS = 90 * DAY_MS;

const ZONES = ['Europe/London', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'America/Los_Angeles'];

function hoursFor(i: number): Hours {
  const timeZone = ZONES[i % ZONES.length] as string;
  if (i % 3 === 0) return { kind: 'always', timeZone };
  return {
    kind: 'weekly',
    timeZone,
    windows: [{ days: [0, 1, 2, 3, 4], fromMinute: 8 * 60, toMinute: 20 * 60 }],
    holidays: [],
  };
}

/** `count` claims (a third 24/7, the rest weekday business hours, five zones), each verified by its own probe. */
export function scaleCatalogue(count: number): Catalogue {
  const claims: Claim[] = [];
  const probes: ProbeSpec[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = `claim-${String(i).padStart(4, '0')}`;
    claims.push({
      id,
      copy: `Claim ${i}: a person answers within 2 minutes`,
      publishedAt: ['https://example.invalid'],
      owner: `team-${i % 20}`,
      channels: ['chat'],
      hours: hoursFor(i),
      promise: { kind: 'human', withinMs: 120_000 },
      target: i % 3 === 0 ? { kind: 'absolute' } : { kind: 'share', share: 0.95 },
      minSamples: 30,
    });
    probes.push({
      id: `probe-${String(i).padStart(4, '0')}`,
      kind: 'chat-api',
      target: 'ws://127.0.0.1:9/chat',
      schedule: { cron: '*/15 * * * *', timeZone: 'UTC', jitterMs: 0, timeoutMs: 300_000 },
      verifies: [id],
      options: {},
    });
  }
  return {
    service: { name: 'Scale bench', timeZone: 'Europe/London' },
    claims,
    probes,
    receivers: [],
    routes: [],
    evaluation: { windowMs: HISTORY_MS, coveragePeriodMs: 7 * DAY_MS },
  };
}

/** A deterministic pseudo-random source (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Ten bytes from the seeded source, for ids that are the same in every run. */
function randomBytes10(random: () => number): Uint8Array {
  return Uint8Array.from({ length: 10 }, () => Math.floor(random() * 256));
}

/**
 * Yields batches of observations with their judgements: `perProbe` attempts per probe spread evenly over 90 days,
 * 97% answered by a human within a minute, the rest unanswered after a bot. Realistic evidence (a short transcript).
 * Ids are UUIDv7 of the start time, as the monitor makes them (bytes from the seeded source: the same in every run).
 */
export function* observationBatches(
  catalogue: Catalogue,
  perProbe: number,
  batchSize: number,
): Generator<RecordItem[]> {
  const random = seededRandom(42);
  const step = HISTORY_MS / perProbe;
  const claims = new Map(catalogue.claims.map((c) => [c.id, c]));
  let batch: RecordItem[] = [];
  for (let n = 0; n < perProbe; n += 1) {
    for (const [p, probe] of catalogue.probes.entries()) {
      const startedAt = Math.floor(BENCH_NOW - HISTORY_MS + n * step + (p * step) / catalogue.probes.length);
      const ok = random() < 0.97;
      const humanMs = Math.round(15_000 + random() * 40_000);
      const observation: Observation = {
        id: uuid7(startedAt, randomBytes10(random)),
        probeId: probe.id,
        kind: 'chat-api',
        startedAt,
        outcome: 'answered',
        timings: ok
          ? { connectMs: 3, firstResponseMs: 800, autoReplyMs: 800, humanMs, totalMs: humanMs + 50 }
          : { connectMs: 3, firstResponseMs: 800, autoReplyMs: 800, totalMs: 300_000 },
        humanReached: ok,
        evidence: {
          transcript: [
            { atMs: 0, from: 'customer', text: 'Hi, I was charged twice this month, can someone help?' },
            {
              atMs: 800,
              from: 'bot',
              name: 'Kai',
              text: 'Hi! I am Kai, the virtual assistant. A person will be with you shortly.',
            },
            ...(ok
              ? [
                  {
                    atMs: humanMs,
                    from: 'human' as const,
                    name: 'Priya',
                    text: 'Hello, Priya here. Let me look at your bill.',
                  },
                ]
              : []),
          ],
          details: { transport: 'websocket' },
        },
      };
      const judgements = probe.verifies.map((id) => judge(claims.get(id) as Claim, observation));
      batch.push({ observation, judgements });
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}
