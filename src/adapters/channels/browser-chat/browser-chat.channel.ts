import { setTimeout as delay } from 'node:timers/promises';
import type { Channel, Logger, ProbeContext } from '../../../app/ports.ts';
import type { ProbeSpec } from '../../../domain/catalogue.ts';
import type { Observation, TranscriptLine } from '../../../domain/observation.ts';
import { NOT_REACHED_DETAIL } from '../../../domain/reach.ts';
import { autoReplyPromiseOf } from '../chat-api/chat-api.outcome.ts';
import { renderText } from '../chat-api/chat-template.ts';
import { decideOutcome, wantsEvidence, type BrowserAttempt } from './browser-chat.outcome.ts';
import { browserChatOptionsSchema, type BrowserChatOptions } from './browser-chat.options.ts';
import { BrowserConversation, type Ending } from './browser-conversation.ts';
import { preparedOptions } from '../prepared-options.ts';
import { BrowserPool, type BrowserPoolOptions, type Lease, type PoolStats } from './browser.pool.ts';
import { ChatDriver } from './chat-driver.ts';
import { keepEvidence } from './evidence.files.ts';
import { StepFailure, WidgetSession } from './widget.session.ts';

export { browserChatOptionsSchema, type BrowserChatOptions } from './browser-chat.options.ts';

export interface BrowserChatChannelDeps {
  readonly log: Logger;
  /** Where screenshots and console logs go; observations name them relative to this directory. */
  readonly evidenceDir: string;
  /** Chromium and concurrency settings (default /usr/bin/chromium, 2 probes at once). */
  readonly browser?: Omit<BrowserPoolOptions, 'log'>;
}

/** The browser-chat channel; `close()` shuts its browser down (call it on shutdown). */
export interface BrowserChatChannel extends Channel {
  close(): Promise<void>;
  /** The running browser's process id, if one is running. */
  browserPid(): number | undefined;
  stats(): PoolStats;
}

/** What the first bot reply that promises a time (after the customer wrote) said, e.g. "A person joins within a minute." */
function promiseOf(transcript: readonly TranscriptLine[]): string | undefined {
  const firstSent = transcript.findIndex((line) => line.from === 'customer');
  if (firstSent < 0) return undefined;
  for (const line of transcript.slice(firstSent)) {
    const promise = line.from === 'bot' ? autoReplyPromiseOf([line]) : undefined;
    if (promise !== undefined) return promise;
  }
  return undefined;
}

function handoffSeen(transcript: readonly TranscriptLine[], handoff: string | undefined): boolean {
  if (handoff === undefined) return false;
  const pattern = new RegExp(handoff, 'i');
  return transcript.some((line) => line.from === 'bot' && pattern.test(line.text));
}

/** Real ms to wait for the page work to finish once an attempt has ended and its context is closed. */
const CLEANUP_GRACE_MS = 3_000;

/** Whether `work` settled within the cleanup grace period. */
async function settle(work: Promise<void>): Promise<boolean> {
  const grace = new AbortController();
  const settled = await Promise.race([
    work.then(() => true),
    delay(CLEANUP_GRACE_MS, false, { signal: grace.signal }).catch(() => false),
  ]);
  grace.abort();
  return settled;
}

/** The step that opens the chat: the one marked `launcher: true`, else the first click. */
function launcherStep(steps: BrowserChatOptions['steps']): number {
  const marked = steps.findIndex((step) => 'click' in step && step.launcher === true);
  return marked >= 0 ? marked : steps.findIndex((step) => 'click' in step);
}

type Stage = 'waiting for a browser' | 'loading the page' | 'running the widget steps' | 'conversation';

/** Options typed once per probe (see prepared-options.ts). */
const PREPARED = preparedOptions(browserChatOptionsSchema);

function abortEnding(signal: AbortSignal): Ending {
  const reason: unknown = signal.reason;
  const name = typeof reason === 'object' && reason !== null ? (reason as { name?: unknown }).name : undefined;
  if (name === 'TimeoutError') return { kind: 'timeout' };
  const said = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'shutdown';
  return { kind: 'ours', reason: `Kept stopped the attempt early (${said})` };
}

/**
 * The browser-chat probe: a synthetic customer in a real headless Chromium who opens the page, starts the chat
 * widget as the catalogue's steps say, writes, asks for a person, and times the first response and the first human
 * one with an in-page MutationObserver (see docs/architecture/browser-chat-channel.md).
 */
export function createBrowserChatChannel(deps: BrowserChatChannelDeps): BrowserChatChannel {
  const pool = new BrowserPool({ ...deps.browser, log: deps.log });

  async function run(probe: ProbeSpec, ctx: ProbeContext): Promise<Observation> {
    const startedAt = ctx.clock.now();
    const base = { id: ctx.runId, probeId: probe.id, kind: 'browser-chat' as const, startedAt };
    const checked = PREPARED.of(probe);
    let texts: { message: string; phrases: string[]; vars: Record<string, string> } | undefined;
    let problem = 'problem' in checked ? checked.problem : undefined;
    if ('options' in checked) {
      try {
        const vars: Record<string, string> = { runId: ctx.runId, probeId: probe.id, persona: checked.options.persona };
        vars.email = renderText(checked.options.email, { ...vars, email: undefined });
        const phrases = checked.options.escalation.phrases.map((p) => renderText(p, vars));
        texts = { message: renderText(checked.options.message, vars), phrases, vars };
      } catch (error) {
        problem = `the probe's texts cannot be filled in: ${(error as Error).message}`;
      }
    }
    if (!('options' in checked) || texts === undefined) {
      return {
        ...base,
        outcome: 'inconclusive',
        reason: problem ?? 'invalid options',
        timings: { totalMs: 0 },
        humanReached: false,
        evidence: {},
      };
    }
    const { options } = checked;
    const conversation = new BrowserConversation(ctx.clock, {
      waitForHuman: options.waitForHuman,
      botByDefault: options.bot === undefined,
      unmarkedIsSystem: options.human === undefined,
    });
    const attempt = new AbortController();
    void conversation.ended.then(() => attempt.abort());
    const timeoutMs = probe.schedule.timeoutMs;
    void ctx.clock.sleep(timeoutMs, attempt.signal).then(
      () => conversation.end({ kind: 'timeout' }),
      () => undefined,
    );
    const onAbort = (): void => conversation.end(abortEnding(ctx.signal));
    if (ctx.signal.aborted) onAbort();
    else ctx.signal.addEventListener('abort', onAbort, { once: true });

    const driver = new ChatDriver({
      conversation,
      clock: ctx.clock,
      options,
      signal: attempt.signal,
      phrases: texts.phrases,
    });
    let stage: Stage = 'waiting for a browser';
    let lease: Lease | undefined;
    let session: WidgetSession | undefined;
    let stepFailure: StepFailure | undefined;
    const launcherAt = launcherStep(options.steps);
    const browserAlive = (): boolean => lease?.context.browser()?.isConnected() === true;

    const work = (async () => {
      lease = await pool.acquire(attempt.signal, options.viewport);
      void lease.crashed.then((reason) => conversation.end({ kind: 'ours', reason }));
      if (conversation.isOver) return;
      session = await WidgetSession.open(lease.context, options, ctx.clock, (event, at) =>
        driver.onPageEvent(event, at),
      );
      session.page.on('crash', () => conversation.end({ kind: 'ours', reason: 'the browser tab crashed' }));
      stage = 'loading the page';
      await session.goto(probe.target);
      stage = 'running the widget steps';
      for (const [index, step] of options.steps.entries()) {
        if (conversation.isOver) return;
        await session.step(step, texts.vars, index === launcherAt);
      }
      await session.install({
        selector: options.messages.selector,
        ...(options.messages.text === undefined ? {} : { text: [options.messages.text].flat() }),
        ...(options.messages.name === undefined ? {} : { name: [options.messages.name].flat() }),
        ...(options.escalation.options === undefined ? {} : { optionSelector: options.escalation.options.selector }),
        markers: {
          ignore: options.messages.ignore,
          customer: options.messages.customer,
          human: options.human ?? [{ named: true }],
          bot: options.bot ?? [],
          system: options.system,
          closed: options.closed,
        },
      });
      conversation.connected();
      stage = 'conversation';
      await driver.converse(session, texts.message);
    })();
    let notReached = false;
    const failed = (error: unknown): void => {
      if (conversation.isOver) return;
      if (lease !== undefined && !browserAlive()) {
        conversation.end({ kind: 'ours', reason: 'the browser exited during the probe' });
      } else if (error instanceof StepFailure) {
        notReached = error.notReached;
        stepFailure = error;
        conversation.end({ kind: error.side, reason: error.message });
      } else {
        const said = error instanceof Error ? error.message : String(error);
        const reason = `the probe failed on our side while ${stage}: ${said.split('\n')[0]}`;
        conversation.end({ kind: 'ours', reason });
        deps.log.warn('browser-chat probe failed on our side', { probeId: probe.id, reason });
      }
    };
    const settledWork = work.then(() => undefined, failed);
    await Promise.race([settledWork, conversation.ended]);
    const ended = await conversation.ended;
    ctx.signal.removeEventListener('abort', onAbort);
    attempt.abort();
    // The service's answer may be a page that shows the chat is off: an offline form, a "we're closed" panel, no
    // launcher. Looked for only when our side could not go on, or nobody answered.
    const offlineCheck =
      (stepFailure?.side === 'ours' && ended.kind === 'ours') ||
      (ended.kind === 'timeout' && conversation.responses === 0);
    const notice = offlineCheck && browserAlive() ? await session?.offlineNotice(options.offline) : undefined;
    const ending: Ending =
      notice !== undefined
        ? { kind: 'refused', reason: `the chat is offline: the page shows "${notice}"` }
        : stepFailure?.launcherMissing === true && options.offline.missingLauncher === 'rejected'
          ? { kind: 'refused', reason: `${stepFailure.message}: the chat is switched off or hidden` }
          : ended;

    const summary: BrowserAttempt = {
      hasSent: conversation.hasSent,
      responses: conversation.responses,
      humanReached: conversation.humanReached,
      waitForHuman: options.waitForHuman,
      requests: driver.requests.length,
      timeoutMs,
    };
    const decided = decideOutcome(ending, summary);
    const reason =
      ending.kind === 'timeout' && !conversation.hasSent ? `${decided.reason} (stage: ${stage})` : decided.reason;
    const evidence =
      options.screenshot === 'always' || (options.screenshot === 'on-failure' && wantsEvidence(decided, summary))
        ? await keepEvidence(deps.evidenceDir, { probeId: probe.id, runId: ctx.runId }, session, browserAlive())
        : { attachments: [], details: {} };
    // Playwright calls cut short by closing the context settle at once, except a newPage() racing the close, which
    // was seen to hang: let a tab being opened finish first, and wait for the rest a bounded (real) time.
    if (session === undefined) await settle(settledWork);
    await lease?.release();
    if (!(await settle(settledWork)))
      deps.log.warn('a browser call was still pending after the attempt ended', { probeId: probe.id, stage });
    await lease?.release(); // a lease granted after the attempt ended

    const handoff = conversation.handoffMs();
    const details: Record<string, unknown> = {
      url: probe.target,
      ending: ending.kind,
      stage,
      sentBy: [...driver.sentBy],
      timedOn: Object.keys(conversation.pageTimings()).length > 0 ? 'page clock' : "Kept's clock",
      pageClock: conversation.pageTimings(),
      keptClock: conversation.keptTimings(),
      ...(notice === undefined ? {} : { offlineNotice: notice }),
      escalation: {
        requests: driver.requests,
        decisions: driver.decisions,
        handoffSeen: handoffSeen(conversation.transcript, options.escalation.handoff),
        ...(handoff === undefined ? {} : { handoffMs: handoff.ms, keptHandoffMs: handoff.keptMs }),
      },
      ...evidence.details,
      ...(notReached ? { [NOT_REACHED_DETAIL]: true } : {}),
    };
    const promise = promiseOf(conversation.transcript);
    return {
      ...base,
      outcome: decided.outcome,
      ...(reason === undefined ? {} : { reason }),
      timings: conversation.timings(),
      humanReached: conversation.humanReached,
      ...(promise === undefined ? {} : { autoReplyPromise: promise }),
      ...(decided.findings.length === 0 ? {} : { findings: decided.findings }),
      evidence: {
        transcript: [...conversation.transcript],
        details,
        ...(evidence.attachments.length === 0 ? {} : { attachments: evidence.attachments }),
      },
    };
  }

  return {
    kind: 'browser-chat',
    prepare: (probe) => void PREPARED.prepare(probe),
    run,
    close: () => pool.close(),
    browserPid: () => pool.pid(),
    stats: () => pool.stats(),
  };
}
