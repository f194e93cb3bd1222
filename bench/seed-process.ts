/**
 * Generates the bench's observations (with their real `judge()` judgements) in a child process, so that making them and
 * writing them to the store use both cores. (Worker threads cannot load TypeScript through tsx on Node 20.) The child
 * writes one batch per line of JSON to its stdout and waits for the pipe to drain whenever it is full, so it runs at
 * most a pipe's worth ahead of the store.
 *   node --import tsx bench/seed-process.ts <claims> <perProbe> <batchSize>    # what seedBatches() runs
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { RecordItem } from '../src/adapters/stores/sqlite/sqlite.store.ts';
import { observationBatches, scaleCatalogue } from './scale-fixture.ts';

interface SeedPlan {
  readonly claims: number;
  readonly perProbe: number;
  readonly batchSize: number;
}

const self = fileURLToPath(import.meta.url);

/** The batches of `observationBatches`, made in a child process. */
export async function* seedBatches(plan: SeedPlan): AsyncGenerator<RecordItem[]> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', self, String(plan.claims), String(plan.perProbe), String(plan.batchSize)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity }))
      yield JSON.parse(line) as RecordItem[];
    const code = await exited;
    if (code !== 0) throw new Error(`bench seed process exited with code ${code}`);
  } finally {
    child.kill();
  }
}

if (process.argv[1] === self) {
  const [claims, perProbe, batchSize] = process.argv.slice(2).map(Number) as [number, number, number];
  for (const batch of observationBatches(scaleCatalogue(claims), perProbe, batchSize)) {
    if (!process.stdout.write(`${JSON.stringify(batch)}\n`)) await once(process.stdout, 'drain');
  }
}
