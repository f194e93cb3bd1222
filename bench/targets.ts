/**
 * Issue 14's targets, each measured with a baseline from the same run: what `npm run bench` prints first.
 * The benches that need their own process (autocannon against the API, a real influxd, blackbox_exporter) run as
 * children; their output is read here. A bench that cannot run (a server not installed) gives a row that says so.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { measureCliStartup } from './cli-startup.ts';
import { measureStoreWrite } from './store-write.bench.ts';

export interface TargetRow {
  readonly target: string;
  readonly measured: string;
  readonly baseline: string;
  /** yes / no against the bound; '-' where the issue sets no bound; 'not run' when the bench could not run. */
  readonly met: string;
}

export interface TargetOptions {
  readonly storeObservations: number;
  readonly apiSeconds: number;
  /** Probes one at a time against blackbox_exporter; the fleet pace (20 in flight) runs ten times as many. */
  readonly blackboxProbes: number;
  /** Probes whose day of observations the outbox journals (96 each); 1,000 is the brief's fleet. */
  readonly outboxProbes: number;
  readonly log: (line: string) => void;
}

const BENCH = import.meta.dirname;
const yes = (ok: boolean): string => (ok ? 'yes' : 'no');
const n = (x: number): string => Math.round(x).toLocaleString('en-US');

/** A bench in its own process; its stdout, or the reason it failed. */
async function child(file: string, args: readonly string[], timeoutMs: number): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(BENCH, file), ...args], {
    timeout: timeoutMs,
    maxBuffer: 16 * 2 ** 20,
  });
  return stdout;
}

const failed = (target: string, error: unknown): TargetRow => ({
  target,
  measured: `could not run: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 200)}`,
  baseline: '-',
  met: 'not run',
});

/** The cells of a Markdown table row, without the outer pipes. */
const cells = (line: string): string[] =>
  line
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.trim());

function cliRows(): TargetRow[] {
  return measureCliStartup(9)
    .filter((row) => row.limitMs !== undefined)
    .map((row) => ({
      target: `${row.what.replace('CLI start: ', '')} ${row.target}`,
      measured: `${row.wallMs.toFixed(0)} ms wall (median), ${row.cpuMs.toFixed(0)} ms CPU`,
      baseline: `node -e 0: ${row.baselineMs.toFixed(0)} ms`,
      met: yes(row.wallMs <= (row.limitMs as number)),
    }));
}

async function apiRows(seconds: number): Promise<TargetRow[]> {
  const out = await child('api-load.bench.ts', ['--seconds', String(seconds)], 15 * 60_000);
  const rows: TargetRow[] = [];
  for (const line of out.split('\n').filter((l) => l.startsWith('| GET'))) {
    const [label = '', single = '', many = '', target = ''] = cells(line);
    const p99 = Number(/p99 ([\d.]+) ms/.exec(many)?.[1]);
    const errors = Number(/(\d+) errors/.exec(many)?.[1] ?? 0);
    const limit = Number(/p99 ≤ ([\d.]+) ms/.exec(target)?.[1]);
    rows.push({
      target: `API, 50 clients: ${label}: ${target}`,
      measured: many,
      baseline: `1 client: ${single}`,
      met: Number.isFinite(p99) && Number.isFinite(limit) ? yes(p99 <= limit && errors === 0) : '?',
    });
  }
  if (rows.length === 0) throw new Error('api-load printed no rows');
  return rows;
}

async function storeRows(observations: number): Promise<TargetRow[]> {
  const r = await measureStoreWrite(observations);
  const load = `load ${r.loadAverage[0]}→${r.loadAverage[1]}`;
  return [
    {
      target: `Store: bulk recordMany ≥ 50,000 obs/s (${n(r.observations)} observations, batches of ${n(r.batch)})`,
      measured: `${n(r.obsPerSecond)} obs/s wall, ${n(r.obsPerCpuSecond)} per CPU-second (${load})`,
      baseline: `bare libsql loop, same rows: ${n(r.baselineObsPerSecond)} obs/s wall, ${n(r.baselineObsPerCpuSecond)} per CPU-second`,
      met: yes(r.obsPerSecond >= 50_000),
    },
    {
      target: 'Store: ≤ 200 B/observation raw, without evidence text',
      measured: `${r.rawBytesPerObservation} B (+ ${r.evidenceBytesPerObservation} B evidence, counted apart)`,
      baseline: `the bare loop's rows alone (no rollups): ${r.baselineRawBytesPerObservation} B`,
      met: yes(r.rawBytesPerObservation <= 200),
    },
  ];
}

async function outboxRows(probes: number): Promise<TargetRow[]> {
  const out = await child('outbox-replay.bench.ts', [String(probes)], 20 * 60_000);
  const r = JSON.parse(out.trim().split('\n').at(-1) as string) as Record<string, number | boolean>;
  return [
    {
      target: `Outbox replay after a day-long InfluxDB outage, ${n(probes)} probes (${n(r.observations as number)} observations), timed`,
      measured: `${r.replaySeconds} s (${n(r.replayPerSecond as number)}/s), ${r.influxPoints} points, drained: ${r.drained}`,
      baseline: `the same day written straight to InfluxDB: ${r.directSeconds} s (${n(r.directPerSecond as number)}/s)`,
      met: r.drained === true && r.influxPoints === r.observations ? '- (timed; all arrived)' : 'no (not all arrived)',
    },
  ];
}

/** The two paces of the blackbox bench: one probe at a time, and a fleet's (20 in flight, starts spread). */
const BLACKBOX_PACES = [
  { label: 'one at a time', probes: (n: number) => n, concurrency: 1 },
  { label: '20 in flight', probes: (n: number) => n * 10, concurrency: 20 },
] as const;

async function blackboxRows(probes: number): Promise<TargetRow[]> {
  const target = "Kept's CPU per probe ≤ blackbox_exporter's";
  if (!existsSync('/usr/bin/prometheus-blackbox-exporter'))
    return [
      {
        target,
        measured:
          'not measured: prometheus-blackbox-exporter is not installed (apt-get install prometheus-blackbox-exporter)',
        baseline: '-',
        met: 'not run',
      },
    ];
  const rows: TargetRow[] = [];
  for (const pace of BLACKBOX_PACES) {
    const count = pace.probes(probes);
    const args = ['--probes', String(count), '--concurrency', String(pace.concurrency)];
    const out = await child('blackbox.bench.ts', args, 25 * 60_000);
    const cpu = new Map<string, { kept?: string; blackbox?: string }>();
    let check = '';
    for (const line of out.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| check'))) {
      const [rowCheck = '', tool = '', cpuCell = ''] = cells(line);
      if (rowCheck !== '') check = rowCheck;
      const sides = cpu.get(check) ?? {};
      if (tool.startsWith('blackbox_exporter')) sides.blackbox = cpuCell;
      else if (tool.startsWith('Kept')) sides.kept = cpuCell;
      cpu.set(check, sides);
    }
    for (const [check, { kept, blackbox }] of cpu) {
      if (kept === undefined || blackbox === undefined) continue;
      rows.push({
        target: `${target}: ${check}, ${pace.label} (${n(count)} probes)`,
        measured: `Kept ${kept}`,
        baseline: `blackbox_exporter ${blackbox}`,
        met: yes(Number.parseFloat(kept) <= Number.parseFloat(blackbox)),
      });
    }
  }
  if (rows.length === 0) throw new Error('blackbox bench printed no CPU rows');
  return rows;
}

/** Every target row, each bench in turn (so they do not compete for the two cores). */
export async function measureTargets(options: TargetOptions): Promise<TargetRow[]> {
  const rows: TargetRow[] = [];
  const steps: [string, () => Promise<TargetRow[]> | TargetRow[]][] = [
    ['CLI start-up', cliRows],
    ['Store bulk write', () => storeRows(options.storeObservations)],
    ['API under load', () => apiRows(options.apiSeconds)],
    ['Outbox replay', () => outboxRows(options.outboxProbes)],
    ['blackbox_exporter side by side', () => blackboxRows(options.blackboxProbes)],
  ];
  for (const [name, step] of steps) {
    const began = performance.now();
    try {
      rows.push(...(await step()));
    } catch (error) {
      rows.push(failed(name, error));
    }
    options.log(`${name}: ${((performance.now() - began) / 1000).toFixed(0)} s`);
  }
  return rows;
}
