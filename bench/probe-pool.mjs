/**
 * Runs `probe(i)` for i < count with `concurrency` in flight at a time: the next starts as one ends. With `staggerMs`,
 * the k-th lane starts k × staggerMs late, so starts are spread as a schedule with jitter spreads a fleet's probes
 * instead of all lanes starting in the same instant. Resolves to the results in order of i. Plain JavaScript, shared by
 * bench/blackbox.bench.ts, its Kept child (which runs without tsx) and bench/fleet.bench.ts.
 */
export async function runPool(count, { concurrency = 1, staggerMs = 0 }, probe) {
  const results = new Array(count);
  let next = 0;
  const lane = async (k) => {
    if (k > 0 && staggerMs > 0) await new Promise((resolve) => setTimeout(resolve, k * staggerMs));
    for (let i = next++; i < count; i = next++) results[i] = await probe(i);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(count, concurrency)) }, (_, k) => lane(k)));
  return results;
}
