import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import type { SelfHealth, SelfHealthReading, SelfHealthWatch } from '../../app/ports.ts';

export interface LoopMonitorOptions {
  /** Sampling resolution of the event-loop delay histogram, ms (default 10, perf_hooks' own default). */
  readonly resolutionMs?: number;
  /** Period of the timer-drift sampler, ms (default 20): a timer due every period, timed with performance.now(). */
  readonly driftPeriodMs?: number;
}

/**
 * Kept's self-health (issue 10 item 3): while any attempt is watched, perf_hooks' monitorEventLoopDelay records how
 * long the loop was blocked, and a sampler timer records how late it fires. Each watch has its own histogram, so
 * attempts that overlap each see their own window; the drift sampler is shared and runs only while a watch is open.
 * A stall still in progress when a watch stops (its timer not yet run) counts too: the time since the sampler was due.
 * Readings are in real milliseconds. See docs/architecture/probe-runner.md.
 */
export function createLoopMonitor(options: LoopMonitorOptions = {}): SelfHealth {
  const resolution = Math.max(1, Math.round(options.resolutionMs ?? 10));
  const period = Math.max(1, Math.round(options.driftPeriodMs ?? 20));
  const open = new Set<{ driftMaxMs: number }>();
  let timer: NodeJS.Timeout | undefined;
  let dueAt = 0;

  const tick = (): void => {
    const now = performance.now();
    const drift = Math.max(0, now - dueAt);
    for (const window of open) window.driftMaxMs = Math.max(window.driftMaxMs, drift);
    dueAt = now + period;
    timer = setTimeout(tick, period);
    timer.unref();
  };
  const startSampler = (): void => {
    if (timer !== undefined) return;
    dueAt = performance.now() + period;
    timer = setTimeout(tick, period);
    timer.unref();
  };
  const stopSampler = (): void => {
    if (open.size > 0 || timer === undefined) return;
    clearTimeout(timer);
    timer = undefined;
  };

  return {
    watch(): SelfHealthWatch {
      const histogram: IntervalHistogram = monitorEventLoopDelay({ resolution });
      histogram.enable();
      const window = { driftMaxMs: 0 };
      open.add(window);
      startSampler();
      const started = performance.now();
      let reading: SelfHealthReading | undefined;
      return {
        stop() {
          if (reading !== undefined) return reading;
          histogram.disable();
          const now = performance.now();
          // A stall that is still going on (the sampler's timer overdue) has not been sampled yet.
          const pending = timer === undefined ? 0 : Math.max(0, now - dueAt);
          // The histogram's max is in ns; with no sample yet (a sub-resolution watch) it reads 0.
          const loopMs = histogram.count > 0 ? histogram.max / 1e6 : 0;
          reading = {
            loopDelayMaxMs: Math.round(loopMs * 10) / 10,
            timerDriftMaxMs: Math.round(Math.max(window.driftMaxMs, pending) * 10) / 10,
            realElapsedMs: Math.round((now - started) * 10) / 10,
          };
          open.delete(window);
          stopSampler();
          return reading;
        },
      };
    },
  };
}
