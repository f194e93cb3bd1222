import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import type { Observation } from '../../../../src/domain/observation.ts';
import { LOADED_SLACK_MS } from '../../../support/timing.ts';
import { killed, setUp, startChild, tearDown } from './email.restart.support.ts';
import { eventually } from './support.ts';

afterEach(tearDown);

// A run resumed after a restart is timed from its mail's original send, in epoch ms (1 ms rounding at each end).
// Its interval lies inside the desk's true one, which also holds two SMTP acknowledgements (a few ms idle, each
// up to LOADED_SLACK_MS late under load, test/support/timing.ts): so the probe reads between 2 * LOADED_SLACK_MS + 2
// short and 2 ms long. A run timed from the restart instead reads the kill, the 500 ms pause and the start short.
describe('a restart of Kept while an email probe waits, timed', () => {
  it('times the resumed run against the desk’s true delays, from the original send', async () => {
    const { desk, probe, state, inboundPort, keptStarts } = await setUp({
      ackDelayMs: 200,
      humanDelayMs: [3_000, 3_000],
    });
    const { child, steps } = startChild({
      storePath: state.storePath,
      evidenceDir: state.evidenceDir,
      inboundPort,
      runId: 'restart-1',
      probe,
    });
    await eventually(
      () => (steps.some((s) => s.step === 'listening') ? true : undefined),
      20_000,
      'the first Kept to listen',
    );
    await eventually(
      () => (desk.replies().some((r) => r.kind === 'ack') ? true : undefined),
      10_000,
      'the auto-ack to be delivered',
    );
    await killed(child);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const kept = await keptStarts();
    const recorded: Observation[] = [];
    const report = await kept.channel.resumePending({
      probes: [probe],
      clock: systemClock,
      signal: new AbortController().signal,
      record: async (o) => void recorded.push(o),
    });
    await report.done;
    const [observation] = recorded as [Observation];
    expect(observation).toMatchObject({ id: 'restart-1', outcome: 'answered', humanReached: true });
    const [ack, human] = desk.replies();
    const errors = [
      (observation.timings.autoReplyMs as number) - (ack?.deskDelayMs as number),
      (observation.timings.humanMs as number) - (human?.deskDelayMs as number),
    ];
    for (const error of errors) {
      expect(error, `errors ${errors.join(', ')} ms`).toBeGreaterThanOrEqual(-(2 * LOADED_SLACK_MS + 2));
      expect(error, `errors ${errors.join(', ')} ms`).toBeLessThanOrEqual(2);
    }
  }, 60_000);
});
