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
    demo = spawnKept(['demo', '--port', '0', '--workers', '0']);
    const [, url] = await demo.waitFor(/Kept is running at (http:\/\/[\d.]+:\d+)/, 30_000);
    let always: Brief | undefined;
    // Friday 06:00 UK time at 400x: the bot alone until 08:00 (18 s), then people; the platform's first hand-overs
    // are read after the next 5-minute interval settles.
    while (performance.now() - started < 120_000) {
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
    expect(always?.population?.compliance).toBe(1);
    console.log(`demo showed the discrepancy after ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const page = (await (await fetch(`${url}/api/claims/chat-live-24-7`)).json()) as {
      witnesses: { probes: { attempts: number }; platform: { uncounted: string[] }; discrepancy: { reason: string } };
    };
    expect(page.witnesses.probes.attempts).toBeGreaterThan(0);
    expect(page.witnesses.platform.uncounted).toEqual(['bot', 'ivr']);
    expect(page.witnesses.discrepancy.reason).toMatch(/does not count the bot and ivr/);
  }, 180_000);
});
