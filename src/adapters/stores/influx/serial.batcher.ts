/**
 * Runs one batch at a time and merges everything submitted meanwhile into the next batch (group commit): concurrent
 * `record()` calls become one write request instead of one each, and writes never race each other.
 */
export class SerialBatcher<T> {
  readonly #run: (items: T[]) => Promise<void>;
  readonly #maxItems: number;
  readonly #queue: { items: readonly T[]; resolve: () => void; reject: (error: unknown) => void }[] = [];
  #running: Promise<void> | undefined;

  constructor(run: (items: T[]) => Promise<void>, maxItems: number) {
    this.#run = run;
    this.#maxItems = maxItems;
  }

  submit(items: readonly T[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ items, resolve, reject });
      this.#running ??= this.#pump();
    });
  }

  /** Resolves once everything submitted so far has been run (successfully or not). */
  async idle(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
  }

  async #pump(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const taken = [this.#queue.shift()!];
        let count = taken[0]!.items.length;
        while (this.#queue.length > 0 && count + this.#queue[0]!.items.length <= this.#maxItems) {
          const next = this.#queue.shift()!;
          count += next.items.length;
          taken.push(next);
        }
        try {
          await this.#run(taken.flatMap((entry) => entry.items));
          for (const entry of taken) entry.resolve();
        } catch (error) {
          for (const entry of taken) entry.reject(error);
        }
      }
    } finally {
      this.#running = undefined;
    }
  }
}
