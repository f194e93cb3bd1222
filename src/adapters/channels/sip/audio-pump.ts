/**
 * Runs the calls' audio analysis off the I/O path: RTP callbacks only queue work, and the queue drains a few tasks at
 * a time between turns of the event loop (setImmediate), so a SIP response is never kept waiting behind seconds of
 * audio from fifty calls. Audio is timed by its RTP timestamps, so running it a little later changes no result.
 * One pump per channel instance; tasks of one call run in the order queued.
 */
export class AudioPump {
  #tasks: (() => void)[] = [];
  #next = 0;
  #scheduled = false;
  readonly #slice: number;

  /** `slice`: tasks per turn of the event loop (a 20 ms packet's analysis takes 0.05-0.3 ms). */
  constructor(slice = 16) {
    this.#slice = slice;
  }

  push(task: () => void): void {
    this.#tasks.push(task);
    this.#schedule();
  }

  /** Queues `task` and resolves once it (and everything queued before it) has run. */
  run<T>(task: () => T): Promise<T> {
    return new Promise((resolve, reject) =>
      this.push(() => {
        try {
          resolve(task());
        } catch (error) {
          reject(error as Error);
        }
      }),
    );
  }

  get pending(): number {
    return this.#tasks.length - this.#next;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#drain());
  }

  #drain(): void {
    this.#scheduled = false;
    const end = Math.min(this.#tasks.length, this.#next + this.#slice);
    while (this.#next < end) {
      const task = this.#tasks[this.#next] as () => void;
      this.#next += 1;
      task();
    }
    if (this.#next >= 4_096 || this.#next === this.#tasks.length) {
      this.#tasks = this.#tasks.slice(this.#next);
      this.#next = 0;
    }
    if (this.pending > 0) this.#schedule();
  }
}
