import { randomUUID } from 'node:crypto';
import type { BrowserContext, Frame, FrameLocator, Locator, Page } from 'playwright-core';
import type { Clock } from '../../../app/ports.ts';
import { cutText } from '../../../domain/evidence-limits.ts';
import { redactUrl, redactUrls } from '../../../domain/redact-url.ts';
import { renderText, type TemplateVars } from '../chat-api/chat-template.ts';
import type { BrowserChatOptions, WidgetStep } from './browser-chat.options.ts';
import {
  BINDING,
  OBSERVER_SOURCE,
  OFFLINE_SOURCE,
  type ObserverConfig,
  type PageEvent,
} from './page-observer.script.ts';

/** A page-side problem the probe can tell apart: the service refused (network error, HTTP error), or it is ours. */
export class StepFailure extends Error {
  readonly side: 'refused' | 'ours';
  /** The page's server could not be reached at all (nothing listening, no route, no such host). */
  readonly notReached: boolean;
  /** The failed step is the launcher and its element is not on the page at all (a chat switched off, or stale). */
  readonly launcherMissing: boolean;
  constructor(side: 'refused' | 'ours', message: string, notReached = false, launcherMissing = false) {
    super(message);
    this.side = side;
    this.notReached = notReached;
    this.launcherMissing = launcherMissing;
  }
}

/** Chromium's network errors that mean nothing answered at the page's address (src/domain/reach.ts). */
const NOT_REACHED_ERRORS = new Set([
  'ERR_CONNECTION_REFUSED',
  'ERR_ADDRESS_UNREACHABLE',
  'ERR_NAME_NOT_RESOLVED',
  'ERR_CONNECTION_TIMED_OUT',
]);

const NET_ERROR = /net::(ERR_[A-Z_]+)/;
const MAX_CONSOLE_ERRORS = 50;
/** Characters kept of one console line or page error. */
const MAX_CONSOLE_CHARS = 2_000;

/**
 * A page event as Kept keeps it: from the observer (it carries the attempt's token; a page script calling the binding
 * without it is ignored), the right shape, texts no longer than the limit (cut with `cutText`'s marker); else
 * undefined.
 */
export function boundedEvent(event: unknown, maxChars: number, token: string): PageEvent | undefined {
  if (event === null || typeof event !== 'object') return undefined;
  const e = event as Record<string, unknown>;
  if (e.token !== token) return undefined;
  const pageMs = typeof e.pageMs === 'number' ? e.pageMs : 0;
  if (e.type === 'sent') return { type: 'sent', via: cutText(String(e.via ?? ''), 50), pageMs };
  if (e.type === 'error') return { type: 'error', message: cutText(String(e.message ?? ''), MAX_CONSOLE_CHARS) };
  if (e.type !== 'message' || typeof e.text !== 'string' || e.flags === null || typeof e.flags !== 'object')
    return undefined;
  const flags = e.flags as Record<string, unknown>;
  const flag = (key: string): boolean => flags[key] === true;
  return {
    type: 'message',
    text: cutText(e.text, maxChars),
    ...(typeof e.name === 'string' ? { name: cutText(e.name, 300) } : {}),
    flags: {
      ignore: flag('ignore'),
      customer: flag('customer'),
      human: flag('human'),
      bot: flag('bot'),
      system: flag('system'),
      closed: flag('closed'),
    },
    pageMs,
  };
}

/** Describes one step for reasons and the transcript of steps. */
export function describeStep(step: WidgetStep): string {
  const where = 'frame' in step && step.frame !== undefined ? ` in frame ${step.frame}` : '';
  if ('goto' in step) return `open ${step.goto}`;
  if ('click' in step) return `click ${step.click}${where}`;
  if ('fill' in step) return `fill ${step.fill}${where}`;
  if ('select' in step) return `select "${step.select}"${where}`;
  if ('check' in step) return `check ${step.check}${where}`;
  if ('press' in step) return `press ${step.press} on ${step.on}${where}`;
  return `wait for ${step.waitFor}${where}`;
}

/**
 * One customer's browser tab on a chat widget: loads the page, runs the steps, installs the in-page observer in
 * the chat's frame and writes messages. Every page event is timed with `clock.monotonic()` as the first thing the
 * binding does, then handed to `onEvent`.
 */
export class WidgetSession {
  readonly page: Page;
  readonly #options: BrowserChatOptions;
  /** Sent by the observer with every event, so the page's own scripts cannot speak for it. */
  readonly #token = randomUUID();
  readonly #clock: Clock;
  readonly #consoleErrors: string[] = [];
  #chat: Frame | undefined;
  /** Where the composer and quick replies are looked for: the chat frame, or the named shadow host in it. */
  #root: Frame | Locator | undefined;

  private constructor(page: Page, options: BrowserChatOptions, clock: Clock) {
    this.page = page;
    this.#options = options;
    this.#clock = clock;
  }

  static async open(
    context: BrowserContext,
    options: BrowserChatOptions,
    clock: Clock,
    onEvent: (event: PageEvent, at: number) => void,
  ): Promise<WidgetSession> {
    const page = await context.newPage();
    const session = new WidgetSession(page, options, clock);
    page.setDefaultTimeout(options.stepTimeoutMs);
    page.on('console', (message) => {
      if (message.type() === 'error') session.#noteConsole(`console.error: ${message.text()}`);
    });
    page.on('pageerror', (error) => session.#noteConsole(`uncaught: ${error.message}`));
    // Any script on the page can call the binding: what it passes is checked and bounded before Kept keeps it.
    await page.exposeBinding(BINDING, (_source, event: unknown) => {
      const at = clock.monotonic();
      const checked = boundedEvent(event, options.limits.messageChars, session.#token);
      if (checked !== undefined) onEvent(checked, at);
    });
    return session;
  }

  get consoleErrors(): readonly string[] {
    return this.#consoleErrors;
  }

  #noteConsole(line: string): void {
    if (this.#consoleErrors.length < MAX_CONSOLE_ERRORS) this.#consoleErrors.push(cutText(line, MAX_CONSOLE_CHARS));
  }

  /** Opens a URL; a network error or an HTTP error status is the service refusing. */
  async goto(url: string): Promise<void> {
    let response;
    try {
      response = await this.page.goto(url, { waitUntil: 'load', timeout: this.#options.stepTimeoutMs });
    } catch (error) {
      const message = redactUrls((error as Error).message);
      const net = NET_ERROR.exec(message);
      if (net !== null) {
        const said = `the page ${redactUrl(url)} could not be loaded (${net[1]})`;
        throw new StepFailure('refused', said, NOT_REACHED_ERRORS.has(net[1] ?? ''));
      }
      throw new StepFailure('ours', `the page ${redactUrl(url)} did not load: ${firstLine(message)}`);
    }
    if (response !== null && response.status() >= 400) {
      throw new StepFailure('refused', `the page ${redactUrl(url)} answered HTTP ${response.status()}`);
    }
  }

  #scope(frame: string | undefined): Page | FrameLocator {
    return frame === undefined ? this.page : this.page.frameLocator(frame).first();
  }

  /** `launcher`: this step opens the chat, so its element missing from the page is told apart. */
  async step(step: WidgetStep, vars: TemplateVars, launcher = false): Promise<void> {
    if ('goto' in step) return this.goto(step.goto);
    const timeout = this.#options.stepTimeoutMs;
    const at = (selector: string): Locator => this.#scope(step.frame).locator(selector).first();
    try {
      if ('click' in step) await at(step.click).click({ timeout });
      else if ('fill' in step) await at(step.fill).fill(renderText(step.value, vars), { timeout });
      else if ('select' in step) await at(step.select).selectOption(step.value, { timeout });
      else if ('check' in step) await at(step.check).check({ timeout });
      else if ('press' in step) await at(step.on).press(step.press, { timeout });
      else await at(step.waitFor).waitFor({ state: 'visible', timeout });
    } catch (error) {
      const missing =
        launcher &&
        'click' in step &&
        (await at(step.click)
          .count()
          .catch(() => 1)) === 0 &&
        !this.page.isClosed();
      throw new StepFailure(
        'ours',
        missing
          ? `the chat launcher ${step.click} is not on the page`
          : `the widget step "${describeStep(step)}" failed: ${firstLine((error as Error).message)}`,
        false,
        missing,
      );
    }
  }

  /**
   * A visible sign, in any frame or open shadow root, that the chat is offline (an offline form, a "we're closed"
   * panel): its text, or undefined. Bounded to 3 s; a page that cannot be asked has none.
   */
  async offlineNotice(offline: BrowserChatOptions['offline']): Promise<string | undefined> {
    if (offline.text === false && offline.selector === undefined) return undefined;
    const config = JSON.stringify({ text: offline.text === false ? null : offline.text, selector: offline.selector });
    const ask = async (): Promise<string | undefined> => {
      for (const frame of this.page.frames()) {
        const found = (await frame.evaluate(`(${OFFLINE_SOURCE})(${config})`).catch(() => null)) as string | null;
        if (typeof found === 'string' && found !== '') return cutText(found, 300);
      }
      return undefined;
    };
    if (this.page.isClosed()) return undefined;
    const bound = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 3_000).unref());
    return Promise.race([ask(), bound]);
  }

  /** Finds the chat's frame and starts the observer there; messages already shown are reported at once. */
  async install(config: Omit<ObserverConfig, 'binding' | 'maxText' | 'maxMessages' | 'token'>): Promise<void> {
    let frame: Frame | null = this.page.mainFrame();
    if (this.#options.frame !== undefined) {
      try {
        const element = await this.page
          .locator(this.#options.frame)
          .first()
          .elementHandle({ timeout: this.#options.stepTimeoutMs });
        frame = element === null ? null : await element.contentFrame();
      } catch (error) {
        throw new StepFailure(
          'ours',
          `the chat frame ${this.#options.frame} was not found: ${firstLine((error as Error).message)}`,
        );
      }
      if (frame === null) throw new StepFailure('ours', `${this.#options.frame} is not an iframe`);
    }
    this.#chat = frame;
    this.#root = (this.#options.shadow ?? []).reduce<Frame | Locator>(
      (scope, host) => scope.locator(host).first(),
      frame,
    );
    const limits = {
      maxText: this.#options.limits.messageChars,
      maxMessages: this.#options.limits.messages,
      token: this.#token,
    };
    const shadow = this.#options.shadow === undefined ? {} : { shadow: this.#options.shadow };
    const all = { ...config, ...shadow, ...limits, binding: BINDING };
    await frame.evaluate(`(${OBSERVER_SOURCE})(${JSON.stringify(all)})`);
  }

  #chatRoot(): Frame | Locator {
    this.#chatFrame();
    return this.#root as Frame | Locator;
  }

  #chatFrame(): Frame {
    if (this.#chat === undefined) throw new StepFailure('ours', 'the observer is not installed');
    return this.#chat;
  }

  /**
   * Writes `text` and sends it. Returns the monotonic time just before the send action and whether the page
   * reported the send itself (its click, Enter or submit event, which the observer times); if it did not, the
   * caller times the message from that earlier instant.
   */
  async write(text: string): Promise<{ before: number; pageReported: boolean }> {
    const { composer } = this.#options;
    const root = this.#chatRoot();
    const input = root.locator(composer.input).first();
    try {
      if (composer.typeDelayMs === 0) await input.fill(text);
      else {
        await input.fill('');
        await input.pressSequentially(text, { delay: composer.typeDelayMs });
      }
      return await this.#armed(() =>
        composer.send === undefined ? input.press('Enter') : root.locator(composer.send).first().click(),
      );
    } catch (error) {
      throw new StepFailure('ours', `writing the message failed: ${firstLine((error as Error).message)}`);
    }
  }

  /** Clicks the newest offered quick reply with this label. */
  async clickOption(selector: string, label: string): Promise<{ before: number; pageReported: boolean }> {
    const option = this.#chatRoot().locator(selector).filter({ hasText: label }).last();
    try {
      return await this.#armed(() => option.click());
    } catch (error) {
      throw new StepFailure('ours', `clicking the option "${label}" failed: ${firstLine((error as Error).message)}`);
    }
  }

  async #armed(action: () => Promise<void>): Promise<{ before: number; pageReported: boolean }> {
    const frame = this.#chatFrame();
    await frame.evaluate('window.__keptChat.arm()');
    const before = this.#clock.monotonic();
    await action();
    const stillArmed = (await frame.evaluate('window.__keptChat.disarm()')) as boolean;
    return { before, pageReported: !stillArmed };
  }

  /** The quick replies offered now: the labels of the latest group of visible, enabled option elements. */
  async offeredOptions(): Promise<string[]> {
    return (await this.#chatFrame().evaluate('window.__keptChat.options()')) as string[];
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true, timeout: 5_000 });
  }
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).trim();
}
