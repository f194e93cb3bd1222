import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { CHROMIUM_FLAGS, DEFAULT_CHROMIUM } from '../../../../src/adapters/channels/browser-chat/browser.pool.ts';

export const CHROMIUM = DEFAULT_CHROMIUM;

/**
 * Whether the browser tests can run. In CI (env CI set) a missing Chromium is a failure, never a skip: the caller
 * asserts on `reason` there.
 */
export function chromiumAvailable(): { ok: boolean; reason: string } {
  return existsSync(CHROMIUM)
    ? { ok: true, reason: '' }
    : { ok: false, reason: `${CHROMIUM} is missing; install Debian's chromium` };
}

export interface RealBrowser {
  readonly browser: BrowserContext;
  close(): Promise<void>;
}

/** Starts real headless Chromium with a fresh user-data directory, removed again on close. */
export async function launchChromium(): Promise<RealBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'kept-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_FLAGS],
    viewport: { width: 1280, height: 900 },
  });
  return {
    browser: context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export type { Browser };
