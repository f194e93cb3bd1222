import { describe, expect, it } from 'vitest';
import { createStatusLine, demoStatusLine } from '../../src/cli/demo-status.ts';
import { evaluateClaim } from '../../src/domain/evaluation/verdict.ts';
import { alwaysHumanClaim, businessHoursClaim } from '../support/domain-fixtures.ts';

const week = { from: 0, to: 7 * 86_400_000 };
const broken = evaluateClaim(
  alwaysHumanClaim,
  [{ hourOfWeek: 3, met: 4, failed: 1, inconclusive: 2, outOfForce: 0 }],
  week,
);
const unproven = evaluateClaim(businessHoursClaim, [], week);

describe("the demo's status line", () => {
  it('says the simulated time and pace, the attempts, and each claim with its verdict and attempts counted', () => {
    const at = Date.parse('2026-12-04T14:05:31Z'); // a Friday
    expect(
      demoStatusLine({ at, live: false, speed: 400, verdicts: [broken, unproven], attempts: 431, inconclusive: 3 }),
    ).toBe(
      'Fri 14:05 UTC (replay 400x) · 431 attempts (3 inconclusive) · chat-live-24-7 broken 5 · chat-business-hours unproven 0',
    );
    expect(demoStatusLine({ at, live: true, speed: 400, verdicts: [], attempts: 0, inconclusive: 0 })).toBe(
      'Fri 14:05 UTC (live) · 0 attempts',
    );
  });

  const sink = (isTTY: boolean) => {
    let text = '';
    const stream = {
      isTTY,
      columns: 30,
      write: (chunk: string) => ((text += chunk), true),
    } as unknown as NodeJS.WriteStream;
    return { stream, text: () => text };
  };

  it('rewrites one line in place on a terminal, cut to its width, and ends it on stop', () => {
    const tty = sink(true);
    const line = createStatusLine(tty.stream);
    line.show('first');
    line.show('first');
    line.show('a line longer than the thirty columns of this terminal');
    line.end();
    expect(tty.text()).toBe('\r\x1b[2Kfirst\r\x1b[2Ka line longer than the thirt…\n');
  });

  it('writes a line per change when piped, so a log of the demo reads as a history', () => {
    const pipe = sink(false);
    const line = createStatusLine(pipe.stream);
    line.show('one');
    line.show('one');
    line.show('two');
    line.end();
    expect(pipe.text()).toBe('one\ntwo\n');
  });
});
