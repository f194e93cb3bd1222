/**
 * How fast the installed CLI (bin/kept.js running dist/) starts, side by side with `node -e 0` in the same run:
 * `kept --version` and `kept --help` (target <= 200 ms) and `kept validate probes/demo.yaml` (target <= 500 ms).
 *   node --import tsx bench/cli-startup.ts [--runs 15]   # alone; npm run bench prints the same rows
 * Each round runs every command once, in turn, so a busy machine slows them alike. Wall time is the median; CPU is
 * the children's user+system time from /proc (10 ms ticks, averaged over the runs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_PLACEHOLDER_ENV } from '../src/adapters/catalogue/demo-env.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TICK_MS = 10; // USER_HZ is 100 on Linux

export interface StartupRow {
  readonly what: string;
  readonly result: string;
  readonly target: string;
  /** Median wall time, and `node -e 0`'s in the same run. */
  readonly wallMs: number;
  readonly baselineMs: number;
  readonly cpuMs: number;
  /** The bound in ms, when the row has one. */
  readonly limitMs?: number;
}

/** User + system CPU of this process's waited-for children so far, in ms (/proc/self/stat fields 16 and 17). */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export function measureCliStartup(runs = 15): StartupRow[] {
  // Measure a build of this source (incremental: quick when nothing changed).
  spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  if (!existsSync(`${ROOT}/dist/main.js`)) throw new Error('npm run build made no dist/main.js');
  const env = { PATH: process.env.PATH, ...DEMO_PLACEHOLDER_ENV };
  const commands = [
    { what: 'node -e 0 (baseline)', args: ['-e', '0'], target: '-', limitMs: undefined },
    { what: 'kept --version', args: ['bin/kept.js', '--version'], target: '≤ 200 ms', limitMs: 200 },
    { what: 'kept --help', args: ['bin/kept.js', '--help'], target: '≤ 200 ms', limitMs: 200 },
    {
      what: 'kept validate probes/demo.yaml',
      args: ['bin/kept.js', 'validate', 'probes/demo.yaml'],
      target: '≤ 500 ms',
      limitMs: 500,
    },
  ];
  const wall = commands.map(() => [] as number[]);
  const cpu = commands.map(() => 0);
  for (let round = 0; round < runs + 1; round++) {
    commands.forEach((command, index) => {
      const cpuBefore = childrenCpuMs();
      const start = performance.now();
      const result = spawnSync(process.execPath, command.args, { cwd: ROOT, env, stdio: 'ignore' });
      const elapsed = performance.now() - start;
      if (result.status !== 0) throw new Error(`${command.what} exited ${result.status}`);
      if (round === 0) return; // warm-up: the file system cache
      (wall[index] as number[]).push(elapsed);
      cpu[index] = (cpu[index] as number) + childrenCpuMs() - cpuBefore;
    });
  }
  const baseline = median(wall[0] as number[]);
  return commands.map((command, index) => {
    const wallMs = median(wall[index] as number[]);
    const cpuMs = (cpu[index] as number) / runs;
    const versus = index === 0 ? '' : ` (node -e 0: ${baseline.toFixed(0)} ms in the same run)`;
    return {
      what: `CLI start: ${command.what}`,
      result: `${wallMs.toFixed(0)} ms wall median${versus}, ${cpuMs.toFixed(0)} ms CPU`,
      target: command.target,
      wallMs,
      baselineMs: baseline,
      cpuMs,
      ...(command.limitMs === undefined ? {} : { limitMs: command.limitMs }),
    };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
  for (const row of measureCliStartup(Number(values.runs)))
    console.log(`| ${row.what} | ${row.result} | ${row.target} |`);
}
