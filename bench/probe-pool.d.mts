/** See probe-pool.mjs. */
export function runPool<T>(
  count: number,
  options: { readonly concurrency?: number; readonly staggerMs?: number },
  probe: (i: number) => Promise<T>,
): Promise<T[]>;
