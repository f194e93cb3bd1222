import type { Verdict } from '../domain/evaluation/verdict.ts';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export interface DemoStatus {
  /** Simulated epoch ms. */
  readonly at: number;
  readonly live: boolean;
  readonly speed: number;
  readonly verdicts: readonly Verdict[];
  /** Probe attempts made so far, of every outcome. */
  readonly attempts: number;
  /** Attempts that were inconclusive (Kept's own trouble), when any. */
  readonly inconclusive: number;
}

/**
 * The demo's one line for people: simulated time, then each claim's verdict with the attempts counted so far, e.g.
 * `Fri 14:05 UTC (replay 400x) · 431 attempts (3 inconclusive) · chat-live-24-7 broken 212 · chat-business-hours kept 180`,
 * the number after a verdict being the attempts it counted.
 */
export function demoStatusLine(status: DemoStatus): string {
  const date = new Date(status.at);
  const time = `${WEEKDAYS[date.getUTCDay()]} ${date.toISOString().slice(11, 16)} UTC`;
  const pace = status.live ? 'live' : `replay ${status.speed}x`;
  const claims = status.verdicts.map(
    (v) => `${v.claimId} ${v.status} ${v.samples.counted}${v.notYetReached === undefined ? '' : ' (not yet reached)'}`,
  );
  const ours = status.inconclusive > 0 ? ` (${status.inconclusive} inconclusive)` : '';
  return [`${time} (${pace})`, `${status.attempts} attempts${ours}`, ...claims].join(' · ');
}

export interface StatusLine {
  show(line: string): void;
  /** Ends the line (a terminal's cursor moves on), so what is printed next starts on a line of its own. */
  end(): void;
}

/**
 * On a terminal, one line rewritten in place (carriage return, erase line); piped or redirected, a line each time it
 * changes, so a log of the demo reads as a history.
 */
export function createStatusLine(stream: NodeJS.WriteStream): StatusLine {
  let last = '';
  return {
    show(line) {
      if (line === last) return;
      last = line;
      if (stream.isTTY) {
        const width = stream.columns > 0 ? stream.columns - 1 : line.length;
        stream.write(`\r\x1b[2K${line.length > width ? `${line.slice(0, Math.max(0, width - 1))}…` : line}`);
      } else {
        stream.write(`${line}\n`);
      }
    },
    end() {
      if (stream.isTTY && last !== '') stream.write('\n');
    },
  };
}
