import { spawnSync } from 'node:child_process';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import type { Logger } from '../../../app/ports.ts';
import { transientError } from '../../../domain/errors.ts';

/** Launch flags for Debian's Chromium on a headless, loopback-only machine (see CHANNELS.md "Web chat"). */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Debian's Chromium (package `chromium`): the browser Kept drives; never a downloaded one. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Why the Chromium at `executablePath` cannot run here (with the fix), or undefined when it runs. */
export function chromiumMissing(executablePath = DEFAULT_CHROMIUM): string | undefined {
  const probe = spawnSync(executablePath, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  if (probe.error === undefined && probe.status === 0 && /Chromium/i.test(probe.stdout)) return undefined;
  return `${executablePath} does not run (apt-get install -y --no-install-recommends chromium)`;
}

export interface BrowserPoolOptions {
  /** Default /usr/bin/chromium (Debian's package); never a downloaded browser. */
  readonly executablePath?: string;
  /** Probes with a browser context open at once; more wait for a slot. Default 2. */
  readonly maxConcurrent?: number;
  /** Real ms the browser may take to start. Default 30,000. */
  readonly launchTimeoutMs?: number;
  readonly extraArgs?: readonly string[];
  readonly log: Logger;
}

/** A fresh browser context for one probe. `crashed` resolves if the browser dies while the lease is held. */
export interface Lease {
  readonly context: BrowserContext;
  readonly crashed: Promise<string>;
  release(): Promise<void>;
}

export interface PoolStats {
  readonly active: number;
  readonly peak: number;
  readonly waiting: number;
  readonly launches: number;
}

interface Running {
  readonly browser: Browser;
  readonly pid: number | undefined;
  readonly crashWatchers: Set<(reason: string) => void>;
}

/**
 * One Chromium process shared by every browser probe, started on first use, with a fresh context (no cookies,
 * storage or cache carried over) per probe and at most `maxConcurrent` contexts at once. When the browser dies,
 * the probes holding a lease learn it through `crashed`, and the next `acquire` starts a new browser.
 */
export class BrowserPool {
  readonly #options: BrowserPoolOptions;
  readonly #max: number;
  readonly #waiting: (() => void)[] = [];
  #running: Promise<Running> | undefined;
  #current: Running | undefined;
  #active = 0;
  #peak = 0;
  #launches = 0;
  #closed = false;

  constructor(options: BrowserPoolOptions) {
    this.#options = options;
    this.#max = Math.max(1, options.maxConcurrent ?? 2);
  }

  /** The browser process id, once started (for operators, and for tests that kill it). */
  pid(): number | undefined {
    return this.#current?.pid;
  }

  stats(): PoolStats {
    return { active: this.#active, peak: this.#peak, waiting: this.#waiting.length, launches: this.#launches };
  }

  /** Waits for a free slot (or `signal`), starts the browser if needed and opens a fresh context. */
  async acquire(signal: AbortSignal, viewport: { width: number; height: number }): Promise<Lease> {
    await this.#slot(signal);
    let released = false;
    const free = (): void => {
      if (released) return;
      released = true;
      this.#active -= 1;
      this.#waiting.shift()?.();
    };
    try {
      const running = await this.#browser();
      const context = await running.browser.newContext({ viewport, ignoreHTTPSErrors: false, serviceWorkers: 'block' });
      let watcher: (reason: string) => void = () => undefined;
      const crashed = new Promise<string>((resolve) => {
        watcher = resolve;
      });
      running.crashWatchers.add(watcher);
      return {
        context,
        crashed,
        release: async () => {
          running.crashWatchers.delete(watcher);
          await context.close().catch(() => undefined);
          free();
        },
      };
    } catch (error) {
      free();
      throw error;
    }
  }

  async #slot(signal: AbortSignal): Promise<void> {
    if (this.#closed) throw transientError('browser.closed', 'the browser pool is shut down');
    if (this.#active < this.#max && this.#waiting.length === 0) {
      this.#take();
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.#waiting.indexOf(wake);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(transientError('browser.busy', `no browser slot was free in time (${this.#max} in use)`));
      };
      const wake = (): void => {
        signal.removeEventListener('abort', onAbort);
        this.#take();
        resolve();
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(wake);
    });
  }

  #take(): void {
    this.#active += 1;
    this.#peak = Math.max(this.#peak, this.#active);
  }

  #browser(): Promise<Running> {
    if (this.#closed) return Promise.reject(transientError('browser.closed', 'the browser pool is shut down'));
    this.#running ??= this.#launch().catch((error: unknown) => {
      this.#running = undefined;
      throw transientError(
        'browser.launch',
        `Chromium did not start: ${(error as Error).message.split('\n')[0]}`,
        error,
      );
    });
    return this.#running;
  }

  async #launch(): Promise<Running> {
    this.#launches += 1;
    const browser = await chromium.launch({
      executablePath: this.#options.executablePath ?? DEFAULT_CHROMIUM,
      headless: true,
      args: [...CHROMIUM_FLAGS, ...(this.#options.extraArgs ?? [])],
      timeout: this.#options.launchTimeoutMs ?? 30_000,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const pid = await browserPid(browser);
    const running: Running = { browser, pid, crashWatchers: new Set() };
    browser.on('disconnected', () => {
      if (this.#current === running) {
        this.#current = undefined;
        this.#running = undefined;
      }
      if (!this.#closed) this.#options.log.warn('the browser exited; the next browser probe starts a new one', { pid });
      for (const watch of running.crashWatchers) watch(`the browser (pid ${pid ?? '?'}) exited during the probe`);
      running.crashWatchers.clear();
    });
    this.#current = running;
    this.#options.log.info('browser started', { pid, version: browser.version() });
    return running;
  }

  /** Closes the browser; probes still running end inconclusive, later ones are refused. */
  async close(): Promise<void> {
    this.#closed = true;
    const running = this.#running;
    this.#running = undefined;
    this.#current = undefined;
    for (const wake of this.#waiting.splice(0)) wake();
    if (running === undefined) return;
    const { browser, crashWatchers } = await running.catch(() => ({
      browser: undefined,
      crashWatchers: new Set<(r: string) => void>(),
    }));
    for (const watch of crashWatchers) watch('Kept is shutting down the browser');
    await browser?.close().catch(() => undefined);
  }
}

async function browserPid(browser: Browser): Promise<number | undefined> {
  try {
    const session = await browser.newBrowserCDPSession();
    const info = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    await session.detach().catch(() => undefined);
    return info.processInfo.find((p) => p.type === 'browser')?.id;
  } catch {
    return undefined;
  }
}
