/**
 * Judging population evidence: 5-minute readings of two queues for an office-hours claim (Europe/London), judged and
 * summed into the population's verdict, over a week and over 90 days. Pure code, no store.
 *   node --import tsx bench/population-verdict.bench.ts
 */
import { loadavg } from 'node:os';
import type { Claim } from '../src/domain/claim.ts';
import { judgePopulation } from '../src/domain/population/population-judgement.ts';
import type { PopulationReading } from '../src/domain/population/population-reading.ts';
import { evaluatePopulation } from '../src/domain/population/population-verdict.ts';

const DAY = 86_400_000;
const FIVE = 300_000;
const claim: Claim = {
  id: 'office-phone',
  copy: 'a person answers within 2 minutes, weekdays 9 to 5',
  publishedAt: [],
  owner: 'support-ops',
  channels: ['phone'],
  hours: {
    kind: 'weekly',
    timeZone: 'Europe/London',
    windows: [{ days: [0, 1, 2, 3, 4], fromMinute: 540, toMinute: 1020 }],
    holidays: [],
  },
  promise: { kind: 'human', withinMs: 120_000 },
  target: { kind: 'share', share: 0.9 },
  minSamples: 30,
};
const from = Date.UTC(2026, 0, 5);

for (const days of [7, 90]) {
  const readings: PopulationReading[] = [];
  for (let t = from; t < from + days * DAY; t += FIVE) {
    for (const queue of ['sales', 'support']) {
      readings.push({
        collectorId: 'desk',
        queue,
        channel: 'voice',
        fromMs: t,
        toMs: t + FIVE,
        contacts: 10,
        abandoned: 1,
        withinPromise: 8,
        thresholdMs: 120_000,
        longestWaitMs: 100_000,
        source: 'bench',
      });
    }
  }
  const started = performance.now();
  const verdict = evaluatePopulation(claim, judgePopulation(claim, readings, []), { from, to: from + days * DAY });
  const ms = performance.now() - started;
  console.log(
    `${days} days: ${readings.length} readings judged in ${ms.toFixed(0)} ms (${verdict.status}, ` +
      `${verdict.contacts.counted} contacts counted; load ${loadavg()[0]?.toFixed(1)})`,
  );
}
