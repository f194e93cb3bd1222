/**
 * Debian's Chromium for browser tests: where it is, and why it cannot run here.
 *
 *   const missing = chromiumMissing();              // undefined when /usr/bin/chromium runs
 *   describe.skipIf(missing !== undefined)(...)      // locally: skip with a warning; in CI: throws, never skips
 *
 * The browser itself is started by the code under test (BrowserPool); tests stop it with the channel's close(),
 * and kill it only by its own PID (channel.browserPid()).
 */
import {
  chromiumMissing as whyChromiumMissing,
  DEFAULT_CHROMIUM,
} from '../../src/adapters/channels/browser-chat/browser.pool.ts';

export const CHROMIUM_PATH = process.env.KEPT_CHROMIUM ?? DEFAULT_CHROMIUM;

/** Why Chromium cannot run here, or undefined. Throws instead when `CI` is set: CI must install it, never skip. */
export function chromiumMissing(): string | undefined {
  const why = whyChromiumMissing(CHROMIUM_PATH);
  if (why === undefined) return undefined;
  if (process.env.CI) throw new Error(`${why}: browser tests must not be skipped in CI`);
  console.warn(`skipping browser tests: ${why}`);
  return why;
}

/** Whether a process with this PID exists (signal 0 probes without killing). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
