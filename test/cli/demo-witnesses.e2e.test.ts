import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnKept, type KeptProcess } from '../support/spawn-kept.ts';

interface Brief {
  id: string;
  status: string;
  samples: { counted: number; met: number } | null;
  population?: { contacts: number; compliance: number | null; collectors: string[] };
  discrepancy?: { direction: string; uncounted: string[]; reason: string } | null;
}

/**
 * Issue #12.5: in the demo's replay the desk's own TaskRouter-shaped statistics (counted from the bot's hand-over, and
 * blind to the nights when the bot never hands over) are read by Kept's twilio-taskrouter collector, and the 24/7 claim
 * shows both witnesses and a discrepancy naming what the platform does not count.
 */
describe('kept demo: two witnesses', () => {
  let demo: KeptProcess | undefined;
  afterAll(async () => {
    await demo?.stop();
  });

  it("shows the platform's witness beside the probes and a discrepancy on the 24/7 claim within the replay", async () => {
    const started = performance.now();
    const data = mkdtempSync(join(tmpdir(), 'kept-demo-witnesses-'));
    demo = spawnKept(['demo', '--port', '0', '--data', data]);
    const [, url] = await demo.waitFor(/Kept is running at (http:\/\/[\d.]+:\d+)/, 30_000);
    let always: Brief | undefined;
    // Friday 06:00 UK time at 400x: the bot alone until 08:00 (18 s), then people; the platform's first hand-overs
    // are read after the next 5-minute interval settles. Attempts of a start-up stall are inconclusive (Kept's own
    // side), and a morning lost to one leaves the probes without a failure until the bot is alone again at 20:00
    // (about 130 s in): the test waits for that night rather than for a lucky morning.
    while (performance.now() - started < 200_000) {
      const body = (await (await fetch(`${url}/api/claims`)).json()) as { claims: Brief[] };
      always = body.claims.find((c) => c.id === 'chat-live-24-7');
      if (always?.discrepancy) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(always?.discrepancy, `${JSON.stringify(always)}\n${demo.output()}`).toMatchObject({
      direction: 'platform-better',
      uncounted: ['bot', 'ivr'],
    });
    expect(always?.status).toBe('broken');
    expect(always?.population?.collectors).toEqual(['desk-taskrouter']);
    expect(always?.population?.contacts).toBeGreaterThan(0);
    // Every hand-over is answered in 5-20 s by the desk's clock; a stall of the loaded machine can stretch one.
    expect(always?.population?.compliance).toBeGreaterThan(0.9);
    console.log(`demo showed the discrepancy after ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const page = (await (await fetch(`${url}/api/claims/chat-live-24-7`)).json()) as {
      witnesses: { probes: { attempts: number }; platform: { uncounted: string[] }; discrepancy: { reason: string } };
    };
    expect(page.witnesses.probes.attempts).toBeGreaterThan(0);
    expect(page.witnesses.platform.uncounted).toEqual(['bot', 'ivr']);
    expect(page.witnesses.discrepancy.reason).toMatch(/does not count the bot and ivr/);
    await demo.stop();

    // `kept verdicts` reads both witnesses from the demo's store and says the same.
    const verdicts = spawnKept(['verdicts', '-c', 'probes/demo.yaml', '--data', data], {}, { environment: 'clean' });
    expect(await verdicts.exited(), verdicts.output()).toBe(0);
    expect(verdicts.output()).toMatch(/platform \(desk-taskrouter\): \w+ compliance [\d.]+%  n=\d+ contacts/);
    expect(verdicts.output()).toMatch(/DISCREPANCY: the platform counted [\d.]+% of \d+ contacts/);
  }, 300_000);
});
